"""TEST-ONLY page classes for the pipeline tests. Not part of dodarchive.

The real templates live in ``dodarchive.pages`` (built elsewhere). The pipeline tests
need articles now, and must keep working once the real templates land, so
:func:`install` registers two stand-ins around whatever ``PAGE_CLASSES`` already holds:

- :class:`SyntheticTestPage`, FIRST: matches only the synthetic pages the tests build
  (they carry ``<meta name="dodarchive-test-page">``), which no real template matches,
  so tests on dedup, filters and Parquet assert exact values whatever is registered.
- :class:`AfmilPrintStandIn`, LAST: a crude reader of af.mil print views, used only
  when no real class (and no fallback) takes them, so the fixture WARCs yield articles
  for the determinism, kill and memory tests. Once the real af.mil template lands it
  handles those pages instead; those tests assert pipeline properties only.

``python -m tests.standin_pages ARGS`` runs the ``dodarchive`` CLI with the stand-ins
installed (workers are forked, so they inherit them).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import parse_qs, urlsplit

import dodarchive.pages
from dodarchive.article import Article, Author
from dodarchive.pages import ExtractionError, Page, PageInput
from dodarchive.pages.text import collapse, iso_date

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


class AfmilPrintStandIn(Page):
    """TEST-ONLY stand-in for the af.mil print-view template (headline, date, text)."""

    template = "test-afmil-print-standin"

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        return b'class="da_print_body"' in page.body

    def to_article(self) -> Article:
        soup = self.page.soup
        h1 = soup.select_one("div.da_print_body h1.title")
        body = soup.select_one("div.da_print_body div.da_black")
        if h1 is None or body is None:
            raise ExtractionError("no-headline", "print view without h1.title/da_black")
        info = soup.select_one("p.da_story_info")
        raw = None
        if info is not None:
            m = re.search(r"[A-Z][a-z]+\.? \d{1,2}, \d{4}", info.get_text())
            raw = m.group(0) if m else None
        paragraphs = [collapse(t) for t in body.get_text("\n").split("\n") if collapse(t)]
        if not paragraphs:
            raise ExtractionError("no-body", "empty print view")
        ident = parse_qs(urlsplit(self.page.url).query).get("Article", [None])[0]
        return _article(
            self.page,
            type(self),
            headline=collapse(h1.get_text()),
            datePublished=iso_date(raw) if raw else None,
            datePublishedRaw=raw,
            paragraphs=paragraphs,
            pageType="news-article",
            articleId=ident,
        )


def install() -> None:
    """Register the stand-ins (idempotent): synthetic first, af.mil stand-in last."""
    current = tuple(
        c for c in dodarchive.pages.PAGE_CLASSES if c not in (SyntheticTestPage, AfmilPrintStandIn)
    )
    dodarchive.pages.PAGE_CLASSES = (SyntheticTestPage, *current, AfmilPrintStandIn)


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
