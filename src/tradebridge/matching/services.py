"""Partner suggestions over the app database: the organisation named by its id or its ref, its
counterparts from the registry (``registry.services.profiles``), the market evidence from the
warehouse. One function for the CLI, the REST API and the organisation page."""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy.orm import Session

from tradebridge.errors import BadInput


def organisation_id(session: Session, org: str | int) -> int:
    """The id of the organisation named by ``org``: its id (digits) or its ``ref``."""
    from sqlalchemy import select

    from tradebridge.registry.models import Organisation

    text = str(org).strip()
    if text.isdigit() and session.get(Organisation, int(text)) is not None:
        return int(text)
    found = session.execute(select(Organisation.id).where(Organisation.ref == text)).first()
    if found is None:
        raise BadInput(f"no organisation with id or ref {text!r}", field="organisation")
    return int(found[0])


def suggestions(
    session: Session,
    org: str | int,
    *,
    top: int = 10,
    language: str = "en",
    workspace: Any = None,
) -> pd.DataFrame:
    """The ``top`` partners suggested to ``org`` (see ``matching.suggestions.matches``):
    counterparts among the registry's organisations that are not archived."""
    from tradebridge.matching.suggestions import matches
    from tradebridge.registry.services import profiles

    wanted = organisation_id(session, org)
    found = profiles(session)
    if wanted not in {p.id for p in found}:
        raise BadInput(f"organisation {wanted} is archived: no suggestions", field="organisation")
    return matches(found, wanted, top=top, workspace=workspace, language=language)
