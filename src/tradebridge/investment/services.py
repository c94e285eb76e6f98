"""Investment projects: the one set of functions the web pages, the REST API and the CLI call.

Every function takes a session and plain arguments, enforces the rules and leaves the commit to
the caller; changes to projects, interactions and rates are audited by the session
(``db.audit``), and every change of stage is also a line of the stage log. The rules:

- staff and admins do everything; a company user reads a summary of the projects whose
  investor is its own organisation and changes nothing; viewers see nothing (projects are
  confidential to the agency);
- a project is checked as a whole (``project.checked``); its investor is an organisation of the
  registry and its account manager an active staff member;
- amounts are converted to US$ with the agency's rate table on ``amount_date`` (``money``);
- stages move by ``stages.check_move``'s rules.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from tradebridge.accounts.roles import STAFF_ROLES, require_staff, role_of
from tradebridge.db.base import utcnow
from tradebridge.errors import BadInput, Forbidden, NotFound
from tradebridge.investment.models import (
    INTERACTION_KINDS,
    OPEN,
    Attachment,
    ExchangeRate,
    Interaction,
    InvestmentProject,
    StageChange,
)
from tradebridge.investment.money import Rate, check_currency, to_usd
from tradebridge.investment.project import ProjectInput, checked
from tradebridge.investment.report import PipelineReport
from tradebridge.investment.stages import LOST, check_move, check_stage

OWN_FIELDS = ("id", "title", "origin", "destination", "sector", "kind", "stage", "region")


def rates(session: Session) -> list[Rate]:
    """The agency's rate table."""
    rows = session.scalars(
        select(ExchangeRate).order_by(ExchangeRate.currency, ExchangeRate.valid_from)
    )
    return [Rate(r.currency, r.valid_from, r.usd_per_unit) for r in rows]


def set_rate(
    session: Session,
    currency: str,
    valid_from: date,
    usd_per_unit: Decimal,
    *,
    note: str = "",
    user: Any = None,
) -> ExchangeRate:
    """Add the rate of ``currency`` from ``valid_from`` on, or change the one of that day."""
    require_staff(user, "keep the rates of investment projects")
    code = check_currency(currency)
    if code == "USD":
        raise BadInput("US dollars need no rate", field="currency")
    if usd_per_unit <= 0:
        raise BadInput(f"must be more than zero, got {usd_per_unit}", field="usd_per_unit")
    rate = session.scalar(
        select(ExchangeRate).where(
            ExchangeRate.currency == code, ExchangeRate.valid_from == valid_from
        )
    ) or ExchangeRate(currency=code, valid_from=valid_from)
    rate.usd_per_unit = usd_per_unit
    rate.note = note
    session.add(rate)
    session.flush()
    return rate


def _check_links(session: Session, data: ProjectInput) -> None:
    from tradebridge.accounts.models import User
    from tradebridge.registry.models import Organisation

    if session.get(Organisation, data.investor_id) is None:
        raise BadInput(f"no organisation #{data.investor_id} in the registry", field="investor_id")
    if data.manager_id is not None:
        manager = session.get(User, data.manager_id)
        if manager is None or str(manager.role) not in STAFF_ROLES or manager.disabled:
            raise BadInput(
                f"user #{data.manager_id} is not an active staff member", field="manager_id"
            )


def _apply(session: Session, project: InvestmentProject, data: ProjectInput) -> None:
    """Copy ``data`` into ``project``, converting its amounts to US$."""
    table = rates(session)
    on = data.amount_date or utcnow().date()
    for name in (f.name for f in fields(ProjectInput)):
        if name not in ("amount_date", "planned_amount", "realised_amount", "products"):
            setattr(project, name, getattr(data, name))
    project.products = list(data.products)
    for kind, when in (("planned", on), ("realised", data.realised_on or on)):
        amount = getattr(data, f"{kind}_amount")
        setattr(project, f"{kind}_amount", amount)
        if amount is None:
            setattr(project, f"{kind}_usd", None)
            setattr(project, f"{kind}_rate", None)
            continue
        conversion = to_usd(amount, data.currency, when, table)
        setattr(project, f"{kind}_usd", conversion.usd)
        setattr(project, f"{kind}_rate", conversion.rate)


def create(
    session: Session,
    data: ProjectInput,
    *,
    stage: str = "lead",
    user: Any = None,
    at: datetime | None = None,
) -> InvestmentProject:
    """Store a new project at ``stage`` (staff only); the first line of its stage log."""
    require_staff(user, "create investment projects")
    data = checked(data)
    if check_stage(stage) == LOST:
        raise BadInput("a new project cannot start lost", field="stage")
    _check_links(session, data)
    now = at or utcnow()
    project = InvestmentProject(stage=stage, stage_since=now)
    _apply(session, project, data)
    session.add(project)
    session.flush()
    session.add(StageChange(project_id=project.id, at=now, to_stage=stage, user_id=_user_id(user)))
    session.flush()
    return project


