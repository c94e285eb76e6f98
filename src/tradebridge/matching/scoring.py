"""Partner suggestions: every counterpart of an organisation scored by a weighted sum of
components in [0, 1], each returned beside the suggestion (docs/methods.md#partner-matching).

A pair is oriented from its supplier *s* (the exporter or producer) to its demander *d* (the
buyer, or the investor); *i* and *j* are their countries. With ``A_L`` the set of *s*'s products
and ``B_L`` that of *d*'s at HS level L (6, 4, 2), ``overlap(A, B) = |A ∩ B| / min(|A|, |B|)``,
``fit(A, B) = ½ [A ∩ B ≠ ∅] + ½ overlap(A, B)`` and ``spec_L(A, B) = max_{c ∈ A ∩ B}
ln((N + 1) / n_c) / ln(N + 1)`` (0 when they share none), where N is the number of organisations
of the candidates' kind in the registry and n_c how many of them hold code c: sharing a code that
few counterparts hold says more than sharing one that every counterpart holds.

========================  =======  ======================================================
component                 weight   value
========================  =======  ======================================================
``hs6``                   0.08     ``spec_6(A_6, B_6)``: same, rarely held HS6 subheading
``hs4``                   0.19     ``spec_4(A_4, B_4)``: same, rarely held HS4 heading
``hs2``                   0.15     ``fit(A_2, B_2)``: same HS2 chapters
``text``                  0.02     cosine similarity of the two descriptions
``untapped``              0.08     ``ln(1 + U) / ln(1 + U_max)``, ``U = Σ_{k∈K} U_ijk``
``rising_imports``        0.04     ``clip(g / 0.20, 0, 1)``, g the CAGR of ``Σ_{k∈K} m_jk``
``ease``                  0.03     ``B_ij / (1 + B_ij)`` (½ when i sells j as predicted)
``supplier_intent``       0.11     1 if j is one of *s*'s target markets, ¼ if a current one
``demander_intent``       0.15     ⅕ [shared sector] + ⅘ [i among *d*'s supplier countries]
``certifications``        0.15     share of *d*'s required certifications *s* holds (½ if none)
========================  =======  ======================================================

The weights sum to 1. ``K`` = *s*'s offered HS6 products whose HS4 heading *d* seeks;
``U_max`` = the largest ``U`` among the organisation's candidates; the three market components
are 0 when ``K`` is empty, when *d* is an investor (no importing market), or without a
warehouse. Past outcomes are not a component: nothing records them yet (the events of forums
will), and a made-up value would bias every score.

Candidates: an exporter gets buyers in other countries; a buyer gets exporters in other
countries; an investor gets exporters sharing one of its sectors (all exporters when it declares
none). When both sides declare products, they must share at least one HS2 chapter: a buyer of
nothing the exporter makes is no partner, however well the rest fits. Ties are broken by id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tradebridge.analytics.growth import cagr
from tradebridge.errors import BadInput
from tradebridge.matching.evidence import MarketEvidence
from tradebridge.matching.index import MatchIndex, dense_row
from tradebridge.matching.profiles import KINDS, OrganisationProfile, counterpart_kinds

WEIGHTS: dict[str, float] = {
    "hs6": 0.08,
    "hs4": 0.19,
    "hs2": 0.15,
    "text": 0.02,
    "untapped": 0.08,
    "rising_imports": 0.04,
    "ease": 0.03,
    "supplier_intent": 0.11,
    "demander_intent": 0.15,
    "certifications": 0.15,
}
MARKET = ("untapped", "rising_imports", "ease")
NOTHING_REQUIRED = 0.5  # certifications component of a demander that requires nothing
CURRENT_MARKET = 0.25  # supplier intent when the market is a current one, not a target
SECTOR_SHARE = 0.2  # part of the demander's intent that a shared sector gives
GROWTH_FULL = 0.20  # a CAGR of 20 %/yr or more gives the full growth component


@dataclass(frozen=True)
class MarketFacts:
    """The numbers behind the market components of one pair, for the evidence sentence: the
    pair's product ``product`` with the largest untapped potential (then the largest imports)."""

    exporter: str
    importer: str
    product: str
    year: int
    imports: float
    growth: float | None
    window: int
    supplier_share: float
    untapped: float
    untapped_all: float
    products: int
    synthetic: bool
    source: str


