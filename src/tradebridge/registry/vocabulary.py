"""The registry's fixed vocabularies and the columns of its import/export format.

The names are a contract with the matching engine and the demo-registry generator
(``organisation kinds``, ``certifications``, the file columns): change them only together.

>>> KINDS[:2], SIZE_BANDS[-1], STATUSES[0]
(('exporter', 'buyer'), 'large', 'draft')
>>> [c.name for c in COLUMNS if c.required]
['kind', 'country']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tradebridge.i18n import N_

KINDS = ("exporter", "buyer", "investor", "service", "association")
CERTIFICATIONS = (
    "iso9001",
    "iso14001",
    "iso22000",
    "haccp",
    "halal",
    "kosher",
    "globalgap",
    "organic",
    "brc",
    "fssc22000",
    "ce",
)
SIZE_BANDS = ("micro", "small", "medium", "large")
STATUSES = ("draft", "verified", "archived")
NAME_LANGUAGES = ("en", "az", "ru")
YES, NO = "yes", "no"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """One column of the import/export file: its name, whether a row needs it, what it holds."""

    name: str
    required: bool
    content: str  # English; translated where it is shown
    choices: tuple[str, ...] = ()
    is_list: bool = False


COLUMNS = (
    Column("ref", False, N_("the agency's own identifier, unique when given")),
    Column("kind", True, N_("kind of organisation"), KINDS),
    Column("name_en", False, N_("name in English (at least one name is required)")),
    Column("name_az", False, N_("name in Azerbaijani")),
    Column("name_ru", False, N_("name in Russian")),
    Column("country", True, N_("ISO3 country code, e.g. AZE")),
    Column("city", False, N_("city, free text")),
    Column("sectors", False, N_("sector ids of `tradebridge reference sectors`"), is_list=True),
    Column(
        "products_offered",
        False,
        N_("HS6 codes (6 digits) offered, each optionally followed by its description"),
        is_list=True,
    ),
    Column(
        "products_sought",
        False,
        N_("HS6 codes (6 digits) sought, each optionally followed by its description"),
        is_list=True,
    ),
    Column("description_en", False, N_("description in English")),
    Column("description_az", False, N_("description in Azerbaijani")),
    Column("description_ru", False, N_("description in Russian")),
    Column("certifications", False, N_("certifications held"), CERTIFICATIONS, is_list=True),
    Column(
        "certifications_required",
        False,
        N_("certifications required of suppliers"),
        CERTIFICATIONS,
        is_list=True,
    ),
    Column("current_markets", False, N_("ISO3 codes of current export markets"), is_list=True),
    Column("target_markets", False, N_("ISO3 codes of target export markets"), is_list=True),
    Column("size_band", False, N_("size band"), SIZE_BANDS),
    Column("contact_name", False, N_("contact person")),
    Column("contact_role", False, N_("contact's role")),
    Column("contact_email", False, N_("contact's e-mail")),
    Column("contact_phone", False, N_("contact's phone")),
    Column(
        "contact_public",
        False,
        N_(
            "consent to show the contact publicly (more contacts: contact2_name, "
            "contact2_role, contact2_email, contact2_phone, contact2_public, then contact3_…)"
        ),
        (YES, NO),
    ),
    Column("brand", False, N_("brand membership, e.g. Made in Azerbaijan")),
    Column("brand_since", False, N_("brand member since, YYYY-MM-DD")),
    Column("status", False, N_("status (default draft)"), STATUSES),
    Column("synthetic", False, N_("yes for generated demo rows"), (YES, NO)),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
CONTACT_FIELDS = ("name", "role", "email", "phone", "public")
MAX_CONTACTS = 99
_MORE_CONTACTS = re.compile(r"contact([2-9]|[1-9]\d)_(name|role|email|phone|public)")


def contact_column(number: int, field: str) -> str:
    """The file column of ``field`` of the organisation's contact ``number`` (from 1): the
    first contact has ``contact_…``, the next ones ``contact2_…``, ``contact3_…``.

    >>> contact_column(1, "email"), contact_column(2, "email")
    ('contact_email', 'contact2_email')
    """
    return f"contact_{field}" if number == 1 else f"contact{number}_{field}"


def is_contact_column(name: str) -> bool:
    """Whether ``name`` is a column of a second or later contact (``contact2_name``…).

    >>> is_contact_column("contact12_phone"), is_contact_column("contact1_phone")
    (True, False)
    """
    return _MORE_CONTACTS.fullmatch(name) is not None


def columns_with_contacts(contacts: int) -> tuple[str, ...]:
    """The file's columns holding ``contacts`` contacts (at least the first one's), each
    contact's columns after the previous one's.

    >>> columns_with_contacts(2)[18:28]  # doctest: +NORMALIZE_WHITESPACE
    ('contact_name', 'contact_role', 'contact_email', 'contact_phone', 'contact_public',
     'contact2_name', 'contact2_role', 'contact2_email', 'contact2_phone', 'contact2_public')
    """
    more = [contact_column(n, f) for n in range(2, contacts + 1) for f in CONTACT_FIELDS]
    at = COLUMN_NAMES.index("contact_public") + 1
    return (*COLUMN_NAMES[:at], *more, *COLUMN_NAMES[at:])


NAME_COLUMNS = tuple(f"name_{lang}" for lang in NAME_LANGUAGES)

# what people read for each value (translated where shown)
KIND_LABELS = {
    "exporter": N_("Exporter or producer"),
    "buyer": N_("Buyer, importer or distributor"),
    "investor": N_("Investor"),
    "service": N_("Service provider"),
    "association": N_("Chamber or association"),
}
STATUS_LABELS = {"draft": N_("Draft"), "verified": N_("Verified"), "archived": N_("Archived")}
SIZE_LABELS = {
    "micro": N_("Micro (under 10 people)"),
    "small": N_("Small (10-49 people)"),
    "medium": N_("Medium (50-249 people)"),
    "large": N_("Large (250 people or more)"),
}
CERTIFICATION_LABELS = {
    "iso9001": "ISO 9001",
    "iso14001": "ISO 14001",
    "iso22000": "ISO 22000",
    "haccp": "HACCP",
    "halal": N_("Halal"),
    "kosher": N_("Kosher"),
    "globalgap": "GlobalG.A.P.",
    "organic": N_("Organic"),
    "brc": "BRC",
    "fssc22000": "FSSC 22000",
    "ce": "CE",
}
