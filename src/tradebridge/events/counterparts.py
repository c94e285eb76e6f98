"""Suggested counterparts at an event: for one participant (the viewer), the other approved
participants ranked by the registry's partner matching and, for the event's country pairs, by
the untapped potential of the mutual-opportunities analysis, each with its evidence.

For the viewer *v* and a candidate *c* (of another organisation, not kept apart from *v*,
with no request between them yet):

- ``match`` = the registry's partner-matching score of their organisations
  (``matching.scoring``, docs/methods.md#partner-matching; 0 when the registry would not
  suggest them to each other, e.g. two buyers, or two organisations of one country);
- for a supplier *s* and a demander *d* among {*v*, *c*} (both ways), the basket
  ``K_sd`` = *s*'s offered HS6 products whose HS4 heading *d* seeks (registry products and
  the event's marketplace offers and requests), and ``U_sd = Σ_{k∈K_sd} U_{i→j,k}`` with
  ``U_{i→j,k}`` the untapped potential of *s*'s country *i* in *d*'s country *j* for product
  *k* (``analytics.mutual``), counted only when {*i*, *j*} is one of the event's country pairs
  (its country with each partner country); ``U = U_vc + U_cv``;
- ``opportunity`` = ``ln(1 + U) / ln(1 + U_max)``, ``U_max`` the largest ``U`` among the
  viewer's candidates (0 when no candidate has any);
- ``score`` = ``½ match + ½ opportunity``. Candidates scoring 0 are not suggested; ties are
  broken by participant id.

The evidence of a suggestion: the registry's components, and the product of ``K`` with the
largest untapped potential (its direction and value) with the basket's total.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

MATCH_WEIGHT = 0.5
OPPORTUNITY_WEIGHT = 0.5
TOP = 10


@dataclass(frozen=True)
class Side:
    """A participant as the ranking sees them: HS6 codes offered and sought."""

    participant_id: int
    organisation_id: int
    country: str
    offered: frozenset[str] = frozenset()
    sought: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RegistryMatch:
    """The registry's score of two organisations and its components (all in [0, 1])."""

    score: float
    components: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Opportunity:
    """Untapped potential behind a suggestion: ``exporter`` → ``importer`` for ``product``
    (the basket's largest), and the basket's ``total`` over its ``products`` codes."""

    exporter: str
    importer: str
    product: str
    untapped: float
    total: float
    products: int


@dataclass(frozen=True)
class Counterpart:
    """One suggestion: the candidate, the score and both components, the evidence."""

    side: Side
    score: float
    match: float
    opportunity: float
    untapped: float
    components: Mapping[str, float]
    evidence: Opportunity | None


def basket(supplier: Side, demander: Side) -> frozenset[str]:
    """``K``: the supplier's offered HS6 codes whose HS4 heading the demander seeks.

    >>> s = Side(1, 1, "AZE", offered=frozenset({"080810", "080520", "520100"}))
    >>> d = Side(2, 2, "RUS", sought=frozenset({"080890"}))
    >>> sorted(basket(s, d))
    ['080810']
    """
    headings = {k[:4] for k in demander.sought}
    return frozenset(k for k in supplier.offered if k[:4] in headings)


def opportunity(
    supplier: Side, demander: Side, untapped: Mapping[tuple[str, str], Mapping[str, float]]
) -> Opportunity | None:
    """The untapped potential of the supplier's basket in the demander's country (None when
    the pair of countries is not the event's, or nothing in the basket has any)."""
    table = untapped.get((supplier.country, demander.country))
    if table is None:
        return None
    values = {k: max(float(table.get(k, 0.0)), 0.0) for k in basket(supplier, demander)}
    total = sum(values.values())
    if total <= 0:
        return None
    best = min(values, key=lambda k: (-values[k], k))
    return Opportunity(supplier.country, demander.country, best, values[best], total, len(values))


def rank(
    viewer: Side,
    candidates: Sequence[Side],
    matches: Mapping[int, RegistryMatch],
    untapped: Mapping[tuple[str, str], Mapping[str, float]],
    *,
    top: int = TOP,
) -> list[Counterpart]:
    """The ``top`` candidates by score (see the module's formula), best first.

    ``matches``: the registry's match of the viewer's organisation with each candidate's
    organisation (by organisation id); ``untapped``: for each ordered pair of countries of
    the event, the untapped potential per HS6 product.
    """
    rows = []
    for c in candidates:
        found = [
            o
            for o in (opportunity(viewer, c, untapped), opportunity(c, viewer, untapped))
            if o is not None
        ]
        total = sum(o.total for o in found)
        best = max(found, key=lambda o: (o.untapped, o.exporter), default=None)
        rows.append((c, total, best))
    biggest = max((total for _, total, _ in rows), default=0.0)
    out = []
    for c, total, best in rows:
        share = math.log1p(total) / math.log1p(biggest) if biggest > 0 else 0.0
        match = matches.get(c.organisation_id, RegistryMatch(0.0))
        score = MATCH_WEIGHT * match.score + OPPORTUNITY_WEIGHT * share
        if score <= 0:
            continue
        out.append(
            Counterpart(
                side=c,
                score=score,
                match=match.score,
                opportunity=share,
                untapped=total,
                components=dict(match.components),
                evidence=best,
            )
        )
    out.sort(key=lambda s: (-round(s.score, 12), s.side.participant_id))
    return out[:top]
