"""The TF-IDF baseline for HS suggestion: word and character n-gram vectors of the HS texts.

Each HS 2022 subheading is one document: its description followed by its heading's description
(``hs_index.documents()``). Two scikit-learn ``TfidfVectorizer``\\ s are fitted on those
documents: words (unigrams and bigrams, English stop words removed) and character 3-5-grams
within word boundaries (so that "apricot" meets "apricots"). Both use sublinear term frequency
and L2 normalisation; a query's score against a document is the mean of the two cosine
similarities, in [0, 1]. Fitting takes about a second, so the model is kept in memory only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


@dataclass(frozen=True)
class TfidfIndex:
    """The fitted vectorizers and the document matrices (rows in ``documents()`` order)."""

    vectorizers: tuple[Any, ...]
    matrices: tuple[Any, ...]

    def scores(self, queries: list[str]) -> np.ndarray:
        """``len(queries) × documents`` cosine similarities, averaged over the vectorizers."""
        import numpy as np

        total = None
        for vectorizer, matrix in zip(self.vectorizers, self.matrices, strict=True):
            part = (vectorizer.transform(queries) @ matrix.T).toarray()
            total = part if total is None else total + part
        return np.asarray(total / len(self.vectorizers), dtype=np.float32)


def document_texts(docs: pd.DataFrame) -> list[str]:
    """One text per subheading: its description, then its heading's."""
    return [f"{d}; {h}" for d, h in zip(docs["description"], docs["hs4_description"], strict=True)]


def fit(docs: pd.DataFrame) -> TfidfIndex:
    """The TF-IDF index over ``docs`` (``hs_index.documents()`` or a subset of its rows)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = document_texts(docs)
    vectorizers = (
        TfidfVectorizer(ngram_range=(1, 2), stop_words="english", sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
    )
    matrices = tuple(v.fit_transform(texts) for v in vectorizers)
    return TfidfIndex(vectorizers, matrices)


@cache
def tfidf_index() -> TfidfIndex:
    """The TF-IDF index over every indexed subheading, fitted once per process."""
    from tradebridge.reference.hs_index import documents

    return fit(documents())
