"""Meeting slots from sessions, against slots worked out by hand, and local times in UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from tradebridge.events.slots import Session, instant, slots

DAY1, DAY2 = date(2026, 12, 8), date(2026, 12, 9)


def _times(found) -> list[tuple[str, str, str]]:
    return [(s.id, s.start, s.end) for s in found]


def test_a_morning_of_25_minute_meetings_with_5_minute_pauses() -> None:
    # 09:00-12:30 is 210 minutes; a meeting starts every 30; the last one 12:00-12:25
    found = slots([Session("3", DAY1, "09:00", "12:30")], meeting=25, pause=5)
    assert _times(found) == [
        ("3.1", "09:00", "09:25"),
        ("3.2", "09:30", "09:55"),
        ("3.3", "10:00", "10:25"),
        ("3.4", "10:30", "10:55"),
        ("3.5", "11:00", "11:25"),
        ("3.6", "11:30", "11:55"),
        ("3.7", "12:00", "12:25"),
    ]
    assert {s.session for s in found} == {"3"} and {s.day for s in found} == {DAY1}


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        ("10:50", [("1.1", "10:00", "10:20"), ("1.2", "10:30", "10:50")]),  # ends exactly
        ("11:00", [("1.1", "10:00", "10:20"), ("1.2", "10:30", "10:50")]),  # no room for a 3rd
        ("10:49", [("1.1", "10:00", "10:20")]),  # one minute short of the second
        ("10:19", []),  # shorter than one meeting
    ],
)
def test_the_last_slot_ends_by_the_session_end(end: str, expected) -> None:
    found = slots([Session("1", DAY1, "10:00", end)], meeting=20, pause=10)
    assert _times(found) == expected


def test_back_to_back_meetings_without_pauses() -> None:
    found = slots([Session("9", DAY1, "14:00", "15:00")], meeting=15)
    assert _times(found) == [
        ("9.1", "14:00", "14:15"),
        ("9.2", "14:15", "14:30"),
        ("9.3", "14:30", "14:45"),
        ("9.4", "14:45", "15:00"),
    ]


def test_sessions_of_two_days_come_out_in_time_order() -> None:
    sessions = [
        Session("5", DAY2, "10:00", "10:40"),
        Session("4", DAY1, "15:00", "15:40"),
        Session("2", DAY1, "09:00", "09:40"),
    ]
    found = slots(sessions, meeting=20)
    assert [(s.id, s.day) for s in found] == [
        ("2.1", DAY1),
        ("2.2", DAY1),
        ("4.1", DAY1),
        ("4.2", DAY1),
        ("5.1", DAY2),
        ("5.2", DAY2),
    ]


@pytest.mark.parametrize(
    ("day", "local", "zone", "utc"),
    [
        (DAY1, "10:00", "Asia/Baku", datetime(2026, 12, 8, 6, 0, tzinfo=UTC)),  # UTC+4
        (DAY1, "10:00", "Europe/Moscow", datetime(2026, 12, 8, 7, 0, tzinfo=UTC)),  # UTC+3
        (DAY1, "10:00", "Europe/Berlin", datetime(2026, 12, 8, 9, 0, tzinfo=UTC)),  # winter +1
        (date(2026, 7, 1), "10:00", "Europe/Berlin", datetime(2026, 7, 1, 8, tzinfo=UTC)),
        (DAY1, "00:30", "Asia/Tashkent", datetime(2026, 12, 7, 19, 30, tzinfo=UTC)),  # UTC+5
    ],
)
def test_local_times_in_the_event_zone_as_utc(day, local, zone, utc) -> None:
    assert instant(day, local, zone) == utc
