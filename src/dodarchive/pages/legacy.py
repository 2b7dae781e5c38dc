"""Legacy ASP.NET defense.gov / DefenseLink pages, 2005-2012: releases and AFPS news articles.

Both sit in the master-page chrome, inside ``<span id="..._lblArticleContent">``, with
comment markers ``<!-- item-header -->``, ``<!-- CONTENT START -->``,
``<!-- main-body -->`` and ``<!-- /main-content -->``. Everything outside the span and
the item header (logo, "Bookmark and Share", "Printer-friendly Version", "Email A Copy",
"Contact Author") is chrome and never read. The links of the "Related Sites:" block
(``div.relatedsites`` and the lists after its label) are ``relatedLinks``, not body.
"""

from __future__ import annotations

import re
from typing import ClassVar

from bs4 import BeautifulSoup, Comment, Tag
from lxml import etree

from dodarchive.article import Article, Image, Link
from dodarchive.pages.base import ExtractionError, Page, PageInput
from dodarchive.pages.boilerplate import is_boilerplate
from dodarchive.pages.byline import parse_byline
from dodarchive.pages.common import (
    absolute,
    body_of,
    build_article,
    check_complete,
    element_soup,
    first_tag,
    split_credit,
    split_dateline,
    tags,
)
from dodarchive.pages.text import collapse, iso_date

__all__ = ["LegacyNewsArticlePage", "LegacyReleasePage"]

_SPAN = re.compile(r"lblArticleContent$")
_RELEASE_NO = re.compile(r"^No\.\s*(?P<no>[A-Z]*-?\d+-\d+)\s+(?P<date>.+)$")


_RELATED_LABEL = re.compile(r"^\s*Related\s+Sites\s*:?\s*$", re.I)
_RELATED_END = re.compile(r"^\s*(?:Additional\s+Links|Stay\s+Connected|Contact\s+Author)", re.I)


def related_sites(span: Tag, base: str) -> list[Link]:
    """The links of the "Related Sites:" block of ``span`` (the label's element and the
    elements after it up to "Additional Links"), which are removed from ``span``.

    >>> from bs4 import BeautifulSoup
    >>> html = ('<span><p>Text <a href="/x">x</a></p><div class="relatedsites"><strong>'
    ...         'Related Sites:</strong><br><a href="/y">Y site</a></div></span>')
    >>> span = BeautifulSoup(html, "lxml").span
    >>> related_sites(span, "http://www.defense.gov/news/"), span.get_text()
    ([Link(url='http://www.defense.gov/y', text='Y site')], 'Text x')
    """
    label = next((s for s in span.find_all(string=_RELATED_LABEL)), None)
    if label is None:
        return []
    box = label.find_parent(class_="relatedsites") or label.find_parent(["div", "p", "td"])
    if not isinstance(box, Tag) or box is span:
        return []
    block = [box]
    for sibling in box.find_next_siblings():
        if _RELATED_END.match(sibling.get_text(" ")):
            break
        if sibling.name in ("ul", "ol", "div", "p") and sibling.find("a", href=True):
            block.append(sibling)
        else:
            break
    links: list[Link] = []
    for element in block:
        for a in element.find_all("a", href=True):
            url = absolute(base, str(a["href"]))
            if url:
                links.append(Link(url=url, text=collapse(a.get_text(" ")) or None))
        element.decompose()
    return links


def _span_element(root: etree._Element) -> etree._Element | None:
    ids = (el for el in root.iter(etree.Element) if _SPAN.search(el.get("id") or ""))
    return next(ids, None)


def _content_span(page: PageInput) -> tuple[BeautifulSoup, Tag]:
    """The article span (``...lblArticleContent``), parsed alone (see ``element_soup``)."""
    check_complete(page)
    soup = element_soup(page, _span_element) or BeautifulSoup(page.text, "lxml")
    span = soup.find(id=_SPAN)
    if not isinstance(span, Tag):
        raise ExtractionError("no-body", "no lblArticleContent span")
    markers = {collapse(str(c)) for c in span.find_all(string=lambda s: isinstance(s, Comment))}
    if "/main-content" not in markers:
        raise ExtractionError("truncated", "no <!-- /main-content --> marker in the article")
    return soup, span


