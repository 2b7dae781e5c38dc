"""af.mil ArticleCS print views (``/DesktopModules/ArticleCS/Print.aspx?...&Article=N``).

Two templates share the print module:

- :class:`AfmilPrintArticlePage`: ``div.da_print_body`` with ``h1.title``, the byline and
  date in ``p.da_story_info`` ("By Staff Sgt. Timothy Moore, 86th Airlift Wing Public
  Affairs / Published January 16, 2016"), the body in ``div.da_black`` and images with
  captions in ``div.da_media_item``. The URL's ``ModuleId`` names the site section, which
  sets ``pageType``: news (850) and commentaries (1042) are "news-article" (the schema has
  no opinion type), speeches (1032) "speech" and fact sheets (854) "other".
- :class:`AfmilBioPrintPage`: ``h1.biotitleprint`` biographies, "biography".

The body is split into one paragraph per line as a browser shows it: every ``<br>`` and
every block element ends a line. A leading bold "PLACE (AFNS) --" is the dateline, and
a "(Current as of May 2015)" line becomes ``dateModified``; neither stays in the body.
``articleBodyHtml`` is one escaped ``<p>`` per paragraph. Each image's ``url`` is its
"DOWNLOAD HI-RES" link (else the img src); that link and "PHOTO DETAILS" are dropped, the
caption's closing "(U.S. Air Force photo/...)" becomes ``creditText``, and ``alt`` is
whitespace-collapsed.
"""

from __future__ import annotations

import html
import re
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import parse_qs, urljoin, urlsplit

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag
from w3lib.url import safe_url_string

from dodarchive.article import Article, Attachment, Author, Image, PageType
from dodarchive.pages.base import MAX_DEPTH, ExtractionError, Page, PageInput
from dodarchive.pages.boilerplate import is_boilerplate
from dodarchive.pages.common import check_complete, check_text, first_tag, tags
from dodarchive.pages.text import collapse, iso_date
from dodarchive.records import page_records

if TYPE_CHECKING:
    from bs4.element import PageElement

__all__ = ["AfmilBioPrintPage", "AfmilPrintArticlePage", "parse_byline", "split_caption"]

_PRINT_PATH = "/desktopmodules/articlecs/print.aspx"
_REGION_OPENERS = ('<div class="da_print_body"', '<div class="da_print_bio"')
_MODULE_TYPES: dict[str, PageType] = {"854": "other", "1032": "speech"}
_BLOCKS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "table", "tr"}
    | {"td", "th", "blockquote", "center", "hr", "dl", "dt", "dd"}
)
_SKIP = frozenset({"script", "style", "iframe", "video", "noscript", "object", "embed"})
_DASHES = r"(?:--|–|—)"
_PUBLISHED = re.compile(r"(?:^|/)\s*Published\s+(.+?)\s*$")
_CURRENT = re.compile(r"^\(?\s*(?:Current|Up to date) as of\s*(?P<date>.+?)\s*\)?\.?$", re.I)
_CREDIT_WORDS = r"photo|graphic|illustration|courtesy|video|image|art\b"
_CREDIT = re.compile(
    rf"\s*\((?P<credit>[^()]*(?:{_CREDIT_WORDS})[^()]*)\)\.?\s*$"
    rf"|,\s*(?P<bare>(?:U\.S\. )?Air Force (?:{_CREDIT_WORDS})[^,()]*)$",
    re.I,
)
_DOC_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# Ranks and office titles that precede a name; a run of them is the author's jobTitle.
_RANKS = (
    r"(?:Army|Navy|Marine Corps|Air Force|Coast Guard)\s+(?=\S+\.)",  # service before a rank
    r"Chief Master Sgt\. of the Air Force",
    r"Chief Master Sergeant of the Air Force",
    r"Secretary of the Air Force",
    r"Under Secretary of the Air Force",
    r"Secretary of Defense",
    r"Air Force Chief of Staff",
    r"Chief of Staff of the Air Force",
    r"(?:Chief|Senior|Tech\.?|Staff|Master)\s+(?:Master\s+)?Sgt\.",
    r"Sgt\.(?:\s+1st\s+Class)?",
    r"Airman\s+(?:1st\s+Class|Basic)",
    r"Senior\s+Airman",
    r"Airman",
    r"(?:Lt\.|Maj\.|Brig\.)\s+Gen\.",
    r"Gen\.",
    r"(?:Lt\.\s+)?Col\.",
    r"Maj\.",
    r"Capt\.?",
    r"(?:1st|2nd)\s+Lt\.",
    r"Lt\.",
    r"Chaplain(?:\s+\([^)]*\))?",
    r"Cadet",
    r"Dr\.",
    r"Mrs?\.",
    r"Ms\.",
)
_TITLE_RUN = re.compile(r"^(?:(?:" + "|".join(_RANKS) + r")\s+)+")
_NAME_TOKEN = re.compile(r"^(?:[A-ZÀ-Þ][\w'’.-]*|[A-Z]\.|Jr\.|Sr\.|II|III|IV|de|van|von)$")
_ORG_WORDS = re.compile(
    r"\b(?:Affairs|Agency|Staff|TV|Activity|Command|Service|Center|Centre|"
    r"News|Office|Wing|Group|Squadron|Magazine|Information|Division|Directorate|Team|"
    r"Operations|Speeches|Headquarters|Department|Bureau|Force)\b"
)


