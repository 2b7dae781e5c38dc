"""dodarchive: archive DoD press pages into WARC files and extract clean Article JSON.

The Python API (``docs/api.md``) is re-exported here and imported on first use, so
``import dodarchive`` stays cheap::

    import dodarchive
    article = dodarchive.extract_html(html, url)
    for article in dodarchive.iter_articles("crawl/"):
        ...
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["Article", "__version__", "extract_html", "iter_articles", "iter_records"]

if TYPE_CHECKING:
    from dodarchive.api import extract_html, iter_articles, iter_records
    from dodarchive.article import Article

_LAZY = {
    "Article": "dodarchive.article",
    "extract_html": "dodarchive.api",
    "iter_articles": "dodarchive.api",
    "iter_records": "dodarchive.api",
}


def __getattr__(name: str) -> Any:
    """Import an API name from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'dodarchive' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
