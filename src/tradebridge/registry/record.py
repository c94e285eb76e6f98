"""One organisation as plain data, and the one validator every way in goes through.

The import file, the web form and the REST API all produce an ``OrganisationRecord``; its
``problems()`` lists every rule the record breaks as ``(field, reason)`` pairs, so that a file's
reject, a form's message and the API's 400 say the same thing. ``parse_cells`` reads the text
cells of one import row (the columns of ``vocabulary.COLUMNS``); ``record_cells`` writes them back.

>>> record, problems = parse_cells({"kind": "Exporter", "name_en": "Kend Foods",
...     "country": "aze", "products_offered": "080810; 081310", "contact_public": "yes"})
>>> problems, record.kind, record.country, [p.code for p in record.offered]
([], 'exporter', 'AZE', ['080810', '081310'])
>>> parse_cells({"kind": "farmer", "country": "AZE"})[1]
[('kind', "unknown kind 'farmer'; valid: exporter, buyer, investor, service, association"), \
('name_en', 'at least one name (name_en, name_az or name_ru) is required')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from tradebridge.errors import InvalidRecord, nearest
from tradebridge.field_checks import (
    Problem,
    code_problems,
    country_codes,
    hs6_codes,
    sector_ids,
    text_problems,
)
from tradebridge.registry.vocabulary import (
    CERTIFICATIONS,
    CONTACT_FIELDS,
    KINDS,
    LIST_SEPARATOR,
    NAME_LANGUAGES,
    NO,
    SIZE_BANDS,
    STATUSES,
    YES,
    contact_column,
    is_contact_column,
)

MAX_NAME = 300
MAX_LINE = 300
MAX_TEXT = 5000
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[\d\s().\-/]{5,40}")
_HS6 = re.compile(r"\d{6}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Contact:
    """A contact person; ``public`` is the consent to be shown in the public catalogue."""

    name: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    public: bool = False

    def is_empty(self) -> bool:
        return not (self.name or self.role or self.email or self.phone)


@dataclass(frozen=True)
class Product:
    """An HS6 code offered or sought, with the organisation's own words for it."""

    code: str
    description: str = ""


@dataclass(frozen=True)
class OrganisationRecord:
    """Everything the registry holds about one organisation, as plain values."""

    kind: str
    country: str
    name_en: str = ""
    name_az: str = ""
    name_ru: str = ""
    ref: str | None = None
    city: str = ""
    sectors: tuple[str, ...] = ()
    offered: tuple[Product, ...] = ()
    sought: tuple[Product, ...] = ()
    description_en: str = ""
    description_az: str = ""
    description_ru: str = ""
    certifications: tuple[str, ...] = ()
    certifications_required: tuple[str, ...] = ()
    current_markets: tuple[str, ...] = ()
    target_markets: tuple[str, ...] = ()
    size_band: str | None = None
    contacts: tuple[Contact, ...] = ()
    brand: str | None = None
    brand_since: date | None = None
    status: str = "draft"
    synthetic: bool = False
    responsible_id: int | None = field(default=None, compare=False)

    def names(self) -> list[str]:
        """The names given, English first."""
        return [n for n in (self.name_en, self.name_az, self.name_ru) if n]

    def name(self, language: str = "en") -> str:
        """The name in ``language``, else the first name given."""
        return getattr(self, f"name_{language}", "") or (self.names() or [""])[0]

    def problems(self) -> list[Problem]:
        """Every rule this record breaks, as ``(field, reason)``; empty when it is valid."""
        return list(_problems(self))


def ensure_valid(record: OrganisationRecord) -> OrganisationRecord:
    """``record`` if it breaks no rule; ``InvalidRecord`` listing them otherwise."""
    problems = record.problems()
    if problems:
        raise InvalidRecord(problems)
    return record


_TEXT_LIMITS = (
    *((f"name_{lang}", MAX_NAME) for lang in NAME_LANGUAGES),
    *((f"description_{lang}", MAX_TEXT) for lang in NAME_LANGUAGES),
    ("city", MAX_LINE),
    ("ref", MAX_LINE),
    ("brand", MAX_LINE),
)