@dataclass(frozen=True)
class Suggestion:
    """One counterpart: its score, the components (values in [0, 1]) and weights behind it, and
    the market facts (None without a common product heading or a warehouse)."""

    profile: OrganisationProfile
    score: float
    components: dict[str, float]
    weights: dict[str, float] = field(default_factory=lambda: dict(WEIGHTS))
    facts: MarketFacts | None = None


def suggest(
    index: MatchIndex,
    org_id: int,
    *,
    top: int = 10,
    evidence: MarketEvidence | None = None,
) -> list[Suggestion]:
    """The ``top`` best counterparts of organisation ``org_id``, best first."""
    if org_id not in index.row_of:
        raise BadInput(f"no organisation with id {org_id}", field="organisation")
    row = index.row_of[org_id]
    me = index.profiles[row]
    candidates = _candidates(index, row, me)
    components = _components(index, row, me, candidates)
    basket = Basket.of(index, row, me, candidates) if evidence is not None else None
    if basket is not None and basket.pairs:
        basket.score(evidence, components)
    score = sum(WEIGHTS[name] * values for name, values in components.items())
    order = np.lexsort((index.ids[candidates], -np.round(score, 12)))[:top]
    out = []
    for position in order:
        facts = basket.facts(evidence, position) if basket is not None else None
        out.append(
            Suggestion(
                profile=index.profiles[candidates[position]],
                score=float(score[position]),
                components={n: float(v[position]) for n, v in components.items()},
                facts=facts,
            )
        )
    return out


@dataclass
class Basket:
    """The products ``K`` of every candidate pair: ``chosen[c, p]`` is 1 when ``products[p]``
    is in candidate c's basket; ``pair[c]`` indexes ``pairs`` (−1: no basket)."""

    products: list[str]
    chosen: np.ndarray
    pairs: list[tuple[str, str]]
    pair: np.ndarray

    @classmethod
    def of(
        cls, index: MatchIndex, row: int, me: OrganisationProfile, cands: np.ndarray
    ) -> Basket | None:
        if me.kind == "investor":
            return None
        heading = index.product_codes[4].columns
        if me.kind == "exporter":
            products = sorted(me.offered)
            columns = [heading.get(k[:4], -1) for k in products]
            chosen = np.zeros((len(cands), len(products)))
            for p, column in enumerate(columns):
                if column >= 0:
                    chosen[:, p] = index.column(index.products[4], column)[cands]
            supplier = [me.country] * len(cands)
            demander = [index.countries.codes[c] for c in index.country[cands]]
        else:
            wanted = {k[:4] for k in me.products}
            codes = index.product_codes[6].codes
            columns = [c for c, k in enumerate(codes) if k[:4] in wanted]
            products = [codes[c] for c in columns]
            chosen = np.asarray(index.offered[:, columns].todense())[cands]
            supplier = [index.countries.codes[c] for c in index.country[cands]]
            demander = [me.country] * len(cands)
        has = chosen.any(axis=1)
        keys = sorted({(supplier[c], demander[c]) for c in np.flatnonzero(has)})
        number = {key: n for n, key in enumerate(keys)}
        pair = np.array(
            [number[(supplier[c], demander[c])] if has[c] else -1 for c in range(len(cands))],
            dtype=np.int64,
        )
        return cls(products, chosen, keys, pair)

    def score(self, evidence: MarketEvidence, components: dict[str, np.ndarray]) -> None:
        """Fill the market components of ``components`` (candidates with a basket)."""
        evidence.prefetch([importer for _, importer in self.pairs])
        has = self.pair >= 0
        rows = self.pair[has]
        chosen = self.chosen[has]
        values = {
            what: (chosen * evidence.matrix(self.pairs, self.products, what)[rows]).sum(axis=1)
            for what in ("untapped", "latest", "base")
        }
        untapped = values["untapped"]
        biggest = untapped.max() if len(untapped) else 0.0
        if biggest > 0:
            components["untapped"][has] = np.log1p(untapped) / np.log1p(biggest)
        growth = cagr(values["latest"], values["base"], evidence.window)
        components["rising_imports"][has] = np.clip(np.nan_to_num(growth) / GROWTH_FULL, 0, 1)
        ease = np.array([evidence.pair(*key).ease for key in self.pairs])[rows]
        components["ease"][has] = ease / (1.0 + ease)

    def facts(self, evidence: MarketEvidence, position: int) -> MarketFacts | None:
        """The numbers of candidate ``position``'s pair for its evidence sentence."""
        if self.pair[position] < 0:
            return None
        exporter, importer = self.pairs[self.pair[position]]
        basket = [k for k, on in zip(self.products, self.chosen[position], strict=True) if on]
        trade, imports = evidence.pair(exporter, importer), evidence.imports(importer)
        best = max(
            basket, key=lambda k: (trade.untapped.get(k, 0.0), imports.latest.get(k, 0.0), k)
        )
        latest = imports.latest.get(best, 0.0)
        growth = cagr([latest], [imports.base.get(best, np.nan)], evidence.window)[0]
        return MarketFacts(
            exporter=exporter,
            importer=importer,
            product=best,
            year=int(evidence.year),
            imports=latest,
            growth=None if np.isnan(growth) or evidence.base_year is None else float(growth),
            window=evidence.window,
            supplier_share=trade.exports.get(best, 0.0) / latest if latest > 0 else 0.0,
            untapped=trade.untapped.get(best, 0.0),
            untapped_all=sum(trade.untapped.get(k, 0.0) for k in basket),
            products=len(basket),
            synthetic=evidence.synthetic,
            source=evidence.source,
        )