def _text_lines(root: Tag) -> list[tuple[str, list[Tag]]]:
    """The lines of ``root`` as a browser breaks them, each with the links it contains."""
    lines: list[tuple[str, list[Tag]]] = []
    buf: list[str] = []
    links: list[Tag] = []

    def flush() -> None:
        text = collapse("".join(buf))
        if text:
            lines.append((text, list(links)))
        buf.clear()
        links.clear()

    def walk(node: PageElement, depth: int = 1) -> None:
        if depth > MAX_DEPTH:
            raise ExtractionError("too-deep", f"elements nest deeper than {MAX_DEPTH}")
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:  # not a comment, CDATA or doctype
                buf.append(str(node))
            return
        if not isinstance(node, Tag) or node.name in _SKIP:
            return
        if node.name == "br":
            flush()
            return
        block = node.name in _BLOCKS
        if block:
            flush()
        if node.name == "a" and node.get("href"):
            links.append(node)
        for child in node.children:
            walk(child, depth + 1)
        if block:
            flush()

    for child in root.children:
        walk(child)
    flush()
    return lines


def _first_bold(root: Tag) -> str | None:
    """The text of ``root``'s first bold element, if no other text comes before it."""
    for node in root.descendants:
        if isinstance(node, Tag) and node.name in ("strong", "b"):
            text = collapse(node.get_text())
            if text:
                return text
        elif type(node) is NavigableString and collapse(str(node)):
            parent = node.parent
            if parent is None or parent.name not in ("strong", "b"):
                return None
    return None


def split_dateline(bold: str | None, first: str) -> tuple[str | None, str]:
    """Split a leading bold "PLACE (AFNS) --" off the first line: ``(place, rest)``.

    >>> split_dateline("WASHINGTON (AFNS) --", "WASHINGTON (AFNS) -- The Air Force said.")
    ('WASHINGTON (AFNS)', 'The Air Force said.')
    >>> split_dateline("Mission", "Mission")
    (None, 'Mission')
    """
    if not bold or not first.startswith(bold):
        return None, first
    rest = first[len(bold) :]
    if not re.search(rf"{_DASHES}\s*$", bold) and not re.match(rf"\s*{_DASHES}", rest):
        return None, first
    place = re.sub(rf"(?:\s*{_DASHES})+\s*$", "", bold).strip()
    rest = re.sub(rf"^\s*(?:{_DASHES}\s*)+", "", rest).strip()
    return (place or None), rest


