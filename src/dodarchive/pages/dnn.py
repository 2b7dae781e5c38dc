"""DNN ArticleCS article pages of defense.gov / war.gov, 2015 to today.

The current skin: ``div.adetail.content-type-N`` with ``header > h1.maintitle``,
``div.date-line > span.date`` and ``div.body``; the type shows in ``div.cont-type`` and the
URL (``/News/Releases/Release/Article/N/``, ``/News/Contracts/Contract/Article/N/``, ...).
One class per page type where the parts differ:

- release: ``div.presenterinfoType`` ("Immediate Release"), ``span.date``;
- contract: no ``span.date``, the date is only in the headline ("Contracts For Sept. 30,
  2025"); agency headings ("NAVY") are bold centered paragraphs, kept as paragraphs;
- news story: a byline ("By Jim Garamone, DOD News") in the header or first paragraph;
- transcript: speakers in ``div.presenterinfo`` ("Presenter: ..."; "Presenters: A; B");
- speech: the speaker in ``div.presenterinfo`` ("As Delivered by ...").

Stories, transcripts and speeches are built from the corpus README's description; their
fixtures are RECONSTRUCTED from the real release DOM (see each case's ``meta.json``).
The 2017-18 "DefenseGOV" skin (``h1.title``, ``p.info``, ``span.date`` with
"Release No: CR-145-14", ``span.text``) is :class:`DefenseGovSkinPage`.
"""

from __future__ import annotations

import re
from typing import ClassVar, cast

from bs4 import BeautifulSoup, Tag

from dodarchive.article import Article, Author, Image, Link, PageType
from dodarchive.pages.base import ExtractionError, Page, PageInput
from dodarchive.pages.boilerplate import is_boilerplate
from dodarchive.pages.byline import parse_byline, parse_person, split_names
from dodarchive.pages.common import (
    absolute,
    body_of,
    build_article,
    canonical_url,
    check_complete,
    head_and_region,
    meta_content,
    split_credit,
    split_dateline,
)
from dodarchive.pages.text import collapse, iso_date

__all__ = [
    "DefenseGovSkinPage",
    "DnnContractPage",
    "DnnReleasePage",
    "DnnSpeechPage",
    "DnnStoryPage",
    "DnnTranscriptPage",
]

_CONTENT_TYPE = re.compile(rb'class="adetail[^"]*content-type-(\d+)')
#: Schema page types of the site table, as this module's page kinds.
_KINDS: dict[str, str] = {
    "release": "release",
    "advisory": "advisory",
    "contract": "contract",
    "transcript": "transcript",
    "speech": "speech",
    "news-article": "story",
}
_TYPE_NUMBERS = {b"9": "release", b"400": "contract", b"1": "story"}
_IMAGE_BOXES = re.compile(r"media-inline|inline-image|image-wrapper|photo")
_CONTRACT_DATE = re.compile(r"\bfor\s+(.+)$", re.I)


def has_class(tag: Tag, name: str | None, cls: str) -> bool:
    """True when ``tag`` matches the CSS selector ``name.cls`` (any element when ``name``
    is None): bs4's ``find(name, class_=cls)`` test, without compiling CSS."""
    return (name is None or tag.name == name) and cls in tag.get_attribute_list("class")


def inside(tag: Tag, name: str | None, cls: str) -> bool:
    """True when an ancestor of ``tag`` matches ``name.cls``: the CSS descendant
    combinator (``name.cls tag``), which, like soupsieve's, looks past the tag a search
    started from."""
    return any(has_class(parent, name, cls) for parent in tag.parents)


def date_element(root: Tag) -> Tag | None:
    """CSS ``div.date-line span.date``, else ``span.date``: the first in document order."""
    dates = root.find_all("span", class_="date")
    return next((el for el in dates if inside(el, "div", "date-line")), None) or (
        dates[0] if dates else None
    )


