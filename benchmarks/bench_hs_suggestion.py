"""HS code suggestion: the embedding index, the TF-IDF baseline and their hybrid compared on
the evaluation set ``tests/data/hs_descriptions.csv`` (337 product descriptions written for the
test the way exporters write them, each with its HS 2022 subheading, checked by hand against
the nomenclature).

Run from the repository root: ``python -m benchmarks.bench_hs_suggestion``. It builds the
embedding index in a fresh temporary folder and times it (minutes); with ``HS_BENCH_CACHE=DIR``
it reuses the index cached there instead (the build time is then not measured). It prints
Markdown: accuracy (top-1 and top-5, at HS6 and HS4, where HS4 top-5 means the heading of any
of the five suggested codes), the two weights' grid with a two-fold check (weights chosen on
half the set, scored on the other half), index build time, and the median latency of one
``suggest`` call.
"""

from __future__ import annotations

import csv
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.measure import machine
from tradebridge.reference import hs_index, hs_suggestion
from tradebridge.reference.hs_tfidf import fit
from tradebridge.reference.product_words import english

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
EVALUATION = DATA / "hs_descriptions.csv"
IN_AZ_RU = DATA / "hs_descriptions_az_ru.csv"
LATENCY_QUERIES = 30
WEIGHTS = (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0)


def accuracy(scores: np.ndarray, truth: np.ndarray) -> tuple[float, float, float, float]:
    """HS6 top-1, HS6 top-5, HS4 top-1, HS4 top-5 (shares of the queries)."""
    codes = np.array(hs_index.documents()["product"])
    got = codes[np.argsort(-scores, axis=1, kind="stable")[:, :5]]
    heads = np.array([[c[:4] for c in row] for row in got])
    true_heads = np.array([c[:4] for c in truth])
    return (
        float((got[:, 0] == truth).mean()),
        float((got == truth[:, None]).any(axis=1).mean()),
        float((heads[:, 0] == true_heads).mean()),
        float((heads == true_heads[:, None]).any(axis=1).mean()),
    )


def _row(name: str, values: tuple[float, ...]) -> str:
    return f"| {name} | " + " | ".join(f"{100 * v:.1f} %" for v in values) + " |"


def main() -> None:
    print(f"Machine: {machine()}\n")
    with EVALUATION.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    queries = [r["description"] for r in rows]
    truth = np.array([r["hs6"] for r in rows])

    reuse = os.environ.get("HS_BENCH_CACHE")
    folder = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="hs-bench-"))
    start = time.perf_counter()
    index = hs_index.load_or_build(folder)
    build = time.perf_counter() - start
    start = time.perf_counter()
    fit(hs_index.documents())
    tfidf_fit = time.perf_counter() - start

    start = time.perf_counter()
    dense = hs_suggestion.embedding_scores(queries, index)
    dense_seconds = time.perf_counter() - start
    sparse = hs_suggestion.score_matrix(queries, "tfidf")

    alpha = hs_suggestion.EMBEDDING_WEIGHT
    print(f"{len(queries)} descriptions, {len(set(c[:4] for c in truth))} headings.\n")
    print("| method | HS6 top-1 | HS6 top-5 | HS4 top-1 | HS4 top-5 |")
    print("| --- | --- | --- | --- | --- |")
    print(_row("TF-IDF (baseline)", accuracy(sparse, truth)))
    print(_row("embedding (all-MiniLM-L6-v2)", accuracy(dense, truth)))
    print(
        _row(
            f"hybrid α = {alpha:g} (shipped)", accuracy(alpha * dense + (1 - alpha) * sparse, truth)
        )
    )

    print("\nHybrid weight α (score = α·embedding + (1 − α)·TF-IDF), HS4 top-5 / HS6 top-5:\n")
    print("| α | " + " | ".join(f"{a:g}" for a in WEIGHTS) + " |")
    print("| --- |" + " --- |" * len(WEIGHTS))
    cells = []
    for a in WEIGHTS:
        found = accuracy(a * dense + (1 - a) * sparse, truth)
        cells.append(f"{100 * found[3]:.1f} / {100 * found[1]:.1f}")
    print("| all | " + " | ".join(cells) + " |")

    halves = [np.arange(len(queries)) % 2 == k for k in (0, 1)]
    print("\nTwo-fold check (α chosen by HS4 top-5 on one half, scored on the other):\n")
    for k, (tune, test) in enumerate([(halves[0], halves[1]), (halves[1], halves[0])]):
        best = max(
            WEIGHTS,
            key=lambda a: accuracy((a * dense + (1 - a) * sparse)[tune], truth[tune])[3],
        )
        held = accuracy((best * dense + (1 - best) * sparse)[test], truth[test])
        print(
            f"- fold {k + 1}: α = {best:g}; held-out HS4 top-5 {100 * held[3]:.1f} %, "
            f"HS6 top-5 {100 * held[1]:.1f} %"
        )

    print("\nAzerbaijani and Russian descriptions (20 each), hybrid, HS4 top-5 / HS6 top-5:\n")
    print("| language | as typed | through the az/ru word list |")
    print("| --- | --- | --- |")
    with IN_AZ_RU.open(encoding="utf-8") as fh:
        other = list(csv.DictReader(fh))
    for language in ("az", "ru"):
        chosen = [r for r in other if r["language"] == language]
        wanted = np.array([r["hs6"] for r in chosen])
        cells = []
        for texts in (
            [r["description"] for r in chosen],
            [english(r["description"]).text for r in chosen],
        ):
            found = accuracy(hs_suggestion.score_matrix(texts, cache=folder), wanted)
            cells.append(f"{100 * found[3]:.0f} % / {100 * found[1]:.0f} %")
        print(f"| {language} | " + " | ".join(cells) + " |")

    latencies = {}
    for method in hs_suggestion.METHODS:
        times = []
        for text in queries[:LATENCY_QUERIES]:
            start = time.perf_counter()
            hs_suggestion.suggest(text, method=method, cache=folder)
            times.append(time.perf_counter() - start)
        latencies[method] = statistics.median(times) * 1000
    print("\n| measure | value |")
    print("| --- | --- |")
    built = f"{build:.0f} s" if not reuse else f"reused from {folder} ({build:.2f} s to load)"
    print(f"| embedding index build ({len(index.products)} HS6 texts) | {built} |")
    print(f"| TF-IDF fit | {tfidf_fit:.1f} s |")
    print(f"| embedding {len(queries)} queries in one batch | {dense_seconds:.1f} s |")
    for method, ms in latencies.items():
        print(f"| one `suggest` call, {method}, median of {LATENCY_QUERIES} (warm) | {ms:.0f} ms |")
    print(f"\nLoad average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