def _problems(r: OrganisationRecord) -> Iterable[Problem]:
    if r.kind not in KINDS:
        yield "kind", f"unknown kind {r.kind!r}; {nearest(r.kind, list(KINDS))}"
    if not r.names():
        yield "name_en", "at least one name (name_en, name_az or name_ru) is required"
    yield from code_problems("country", [r.country], country_codes(), "country code")
    for name, limit in _TEXT_LIMITS:
        yield from text_problems(name, getattr(r, name) or "", limit)
    yield from code_problems("sectors", r.sectors, sector_ids(), "sector")
    for name, products in (("products_offered", r.offered), ("products_sought", r.sought)):
        for product in products:
            yield from _product_problems(name, product)
    for name, values in (
        ("certifications", r.certifications),
        ("certifications_required", r.certifications_required),
    ):
        yield from code_problems(name, values, CERTIFICATIONS, "certification")
    yield from code_problems("current_markets", r.current_markets, country_codes(), "country code")
    yield from code_problems("target_markets", r.target_markets, country_codes(), "country code")
    if r.size_band is not None and r.size_band not in SIZE_BANDS:
        yield "size_band", f"unknown size band {r.size_band!r}; valid: {', '.join(SIZE_BANDS)}"
    if r.status not in STATUSES:
        yield "status", f"unknown status {r.status!r}; valid: {', '.join(STATUSES)}"
    for number, contact in enumerate(r.contacts, start=1):
        yield from _contact_problems(contact, number)
    if r.brand_since is not None and not r.brand:
        yield "brand_since", "a membership date needs a brand"


def _product_problems(name: str, product: Product) -> Iterable[Problem]:
    if not _HS6.fullmatch(product.code):
        yield name, f"not an HS6 code of 6 digits: {product.code!r}"
    elif product.code not in hs6_codes():
        yield name, f"unknown HS6 code {product.code!r}"
    yield from text_problems(name, product.description, MAX_LINE)


def _contact_problems(c: Contact, number: int) -> Iterable[Problem]:
    """The problems of contact ``number`` (from 1), named by its file columns."""
    for part, value in (("name", c.name), ("role", c.role)):
        yield from text_problems(contact_column(number, part), value, MAX_LINE)
    if c.email and not _EMAIL.fullmatch(c.email):
        yield contact_column(number, "email"), f"not an e-mail address: {c.email!r}"
    if c.phone and not (_PHONE.fullmatch(c.phone) and sum(ch.isdigit() for ch in c.phone) >= 5):
        yield contact_column(number, "phone"), f"not a phone number: {c.phone!r}"


def split_list(text: str) -> tuple[str, ...]:
    """A ``;``-separated cell as its distinct non-empty items, in order.

    >>> split_list(" AZE; RUS;;AZE ")
    ('AZE', 'RUS')
    """
    items = (item.strip() for item in text.split(LIST_SEPARATOR))
    return tuple(dict.fromkeys(item for item in items if item))


def products_of(text: str) -> tuple[Product, ...]:
    """The products of a cell: HS6 codes, each optionally followed by the organisation's own
    words for it (dots in the code are ignored); a code listed twice counts once.

    >>> products_of("080810; 0813.10 dried apricots, pitted;080810")
    (Product(code='080810', description=''), Product(code='081310', \
description='dried apricots, pitted'))
    """
    found: dict[str, Product] = {}
    for item in split_list(text):
        code, _, words = item.partition(" ")
        code = code.replace(".", "")
        found.setdefault(code, Product(code, words.strip()))
    return tuple(found.values())


def product_text(product: Product) -> str:
    """A product as a cell item: its code, then its description if any.

    >>> product_text(Product("081310", "dried apricots"))
    '081310 dried apricots'
    """
    return f"{product.code} {product.description}".strip()


@lru_cache(maxsize=4096)
def certification_id(text: str) -> str:
    """A certification as its id: lower case, without spaces, dots or dashes.

    >>> certification_id("GlobalG.A.P."), certification_id("ISO 9001")
    ('globalgap', 'iso9001')
    """
    return re.sub(r"[\s.\-_]", "", text).casefold()


