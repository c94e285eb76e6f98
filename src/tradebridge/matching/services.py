"""Partner suggestions over the app database: the organisation named by its id or its ref, its
counterparts from the registry (``registry.services.profiles``), the market evidence from the
warehouse. One function for the CLI, the REST API and the organisation page."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from tradebridge.errors import BadInput, NotFound


def organisation_id(session: Session, org: str | int) -> int:
    """The id of the organisation named by ``org``: its id (digits) or its ``ref``."""
    from sqlalchemy import select

    from tradebridge.registry.models import Organisation

    text = str(org).strip()
    if text.isdigit() and session.get(Organisation, int(text)) is not None:
        return int(text)
    found = session.execute(select(Organisation.id).where(Organisation.ref == text)).first()
    if found is None:
        raise NotFound(f"no organisation with id or ref {text!r}", field="organisation")
    return int(found[0])


def suggestions(
    session: Session,
    org: str | int,
    *,
    top: int = 10,
    language: str = "en",
    workspace: Any = None,
    user: Any = None,
) -> pd.DataFrame:
    """The ``top`` partners suggested to ``org`` (see ``matching.suggestions.matches``):
    counterparts among the registry's organisations that are not archived, named in
    ``language`` (else in English, Azerbaijani, Russian). ``user``: who asks (None for local
    commands); viewers, staff and admins read any organisation's suggestions, a company user
    only its own organisation's (``registry.services.ensure_may_read``)."""
    from tradebridge.matching.suggestions import matches
    from tradebridge.registry.services import ensure_may_read, profiles

    if str(org).strip().isdigit():  # a company user learns nothing of others' ids
        ensure_may_read(user, int(str(org).strip()))
    wanted = organisation_id(session, org)
    ensure_may_read(user, wanted)
    found = profiles(session)
    if wanted not in {p.id for p in found}:
        raise BadInput(f"organisation {wanted} is archived: no suggestions", field="organisation")
    table = matches(found, wanted, top=top, workspace=workspace, language=language)
    names = local_names(session, [wanted, *(int(i) for i in table["id"])], language)
    table["name"] = [names.get(i, n) for i, n in zip(table["id"], table["name"], strict=True)]
    table.attrs["meta"]["organisation_name"] = names.get(wanted, "")
    return table


def local_names(session: Session, ids: list[int], language: str) -> dict[int, str]:
    """The names of organisations ``ids`` in ``language``, else the first other name given."""
    from sqlalchemy import select

    from tradebridge.registry.models import Organisation

    o = Organisation
    rows = session.execute(select(o.id, o.name_en, o.name_az, o.name_ru).where(o.id.in_(ids)))
    out = {}
    for row in rows:
        given = {"en": row.name_en, "az": row.name_az, "ru": row.name_ru}
        out[row.id] = given.get(language) or row.name_en or row.name_az or row.name_ru or ""
    return out
