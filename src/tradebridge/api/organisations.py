"""The REST API of the registry: ``/api/v1/organisations``.

``GET /`` lists (the staff list's filters, ``page``, ``per_page``; ``format=csv|xlsx`` exports
every matching organisation in the import's columns), ``GET /{id}`` reads one, ``POST /``
creates, ``PATCH /{id}`` changes the fields given, ``POST /{id}/archive`` archives,
``POST /import`` imports a file (multipart), ``GET /template`` gives the empty template. Bodies
and answers use the import's field names, lists as JSON arrays. A likely duplicate is a 409
listing the matches; ``?confirm_duplicates=true`` saves anyway. Who may do what is declared
with each route (``accounts.policy``); a company user reads and changes only its own
organisation.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictStr, create_model
from starlette.responses import Response

from tradebridge.accounts.policy import Access
from tradebridge.api.accounts import ERRORS
from tradebridge.api.organisation_filters import ListFilters
from tradebridge.errors import BadInput
from tradebridge.registry.vocabulary import KINDS, SIZE_BANDS, STATUSES
from tradebridge.web.auth import DbSession, policy

Id = Annotated[int, Field(ge=1, le=2**31 - 1)]
OrganisationId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The organisation's id")]
Text = Annotated[str | None, Query(max_length=300)]
Confirm = Annotated[bool, Query(description="Save even when the name looks like a duplicate")]


class ProductBody(BaseModel):
    """An HS6 code and the organisation's own words for it."""

    model_config = ConfigDict(extra="forbid")
    code: StrictStr
    description: StrictStr = ""


class ContactBody(BaseModel):
    """A contact person; ``public`` is the consent to be shown in the public catalogue."""

    model_config = ConfigDict(extra="forbid")
    name: StrictStr = ""
    role: StrictStr = ""
    email: StrictStr = ""
    phone: StrictStr = ""
    public: StrictBool = False


FIELDS: dict[str, tuple[Any, Any]] = {
    "kind": (Literal[KINDS], ...),  # type: ignore[valid-type]
    "country": (StrictStr, ...),
    "name_en": (StrictStr, ""),
    "name_az": (StrictStr, ""),
    "name_ru": (StrictStr, ""),
    "ref": (StrictStr | None, None),  # the agency's own identifier
    "city": (StrictStr, ""),
    "sectors": (list[StrictStr], []),
    "products_offered": (list[ProductBody], []),
    "products_sought": (list[ProductBody], []),
    "description_en": (StrictStr, ""),
    "description_az": (StrictStr, ""),
    "description_ru": (StrictStr, ""),
    "certifications": (list[StrictStr], []),
    "certifications_required": (list[StrictStr], []),
    "current_markets": (list[StrictStr], []),
    "target_markets": (list[StrictStr], []),
    "size_band": (Literal[SIZE_BANDS] | None, None),  # type: ignore[valid-type]
    "contacts": (list[ContactBody], []),
    "brand": (StrictStr | None, None),
    "brand_since": (date | None, None),
    "status": (Literal[STATUSES], "draft"),  # type: ignore[valid-type]
    "synthetic": (StrictBool, False),
    "responsible_id": (Id | None, None),
}
_STRICT = ConfigDict(extra="forbid")
OrganisationBody = create_model(
    "OrganisationBody", __config__=_STRICT, __doc__="A new organisation.", **FIELDS
)
OrganisationPatch = create_model(
    "OrganisationPatch",
    __config__=_STRICT,
    __doc__="The fields to change (the others stay as they are).",
    **{name: (kind | None, None) for name, (kind, _) in FIELDS.items()},
)


def _caller(request: Request) -> Any:
    return getattr(request.state, "caller", None)


def organisation_json(org: Any) -> dict[str, Any]:
    """An organisation as the API shows it: its id, its record (the import's field names, lists
    as arrays) and when it was created and last changed."""
    from tradebridge.registry.record import record_values
    from tradebridge.registry.rows import record_of

    return {
        "id": org.id,
        **record_values(record_of(org)),
        "created_at": org.created_at.isoformat(),
        "updated_at": org.updated_at.isoformat(),
    }


def _json(body: Any, status: int = 200) -> Response:
    text = json.dumps(body, ensure_ascii=False, allow_nan=False, default=date.isoformat)
    return Response(text, status_code=status, media_type="application/json")


def _file(data: bytes, fmt: str, name: str) -> Response:
    from tradebridge.registry.export import CSV_TYPE, XLSX_TYPE

    return Response(
        data,
        media_type=CSV_TYPE if fmt == "csv" else XLSX_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )


def _record(body: dict[str, Any]) -> Any:
    from tradebridge.registry.record import record_from_values

    missing = [name for name in ("kind", "country") if body.get(name) is None]
    if missing:
        raise BadInput("may not be null", field=missing[0])
    nulls = [n for n, (_, default) in FIELDS.items() if default is not None and body.get(n) is None]
    return record_from_values({**body, **{n: FIELDS[n][1] for n in nulls if n not in missing}})


