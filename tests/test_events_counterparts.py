"""Suggested counterparts: the ranking core on a hand-made example (numbers worked out by hand
below), and the service over a tiny registry and the tiny warehouse.

The example: Aysel (AZE exporter, org 1) offers apples 080810 and oranges 080520. The event is
AZE–RUS, and the warehouse's untapped potential AZE→RUS is 99 for 080810 and 50 for 080520.

- Boris (RUS buyer, org 2) seeks 080890: basket {080810}, U = 99; registry match 0.6;
- Chen (RUS buyer, org 3) seeks 080510 and 080810: basket {080810, 080520}, U = 149; match 0.2;
- Dana (KAZ buyer, org 4) seeks 080810, but AZE–KAZ is not the event's pair: U = 0; match 0.5;
- Egor (RUS exporter, org 5) seeks nothing and the registry does not match him: score 0.

U_max = 149, so opportunity = ln(1 + U) / ln(150): Boris ln 100 / ln 150 = 4.605170 / 5.010635
= 0.919079, Chen 1, Dana 0. Score = ½ match + ½ opportunity: Boris 0.3 + 0.459540 = 0.759540,
Chen 0.1 + 0.5 = 0.6, Dana 0.25; Egor 0 is left out.
"""

from __future__ import annotations

import pytest

from tradebridge.events.counterparts import Opportunity, RegistryMatch, Side, rank

AYSEL = Side(1, 1, "AZE", offered=frozenset({"080810", "080520"}))
BORIS = Side(2, 2, "RUS", sought=frozenset({"080890"}))
CHEN = Side(3, 3, "RUS", sought=frozenset({"080510", "080810"}))
DANA = Side(4, 4, "KAZ", sought=frozenset({"080810"}))
EGOR = Side(5, 5, "RUS", offered=frozenset({"080810"}))
MATCHES = {2: RegistryMatch(0.6, {"hs4": 1.0}), 3: RegistryMatch(0.2), 4: RegistryMatch(0.5)}
UNTAPPED = {("AZE", "RUS"): {"080810": 99.0, "080520": 50.0, "270900": 1000.0}, ("RUS", "AZE"): {}}


def test_the_ranking_by_hand() -> None:
    found = rank(AYSEL, [EGOR, DANA, CHEN, BORIS], MATCHES, UNTAPPED)
    assert [c.side.participant_id for c in found] == [2, 3, 4]
    boris, chen, dana = found
    assert boris.score == pytest.approx(0.759540, abs=1e-6)
    assert boris.opportunity == pytest.approx(0.919079, abs=1e-6)
    assert (boris.match, boris.untapped, boris.components) == (0.6, 99.0, {"hs4": 1.0})
    assert boris.evidence == Opportunity("AZE", "RUS", "080810", 99.0, 99.0, 1)
    assert (chen.score, chen.opportunity, chen.untapped) == (pytest.approx(0.6), 1.0, 149.0)
    assert chen.evidence == Opportunity("AZE", "RUS", "080810", 99.0, 149.0, 2)
    assert (dana.score, dana.opportunity, dana.evidence) == (0.25, 0.0, None)


def test_the_other_direction_and_the_cut() -> None:
    """Chen, a Russian buyer, sees Aysel with the same AZE→RUS evidence (she is his only
    candidate, so her U is the largest: opportunity 1); ``top`` cuts the list."""
    [aysel] = rank(CHEN, [AYSEL], {1: RegistryMatch(0.2)}, UNTAPPED)
    assert aysel.evidence == Opportunity("AZE", "RUS", "080810", 99.0, 149.0, 2)
    assert aysel.score == pytest.approx(0.6)
    assert len(rank(AYSEL, [DANA, CHEN, BORIS], MATCHES, UNTAPPED, top=1)) == 1


def test_without_trade_data_the_registry_alone_ranks() -> None:
    found = rank(AYSEL, [BORIS, CHEN, DANA], MATCHES, {})
    assert [(c.side.participant_id, c.score) for c in found] == [(2, 0.3), (4, 0.25), (3, 0.1)]
    assert all(c.evidence is None for c in found)


def test_ties_are_broken_by_participant_id() -> None:
    twin = Side(9, 9, "RUS", sought=frozenset({"080890"}))
    found = rank(AYSEL, [twin, BORIS], {2: RegistryMatch(0.6), 9: RegistryMatch(0.6)}, UNTAPPED)
    assert [c.side.participant_id for c in found] == [2, 9]
