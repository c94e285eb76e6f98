"""Partner matching: component values against numbers computed by hand on a tiny registry over
the tiny world (tests/data/analytics/tiny_world.csv, 2021 and 2016), ranking order, the evidence
sentence against the analytics, and recall on a small planted registry."""

from __future__ import annotations

import math

import pytest

from tradebridge.matching.evidence import MarketEvidence
from tradebridge.matching.index import MatchIndex
from tradebridge.matching.profiles import OrganisationProfile
from tradebridge.matching.scoring import WEIGHTS, suggest
from tradebridge.matching.sentences import evidence_sentence

F = frozenset


def org(id: int, kind: str, country: str, **fields) -> OrganisationProfile:
    return OrganisationProfile(
        id=id,
        kind=kind,
        country=country,
        **{k: F(v) if isinstance(v, set) else v for k, v in fields.items()},
    )


REGISTRY = [
    org(
        1,
        "exporter",
        "AZE",
        offered={"080510", "270900"},
        sectors={"fresh_fruit_vegetables", "energy"},
        certifications={"haccp"},
        target_markets={"RUS"},
        current_markets={"KAZ"},
    ),
    org(
        2,
        "buyer",
        "RUS",
        sought={"080510", "270900"},
        sectors={"fresh_fruit_vegetables"},
        certifications_required={"haccp", "halal"},
        target_markets={"AZE"},
    ),
    org(3, "buyer", "KAZ", sought={"080550"}, sectors={"fresh_fruit_vegetables"}),
    org(4, "buyer", "TUR", sought={"081010"}),
    org(5, "buyer", "AZE", sought={"080510"}),
    org(6, "investor", "TUR", sectors={"energy"}),
    org(7, "exporter", "TUR", offered={"080510"}, sectors={"fresh_fruit_vegetables"}),
    org(8, "service", "RUS", offered={"080510"}),
]

# Hand computations on the tiny world, 2021 (potential averages only 2021: 2019-2020 not held).
# World exports x_·k: 080510 = 100+50+50+150+20 = 370, 270900 = 300+550+1000 = 1850.
# AZE: x_AZE,080510 = 150, x_AZE,270900 = 850; S = 150/370 and 850/1850 (AZE imports less
# 080510 than it exports: no re-export correction).
S_FRUIT, S_OIL = 150 / 370, 850 / 1850
# RUS imports 080510 = 250, 270900 = 1300; AZE sells RUS 400: B = 400 / (S·250 + S·1300).
B_RUS = 400 / (S_FRUIT * 250 + S_OIL * 1300)
U_OIL_RUS = S_OIL * 1300 * B_RUS - 300  # PV − x; 080510: PV = 58.0 < x = 100, U = 0
# KAZ imports 080510 = 50 (from AZE) and 720610 (AZE sells none): B = 50 / (S·50).
B_KAZ = 50 / (S_FRUIT * 50)
# RUS imports of K = {080510, 270900}: 2021 250 + 1300, 2016 (50+100) + (300+800).
GROWTH_RUS = (1550 / 1250) ** (1 / 5) - 1
# Specificity among the registry's 4 buyers (ids 2-5): HS6 270900 is held by 1 of them, HS4
# 0805 by 3 (2, 3, 5): ln((4 + 1) / n) / ln(4 + 1).
SPEC_ONE, SPEC_0805 = 1.0, math.log(5 / 3) / math.log(5)


@pytest.fixture(scope="module")
def index() -> MatchIndex:
    return MatchIndex.build(REGISTRY)


@pytest.fixture(scope="module")
def evidence(tiny_warehouse) -> MarketEvidence:
    from tradebridge.workspace import Workspace

    return MarketEvidence(Workspace(tiny_warehouse), year=2021)


def by_id(suggestions):
    return {s.profile.id: s for s in suggestions}