def related_anchors(root: Tag) -> list[Tag]:
    """CSS ``div.related a[href]``: the related box's links, in document order."""
    return [a for a in root.find_all("a", href=True) if inside(a, "div", "related")]


def is_byline(tag: Tag) -> bool:
    """CSS ``header .byline, .date-line .byline, p.byline, div.byline``."""
    if not has_class(tag, None, "byline"):
        return False
    if tag.name in ("p", "div"):
        return True
    return any(p.name == "header" or has_class(p, None, "date-line") for p in tag.parents)


def tag_links(root: Tag) -> list[str]:
    """The texts of the ``div.tags a`` links under ``root``, in document order."""
    return [collapse(a.get_text(" ")) for a in root.find_all("a") if inside(a, "div", "tags")]


def dnn_kind(page: PageInput) -> str | None:
    """The ArticleCS page type of ``page``: the site table's for its URL, else the page's
    content-type number."""
    if b'class="adetail' not in page.body or b"maintitle" not in page.body:
        return None
    info = page.url_info
    if info is not None and info.kind == "article" and info.page_type in _KINDS:
        return _KINDS[info.page_type]
    m = _CONTENT_TYPE.search(page.body)
    return _TYPE_NUMBERS.get(m.group(1), "other") if m else "other"


class _DnnPage(Page):
    """Shared parts of the current ArticleCS skin; subclasses add what differs."""

    kinds: ClassVar[frozenset[str]] = frozenset()
    page_type: ClassVar[PageType] = "other"
    version: ClassVar[str] = "2"  # 2: issue 21 fields

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """An ``adetail`` article of one of this class's kinds."""
        return dnn_kind(page) in cls.kinds

    def to_article(self) -> Article:
        """The article; raises ExtractionError when headline or body is missing."""
        check_complete(self.page)
        soup, region = head_and_region(self.page, '<div class="adetail', "div.adetail")
        root = region.find("div", class_="adetail")
        if root is None:
            raise ExtractionError("no-body", "no div.adetail")
        title = root.find("h1", class_="maintitle")
        headline = collapse(title.get_text(" ")) if title else None
        text = root.find("div", class_="body")
        if text is None:
            raise ExtractionError("no-body", "no div.body in the article")
        images = self.images(text)
        body = body_of(text, self.page.url, images)
        body.links = related_links(root, self.page.url)
        date_el = date_element(root)
        date_raw = collapse(date_el.get_text(" ")) if date_el else None
        fields: dict[str, object] = {
            "canonicalUrl": canonical_url(soup, self.page.url),
            "description": _description(soup),
            "datePublishedRaw": date_raw or None,
            "datePublished": iso_date(date_raw) if date_raw else None,
            "articleId": self.page.article_id,
            "tags": tag_links(root),
        }
        fields.update(self.specifics(root, body, headline or ""))
        page_type = self.page_type
        if dnn_kind(self.page) == "advisory":
            page_type = "advisory"
        return build_article(
            self.page, type(self), headline=headline, body=body, page_type=page_type, **fields
        )

    def specifics(self, root: Tag, body: object, headline: str) -> dict[str, object]:
        """Fields particular to the page type (overridden by subclasses)."""
        return {}

    def images(self, text: Tag) -> list[Image]:
        """Inline photos of the body with captions; their elements are removed from it."""
        found: list[Image] = []
        boxes = text.find_all("figure") + [
            el
            for el in text.find_all(["div", "span", "table"], class_=_IMAGE_BOXES)
            if el.find("img") and not el.find_parent("figure")
        ]
        for box in boxes:
            if box.decomposed:
                continue
            img = box.find("img")
            if not isinstance(img, Tag):
                continue
            cap_el = box.find("figcaption") or box.find(class_=re.compile("caption"))
            credit_el = box.find(class_=re.compile("credit"))
            credit = None
            if isinstance(credit_el, Tag):
                credit = collapse(credit_el.get_text(" ")).removeprefix("Photo By:").strip()
                credit_el.decompose()
            caption_text = collapse(cap_el.get_text(" ")) if isinstance(cap_el, Tag) else ""
            caption, split = split_credit(caption_text)
            link = img.find_parent("a")
            href = link.get("href") if isinstance(link, Tag) else None
            src = href if href and re.search(r"\.(jpe?g|png|gif)$", str(href), re.I) else None
            url = absolute(self.page.url, str(src or img.get("src") or ""))
            alt = collapse(str(img.get("alt") or "")) or None
            found.append(
                Image(
                    url=url or "",
                    caption=caption,
                    creditText=credit or split,
                    alt=None if alt and is_boilerplate(alt) else alt,
                )
            )
            box.decompose()
        return found


