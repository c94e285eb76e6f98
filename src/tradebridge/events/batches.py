"""Many changes of one kind in one call (registrations, decisions, meeting requests): the
contract every batch keeps.

The items are numbered from 1 and each is checked as it would be alone, in order, as if the
earlier items that pass were already stored (a batch asking twice for one pair refuses the
second). A refused item keeps its own reason (``Refusal``: number, field, reason). By default
a batch is all or none: one refusal refuses the batch, every refusal listed
(``errors.RefusedItems``), and nothing is stored. With ``skip_invalid`` the items that pass
are stored and the refused ones come back with their reasons, as the registry's import does
with its rejects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from tradebridge.errors import RefusedItems, TradebridgeError

T = TypeVar("T")
MAX_ITEMS = 1000


@dataclass(frozen=True)
class Refusal:
    """Item ``number`` (from 1) of a batch refused, with the error it would have raised alone."""

    number: int
    error: TradebridgeError

    @property
    def field(self) -> str | None:
        return self.error.field

    @property
    def reason(self) -> str:
        return self.error.reason


@dataclass
class Batch(Generic[T]):
    """What a batch stored (in the order of its items) and what it refused."""

    stored: list[T] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def settle(refused: list[Refusal], total: int, noun: str, *, skip_invalid: bool) -> None:
    """Refuse the whole batch (``RefusedItems``, every refusal listed) when an item was
    refused and the batch is all or none; otherwise let the caller store what passed."""
    if refused and not skip_invalid:
        raise RefusedItems(noun, total, [(r.number, r.error) for r in refused])
