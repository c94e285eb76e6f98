"""The organisation form: what the page shows (choices, labels in the reader's language), the
form's values, and the record they make (through the same validator as files and the API)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.registry.record import Contact, OrganisationRecord, Product, parse_cells
from tradebridge.registry.vocabulary import (
    CERTIFICATION_LABELS,
    CERTIFICATIONS,
    COLUMN_NAMES,
    KIND_LABELS,
    KINDS,
    SIZE_BANDS,
    SIZE_LABELS,
    STATUS_LABELS,
    STATUSES,
)
from tradebridge.web.form_values import whole

LISTS = ("sectors", "certifications", "certifications_required")
PRODUCTS = {"products_offered": "offered", "products_sought": "sought"}
BLANK_PRODUCTS = 2
CONTACT_FIELDS = ("name", "role", "email", "phone", "public")
AGENCY = ("status", "brand", "brand_since", "ref", "synthetic", "responsible_id")
SINGLE = tuple(
    c for c in COLUMN_NAMES if c not in LISTS + tuple(PRODUCTS) and not c.startswith("contact_")
)


def labels() -> dict[str, dict[str, str]]:
    """The people's names of the fixed vocabularies, in the current language."""
    return {
        "kind": {k: _(v) for k, v in KIND_LABELS.items()},
        "status": {k: _(v) for k, v in STATUS_LABELS.items()},
        "size": {k: _(v) for k, v in SIZE_LABELS.items()},
        "certification": {k: _(v) for k, v in CERTIFICATION_LABELS.items()},
    }


def field_labels(contacts: int) -> dict[str, str]:
    """What the form calls each field a problem can name, in the current language (contact
    fields as "Contact 2: E-mail")."""
    from tradebridge.registry.vocabulary import contact_column

    named = {
        "kind": _("Kind"),
        "name_en": _("Name in English"),
        "name_az": _("Name in Azerbaijani"),
        "name_ru": _("Name in Russian"),
        "country": _("Country"),
        "city": _("City"),
        "size_band": _("Size"),
        "sectors": _("Sectors"),
        "products_offered": _("Products offered"),
        "products_sought": _("Products sought"),
        "description_en": _("Description in English"),
        "description_az": _("Description in Azerbaijani"),
        "description_ru": _("Description in Russian"),
        "certifications": _("Certifications held"),
        "certifications_required": _("Certifications required of suppliers"),
        "current_markets": _("Current markets"),
        "target_markets": _("Target markets"),
        "status": _("Status"),
        "brand": _("Brand"),
        "brand_since": _("Brand member since"),
        "ref": _("Reference"),
        "responsible_id": _("Staff member responsible"),
    }
    parts = {"name": _("Name"), "role": _("Role"), "email": _("E-mail"), "phone": _("Phone")}
    for number in range(1, contacts + 1):
        for part, label in parts.items():
            text = _("Contact %(number)s: %(field)s") % {"number": number, "field": label}
            named[contact_column(number, part)] = text
    return named


def choices() -> dict[str, list[dict[str, str]]]:
    """What the selectors offer, named in the current language (countries and sectors sorted
    by their names)."""
    from tradebridge.reference.countries import countries
    from tradebridge.reference.sectors import sectors

    lang = current()
    names = labels()
    return {
        "kinds": [{"id": k, "name": names["kind"][k]} for k in KINDS],
        "statuses": [{"id": s, "name": names["status"][s]} for s in STATUSES],
        "sizes": [{"id": s, "name": names["size"][s]} for s in SIZE_BANDS],
        "certifications": [{"id": c, "name": names["certification"][c]} for c in CERTIFICATIONS],
        "sectors": sorted(
            ({"id": s, "name": lang.sector(s)} for s in sectors()["sector"]),
            key=lambda item: item["name"],
        ),
        "countries": sorted(
            ({"id": c, "name": lang.country(c)} for c in countries()["iso3"]),
            key=lambda item: item["name"],
        ),
    }


