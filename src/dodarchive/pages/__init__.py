"""Page classes, one per DoD page template, in the order they are tried.

``PAGE_CLASSES`` is the registry: the first class whose ``matches()`` accepts a page
handles it. Anything no class accepts goes to the fallback extractor (or is skipped as
not an article). To add a template, write one ``Page`` subclass and list it here.
"""

from __future__ import annotations

from dodarchive.pages.afmil import AfmilBioPrintPage, AfmilPrintArticlePage
from dodarchive.pages.base import ExtractionError, NotAnArticle, Page, PageInput

__all__ = ["PAGE_CLASSES", "ExtractionError", "NotAnArticle", "Page", "PageInput", "select"]

PAGE_CLASSES: tuple[type[Page], ...] = (
    # af.mil ArticleCS print views
    AfmilPrintArticlePage,
    AfmilBioPrintPage,
)


def select(page: PageInput) -> type[Page] | None:
    """The first registered page class that matches ``page``, or None."""
    return next((cls for cls in PAGE_CLASSES if cls.matches(page)), None)
