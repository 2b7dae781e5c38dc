"""Shared pieces of the page classes: body walking, captions and credits, article assembly.

A page class finds its template's parts (headline, date, byline, body element) and hands
them to :func:`body_of` and :func:`build_article`; these turn a body element into
paragraphs, cleaned HTML, images, attachments and links the same way for every template,
and refuse to build an article without a headline or a body.
"""

from __future__ import annotations

import html
import mimetypes
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Comment, Tag
from bs4.element import NavigableString

from dodarchive.article import Article, Attachment, Author, Image, Link, PageType
from dodarchive.pages.base import MAX_DEPTH, ExtractionError
from dodarchive.pages.boilerplate import is_boilerplate
from dodarchive.pages.text import collapse
from dodarchive.records import page_records

if TYPE_CHECKING:
    from collections.abc import Iterator

    from dodarchive.pages.base import Page, PageInput

__all__ = [
    "Body",
    "body_of",
    "build_article",
    "canonical_url",
    "check_complete",
    "check_text",
    "first_tag",
    "head_and_region",
    "meta_content",
    "split_credit",
    "tags",
]

_BLOCKS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "tbody",
        "thead",
        "tfoot",
        "tr",
        "td",
        "th",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "figure",
        "figcaption",
        "center",
        "dl",
        "dt",
        "dd",
        "pre",
        "hr",
        "form",
        "address",
        "main",
        "nav",
        "aside",
    ]
)
_DROP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "iframe",
        "object",
        "embed",
        "form",
        "input",
        "button",
        "select",
    ]
)
_INLINE_KEEP = {"a": "a", "strong": "strong", "b": "strong", "em": "em", "i": "em"}
_INLINE_KEEP |= {"sup": "sup", "sub": "sub"}
_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_DOC_EXT = frozenset(
    [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".txt", ".csv", ".zip", ".rtf"]
)
_CREDIT_START = re.compile(
    r"""^(?:[A-Z][\w.'’&-]*\s+){0,6}?(?:photo|Photo|PHOTO|illustration|Illustration|graphic
    |Graphic|video|Video|image|Image)s?(?:\s+by\b|\s*/|\s*:|\s+courtesy\b)
    |^(?:Courtesy|COURTESY)\b""",
    re.X,
)
#: UTF-8 bytes read as windows-1252 ("â€™" for "’", "Ã©" for "é"): mixed encodings.
_MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|Â[\u00a0-\u00bf]")
_PAREN_CREDIT = re.compile(
    r"\s*\(([^()]*\b(?:photo|illustration|graphic|courtesy)[^()]*)\)\s*$", re.I
)


@dataclass
class Body:
    """A body element turned into article parts."""

    paragraphs: list[str] = field(default_factory=list)
    html_blocks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def html(self) -> str:
        """The cleaned HTML: one block per line."""
        return "\n".join(self.html_blocks)


def tags(root: Tag, name: str, cls: str | tuple[str, ...] = ()) -> list[Tag]:
    """``root``'s descendant ``<name>`` tags in document order; with ``cls``, only those
    having that class (or one of those classes).

    What ``root.find_all(name, class_=cls)`` returns, without bs4's per-call filter
    machinery, which was an eighth of af.mil extraction time (bench/RESULTS.md).

    >>> soup = BeautifulSoup('<div class="a b"><p>1</p><div class="b"></div></div>', "lxml")
    >>> [t.name for t in tags(soup, "div", "b")], len(tags(soup, "p")), tags(soup, "div", "c")
    (['div', 'div'], 1, [])
    """
    return list(_tags(root, name, cls))


def first_tag(root: Tag, name: str, cls: str | tuple[str, ...] = ()) -> Tag | None:
    """The first of :func:`tags` (``root.find(name, class_=cls)``), or None."""
    return next(_tags(root, name, cls), None)


def _tags(root: Tag, name: str, cls: str | tuple[str, ...]) -> Iterator[Tag]:
    wanted = frozenset((cls,) if isinstance(cls, str) else cls)
    for node in root.descendants:
        if (
            isinstance(node, Tag)
            and node.name == name
            and (not wanted or not wanted.isdisjoint(node.get_attribute_list("class")))
        ):
            yield node


