"""Likely duplicates: organisations of the same country whose name is nearly the same.

Names are compared after ``comparable_name`` (case, accents, punctuation and legal forms such as
LLC, MMC, ООО removed) with rapidfuzz's ``token_sort_ratio`` (0-100, word order ignored); a
score of at least ``THRESHOLD`` flags a pair. Every name of an organisation (en, az, ru) is
compared with every name of the other, and the best score counts.

>>> comparable_name("«Kənd Foods» MMC"), comparable_name("ООО «Агро-Сервис»")
('kend foods', 'агро сервис')
>>> similar([(1, ["Kend Foods LLC"]), (2, ["Baku Steel"])], ["Kənd Foods"])
[(1, 100.0, 'Kend Foods LLC')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tradebridge.registry.search import fold

THRESHOLD = 85.0
LEGAL_FORMS = frozenset(
    """llc ltd limited inc corp co company plc gmbh ag sa srl bv jsc ojsc cjsc pjsc ojsc as ao
    mmc asc qsc ssc muessise ooo oao zao pao too ip
    ооо оао зао пао ао тоо ип чп""".split()
)


def comparable_name(name: str) -> str:
    """A name as compared: folded as the search folds text (``search.fold``: lower case, no
    accents or punctuation), legal forms dropped."""
    return " ".join(w for w in fold(name).split() if w not in LEGAL_FORMS)


def similar(
    candidates: Iterable[tuple[int, Sequence[str]]],
    names: Sequence[str],
    threshold: float = THRESHOLD,
    limit: int = 5,
) -> list[tuple[int, float, str]]:
    """``(id, score, name)`` of the candidates whose best name scores at least ``threshold``
    against any of ``names``, best first (at most ``limit``)."""
    from rapidfuzz import fuzz, process

    wanted = [n for n in (comparable_name(name) for name in names) if n]
    if not wanted:
        return []
    ids: list[int] = []
    shown: list[str] = []
    choices: list[str] = []
    for ident, their_names in candidates:
        for name in their_names:
            folded = comparable_name(name) if name else ""
            if folded:
                ids.append(ident)
                shown.append(name)
                choices.append(folded)
    best: dict[int, tuple[float, str]] = {}
    for query in wanted:
        for _choice, score, index in process.extract(
            query, choices, scorer=fuzz.token_sort_ratio, score_cutoff=threshold, limit=None
        ):
            ident = ids[index]
            if ident not in best or score > best[ident][0]:
                best[ident] = (float(score), shown[index])
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    return [(ident, score, name) for ident, (score, name) in ranked[:limit]]
