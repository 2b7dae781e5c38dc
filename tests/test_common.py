"""pages/common.py: the shared page toolkit, exact values for what the templates rely on."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Tag

from dodarchive.article import Attachment, Source
from dodarchive.pages.base import PageInput
from dodarchive.pages.common import (
    Body,
    body_of,
    bold_lead,
    parse_region,
    split_credit,
    split_dateline,
)

BASE = "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?Article=1"


def _div(markup: str) -> Tag:
    div = BeautifulSoup(f"<div>{markup}</div>", "lxml").div
    assert div is not None
    return div


def _page(text: str) -> PageInput:
    source = Source("x.warc.gz", "<urn:uuid:1>", 0, 1, BASE, "2016-01-18T00:00:00Z", None)
    return PageInput(BASE, 200, (("Content-Type", "text/html"),), text.encode(), source)


# --- body_of -------------------------------------------------------------------------


def test_line_breaks_one_makes_every_line_a_paragraph() -> None:
    div = _div("<p>One<br>two<br><br>three</p><div>four</div>")
    assert body_of(div, BASE).paragraphs == ["One two", "three", "four"]
    lines = body_of(div, BASE, line_breaks=1)
    assert lines.paragraphs == ["One", "two", "three", "four"]
    assert lines.html == "<p>One</p>\n<p>two</p>\n<p>three</p>\n<p>four</p>"


def test_markup_off_gives_one_escaped_p_per_paragraph() -> None:
    div = _div("<h2>A &amp; B</h2><p><b>bold</b> <a href='/x'>link</a> &lt;tag&gt;</p>")
    assert body_of(div, BASE).html == (
        '<h2>A &amp; B</h2>\n<p><strong>bold</strong> <a href="http://www.af.mil/x">link</a>'
        " &lt;tag&gt;</p>"
    )
    assert body_of(div, BASE, markup=False).html == (
        "<p>A &amp; B</p>\n<p>bold link &lt;tag&gt;</p>"
    )


def test_text_a_browser_does_not_show_is_skipped() -> None:
    div = _div(
        "<p>seen<!-- a comment --></p><video>Your browser cannot play video</video>"
        "<template><p>template</p></template><script>var x;</script><p>also seen</p>"
    )
    assert body_of(div, BASE).paragraphs == ["seen", "also seen"]


def test_attachments_once_per_url_with_fixed_types_and_encoded_urls() -> None:
    div = _div(
        "<p>Read <a href='/Portals/1/AFA 2014.pdf'>the <b>speech</b></a>, "
        "<a href='/Portals/1/AFA%202014.pdf'>again</a>, <a href='/data.xlsx'>data</a>, "
        "<a href='/page.aspx'>a page</a>, <a href='mailto:a@b.pdf'>mail</a>.</p>"
    )
    assert body_of(div, BASE).attachments == [
        Attachment("http://www.af.mil/Portals/1/AFA%202014.pdf", "the speech", "application/pdf"),
        Attachment(
            "http://www.af.mil/data.xlsx",
            "data",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ]


def test_body_append_and_drop_keep_text_and_html_together() -> None:
    body = Body()
    body.append("A & B")
    body.append("C")
    assert (body.paragraphs, body.html_blocks) == (["A & B", "C"], ["<p>A &amp; B</p>", "<p>C</p>"])
    assert body.drop(0) == "A & B"
    assert (body.paragraphs, body.html) == (["C"], "<p>C</p>")


# --- split_credit --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "caption", "credit"),
    [
        (
            "A graphic. (U.S. Air Force graphic by Andy Yacenda, DMA).",
            "A graphic.",
            "U.S. Air Force graphic by Andy Yacenda, DMA",
        ),
        ("Airmen fly. (Courtesy video)", "Airmen fly.", "Courtesy video"),
        (
            "Osprey lands, Navy photo by Petty Officer 2nd Class Jo Doe",
            "Osprey lands",
            "Navy photo by Petty Officer 2nd Class Jo Doe",
        ),
        ("Osprey lands, u.s. air force photo", "Osprey lands", "u.s. air force photo"),
        (
            "Leaders meet, July 2, 2007, in Kennebunkport, Maine. White House photo by Eric Draper",
            "Leaders meet, July 2, 2007, in Kennebunkport, Maine.",
            "White House photo by Eric Draper",
        ),
        ("Courtesy photo", None, "Courtesy photo"),
        ("Airmen meet (Staff Sgt. Stuart).", "Airmen meet (Staff Sgt. Stuart).", None),
        ("The aircraft (with sensors) lands.", "The aircraft (with sensors) lands.", None),
        ("", None, None),
    ],
)
def test_split_credit(text: str, caption: str | None, credit: str | None) -> None:
    assert split_credit(text) == (caption, credit)


# --- datelines -----------------------------------------------------------------------


def test_bold_lead() -> None:
    assert bold_lead("<p><strong> </strong> <a href='x'><strong>PLACE --</strong></a> x</p>") == (
        "PLACE --"
    )
    assert bold_lead("<p>text <strong>late</strong></p>") is None
    assert bold_lead("<p><strong>A &amp; B <em>C</em></strong> rest</p>") == "A & B C"
    assert bold_lead("<p>plain</p>") is None


def test_dated_dateline_leaves_text_and_html() -> None:
    body = body_of(_div("<p>WASHINGTON, July 2, 2007 – Putin <em>pledged</em>.</p>"), BASE)
    assert split_dateline(body) == ("WASHINGTON", "July 2, 2007")
    assert (body.paragraphs, body.html_blocks) == (
        ["Putin pledged."],
        ["<p>Putin <em>pledged</em>.</p>"],
    )


def test_bold_dateline_leaves_text_and_html() -> None:
    body = body_of(
        _div("<p><b>RAMSTEIN AIR BASE, Germany (AFNS) --</b> Airmen &amp; jets.</p>"), BASE
    )
    assert split_dateline(body) == ("RAMSTEIN AIR BASE, Germany (AFNS)", None)
    assert (body.paragraphs, body.html_blocks) == (
        ["Airmen & jets."],
        ["<p>Airmen &amp; jets.</p>"],
    )
    dashes_after = body_of(_div("<p><b>WASHINGTON (AFNS)</b> — The Air Force said.</p>"), BASE)
    assert split_dateline(dashes_after) == ("WASHINGTON (AFNS)", None)
    assert dashes_after.html_blocks == ["<p>The Air Force said.</p>"]


def test_dateline_alone_on_its_line_is_dropped() -> None:
    body = body_of(_div("<p><b>WASHINGTON (AFNS) --</b><br>The text.</p>"), BASE, line_breaks=1)
    assert split_dateline(body) == ("WASHINGTON (AFNS)", None)
    assert body.paragraphs == ["The text."]


@pytest.mark.parametrize(
    "markup",
    [
        "<p><b>Mission</b> The wing flies.</p>",
        "<p>WASHINGTON (AFNS) -- no bold</p>",
        "<p><b>Editor's note --</b> This story ran first in 2015.</p>",
        "",
    ],
)
def test_no_dateline_leaves_the_body(markup: str) -> None:
    body = body_of(_div(markup), BASE)
    before = (list(body.paragraphs), list(body.html_blocks))
    assert split_dateline(body) == (None, None)
    assert (body.paragraphs, body.html_blocks) == before


# --- parse_region --------------------------------------------------------------------


def test_parse_region_tries_openers_in_order_then_the_whole_page() -> None:
    page = _page(
        '<html><head><title>t</title></head><div class="b">B</div><div class="a">A</div></html>'
    )
    region = parse_region(page, '<div class="a"', '<div class="b"')
    assert region.get_text() == "A"
    assert parse_region(page, '<div class="c"') is page.soup


def _bytes_page(body: bytes) -> PageInput:
    return PageInput(
        "http://www.defense.gov/x", 200, (), body, Source("w", "r", 0, 0, "u", "d", None)
    )


def test_element_soup_is_the_element_as_bs4_parses_it_in_the_document() -> None:
    """lxml's cut of one element parses, in bs4, to the same markup as that element of
    the whole document parsed by bs4: entities, comments, attributes, nesting, tails."""
    from lxml import etree

    from dodarchive.pages.common import element_soup

    markup = (
        b'<?xml version="1.0" encoding="utf-8"?><!DOCTYPE html><html><head><title>t</title>'
        b'<script>var a = "<div id=x>";</script></head><body><div class="nav">menu</div>'
        b'<span id="ctl00_lblArticleContent">A &amp; B&nbsp;<!-- main-body --><p>One '
        b'<b>two</b> <a href="/x?a=1&amp;b=2" title=\'q "x"\'>three</a></p><p>caf\xc3\xa9'
        b"<br>four<table><tr><td>cell</td></tr></table></p><!-- /main-content --></span>"
        b"tail<div>footer</div></body></html>"
    )
    page = _bytes_page(markup)

    def find(root: etree._Element) -> etree._Element | None:
        return next(
            (e for e in root.iter(etree.Element) if e.get("id", "").endswith("Content")), None
        )

    cut = element_soup(page, find)
    assert cut is not None
    whole = BeautifulSoup(page.text, "lxml").find(id="ctl00_lblArticleContent")
    span = cut.find(id="ctl00_lblArticleContent")
    assert str(span) == str(whole)
    assert "tail" not in cut.get_text()
    assert "menu" not in cut.get_text()
    assert element_soup(page, lambda root: None) is None