def update(
    session: Session, project_id: int, data: ProjectInput, *, user: Any = None
) -> InvestmentProject:
    """Change a project's fields (not its stage: ``move``)."""
    require_staff(user, "edit investment projects")
    project = get(session, project_id, user=user)
    data = checked(data)
    _check_links(session, data)
    _apply(session, project, data)
    session.flush()
    return project


def _user_id(user: Any) -> int | None:
    return getattr(user, "id", None)


def move(
    session: Session,
    project_id: int,
    target: str,
    *,
    reason: str | None = None,
    note: str = "",
    user: Any = None,
    at: datetime | None = None,
) -> InvestmentProject:
    """Move a project to ``target`` (``stages.check_move``'s rules), logged with the time,
    the user, the reason and the note."""
    require_staff(user, "move investment projects")
    project = get(session, project_id, user=user)
    check_move(project.stage, target, reason=reason, note=note)
    now = at or utcnow()
    session.add(
        StageChange(
            project_id=project.id,
            at=now,
            from_stage=project.stage,
            to_stage=target,
            user_id=_user_id(user),
            reason=reason if target == LOST else None,
            note=note.strip(),
        )
    )
    project.stage = target
    project.stage_since = now
    project.lost_reason = reason if target == LOST else None
    session.flush()
    return project


def get(session: Session, project_id: int, *, user: Any = None) -> InvestmentProject:
    """A project (staff), ``NotFound`` when there is none; others use ``summary``."""
    require_staff(user, "open investment projects")
    project = session.get(InvestmentProject, project_id)
    if project is None:
        raise NotFound(f"no investment project #{project_id}", field="id")
    return project


def own_projects(session: Session, user: Any) -> list[dict[str, Any]]:
    """The read-only summary a company user sees: the projects whose investor is its own
    organisation (title, countries, sector, kind, stage, region)."""
    if role_of(user) != "company":
        raise Forbidden("only a company user has its own projects")
    if user.organisation_id is None:
        return []
    rows = session.scalars(
        select(InvestmentProject)
        .where(InvestmentProject.investor_id == user.organisation_id)
        .order_by(InvestmentProject.id)
    )
    return [{name: getattr(p, name) for name in OWN_FIELDS} for p in rows]