def related_links(root: Tag, base: str) -> list[Link]:
    """The links of the article's ``div.related`` box (not site navigation)."""
    out: list[Link] = []
    for a in related_anchors(root):
        url = absolute(base, str(a.get("href")))
        if url:
            out.append(Link(url=url, text=collapse(a.get_text(" ")) or None))
    return out


def _description(soup: BeautifulSoup) -> str | None:
    value = meta_content(soup, "description", "og:description")
    return value.rstrip(", ").strip() or None if value else None


class DnnReleasePage(_DnnPage):
    """A release or advisory (``div.presenterinfoType`` "Immediate Release")."""

    template: ClassVar[str] = "dnn-release"
    version: ClassVar[str] = "3"  # 2: casualties; 3: issue 21 fields
    guarantees: ClassVar[tuple[str, ...]] = ("datePublished", "articleId")
    kinds: ClassVar[frozenset[str]] = frozenset({"release", "advisory"})
    page_type: ClassVar[PageType] = "release"


class DnnContractPage(_DnnPage):
    """A daily contracts announcement: the date is only in the headline."""

    template: ClassVar[str] = "dnn-contract"
    version: ClassVar[str] = "3"  # 2: awards; 3: issue 21 fields
    guarantees: ClassVar[tuple[str, ...]] = ("datePublished", "articleId")
    kinds: ClassVar[frozenset[str]] = frozenset({"contract"})
    page_type: ClassVar[PageType] = "contract"

    def specifics(self, root: Tag, body: object, headline: str) -> dict[str, object]:
        """The date from "Contracts For Sept. 30, 2025"."""
        m = _CONTRACT_DATE.search(headline)
        raw = m.group(1) if m else None
        return {"datePublishedRaw": raw, "datePublished": iso_date(raw) if raw else None}


class DnnStoryPage(_DnnPage):
    """A news or feature story: byline in the header (``.byline``) or first paragraph."""

    template: ClassVar[str] = "dnn-story"
    guarantees: ClassVar[tuple[str, ...]] = ("datePublished", "articleId", "authors")
    kinds: ClassVar[frozenset[str]] = frozenset({"story"})
    page_type: ClassVar[PageType] = "news-article"

    def specifics(self, root: Tag, body: object, headline: str) -> dict[str, object]:
        """Authors and organization from the byline; dateline from the first paragraph."""
        from dodarchive.pages.common import Body

        assert isinstance(body, Body)
        line = root.find(is_byline)
        lines = [collapse(line.get_text(" "))] if line else []
        if not lines and body.paragraphs and re.match(r"^By [A-Z]", body.paragraphs[0]):
            lines = [body.paragraphs.pop(0)]
            body.html_blocks.pop(0)
        authors, org = parse_byline(lines)
        dateline, _date_raw = split_dateline(body)
        out: dict[str, object] = {"authors": authors, "sourceOrganization": org}
        if dateline:
            out["dateline"] = dateline
        return out


