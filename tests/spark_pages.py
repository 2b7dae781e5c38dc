"""TEST-ONLY page class for the Spark engine tests. NOT a DoD template; never registered
outside tests.

Until the real page classes land every fixture record is skipped, which would make an
engine comparison vacuous. :class:`TitleParagraphsTestPage` turns any HTML page with a
heading or title into an Article (its ``<p>`` texts as the body) and rejects pages without
paragraphs, so the engines are compared on real article lines *and* rejects.
:func:`register` appends it after the real registry, so once real templates exist they
still win and this class only catches what they leave.
"""

from __future__ import annotations

import dodarchive.pages
from dodarchive.article import Article
from dodarchive.pages import ExtractionError, NotAnArticle, Page
from dodarchive.pages.text import collapse


class TitleParagraphsTestPage(Page):
    """TEST-ONLY: headline from the first ``<h1>``/``<h2>``/``<title>``, body from ``<p>``s."""

    template = "test-only-title-paragraphs"
    version = "test-1"

    @classmethod
    def matches(cls, page: dodarchive.pages.PageInput) -> bool:
        return b"<title" in page.body[:20000].lower()

    def to_article(self) -> Article:
        soup = self.page.soup
        heads = (soup.find(name) for name in ("h1", "h2", "title"))
        headline = next((t for t in (collapse(h.get_text(" ")) for h in heads if h) if t), "")
        if not headline:
            raise NotAnArticle("test-no-title")
        paragraphs = tuple(t for t in (collapse(p.get_text(" ")) for p in soup.find_all("p")) if t)
        if not paragraphs:
            raise ExtractionError("test-no-paragraphs", f"{self.page.url}: no <p> text")
        return Article(
            url=self.page.url,
            canonicalUrl=None,
            headline=headline,
            alternativeHeadline=None,
            description=None,
            datePublished=None,
            datePublishedRaw=None,
            dateModified=None,
            dateModifiedRaw=None,
            authors=(),
            sourceOrganization=None,
            dateline=None,
            articleBody="\n\n".join(paragraphs),
            paragraphs=paragraphs,
            articleBodyHtml="",
            images=(),
            tags=(),
            attachments=(),
            relatedLinks=(),
            pageType="other",
            articleId=None,
            releaseNumber=None,
            inLanguage="en",
            source=self.page.source,
            extractor=self.extractor(),
        )


def register() -> None:
    """Append the TEST-ONLY class to the page registry (idempotent; runs in Spark tasks)."""
    classes = dodarchive.pages.PAGE_CLASSES
    if not any(c.template == TitleParagraphsTestPage.template for c in classes):
        dodarchive.pages.PAGE_CLASSES = (*classes, TitleParagraphsTestPage)