def test_the_hand_computed_market_numbers() -> None:
    assert B_RUS == pytest.approx(0.5725338, rel=1e-6)
    assert U_OIL_RUS == pytest.approx(41.9729, rel=1e-5)
    assert B_KAZ == pytest.approx(2.466667, rel=1e-6)


def test_components_of_an_exporter_s_candidates(index, evidence) -> None:
    found = by_id(suggest(index, 1, top=10, evidence=evidence))
    assert set(found) == {2, 3, 4}  # buyers abroad only: not 5 (AZE), 7 (exporter), 8 (service)
    rus, kaz, tur = found[2].components, found[3].components, found[4].components
    assert rus == pytest.approx(
        {
            "hs6": SPEC_ONE,  # 270900, held by this buyer alone
            "hs4": SPEC_ONE,  # 2709, the same
            "hs2": 1.0,
            "text": 0.0,
            "untapped": 1.0,  # ln(1 + U) / ln(1 + U_max), the largest U is its own
            "rising_imports": GROWTH_RUS / 0.20,
            "ease": B_RUS / (1 + B_RUS),
            "supplier_intent": 1.0,  # RUS is a target market
            "demander_intent": 1.0,  # shared sector, and AZE among its supplier countries
            "certifications": 0.5,  # holds haccp of {haccp, halal}
        }
    )
    assert kaz == pytest.approx(
        {
            "hs6": 0.0,
            "hs4": SPEC_0805,
            "hs2": 1.0,
            "text": 0.0,
            "untapped": 0.0,  # PV_AZE,KAZ,080510 = S·50·B_KAZ = 50 = x: nothing untapped
            "rising_imports": 0.0,  # KAZ imported no 080510 in 2016: growth undefined
            "ease": B_KAZ / (1 + B_KAZ),
            "supplier_intent": 0.25,  # a current market
            "demander_intent": 0.2,  # shared sector only
            "certifications": 0.5,  # requires nothing
        }
    )
    assert tur == pytest.approx(
        {
            "hs6": 0.0,
            "hs4": 0.0,
            "hs2": 1.0,
            "text": 0.0,
            "untapped": 0.0,
            "rising_imports": 0.0,
            "ease": 0.0,  # no common heading: no K
            "supplier_intent": 0.0,
            "demander_intent": 0.0,
            "certifications": 0.5,
        }
    )
    for suggestion in found.values():
        expected = sum(WEIGHTS[n] * v for n, v in suggestion.components.items())
        assert suggestion.score == pytest.approx(expected)
    assert found[2].score == pytest.approx(
        0.08
        + 0.19
        + 0.15
        + 0.08
        + 0.04 * GROWTH_RUS / 0.2
        + 0.03 * B_RUS / (1 + B_RUS)
        + 0.11
        + 0.15
        + 0.15 * 0.5
    )
    assert found[3].score == pytest.approx(
        0.19 * SPEC_0805 + 0.15 + 0.03 * B_KAZ / (1 + B_KAZ) + 0.11 * 0.25 + 0.15 * 0.2 + 0.075
    )


def test_certifications_from_both_sides() -> None:
    pair = MatchIndex.build(
        [
            org(1, "exporter", "AZE", offered={"080510"}, certifications={"haccp", "iso9001"}),
            org(2, "buyer", "RUS", sought={"080510"}, certifications_required={"haccp"}),
            org(3, "buyer", "KAZ", sought={"080510"}, certifications_required={"halal"}),
            org(4, "exporter", "TUR", offered={"080510"}),
        ]
    )
    held = {s.profile.id: s.components["certifications"] for s in suggest(pair, 1)}
    assert held == {2: 1.0, 3: 0.0}  # the exporter holds what 2 requires, not what 3 does
    held = {s.profile.id: s.components["certifications"] for s in suggest(pair, 2)}
    assert held == {1: 1.0, 4: 0.0}  # the buyer requires haccp: 1 holds it, 4 does not


