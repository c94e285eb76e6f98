"""The stages of an investment project and the moves between them.

A project moves forward through ``STAGES`` (skipping stages is allowed: a project may be met
already at the proposal stage); a move back needs a note saying why (a correction). ``lost``
can be reached from any stage, with a reason from ``LOST_REASONS``; a lost project is reopened
into one of the stages, with a note. Every move is written to the stage log, from which the time
in each stage is measured.

``PROBABILITY`` is the chance that a project at a stage is realised, used for the
probability-weighted pipeline value: the usual funnel of investment promotion agencies, set
once here (a lost project counts 0, an operating one 1).

>>> check_move("lead", "qualified")
>>> check_move("proposal", "contacted")
Traceback (most recent call last):
...
tradebridge.investment.stages.IllegalMove: stage: a move back from proposal to contacted needs ...
>>> check_move("mou", "lost", reason="financing")
"""

from __future__ import annotations

from tradebridge.errors import BadInput
from tradebridge.i18n import N_

STAGES = (
    "lead",
    "contacted",
    "qualified",
    "site_visit",
    "proposal",
    "mou",
    "decision",
    "implementation",
    "operating",
)
LOST = "lost"
ALL_STAGES = (*STAGES, LOST)
CLOSED_STAGES = (LOST, STAGES[-1])  # no next action is due: lost, or operating (aftercare)
STAGE_NAMES = {
    "lead": N_("Lead"),
    "contacted": N_("Contacted"),
    "qualified": N_("Qualified"),
    "site_visit": N_("Site visit"),
    "proposal": N_("Proposal"),
    "mou": N_("MoU"),
    "decision": N_("Decision"),
    "implementation": N_("Implementation"),
    "operating": N_("Operating (aftercare)"),
    "lost": N_("Lost"),
}
LOST_REASONS = (
    "chose_another_country",
    "chose_another_region",
    "cancelled_by_investor",
    "financing",
    "incentives",
    "regulation",
    "no_response",
    "duplicate",
    "other",
)
PROBABILITY = {
    "lead": 0.05,
    "contacted": 0.10,
    "qualified": 0.20,
    "site_visit": 0.35,
    "proposal": 0.50,
    "mou": 0.70,
    "decision": 0.85,
    "implementation": 0.95,
    "operating": 1.0,
    LOST: 0.0,
}


class IllegalMove(BadInput):
    """A change of stage the rules refuse (HTTP 409)."""

    http_status = 409


def check_stage(stage: str, field: str = "stage") -> str:
    """``stage`` when it is one of ``ALL_STAGES``, else ``BadInput`` naming them."""
    if stage not in ALL_STAGES:
        raise BadInput(f"unknown stage {stage!r}; valid: {', '.join(ALL_STAGES)}", field=field)
    return stage


def check_move(current: str, target: str, *, reason: str | None = None, note: str = "") -> None:
    """Refuse (``IllegalMove``) a move the rules do not allow; see the module's docstring."""
    check_stage(target)
    if target == current:
        raise IllegalMove(f"the project is already at {current}", field="stage")
    if target == LOST:
        if reason not in LOST_REASONS:
            raise IllegalMove(
                f"a lost project needs a reason, one of: {', '.join(LOST_REASONS)}",
                field="reason",
            )
        return
    if current == LOST:
        if not note.strip():
            raise IllegalMove(f"reopening a lost project at {target} needs a note", field="note")
        return
    if STAGES.index(target) < STAGES.index(current) and not note.strip():
        raise IllegalMove(
            f"a move back from {current} to {target} needs a note saying why", field="stage"
        )
