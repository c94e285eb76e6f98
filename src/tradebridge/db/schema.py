"""The whole schema: every module holding models, imported so that ``Base.metadata`` is
complete (for Alembic's comparison with the migrations and for the backup's table order).
A domain that adds models adds its module here."""

from __future__ import annotations

from importlib import import_module

from sqlalchemy import MetaData

MODEL_MODULES = (
    "tradebridge.db.audit",
    "tradebridge.accounts.models",
    "tradebridge.registry.models",
    "tradebridge.investment.models",
    "tradebridge.events.models",
    "tradebridge.events.outcome_models",
)


def metadata() -> MetaData:
    """``Base.metadata`` with every model module imported."""
    from tradebridge.db.base import Base

    for name in MODEL_MODULES:
        import_module(name)
    return Base.metadata


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Whether Alembic compares a database object with the models: the full-text indexes'
    own tables and index (``registry.search.FULL_TEXT_OBJECTS``) are not models."""
    from tradebridge.registry.search import FULL_TEXT_OBJECTS

    return not (name or "").startswith(FULL_TEXT_OBJECTS)