def split_caption(text: str) -> tuple[str | None, str | None]:
    """Split a caption into ``(caption, credit)``; the credit closes it in parentheses.

    >>> split_caption("Airmen wash a C-130J. (U.S. Air Force photo/Staff Sgt. Timothy Moore)")
    ('Airmen wash a C-130J.', 'U.S. Air Force photo/Staff Sgt. Timothy Moore')
    >>> split_caption("Capt. Mark T. Voss")
    ('Capt. Mark T. Voss', None)
    """
    text = collapse(text)
    m = _CREDIT.search(text)
    if not m:
        return (text or None), None
    credit = collapse(m.group("credit") or m.group("bare"))
    return (text[: m.start()].strip() or None), (credit or None)


def parse_person(text: str, *, need_title: bool = False) -> Author | None:
    """An :class:`Author` when ``text`` is a (ranked) personal name, else None.

    >>> parse_person("Staff Sgt. Timothy Moore")
    Author(name='Timothy Moore', nameRaw='Staff Sgt. Timothy Moore', jobTitle='Staff Sgt.')
    >>> parse_person("Air Force TV") is None, parse_person("Luana Shafer").jobTitle
    (True, None)
    """
    raw = collapse(text).strip(" ,")
    m = _TITLE_RUN.match(raw + " ")
    title = collapse(m.group(0)) if m else None
    name = raw[m.end() :].strip() if m else raw
    tokens = name.split()
    if need_title and not title:
        return None
    if not 2 <= len(tokens) <= 6 or _ORG_WORDS.search(name):
        return None
    if not all(_NAME_TOKEN.match(t) for t in tokens):
        return None
    return Author(name=name, nameRaw=raw, jobTitle=title)


def parse_byline(text: str) -> tuple[tuple[Author, ...], str | None]:
    """``(authors, sourceOrganization)`` from an af.mil byline such as
    "By Staff Sgt. Timothy Moore, 86th Airlift Wing Public Affairs".

    >>> parse_byline("By Karen Parrish, DoD News, Defense Media Activity")[1]
    'DoD News, Defense Media Activity'
    >>> parse_byline("By Defense Media Activity,")
    ((), 'Defense Media Activity')
    """
    text = collapse(text).strip(" ,")
    by = re.match(r"By\s+", text)
    if by:
        text = text[by.end() :]
    if not text:
        return (), None
    head, _, org = (p.strip(" ,") for p in text.partition(","))
    people = [parse_person(p) for p in re.split(r"\s+and\s+", head)]
    if not by or not all(people):
        return (), text  # organization only, e.g. "Air Force News Service"
    return tuple(p for p in people if p), (org or None)


def _attachments(base: str, lines: list[tuple[str, list[Tag]]]) -> tuple[Attachment, ...]:
    found: dict[str, Attachment] = {}
    for _, links in lines:
        for a in links:
            url = safe_url_string(urljoin(base, str(a["href"]).strip()))
            ext = re.search(r"\.\w+$", urlsplit(url).path.lower())
            ctype = _DOC_TYPES.get(ext.group(0)) if ext else None
            if ctype and url not in found:
                found[url] = Attachment(
                    url=url, name=collapse(a.get_text()) or None, contentType=ctype
                )
    return tuple(found.values())


