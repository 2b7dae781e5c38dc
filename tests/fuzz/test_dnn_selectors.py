"""The DNN templates find their parts with bs4's ``find`` and two class predicates, not
CSS: compiling soupsieve's selectors cost ~80 ms on a process's first DNN page. Each
predicate must pick exactly the element(s) the CSS selector it replaces picks, in the
same order, on any tree; soupsieve (via bs4's ``select``) is the oracle here."""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag
from hypothesis import given
from hypothesis import strategies as st

from dodarchive.pages.dnn import date_element, is_byline, related_anchors, tag_links
from dodarchive.pages.text import collapse
from tests.fuzz.support import fuzz

NAMES = ("div", "span", "p", "header", "a", "h1", "section")
CLASSES = ("date-line", "date", "tags", "related", "byline", "x", "Date", "byline-x")


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> str:
    """Random nested markup over the names and classes the selectors test."""
    parts = []
    for _ in range(draw(st.integers(0, 3 if depth < 4 else 0))):
        name = draw(st.sampled_from(NAMES))
        classes = draw(st.lists(st.sampled_from(CLASSES), max_size=2))
        attrs = f' class="{" ".join(classes)}"' if classes else ""
        if name == "a" and draw(st.booleans()):
            attrs += ' href=""' if draw(st.booleans()) else ' href="/x"'
        inner = draw(trees(depth + 1))
        parts.append(f"<{name}{attrs}>t{len(parts)}{inner}</{name}>")
    return "".join(parts)


def _root(markup: str) -> Tag:
    soup = BeautifulSoup(f'<div class="adetail">{markup}</div>', "lxml")
    root = soup.find("div", class_="adetail")
    assert isinstance(root, Tag)
    return root


@fuzz(300)
@given(markup=trees())
def test_predicates_pick_what_css_picks(markup: str) -> None:
    root = _root(markup)
    css_date = root.select_one("div.date-line span.date") or root.select_one("span.date")
    assert date_element(root) is css_date
    ours, css = related_anchors(root), root.select("div.related a[href]")
    assert len(ours) == len(css)
    assert all(a is b for a, b in zip(ours, css, strict=True))
    byline = root.select_one("header .byline, .date-line .byline, p.byline, div.byline")
    assert root.find(is_byline) is byline
    assert tag_links(root) == [collapse(a.get_text(" ")) for a in root.select("div.tags a")]


def test_predicates_on_a_known_tree() -> None:
    """The cases the CSS spells out, each once, so a wrong predicate fails by name."""
    root = _root(
        '<span class="date">plain</span>'
        '<div class="date-line"><span class="byline">By A</span>'
        '<span class="date">Dated</span></div>'
        '<div class="related"><a>no href</a><a href="/r1">R1</a>'
        '<div class="related"><a href="/r2">R2</a></div></div>'
        '<div class="tags"><a href="/t">Tag One</a> <a>Two</a></div>'
    )
    date = date_element(root)
    assert date is not None
    assert date.get_text() == "Dated"
    assert [a.get_text() for a in related_anchors(root)] == ["R1", "R2"]
    found = root.find(is_byline)
    assert found is not None
    assert found.get_text() == "By A"
    assert tag_links(root) == ["Tag One", "Two"]
    assert date_element(_root('<p class="date">x</p>')) is None
    assert root.find(is_byline) is not None
    assert _root('<span class="byline">loose</span>').find(is_byline) is None
