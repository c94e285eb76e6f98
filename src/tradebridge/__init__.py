"""tradebridge: export and investment promotion from trade statistics.

    import tradebridge as tb
    wh = tb.open()                                   # ./tradebridge-data or $TRADEBRIDGE_HOME
    wh.profile("AZE", year=2021, by="partner")       # pandas DataFrame, meta in .attrs["meta"]
"""

from tradebridge.workspace import Workspace
from tradebridge.workspace import open_workspace as open  # noqa: A001

__version__ = "0.1.0"
__all__ = ["Workspace", "open", "__version__"]