def add_interaction(
    session: Session,
    project_id: int,
    kind: str,
    held_on: date,
    *,
    participants: str = "",
    notes: str = "",
    user: Any = None,
) -> Interaction:
    """Record a meeting, call, e-mail or site visit about a project."""
    require_staff(user, "record contacts about investment projects")
    project = get(session, project_id, user=user)
    if kind not in INTERACTION_KINDS:
        raise BadInput(
            f"unknown kind {kind!r}; valid: {', '.join(INTERACTION_KINDS)}", field="kind"
        )
    row = Interaction(
        project_id=project.id,
        kind=kind,
        held_on=held_on,
        participants=participants.strip(),
        notes=notes.strip(),
        user_id=_user_id(user),
    )
    session.add(row)
    session.flush()
    return row


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a project's timeline: a change of stage (``what`` is ``stage``, with the
    stages, the reason and the note) or a contact (``what`` is its kind, ``note`` its notes)."""

    at: datetime | date
    what: str
    note: str
    user_id: int | None
    from_stage: str | None = None
    to_stage: str | None = None
    reason: str | None = None
    interaction_id: int | None = None


def timeline(session: Session, project_id: int, *, user: Any = None) -> list[TimelineEntry]:
    """A project's changes of stage and contacts, newest first (a contact, which has a day
    but no time, after the changes of that day)."""
    project = get(session, project_id, user=user)
    entries = [
        TimelineEntry(c.at, "stage", c.note, c.user_id, c.from_stage, c.to_stage, c.reason)
        for c in session.scalars(select(StageChange).where(StageChange.project_id == project.id))
    ]
    entries += [
        TimelineEntry(i.held_on, i.kind, i.notes, i.user_id, interaction_id=i.id)
        for i in session.scalars(select(Interaction).where(Interaction.project_id == project.id))
    ]

    def when(entry: TimelineEntry) -> datetime:
        moment = entry.at
        if isinstance(moment, datetime):
            return moment
        return datetime(moment.year, moment.month, moment.day, 23, 59, tzinfo=utcnow().tzinfo)

    return sorted(entries, key=when, reverse=True)


def _overdue(today: date, manager_id: int | None):
    """Open projects whose next action was due before ``today``: the condition of the index
    of open projects' next actions (``models.OPEN``), so that the index serves the count and
    the page."""
    stmt = select(InvestmentProject).where(InvestmentProject.next_action_due < today, OPEN)
    if manager_id is not None:
        stmt = stmt.where(InvestmentProject.manager_id == manager_id)
    return stmt


def overdue(
    session: Session,
    today: date,
    *,
    manager_id: int | None = None,
    limit: int | None = None,
    user: Any = None,
) -> tuple[list[InvestmentProject], int]:
    """Open projects whose next action was due before ``today`` (of one manager if given),
    the longest overdue first (the first ``limit``), and how many there are in all."""
    require_staff(user, "review investment projects")
    stmt = _overdue(today, manager_id)
    total = session.scalar(stmt.with_only_columns(func.count()).order_by(None)) or 0
    ordered = stmt.order_by(InvestmentProject.next_action_due, InvestmentProject.id)
    return list(session.scalars(ordered.limit(limit))), total


def managed_by(
    session: Session, manager_id: int, *, limit: int = 20, user: Any = None
) -> tuple[list[InvestmentProject], int]:
    """The projects ``manager_id`` manages that are not lost (the first ``limit``, the soonest
    next action first, those without one last) and how many there are in all."""
    require_staff(user, "review investment projects")
    mine = select(InvestmentProject).where(
        InvestmentProject.manager_id == manager_id, InvestmentProject.stage != LOST
    )
    total = session.scalar(select(func.count()).select_from(mine.subquery())) or 0
    ordered = mine.order_by(
        InvestmentProject.next_action_due.is_(None),
        InvestmentProject.next_action_due,
        InvestmentProject.id,
    )
    return list(session.scalars(ordered.limit(limit))), total


@dataclass(frozen=True)
class ProjectFilters:
    """What the lists and the report filter on (``country`` matches either end)."""

    origin: str | None = None
    destination: str | None = None
    country: str | None = None
    sector: str | None = None
    stage: str | None = None
    manager_id: int | None = None


def filtered(filters: ProjectFilters):
    """The projects matching ``filters``, as a statement to refine."""
    stmt = select(InvestmentProject)
    p = InvestmentProject
    for name in ("origin", "destination", "sector", "stage", "manager_id"):
        value = getattr(filters, name)
        if value is not None:
            stmt = stmt.where(getattr(p, name) == value)
    if filters.country is not None:
        stmt = stmt.where(or_(p.origin == filters.country, p.destination == filters.country))
    return stmt


def projects(
    session: Session, filters: ProjectFilters = ProjectFilters(), *, user: Any = None
) -> list[InvestmentProject]:
    """The projects matching ``filters``, most recently moved first."""
    require_staff(user, "list investment projects")
    stmt = filtered(filters).order_by(InvestmentProject.stage_since.desc(), InvestmentProject.id)
    return list(session.scalars(stmt))


def any_synthetic(session: Session) -> bool:
    """Whether the pipeline holds synthetic (demo) projects."""
    return bool(
        session.scalar(select(InvestmentProject.id).where(InvestmentProject.synthetic).limit(1))
    )


def report(
    session: Session, filters: ProjectFilters = ProjectFilters(), *, user: Any = None
) -> PipelineReport:
    """The pipeline report (``investment.report``) over the projects matching ``filters``."""
    from tradebridge.investment import report_sums
    from tradebridge.investment.report import summed_report

    require_staff(user, "report on investment projects")
    chosen = filtered(filters)
    return report_sums.kept(
        session,
        filters,
        lambda: summed_report(
            report_sums.groups(session, chosen),
            report_sums.furthest(session, chosen),
            report_sums.stays(session, chosen),
        ),
    )


def mutual_report(
    session: Session, a: str, b: str, *, user: Any = None
) -> tuple[PipelineReport, PipelineReport]:
    """The reports of ``a`` → ``b`` and ``b`` → ``a`` side by side."""
    return (
        report(session, ProjectFilters(origin=a, destination=b), user=user),
        report(session, ProjectFilters(origin=b, destination=a), user=user),
    )


def attach(
    session: Session,
    home: Path,
    interaction_id: int,
    filename: str,
    data: bytes,
    *,
    user: Any = None,
) -> Attachment:
    """Attach a file to a contact (``investment.attachments``' limits on size and kind)."""
    from tradebridge.investment.attachments import check_file, save

    require_staff(user, "attach files to investment projects")
    interaction = session.get(Interaction, interaction_id)
    if interaction is None:
        raise NotFound(f"no contact #{interaction_id}", field="interaction")
    kind = check_file(filename, data)
    digest = save(home, data)
    row = Attachment(
        interaction_id=interaction.id,
        filename=Path(filename).name.strip(),
        media_type=kind,
        size=len(data),
        sha256=digest,
        user_id=_user_id(user),
    )
    session.add(row)
    session.flush()
    return row


def attachment(
    session: Session, home: Path, attachment_id: int, *, user: Any = None
) -> tuple[Attachment, Path]:
    """An attachment and where its content is (staff only)."""
    from tradebridge.investment.attachments import path_of

    require_staff(user, "open files of investment projects")
    row = session.get(Attachment, attachment_id)
    if row is None:
        raise NotFound(f"no attachment #{attachment_id}", field="attachment")
    path = path_of(home, row.sha256)
    if not path.is_file():
        raise NotFound(f"the file of attachment #{attachment_id} is missing", field="attachment")
    return row, path


def attachments_of(session: Session, project_id: int) -> dict[int, list[Attachment]]:
    """A project's attachments by contact."""
    rows = session.scalars(
        select(Attachment)
        .join(Interaction, Interaction.id == Attachment.interaction_id)
        .where(Interaction.project_id == project_id)
        .order_by(Attachment.id)
    )
    found: dict[int, list[Attachment]] = {}
    for row in rows:
        found.setdefault(row.interaction_id, []).append(row)
    return found