def test_ranking_order_and_ties(index, evidence) -> None:
    assert [s.profile.id for s in suggest(index, 1, evidence=evidence)] == [2, 3, 4]
    assert [s.profile.id for s in suggest(index, 1, top=2)] == [2, 3]
    twins = MatchIndex.build(
        [
            org(1, "exporter", "AZE", offered={"080510"}),
            org(9, "buyer", "RUS", sought={"080510"}),
            org(3, "buyer", "KAZ", sought={"080510"}),
        ]
    )
    assert [s.profile.id for s in suggest(twins, 1)] == [3, 9]  # equal scores: by id


def test_a_pair_scores_the_same_from_both_sides(index, evidence) -> None:
    from_buyer = by_id(suggest(index, 2, evidence=evidence))
    assert set(from_buyer) == {1, 7}
    from_exporter = by_id(suggest(index, 1, evidence=evidence))
    assert from_buyer[1].score == pytest.approx(from_exporter[2].score)


def test_an_investor_gets_producers_in_its_sectors(index, evidence) -> None:
    found = suggest(index, 6, evidence=evidence)
    assert [s.profile.id for s in found] == [1]
    assert found[0].facts is None and found[0].components["untapped"] == 0.0


def test_product_fit_of_a_partial_overlap() -> None:
    pair = MatchIndex.build(
        [
            org(1, "exporter", "AZE", offered={"080510", "080520"}),
            org(2, "buyer", "RUS", sought={"080510", "090111", "100199"}),
            org(3, "buyer", "KAZ", sought={"080510"}),
            org(4, "buyer", "TUR", sought={"080520", "030211", "030212"}),
        ]
    )
    found = by_id(suggest(pair, 1))
    # 3 buyers; 080510 held by 2 of them, 080520 by 1, heading 0805 by all 3
    assert found[2].components["hs6"] == pytest.approx(math.log(4 / 2) / math.log(4))
    assert found[4].components["hs6"] == pytest.approx(1.0)  # the rarer code counts
    assert found[3].components["hs4"] == pytest.approx(math.log(4 / 3) / math.log(4))
    # HS2: chapter 08 is all of the exporter's one chapter: ½ + ½ · 1/min(1, 3)
    assert found[2].components["hs2"] == 1.0
    # TUR's chapters {08, 03}: overlap 1 / min(1, 2) = 1
    assert found[4].components["hs2"] == 1.0


def test_text_similarity() -> None:
    same = MatchIndex.build(
        [
            org(1, "exporter", "AZE", description="dried apricots, pitted"),
            org(2, "buyer", "RUS", description="Dried apricots pitted"),
            org(3, "buyer", "KAZ", description="polypropylene granules"),
            org(4, "buyer", "TUR"),
        ]
    )
    text = {s.profile.id: s.components["text"] for s in suggest(same, 1)}
    assert text[2] == pytest.approx(1.0) and text[4] == 0.0 and text[3] < 0.2


def test_evidence_numbers_are_the_analytics_numbers(index, evidence, tiny_warehouse) -> None:
    from tradebridge.workspace import Workspace

    ws = Workspace(tiny_warehouse)
    facts = by_id(suggest(index, 1, evidence=evidence))[2].facts
    assert (facts.exporter, facts.importer, facts.product, facts.year) == (
        "AZE",
        "RUS",
        "270900",
        2021,
    )
    potential = ws.potential("AZE", year=2021, partner="RUS").set_index("product")
    imports = ws.profile("RUS", year=2021, by="product", flow="imports").set_index("product")
    assert facts.untapped == pytest.approx(potential.loc["270900", "untapped_usd"])
    assert facts.untapped == pytest.approx(U_OIL_RUS)
    assert facts.imports == imports.loc["270900", "value_usd"] == 1300
    assert facts.growth == pytest.approx(imports.loc["270900", "cagr"])
    assert facts.growth == pytest.approx((1300 / 1100) ** 0.2 - 1)
    assert facts.supplier_share == pytest.approx(300 / 1300)
    assert not facts.synthetic
    assert evidence_sentence(facts, "en") == (
        "Russia imported $1.3K of HS 270900 in 2021 (+3.4%/yr); Azerbaijan supplies 23.1%; "
        "untapped potential $42."
    )
    assert evidence_sentence(facts, "ru").startswith("Россия: импорт HS 270900 в 2021 г.")
    assert "Azərbaycan" in evidence_sentence(facts, "az")


