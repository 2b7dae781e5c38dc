"""A TEST-ONLY page class for the pipeline tests. Not part of dodarchive.

The pipeline tests (dedup across captures, filters, Parquet, determinism, kills) are
about the engine, not about any template: they build small synthetic pages with exactly
the article id, date, page type and canonical URL a case needs. :func:`install` puts
:class:`SyntheticTestPage` FIRST in ``PAGE_CLASSES``; it matches only pages carrying
``<meta name="dodarchive-test-page">``, which no real page has, so every real page (the
fixture WARCs included) still goes to the real classes. (The af.mil stand-in that used
to come last is gone: the real af.mil classes take those pages.)

``python -m tests.standin_pages ARGS`` runs the ``dodarchive`` CLI with the stand-ins
installed (workers are forked, so they inherit them).
"""

from __future__ import annotations

from html import escape

import dodarchive.pages
from dodarchive.article import Article, Author
from dodarchive.pages import ExtractionError, Page, PageInput
from dodarchive.pages.text import collapse

MARKER = b'<meta name="dodarchive-test-page"'


def _article(page: PageInput, cls: type[Page], **values: object) -> Article:
    paragraphs = tuple(values.pop("paragraphs"))  # type: ignore[call-overload]
    base: dict[str, object] = {
        "url": page.url,
        "canonicalUrl": None,
        "alternativeHeadline": None,
        "description": None,
        "datePublished": None,
        "datePublishedRaw": None,
        "dateModified": None,
        "dateModifiedRaw": None,
        "authors": (),
        "sourceOrganization": None,
        "dateline": None,
        "articleBody": "\n\n".join(paragraphs),
        "paragraphs": paragraphs,
        "articleBodyHtml": "".join(f"<p>{escape(p)}</p>" for p in paragraphs),
        "images": (),
        "tags": (),
        "attachments": (),
        "relatedLinks": (),
        "pageType": "other",
        "articleId": None,
        "releaseNumber": None,
        "inLanguage": "en",
        "source": page.source,
        "extractor": cls.extractor(),
    }
    base.update(values)
    return Article(**base)  # type: ignore[arg-type]


class SyntheticTestPage(Page):
    """TEST-ONLY: the synthetic pages of :func:`synthetic_page`."""

    template = "test-synthetic"

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        return MARKER in page.body[:2048]

    def to_article(self) -> Article:
        soup = self.page.soup
        meta = {m.get("name"): m.get("content") for m in soup.find_all("meta")}
        h1 = soup.find("h1")
        if h1 is None or not collapse(h1.get_text()):
            raise ExtractionError("no-headline", "synthetic page without h1")
        time = soup.find("time")
        raw = time.get_text() if time else None
        return _article(
            self.page,
            type(self),
            headline=collapse(h1.get_text()),
            datePublished=str(time["datetime"]) if time else None,
            datePublishedRaw=raw,
            authors=(Author(name="Test Author", nameRaw="By Test Author"),),
            paragraphs=[collapse(p.get_text()) for p in soup.find_all("p")],
            pageType=meta.get("page-type") or "news-article",
            articleId=meta.get("article-id"),
            canonicalUrl=meta.get("canonical"),
        )


def install() -> None:
    """Register the synthetic stand-in first (idempotent), before the real classes."""
    current = tuple(c for c in dodarchive.pages.PAGE_CLASSES if c is not SyntheticTestPage)
    dodarchive.pages.PAGE_CLASSES = (SyntheticTestPage, *current)


def synthetic_page(
    headline: str,
    *,
    article_id: str | None = None,
    date: str | None = None,
    page_type: str = "news-article",
    paragraphs: tuple[str, ...] = ("First paragraph.", "Last paragraph."),
    canonical: str | None = None,
) -> bytes:
    """A small HTML page that :class:`SyntheticTestPage` (and nothing real) extracts."""
    metas = ['<meta name="dodarchive-test-page" content="1">']
    metas.append(f'<meta name="page-type" content="{page_type}">')
    if article_id:
        metas.append(f'<meta name="article-id" content="{article_id}">')
    if canonical:
        metas.append(f'<meta name="canonical" content="{escape(canonical)}">')
    time = f'<time datetime="{date}">{date}</time>' if date else ""
    paras = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    html = (
        f"<!DOCTYPE html><html><head>{''.join(metas)}<title>{escape(headline)}</title></head>"
        f"<body><h1>{escape(headline)}</h1>{time}{paras}</body></html>"
    )
    return html.encode("utf-8")


if __name__ == "__main__":
    install()
    from dodarchive.cli import main

    main()
