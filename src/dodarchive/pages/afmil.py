"""af.mil ArticleCS print views (``/DesktopModules/ArticleCS/Print.aspx?...&Article=N``).

Two templates share the print module:

- :class:`AfmilPrintArticlePage`: ``div.da_print_body`` with ``h1.title``, the byline and
  date in ``p.da_story_info`` ("By Staff Sgt. Timothy Moore, 86th Airlift Wing Public
  Affairs / Published January 16, 2016"), the body in ``div.da_black`` and images with
  captions in ``div.da_media_item``. The URL's ``ModuleId`` names the site section, which
  sets ``pageType`` by the site table: news (850) "news-article", commentaries (1042)
  "commentary", speeches (1032) "speech" and fact sheets (854) "fact-sheet".
- :class:`AfmilBioPrintPage`: ``h1.biotitleprint`` biographies, "biography".

Both are read with the shared toolkit (``docs/extraction.md``): the body is one paragraph
per line as a browser shows it (every ``<br>`` and every block element ends a line) and
``articleBodyHtml`` keeps each line's links and emphasis; the ``div.da_related_item``
boxes ("Related Stories", "Related Links", ...) are ``relatedLinks`` (documents among them
also attachments); a leading bold "PLACE (AFNS) --"
is the dateline, and a "(Current as of May 2015)" line becomes ``dateModified``; neither
stays in the body. Each image's ``url`` is its "DOWNLOAD HI-RES" link (else the img
src); that link and "PHOTO DETAILS" are dropped, the caption's closing "(U.S. Air Force
photo/...)" becomes ``creditText``, and ``alt`` is whitespace-collapsed.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, cast

from bs4.element import Tag

from dodarchive.article import Article, Attachment, Author, Image, Link, PageType
from dodarchive.pages.base import ExtractionError, Page, PageInput
from dodarchive.pages.boilerplate import is_boilerplate
from dodarchive.pages.byline import find_person, parse_byline
from dodarchive.pages.common import (
    Body,
    absolute,
    attachment_of,
    body_of,
    build_article,
    check_complete,
    first_tag,
    parse_region,
    split_credit,
    split_dateline,
    tags,
)
from dodarchive.pages.text import WRITTEN_DATE, collapse, iso_date

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

__all__ = ["AfmilBioPrintPage", "AfmilPrintArticlePage"]

_REGION_OPENERS = ('<div class="da_print_body"', '<div class="da_print_bio"')
_PUBLISHED = re.compile(r"(?:^|/)\s*Published\s+(.+?)\s*$")
_WRITTEN = re.compile(WRITTEN_DATE)
#: "General Frank Gorenc speaks during the Air & Space Conference ...": the speaker.
_SPEAKS = re.compile(r"^(?P<who>.+?)\s+(?:speaks|spoke|delivers|delivered|gives|gave|addresses)\b")
_CURRENT = re.compile(r"^\(?\s*(?:Current|Up to date) as of\s*(?P<date>.+?)\s*\)?\.?$", re.I)


class _AfmilPrintBase(Page):
    """What both af.mil print templates share: body lines, images, tags, the article id."""

    marker: ClassVar[bytes]
    guarantees = ("articleId",)

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The document parsed from the print body on (``div.da_print_body`` or
        ``div.da_print_bio``): skipping the head and __VIEWSTATE saves a sixth of the
        parse. The whole document when neither is present."""
        return parse_region(self.page, *_REGION_OPENERS)

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """A print view by the site table whose body carries this template's marker class."""
        info = page.url_info
        return info is not None and info.kind == "print" and cls.marker in page.body

    def _article_id(self) -> str | None:
        return self.page.article_id

    def _page_type(self) -> PageType:
        """The page type of the print view's section (by its ModuleId); news by default."""
        info = self.page.url_info
        if info is None or info.section is None:
            return "news-article"
        return cast("PageType", info.page_type)

    def _images(self) -> list[Image]:
        images: list[Image] = []
        for item in tags(self.soup, "div", "da_media_item"):
            img = first_tag(item, "img")
            if not isinstance(img, Tag) or not img.get("src"):
                continue
            href = next(
                (
                    a["href"]
                    for a in tags(item, "a")
                    if a.has_attr("href") and "HI-RES" in a.text.upper()
                ),
                img["src"],
            )
            words = [  # the caption; not the "DOWNLOAD HI-RES / PHOTO DETAILS" links
                collapse(p.get_text())
                for p in tags(item, "p")
                if not any(is_boilerplate(a.get_text()) for a in tags(p, "a"))
            ]
            caption, credit = split_credit(" ".join(words))
            images.append(
                Image(
                    url=absolute(self.page.url, str(href)),
                    caption=caption,
                    creditText=credit,
                    alt=collapse(str(img.get("alt") or "")) or None,
                )
            )
        return images

    def _tags(self) -> list[str]:
        """The alt="Tag" links of ``div.da_body_center``, in document order."""
        found: list[str] = []
        for box in tags(self.soup, "div", "da_body_center"):
            for img in tags(box, "img"):
                link = next((p for p in img.parents if p is box or p.name == "a"), None)
                if img.get("alt") == "Tag" and link is not box and img.parent:
                    found.append(collapse(img.parent.get_text()))
        return [t for t in found if t]

    def _related(self, root: Tag) -> tuple[list[Link], list[Attachment]]:
        """The links of the ``div.da_related_item`` boxes, and the documents among them."""
        links: list[Link] = []
        documents: list[Attachment] = []
        for box in tags(root, "div", "da_related_item"):
            for a in tags(box, "a"):
                url = absolute(self.page.url, str(a.get("href") or ""))
                if not url:
                    continue
                links.append(Link(url=url, text=collapse(a.get_text()) or None))
                document = attachment_of(a, url)
                if document:
                    documents.append(document)
        return links, documents

    def _body(self, root: Tag) -> tuple[Body, str | None, str | None]:
        """``(body, dateline, current-as-of text)`` of ``div.da_black``."""
        element = first_tag(root, "div", "da_black")
        if not isinstance(element, Tag):
            raise ExtractionError("no-body", f"no div.da_black in {self.page.url}")
        for end in tags(element, "div", ("da_center", "story_end")):
            end.decompose()
        body = body_of(element, self.page.url, self._images(), line_breaks=1)
        body.links, documents = self._related(root)
        body.attachments += [d for d in documents if d not in body.attachments]
        dateline, _ = split_dateline(body)
        current = None
        for i in range(len(body.paragraphs) - 1, -1, -1):
            m = _CURRENT.match(body.paragraphs[i])
            if m:
                current = m.group("date")
                body.drop(i)
                break
        return body, dateline, current

    def _article(
        self,
        root: Tag,
        headline_class: str,
        page_type: PageType,
        published: str | None = None,
        **fields: Any,
    ) -> Article:
        """The article from ``h1.<headline_class>`` and the body of ``root``; a biography
        has no dateline (a bold lead-in is dropped all the same)."""
        h1 = first_tag(root, "h1", headline_class)
        body, dateline, current = self._body(root)
        return build_article(
            self.page,
            type(self),
            headline=h1.get_text() if h1 else None,
            body=body,
            page_type=page_type,
            datePublished=iso_date(published) if published else None,
            datePublishedRaw=published,
            dateModified=iso_date(current, month=True) if current else None,
            dateModifiedRaw=current,
            dateline=None if page_type == "biography" else dateline,
            tags=self._tags(),
            articleId=self._article_id(),
            **fields,
        )


