"""The registry at scale: importing 50,000 organisations, and catalogue search over them.

``python -m benchmarks.bench_registry [--rows 50000] [--database URL] [--queries 200]`` writes a
seeded file of synthetic organisations (valid rows, names and descriptions in az/ru/en built
from word lists, products and sectors drawn from the reference tables), imports it into a fresh
database (default: a SQLite file in a temporary folder; ``--database`` a PostgreSQL URL whose
database is emptied first) with ``tradebridge registry import``'s function in one transaction,
then times catalogue searches (one to three words, with and without a sector filter) and the
staff list's filters, and prints Markdown: import seconds (wall, and CPU of this process: what
the load of other processes changes least) and rows a second, search p50/p95.
Goals (issue: registry and catalogue): import under 30 s, search p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.measure import machine

SYLLABLES = "ka ra ba ku az er san ta gen ce şə ki lən kə nd mar al tay qa zax sib ir".split()
WORDS_EN = "apricot hazelnut tomato steel cement carpet wine tea juice cotton textile pipes "
WORDS_EN += "chemicals plastic furniture software pomegranate persimmon honey cheese"
WORDS_AZ = "ərik fındıq pomidor polad sement xalça şərab çay şirə pambıq toxuculuq boru nar"
WORDS_RU = "абрикос фундук томаты сталь цемент ковёр вино чай сок хлопок текстиль трубы гранат"
COUNTRIES = ["AZE"] * 6 + ["RUS", "RUS", "KAZ", "CHN", "TUR", "GEO", "UKR", "POL", "ROU", "BLR"]
KINDS = ["exporter"] * 5 + ["buyer"] * 3 + ["investor", "service", "association"]
CERTS = ["iso9001", "haccp", "halal", "globalgap", "organic", "iso22000", "ce"]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def write_file(path: Path, rows: int, seed: int = 7) -> None:
    """``rows`` valid organisations in the import columns."""
    from tradebridge.reference.sectors import sector_map
    from tradebridge.registry.vocabulary import COLUMN_NAMES

    rng = random.Random(seed)
    table = sector_map()
    by_sector = table.groupby("sector")["product"].apply(list).to_dict()
    sectors = sorted(by_sector)
    en, az, ru = WORDS_EN.split(), WORDS_AZ.split(), WORDS_RU.split()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.DictWriter(fh, COLUMN_NAMES)
        out.writeheader()
        for n in range(rows):
            chosen = rng.sample(sectors, rng.randint(1, 2))
            products = [rng.choice(by_sector[s]) for s in chosen for _ in range(2)]
            name = _name(rng)
            member = rng.random() < 0.4
            out.writerow(
                {
                    "ref": f"B{n:06d}",
                    "kind": rng.choice(KINDS),
                    "name_en": f"{name} {rng.choice(en).title()} LLC",
                    "name_az": f"{name} {rng.choice(az).title()} MMC",
                    "name_ru": f"ООО «{name} {rng.choice(ru).title()}»",
                    "country": rng.choice(COUNTRIES),
                    "city": _name(rng),
                    "sectors": ";".join(chosen),
                    "products_offered": ";".join(dict.fromkeys(products)),
                    "products_sought": rng.choice(["", products[0]]),
                    "description_en": " ".join(rng.choices(en, k=8)),
                    "description_az": " ".join(rng.choices(az, k=8)),
                    "description_ru": " ".join(rng.choices(ru, k=8)),
                    "certifications": ";".join(rng.sample(CERTS, rng.randint(0, 2))),
                    "certifications_required": "",
                    "current_markets": ";".join(rng.sample(COUNTRIES[6:], 2)),
                    "target_markets": ";".join(rng.sample(COUNTRIES[6:], 2)),
                    "size_band": rng.choice(["micro", "small", "medium", "large"]),
                    "contact_name": _name(rng),
                    "contact_role": "director",
                    "contact_email": f"c{n}@example.org",
                    "contact_phone": "+994 12 555 00 00",
                    "contact_public": rng.choice(["yes", "no"]),
                    "brand": "Made in Azerbaijan" if member else "",
                    "brand_since": "2022-03-01" if member else "",
                    "status": "verified" if member else rng.choice(["draft", "verified"]),
                    "synthetic": "yes",
                }
            )


def _fresh_database(url: str | None, folder: Path):
    from sqlalchemy import text

    from tradebridge.db import migrate
    from tradebridge.db.engine import open_database

    db = open_database(url or f"sqlite:///{folder / 'bench.sqlite3'}")
    if db.dialect == "postgresql":
        with db.engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    migrate.upgrade(db)
    return db


def time_import(db, path: Path) -> tuple[float, float, int]:
    """Wall and CPU seconds (this process: user + system) of the import, and rows stored."""
    from tradebridge.registry.importing import import_file

    start, cpu = time.perf_counter(), time.process_time()
    with db.transaction(actor="benchmark") as session:
        report = import_file(session, path)
    return time.perf_counter() - start, time.process_time() - cpu, report.rows_stored


def time_searches(db, count: int, seed: int = 11) -> dict[str, list[float]]:
    from tradebridge.registry import catalogue, queries

    rng = random.Random(seed)
    words = WORDS_EN.split() + WORDS_AZ.split() + WORDS_RU.split()
    sectors = ["fresh_fruit_vegetables", "processed_food_beverages", "steel", "textiles_apparel"]
    timings: dict[str, list[float]] = {"catalogue search": [], "staff list, filtered": []}
    with db.session() as session:
        for _ in range(count):
            q = " ".join(w[: rng.randint(3, len(w))] for w in rng.sample(words, rng.randint(1, 3)))
            sector = rng.choice([None, *sectors])
            start = time.perf_counter()
            catalogue.members(session, q=q, sector=sector)
            timings["catalogue search"].append(time.perf_counter() - start)
            filters = queries.Filters(
                country=rng.choice(["AZE", "RUS"]),
                sector=rng.choice(sectors),
                q=rng.choice(["", q]),
            )
            start = time.perf_counter()
            queries.list_organisations(session, filters)
            timings["staff list, filtered"].append(time.perf_counter() - start)
    return timings


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", help="PostgreSQL URL (emptied first); default SQLite")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--import-only", action="store_true", help="skip the search timings")
    args = parser.parse_args()
    print(f"Machine: {machine()}\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "organisations.csv"
        write_file(path, args.rows)
        db = _fresh_database(args.database, Path(folder))
        try:
            seconds, cpu, stored = time_import(db, path)
            timings = {} if args.import_only else time_searches(db, args.queries)
        finally:
            db.dispose()
    print(f"| {db.dialect} | rows | seconds | CPU seconds | rows a second |")
    print("|---|---:|---:|---:|---:|")
    rate = stored / seconds
    cells = f"{stored:,} | {seconds:.1f} | {cpu:.1f} | {rate:,.0f}"
    print(f"| import (one transaction, audited) | {cells} |")
    if timings:
        print("\n| query | runs | p50 ms | p95 ms |\n|---|---:|---:|---:|")
    for name, values in timings.items():
        print(f"| {name} | {len(values)} | {_p(values, 50):.1f} | {_p(values, 95):.1f} |")


if __name__ == "__main__":
    main()
