"""UN Comtrade: one reporter's annual HS records from the Comtrade API v1, written as the
Comtrade Plus CSV layout that ``tradebridge ingest comtrade`` reads.

Requests go to ``<api>/data/v1/get/C/A/HS`` with the subscription key (``COMTRADE_KEY``) in
the ``Ocp-Apim-Subscription-Key`` header, one year at a time, asking only for plain flows
(``customsCode=C00``, ``motCode=0``, ``partner2Code=0``) of the chosen flows and level
(``cmdCode=AG6`` for HS6). The API returns at most ``maxRecords`` records a call (100,000 with
a key): an answer that reaches that cap may be cut short, so the request is split over halves
of the partner list until every answer is below it. 429 and 5xx answers are retried after the
server's ``Retry-After`` (``data/fetch/http``).

What was released, and when, comes from ``<api>/data/v1/getDa/C/A/HS`` (one record per
reporter and period, with ``lastReleased`` and, when given, ``datasetChecksum``): ``refresh``
compares it with what the fetch recorded.

The package ``comtradeapicall`` is not used: its functions hard-code the API's address (so tests
cannot point them at a local server), print errors instead of raising them, and return ``None``
on a 429 rather than its ``Retry-After``.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from tradebridge.atomic import write_atomically
from tradebridge.data.fetch.endpoints import COMTRADE_API, COMTRADE_KEY_VARIABLE
from tradebridge.data.fetch.http import Http, Refused
from tradebridge.errors import BadInput, EnvironmentProblem
from tradebridge.reference.countries import (
    COMTRADE_AGGREGATE_CODES,
    GROUPED_TERRITORY_CODES,
    countries,
    resolve_country,
)

MAX_RECORDS = 100_000
FLOWS = ("X", "M", "RX", "RM")
LEVELS = {"HS2": "AG2", "HS4": "AG4", "HS6": "AG6", "TOTAL": "TOTAL"}
PLAIN = {"customsCode": "C00", "motCode": "0", "partner2Code": "0"}
COLUMNS = [
    "typeCode",
    "freqCode",
    "refPeriodId",
    "refYear",
    "refMonth",
    "period",
    "reporterCode",
    "reporterISO",
    "reporterDesc",
    "flowCode",
    "flowDesc",
    "partnerCode",
    "partnerISO",
    "partnerDesc",
    "partner2Code",
    "partner2ISO",
    "partner2Desc",
    "classificationCode",
    "classificationSearchCode",
    "isOriginalClassification",
    "cmdCode",
    "cmdDesc",
    "aggrLevel",
    "isLeaf",
    "customsCode",
    "customsDesc",
    "mosCode",
    "motCode",
    "motDesc",
    "qtyUnitCode",
    "qtyUnitAbbr",
    "qty",
    "isQtyEstimated",
    "altQtyUnitCode",
    "altQtyUnitAbbr",
    "altQty",
    "isAltQtyEstimated",
    "netWgt",
    "isNetWgtEstimated",
    "grossWgt",
    "isGrossWgtEstimated",
    "cifvalue",
    "fobvalue",
    "primaryValue",
    "legacyEstimationFlag",
    "isReported",
    "isAggregate",
]
"""The Comtrade Plus record fields, in the order the API and the site's CSV export use."""
# Comtrade codes that differ from ISO numeric for a reporter (its grouped-territory code).
_REPORTER_CODES = {iso3: code for code, iso3 in GROUPED_TERRITORY_CODES.items() if code != 58}


@dataclass(frozen=True)
class ComtradeQuery:
    """One reporter, its years, flows and product level."""

    reporter: str  # ISO3
    years: tuple[int, ...]
    flows: tuple[str, ...] = ("X", "M")
    level: str = "HS6"

    @property
    def key(self) -> str:
        """The name this query is recorded under in the warehouse's manifest."""
        span = f"{self.years[0]}-{self.years[-1]}" if len(self.years) > 1 else str(self.years[0])
        return f"comtrade {self.reporter} {span} {','.join(self.flows)} {self.level}"

    def file_name(self) -> str:
        return self.key.replace(" ", "_").replace(",", "") + ".csv"

    def as_dict(self) -> dict[str, Any]:
        return {
            "reporter": self.reporter,
            "years": list(self.years),
            "flows": list(self.flows),
            "level": self.level,
        }

    @classmethod
    def of(
        cls, reporter: str, years: Sequence[int], flows: str | Sequence[str], level: str = "HS6"
    ) -> ComtradeQuery:
        """A validated query: ``flows`` like ``X,M``, ``level`` one of HS2, HS4, HS6, TOTAL."""
        iso3 = resolve_country(reporter)
        items = flows.split(",") if isinstance(flows, str) else list(flows)
        wanted = tuple(dict.fromkeys(f.strip().upper() for f in items if f.strip()))
        bad = [f for f in wanted if f not in FLOWS]
        if bad or not wanted:
            raise BadInput(
                f"unknown flow {', '.join(bad) or '(none)'}; valid: {', '.join(FLOWS)}",
                field="flow",
            )
        level = level.strip().upper()
        if level not in LEVELS:
            raise BadInput(f"unknown level {level!r}; valid: {', '.join(LEVELS)}", field="level")
        if not years:
            raise BadInput("no year given", field="years")
        return cls(iso3, tuple(sorted(set(int(y) for y in years))), wanted, level)