def organisations_router() -> APIRouter:
    """``/api/v1/organisations``: list, read, create, change, archive, import, template."""
    router = APIRouter(prefix="/api/v1/organisations", tags=["organisations"], responses=ERRORS)

    @router.get("/template", dependencies=[policy(Access.public)])
    def template(
        format: Annotated[Literal["csv", "xlsx"], Query()] = "xlsx",
        language: Annotated[Literal["az", "ru", "en"], Query()] = "en",
    ) -> Response:
        """The empty import template (XLSX: with drop-down lists and a column guide)."""
        from tradebridge.registry.export import template_bytes

        return _file(template_bytes(format, language), format, "organisations-template")

    @router.post("/import", dependencies=[policy(Access.staff)])
    async def import_file(
        request: Request,
        session: DbSession,
        file: Annotated[UploadFile, File(description="CSV or XLSX in the template's columns")],
        skip_invalid: Annotated[
            bool, Form(description="Store the good rows and list the rejected ones")
        ] = False,
    ) -> Response:
        """Import organisations: all or nothing (the first problem is a 400), or with
        ``skip_invalid`` the good rows and every rejected row's line, field and reason
        (``rows_read = rows_stored + rows_rejected``)."""
        name = FilePath(file.filename or "upload.csv").name
        data = await file.read()
        return await run_in_threadpool(_import, session, name, data, skip_invalid)

    @router.get("", dependencies=[policy(Access.signed_in)])
    def list_organisations(
        request: Request,
        session: DbSession,
        filters: ListFilters,
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
        per_page: Annotated[int, Query(ge=1, le=500)] = 50,
        format: Annotated[
            Literal["json", "csv", "xlsx"],
            Query(description="json: one page; csv or xlsx: every match, in the import's columns"),
        ] = "json",
    ) -> Response:
        """The organisations the caller may read, filtered (a company user: its own)."""
        from tradebridge.registry import queries
        from tradebridge.registry.export import export_bytes
        from tradebridge.registry.record import record_cells

        if format != "json":
            records = queries.export_records(session, filters, user=_caller(request))
            data = export_bytes([record_cells(r) for r in records], format)
            return _file(data, format, "organisations")
        found = queries.list_organisations(
            session, filters, user=_caller(request), page=page, per_page=per_page
        )
        rows = [organisation_json(o) for o in found.items]
        meta = {
            "total": found.total,
            "page": found.page,
            "per_page": found.per_page,
            "pages": found.pages,
            "synthetic": any(r["synthetic"] for r in rows),
        }
        return _json({"meta": meta, "rows": rows})

    @router.get("/{organisation_id}", dependencies=[policy(Access.signed_in)])
    def read(request: Request, session: DbSession, organisation_id: OrganisationId) -> Response:
        """One organisation (a company user: only its own)."""
        from tradebridge.registry.services import get

        return _json(organisation_json(get(session, organisation_id, user=_caller(request))))

    @router.post(
        "",
        dependencies=[policy(Access.staff)],
        status_code=201,
        responses={409: {"description": "A likely duplicate (confirm_duplicates to save)"}},
    )
    def create(
        request: Request,
        session: DbSession,
        body: OrganisationBody,  # type: ignore[valid-type]
        confirm_duplicates: Confirm = False,
    ) -> Response:
        """Create an organisation (staff)."""
        from tradebridge.registry.services import create as create_organisation

        record = _record(body.model_dump())  # type: ignore[attr-defined]
        org = create_organisation(
            session, record, user=_caller(request), confirm_duplicates=confirm_duplicates
        )
        session.commit()
        return _json(organisation_json(org), 201)

    @router.patch(
        "/{organisation_id}",
        dependencies=[policy(Access.company)],
        responses={409: {"description": "A likely duplicate (confirm_duplicates to save)"}},
    )
    def change(
        request: Request,
        session: DbSession,
        organisation_id: OrganisationId,
        body: OrganisationPatch,  # type: ignore[valid-type]
        confirm_duplicates: Confirm = False,
    ) -> Response:
        """Change the fields given (a company user: its own organisation, not the agency's
        fields)."""
        from tradebridge.registry import services
        from tradebridge.registry.record import record_values
        from tradebridge.registry.rows import record_of

        caller = _caller(request)
        org = services.get(session, organisation_id, user=caller)
        services.ensure_may_edit(caller, organisation_id)
        given = body.model_dump(exclude_unset=True)  # type: ignore[attr-defined]
        record = _record({**record_values(record_of(org)), **given})
        org = services.edit(
            session, organisation_id, record, user=caller, confirm_duplicates=confirm_duplicates
        )
        session.commit()
        return _json(organisation_json(org))

    @router.post("/{organisation_id}/archive", dependencies=[policy(Access.staff)])
    def archive(request: Request, session: DbSession, organisation_id: OrganisationId) -> Response:
        """Archive an organisation (staff): it leaves the lists and the catalogue."""
        from tradebridge.registry.services import archive as archive_organisation

        org = archive_organisation(session, organisation_id, user=_caller(request))
        session.commit()
        return _json(organisation_json(org))

    return router


def _import(session: Any, name: str, data: bytes, skip_invalid: bool) -> Response:
    from tradebridge.registry.importing import import_file

    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / ("upload" + FilePath(name).suffix.lower())
        path.write_bytes(data)
        try:
            report = import_file(session, path, name=name, skip_invalid=skip_invalid)
        except BaseException:
            session.rollback()
            raise
    session.commit()
    return _json(report.to_dict())