def values_of(record: OrganisationRecord | None) -> dict[str, Any]:
    """The form's values showing ``record`` (an empty form for None), with one empty contact
    to add."""
    from tradebridge.registry.record import record_cells

    cells = record_cells(record) if record else dict.fromkeys(COLUMN_NAMES, "")
    values: dict[str, Any] = {name: cells[name] for name in SINGLE}
    values["kind"] = values["kind"] or "exporter"
    values["status"] = values["status"] or "draft"
    values["synthetic"] = bool(record and record.synthetic)
    values["responsible_id"] = record.responsible_id if record else None
    for name in LISTS:
        values[name] = list(getattr(record, name)) if record else []
    for name, attribute in PRODUCTS.items():
        products = getattr(record, attribute) if record else ()
        values[name] = [p.__dict__ for p in products] + [Product("").__dict__] * BLANK_PRODUCTS
    contacts = list(record.contacts) if record else []
    values["contacts"] = [c.__dict__ for c in contacts] + [Contact().__dict__]
    return values


def values_from_form(form: Any) -> dict[str, Any]:
    """The values a submitted form holds (repeated fields as lists, contacts zipped)."""
    values: dict[str, Any] = {name: str(form.get(name) or "") for name in SINGLE}
    values["synthetic"] = form.get("synthetic") == "yes"
    values["responsible_id"] = whole(str(form.get("responsible_id") or ""), "responsible_id")
    for name in LISTS:
        values[name] = [str(v) for v in form.getlist(name)]
    for name, way in PRODUCTS.items():
        codes, words = form.getlist(f"{way}_code"), form.getlist(f"{way}_description")
        rows = [{"code": str(c), "description": str(d)} for c, d in zip(codes, words, strict=False)]
        values[name] = rows or [Product("").__dict__]
    columns = [form.getlist(f"contact_{f}") for f in CONTACT_FIELDS]
    contacts = []
    for name, role, email, phone, public in zip(*columns[:4], _padded(columns[4]), strict=False):
        contacts.append(
            {"name": name, "role": role, "email": email, "phone": phone, "public": public == "yes"}
        )
    values["contacts"] = contacts or [Contact().__dict__]
    values["confirm_duplicates"] = form.get("confirm_duplicates") == "yes"
    return values


def _padded(values: list[Any]) -> list[Any]:
    return list(values) + ["no"] * 100


def _products(
    name: str, rows: list[dict[str, str]], problems: list[tuple[str, str]]
) -> tuple[Product, ...]:
    """The products of the form's rows (a code listed twice counts once); a row with words
    but no code is a problem (the code is typed, or picked from the suggestions)."""
    found: dict[str, Product] = {}
    for row in rows:
        code = "".join(str(row.get("code") or "").replace(".", "").split())
        words = str(row.get("description") or "").strip()
        if code:
            found.setdefault(code, Product(code, words))
        elif words:
            problems.append((name, f"no HS6 code for {words!r}: type it or pick a suggestion"))
    return tuple(found.values())


def record_from(
    values: Mapping[str, Any], before: OrganisationRecord | None, agency: bool
) -> tuple[OrganisationRecord | None, dict[str, str]]:
    """The record the form's values make, and the problems by field (first one each). Without
    ``agency`` (a company user) the agency's fields stay as they were (``before``)."""
    cells = {name: values.get(name) or "" for name in SINGLE}
    cells["synthetic"] = "yes" if values.get("synthetic") else "no"
    for name in LISTS:
        cells[name] = ";".join(values.get(name) or [])
    record, problems = parse_cells(cells)
    products = {name: _products(name, values.get(name) or [], problems) for name in PRODUCTS}
    contacts = tuple(
        c
        for c in (
            Contact(
                name=str(c["name"]).strip(),
                role=str(c["role"]).strip(),
                email=str(c["email"]).strip(),
                phone=str(c["phone"]).strip(),
                public=bool(c["public"]),
            )
            for c in values.get("contacts") or []
        )
        if not c.is_empty()
    )
    errors: dict[str, str] = {}
    for name, reason in problems:
        errors.setdefault(name, reason)
    if record is None:
        return None, errors
    record = replace(
        record,
        offered=products["products_offered"],
        sought=products["products_sought"],
        contacts=contacts,
        responsible_id=values.get("responsible_id"),
    )
    if not agency:
        kept = {name: getattr(before, name) for name in AGENCY} if before else {}
        record = replace(record, **kept) if kept else replace(record, status="draft")
    for name, reason in record.problems():
        errors.setdefault(name, reason)
    return (None, errors) if errors else (record, {})