class AfmilPrintArticlePage(_AfmilPrintBase):
    """af.mil print view of a news story, commentary, speech or fact sheet."""

    template = "afmil-print"
    version = "2"
    # Speeches and fact sheets print no date, and many bylines name only an office.
    marker = b'class="da_print_body"'

    def to_article(self) -> Article:
        """The article; ExtractionError when the page is cut or the headline or body is
        missing, and ``stub`` when the body only points to the text elsewhere ("View
        the speech here."). A speech's presenter line (ranked name), else the person the
        line under it says speaks, is its author; that line, which describes the event,
        is its description and gives its date ("..., Orlando, Fla., Feb. 20, 2014")."""
        check_complete(self.page)
        root = first_tag(self.soup, "div", "da_print_body")
        if not isinstance(root, Tag):
            raise ExtractionError("no-article", f"no div.da_print_body in {self.page.url}")
        page_type = self._page_type()
        info = first_tag(root, "p", "da_story_info")
        info_text = collapse(info.get_text()) if info else ""
        dated = _PUBLISHED.search(info_text)  # "By ..., Org / Published January 16, 2016"
        byline = info_text[: dated.start()] if dated else info_text
        authors: list[Author] = []
        org = description = None
        published = dated.group(1) if dated else None
        if page_type == "speech":
            presenter = info.find_previous_sibling("p") if info else None
            person = find_person(presenter.get_text(), need_title=True) if presenter else None
            speaks = _SPEAKS.match(info_text)
            if person is None and speaks:
                person = find_person(speaks.group("who"), need_title=True)
            authors, description = ([person] if person else []), info_text or None
            when = _WRITTEN.search(info_text)
            published = published or (when.group(0) if when else None)
        else:
            authors, org = parse_byline([byline])
        return self._article(
            root,
            "title",
            page_type,
            published=published,
            authors=authors,
            sourceOrganization=org,
            description=description,
        )


class AfmilBioPrintPage(_AfmilPrintBase):
    """af.mil print view of a biography (``h1.biotitleprint``)."""

    template = "afmil-bio"
    # 2: person, education, assignments, promotions, decorations; title-case headline;
    # 3: issue 21 fields
    version = "3"
    marker = b'class="biotitleprint"'

    def to_article(self) -> Article:
        """The biography; ExtractionError when the page is cut or the name or the text is
        missing. The header line ("Retired June 01, 1974 Died December 29, 1994")
        becomes ``description``; "(Current as of April 2014)" becomes ``dateModified``.
        """
        check_complete(self.page)
        found = first_tag(self.soup, "div", "da_print_bio")
        root = found if isinstance(found, Tag) else self.soup
        info = first_tag(root, "p", "da_story_info")
        return self._article(
            root,
            "biotitleprint",
            "biography",
            description=(collapse(info.get_text()) or None) if info else None,
        )
