"""A planted registry for measuring matching quality: organisations with hidden true
exporter → buyer pairs that only the generator knows.

The true pairs are planted through noisy signals of the kinds a real registry holds, never
through a field that names the partner, and every signal also occurs between unrelated
organisations:

- products: each exporter makes 1-3 HS6 codes of one HS4 heading (headings drawn with
  Zipf-like popularity, so that popular headings have many unrelated buyers too) and, with
  probability 0.4, one more product anywhere. Its partner seeks the same HS6 (p = 0.6), another
  HS6 of the same heading (0.3) or another heading of the same HS2 chapter (0.1), plus 0-3
  random products;
- declared intent: the exporter lists the partner's country among 1-4 target markets with
  p = 0.6; the partner lists the exporter's country among its supplier countries with p = 0.5;
  sectors are those of the organisation's own products (so they agree when products do);
- descriptions: words of the HS descriptions of the organisation's own products, 30 % of them
  dropped at random, mixed with generic words; 15 % of descriptions are empty;
- certifications: every organisation holds 0-3; a buyer requires 0-2, and an exporter's
  partner holds a required one with p = 0.7 (others by chance).

Buyers that are nobody's partner (20 %) and the partners of other exporters are the decoys.
``planted_registry(size, seed)`` gives (profiles, truth) with ``truth[exporter id]`` = the ids
of its true buyers.

>>> profiles, truth = planted_registry(200, seed=1)
>>> len(profiles), len(truth) > 0, all(len(v) == 1 for v in truth.values())
(200, True, True)
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from tradebridge.matching.profiles import CERTIFICATIONS, OrganisationProfile

COUNTRIES = (
    "AZE RUS KAZ CHN TUR GEO UZB UKR POL ROU BGR HUN CZE DEU ITA FRA IRN IND ARE SAU "
    "BLR KGZ TKM MDA SRB GRC NLD ESP GBR USA"
).split()
GENERIC = (
    "quality reliable supplier company trade export import wholesale distribution group "
    "international partner regional market customers delivery logistics warehouse"
).split()
SHARES = {"exporter": 0.40, "buyer": 0.50, "investor": 0.05, "service": 0.03, "association": 0.02}


@cache
def _catalogue() -> tuple[list[str], dict[str, list[str]], dict[str, list[str]], dict[str, str]]:
    """HS6 codes; codes by HS4; HS4 headings by HS2; the sector of every code."""
    from tradebridge.reference.hs import products
    from tradebridge.reference.sectors import sector_map

    table = products()
    table = table[table["hs17"] & (table["hs2"] != "27") & (table["hs2"] < "98")]
    codes = table["product"].tolist()
    by_hs4: dict[str, list[str]] = {}
    for code in codes:
        by_hs4.setdefault(code[:4], []).append(code)
    by_hs2: dict[str, list[str]] = {}
    for heading in by_hs4:
        by_hs2.setdefault(heading[:2], []).append(heading)
    sectors = sector_map(codes)
    return codes, by_hs4, by_hs2, dict(zip(sectors["product"], sectors["sector"], strict=True))


@cache
def _words() -> dict[str, list[str]]:
    from tradebridge.reference.hs import products

    table = products()
    return {
        code: [w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in {"other", "than"}]
        for code, text in zip(table["product"], table["description"], strict=True)
    }


class _Planter:
    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.codes, self.by_hs4, self.by_hs2, self.sector = _catalogue()
        self.headings = sorted(self.by_hs4)
        rank = self.rng.permutation(len(self.headings)) + 1
        weights = 1.0 / rank**0.8
        self.heading_p = weights / weights.sum()

    def heading(self) -> str:
        return self.headings[self.rng.choice(len(self.headings), p=self.heading_p)]

    def pick(self, items: list[str], n: int = 1) -> list[str]:
        n = min(n, len(items))
        return [items[i] for i in self.rng.choice(len(items), size=n, replace=False)]

    def random_products(self, n: int) -> set[str]:
        return {self.pick(self.by_hs4[self.heading()])[0] for _ in range(n)}

    def description(self, products: set[str], lead: str) -> str:
        if self.rng.random() < 0.15:
            return ""
        words = [w for k in sorted(products) for w in _words().get(k, [])]
        kept = [w for w in words if self.rng.random() > 0.3]
        noise = self.pick(GENERIC, int(self.rng.integers(2, 6)))
        mixed = kept + noise
        self.rng.shuffle(mixed)
        return lead + " " + " ".join(mixed)

    def countries(self, n: int, besides: str) -> set[str]:
        return set(self.pick([c for c in COUNTRIES if c != besides], n))

    def certifications(self, n_max: int) -> set[str]:
        return set(self.pick(list(CERTIFICATIONS), int(self.rng.integers(0, n_max + 1))))

    def sectors(self, products: set[str]) -> frozenset[str]:
        return frozenset(self.sector[k] for k in products if self.sector.get(k))

    def exporter(self, oid: int) -> OrganisationProfile:
        heading = self.heading()
        offered = set(self.pick(self.by_hs4[heading], int(self.rng.integers(1, 4))))
        if self.rng.random() < 0.4:
            offered |= self.random_products(1)
        country = self.pick(list(COUNTRIES))[0]
        return OrganisationProfile(
            id=oid,
            kind="exporter",
            country=country,
            sectors=self.sectors(offered),
            offered=frozenset(offered),
            certifications=frozenset(self.certifications(3)),
            current_markets=frozenset(self.countries(int(self.rng.integers(0, 3)), country)),
            target_markets=frozenset(self.countries(int(self.rng.integers(1, 5)), country)),
            description=self.description(offered, "producer of"),
            name=f"exporter {oid}",
            synthetic=True,
        )

    def related(self, offered: frozenset[str]) -> str:
        """A product related to one of ``offered`` at HS6, HS4 or HS2 level."""
        base = self.pick(sorted(offered))[0]
        draw = self.rng.random()
        if draw < 0.6:
            return base
        if draw < 0.9:
            others = [k for k in self.by_hs4[base[:4]] if k != base]
            return self.pick(others)[0] if others else base
        others = [h for h in self.by_hs2[base[:2]] if h != base[:4]]
        return self.pick(self.by_hs4[self.pick(others)[0]])[0] if others else base

    def buyer(self, oid: int, partner: OrganisationProfile | None) -> OrganisationProfile:
        sought = self.random_products(int(self.rng.integers(0, 4)))
        country = self.pick(list(COUNTRIES))[0]
        suppliers = self.countries(int(self.rng.integers(0, 3)), country)
        required = self.certifications(2)
        if partner is not None:
            sought.add(self.related(partner.offered))
            while country == partner.country:
                country = self.pick(list(COUNTRIES))[0]
            suppliers.discard(country)
            if self.rng.random() < 0.5:
                suppliers.add(partner.country)
        if not sought:
            sought = self.random_products(1)
        return OrganisationProfile(
            id=oid,
            kind="buyer",
            country=country,
            sectors=self.sectors(sought),
            sought=frozenset(sought),
            certifications_required=frozenset(required),
            target_markets=frozenset(suppliers),
            description=self.description(sought, "importer and distributor of"),
            name=f"buyer {oid}",
            synthetic=True,
        )

    def tie(self, exporter: OrganisationProfile, buyer: OrganisationProfile) -> OrganisationProfile:
        """``exporter`` after planting its side of the pair with ``buyer``."""
        targets = set(exporter.target_markets)
        if self.rng.random() < 0.6:
            targets.add(buyer.country)
        held = set(exporter.certifications)
        for cert in buyer.certifications_required:
            if self.rng.random() < 0.7:
                held.add(cert)
        return OrganisationProfile(
            **{
                **exporter.__dict__,
                "target_markets": frozenset(targets),
                "certifications": frozenset(held),
            }
        )

    def other(self, oid: int, kind: str) -> OrganisationProfile:
        products = self.random_products(int(self.rng.integers(1, 4)))
        field = "sought" if kind == "investor" else "offered"
        return OrganisationProfile(
            id=oid,
            kind=kind,
            country=self.pick(list(COUNTRIES))[0],
            sectors=self.sectors(products),
            description=self.description(products, kind),
            name=f"{kind} {oid}",
            synthetic=True,
            **{field: frozenset(products)},
        )


def planted_registry(
    size: int = 5000, seed: int = 0
) -> tuple[list[OrganisationProfile], dict[int, set[int]]]:
    """``size`` organisations (shares by kind in ``SHARES``) and the hidden true pairs."""
    planter = _Planter(seed)
    counts = {kind: int(round(size * share)) for kind, share in SHARES.items()}
    counts["buyer"] = size - sum(n for kind, n in counts.items() if kind != "buyer")
    n_pairs = min(counts["exporter"], int(counts["buyer"] * 0.8))
    profiles: list[OrganisationProfile] = []
    truth: dict[int, set[int]] = {}
    exporters = [planter.exporter(oid) for oid in range(1, counts["exporter"] + 1)]
    next_id = counts["exporter"] + 1
    for position in range(counts["buyer"]):
        partner = exporters[position] if position < n_pairs else None
        buyer = planter.buyer(next_id, partner)
        if partner is not None:
            exporters[position] = planter.tie(partner, buyer)
            truth[partner.id] = {buyer.id}
        profiles.append(buyer)
        next_id += 1
    for kind in ("investor", "service", "association"):
        for _ in range(counts[kind]):
            profiles.append(planter.other(next_id, kind))
            next_id += 1
    profiles = exporters + profiles
    order = planter.rng.permutation(len(profiles))
    return [profiles[i] for i in order], truth
