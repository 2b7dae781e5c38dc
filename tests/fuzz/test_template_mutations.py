"""Mutations of real template pages at the element level: delete, duplicate, swap,
unwrap and empty random elements of af.mil, DNN, legacy and static pages (parsed and
re-serialized with lxml). Any outcome is allowed but a crash, a catch-all reject, or a
half-filled article."""

from __future__ import annotations

import copy

import lxml.html
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from dodarchive.pages import PageInput
from tests.fuzz.support import check_contract, fuzz, seed_records, with_body

SEEDS = seed_records()
OPS = ("delete", "duplicate", "swap", "unwrap", "empty", "retext")


def _tree(index: int) -> etree._Element:
    page = PageInput.from_record(SEEDS[index])
    return lxml.html.document_fromstring(page.text)


def _mutate(root: etree._Element, op: str, a: int, b: int, text: str) -> None:
    elements = [e for e in root.iter() if isinstance(e.tag, str)][1:]  # not <html>
    if not elements:
        return
    el = elements[a % len(elements)]
    other = elements[b % len(elements)]
    parent = el.getparent()
    if parent is None:
        return
    if op == "delete":
        el.drop_tree() if hasattr(el, "drop_tree") else parent.remove(el)
    elif op == "duplicate":
        el.addnext(copy.deepcopy(el))
    elif op == "swap":
        if el in other.iterancestors() or other in el.iterancestors() or el is other:
            return
        other_parent = other.getparent()
        if other_parent is None:
            return
        marker = etree.Element("span")
        other.addprevious(marker)
        el.addprevious(other)
        marker.addprevious(el)
        other_parent.remove(marker)
    elif op == "unwrap" and hasattr(el, "drop_tag"):
        el.drop_tag()
    elif op == "empty":
        for child in list(el):
            el.remove(child)
        el.text = None
    elif op == "retext":
        el.text = text


@fuzz(175)
@given(
    index=st.integers(0, len(SEEDS) - 1),
    edits=st.lists(
        st.tuples(
            st.sampled_from(OPS),
            st.integers(0, 10_000),
            st.integers(0, 10_000),
            st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_element_mutations_of_template_pages(
    index: int, edits: list[tuple[str, int, int, str]]
) -> None:
    root = _tree(index)
    for op, a, b, text in edits:
        _mutate(root, op, a, b, text)
    html = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    body = html.encode("utf-8")
    check_contract(with_body(SEEDS[index], body, (("Content-Type", "text/html; charset=utf-8"),)))
