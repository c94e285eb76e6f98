"""The staff's registry pages: the list with its filters, paging and export; an organisation's
page; the form to create or edit one (with the likely-duplicate warning); archiving; importing a
file (with a page listing the rejected rows) and the template. Viewers read; a company user sees
and edits only its own organisation; staff and admins do everything (``registry.services``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from tradebridge.accounts.policy import Access
from tradebridge.accounts.roles import STAFF_ROLES, is_staff
from tradebridge.api.organisation_filters import ListFilters
from tradebridge.errors import BadInput
from tradebridge.i18n import current
from tradebridge.i18n import gettext as _
from tradebridge.web.auth import DbSession, policy
from tradebridge.web.pages.registry_forms import (
    choices,
    field_labels,
    labels,
    record_from,
    values_from_form,
    values_of,
)
from tradebridge.web.templating import page

router = APIRouter()
Text = Annotated[str | None, Query(max_length=300)]


def _caller(request: Request) -> Any:
    return getattr(request.state, "caller", None)


def _is_staff(request: Request) -> bool:
    caller = _caller(request)
    return caller is not None and is_staff(caller)


def _query(request: Request, **changes: Any) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in changes]
    items += [(k, str(v)) for k, v in changes.items() if v is not None]
    return urlencode(items)


def _row(org: Any, names: dict[str, dict[str, str]]) -> dict[str, Any]:
    lang = current()
    return {
        "id": org.id,
        "name": org.name_en or org.name_az or org.name_ru,
        "kind": org.kind,
        "kind_name": names["kind"][org.kind],
        "country": org.country,
        "city": org.city,
        "sectors": list(org.sectors),
        "sector_names": [lang.sector(s) for s in org.sectors],
        "status": org.status,
        "status_name": names["status"][org.status],
        "brand": org.brand,
        "synthetic": org.synthetic,
    }


@router.get("/registry", dependencies=[policy(Access.signed_in)])
@router.get("/registry.json", dependencies=[policy(Access.signed_in)])
def registry_list(
    request: Request,
    session: DbSession,
    filters: ListFilters,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> Response:
    """The organisations the caller may read, filtered, one page at a time."""
    from tradebridge.registry.queries import list_organisations

    found = list_organisations(session, filters, user=_caller(request), page=page_number)
    names = labels()
    context = {
        "title": _("Organisations"),
        "filters": {k: v for k, v in filters.__dict__.items() if isinstance(v, str | None)},
        "rows": [_row(o, names) for o in found.items],
        "total": found.total,
        "page": found.page,
        "pages": found.pages,
        "previous_url": (
            f"/registry?{_query(request, page=found.page - 1)}" if found.page > 1 else None
        ),
        "next_url": (
            f"/registry?{_query(request, page=found.page + 1)}"
            if found.page < found.pages
            else None
        ),
        "export_csv": f"/registry/export.csv?{_query(request, page=None)}",
        "export_xlsx": f"/registry/export.xlsx?{_query(request, page=None)}",
        "can_create": _is_staff(request),
        **choices(),
    }
    return page(request, "registry_list.html", context)


def _file_response(data: bytes, fmt: str, name: str) -> Response:
    from tradebridge.registry.export import CSV_TYPE, XLSX_TYPE

    return Response(
        data,
        media_type=CSV_TYPE if fmt == "csv" else XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


@router.get("/registry/export.{fmt}", dependencies=[policy(Access.signed_in)])
def registry_export(
    request: Request,
    session: DbSession,
    fmt: str,
    filters: ListFilters,
) -> Response:
    """Every organisation of the filtered list, in the import's columns (CSV or XLSX)."""
    from tradebridge.registry.export import export_bytes, format_of
    from tradebridge.registry.queries import export_records
    from tradebridge.registry.record import record_cells

    fmt = format_of(f"export.{fmt}")
    rows = [record_cells(r) for r in export_records(session, filters, user=_caller(request))]
    return _file_response(export_bytes(rows, fmt), fmt, "organisations")