class _AfmilPrintBase(Page):
    """What both af.mil print templates share: body lines, images, tags, the article id."""

    marker: ClassVar[bytes]

    @cached_property
    def soup(self) -> BeautifulSoup:
        """The document parsed from the print body on (``div.da_print_body`` or
        ``div.da_print_bio``): the head, __VIEWSTATE and scripts before it hold nothing
        the templates read, and skipping them saves a sixth of the parse. The whole
        document when neither is present."""
        text = self.page.text
        for opener in _REGION_OPENERS:
            start = text.find(opener)
            if start >= 0:
                return BeautifulSoup(text[start:], "lxml")
        return self.page.soup

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        """An ArticleCS Print.aspx URL whose body carries this template's marker class."""
        try:
            path = urlsplit(page.url).path.lower()
        except ValueError:  # an unparsable URL is no print view
            return False
        return path.endswith(_PRINT_PATH) and cls.marker in page.body

    def _article_id(self) -> str | None:
        values = parse_qs(urlsplit(self.page.url).query).get("Article")
        return values[0] if values else None

    def _module_id(self) -> str | None:
        values = parse_qs(urlsplit(self.page.url).query).get("ModuleId")
        return values[0] if values else None

    def _images(self, root: Tag) -> tuple[Image, ...]:
        images: list[Image] = []
        for item in tags(root, "div", "da_media_item"):
            img = first_tag(item, "img")
            if not isinstance(img, Tag) or not img.get("src"):
                continue
            hires = next(
                (
                    a
                    for a in tags(item, "a")
                    if a.get("href") is not None and "HI-RES" in a.get_text().upper()
                ),
                None,
            )
            href = str(hires["href"]) if hires else str(img["src"])
            words = [  # the caption; not the "DOWNLOAD HI-RES / PHOTO DETAILS" links
                collapse(p.get_text())
                for p in tags(item, "p")
                if not any(is_boilerplate(a.get_text()) for a in tags(p, "a"))
            ]
            caption, credit = split_caption(" ".join(words))
            images.append(
                Image(
                    url=safe_url_string(urljoin(self.page.url, href.strip())),
                    caption=caption,
                    creditText=credit,
                    alt=collapse(str(img.get("alt") or "")) or None,
                )
            )
        return tuple(images)

    def _tags(self, root: Tag) -> tuple[str, ...]:
        tags: dict[str, None] = {}
        for img in _tag_images(root):
            text = collapse(img.parent.get_text()) if img.parent else ""
            if text:
                tags.setdefault(text, None)
        return tuple(tags)

    def _body(
        self, root: Tag
    ) -> tuple[list[str], str | None, str | None, list[tuple[str, list[Tag]]]]:
        """``(paragraphs, dateline, current-as-of text, lines)`` of ``div.da_black``."""
        body = first_tag(root, "div", "da_black")
        if not isinstance(body, Tag):
            raise ExtractionError("no-body", f"no div.da_black in {self.page.url}")
        for end in tags(body, "div", ("da_center", "story_end")):
            end.decompose()
        lines = _text_lines(body)
        paragraphs = [t for t, _ in lines if not is_boilerplate(t)]
        dateline = None
        if paragraphs:
            dateline, rest = split_dateline(_first_bold(body), paragraphs[0])
            paragraphs[0:1] = [rest] if rest else []
        current = None
        for i in range(len(paragraphs) - 1, -1, -1):
            m = _CURRENT.match(paragraphs[i])
            if m:
                current = m.group("date")
                del paragraphs[i]
                break
        if not paragraphs:
            raise ExtractionError("no-body", f"empty div.da_black in {self.page.url}")
        return paragraphs, dateline, current, lines

    def _article(
        self,
        *,
        headline: str,
        paragraphs: list[str],
        page_type: PageType,
        root: Tag,
        lines: list[tuple[str, list[Tag]]],
        description: str | None = None,
        published: str | None = None,
        modified: str | None = None,
        authors: tuple[Author, ...] = (),
        organization: str | None = None,
        dateline: str | None = None,
    ) -> Article:
        check_text(headline, *paragraphs)
        published_iso = iso_date(published) if published else None
        records = page_records(
            page_type, tuple(paragraphs), headline, published_iso, description
        ).as_dict()
        headline = records.pop("headline", headline)
        return Article(
            url=self.page.url,
            canonicalUrl=None,
            headline=headline,
            alternativeHeadline=None,
            description=description,
            datePublished=published_iso,
            datePublishedRaw=published,
            dateModified=_month_or_date(modified) if modified else None,
            dateModifiedRaw=modified,
            authors=authors,
            sourceOrganization=organization,
            dateline=dateline,
            articleBody="\n\n".join(paragraphs),
            paragraphs=tuple(paragraphs),
            articleBodyHtml="\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs),
            images=self._images(self.soup),
            tags=self._tags(self.soup),
            attachments=_attachments(self.page.url, lines),
            relatedLinks=(),
            pageType=page_type,
            articleId=self._article_id(),
            releaseNumber=None,
            inLanguage="en",
            source=self.page.source,
            extractor=self.extractor(),
            **records,
        )


