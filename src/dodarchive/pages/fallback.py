"""What happens to a page no template knows: skip it as a non-article, or ask trafilatura.

:func:`non_article_reason` recognizes what is plainly not an article (robots.txt, feeds,
images, home pages, DNN listing and dashboard pages); :class:`TrafilaturaPage` extracts
the rest with trafilatura and stamps ``extractor.name = "trafilatura"``. Dates come from
the page, bounded by the WARC-Date, never from the clock.
"""

from __future__ import annotations

import re
from importlib.metadata import version as _dist_version
from typing import Any, ClassVar, cast
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from dodarchive.article import Article, Extractor, PageType
from dodarchive.pages.base import NotAnArticle, Page, PageInput
from dodarchive.pages.common import Body, body_of, build_article, canonical_url, check_complete
from dodarchive.pages.text import collapse
from dodarchive.sites import page_type

__all__ = ["TrafilaturaPage", "non_article_reason", "url_page_type"]

_HOME_PATHS = frozenset({"", "/", "/default.aspx", "/index.html", "/index.aspx", "/home/"})
_FEED_TYPES = re.compile(r"(rss|atom|xml)$")
#: Fewer words than this in trafilatura's main text is not an article.
MIN_WORDS = 40


def url_page_type(url: str) -> PageType:
    """The page type the site table gives ``url`` (its patterns, else its path-word
    hints), e.g. a static DefenseLink ``/transcripts/2003/tr20030424-x.html`` → transcript.

    >>> url_page_type("https://www.war.gov/News/Speeches/Speech/Article/1/"), url_page_type("/x")
    ('speech', 'other')
    """
    return cast("PageType", page_type(url))


def non_article_reason(page: PageInput) -> tuple[str, str] | None:
    """(reason, detail) when ``page`` is plainly not an article; None when it may be one."""
    path = urlsplit(page.url).path
    ctype = page.content_type
    head = page.body[:1024].lstrip().lower()
    if path.lower().endswith("/robots.txt"):
        return "robots-txt", page.url
    if ctype.startswith("image/"):
        return "image", ctype
    if _FEED_TYPES.search(ctype) or (head.startswith(b"<?xml") and b"<rss" in head):
        return "feed", ctype or "xml"
    if path.lower() in _HOME_PATHS:
        return "home-page", page.url
    info = page.url_info
    if info is not None and info.kind in ("listing", "feed"):  # the site table says so
        return info.kind, f"a {info.kind} URL of {info.site} (site table)"
    if b"DnnModule" in page.body and b'class="adetail' not in page.body:
        what = "ArticleCSDashboard" if b"ArticleCSDashboard" in page.body else "DNN modules"
        return "listing", f"DNN page without an article view ({what})"
    return None


class TrafilaturaPage(Page):
    """Fallback for unrecognized HTML: delegates to the DoD-aware
    :class:`~dodarchive.pages.generic.GenericPage` (the densest prose, trafilatura as
    a second opinion, read with DoD page conventions)."""

    template: ClassVar[str] = "fallback"
    # trafilatura is imported when first used: its import (and py3langid's, numpy's) is
    # a third of the CLI's start-up, and most runs never reach the fallback.
    version: ClassVar[str] = _dist_version("trafilatura")

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """Any HTML page (the fallback comes last)."""
        return True

    @classmethod
    def extractor(cls) -> Extractor:
        """``trafilatura`` with trafilatura's version."""
        return Extractor(name="trafilatura", version=cls.version)

    def to_article(self) -> Article:
        """GenericPage's article; NotAnArticle when it finds no main text."""
        from dodarchive.pages.generic import GenericPage

        return GenericPage(self.page).to_article()

    def trafilatura_article(self) -> Article:
        """Trafilatura's own article (the fallback before GenericPage), for comparison."""
        reason = non_article_reason(self.page)
        if reason:
            raise NotAnArticle(*reason)
        check_complete(self.page)
        import trafilatura

        day = self.page.source.warcDate[:10] or None
        result: Any = trafilatura.bare_extraction(
            self.page.text,
            url=self.page.url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params={"max_date": day, "extensive_search": False}
            if day
            else {"extensive_search": False},
        )
        text = str(getattr(result, "text", "") or "") if result is not None else ""
        if len(text.split()) < MIN_WORDS:
            raise NotAnArticle("no-main-text", f"trafilatura found {len(text.split())} words")
        soup = BeautifulSoup(
            "<div>" + "".join(f"<p>{_esc(p)}</p>" for p in text.split("\n")) + "</div>", "lxml"
        )
        div = soup.div
        body = body_of(div, self.page.url) if div else Body()
        title = collapse(str(getattr(result, "title", "") or ""))
        if body.paragraphs and body.paragraphs[0] == title:  # the headline is not body text
            del body.paragraphs[0], body.html_blocks[0]
        author = collapse(str(getattr(result, "author", "") or ""))
        date = getattr(result, "date", None)
        return build_article(
            self.page,
            type(self),
            headline=title,
            body=body,
            page_type=url_page_type(self.page.url),
            canonicalUrl=canonical_url(BeautifulSoup(self.page.text, "lxml"), self.page.url),
            description=collapse(str(getattr(result, "description", "") or "")) or None,
            datePublished=str(date) if date else None,
            authors=_authors(author),
            tags=[collapse(t) for t in (getattr(result, "tags", None) or []) if collapse(t)],
        )


def _esc(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def _authors(text: str) -> list[Any]:
    from dodarchive.pages.byline import parse_person

    return [parse_person(n) for n in re.split(r"\s*;\s*", text) if n] if text else []
