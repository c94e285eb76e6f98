"""One search box over countries, groups, sectors and products, in az, ru and en at once.

Countries match by ISO3/ISO2 code or by name in any of the three languages (CLDR names and the
reference names); groups and sectors by id or translated name; products by HS code prefix or by
a word of their (English) description. Matching ignores case; a name that starts with the query
ranks before one that only contains it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from tradebridge.i18n import LANGUAGES, language


@dataclass(frozen=True)
class Entry:
    kind: str  # country | group | sector | product
    key: str
    names: tuple[str, ...]  # every name it answers to, casefolded
    description: str = ""  # products: the HS description (English)


@cache
def _index() -> tuple[Entry, ...]:
    from tradebridge.reference import hs
    from tradebridge.reference.countries import countries
    from tradebridge.reference.groups import groups
    from tradebridge.reference.sectors import sectors

    entries = []
    langs = [language(code) for code in LANGUAGES]
    table = countries()
    for iso3, iso2, name in zip(table["iso3"], table["iso2"], table["name"], strict=True):
        names = {iso3, name, *(lang.country(iso3) for lang in langs)}
        if isinstance(iso2, str) and iso2:
            names.add(iso2)
        entries.append(Entry("country", iso3, tuple(sorted(n.casefold() for n in names))))
    for gid in groups()["group"]:
        names = {gid, *(lang.group(gid) for lang in langs)}
        entries.append(Entry("group", gid, tuple(sorted(n.casefold() for n in names))))
    for sid in sectors()["sector"]:
        names = {sid, sid.replace("_", " "), *(lang.sector(sid) for lang in langs)}
        entries.append(Entry("sector", sid, tuple(sorted(n.casefold() for n in names))))
    products = hs.products()
    for code, text in zip(products["product"], products["description"], strict=True):
        entries.append(Entry("product", code, (code, str(text).casefold()), str(text)))
    return tuple(entries)


def search(query: str, limit: int = 20) -> list[Entry]:
    """Entries matching ``query``: exact or prefix matches first, then substring matches.

    >>> [(e.kind, e.key) for e in search("Rusiya")][:1]
    [('country', 'RUS')]
    >>> [(e.kind, e.key) for e in search("Азербайджан")][:1]
    [('country', 'AZE')]
    """
    needle = query.strip().casefold()
    if len(needle) < 2:
        return []
    ranked = []
    for position, entry in enumerate(_index()):
        if any(name == needle for name in entry.names):
            rank = 0
        elif any(name.startswith(needle) for name in entry.names):
            rank = 1
        elif any(needle in name for name in entry.names):
            rank = 2
        else:
            continue
        kind_order = ("country", "group", "sector", "product").index(entry.kind)
        ranked.append((rank, kind_order, position, entry))
    ranked.sort(key=lambda item: item[:3])
    return [entry for *_, entry in ranked[:limit]]
