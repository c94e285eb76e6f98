"""Partner suggestions as one table, the form every interface shows (CLI, API, web page): one
row per suggested organisation with its score, every component, and the evidence sentence.

The registry's index is built once per set of profiles and the warehouse's evidence once per
warehouse state (both kept for the process), so that repeated requests only score.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

import pandas as pd

from tradebridge.errors import BadInput
from tradebridge.matching.evidence import MarketEvidence
from tradebridge.matching.index import MatchIndex
from tradebridge.matching.profiles import OrganisationProfile
from tradebridge.matching.scoring import WEIGHTS, Suggestion, suggest
from tradebridge.matching.sentences import evidence_sentence

_INDEXES: OrderedDict[tuple[OrganisationProfile, ...], MatchIndex] = OrderedDict()
_EVIDENCE: OrderedDict[tuple[Any, ...], MarketEvidence] = OrderedDict()
KEEP = 2


def index_for(profiles: Sequence[OrganisationProfile]) -> MatchIndex:
    """The index of ``profiles``, built on first use and kept for the last ``KEEP`` registries."""
    key = tuple(profiles)
    if key not in _INDEXES:
        _INDEXES[key] = MatchIndex.build(key)
        while len(_INDEXES) > KEEP:
            _INDEXES.popitem(last=False)
    return _INDEXES[key]


def evidence_for(workspace: Any) -> MarketEvidence | None:
    """The warehouse's market evidence (None when it holds no year), kept per warehouse state:
    re-ingesting a year changes its checksum and starts a fresh cache."""
    if workspace is None:
        return None
    wh = workspace.warehouse
    parts = wh.partitions()
    if not parts:
        return None
    key = (str(wh.path.resolve()), tuple((y, p.checksum) for y, p in sorted(parts.items())))
    if key not in _EVIDENCE:
        _EVIDENCE[key] = MarketEvidence(workspace)
        while len(_EVIDENCE) > KEEP:
            _EVIDENCE.popitem(last=False)
    return _EVIDENCE[key]


def matches(
    profiles: Sequence[OrganisationProfile],
    org_id: int,
    *,
    top: int = 10,
    workspace: Any = None,
    language: str = "en",
) -> pd.DataFrame:
    """The ``top`` suggested partners of ``org_id``: rows ``rank, id, name, kind, country,
    score``, one column per component (docs/methods.md#partner-matching), ``evidence`` (the
    sentence in ``language``), ``product`` (the HS6 code the sentence describes, or None) and
    ``synthetic`` (a generated organisation); ``attrs["meta"]`` holds the weights and the data
    source."""
    if top < 1:
        raise BadInput(f"must be at least 1, got {top}", field="top")
    index = index_for(profiles)
    evidence = evidence_for(workspace)
    me = index.profiles[index.row_of[org_id]] if org_id in index.row_of else None
    found = suggest(index, org_id, top=top, evidence=evidence)
    rows = [_row(rank, s, me, evidence, language) for rank, s in enumerate(found, start=1)]
    columns = ["rank", "id", "name", "kind", "country", "score", *WEIGHTS, "evidence", "product"]
    columns.append("synthetic")
    table = pd.DataFrame(rows, columns=columns)
    table.attrs["meta"] = {
        "question": f"partners suggested to organisation {org_id}",
        "organisation": org_id,
        "weights": dict(WEIGHTS),
        "method": "docs/methods.md#partner-matching",
        "candidates": len(index),
        "top": top,
        "source": evidence.source if evidence else None,
        "synthetic": bool(evidence.synthetic) if evidence else False,
        "year": evidence.year if evidence else None,
        "note": None if evidence else "no trade data: the market components are 0",
    }
    if evidence is not None and evidence.synthetic:
        table.attrs["meta"]["notice"] = (
            "Computed from the synthetic demo world: not real statistics."
        )
    return table


def _row(
    rank: int,
    found: Suggestion,
    me: OrganisationProfile | None,
    evidence: MarketEvidence | None,
    language: str,
) -> dict[str, Any]:
    other = found.profile
    if evidence is None:
        reason = "no_warehouse"
    elif "investor" in (other.kind, me.kind if me else ""):
        reason = "investor"
    else:
        reason = "no_basket"
    return {
        "rank": rank,
        "id": other.id,
        "name": other.name,
        "kind": other.kind,
        "country": other.country,
        "score": round(found.score, 4),
        **{name: round(value, 4) for name, value in found.components.items()},
        "evidence": evidence_sentence(found.facts, language, reason=reason),
        "product": found.facts.product if found.facts else None,
        "synthetic": other.synthetic,
    }
