"""Agendas: one HTML page and one iCalendar file per participant, one table plan per slot."""

from __future__ import annotations

from datetime import UTC, datetime

import icalendar

from forum_builders import forum, person
from tradebridge.forum.agendas import write_agendas
from tradebridge.forum.model import Meeting, Schedule, ScheduleStats

STATS = ScheduleStats(2, 2, 2.0, 2.0, "test", 0.0, 0, 0, 0.0, None, "optimal", "test")


def test_agendas_are_written_and_parse(tmp_path):
    long_name = "Ünïcode, Ltd; a very long organisation name that needs folding " * 2
    f = forum(
        2,
        ["T1", "T2"],
        [person("A", organisation=long_name), person("B"), person("C")],
        [("A", "B"), ("A", "C")],
    )
    result = Schedule((Meeting("A", "B", "s1", "T1"), Meeting("C", "A", "s2", "T2")), (), STATS)
    out = tmp_path / "agendas"
    written = write_agendas(f, result, out, stamp=datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC))
    names = sorted(p.relative_to(out).as_posix() for p in written)
    assert names == sorted(
        [f"participants/{p}.{ext}" for p in "ABC" for ext in ("html", "ics")]
        + ["tables/s1.html", "tables/s2.html"]
    )
    raw = (out / "participants" / "B.ics").read_bytes()
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    assert b"\n" not in raw.replace(b"\r\n", b"")
    cal = icalendar.Calendar.from_ical((out / "participants" / "A.ics").read_bytes())
    events = [c for c in cal.walk("VEVENT")]
    assert [str(e["LOCATION"]) for e in events] == ["Table T1", "Table T2"]
    assert events[0].decoded("DTSTART") == datetime(2027, 3, 16, 9, 0)
    assert events[1].decoded("DTEND") == datetime(2027, 3, 16, 9, 40)
    b_cal = icalendar.Calendar.from_ical(raw)
    (event,) = b_cal.walk("VEVENT")
    # unescaped and unfolded back to the original text
    assert str(event["DESCRIPTION"]) == f"Name A, {long_name}, AZE, exporter"
    assert len({str(e["UID"]) for e in events} | {str(event["UID"])}) == 2  # A-B shares its UID
    plan = (out / "tables" / "s1.html").read_text()
    assert "<td>T1</td>" in plan and "1 of 2 tables in use" in plan
    assert "No meetings scheduled" not in (out / "participants" / "C.html").read_text()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp left
