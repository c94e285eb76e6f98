"""HS6 codes suggested from a product description, for companies that do not know their codes.

Three rankers over the HS 2022 subheadings (``hs_index.documents()``), all giving a score per
subheading:

- ``embedding``: the cosine similarity ``s_emb`` of the description's all-MiniLM-L6-v2 vector
  and each subheading's (``hs_index``);
- ``tfidf``: the TF-IDF baseline (``hs_tfidf``), mean of word and character n-gram cosines;
- ``hybrid`` (the default): ``α·s_emb + (1 − α)·s_tfidf``, α = ``EMBEDDING_WEIGHT``.

The default and the weights come from the evaluation in ``benchmarks/bench_hs_suggestion.py``
(``docs/benchmarks.md``: top-1/top-5 accuracy at HS4 and HS6 over 337 descriptions written the
way exporters write them). Scores are similarities, not probabilities: compare them within one
query. The HS descriptions are the nomenclature's English texts and the model is English-only:
Azerbaijani and Russian descriptions are first read word by word through a short product word
list (``product_words``), so English descriptions work best.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

from typing_extensions import Doc

from tradebridge.errors import BadInput
from tradebridge.options import HsMethod as Method

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from tradebridge.reference.hs_index import EmbeddingIndex
    from tradebridge.reference.product_words import Translation

Progress = Callable[[int, int], None]


METHODS = tuple(m.value for m in Method)
DEFAULT_METHOD = Method.hybrid
EMBEDDING_WEIGHT = 0.6
MAX_CHARS = 300
MAX_TOP = 50


class Suggestion(NamedTuple):
    """One suggested subheading: its code, its score (higher is closer) and its description."""

    hs6: str
    score: float
    description: str


def clean_description(text: str, field: str = "description") -> str:
    """The description stripped of surrounding space; ``BadInput`` when it is empty or longer
    than ``MAX_CHARS`` characters.

    >>> clean_description("  dried apricots ")
    'dried apricots'
    >>> clean_description("   ")
    Traceback (most recent call last):
    ...
    tradebridge.errors.BadInput: description: empty: describe the product in a few words
    """
    cleaned = " ".join(str(text).split())
    if not cleaned:
        raise BadInput("empty: describe the product in a few words", field=field)
    if len(cleaned) > MAX_CHARS:
        raise BadInput(
            f"too long ({len(cleaned)} characters; at most {MAX_CHARS}): "
            "describe one product in a few words",
            field=field,
        )
    return cleaned


def check_method(method: str) -> Method:
    """``method`` as a ``Method``, or ``BadInput`` naming the valid ones."""
    if method not in METHODS:
        raise BadInput(f"unknown method {method!r}; valid: {', '.join(METHODS)}", field="method")
    return Method(method)


def check_count(top: int) -> int:
    """``top`` when it is between 1 (``options.check_top``) and ``MAX_TOP``, else ``BadInput``."""
    from tradebridge.options import check_top

    check_top(top)
    if top > MAX_TOP:
        raise BadInput(f"must be at most {MAX_TOP}, got {top}", field="top")
    return int(top)


def english_query(text: str) -> Translation:
    """The description in English (``product_words``); ``BadInput`` when none of its words
    could be read."""
    from tradebridge.reference.product_words import english

    query = english(text)
    if not query.text.strip():
        raise BadInput(
            "none of its words is in the az/ru product word list: describe the product in "
            "English, or with more common words",
            field="description",
        )
    return query


def embedding_scores(queries: Sequence[str], index: EmbeddingIndex) -> np.ndarray:
    """``len(queries) × subheadings`` cosine similarities of the texts' vectors."""
    from tradebridge.text.embedding import embed

    return embed(list(queries)) @ index.vectors.T


