"""Shared pieces of the page classes: body walking, captions and credits, datelines,
article assembly.

A page class finds its template's parts (headline, date, byline, body element) and hands
them to :func:`body_of` and :func:`build_article`; these turn a body element into
paragraphs, cleaned HTML, images, attachments and links the same way for every template,
and refuse to build an article without a headline or a body. ``docs/extraction.md``
("Writing a page class") says how a page class uses them.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import NavigableString, PreformattedString
from lxml import etree
from w3lib.url import safe_url_string

from dodarchive.article import Article, Attachment, Fact, Image, Link, PageType, Video
from dodarchive.pages.base import MAX_DEPTH, ExtractionError
from dodarchive.pages.boilerplate import is_boilerplate
from dodarchive.pages.fields import (
    clean_html,
    document_name,
    facts_of,
    is_pointer_body,
    language_of,
    pdf_paragraphs,
    public_url,
    strip_contact,
    video_of,
)
from dodarchive.pages.text import WRITTEN_DATE, collapse
from dodarchive.records import page_records

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from dodarchive.pages.base import Page, PageInput

__all__ = [
    "Body",
    "absolute",
    "body_of",
    "build_article",
    "canonical_url",
    "check_complete",
    "check_text",
    "element_soup",
    "first_tag",
    "head_and_region",
    "meta_content",
    "parse_region",
    "split_credit",
    "split_dateline",
    "tags",
]

#: Block-level tags: text on either side of one is a separate line.
BLOCK_TAGS = frozenset(
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
_BLOCKS = BLOCK_TAGS
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
        "template",
        "video",
        "audio",
    ]
)
_INLINE_KEEP = {"a": "a", "strong": "strong", "b": "strong", "em": "em", "i": "em"}
_INLINE_KEEP |= {"sup": "sup", "sub": "sub"}
_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
#: Media types of the linked documents that count as attachments, by file extension.
_DOC_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".zip": "application/zip",
    ".rtf": "application/rtf",
}
_CREDIT_START = re.compile(
    r"""^(?:[A-Z][\w.'’&-]*\s+){0,6}?(?:photo|Photo|PHOTO|illustration|Illustration|graphic
    |Graphic|video|Video|image|Image)s?(?:\s+by\b|\s*/|\s*:|\s+courtesy\b)
    |^(?:Courtesy|COURTESY)\b""",
    re.X,
)
#: A credit closing a caption after a comma: ", U.S. Air Force photo by Staff Sgt. X",
#: ", Navy photo": up to six capitalized words or initials (no sentence end among them;
#: "U.S. Air Force" in any case), then the medium, then no comma or parenthesis.
_CAPITALIZED = r"(?:(?:[A-Z]\.)+|[A-Z][\w'’&-]*)"
_COMMA_CREDIT = re.compile(
    rf",\s*(?P<credit>(?:(?i:U\.S\.\s+)?(?i:Air\s+Force)|(?:{_CAPITALIZED}\s+){{0,5}}"
    rf"{_CAPITALIZED})\s+(?i:photo|graphic|illustration|courtesy|video|image|art\b)[^,()]*)$"
)
#: UTF-8 bytes read as windows-1252 ("â€™" for "’", "Ã©" for "é"): mixed encodings.
_MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf\u2018-\u203a\u0152-\u0178]|Â[\u00a0-\u00bf]")
_PAREN_CREDIT = re.compile(
    r"\s*\(([^()]*\b(?:photo|illustration|graphic|courtesy|video|image|art\b)[^()]*)\)\.?\s*$",
    re.I,
)


@dataclass
class Body:
    """A body element turned into article parts.

    ``paragraphs[i]`` is the text of ``html_blocks[i]``; change both together (see
    :meth:`drop`). A block may open or close the table around it (``<table><tr><td>``);
    :attr:`html` repairs what dropping blocks leaves unbalanced. With ``markup`` off,
    :attr:`html` is one escaped ``<p>`` per paragraph instead of the blocks (for text
    that has no markup, e.g. the fallback's).
    """

    paragraphs: list[str] = field(default_factory=list)
    html_blocks: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    markup: bool = True
    videos: list[Video] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    @property
    def html(self) -> str:
        """The HTML through the one allow-list (:func:`~dodarchive.pages.fields.clean_html`):
        one block per line."""
        if not self.markup:
            return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in self.paragraphs)
        markup = clean_html("\n".join(self.html_blocks))
        return _TABLE.sub(lambda m: m.group(0).replace("\n", ""), markup)

    def append(self, paragraph: str) -> None:
        """Add ``paragraph`` (collapsed text) at the end, as a plain ``<p>`` block."""
        self.paragraphs.append(paragraph)
        self.html_blocks.append(f"<p>{html.escape(paragraph, quote=False)}</p>")

    def drop(self, index: int) -> str:
        """Remove paragraph ``index`` and its HTML block; returns the paragraph."""
        del self.html_blocks[index]
        return self.paragraphs.pop(index)


_TABLE = re.compile(r"<table>.*?</table>", re.S)  # a table is one line of the HTML


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
    >>> split_credit("Osprey over the canyons, U.S. Air Force photo by Staff Sgt. Markus Maier")
    ('Osprey over the canyons', 'U.S. Air Force photo by Staff Sgt. Markus Maier')
    >>> split_credit("No credit here.")
    ('No credit here.', None)
    """
    text = collapse(text)
    if not text:
        return None, None
    m = _PAREN_CREDIT.search(text) or _COMMA_CREDIT.search(text)
    if m:
        return (text[: m.start()].strip() or None), collapse(m.group(1))
    starts = [0] + [m.end() for m in re.finditer(r"[.!?]['’”\"]?\s+", text)]
    for pos in starts:
        if _CREDIT_START.match(text[pos:]):
            caption = text[:pos].strip() or None
            return caption, text[pos:].strip().rstrip(".") or None
    return text, None


def absolute(base: str, href: str | None) -> str | None:
    """``href`` made absolute against ``base`` and percent-encoded as a browser sends it
    (``safe_url_string``); None for empty, script and anchor links.

    >>> absolute("http://www.af.mil/a/b.aspx", " /Portals/AFA 2014.pdf"), absolute("x", "#top")
    ('http://www.af.mil/Portals/AFA%202014.pdf', None)
    """
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:")):
        return None
    return safe_url_string(urljoin(base, href))


class _Walker:
    """Turns an element tree into paragraph blocks (text + cleaned inline HTML).

    Text a browser does not render (comments, declarations, scripts, templates, media
    fallbacks, forms) is skipped; ``line_breaks`` ``br`` in a row end a paragraph.
    """

    def __init__(self, base: str, body: Body, line_breaks: int = 2) -> None:
        self.base = base
        self.body = body
        self.line_breaks = line_breaks
        self.pieces: list[tuple[str, str]] = []  # (text, html); br is ("\n", "<br>")
        self.kind = "p"
        self.list_tag = "ul"
        self.pending = ""  # table tags opened since the last block, for the next one
        self.depth = 0

    def walk(self, node: Tag) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExtractionError("too-deep", f"elements nest deeper than {MAX_DEPTH}")
        for child in node.children:
            if isinstance(child, PreformattedString):  # comments, CDATA, doctype...
                continue
            if isinstance(child, NavigableString):
                text = str(child)
                self.pieces.append((text, html.escape(text, quote=False)))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _DROP:
                self._note_video(child, name)
                continue
            if name == "br":
                self.pieces.append(("\n", "<br>"))
            elif name == "img":
                continue
            elif name == "table" and _is_content_table(child):
                self.flush()
                self._table(child)
            elif name in _BLOCKS:
                self.flush()
                outer, outer_list = self.kind, self.list_tag
                if name in _HEADINGS:
                    self.kind = _HEADINGS[name]
                elif name == "li":
                    self.kind = "li"
                elif name in ("ul", "ol"):
                    self.list_tag = name
                elif name == "blockquote" and outer == "p":
                    self.kind = "blockquote"
                self.walk(child)
                self.flush()
                self.kind, self.list_tag = outer, outer_list
            else:
                self.inline(child, name)
        self.depth -= 1

    def _table(self, table: Tag) -> None:
        """A content table: its cells' paragraphs are blocks that carry the table's tags."""
        start, before = len(self.body.html_blocks), self.pending
        self.pending += "<table>"
        outer = self.kind
        for row in (r for r in table.find_all("tr") if r.find_parent("table") is table):
            self.pending += "<tr>"
            for cell in row.find_all(("td", "th"), recursive=False):
                self.pending += f"<{cell.name}>"
                self.kind = "cell"
                self.walk(cell)
                self.flush()
                self._close(cell.name)
            self._close("tr")
        self.kind = outer
        if len(self.body.html_blocks) == start:
            self.pending = before  # nothing in it was text
        else:
            self._close("table")

    def _close(self, tag: str) -> None:
        if self.pending:
            self.pending += f"</{tag}>"
        else:
            self.body.html_blocks[-1] += f"</{tag}>"

    def _note_video(self, el: Tag, name: str) -> None:
        """An embedded player (iframe, embed, object, video) on a video host is a video."""
        if name not in ("iframe", "embed", "object", "video"):
            return
        src = el.get("src") or el.get("data")
        if not src and name in ("object", "video"):
            inner = el.find(["embed", "source"])
            src = inner.get("src") if isinstance(inner, Tag) else None
        url = absolute(self.base, str(src)) if src else None
        title = el.get("title") or el.get("alt")
        video = video_of(url, str(title) if title else None)
        if video and all(v.url != video.url for v in self.body.videos):
            self.body.videos.append(video)

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
        """A link to a document (by file extension) becomes an attachment, once per URL."""
        attachment = attachment_of(el, href)
        if attachment and all(a.url != href for a in self.body.attachments):
            self.body.attachments.append(attachment)

    def flush(self) -> None:
        """Emit the buffered inline content; ``line_breaks`` ``br`` in a row split it."""
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
                if breaks >= self.line_breaks:
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
        if "<br>" in markup:
            markup = _EDGE_BREAKS.sub("", markup)
        markup = " ".join(markup.split())  # runs to one space; no edge spaces to strip
        self.body.paragraphs.append(text)
        tag, pending, self.pending = self.kind, self.pending, ""
        if tag == "li":
            block = f"<{self.list_tag}><li>{markup}</li></{self.list_tag}>"
        elif tag == "blockquote":
            block = f"<blockquote><p>{markup}</p></blockquote>"
        elif tag == "cell":
            block = markup
        else:
            if tag == "p" and _is_subheading(text, markup):
                tag, markup = "h3", markup[len("<strong>") : -len("</strong>")].strip()
            block = f"<{tag}>{markup}</{tag}>"
        self.body.html_blocks.append(pending + block)


_EDGE_BREAKS = re.compile(r"^(?:<br>\s*)+|(?:\s*<br>)+$")
_WHOLE_BOLD = re.compile(r"^<strong>(?:(?!</?strong>).)*</strong>$")


def _is_subheading(text: str, markup: str) -> bool:
    """A short line that is bold as a whole ("<strong>General characteristics</strong>")
    is a subheading: at most ten words, not ending as a sentence, a label or a dateline.

    >>> _is_subheading("Mission", "<strong>Mission</strong>")
    True
    >>> _is_subheading("WASHINGTON (AFNS) --", "<strong>WASHINGTON (AFNS) --</strong>")
    False
    """
    return (
        _WHOLE_BOLD.match(markup) is not None
        and len(text.split()) <= 10
        and not re.search(r"[.:;,!?\-–—]$", text)
    )


def _is_content_table(table: Tag) -> bool:
    """A table of data, not of layout: two rows or more, a row of two cells or more, no
    table or image inside."""
    if table.find("table") is not None or table.find("img") is not None:
        return False
    rows = table.find_all("tr")
    return len(rows) >= 2 and max(len(r.find_all(("td", "th"), recursive=False)) for r in rows) >= 2


_CONTEXT_BLOCKS = ("p", "div", "li", "td", "th", "dd", "blockquote", "span")


def attachment_of(el: Tag, href: str) -> Attachment | None:
    """An :class:`Attachment` when ``href`` is a document by its file extension, named by
    :func:`~dodarchive.pages.fields.document_name` (title attribute, link text, the
    sentence around a "click here" link, the file name)."""
    path = urlsplit(href).path.lower()
    ext = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
    ctype = _DOC_TYPES.get(ext)
    if not ctype:
        return None
    text = collapse(el.get_text())
    parent = el.find_parent(_CONTEXT_BLOCKS)
    context = _sentence(parent, el) if isinstance(parent, Tag) else text
    title = el.get("title")
    name = document_name(href, text, str(title) if title else None, context)
    return Attachment(url=href, name=name, contentType=ctype)


def _sentence(parent: Tag, link: Tag) -> str:
    """The text of ``parent``'s line (between ``<br>``) that holds ``link``."""
    marker = "\u0000"
    parts: list[str] = []
    for node in parent.descendants:
        if node is link:
            parts.append(marker + link.get_text() + marker)
        elif isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
        elif (
            isinstance(node, NavigableString)
            and not isinstance(node, PreformattedString)
            and not any(p is link for p in node.parents)
        ):
            parts.append(str(node))
    line = next((x for x in "".join(parts).split("\n") if marker in x), "")
    return collapse(line.replace(marker, ""))


def body_of(
    element: Tag,
    base_url: str,
    images: list[Image] | None = None,
    *,
    line_breaks: int = 2,
    markup: bool = True,
) -> Body:
    """Paragraphs, cleaned HTML and attachments of ``element`` (already stripped of
    captions and boilerplate elements by the page class); ``images`` are passed through.

    Every block element ends a paragraph, and so do ``line_breaks`` ``<br>`` in a row
    (1: each line as a browser shows it is a paragraph). ``markup=False`` makes the
    article HTML one escaped ``<p>`` per paragraph (:class:`Body`). Whole paragraphs that
    are boilerplate lines are dropped; prose is never cut.

    >>> el = BeautifulSoup("<div><b>A</b> b<br>c<br><br>d</div>", "lxml").div
    >>> body_of(el, "http://x/").paragraphs, body_of(el, "http://x/", line_breaks=1).paragraphs
    (['A b c', 'd'], ['A b', 'c', 'd'])
    >>> body_of(el, "http://x/").html, body_of(el, "http://x/", markup=False).html
    ('<p><strong>A</strong> b<br>c</p>\\n<p>d</p>', '<p>A b c</p>\\n<p>d</p>')
    """
    body = Body(images=list(images or []), markup=markup)
    walker = _Walker(base_url, body, line_breaks)
    walker.walk(element)
    walker.flush()
    body.html_blocks = _merge_lists(body.html_blocks)
    return body


def _merge_lists(blocks: list[str]) -> list[str]:
    """Adjacent one-item list blocks of one kind become one list (a block per item kept:
    ``paragraphs[i]`` stays the text of ``html_blocks[i]``)."""
    out: list[str] = []
    for block in blocks:
        item = block
        for tag in ("ul", "ol"):
            if item.startswith(f"<{tag}><li>") and out and out[-1].endswith(f"</li></{tag}>"):
                out[-1] = out[-1][: -len(f"</{tag}>")]
                item = item[len(f"<{tag}>") :]
        out.append(item)
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


def head_and_region(
    page: PageInput, opener: str, element: str | None = None
) -> tuple[BeautifulSoup, BeautifulSoup]:
    """(the document head, the document from ``opener`` on), each parsed on its own.

    Templates read only ``meta``/``link`` in the head and their article container in
    the body; skipping the site chrome between them roughly halves the parse of a DNN
    page. With ``element`` (``TAG.CLASS``), one lxml parse finds the first such
    element and the head's ``meta`` and ``link`` elements, and bs4 parses only those
    (see :func:`element_soup`): the region then leaves out the footer chrome too, and
    the head its scripts and styles. Without ``opener`` both are the whole document.
    """
    text = page.text
    start = text.find(opener)
    if start < 0:
        whole = BeautifulSoup(text, "lxml")
        return whole, whole
    body = _BODY_TAG.search(text, 0, start)
    if element and body:
        root, found = _lxml_cut(page, _class_finder(element))
        head = root.find("head") if root is not None else None
        if head is not None and found is not None:
            metadata = _markup(*head.iter("meta", "link"))
            return BeautifulSoup(metadata, "lxml"), BeautifulSoup(_markup(found), "lxml")
    head_soup = BeautifulSoup(text[: body.start() if body else start], "lxml")
    return head_soup, BeautifulSoup(text[start:], "lxml")


@functools.lru_cache(maxsize=16)
def _class_finder(selector: str) -> Callable[[etree._Element], etree._Element | None]:
    """The first element (document order) matching ``TAG.CLASS`` (what bs4's
    ``select_one`` finds with that selector)."""
    tag, _, name = selector.partition(".")
    xpath = etree.XPath(
        f"(//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')])[1]"
    )

    def find(root: etree._Element) -> etree._Element | None:
        found = xpath(root)
        return found[0] if isinstance(found, list) and found else None

    return find


def parse_region(page: PageInput, *openers: str) -> BeautifulSoup:
    """The document from the first of ``openers`` (tried in order) it holds on, parsed on
    its own: the head, ``__VIEWSTATE`` and chrome before the article hold nothing the
    template reads. The whole document (``page.soup``) when it holds none of them."""
    for opener in openers:
        start = page.text.find(opener)
        if start >= 0:
            return BeautifulSoup(page.text[start:], "lxml")
    return page.soup


def _lxml_root(page: PageInput) -> etree._Element | None:
    """The document as libxml2's push parser builds it (as bs4's lxml builder feeds it);
    None when lxml cannot parse it. ``huge_tree``: without it libxml2 silently drops
    whatever nests deeper than 256 elements, where bs4's tree (and so the templates'
    ``too-deep`` check) has it all; the body size is bounded before this
    (``MAX_HTML_SIZE``)."""
    parser = etree.HTMLParser(huge_tree=True)
    try:
        parser.feed(page.text)
        return parser.close()
    except (etree.LxmlError, ValueError):
        return None


#: True when an element has a descendant ``MAX_DEPTH`` levels down. libxml2's tree drops
#: whatever follows an element nested about 2,048 deep (even with ``huge_tree``), where
#: bs4's lxml builder keeps it all: such an element is left to bs4 on the whole page,
#: whose ``too-deep`` check rejects it as before. A chain of child steps costs a few
#: empty node-sets on an ordinary page.
_TOO_DEEP = etree.XPath("boolean(./" + "/".join(["*"] * MAX_DEPTH) + ")")


def _lxml_cut(
    page: PageInput, find: Callable[[etree._Element], etree._Element | None]
) -> tuple[etree._Element | None, etree._Element | None]:
    """(the document's lxml tree, the element ``find`` picks in it unless it nests too
    deep for libxml2 to have kept it whole); either may be None."""
    root = _lxml_root(page)
    found = find(root) if root is not None else None
    return root, found if found is not None and not _TOO_DEEP(found) else None


def _markup(*elements: etree._Element) -> str:
    return "".join(
        etree.tostring(el, encoding="unicode", method="html", with_tail=False) for el in elements
    )


def element_soup(
    page: PageInput, find: Callable[[etree._Element], etree._Element | None]
) -> BeautifulSoup | None:
    """BeautifulSoup of only the element ``find`` picks out of the document's lxml tree;
    None when lxml cannot parse the page or ``find`` finds nothing.

    lxml parses a page about fifteen times faster than BeautifulSoup builds its tree, so
    a template whose content sits in one element (the legacy article span) lets lxml
    find it and hands bs4 only that element's markup: the page's navigation, scripts and
    footer never become bs4 nodes. Both parse with libxml2's push parser, so the element
    and everything in it comes out as it would from the whole document.

    >>> from dodarchive.pages.base import PageInput
    >>> from dodarchive.article import Source
    >>> page = PageInput("u", 200, (), b"<nav>x</nav><div id='a'><p>1 &amp; 2</p></div>",
    ...                  Source("w", "r", 0, 0, "u", "d", None))
    >>> element_soup(page, lambda root: root.find(".//div")).div.p.get_text()
    '1 & 2'
    """
    _root, found = _lxml_cut(page, find)
    return BeautifulSoup(_markup(found), "lxml") if found is not None else None


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
    for index in reversed(strip_contact(body.paragraphs)):
        body.drop(index)
    if not body.paragraphs:
        raise ExtractionError("no-body", f"{cls.__name__}: the body has no text")
    linked = bool(body.attachments) or any("<a href" in b for b in body.html_blocks)
    if is_pointer_body(body.paragraphs, linked) and not _document_body(page, body):
        where = " ".join(a.url for a in body.attachments) or "a link"
        raise ExtractionError(
            "stub",
            f"{cls.__name__}: the body only points to the text: {body.paragraphs[0]!r} ({where})",
        )
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
    }
    defaults.update(fields)
    defaults["canonicalUrl"] = public_url(page, defaults["canonicalUrl"])
    text = "\n\n".join(body.paragraphs)
    defaults.setdefault("inLanguage", language_of(page, text))
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
        articleBody=text,
        paragraphs=tuple(body.paragraphs),
        articleBodyHtml=body.html,
        images=tuple(body.images),
        attachments=tuple(dict.fromkeys(body.attachments)),
        relatedLinks=tuple(dict.fromkeys(body.links)),
        pageType=page_type,
        source=page.source,
        extractor=cls.extractor(),
        wordCount=len(text.split()),
        videos=tuple(body.videos),
        facts=tuple(body.facts or facts_of(body.paragraphs)),
        **defaults,
    )


