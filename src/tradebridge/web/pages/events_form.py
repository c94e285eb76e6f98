"""Reading the event forms of the web pages into the events' records (text fields in, plain
values out; the records' own validators say what is wrong)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from tradebridge.amounts import amount
from tradebridge.errors import BadInput
from tradebridge.events.outcomes import LeadRecord, OutcomeRecord
from tradebridge.events.record import EventRecord, table_names
from tradebridge.events.registration import Entry, ParticipantRecord
from tradebridge.events.slots import Session
from tradebridge.web.form_values import codes, day, items, whole, words


def tables(text: str) -> tuple[str, ...]:
    """The venue's tables: a number N (tables 1 … N) or the names, separated by commas.

    >>> tables("3"), tables("A1, A2")
    (('1', '2', '3'), ('A1', 'A2'))
    """
    text = text.strip()
    if text.isdigit():
        return table_names(min(int(text), 100_000))
    return tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))


def event_record(form: Mapping[str, str], sessions: Sequence[Sequence[str]]) -> EventRecord:
    """The event a form describes; ``sessions`` are rows ``(key, day, start, end, name)``
    (rows without a day are left out)."""
    given = []
    for k, (key, when, start, end, name) in enumerate(sessions, start=1):
        if not when.strip():
            continue
        on = day(when, f"session {k}")
        given.append(Session(key.strip(), on, start.strip(), end.strip(), name.strip()))
    return EventRecord(
        kind=form.get("kind", ""),
        title_en=form.get("title_en", "").strip(),
        title_az=form.get("title_az", "").strip(),
        title_ru=form.get("title_ru", "").strip(),
        starts_on=day(form.get("starts_on", ""), "starts_on"),
        ends_on=day(form.get("ends_on", ""), "ends_on"),
        time_zone=form.get("time_zone", "").strip(),
        city=form.get("city", "").strip(),
        country=form.get("country", "").strip().upper(),
        organiser=form.get("organiser", "").strip(),
        partner_countries=words(form.get("partner_countries", "")),
        sectors=items(form.get("sectors", "")),
        capacity=whole(form.get("capacity", ""), "capacity"),
        tables=tables(form.get("tables", "")),
        meeting_minutes=whole(form.get("meeting_minutes", ""), "meeting_minutes") or 0,
        pause_minutes=whole(form.get("pause_minutes", ""), "pause_minutes") or 0,
        sessions=tuple(given),
        auto_accept=form.get("auto_accept", "") in ("on", "true", "1"),
        request_cap=whole(form.get("request_cap", ""), "request_cap"),
        requests_expire_on=day(form.get("requests_expire_on", ""), "requests_expire_on"),
    )


def participant_record(
    form: Mapping[str, str],
    sessions: Sequence[str] | None,
    entries: Sequence[Sequence[str]],
) -> ParticipantRecord:
    """The registration a form describes; ``sessions`` are the ticked session ids (None:
    every session); ``entries`` rows ``(kind, title, description, hs codes)`` (rows without a
    title are left out)."""
    organisation = whole(form.get("organisation_id", ""), "organisation_id")
    if organisation is None:
        raise BadInput("choose the organisation", field="organisation_id")
    chosen = None
    if sessions is not None:
        chosen = tuple(whole(s, "available_sessions") or 0 for s in sessions)
    return ParticipantRecord(
        organisation_id=organisation,
        person_name=form.get("person_name", "").strip(),
        email=form.get("email", "").strip(),
        position=form.get("position", "").strip(),
        available_sessions=chosen,
        max_meetings=whole(form.get("max_meetings", ""), "max_meetings"),
        table=form.get("table", "").strip() or None,
        entries=tuple(
            Entry(kind.strip(), title.strip(), text.strip(), codes(hs))
            for kind, title, text, hs in entries
            if title.strip()
        ),
    )


def lead_record(form: Mapping[str, str]) -> LeadRecord | None:
    """The lead, deal or MoU of an outcome or mission form (None when ``lead_kind`` is empty);
    the value in US$ may carry spaces or thousands commas."""
    kind = form.get("lead_kind", "").strip()
    if not kind:
        return None
    found = codes(form.get("product", ""))
    if len(found) > 1:
        raise BadInput(f"one HS6 product, not {len(found)}", field="product")
    product = found[0] if found else None
    return LeadRecord(
        kind=kind,
        product=product,
        value_usd=amount(form.get("value_usd", ""), "value_usd"),
        expected_on=day(form.get("expected_on", ""), "expected_on"),
        description=form.get("description", ""),
        counterpart_name=form.get("counterpart_name", ""),
    )


def outcome_record(form: Mapping[str, str]) -> OutcomeRecord:
    """One side's outcome of a meeting from its form."""
    return OutcomeRecord(
        interest=form.get("interest", ""),
        next_step=form.get("next_step", ""),
        note=form.get("note", ""),
        lead=lead_record(form),
    )
