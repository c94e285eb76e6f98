"""A registry prepared once for matching: every set-valued field of every organisation as a
sparse 0/1 matrix (organisations × codes), so that one organisation is compared with all the
others by a few sparse matrix-vector products instead of a Python loop.

>>> from tradebridge.matching.profiles import OrganisationProfile as P
>>> index = MatchIndex.build([
...     P(id=1, kind="exporter", country="AZE", offered=frozenset({"080510", "080810"})),
...     P(id=2, kind="buyer", country="RUS", sought=frozenset({"080550"})),
... ])
>>> index.overlap(index.products[4], 0).tolist()   # HS4 0805 and 0808 against 0805
[1.0, 1.0]
>>> index.overlap(index.products[6], 0).tolist()   # no HS6 in common
[1.0, 0.0]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from tradebridge.matching.profiles import CERTIFICATIONS, KINDS, OrganisationProfile

LEVELS = (6, 4, 2)
"""HS levels compared: HS6 subheading, HS4 heading, HS2 chapter."""

STEM = 6  # letters of a word kept by the text similarity's stemmer

Embed = Callable[[list[str]], np.ndarray]
"""A text embedding: texts → one row of floats per text (e.g. a sentence-embedding model)."""


class Vocabulary:
    """Codes → column numbers, in first-seen order."""

    def __init__(self, codes: Iterable[str] = ()) -> None:
        self.codes: list[str] = []
        self.columns: dict[str, int] = {}
        for code in codes:
            self.add(code)

    def add(self, code: str) -> int:
        column = self.columns.get(code)
        if column is None:
            column = self.columns[code] = len(self.codes)
            self.codes.append(code)
        return column

    def __len__(self) -> int:
        return len(self.codes)


def incidence(rows: Sequence[Iterable[str]], vocabulary: Vocabulary) -> sp.csr_matrix:
    """The 0/1 matrix with a 1 at (row, column of code) for every code of every row; codes are
    added to ``vocabulary`` as they are met."""
    indptr, indices = [0], []
    for codes in rows:
        columns = sorted({vocabulary.add(c) for c in codes})
        indices.extend(columns)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    shape = (len(rows), max(len(vocabulary), 1))
    return sp.csr_matrix((data, np.asarray(indices, dtype=np.int64), indptr), shape=shape)


def _fixed(rows: Sequence[Iterable[str]], codes: Iterable[str]) -> sp.csr_matrix:
    vocabulary = Vocabulary(codes)
    known = [[c for c in row if c in vocabulary.columns] for row in rows]
    return incidence(known, vocabulary)


@dataclass
class MatchIndex:
    """The registry as matrices; row ``r`` is ``profiles[r]``.

    ``products[level]``: products at HS6, HS4 and HS2 (``OrganisationProfile.products``);
    ``offered``: HS6 codes offered (the goods a supplier would sell); ``sectors``,
    ``certifications``, ``required`` (certifications required), ``targets``/``current``
    (target and current markets, columns = ``countries``); ``text``: L2-normalised description
    vectors (TF-IDF of stemmed words unless an ``embed`` is given).
    """

    profiles: list[OrganisationProfile]
    ids: np.ndarray
    row_of: dict[int, int]
    kinds: np.ndarray
    country: np.ndarray
    countries: Vocabulary
    product_codes: dict[int, Vocabulary]
    products: dict[int, sp.csr_matrix]
    offered: sp.csr_matrix
    sectors: sp.csr_matrix
    certifications: sp.csr_matrix
    required: sp.csr_matrix
    targets: sp.csr_matrix
    current: sp.csr_matrix
    text: sp.csr_matrix | np.ndarray
    _by_column: dict[int, sp.csc_matrix] = field(default_factory=dict, repr=False)
    _holders: dict[tuple[int, tuple[int, ...]], np.ndarray] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def build(
        cls, profiles: Sequence[OrganisationProfile], embed: Embed | None = None
    ) -> MatchIndex:
        """Prepare ``profiles`` for matching (once per registry)."""
        profiles = list(profiles)
        countries = Vocabulary()
        country = np.array([countries.add(p.country) for p in profiles], dtype=np.int64)
        product_codes = {level: Vocabulary() for level in LEVELS}
        products = {
            level: incidence(
                [{c[:level] for c in p.products} for p in profiles], product_codes[level]
            )
            for level in LEVELS
        }
        offered = incidence([p.offered for p in profiles], product_codes[6])
        products[6] = _pad(products[6], len(product_codes[6]))
        targets = incidence([p.target_markets for p in profiles], countries)
        current = incidence([p.current_markets for p in profiles], countries)
        n_countries = len(countries)
        return cls(
            profiles=profiles,
            ids=np.array([p.id for p in profiles], dtype=np.int64),
            row_of={p.id: r for r, p in enumerate(profiles)},
            kinds=np.array([KINDS.index(p.kind) if p.kind in KINDS else -1 for p in profiles]),
            country=country,
            countries=countries,
            product_codes=product_codes,
            products=products,
            offered=offered,
            sectors=incidence([p.sectors for p in profiles], Vocabulary()),
            certifications=_fixed([p.certifications for p in profiles], CERTIFICATIONS),
            required=_fixed([p.certifications_required for p in profiles], CERTIFICATIONS),
            targets=_pad(targets, n_countries),
            current=_pad(current, n_countries),
            text=text_vectors([p.description for p in profiles], embed),
        )

    def __len__(self) -> int:
        return len(self.profiles)

    def overlap(self, matrix: sp.csr_matrix, row: int) -> np.ndarray:
        """Overlap coefficient ``|A ∩ B| / min(|A|, |B|)`` of row ``row``'s codes with every
        row's (0 when either set is empty)."""
        common = matrix @ dense_row(matrix, row)
        sizes = np.diff(matrix.indptr)
        smaller = np.minimum(sizes, sizes[row])
        return np.divide(common, smaller, out=np.zeros(len(common)), where=smaller > 0)

    def specificity(self, level: int, row: int, kinds: Sequence[int]) -> np.ndarray:
        """For every organisation, the specificity of the most specific HS code (at ``level``)
        it shares with row ``row``: ``max_{c ∈ A ∩ B} ln((N + 1) / n_c) / ln(N + 1)``, where N
        organisations are of ``kinds`` (the counterparts) and n_c of them hold code c; 0 when
        they share none. A code every counterpart holds is worth almost nothing, one only a
        few hold nearly 1 (an inverse document frequency, scaled to [0, 1])."""
        matrix = self.products[level]
        codes = matrix.indices[matrix.indptr[row] : matrix.indptr[row + 1]]
        if len(codes) == 0:
            return np.zeros(len(self))
        key = (level, tuple(sorted(kinds)))
        if key not in self._holders:  # n_c of every code, once per level and kinds
            of_kinds = np.isin(self.kinds, kinds)
            self._holders[key] = np.bincount(
                matrix[of_kinds].indices, minlength=matrix.shape[1]
            ).astype(float)
        total = float(np.isin(self.kinds, kinds).sum())
        holders = self._holders[key][codes]
        weight = np.log((total + 1) / np.maximum(holders, 1)) / np.log(total + 1)
        if level not in self._by_column:
            self._by_column[level] = matrix.tocsc()
        by_column = self._by_column[level]
        out = np.zeros(len(self))
        for code, value in zip(codes, weight, strict=True):
            rows = by_column.indices[by_column.indptr[code] : by_column.indptr[code + 1]]
            out[rows] = np.maximum(out[rows], value)
        return out

    def similarity(self, row: int) -> np.ndarray:
        """Cosine similarity of row ``row``'s description with every row's (0 for empty ones)."""
        if isinstance(self.text, np.ndarray):
            return np.clip(self.text @ self.text[row], 0.0, 1.0)
        return np.clip(self.text @ dense_row(self.text, row), 0.0, 1.0)

    def column(self, matrix: sp.csr_matrix, column: int) -> np.ndarray:
        """Column ``column`` of ``matrix`` as a dense vector (one entry per organisation)."""
        unit = np.zeros(matrix.shape[1])
        unit[column] = 1.0
        return matrix @ unit