def test_market_evidence_is_read_once_per_exporting_country(index, tiny_warehouse) -> None:
    from tradebridge.workspace import Workspace

    class Counting(Workspace):
        calls: list[str] = []

        def potential(self, country, **options):
            self.calls.append(country)
            return super().potential(country, **options)

    fresh = MarketEvidence(Counting(tiny_warehouse), year=2021)
    suggest(index, 1, evidence=fresh)  # AZE's buyers in RUS and KAZ: one potential of AZE
    suggest(index, 2, evidence=fresh)  # RUS's suppliers AZE and TUR: one more, of TUR
    suggest(index, 1, evidence=fresh)
    assert Counting.calls == ["AZE", "TUR"]


def test_unknown_organisation_is_bad_input(index) -> None:
    from tradebridge.errors import BadInput

    with pytest.raises(BadInput, match="no organisation with id 99"):
        suggest(index, 99)


def test_planted_registry_recall() -> None:
    from benchmarks.bench_matching import recall_at_k

    from tradebridge.matching.planted import planted_registry

    profiles, truth = planted_registry(600, seed=5)
    scores = recall_at_k(MatchIndex.build(profiles), truth)
    assert scores["matcher"] >= 0.8
    assert scores["matcher"] >= 3 * scores["sector only"] and scores["random"] < 0.1
    assert not math.isnan(scores["random"])


def test_the_suggestions_table(tiny_warehouse) -> None:
    from tradebridge.matching.suggestions import matches
    from tradebridge.workspace import Workspace

    rows = matches(REGISTRY, 1, top=2, workspace=Workspace(tiny_warehouse), language="ru")
    assert rows["id"].tolist() == [2, 3] and rows["rank"].tolist() == [1, 2]
    assert list(rows.columns) == [
        "rank", "id", "name", "kind", "country", "score", *WEIGHTS, "evidence", "product",
        "synthetic",
    ]  # fmt: skip
    assert rows["product"].tolist() == ["270900", "080510"]  # the products the sentences name
    assert rows.loc[1, "evidence"].replace("\xa0", " ") == (  # no 2016 imports: no growth
        "Казахстан: импорт HS 080510 в 2021 г. — 50 $; поставщик Азербайджан: доля 100,0%; "
        "неиспользованный потенциал 0 $."
    )
    meta = rows.attrs["meta"]
    assert meta["weights"] == WEIGHTS and meta["source"] == "tiny test world"
    assert not meta["synthetic"]
    without = matches(REGISTRY, 6, workspace=None)
    assert without["evidence"].tolist() == [
        "No trade data loaded: the market components are 0."
    ]  # fmt: skip
    investor = matches(REGISTRY, 6, workspace=Workspace(tiny_warehouse))
    assert investor["evidence"].str.startswith("No importing market").all()
    buyer_abroad = matches(REGISTRY, 2, workspace=Workspace(tiny_warehouse))  # AZE and TUR
    assert buyer_abroad["evidence"].str.contains("Russia imported").all()


def test_partners_share_a_product_chapter() -> None:
    registry = MatchIndex.build(
        [
            org(1, "exporter", "AZE", offered={"080510"}, target_markets={"RUS", "KAZ"}),
            org(2, "buyer", "RUS", sought={"390110"}, target_markets={"AZE"}),  # plastics
            org(3, "buyer", "KAZ", sought={"081010"}),  # chapter 08 too
            org(4, "buyer", "TUR"),  # declares no product: not filtered
        ]
    )
    assert [s.profile.id for s in suggest(registry, 1)] == [3, 4]
    assert [s.profile.id for s in suggest(registry, 2)] == []
