"""Text similarity: sentence embeddings (all-MiniLM-L6-v2) computed with NumPy, no torch."""