def _document_body(page: PageInput, body: Body) -> bool:
    """Replace a pointer-only ``body`` by the text of the first PDF it links that is
    archived beside the page (``page.documents``); whether it did."""
    if page.documents is None:
        return False
    for attachment in body.attachments:
        if attachment.contentType != "application/pdf":
            continue
        data = page.documents(attachment.url)
        paragraphs = pdf_paragraphs(data) if data else []
        if paragraphs:
            body.paragraphs, body.html_blocks = [], []
            for paragraph in paragraphs:
                body.append(paragraph)
            return True
    return False


_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z0-9 .,'’()/&-]*?(?:\([A-Z]+\))?),\s+"
    r"(?P<date>" + WRITTEN_DATE + r")\s+[–—-]+\s+(?=\S)"
)
#: The dashes that end a bold lead-in dateline ("RAMSTEIN AIR BASE, Germany (AFNS) --").
_DASHES = r"(?:--|–|—)"
_PLACE_START = re.compile(r"[A-Z][A-Z.'’&-]+(?=[\s,(]|$)")
_TOKENS = re.compile(r"<(/?)(\w+)[^>]*>|([^<]+)")
_BLANK = re.compile(r"[\s\u00a0\u200b]")


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


def bold_lead(block: str) -> str | None:
    """The text of the bold run an HTML block opens with (nothing but white space and
    other tags before it), whitespace-collapsed; None when the block opens with plain text.

    >>> bold_lead("<p> <strong>WASHINGTON (AFNS) --</strong> The Air Force said.</p>")
    'WASHINGTON (AFNS) --'
    >>> bold_lead("<p>The <strong>Air Force</strong> said.</p>") is None
    True
    """
    depth = 0
    lead: list[str] = []
    for m in _TOKENS.finditer(block):
        closing, name, text = m.groups()
        if text is not None:
            if depth:
                lead.append(html.unescape(text))
            elif text.strip():
                return None
        elif name == "strong" and not closing:
            depth += 1
        elif name == "strong" and depth:
            depth -= 1
            if not depth and collapse("".join(lead)):
                return collapse("".join(lead))
    return collapse("".join(lead)) or None


