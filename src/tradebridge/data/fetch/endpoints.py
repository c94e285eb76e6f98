"""Where each source lives: defaults in the code, each overridable by an environment variable.

Tests (and mirrors) point the fetchers elsewhere with these variables, e.g.
``TRADEBRIDGE_BACI_PAGE=http://127.0.0.1:8000/baci.html``.

>>> Endpoint("TRADEBRIDGE_EXAMPLE_URL", "https://example.org/data").url({})
'https://example.org/data'
>>> Endpoint("TRADEBRIDGE_EXAMPLE_URL", "https://example.org/data").url(
...     {"TRADEBRIDGE_EXAMPLE_URL": "http://127.0.0.1:9/x"})
'http://127.0.0.1:9/x'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Endpoint:
    """A source address: ``default`` unless the environment variable ``variable`` is set."""

    variable: str
    default: str

    def url(self, environ: Mapping[str, str] | None = None) -> str:
        env = os.environ if environ is None else environ
        return (env.get(self.variable) or self.default).strip()


BACI_PAGE = Endpoint(
    "TRADEBRIDGE_BACI_PAGE", "https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37"
)
"""CEPII's BACI page: it links the zip of every HS revision of the current release."""

COMTRADE_API = Endpoint("TRADEBRIDGE_COMTRADE_API", "https://comtradeapi.un.org")
"""UN Comtrade API root: ``/data/v1/get/C/A/HS`` (records) and ``/data/v1/getDa/C/A/HS``
(what was released, and when)."""

WORLD_BANK_API = Endpoint("TRADEBRIDGE_WORLD_BANK_API", "https://api.worldbank.org/v2")
"""World Bank Indicators API v2 (JSON): ``/country`` and ``/country/all/indicator/<id>``."""

GEODIST_URL = Endpoint("TRADEBRIDGE_GEODIST_URL", "https://www.cepii.fr/distance/dist_cepii.zip")
"""CEPII GeoDist's dyadic file (``dist_cepii.zip``: the table as .xls or .dta)."""

GRAVITY_PAGE = Endpoint(
    "TRADEBRIDGE_GRAVITY_PAGE", "https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=8"
)
"""CEPII's Gravity page: it links ``Gravity_csv_V<release>.zip``."""

COMTRADE_KEY_VARIABLE = "COMTRADE_KEY"
