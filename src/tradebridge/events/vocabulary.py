"""The events' fixed vocabularies: kinds and statuses, with what people read for each.

>>> KINDS[0], STATUSES[0], STATUSES[-1]
('business_forum', 'draft', 'closed')
"""

from __future__ import annotations

from tradebridge.i18n import N_

KINDS = (
    "business_forum",
    "outbound_mission",
    "inbound_mission",
    "exhibition",
    "council_session",
)
KIND_LABELS = {
    "business_forum": N_("Business forum (B2B meetings)"),
    "outbound_mission": N_("Outbound trade mission"),
    "inbound_mission": N_("Inbound buyer mission"),
    "exhibition": N_("Exhibition participation"),
    "council_session": N_("Business council session"),
}
STATUSES = (
    "draft",
    "registration_open",
    "requests_open",
    "scheduling",
    "published",
    "live",
    "closed",
)
STATUS_LABELS = {
    "draft": N_("Draft"),
    "registration_open": N_("Registration open"),
    "requests_open": N_("Meeting requests open"),
    "scheduling": N_("Scheduling"),
    "published": N_("Schedule published"),
    "live": N_("Live"),
    "closed": N_("Closed"),
}
TITLE_LANGUAGES = ("en", "az", "ru")

PARTICIPANT_STATUSES = ("pending", "approved", "declined", "withdrawn")
PARTICIPANT_STATUS_LABELS = {
    "pending": N_("Waiting for approval"),
    "approved": N_("Approved"),
    "declined": N_("Declined"),
    "withdrawn": N_("Withdrawn"),
}
ENTRY_KINDS = ("offer", "request", "cooperation")
ENTRY_KIND_LABELS = {
    "offer": N_("Offer"),
    "request": N_("Request"),
    "cooperation": N_("Cooperation"),
}

PRIORITIES = ("must", "should", "could")
PRIORITY_LABELS = {
    "must": N_("Must meet"),
    "should": N_("Should meet"),
    "could": N_("Could meet"),
}
REQUEST_STATUSES = ("pending", "accepted", "declined", "withdrawn", "expired")
REQUEST_STATUS_LABELS = {
    "pending": N_("Waiting for an answer"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "withdrawn": N_("Withdrawn"),
    "expired": N_("Expired"),
}
MEETING_STATUSES = ("draft", "published")

ATTENDANCE = ("held", "no_show", "cancelled")
ATTENDANCE_LABELS = {
    "held": N_("Held"),
    "no_show": N_("No-show"),
    "cancelled": N_("Cancelled"),
}
INTEREST = ("none", "low", "high")
INTEREST_LABELS = {
    "none": N_("No interest"),
    "low": N_("Low interest"),
    "high": N_("High interest"),
}
LEAD_KINDS = ("lead", "deal", "mou")
LEAD_KIND_LABELS = {
    "lead": N_("Lead"),
    "deal": N_("Deal"),
    "mou": N_("Memorandum of understanding"),
}
FOLLOW_UP_DAYS = (30, 90)