def split_credit(text: str) -> tuple[str | None, str | None]:
    """Split a photo caption into (caption, credit); either may be None.

    >>> split_credit("Leaders meet, July 2, 2007, in Maine. White House photo by Eric Draper")
    ('Leaders meet, July 2, 2007, in Maine.', 'White House photo by Eric Draper')
    >>> split_credit("Airmen train. (U.S. Air Force photo/Staff Sgt. Timothy Moore)")
    ('Airmen train.', 'U.S. Air Force photo/Staff Sgt. Timothy Moore')
    >>> split_credit("No credit here.")
    ('No credit here.', None)
    """
    text = collapse(text)
    if not text:
        return None, None
    m = _PAREN_CREDIT.search(text)
    if m:
        return (text[: m.start()].strip() or None), collapse(m.group(1))
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]['’”\"]?\s+", text)]
    for pos in starts:
        if _CREDIT_START.match(text[pos:]):
            caption = text[:pos].strip() or None
            return caption, text[pos:].strip().rstrip(".") or None
    return text, None


def absolute(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base``; None for empty, script and anchor links."""
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    return urljoin(base, href)


class _Walker:
    """Turns an element tree into paragraph blocks (text + cleaned inline HTML)."""

    def __init__(self, base: str, body: Body) -> None:
        self.base = base
        self.body = body
        self.pieces: list[tuple[str, str]] = []  # (text, html); br is ("\n", "<br>")
        self.kind = "p"
        self.depth = 0

    def walk(self, node: Tag) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExtractionError("too-deep", f"elements nest deeper than {MAX_DEPTH}")
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                text = str(child)
                self.pieces.append((text, html.escape(text, quote=False)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _DROP:
                continue
            if name == "br":
                self.pieces.append(("\n", "<br>"))
            elif name == "img":
                continue
            elif name in _BLOCKS:
                self.flush()
                outer = self.kind
                if name in _HEADINGS:
                    self.kind = _HEADINGS[name]
                elif name == "li":
                    self.kind = "li"
                self.walk(child)
                self.flush()
                self.kind = outer
            else:
                self.inline(child, name)
        self.depth -= 1

    def inline(self, el: Tag, name: str) -> None:
        tag = _INLINE_KEEP.get(name)
        href = absolute(self.base, el.get("href")) if name == "a" else None  # type: ignore[arg-type]
        if name == "a" and href:
            self._note_link(el, href)
        start = len(self.pieces)
        self.walk(el)
        if tag and len(self.pieces) > start:
            attrs = f' href="{html.escape(href)}"' if tag == "a" and href else ""
            if tag == "a" and not href:
                return
            self.pieces.insert(start, ("", f"<{tag}{attrs}>"))
            self.pieces.append(("", f"</{tag}>"))

    def _note_link(self, el: Tag, href: str) -> None:
        path = urlsplit(href).path.lower()
        ext = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
        text = collapse(el.get_text(" ")) or None
        if ext in _DOC_EXT:
            ctype = mimetypes.types_map.get(ext) or mimetypes.guess_type(path)[0]
            self.body.attachments.append(Attachment(url=href, name=text, contentType=ctype))

    def flush(self) -> None:
        """Emit the buffered inline content; two or more ``br`` in a row split paragraphs."""
        pieces, self.pieces = self.pieces, []
        segment: list[tuple[str, str]] = []
        held: list[tuple[str, str]] = []  # whitespace and opening tags before the next text
        breaks = 0
        for text, markup in pieces:
            if markup == "<br>":
                breaks += 1
            elif markup.startswith("</"):
                segment.append((text, markup))
            elif not text.strip():
                held.append((text, markup))
            else:
                if breaks >= 2:
                    self._emit(segment)
                    segment = []
                elif breaks == 1:
                    segment.append(("\n", "<br>"))
                breaks = 0
                segment += [*held, (text, markup)]
                held = []
        self._emit(segment)

    def _emit(self, segment: list[tuple[str, str]]) -> None:
        text = collapse("".join(t for t, _ in segment))
        if not text or is_boilerplate(text):
            return
        markup = "".join(m for _, m in segment).strip()
        markup = re.sub(r"^(?:<br>\s*)+|(?:\s*<br>)+$", "", markup)
        markup = re.sub(r"\s+", " ", markup)
        self.body.paragraphs.append(text)
        tag = self.kind
        if tag == "li":
            self.body.html_blocks.append(f"<ul><li>{markup}</li></ul>")
        else:
            self.body.html_blocks.append(f"<{tag}>{markup}</{tag}>")


def body_of(element: Tag, base_url: str, images: list[Image] | None = None) -> Body:
    """Paragraphs, cleaned HTML and attachments of ``element`` (already stripped of
    captions and boilerplate elements by the page class); ``images`` are passed through.

    Whole paragraphs that are boilerplate lines are dropped; prose is never cut.
    """
    body = Body(images=list(images or []))
    walker = _Walker(base_url, body)
    walker.walk(element)
    walker.flush()
    body.html_blocks = _merge_lists(body.html_blocks)
    return body


def _merge_lists(blocks: list[str]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if block.startswith("<ul><li>") and out and out[-1].endswith("</li></ul>"):
            out[-1] = out[-1][: -len("</ul>")] + block[len("<ul>") :]
        else:
            out.append(block)
    return out


def meta_content(soup: BeautifulSoup, *names: str) -> str | None:
    """The collapsed ``content`` of the first ``meta`` whose name or property is in ``names``."""
    for name in names:
        for attr in ("name", "property"):
            el = soup.find("meta", attrs={attr: re.compile(f"^{re.escape(name)}$", re.I)})
            if isinstance(el, Tag):
                value = collapse(str(el.get("content") or ""))
                if value:
                    return value
    return None


def canonical_url(soup: BeautifulSoup, base: str) -> str | None:
    """``link rel=canonical`` or ``og:url``, absolute; None when the page has neither."""
    link = soup.find("link", rel="canonical")
    href = link.get("href") if isinstance(link, Tag) else None
    value = str(href) if href else meta_content(soup, "og:url")
    return absolute(base, value) if value else None


_BODY_TAG = re.compile(r"<body\b", re.I)


def head_and_region(page: PageInput, opener: str) -> tuple[BeautifulSoup, BeautifulSoup]:
    """(the document head, the document from ``opener`` on), each parsed on its own.

    Templates read only ``meta``/``link`` in the head and their article container in
    the body; skipping the site chrome between them roughly halves the parse of a DNN
    page. Without ``opener`` both are the whole document.
    """
    text = page.text
    start = text.find(opener)
    if start < 0:
        whole = BeautifulSoup(text, "lxml")
        return whole, whole
    body = _BODY_TAG.search(text, 0, start)
    head = BeautifulSoup(text[: body.start() if body else start], "lxml")
    return head, BeautifulSoup(text[start:], "lxml")


def check_complete(page: PageInput, end_marker: str = "</html>") -> None:
    """Raise ``ExtractionError('truncated')`` when the document stops before ``end_marker``."""
    if end_marker.lower() not in page.text[-8192:].lower():
        raise ExtractionError("truncated", f"document ends before {end_marker!r}")


def check_text(*texts: str) -> None:
    """Raise ``ExtractionError('bad-encoding')`` when a text holds U+FFFD (undecodable
    bytes, or NULs the parser replaced) or UTF-8 read as windows-1252 (mojibake)."""
    for text in texts:
        if "\ufffd" in text or _MOJIBAKE.search(text):
            raise ExtractionError(
                "bad-encoding", f"text is not decodable as declared: {text[:60]!r}"
            )


def build_article(
    page: PageInput,
    cls: type[Page],
    *,
    headline: str | None,
    body: Body,
    page_type: PageType,
    **fields: Any,
) -> Article:
    """Assemble and check an Article; raises :class:`ExtractionError` rather than return
    one without a headline or body, or with boilerplate as its headline."""
    headline = collapse(headline)
    if not headline or is_boilerplate(headline):
        raise ExtractionError("no-headline", f"{cls.__name__}: no headline found")
    if not body.paragraphs:
        raise ExtractionError("no-body", f"{cls.__name__}: the body has no text")
    check_text(headline, *body.paragraphs)
    defaults: dict[str, Any] = {
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
        "tags": (),
        "articleId": None,
        "releaseNumber": None,
        "inLanguage": "en",
    }
    defaults.update(fields)
    for name in cls.guarantees:
        if not defaults.get(name):
            raise ExtractionError(f"no-{name}", f"{cls.__name__}: no {name} found")
    defaults["authors"] = tuple(defaults["authors"])
    defaults["tags"] = tuple(dict.fromkeys(defaults["tags"]))
    records = page_records(
        page_type,
        tuple(body.paragraphs),
        headline,
        defaults["datePublished"],
        defaults["description"],
    ).as_dict()
    headline = records.pop("headline", headline)
    defaults.update(records)
    return Article(
        url=page.url,
        headline=headline,
        articleBody="\n\n".join(body.paragraphs),
        paragraphs=tuple(body.paragraphs),
        articleBodyHtml=body.html,
        images=tuple(body.images),
        attachments=tuple(dict.fromkeys(body.attachments)),
        relatedLinks=tuple(dict.fromkeys(body.links)),
        pageType=page_type,
        source=page.source,
        extractor=cls.extractor(),
        **defaults,
    )


def authors_of(names: list[str]) -> list[Author]:
    """Authors from byline name strings (see :func:`dodarchive.pages.byline.parse_person`)."""
    from dodarchive.pages.byline import parse_person

    return [parse_person(n) for n in names if collapse(n)]


_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z0-9 .,'’()/&-]*?(?:\([A-Z]+\))?),\s+"
    r"(?P<date>" + _MONTH + r"\s+\d{1,2},\s+\d{4})\s+[–—-]+\s+(?=\S)"
)


def dateline_prefix(text: str) -> tuple[str, str, str] | None:
    """(place, date text, rest) when ``text`` opens with a dateline like "WASHINGTON,
    July 2, 2007 – "; else None.

    >>> dateline_prefix("WASHINGTON, July 2, 2007 – Russian President Vladimir Putin pledged")
    ('WASHINGTON', 'July 2, 2007', 'Russian President Vladimir Putin pledged')
    """
    m = _DATELINE.match(text)
    if not m:
        return None
    return collapse(m.group("place")), m.group("date"), text[m.end() :]


def split_dateline(body: Body) -> tuple[str | None, str | None]:
    """Move a dateline prefix off the first paragraph of ``body``: (place, date text)."""
    if not body.paragraphs:
        return None, None
    found = dateline_prefix(body.paragraphs[0])
    if not found:
        return None, None
    place, date, rest = found
    prefix = body.paragraphs[0][: len(body.paragraphs[0]) - len(rest)]
    body.paragraphs[0] = rest
    block = body.html_blocks[0]
    escaped = html.escape(prefix, quote=False)
    if escaped in block:
        body.html_blocks[0] = block.replace(escaped, "", 1)
    return place, date
