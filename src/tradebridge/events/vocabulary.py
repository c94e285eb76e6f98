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