def _dashed_lead(lead: str | None, first: str) -> tuple[str | None, str] | None:
    """(place, rest) when ``first`` opens with the bold ``lead`` "PLACE (AFNS) --" (the
    dashes in the bold run or right after it, the place's first word in capitals, as
    DoD datelines print it); None otherwise ("Editor's note --" is no dateline)."""
    if not lead or not first.startswith(lead) or not _PLACE_START.match(lead):
        return None
    rest = first[len(lead) :]
    if not re.search(rf"{_DASHES}\s*$", lead) and not re.match(rf"\s*{_DASHES}", rest):
        return None
    place = re.sub(rf"(?:\s*{_DASHES})+\s*$", "", lead).strip()
    return (place or None), re.sub(rf"^\s*(?:{_DASHES}\s*)+", "", rest).strip()


def _drop_text(block: str, prefix: str) -> str:
    """``block`` without the text of ``prefix`` at its start (tags kept, white space
    after it dropped), then without the inline elements this left empty."""
    left = len(_BLANK.sub("", prefix))
    out: list[str] = []
    for m in _TOKENS.finditer(block):
        text = m.group(3)
        if text is None or left < 0:
            out.append(m.group(0))
            continue
        chars = html.unescape(text)
        i = 0
        while i < len(chars) and (left > 0 or _BLANK.match(chars[i])):
            left -= 0 if _BLANK.match(chars[i]) else 1
            i += 1
        if i < len(chars):
            left = -1  # the prefix is all gone: keep the rest as it is
        if chars[i:]:
            out.append(html.escape(chars[i:], quote=False))
    markup = "".join(out)
    empty = re.compile(r"<(strong|em|sup|sub|a)\b[^>]*>(?:\s|<br>)*</\1>")
    while empty.search(markup):
        markup = empty.sub("", markup)
    return re.sub(r"^((?:<(?:p|h\d|ul|li)>)+)(?:\s|<br>)+", r"\1", markup)


def split_dateline(body: Body) -> tuple[str | None, str | None]:
    """Move a dateline off the first paragraph of ``body``: (place, date text).

    Either form counts: a prefix "WASHINGTON, July 2, 2007 – " (place and date), or a
    bold lead-in ending in dashes, "RAMSTEIN AIR BASE, Germany (AFNS) --" (a place, no
    date). A first paragraph that was nothing but the dateline goes.
    """
    if not body.paragraphs:
        return None, None
    first = body.paragraphs[0]
    found = dateline_prefix(first)
    place: str | None
    date: str | None = None
    if found:
        place, date, rest = found
    else:
        dashed = _dashed_lead(bold_lead(body.html_blocks[0]), first)
        if not dashed:
            return None, None
        place, rest = dashed
    if rest:
        body.paragraphs[0] = rest
        body.html_blocks[0] = _drop_text(body.html_blocks[0], first[: len(first) - len(rest)])
    else:
        body.drop(0)
    return place, date
