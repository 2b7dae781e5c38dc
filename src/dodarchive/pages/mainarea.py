"""Where a page's main text is, and its lines: what :class:`~dodarchive.pages.generic.
GenericPage` reads before it applies DoD conventions.

:func:`locate_main` finds the element with the densest prose (readability-style; class
and id cues and link density adjust it; captions, share bars and story info never
count). :func:`container_lines` reads that element, :func:`tree_lines` trafilatura's
main-text tree, and :func:`doc_lines` the whole page as a browser breaks it into lines:
every block element and ``br`` ends a line; layout tables are read as text, data tables
as tab-separated rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bs4 import Comment, Tag
from bs4.element import NavigableString

from dodarchive.pages.base import MAX_DEPTH, ExtractionError
from dodarchive.pages.common import BLOCK_TAGS, split_credit
from dodarchive.pages.text import collapse

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = [
    "CAPTION_CREDIT",
    "DocLine",
    "Line",
    "container_lines",
    "doc_lines",
    "find_line",
    "is_caption",
    "link_list",
    "locate_main",
    "nav_texts",
    "norm",
    "tokens_say",
    "tree_lines",
]

_BLOCK_TAGS = BLOCK_TAGS | {"caption"}
_SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "iframe", "object", "embed", "select", "button", "template"]
)
#: A photo credit: "U.S. Air Force photo by", "photo/", "courtesy photo".
CAPTION_CREDIT = re.compile(
    r"\b(?:photo|photograph|illustration|graphic|image|video)s?\s*(?:by\b|/|:|courtesy\b)"
    r"|\bcourtesy\s+(?:photo|of)\b|\b(?:photo|illustration)\s+courtesy\b",
    re.I,
)


def norm(text: str) -> str:
    """Lower-case letters and digits only, single-spaced: for comparing texts.

    >>> norm("  Nov. 2: Airstrikes -- continue ")
    'nov 2 airstrikes continue'
    """
    return re.sub(r"[^0-9a-z]+", " ", text.lower()).strip()


# --- reading trafilatura's main-text tree as lines --------------------------------------


@dataclass
class Line:
    """One line of the main text: its text and kind (p, h, li, or a data-table row)."""

    text: str
    kind: str = "p"  # p | h | li | row


_TREE_BLOCKS = {"p": "p", "head": "h", "quote": "p", "div": "p", "item": "li", "code": "p"}


def _inline_text(el: _Element) -> str:
    """All text of a tree element, line breaks as spaces."""
    return collapse(" ".join(el.itertext()))


class _TreeReader:
    """Reads trafilatura's output tree as lines: each block, ``lb``, list item and cell."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.buf: list[str] = []

    def flush(self, kind: str) -> None:
        text = collapse("".join(self.buf))
        self.buf.clear()
        if text:
            self.lines.append(Line(text, kind))

    def read(self, el: _Element, kind: str, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            raise ExtractionError("too-deep", f"elements nest deeper than {MAX_DEPTH}")
        self.buf.append(el.text or "")
        for child in el:
            tag = child.tag if isinstance(child.tag, str) else ""
            if tag == "lb":
                self.flush(kind)
            elif tag in _TREE_BLOCKS:
                self.flush(kind)
                self.read(child, _TREE_BLOCKS[tag], depth + 1)
                self.flush(_TREE_BLOCKS[tag])
            elif tag == "list":
                self.flush(kind)
                self.read(child, "li", depth + 1)
                self.flush("li")
            elif tag == "table":
                self.flush(kind)
                self.table(child, depth + 1)
            elif tag and tag != "graphic":
                self.read(child, kind, depth + 1)
            self.buf.append(child.tail or "")

    def table(self, table: _Element, depth: int) -> None:
        """A data table (short cells, 2+ columns, no nested blocks) becomes one line per
        row, cells joined by tabs (a table again in the HTML); a layout table is read as
        text, each cell's lines in turn."""
        rows = [r for r in table if r.tag == "row"]
        cells = [[c for c in r if c.tag == "cell"] for r in rows]
        nested = any(
            d.tag in ("p", "head", "list", "table", "quote", "lb")
            for row in cells
            for c in row
            for d in c.iterdescendants()
        )
        texts = [[_inline_text(c) for c in row] for row in cells]
        wide = [row for row in texts if sum(1 for t in row if t) >= 2]
        words = max((len(t.split()) for row in texts for t in row), default=0)
        if not nested and len(wide) >= 2 and len(wide) * 2 >= len(texts) and words <= 25:
            for row in texts:
                if any(row):
                    self.lines.append(Line("\t".join(row), "row"))
            return
        for cell_row in cells:
            for cell in cell_row:
                self.read(cell, "p", depth + 1)
                self.flush("p")


def tree_lines(root: _Element) -> list[Line]:
    """The lines of trafilatura's main-text tree."""
    reader = _TreeReader()
    reader.read(root, "p")
    reader.flush("p")
    return reader.lines


# --- reading the page itself (headline, dates and bylines around it) -------------------


@dataclass
class DocLine:
    """One visible line of the page, with its block element, that element's class and
    id, and the marks (h1, h2, a, nav, header, footer, strong, b, font) around all of it."""

    text: str
    tag: str  # the innermost block element
    cls: str  # its class and id
    inside: frozenset[str]  # enclosing h1/h2/a/nav/header/footer tags


def doc_lines(root: Tag) -> list[DocLine]:
    """The page's visible lines in document order, each with where it sits."""
    lines: list[DocLine] = []
    buf: list[tuple[str, frozenset[str]]] = []  # text pieces and the marks around each
    state: list[tuple[str, str, frozenset[str]]] = [("body", "", frozenset())]

    def flush() -> None:
        text = collapse("".join(t for t, _ in buf))
        marks = [m for t, m in buf if t.strip()]
        buf.clear()
        if text:
            tag, cls, _ = state[-1]
            inside = frozenset.intersection(*marks) if marks else frozenset()
            lines.append(DocLine(text, tag, cls, inside))

    def walk(node: Tag, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ExtractionError("too-deep", f"elements nest deeper than {MAX_DEPTH}")
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buf.append((str(child), state[-1][2]))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP_TAGS:
                continue
            if child.name == "br":
                flush()
                continue
            marks = {"h1", "h2", "a", "nav", "header", "footer", "strong", "b", "font"}
            mark = child.name if child.name in marks else None
            if child.name in _BLOCK_TAGS or mark:
                block = child.name in _BLOCK_TAGS
                if block:
                    flush()
                tag, cls, inside = state[-1]
                ident = " ".join([*child.get_attribute_list("class"), str(child.get("id") or "")])
                state.append(
                    (
                        child.name if block else tag,
                        ident if block else cls,
                        inside | {mark} if mark else inside,
                    )
                )
                walk(child, depth + 1)
                if block:
                    flush()
                state.pop()
            else:
                walk(child, depth + 1)

    walk(root, 1)
    flush()
    return lines


def nav_texts(lines: list[DocLine], start: int) -> set[str]:
    """Normalized texts of navigation: links above the body start, and anything in a
    nav element (a link under the article to itself is no nav; an article's own
    ``header`` holds its headline)."""
    return {
        norm(x.text)
        for i, x in enumerate(lines)
        if ("a" in x.inside and i < start) or "nav" in x.inside
    }


def find_line(lines: list[DocLine], text: str, start: int = 0) -> int | None:
    """Index of the first line from ``start`` that holds ``text``'s first 60 letters."""
    key = norm(text)[:60]
    if not key:
        return None
    for i in range(start, len(lines)):
        if key in norm(lines[i].text):
            return i
    return None


# --- locating the main text in the page --------------------------------------------

_INLINE = frozenset(
    [
        "a",
        "b",
        "strong",
        "em",
        "i",
        "u",
        "span",
        "font",
        "sup",
        "sub",
        "small",
        "big",
        "abbr",
        "cite",
        "q",
        "tt",
        "code",
        "label",
    ]
)
_CONTAINERS = frozenset(
    ["div", "td", "article", "section", "main", "body", "center", "form", "blockquote", "dd"]
)
_NEGATIVE = re.compile(
    r"^(?:nav|navbar|navigation|menu|menus|footer|share|sharing|social|related|breadcrumbs?|"
    r"comments?|sidebar|tags?|print|media|gallery|captions?|photos?|carousel|slideshow|"
    r"toolbar|tools|pagination|pager|subscribe|signup|newsletter|widget|ads?|banner|"
    r"hidden|skip|masthead|topnav|leftnav|rightnav|search|login|addthis|sharethis|"
    r"disclaimer|copyright|rss|links|more|list|listing|thumbnails?|video|image|images|img|"
    r"figure|picture|lightbox)$",
    re.I,
)
_SOFT_NEGATIVE = frozenset({"media", "list", "links", "more", "image", "images", "picture"})
_BODY_WORDS = re.compile(r"^(?:body|content|article|story|main|entry|post)$", re.I)
_POSITIVE = re.compile(
    r"^(?:article|body|content|story|main|text|entry|post|release|news|black|detail|"
    r"maincontent|bodytext|articlebody|storybody|itemprop)$",
    re.I,
)


_INFO = re.compile(
    r"^(?:info|byline|meta|date|dateline|author|authors|summary|description|abstract|"
    r"teaser|subtitle|deck|kicker|credit|credits)$",
    re.I,
)


def _tokens(el: Tag) -> list[str]:
    ident = " ".join([*el.get_attribute_list("class"), str(el.get("id") or "")])
    return [t for t in re.split(r"[\s_:.-]+|(?<=[a-z])(?=[A-Z])", ident) if t]


def _negative(el: Tag) -> bool:
    """Navigation, share, related or media chrome by tag, class or id; "media-body" and
    the like (a layout word, then body or content) are none, "da_print_body" is."""
    if el.name in ("nav", "footer", "aside", "figure", "figcaption"):
        return True
    tokens = _tokens(el)
    bad = {t.lower() for t in tokens if _NEGATIVE.match(t)}
    if bad and bad <= _SOFT_NEGATIVE and any(_BODY_WORDS.match(t) for t in tokens):
        return False
    return bool(bad)


def _runs(el: Tag) -> list[str]:
    """The text runs directly inside ``el`` (its own text and inline children), split
    at ``br``; text inside nested blocks belongs to those blocks."""
    runs = [""]
    for child in el.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            runs[-1] += str(child)
        elif isinstance(child, Tag):
            if child.name == "br":
                runs.append("")
            elif child.name in _INLINE:
                runs[-1] += child.get_text(" ")
            elif child.name not in _SKIP_TAGS:
                runs.append("")
    return [r for r in (collapse(x) for x in runs) if r]


def link_list(el: Tag) -> bool:
    """Whether ``el`` is mostly links (8 or more, over half its text): a listing page."""
    links = el.find_all("a")
    if len(links) < 8:
        return False
    text_len = len(collapse(el.get_text(" "))) or 1
    return sum(len(collapse(a.get_text(" "))) for a in links) / text_len > 0.5


def tokens_say(el: Tag, words: str) -> bool:
    """Whether ``el``'s class, id, alt or src names one of ``words`` (a regex alternation)."""
    ident = " ".join([*el.get_attribute_list("class"), str(el.get("id") or "")])
    ident += " " + str(el.get("src") or "") + " " + str(el.get("alt") or "")
    return bool(re.search(rf"(?:^|[\W_])(?:{words})(?:[\W_]|$)", ident, re.I))


def is_caption(text: str) -> bool:
    """A photo caption closing on its credit ("... (U.S. Air Force photo/Sgt. X)")."""
    return bool(split_credit(text)[1]) and bool(CAPTION_CREDIT.search(text[-120:]))


def locate_main(root: Tag) -> Tag | None:
    """The element holding the page's main text, by text density (readability-style):
    every run of prose scores its block and, at half, that block's parent; class and id
    cues ("nav", "share", "related", "media"... / "article", "body", "content", "story")
    and link density adjust the scores."""
    scores: dict[int, float] = {}
    elements: dict[int, Tag] = {}
    for el in root.find_all(True):
        if el.name in _SKIP_TAGS or el.name in ("a", "h1", "h2", "h3", "h4", "h5", "h6"):
            continue
        if _negative(el) or any(_INFO.match(t) for t in _tokens(el)):
            continue  # captions, share bars, story info and summaries are not the body
        points = 0.0
        for run in _runs(el):
            if len(run) >= 25 and not is_caption(run):
                points += 1 + run.count(",") + min(len(run) / 100, 3)
        if not points and el.name in _CONTAINERS and any(_POSITIVE.match(t) for t in _tokens(el)):
            points = 5.0 if collapse(el.get_text(" ")) else 0.0  # a short body's own box
        if not points:
            continue
        target = el if el.name in _CONTAINERS else el.parent
        for weight, node in ((1.0, target), (0.5, target.parent if target else None)):
            if isinstance(node, Tag):
                scores[id(node)] = scores.get(id(node), 0.0) + points * weight
                elements[id(node)] = node
    best: Tag | None = None
    best_score = 0.0
    for key, points in scores.items():
        el = elements[key]
        score = points
        tokens = _tokens(el)
        if _negative(el):
            score *= 0.2
        if any(_POSITIVE.match(t) for t in tokens) or el.name in ("article", "main"):
            score *= 1.5
        text_len = len(collapse(el.get_text(" "))) or 1
        link_len = sum(len(collapse(a.get_text(" "))) for a in el.find_all("a"))
        score *= max(0.0, 1 - link_len / text_len)
        if score > best_score:
            best, best_score = el, score
    return best


def container_lines(container: Tag) -> tuple[list[Line], list[Tag]]:
    """(lines, skipped media/caption elements) of the main-text element: every block
    and ``br`` ends a line; nav, share, related and media elements inside are skipped;
    tables are read as text unless they are data tables."""
    lines: list[Line] = []
    skipped: list[Tag] = []
    buf: list[str] = []

    def flush(kind: str) -> None:
        text = collapse("".join(buf))
        buf.clear()
        if text:
            lines.append(Line(text, kind))

    def walk(node: Tag, kind: str, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise ExtractionError("too-deep", f"elements nest deeper than {MAX_DEPTH}")
        for child in node.children:
            if isinstance(child, Comment):
                continue
            if isinstance(child, NavigableString):
                buf.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP_TAGS:
                continue
            if child.name == "br":
                flush(kind)
                continue
            if child.name != "a" and _negative(child):
                flush(kind)
                skipped.append(child)
                continue
            if child.name == "table" and _data_table(child, lines):
                flush(kind)
                continue
            if child.name in _BLOCK_TAGS:
                flush(kind)
                inner = (
                    "h" if child.name in ("h1", "h2", "h3", "h4", "h5", "h6")
                    else "li" if child.name == "li" else "p"
                )  # fmt: skip
                walk(child, inner, depth + 1)
                flush(inner)
            else:
                walk(child, kind, depth + 1)

    walk(container, "p", 1)
    flush("p")
    return lines, skipped


def _data_table(table: Tag, lines: list[Line]) -> bool:
    """Append a data table's rows (cells joined by tabs) and return True; False for a
    layout table (nested tables or blocks, long cells, a single column)."""
    if table.find(["table", "p", "div", "ul", "ol", "h1", "h2", "h3", "h4"]):
        return False
    rows = [
        [collapse(c.get_text(" ")) for c in tr.find_all(["td", "th"], recursive=False)]
        for tr in table.find_all("tr")
    ]
    wide = [r for r in rows if sum(1 for c in r if c) >= 2]
    words = max((len(c.split()) for r in rows for c in r), default=0)
    if len(wide) < 2 or len(wide) * 2 < len(rows) or words > 25:
        return False
    lines.extend(Line("\t".join(r), "row") for r in rows if any(r))
    return True