def _candidates(index: MatchIndex, row: int, me: OrganisationProfile) -> np.ndarray:
    wanted = [KINDS.index(k) for k in counterpart_kinds(me.kind)]
    mask = np.isin(index.kinds, wanted)
    mask[row] = False
    if me.kind == "investor":
        if me.sectors:
            mask &= index.sectors @ dense_row(index.sectors, row) > 0
    else:
        mask &= index.country != index.country[row]
    chapters = index.products[2]
    if chapters.indptr[row + 1] > chapters.indptr[row]:  # I declare products: they must meet
        declares = np.diff(chapters.indptr) > 0
        mask &= ~declares | (chapters @ dense_row(chapters, row) > 0)
    return np.flatnonzero(mask)


def _components(
    index: MatchIndex, row: int, me: OrganisationProfile, cands: np.ndarray
) -> dict[str, np.ndarray]:
    """The non-market components of every candidate (market ones start at 0)."""
    supplier_is_me = me.kind == "exporter"
    kinds = [KINDS.index(k) for k in counterpart_kinds(me.kind)]
    out: dict[str, np.ndarray] = {}
    for level in (6, 4):
        out[f"hs{level}"] = index.specificity(level, row, kinds)[cands]
    overlap = index.overlap(index.products[2], row)[cands]
    out["hs2"] = 0.5 * (overlap > 0) + 0.5 * overlap
    out["text"] = index.similarity(row)[cands]
    for name in MARKET:
        out[name] = np.zeros(len(cands))
    my_country = index.country[row]
    their_country = index.country[cands]
    if supplier_is_me:
        in_targets = dense_row(index.targets, row)[their_country]
        in_current = dense_row(index.current, row)[their_country]
        seeker_targets = index.column(index.targets, my_country)[cands]
    else:
        in_targets = index.column(index.targets, my_country)[cands]
        in_current = index.column(index.current, my_country)[cands]
        seeker_targets = dense_row(index.targets, row)[their_country]
    current = np.where(in_current > 0, CURRENT_MARKET, 0.0)
    out["supplier_intent"] = np.where(in_targets > 0, 1.0, current)
    shared_sector = (index.sectors @ dense_row(index.sectors, row) > 0)[cands]
    out["demander_intent"] = SECTOR_SHARE * shared_sector + (1 - SECTOR_SHARE) * (
        seeker_targets > 0
    )
    out["certifications"] = _certifications(index, row, cands, supplier_is_me)
    return out


def _certifications(
    index: MatchIndex, row: int, cands: np.ndarray, supplier_is_me: bool
) -> np.ndarray:
    """``|R_d ∩ C_s| / |R_d|``; ½ when *d* requires nothing (no evidence either way). When the
    organisation asking is the supplier, *d* is each candidate; otherwise *d* is the asker."""
    if not supplier_is_me:
        required = dense_row(index.required, row)
        if not required.any():
            return np.full(len(cands), NOTHING_REQUIRED)
        return (index.certifications @ required)[cands] / required.sum()
    counts = np.diff(index.required.indptr)[cands].astype(float)
    held = (index.required @ dense_row(index.certifications, row))[cands]
    return np.divide(held, counts, out=np.full(len(cands), NOTHING_REQUIRED), where=counts > 0)