def score_matrix(
    queries: Sequence[str],
    method: str = DEFAULT_METHOD,
    *,
    cache: Path | None = None,
    progress: Progress | None = None,
) -> np.ndarray:
    """``len(queries) × subheadings`` scores of ``method`` (columns in ``documents()`` order);
    the embedding index is loaded from ``cache`` (default ``hs_index.cache_folder()``) or built
    first, reporting to ``progress``."""
    from tradebridge.reference.hs_index import load_or_build
    from tradebridge.reference.hs_tfidf import tfidf_index

    method = check_method(method)
    if method == Method.tfidf:
        return tfidf_index().scores(list(queries))
    dense = embedding_scores(queries, load_or_build(cache, progress))
    if method == Method.embedding:
        return dense
    return EMBEDDING_WEIGHT * dense + (1 - EMBEDDING_WEIGHT) * tfidf_index().scores(list(queries))


def suggest(
    description: str,
    top: int = 5,
    *,
    method: str = DEFAULT_METHOD,
    cache: Path | None = None,
    progress: Progress | None = None,
) -> list[Suggestion]:
    """The ``top`` HS 2022 subheadings closest to ``description``, best first, as
    ``(hs6, score, description)``. The first call of a process loads the model and the cached
    index (builds it once per machine, about a minute).

    >>> [s.hs6 for s in suggest("dried apricots, pitted", top=3)][:1]
    ['081310']
    """
    import numpy as np

    from tradebridge.reference.hs_index import documents

    query = english_query(clean_description(description))
    count = check_count(top)
    scores = score_matrix([query.text], method, cache=cache, progress=progress)[0]
    best = np.argsort(-scores, kind="stable")[:count]
    docs = documents()
    return [
        Suggestion(
            str(docs["product"].iat[i]), round(float(scores[i]), 4), docs["description"].iat[i]
        )
        for i in best
    ]


NOTE = (
    "HS descriptions are the nomenclature's English texts (HS 2022); "
    "scores compare codes within one query."
)


def suggestion_table(
    description: Annotated[str, Doc('Product description, e.g. "dried apricots, pitted"')],
    top: Annotated[int, Doc(f"Number of codes to suggest (1-{MAX_TOP})")] = 5,
    method: Annotated[Method, Doc("Ranking: hybrid, embedding or tfidf")] = DEFAULT_METHOD,
    *,
    cache: Path | None = None,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Suggest HS6 codes (HS 2022) for a product description, best first, with scores.

    The first call on a machine builds the HS index (minutes) and caches it in
    $TRADEBRIDGE_CACHE (default ~/.cache/tradebridge).

    Rows: ``rank``, ``hs6``, ``score``, ``description``, ``hs4``, ``hs4_description``; ``meta``
    holds the question, the method, the model and a note on the English texts.
    """
    import pandas as pd

    from tradebridge.reference.hs import name_of
    from tradebridge.results import with_meta
    from tradebridge.text.embedding import MODEL_NAME

    text = clean_description(description)
    method = check_method(method)
    query = english_query(text)
    found = suggest(text, top, method=method, cache=cache, progress=progress)
    rows = pd.DataFrame(
        {
            "rank": range(1, len(found) + 1),
            "hs6": [s.hs6 for s in found],
            "score": [s.score for s in found],
            "description": [s.description for s in found],
            "hs4": [s.hs6[:4] for s in found],
            "hs4_description": [name_of(s.hs6[:4]) for s in found],
        }
    )
    meta = {
        "question": f"HS codes suggested for {text!r}",
        "description": text,
        "method": str(method),
        "model": None if method == Method.tfidf else MODEL_NAME,
        "nomenclature": "HS 2022",
        "note": NOTE,
    }
    if query.translated:
        meta["english"] = query.text
        meta["unknown_words"] = list(query.unknown)
        meta["note"] = (
            f"Read word by word as {query.text!r} (tradebridge's az/ru product word list"
            + (f"; not understood: {', '.join(query.unknown)}" if query.unknown else "")
            + "). "
            + NOTE
        )
    return with_meta(rows, meta)