@router.get("/registry/template.{fmt}", dependencies=[policy(Access.public)])
def registry_template(request: Request, fmt: str) -> Response:
    """The empty import template (XLSX: its column guide in the reader's language)."""
    from tradebridge.registry.export import format_of, template_bytes

    fmt = format_of(f"template.{fmt}")
    return _file_response(template_bytes(fmt, current().code), fmt, "organisations-template")


def _detail(session: Any, org: Any) -> dict[str, Any]:
    from tradebridge.accounts.models import User
    from tradebridge.registry.catalogue import public_view

    view = public_view(org)
    view["contacts"] = [dict(c) for c in org.contacts or ()]
    view["certifications_required"] = list(org.certifications_required or ())
    view["ref"] = org.ref
    view["status"] = org.status
    view["status_name"] = labels()["status"][org.status]
    responsible = session.get(User, org.responsible_id) if org.responsible_id else None
    view["responsible"] = responsible.display_name if responsible else None
    return view


@router.get(
    "/registry/organisations/{organisation_id:int}", dependencies=[policy(Access.signed_in)]
)
@router.get(
    "/registry/organisations/{organisation_id:int}.json", dependencies=[policy(Access.signed_in)]
)
def organisation_page(request: Request, session: DbSession, organisation_id: int) -> Response:
    """One organisation: every field, every contact (with its consent), its products with
    links to the market intelligence."""
    from tradebridge.accounts.policy import may_act_for
    from tradebridge.registry.services import get

    org = get(session, organisation_id, user=_caller(request))
    view = _detail(session, org)
    member = org.status == "verified" and org.brand
    context = {
        "title": view["name_en"] or view["name_az"] or view["name_ru"],
        "organisation": view,
        "labels": labels(),
        "can_edit": may_act_for(_caller(request), org.id),
        "can_archive": _is_staff(request),
        "public_url": f"/catalogue/{org.id}" if member else None,
    }
    return page(request, "organisation.html", context)


def _staff_choices(session: Any) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from tradebridge.accounts.models import User

    users = session.scalars(
        select(User)
        .where(User.role.in_(STAFF_ROLES), User.disabled.is_(False))
        .order_by(User.email)
    )
    return [{"id": u.id, "name": f"{u.display_name} <{u.email}>"} for u in users]


def _form_page(
    request: Request,
    session: Any,
    *,
    title: str,
    action: str,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    duplicates: list[dict[str, Any]] | None = None,
    status: int = 200,
) -> Response:
    agency = _is_staff(request)
    context = {
        "title": title,
        "action": action,
        "form": values,
        "errors": errors or {},
        "field_labels": field_labels(len(values.get("contacts") or ())),
        "duplicates": duplicates or [],
        "agency_fields": agency,
        "staff": _staff_choices(session) if agency else [],
        "data_twin": False,
        **choices(),
    }
    return page(request, "organisation_form.html", context, status=status)


@router.get("/registry/organisations/new", dependencies=[policy(Access.staff)])
def new_form(request: Request, session: DbSession) -> Response:
    return _form_page(
        request,
        session,
        title=_("New organisation"),
        action="/registry/organisations/new",
        values=values_of(None),
    )


def _save(request: Request, session: Any, values: dict[str, Any], organisation_id: int | None):
    """Create or edit from the form's values: the saved organisation's page, or the form
    again with the problems or the likely duplicates."""
    from tradebridge.errors import InvalidRecord
    from tradebridge.registry import services
    from tradebridge.registry.rows import record_of

    caller = _caller(request)
    before = None
    if organisation_id is None:
        title, action = _("New organisation"), "/registry/organisations/new"
    else:
        services.ensure_may_edit(caller, organisation_id)
        before = record_of(services.get(session, organisation_id, user=caller))
        title, action = _("Edit organisation"), f"/registry/organisations/{organisation_id}/edit"
    again = {"title": title, "action": action, "values": values}
    record, errors = record_from(values, before, agency=_is_staff(request))
    if record is None:
        return _form_page(request, session, errors=errors, status=400, **again)
    confirm = bool(values.get("confirm_duplicates"))
    try:
        if organisation_id is None:
            org = services.create(session, record, user=caller, confirm_duplicates=confirm)
        else:
            org = services.edit(
                session, organisation_id, record, user=caller, confirm_duplicates=confirm
            )
    except services.LikelyDuplicates as exc:
        session.rollback()
        found = [{"id": i, "score": round(s), "name": n} for i, s, n in exc.matches]
        return _form_page(request, session, duplicates=found, status=409, **again)
    except InvalidRecord as exc:
        session.rollback()
        problems = {f: r for f, r in reversed(exc.problems)}
        return _form_page(request, session, errors=problems, status=400, **again)
    except BadInput as exc:
        session.rollback()
        if exc.http_status != 400:
            raise
        errors = {exc.field or "": exc.reason}
        return _form_page(request, session, errors=errors, status=400, **again)
    session.commit()
    return RedirectResponse(
        f"/registry/organisations/{org.id}?lang={current().code}", status_code=303
    )