def _tag_images(root: Tag) -> list[Tag]:
    """``div.da_body_center a img[alt=Tag]`` without a CSS engine, in document order."""
    found: list[Tag] = []
    seen: set[int] = set()
    for box in tags(root, "div", "da_body_center"):
        for img in tags(box, "img"):
            if img.get("alt") != "Tag" or id(img) in seen:
                continue
            for parent in img.parents:
                if parent is box:
                    break
                if parent.name == "a":
                    seen.add(id(img))
                    found.append(img)
                    break
    return found


def _month_or_date(text: str) -> str | None:
    """ISO date of "Sept. 1, 1973", or year-month "2014-04" of "April 2014"."""
    full = iso_date(text)
    if full:
        return full
    month = iso_date("1 " + re.sub(r"\bSept\b", "Sep", collapse(text).replace(".", "")))
    return month[:7] if month else None


def _headline(root: Tag, cls: str, url: str) -> str:
    h1 = first_tag(root, "h1", cls)
    headline = collapse(h1.get_text()) if h1 else ""
    if not headline or is_boilerplate(headline):
        raise ExtractionError("no-headline", f"no h1.{cls} text in {url}")
    return headline


class AfmilPrintArticlePage(_AfmilPrintBase):
    """af.mil print view of a news story, commentary, speech or fact sheet."""

    template = "afmil-print"
    version = "1"
    # Speeches and fact sheets print no date, and many bylines name only an office.
    guarantees = ("articleId",)
    marker = b'class="da_print_body"'

    def to_article(self) -> Article:
        """The article; ExtractionError when the headline or the body is missing."""
        root = first_tag(self.soup, "div", "da_print_body")
        if not isinstance(root, Tag):
            raise ExtractionError("no-article", f"no div.da_print_body in {self.page.url}")
        headline = _headline(root, "title", self.page.url)
        paragraphs, dateline, current, lines = self._body(root)
        check_complete(self.page)  # a page cut after some text is no article, not a short one
        page_type = _MODULE_TYPES.get(self._module_id() or "", "news-article")
        info = first_tag(root, "p", "da_story_info")
        info_text = collapse(info.get_text()) if info else ""
        dated = _PUBLISHED.search(info_text)  # "By ..., Org / Published January 16, 2016"
        published = dated.group(1) if dated else None
        byline = info_text[: dated.start()] if dated else info_text
        authors: tuple[Author, ...] = ()
        org = description = None
        if page_type == "speech":  # a presenter line, then a description of the event
            presenter = info.find_previous_sibling("p") if info else None
            person = parse_person(presenter.get_text(), need_title=True) if presenter else None
            authors, description = ((person,) if person else ()), info_text or None
        else:
            authors, org = parse_byline(byline)
        return self._article(
            headline=headline,
            paragraphs=paragraphs,
            page_type=page_type,
            root=root,
            lines=lines,
            description=description,
            published=published,
            modified=current,
            authors=authors,
            organization=org,
            dateline=dateline,
        )


class AfmilBioPrintPage(_AfmilPrintBase):
    """af.mil print view of a biography (``h1.biotitleprint``)."""

    template = "afmil-bio"
    version = "2"  # 2: person, education, assignments, promotions, decorations; title-case headline
    guarantees = ("articleId",)
    marker = b'class="biotitleprint"'

    def to_article(self) -> Article:
        """The biography; ExtractionError when the name or the text is missing.

        The header line ("Retired June 01, 1974 Died December 29, 1994") becomes
        ``description``; "(Current as of April 2014)" becomes ``dateModified``.
        """
        found = first_tag(self.soup, "div", "da_print_bio")
        root = found if isinstance(found, Tag) else self.soup
        headline = _headline(root, "biotitleprint", self.page.url)
        paragraphs, _, current, lines = self._body(root)
        check_complete(self.page)
        info = first_tag(root, "p", "da_story_info")
        return self._article(
            headline=headline,
            paragraphs=paragraphs,
            page_type="biography",
            root=root,
            lines=lines,
            description=(collapse(info.get_text()) or None) if info else None,
            modified=current,
        )
