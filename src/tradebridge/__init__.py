"""tradebridge: export and investment promotion from trade statistics."""

__version__ = "0.1.0"