def _presenters(root: Tag) -> tuple[list[Author], str | None]:
    el = root.find("div", class_="presenterinfo")
    if el is None:
        return [], None
    text = collapse(el.get_text(" "))
    m = re.match(r"^(?:Presenters?|Speakers?|As Delivered by|Remarks by)\s*:?\s*(.*)$", text, re.I)
    names = split_names(m.group(1) if m else text)
    return [parse_person(n) for n in names], text


class DnnTranscriptPage(_DnnPage):
    """A transcript: speakers in ``div.presenterinfo`` become the authors."""

    template: ClassVar[str] = "dnn-transcript"
    version: ClassVar[str] = "3"  # 2: turns; 3: issue 21 fields
    guarantees: ClassVar[tuple[str, ...]] = ("datePublished", "articleId", "authors")
    kinds: ClassVar[frozenset[str]] = frozenset({"transcript"})
    page_type: ClassVar[PageType] = "transcript"

    def specifics(self, root: Tag, body: object, headline: str) -> dict[str, object]:
        """Speakers as authors; the presenter line as the subtitle."""
        authors, line = _presenters(root)
        return {"authors": authors, "alternativeHeadline": line}


class DnnSpeechPage(DnnTranscriptPage):
    """A speech: the speaker in ``div.presenterinfo`` ("As Delivered by ...")."""

    template: ClassVar[str] = "dnn-speech"
    version: ClassVar[str] = "2"  # 2: issue 21 fields
    kinds: ClassVar[frozenset[str]] = frozenset({"speech"})
    page_type: ClassVar[PageType] = "speech"


class DefenseGovSkinPage(Page):
    """The 2017-18 "DefenseGOV" skin: ``div.adetail`` with ``h1.title``, ``p.info``,
    ``span.date`` ("Release No: CR-145-14" then the date) and ``span.text``."""

    template: ClassVar[str] = "dnn-defensegov-2018"
    guarantees: ClassVar[tuple[str, ...]] = ("datePublished", "articleId")
    version: ClassVar[str] = "3"  # 2: awards; 3: issue 21 fields

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """``adetail`` with ``h1.title`` and ``span.text`` (not the current maintitle)."""
        body = page.body
        return (
            b'class="adetail' in body
            and b'<h1 class="title"' in body
            and b'<span class="text"' in body
            and b"maintitle" not in body
        )

    def to_article(self) -> Article:
        """The article; contracts take the date from ``span.date``."""
        check_complete(self.page)
        soup, region = head_and_region(self.page, '<div class="adetail', "div.adetail")
        root = region.find("div", class_="adetail")
        text = root.find("span", class_="text") if root else None
        if root is None or text is None:
            raise ExtractionError("no-body", "no div.adetail span.text")
        title = root.find("h1", class_="title")
        info = root.find("p", class_="info")
        date_el = root.find("span", class_="date")
        lines = date_el.get_text("\n").split("\n") if date_el else []
        lines = [collapse(x) for x in lines if collapse(x)]
        number = next(
            (x.split(":", 1)[1].strip() for x in lines if x.startswith("Release No")), None
        )
        date_raw = next((x for x in lines if iso_date(x)), None)
        kind = dnn_kind_path(self.page)
        headline = collapse(title.get_text(" ")) if title else None
        body = body_of(text, self.page.url)
        body.links = related_links(root, self.page.url)
        return build_article(
            self.page,
            type(self),
            headline=headline,
            body=body,
            page_type=kind,
            canonicalUrl=canonical_url(soup, self.page.url),
            datePublished=iso_date(date_raw) if date_raw else None,
            datePublishedRaw=date_raw,
            sourceOrganization=collapse(info.get_text(" ")) or None if info else None,
            articleId=self.page.article_id,
            releaseNumber=number,
            tags=tag_links(root),
        )


def dnn_kind_path(page: PageInput) -> PageType:
    """The page type the site table gives the page's article URL (``/News/Contracts/...``
    → contract), else "other"."""
    info = page.url_info
    if info is None or info.kind != "article":
        return "other"
    return cast("PageType", info.page_type)