class LegacyReleasePage(Page):
    """A legacy news release (``Release.aspx?ReleaseID=N``): "No. 163-10" and its date in
    the header table, the headline as a bold centered div, the text in the div after it."""

    template: ClassVar[str] = "legacy-release"
    guarantees: ClassVar[tuple[str, ...]] = (
        "datePublished",
        "releaseNumber",
        "articleId",
        "sourceOrganization",
    )
    version: ClassVar[str] = "3"  # 2: casualties; 3: issue 21 fields

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """The master-page article span with the release comment markers."""
        body = page.body
        return (
            b"lblArticleContent" in body
            and b"<!-- main-body -->" in body
            and b"<!-- item-header -->" in body
            and b"News Release" in body
            and (page.url_info is None or page.url_info.page_type != "news-article")
        )

    def to_article(self) -> Article:
        """The release; raises ExtractionError when a part of the template is missing."""
        _soup, span = _content_span(self.page)
        number = date_raw = None
        for strong in tags(span, "strong"):
            m = _RELEASE_NO.match(collapse(strong.get_text(" ")))
            if m:
                number, date_raw = m.group("no"), m.group("date")
                break
        head = span.find("div", attrs={"align": re.compile("center", re.I)})
        if not isinstance(head, Tag):
            raise ExtractionError("no-headline", "no centered headline div")
        text = head.find_next_sibling("div")
        if not isinstance(text, Tag):
            raise ExtractionError("no-body", "no release text after the headline")
        org = None
        for s in tags(span, "span"):
            value = collapse(s.get_text(" "))
            if value.startswith("Office of"):
                org = value
                break
        web = span.find("a", attrs={"title": "Web link for this Page"})
        links = related_sites(span, self.page.url)
        body = body_of(text, self.page.url)
        body.links = links
        return build_article(
            self.page,
            type(self),
            headline=head.get_text(" "),
            body=body,
            page_type="release",
            canonicalUrl=absolute(self.page.url, str(web.get("href"))) if web else None,
            datePublished=iso_date(date_raw) if date_raw else None,
            datePublishedRaw=date_raw,
            sourceOrganization=org,
            articleId=self.page.article_id,
            releaseNumber=number,
        )


class LegacyNewsArticlePage(Page):
    """An AFPS news article (``newsarticle.aspx?id=N``): ``p.articletitle``, ``p.byline``
    ("By NAME" / organization), the text between ``<!-- main-body -->`` and
    ``<!-- /main-content -->``, photos as ``table.photo`` with ``td.photocaption``.

    The only instance we have is the RECONSTRUCTED seed page (see
    ``scripts/reconstruct_seed_page.py``): the markup inside the span is assumed.
    """

    template: ClassVar[str] = "legacy-newsarticle"
    guarantees: ClassVar[tuple[str, ...]] = (
        "datePublished",
        "authors",
        "sourceOrganization",
        "dateline",
    )
    version: ClassVar[str] = "2"

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """The article span with markers and an ``articletitle`` paragraph."""
        body = page.body
        return (
            b"lblArticleContent" in body
            and b"<!-- main-body -->" in body
            and b'class="articletitle"' in body
        )

    def to_article(self) -> Article:
        """The news article; the dateline prefix of the first paragraph goes to dateline."""
        soup, span = _content_span(self.page)
        links = related_sites(span, self.page.url)
        title = span.find(class_="articletitle")
        byline = span.find(class_="byline")
        lines = byline.get_text("\n").split("\n") if isinstance(byline, Tag) else []
        authors, org = parse_byline(lines)
        content = soup.new_tag("div")
        inside = False
        for node in list(span.children):
            if isinstance(node, Comment):
                mark = collapse(str(node))
                inside = mark == "main-body" or (inside and mark != "/main-content")
                continue
            if inside:
                content.append(node.extract())
        tables = tags(content, "table", "photo")
        images = [self._photo(t) for t in tables]
        for table in tables:
            table.decompose()
        body = body_of(content, self.page.url, [i for i in images if i])
        body.links = links
        dateline, date_raw = split_dateline(body)
        return build_article(
            self.page,
            type(self),
            headline=title.get_text(" ") if isinstance(title, Tag) else None,
            body=body,
            page_type="news-article",
            datePublished=iso_date(date_raw) if date_raw else None,
            datePublishedRaw=date_raw,
            authors=authors,
            sourceOrganization=org,
            dateline=dateline,
            articleId=self.page.article_id,
        )

    def _photo(self, table: Tag) -> Image | None:
        img = first_tag(table, "img")
        if not isinstance(img, Tag):
            return None
        link = img.find_parent("a")
        url = absolute(self.page.url, str(link.get("href")) if link else str(img.get("src")))
        captions = [
            collapse(td.get_text(" "))
            for td in tags(table, "td", "photocaption")
            if not is_boilerplate(td.get_text(" ")) and "Click photo" not in td.get_text(" ")
        ]
        caption, credit = split_credit(" ".join(captions))
        alt = collapse(str(img.get("alt") or "")) or None
        if alt and is_boilerplate(alt):
            alt = None
        return Image(url=url or "", caption=caption, creditText=credit, alt=alt)
