"""The events' status machine: every pair of statuses, against the order written out here."""

from __future__ import annotations

import itertools

import pytest

from tradebridge.errors import BadInput
from tradebridge.events.status import IllegalMove, check_move

ORDER = [
    "draft",
    "registration_open",
    "requests_open",
    "scheduling",
    "published",
    "live",
    "closed",
]
PAIRS = list(itertools.product(ORDER, ORDER))


def test_there_are_seven_statuses_in_this_order() -> None:
    from tradebridge.events.vocabulary import STATUSES

    assert list(STATUSES) == ORDER


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_every_move_without_a_reason(current: str, target: str) -> None:
    if ORDER.index(target) == ORDER.index(current) + 1:
        assert check_move(current, target) == "forward"
        return
    with pytest.raises(IllegalMove) as refused:
        check_move(current, target)
    message = str(refused.value)
    assert current.replace("_", " ") in message and target.replace("_", " ") in message
    assert refused.value.http_status == 409


@pytest.mark.parametrize(("current", "target"), PAIRS)
def test_every_move_with_a_reason(current: str, target: str) -> None:
    here, there = ORDER.index(current), ORDER.index(target)
    if there == here + 1:
        assert check_move(current, target, reason="on time") == "forward"
    elif there < here:
        assert check_move(current, target, reason="a delegation joined late") == "reopen"
    else:
        with pytest.raises(IllegalMove, match=f"from {current.replace('_', ' ')} to"):
            check_move(current, target, reason="a reason does not allow skipping")


def test_the_count_of_allowed_moves() -> None:
    forward = [p for p in PAIRS if _allowed(*p, reason="")]
    with_reason = [p for p in PAIRS if _allowed(*p, reason="why")]
    assert len(PAIRS) == 49
    assert len(forward) == 6  # one step forward from each status but the last
    assert len(with_reason) == 6 + 21  # and back to any of the earlier ones


def _allowed(current: str, target: str, reason: str) -> bool:
    try:
        check_move(current, target, reason=reason)
    except IllegalMove:
        return False
    return True


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_blank_reason_does_not_reopen(reason) -> None:
    with pytest.raises(IllegalMove, match="needs a reason"):
        check_move("live", "published", reason=reason)


def test_an_unknown_status_is_bad_input_naming_the_nearest() -> None:
    with pytest.raises(BadInput, match="nearest: published"):
        check_move("scheduling", "publshed")


def test_a_reason_of_a_whole_book_is_refused() -> None:
    with pytest.raises(BadInput, match="too long"):
        check_move("closed", "live", reason="x" * 5000)