def reporter_code(iso3: str) -> int:
    """The Comtrade code of a country (ISO numeric, or its grouped-territory code: USA 842).

    >>> reporter_code("AZE"), reporter_code("USA"), reporter_code("FRA")
    (31, 842, 251)
    """
    if iso3 in _REPORTER_CODES:
        return _REPORTER_CODES[iso3]
    code = countries().set_index("iso3")["iso_numeric"].get(iso3)
    if code is None or pd.isna(code):
        raise BadInput(f"{iso3} has no UN Comtrade code", field="reporter")
    return int(code)


def partner_codes() -> list[int]:
    """Comtrade codes of every country a reporter can trade with (aggregates left out)."""
    frame = countries().dropna(subset=["iso_numeric"])
    codes = {int(c) for c in frame["iso_numeric"]} | set(GROUPED_TERRITORY_CODES)
    return sorted(c for c in codes if c not in COMTRADE_AGGREGATE_CODES)


def hint(query: ComtradeQuery | None = None) -> str:
    what = f"{query.reporter}'s {query.level} records" if query else "the records"
    return (
        f"download {what} by hand as CSV from the UN Comtrade site (comtradeplus.un.org, "
        "Trade data) and load them with `tradebridge ingest comtrade FILE.csv`"
    )


def subscription_key(environ: dict[str, str] | None = None) -> str:
    key = (os.environ if environ is None else environ).get(COMTRADE_KEY_VARIABLE, "").strip()
    if not key:
        raise EnvironmentProblem(
            f"{COMTRADE_KEY_VARIABLE} is not set: the UN Comtrade API needs a subscription key "
            "(free at comtradedeveloper.un.org, product 'comtrade - v1'); or " + hint()
        )
    return key


class ComtradeClient:
    """Calls to the Comtrade API v1 for one subscription key."""

    def __init__(
        self,
        http: Http,
        key: str,
        *,
        api: str | None = None,
        max_records: int | None = None,
    ) -> None:
        self.http = http
        self.key = key
        self.api = (api or COMTRADE_API.url()).rstrip("/")
        self.max_records = max_records or MAX_RECORDS
        self.calls = 0

    def _get(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        url = f"{self.api}{path}"
        self.calls += 1
        try:
            body = self.http.json(
                url, params=params, headers={"Ocp-Apim-Subscription-Key": self.key}
            )
        except Refused as exc:
            if exc.status in (401, 403):
                raise EnvironmentProblem(
                    f"UN Comtrade refused the subscription key ({exc.status}): check "
                    f"{COMTRADE_KEY_VARIABLE}"
                ) from exc
            raise
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise EnvironmentProblem(f"{url}: unexpected answer (no 'data' list)")
        if body.get("error"):
            raise EnvironmentProblem(f"{url}: UN Comtrade says: {body['error']}")
        return body["data"]

    def records(
        self, query: ComtradeQuery, year: int, note: Callable[[str], None] | None = None
    ) -> list[dict[str, Any]]:
        """Every plain record of ``query`` in ``year``; requests split while an answer is cut."""
        base = {
            "reporterCode": reporter_code(query.reporter),
            "period": str(year),
            "flowCode": ",".join(query.flows),
            "cmdCode": LEVELS[query.level],
            **PLAIN,
            "maxRecords": self.max_records,
            "format": "JSON",
            "includeDesc": "true",
        }
        return self._split(base, None, note)

    def _split(
        self,
        base: dict[str, Any],
        partners: list[int] | None,
        note: Callable[[str], None] | None,
    ) -> list[dict[str, Any]]:
        params = dict(base)
        if partners is not None:
            params["partnerCode"] = ",".join(map(str, partners))
        rows = self._get("/data/v1/get/C/A/HS", params)
        if len(rows) < self.max_records:
            return rows
        partners = partners if partners is not None else partner_codes()
        if len(partners) == 1:
            raise EnvironmentProblem(
                f"UN Comtrade returned the cap of {self.max_records:,} records for one partner "
                f"({partners[0]}) in {base['period']}: the answer may be incomplete"
            )
        if note:
            note(f"{base['period']}: answer reached {self.max_records:,} records, splitting")
        half = len(partners) // 2
        return self._split(base, partners[:half], note) + self._split(base, partners[half:], note)

    def availability(self, query: ComtradeQuery) -> dict[str, str]:
        """What Comtrade has released for the query's reporter and years: {year: signature},
        the signature being ``datasetChecksum`` when given, else ``lastReleased``."""
        rows = self._get(
            "/data/v1/getDa/C/A/HS",
            {
                "reporterCode": reporter_code(query.reporter),
                "period": ",".join(map(str, query.years)),
            },
        )
        out: dict[str, str] = {}
        for row in rows:
            period = str(row.get("period") or row.get("refYear") or "")
            sign = row.get("datasetChecksum") or row.get("lastReleased") or row.get("totalRecords")
            if period:
                out[period] = str(sign)
        return out


def write_csv(records: Iterable[dict[str, Any]], path: Path) -> int:
    """Write records in the Comtrade Plus CSV layout (extra fields after the known ones),
    atomically; returns the number of rows."""
    records = list(records)
    extra = list(dict.fromkeys(k for r in records for k in r if k not in COLUMNS))
    header = COLUMNS + extra
    path.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        with open(tmp, "w", newline="", encoding="utf-8") as fh:
            out = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore")
            out.writeheader()
            for record in records:
                out.writerow({k: _cell(v) for k, v in record.items()})

    write_atomically(path, write)
    return len(records)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