def _yes_no(cells: Mapping[str, str], name: str, problems: list[Problem]) -> bool:
    value = cells.get(name, "").strip().casefold()
    if value in ("", NO):
        return False
    if value == YES:
        return True
    problems.append((name, f"expected yes or no, not {cells[name].strip()!r}"))
    return False


def _date(cells: Mapping[str, str], name: str, problems: list[Problem]) -> date | None:
    value = cells.get(name, "").strip()
    if not value:
        return None
    try:
        if _DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    problems.append((name, f"not a date YYYY-MM-DD: {value!r}"))
    return None


def _mapped(text: str, convert: Callable[[str], str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(convert(item) for item in split_list(text)))


def parse_cells(cells: Mapping[str, str]) -> tuple[OrganisationRecord | None, list[Problem]]:
    """The record one import row describes, and every problem found in it (the record is
    None when there are problems). Cells are text; missing columns are empty."""
    problems: list[Problem] = []

    def text(name: str) -> str:
        return (cells.get(name) or "").strip()

    contacts = tuple(
        contact
        for contact in (
            Contact(
                name=text(contact_column(number, "name")),
                role=text(contact_column(number, "role")),
                email=text(contact_column(number, "email")),
                phone=text(contact_column(number, "phone")),
                public=_yes_no(cells, contact_column(number, "public"), problems),
            )
            for number in range(1, _contact_count(cells) + 1)
        )
        if not contact.is_empty()
    )
    record = OrganisationRecord(
        kind=text("kind").casefold(),
        country=text("country").upper(),
        name_en=text("name_en"),
        name_az=text("name_az"),
        name_ru=text("name_ru"),
        ref=text("ref") or None,
        city=text("city"),
        sectors=_mapped(text("sectors"), str.casefold),
        offered=products_of(text("products_offered")),
        sought=products_of(text("products_sought")),
        description_en=text("description_en"),
        description_az=text("description_az"),
        description_ru=text("description_ru"),
        certifications=_mapped(text("certifications"), certification_id),
        certifications_required=_mapped(text("certifications_required"), certification_id),
        current_markets=_mapped(text("current_markets"), str.upper),
        target_markets=_mapped(text("target_markets"), str.upper),
        size_band=text("size_band").casefold() or None,
        contacts=contacts,
        brand=text("brand") or None,
        brand_since=_date(cells, "brand_since", problems),
        status=text("status").casefold() or "draft",
        synthetic=_yes_no(cells, "synthetic", problems),
    )
    missing = [name for name in ("kind", "country") if not text(name)]
    problems += [(name, "required") for name in missing]
    problems += [p for p in record.problems() if p[0] not in missing]
    return (None, problems) if problems else (record, [])


def _contact_count(cells: Mapping[str, str]) -> int:
    """How many contacts a row's columns hold room for (``contact7_name`` makes 7)."""
    return _contacts_in(tuple(cells))


@lru_cache(maxsize=64)
def _contacts_in(columns: tuple[str, ...]) -> int:
    """``_contact_count`` of the columns of a row (a file's rows share them: worked out once)."""
    numbers = [int(name[7 : name.index("_")]) for name in columns if is_contact_column(name)]
    return max([1, *numbers])


def record_cells(record: OrganisationRecord) -> dict[str, str]:
    """The import row of ``record``: every contact, the first in ``contact_…``, the next ones
    in ``contact2_…``, ``contact3_…`` (``parse_cells`` reads them back)."""
    join = LIST_SEPARATOR.join
    contacts: dict[str, str] = {}
    for number, contact in enumerate(record.contacts or (Contact(),), start=1):
        for part in CONTACT_FIELDS:
            value = getattr(contact, part)
            cell = (YES if value else NO) if part == "public" else value
            contacts[contact_column(number, part)] = cell
    return {
        "ref": record.ref or "",
        "kind": record.kind,
        "name_en": record.name_en,
        "name_az": record.name_az,
        "name_ru": record.name_ru,
        "country": record.country,
        "city": record.city,
        "sectors": join(record.sectors),
        "products_offered": join(product_text(p) for p in record.offered),
        "products_sought": join(product_text(p) for p in record.sought),
        "description_en": record.description_en,
        "description_az": record.description_az,
        "description_ru": record.description_ru,
        "certifications": join(record.certifications),
        "certifications_required": join(record.certifications_required),
        "current_markets": join(record.current_markets),
        "target_markets": join(record.target_markets),
        "size_band": record.size_band or "",
        **contacts,
        "brand": record.brand or "",
        "brand_since": record.brand_since.isoformat() if record.brand_since else "",
        "status": record.status,
        "synthetic": YES if record.synthetic else NO,
    }


def record_values(record: OrganisationRecord) -> dict[str, Any]:
    """The record as plain values named as the import's columns (lists as lists, products and
    contacts as dicts, ``brand_since`` a date): the ``organisations`` row's columns, and the
    API's body once dates are written as text."""
    return {
        "kind": record.kind,
        "country": record.country,
        "name_en": record.name_en,
        "name_az": record.name_az,
        "name_ru": record.name_ru,
        "ref": record.ref,
        "city": record.city,
        "sectors": list(record.sectors),
        "products_offered": [dict(p.__dict__) for p in record.offered],
        "products_sought": [dict(p.__dict__) for p in record.sought],
        "description_en": record.description_en,
        "description_az": record.description_az,
        "description_ru": record.description_ru,
        "certifications": list(record.certifications),
        "certifications_required": list(record.certifications_required),
        "current_markets": list(record.current_markets),
        "target_markets": list(record.target_markets),
        "size_band": record.size_band,
        "contacts": [dict(c.__dict__) for c in record.contacts],
        "brand": record.brand,
        "brand_since": record.brand_since,
        "status": record.status,
        "synthetic": record.synthetic,
        "responsible_id": record.responsible_id,
    }


def record_from_values(values: Mapping[str, Any]) -> OrganisationRecord:
    """A record from ``record_values``-shaped values (an API body), normalised as the file's
    cells are (case of codes, certification spellings); not yet validated."""
    since = values.get("brand_since")
    return OrganisationRecord(
        kind=str(values["kind"]).strip().casefold(),
        country=str(values["country"]).strip().upper(),
        name_en=values.get("name_en", "").strip(),
        name_az=values.get("name_az", "").strip(),
        name_ru=values.get("name_ru", "").strip(),
        ref=(values.get("ref") or "").strip() or None,
        city=values.get("city", "").strip(),
        sectors=tuple(dict.fromkeys(s.strip().casefold() for s in values.get("sectors", ()))),
        offered=_products(values.get("products_offered", ())),
        sought=_products(values.get("products_sought", ())),
        description_en=values.get("description_en", "").strip(),
        description_az=values.get("description_az", "").strip(),
        description_ru=values.get("description_ru", "").strip(),
        certifications=_ids(values.get("certifications", ()), certification_id),
        certifications_required=_ids(values.get("certifications_required", ()), certification_id),
        current_markets=_ids(values.get("current_markets", ()), lambda m: m.strip().upper()),
        target_markets=_ids(values.get("target_markets", ()), lambda m: m.strip().upper()),
        size_band=values.get("size_band") or None,
        contacts=tuple(
            c
            for c in (
                Contact(
                    name=c.get("name", "").strip(),
                    role=c.get("role", "").strip(),
                    email=c.get("email", "").strip(),
                    phone=c.get("phone", "").strip(),
                    public=bool(c.get("public", False)),
                )
                for c in values.get("contacts", ())
            )
            if not c.is_empty()
        ),
        brand=(values.get("brand") or "").strip() or None,
        brand_since=date.fromisoformat(since) if isinstance(since, str) else since,
        status=values.get("status") or "draft",
        synthetic=bool(values.get("synthetic", False)),
        responsible_id=values.get("responsible_id"),
    )


def _products(items: Iterable[Mapping[str, str]]) -> tuple[Product, ...]:
    found: dict[str, Product] = {}
    for item in items:
        code = item["code"].strip().replace(".", "")
        found.setdefault(code, Product(code, item.get("description", "").strip()))
    return tuple(found.values())


def _ids(items: Iterable[str], convert: Callable[[str], str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(convert(item) for item in items if item.strip()))
