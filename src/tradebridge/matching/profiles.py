"""The matching engine's input: one organisation as plain, immutable data (no database).

The registry converts its rows into ``OrganisationProfile`` (``registry.services.profiles``);
the demo and planted registries build them directly. Fields follow the registry's import columns:
HS6 codes are six-digit strings, countries ISO3 codes, sectors the ids of
``tradebridge reference sectors``.

>>> p = OrganisationProfile(id=1, kind="exporter", country="AZE", offered=frozenset({"080510"}))
>>> p.products, p.synthetic
(frozenset({'080510'}), False)
>>> counterpart_kinds("exporter"), counterpart_kinds("buyer"), counterpart_kinds("service")
(('buyer',), ('exporter',), ())
"""

from __future__ import annotations

from dataclasses import dataclass

from tradebridge.registry.vocabulary import CERTIFICATIONS, KINDS, SIZE_BANDS

__all__ = ["CERTIFICATIONS", "KINDS", "SIZE_BANDS", "OrganisationProfile", "counterpart_kinds"]


_COUNTERPARTS = {"exporter": ("buyer",), "buyer": ("exporter",), "investor": ("exporter",)}


def counterpart_kinds(kind: str) -> tuple[str, ...]:
    """The kinds suggested to an organisation of ``kind``: an exporter gets buyers (importers,
    distributors), a buyer gets exporters (producers), an investor gets producers; service
    providers and associations get no partner suggestions."""
    return _COUNTERPARTS.get(kind, ())


@dataclass(frozen=True)
class OrganisationProfile:
    """What matching knows of one organisation.

    ``offered``/``sought``: HS6 codes of products offered and sought; ``current_markets``,
    ``target_markets``: ISO3 codes (for a buyer, ``target_markets`` are the supplier countries
    it is looking at); ``certifications_required``: what a buyer requires of its suppliers;
    ``description``: free text in any of the three languages; ``synthetic``: a generated row.
    """

    id: int
    kind: str
    country: str
    sectors: frozenset[str] = frozenset()
    offered: frozenset[str] = frozenset()
    sought: frozenset[str] = frozenset()
    certifications: frozenset[str] = frozenset()
    certifications_required: frozenset[str] = frozenset()
    current_markets: frozenset[str] = frozenset()
    target_markets: frozenset[str] = frozenset()
    description: str = ""
    name: str = ""
    synthetic: bool = False

    @property
    def products(self) -> frozenset[str]:
        """The products this organisation brings to a match: what a buyer seeks (what it
        offers when it declares nothing sought), what anyone else offers."""
        if self.kind == "buyer":
            return self.sought or self.offered
        return self.offered