@router.post("/registry/organisations/new", dependencies=[policy(Access.staff)])
async def create_submit(request: Request, session: DbSession) -> Response:
    values = values_from_form(await request.form())
    return await run_in_threadpool(_save, request, session, values, None)


@router.get(
    "/registry/organisations/{organisation_id:int}/edit", dependencies=[policy(Access.company)]
)
def edit_form(request: Request, session: DbSession, organisation_id: int) -> Response:
    from tradebridge.registry import services
    from tradebridge.registry.rows import record_of

    caller = _caller(request)
    org = services.get(session, organisation_id, user=caller)
    services.ensure_may_edit(caller, organisation_id)
    return _form_page(
        request,
        session,
        title=_("Edit organisation"),
        action=f"/registry/organisations/{organisation_id}/edit",
        values=values_of(record_of(org)),
    )


@router.post(
    "/registry/organisations/{organisation_id:int}/edit", dependencies=[policy(Access.company)]
)
async def edit_submit(request: Request, session: DbSession, organisation_id: int) -> Response:
    values = values_from_form(await request.form())
    return await run_in_threadpool(_save, request, session, values, organisation_id)


@router.post(
    "/registry/organisations/{organisation_id:int}/archive", dependencies=[policy(Access.staff)]
)
def archive_submit(request: Request, session: DbSession, organisation_id: int) -> Response:
    from tradebridge.registry.services import archive

    archive(session, organisation_id, user=_caller(request))
    session.commit()
    return RedirectResponse(f"/registry/organisations/{organisation_id}?lang={current().code}", 303)


def _import_page(request: Request, report: Any = None, error: str | None = None, status=200):
    from tradebridge.registry.vocabulary import COLUMNS

    columns = [
        {"name": c.name, "required": c.required, "content": _(c.content), "choices": c.choices}
        for c in COLUMNS
    ]
    context = {
        "title": _("Import organisations"),
        "report": report.to_dict() if report is not None else None,
        "error": error,
        "columns": columns,
        "data_twin": False,
    }
    return page(request, "registry_import.html", context, status=status)


@router.get("/registry/import", dependencies=[policy(Access.staff)])
def import_form(request: Request) -> Response:
    return _import_page(request)


@router.post("/registry/import", dependencies=[policy(Access.staff)])
async def import_submit(request: Request, session: DbSession) -> Response:
    """Store the uploaded file's organisations (all or nothing unless asked), then show what
    was stored and every rejected row."""
    form = await request.form()
    upload = form.get("file")
    skip_invalid = form.get("skip_invalid") == "yes"
    if upload is None or isinstance(upload, str) or not upload.filename:
        return _import_page(request, error=_("Choose a CSV or XLSX file first."), status=400)
    name = Path(upload.filename).name
    data = await upload.read()
    return await run_in_threadpool(_import, request, session, name, data, skip_invalid)


def _import(request: Request, session: Any, name: str, data: bytes, skip_invalid: bool):
    from tradebridge.registry.importing import import_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("upload" + Path(name).suffix.lower())
        path.write_bytes(data)
        try:
            report = import_file(session, path, name=name, skip_invalid=skip_invalid)
        except BadInput as exc:
            session.rollback()
            return _import_page(request, error=str(exc), status=400)
    session.commit()
    return _import_page(request, report=report)
