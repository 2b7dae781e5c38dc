"""Turn one archived response into an Article, a skip, or a reject.

This is the per-record function every engine (local, parallel, Spark) calls; it is
pure given its input.
"""

from __future__ import annotations

from dodarchive.article import Article
from dodarchive.pages import NotAnArticle, PageInput, select

__all__ = ["extract_page"]


def extract_page(page: PageInput) -> Article:
    """The article for ``page`` from the first page class that matches it.

    Raises :class:`~dodarchive.pages.NotAnArticle` when no template applies and
    :class:`~dodarchive.pages.ExtractionError` when the template's page is unusable.
    """
    cls = select(page)
    if cls is None:
        raise NotAnArticle("unknown-template", f"no page class matches {page.url}")
    return cls(page).to_article()
