"""The HS embedding index: one sentence vector per HS6 subheading of the HS 2022 nomenclature,
built once and cached on disk.

The texts are the nomenclature's own subheading descriptions (``hs.products()``, English; they
name their heading's goods, e.g. "Fruit, edible; apricots, dried"). Mixing in the heading's
vector did not improve the top-5 accuracy of the evaluation (``docs/benchmarks.md``), so the
index holds the subheadings alone. Building runs the text encoder over 5,613 texts (minutes;
it reports its progress). The result is cached in
``cache_folder()`` as ``hs-index-<key>.npz``, where the key is a hash of the model's identity
(name, version, weights checksum), the SHA-256 of the texts and ``FORMAT``: a new model, a
changed nomenclature or a new format builds a new index and removes the stale ones. The file
is written atomically (``tradebridge.atomic``), under a lock so that two processes starting at
once build it once; a damaged file is rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tradebridge.atomic import write_atomically
from tradebridge.errors import EnvironmentProblem
from tradebridge.text.embedding import DIMENSIONS, model_id

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

FORMAT = 2
PREFIX = "hs-index-"

Progress = Callable[[int, int], None]
_LOADED: dict[Path, EmbeddingIndex] = {}  # indexes read by this process, by file


def cache_folder() -> Path:
    """Where the index is cached: ``$TRADEBRIDGE_CACHE`` when set, else
    ``$XDG_CACHE_HOME/tradebridge``, else ``~/.cache/tradebridge``."""
    explicit = os.environ.get("TRADEBRIDGE_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "tradebridge"


@cache
def documents() -> pd.DataFrame:
    """The HS 2022 subheadings the index covers: ``product``, ``description``, ``hs4``,
    ``hs4_description``, ``hs2``, ``hs2_description`` (codes deleted before HS 2022 are left
    out: a company is told today's code). Cached: copy before modifying."""
    from tradebridge.reference.hs import products

    frame = products()
    columns = ["product", "description", "hs4", "hs4_description", "hs2", "hs2_description"]
    return frame.loc[frame["hs22"], columns].reset_index(drop=True)


@cache
def _current_checksum() -> str:
    return texts_checksum(documents())


def texts_checksum(docs: pd.DataFrame) -> str:
    """SHA-256 of every indexed code and text, in order (any change makes a new key)."""
    digest = hashlib.sha256()
    for row in docs.itertuples(index=False):
        digest.update(f"{row.product}\t{row.description}\n".encode())
    return digest.hexdigest()


def index_key(model: str, checksum: str) -> str:
    """The cache key: the first 16 hex digits of SHA-256 over the model, texts and format.

    >>> index_key("m@1:abc", "0" * 64)
    '...'
    >>> len(index_key("m@1:abc", "0" * 64)), index_key("m@1", "a") != index_key("m@2", "a")
    (16, True)
    """
    return hashlib.sha256(f"{model}|{checksum}|{FORMAT}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class EmbeddingIndex:
    """Unit vectors of the HS6 descriptions, row i for ``products[i]`` (``documents()`` order)."""

    products: np.ndarray  # str codes, n
    vectors: np.ndarray  # n × 384 float32
    key: str
    path: Path


def _save(path: Path, index: dict[str, np.ndarray]) -> None:
    import numpy as np

    def write(tmp: Path) -> None:
        with open(tmp, "wb") as fh:
            np.savez(fh, **index)

    write_atomically(path, write, field="cache")


def _load(path: Path, key: str) -> EmbeddingIndex | None:
    """The index stored at ``path``, or None when it is missing, damaged or of another key."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None
    try:
        if str(arrays["key"]) != key:
            return None
        index = EmbeddingIndex(arrays["products"], arrays["vectors"], key, path)
    except KeyError:
        return None
    expected = documents()["product"]
    fits = index.vectors.shape == (len(expected), DIMENSIONS) and bool(
        (index.products == np.array(expected, dtype=str)).all()
    )
    return index if fits else None


def build(docs: pd.DataFrame, progress: Progress | None = None) -> dict[str, np.ndarray]:
    """The arrays of a new index over ``docs`` (the slow part: the encoder over every text)."""
    import numpy as np

    from tradebridge.text.embedding import encoder

    return {
        "products": np.array(docs["product"], dtype=str),
        "vectors": encoder().encode(list(docs["description"]), progress=progress),
    }


def load_or_build(folder: Path | None = None, progress: Progress | None = None) -> EmbeddingIndex:
    """The cached index for the installed model and today's texts, built (and cached) first
    when there is none; stale index files in the folder are removed after a build. A process
    keeps the indexes it has read (while their file is there)."""
    import numpy as np

    from tradebridge.data.writer_lock import writer_lock

    folder = cache_folder() if folder is None else Path(folder)
    key = index_key(model_id(), _current_checksum())
    path = folder / f"{PREFIX}{key}.npz"
    held = _LOADED.get(path)
    if held is not None and held.key == key and path.is_file():
        return held
    found = _load(path, key)
    if found is not None:
        _LOADED[path] = found
        return found
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EnvironmentProblem(
            f"cannot create the cache folder ({exc.strerror})", file=str(folder), field="cache"
        ) from exc
    with writer_lock(folder, holder="another process is building the HS index"):
        found = _load(path, key)  # built by another process while this one waited
        if found is not None:
            return found
        arrays = build(documents(), progress)
        _save(path, {**arrays, "key": np.array(key)})
    for stale in folder.glob(f"{PREFIX}*.npz"):
        if stale != path:
            stale.unlink(missing_ok=True)
    loaded = _load(path, key)
    if loaded is None:
        raise EnvironmentProblem("the index just written cannot be read", file=str(path))
    _LOADED[path] = loaded
    return loaded