def dense_row(matrix: sp.csr_matrix, row: int) -> np.ndarray:
    """Row ``row`` of a CSR matrix as a dense vector."""
    out = np.zeros(matrix.shape[1])
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    out[matrix.indices[start:end]] = matrix.data[start:end]
    return out


def _pad(matrix: sp.csr_matrix, columns: int) -> sp.csr_matrix:
    """``matrix`` widened to ``columns`` columns (codes added to a vocabulary after it was
    built)."""
    if matrix.shape[1] >= columns:
        return matrix
    return sp.csr_matrix((matrix.data, matrix.indices, matrix.indptr), (matrix.shape[0], columns))


def text_vectors(texts: list[str], embed: Embed | None = None) -> sp.csr_matrix | np.ndarray:
    """Unit-length vectors of ``texts``: ``embed``'s when given, else TF-IDF (sublinear term
    frequency) of words cut to their first ``STEM`` letters, a crude stemmer that works alike in
    az, ru and en (``apricots``/``apricot``, ``абрикосы``/``абрикосов`` meet); case and
    punctuation ignored; an empty text is the zero vector."""
    if embed is not None:
        vectors = np.asarray(embed(texts), dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        empty = np.array([not t.strip() for t in texts])[:, None]
        return np.where(empty | (norms == 0), 0.0, vectors / np.where(norms > 0, norms, 1.0))
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not any(t.strip() for t in texts):
        return sp.csr_matrix((len(texts), 1))
    vectorizer = TfidfVectorizer(analyzer=stems, sublinear_tf=True)
    return vectorizer.fit_transform(texts).tocsr()


def stems(text: str) -> list[str]:
    """The words of ``text``, lower-cased and cut to ``STEM`` letters.

    >>> stems("Dried apricots, pitted; абрикосы")
    ['dried', 'aprico', 'pitted', 'абрико']
    """
    return [word[:STEM] for word in re.findall(r"\w+", text.casefold())]
