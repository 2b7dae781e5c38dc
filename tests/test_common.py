"""pages/common.py: the shared page toolkit, exact values for what the templates rely on."""

from __future__ import annotations

import dataclasses

import pytest
from bs4 import BeautifulSoup, Tag

from dodarchive.article import Article, Attachment, Source, Video
from dodarchive.pages.base import MAX_DEPTH, ExtractionError, Page, PageInput
from dodarchive.pages.common import (
    Body,
    _document_body,
    _drop_text,
    _sentence,
    absolute,
    body_of,
    bold_lead,
    build_article,
    canonical_url,
    check_complete,
    check_text,
    dateline_prefix,
    element_soup,
    first_tag,
    head_and_region,
    meta_content,
    parse_region,
    split_credit,
    split_dateline,
    tags,
)
from tests.test_fields import _pdf

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


# --- edges the mutation run (scripts/mutation.py common) found untested -------------------


def test_tags_and_first_tag_by_name_and_class() -> None:
    soup = BeautifulSoup(
        '<div class="a b"><p class="x">1</p><div class="b"><p>2</p></div><P class="y">3</P></div>',
        "lxml",
    )
    assert [t.get_text() for t in tags(soup, "p")] == ["1", "2", "3"]
    assert [t.get_text() for t in tags(soup, "p", ("y", "x"))] == ["1", "3"]
    assert [t.get("class") for t in tags(soup, "div", "b")] == [["a", "b"], ["b"]]
    assert tags(soup, "div", "c") == []
    first = first_tag(soup, "p", "y")
    assert first is not None
    assert first.get_text() == "3"
    assert first_tag(soup, "span") is None
    root = soup.div
    assert root is not None
    assert first_tag(root, "div") is root.div  # descendants only


def test_absolute_links() -> None:
    base = "http://www.af.mil/News/a.aspx"
    assert absolute(base, " /Portals/AFA 2014.pdf ") == "http://www.af.mil/Portals/AFA%202014.pdf"
    assert absolute(base, "b.aspx?x=é") == "http://www.af.mil/News/b.aspx?x=%C3%A9"
    for href in (None, "", "  ", "#top", "javascript:void(0)", "mailto:a@b.mil"):
        assert absolute(base, href) is None


def test_embedded_players_become_videos_once() -> None:
    div = _div(
        "<p>Watch.</p>"
        "<iframe src='//www.youtube.com/embed/abc' title='Flyover'></iframe>"
        "<iframe src='https://www.youtube.com/embed/abc'></iframe>"  # the same video again
        "<object data='https://www.dvidshub.net/video/embed/8'></object>"
        "<object><embed src='https://www.dvidshub.net/video/embed/9'></object>"
        "<video><source src='https://www.dvidshub.net/video/embed/10'></video>"
        "<iframe src='https://www.af.mil/map.html'></iframe>"  # no video host
        "<iframe title='no source'></iframe>"
        "<script src='https://www.youtube.com/embed/zzz'></script>"  # not a player
        "<embed src='https://www.dvidshub.net/video/embed/7' alt='Clip'>"  # lxml: not void
    )
    body = body_of(div, "https://www.af.mil/News/")
    assert body.paragraphs == ["Watch."]
    assert body.videos == [
        Video("https://www.youtube.com/embed/abc", "youtube", "Flyover"),
        Video("https://www.dvidshub.net/video/embed/8", "dvids", None),
        Video("https://www.dvidshub.net/video/embed/9", "dvids", None),
        Video("https://www.dvidshub.net/video/embed/10", "dvids", None),
        Video("https://www.dvidshub.net/video/embed/7", "dvids", "Clip"),
    ]


def test_content_tables_keep_their_cells_layout_tables_do_not() -> None:
    div = _div(
        "<p>Before</p>"
        "<table><tr><th>Name</th><th>Value</th></tr>"
        "<tr><td>Wingspan</td><td>55 <b>feet</b></td></tr></table>"
        "<table><tr><td>one row only</td><td>two cells</td></tr></table>"  # layout: one row
        "<table><tr><td>a</td></tr><tr><td>b</td></tr></table>"  # layout: one cell a row
        "<table><tr><td><img src='x.jpg'></td><td>c</td></tr><tr><td>d</td><td>e</td></tr></table>"
        "<table><tr><td> </td><td></td></tr><tr><td></td><td> </td></tr></table>"  # empty
        "<p>After</p>"
    )
    body = body_of(div, BASE)
    assert body.paragraphs == [
        "Before", "Name", "Value", "Wingspan", "55 feet", "one row only", "two cells",
        "a", "b", "c", "d", "e", "After",
    ]  # fmt: skip
    assert body.html_blocks[:6] == [
        "<p>Before</p>",
        "<table><tr><th>Name</th>",
        "<th>Value</th></tr>",
        "<tr><td>Wingspan</td>",
        "<td>55 <strong>feet</strong></td></tr></table>",
        "<p>one row only</p>",
    ]
    assert body.html.splitlines()[1] == (
        "<table><tr><th>Name</th><th>Value</th></tr><tr><td>Wingspan</td>"
        "<td>55 <strong>feet</strong></td></tr></table>"
    )
    assert body.html_blocks[-1] == "<p>After</p>"


def test_nested_tables_rows_belong_to_their_own_table() -> None:
    div = _div("<table><tr><td>A1</td><td>A2</td></tr><tr><td>B1</td><td>B2</td></tr></table>")
    assert body_of(div, BASE).html == (
        "<table><tr><td>A1</td><td>A2</td></tr><tr><td>B1</td><td>B2</td></tr></table>"
    )


def test_lists_headings_quotes_and_subheadings() -> None:
    div = _div(
        "<h1>Top</h1><h5>Small</h5><ul><li>one</li><li>two</li></ul><ol><li>three</li></ol>"
        "<blockquote>Quoted <i>words</i>.</blockquote><p><strong>Mission</strong></p>"
        "<p><strong>WASHINGTON (AFNS) --</strong></p><p><b>Bold</b> and plain.</p>"
        "<p><a>no link</a> <a href='#x'>anchor</a> <a href='/y'>real</a></p>"
    )
    body = body_of(div, BASE)
    assert body.html_blocks == [
        "<h2>Top</h2>",
        "<h4>Small</h4>",
        "<ul><li>one</li>",
        "<li>two</li></ul>",
        "<ol><li>three</li></ol>",
        "<blockquote><p>Quoted <em>words</em>.</p></blockquote>",
        "<h3>Mission</h3>",
        "<p><strong>WASHINGTON (AFNS) --</strong></p>",
        "<p><strong>Bold</strong> and plain.</p>",
        '<p>no link anchor <a href="http://www.af.mil/y">real</a></p>',
    ]
    assert body.links == [] or all(link.url for link in body.links)


def test_attachment_names_from_the_sentence_around_a_click_here_link() -> None:
    div = _div(
        "<p>The 2015 Posture Statement is available "
        "<a href='/Portals/1/posture.pdf'>here</a>.<br>"
        "Slides: <a href='/Portals/1/brief.PPTX' title='Briefing slides'>download</a><br>"
        "<a href='/Portals/1/140220-Welsh-AFA%202014%20AWS.pdf'>click here</a></p>"
        "<p><a href='/Portals/1/data.csv'>Data table</a> and <a href='/x.html'>page</a></p>"
        "<p><a href='/Portals/1/folder.v2/readme'>no extension</a></p>"
    )
    assert body_of(div, "http://www.af.mil/News/").attachments == [
        Attachment("http://www.af.mil/Portals/1/posture.pdf", "2015 Posture Statement",
                   "application/pdf"),
        Attachment("http://www.af.mil/Portals/1/brief.PPTX", "Briefing slides",
                   "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        Attachment("http://www.af.mil/Portals/1/140220-Welsh-AFA%202014%20AWS.pdf",
                   "140220 Welsh AFA 2014 AWS", "application/pdf"),
        Attachment("http://www.af.mil/Portals/1/data.csv", "Data table", "text/csv"),
    ]  # fmt: skip


def test_meta_content_and_canonical_url() -> None:
    soup = BeautifulSoup(
        '<head><meta name="description" content="  "><meta property="OG:Description" '
        'content=" A  story "><meta property="og:url" content="/News/Article/1/"></head>',
        "lxml",
    )
    assert meta_content(soup, "description", "og:description") == "A story"  # empty: next
    assert meta_content(soup, "description") is None
    assert meta_content(soup, "keywords", "og:description") == "A story"
    assert meta_content(soup, "keywords") is None
    assert meta_content(soup, "og:") is None  # the whole name, not a prefix
    base = "https://www.af.mil/x"
    assert canonical_url(soup, base) == "https://www.af.mil/News/Article/1/"
    linked = BeautifulSoup(
        '<link rel="canonical" href="https://www.af.mil/A/ B/"><meta property="og:url" '
        'content="https://www.af.mil/C/">', "lxml")  # fmt: skip
    assert canonical_url(linked, base) == "https://www.af.mil/A/%20B/"
    empty = BeautifulSoup('<link rel="canonical" href=""><link rel="next" href="/n">', "lxml")
    assert canonical_url(empty, base) is None


def test_head_and_region_parse_apart() -> None:
    text = (
        '<html><head><title>T</title><meta name="a" content="1"></head>'
        '<BODY class="x"><div id="chrome">menu</div><div id="article">story</div></body></html>'
    )
    head, region = head_and_region(_page(text), '<div id="article">')
    assert head.title is not None
    assert head.title.get_text() == "T"
    assert head.find("div") is None  # the head stops at <body
    assert [d.get("id") for d in region.find_all("div")] == ["article"]
    whole, same = head_and_region(_page(text), '<div id="missing">')
    assert whole is same
    assert [d.get("id") for d in whole.find_all("div")] == ["chrome", "article"]
    no_body = '<meta name="a" content="1"><div id="article">story</div>'
    head, region = head_and_region(_page(no_body), '<div id="article">')
    assert head.find("meta") is not None
    assert head.find("div") is None
    assert region.get_text() == "story"


def test_check_complete_and_check_text() -> None:
    check_complete(_page("<html><body>x</body></HTML>\n"))
    with pytest.raises(ExtractionError, match="document ends before '</html>'") as err:
        check_complete(_page("<html><body>x"))
    assert err.value.reason == "truncated"
    check_complete(_page("<rss>x</rss>"), "</rss>")
    # only the last 8 KiB count: a marker further back is not the end
    with pytest.raises(ExtractionError):
        check_complete(_page("</html>" + "x" * 8192))
    check_text("plain", "café – “quoted”")
    for bad in ("a\ufffdb", "donâ€™t", "cafÃ©", "Â\u00a0x"):
        with pytest.raises(ExtractionError) as err:
            check_text("fine", bad)
        assert err.value.reason == "bad-encoding"
        assert repr(bad[:60]) in str(err.value)


def test_dateline_prefix_and_dashed_lead() -> None:
    assert dateline_prefix("WASHINGTON, July 2, 2007 – Russian President pledged") == (
        "WASHINGTON",
        "July 2, 2007",
        "Russian President pledged",
    )
    assert dateline_prefix("FORT MEADE, MD. (AFNS), Jan. 5, 2010 -- Airmen") == (
        "FORT MEADE, MD. (AFNS)",
        "Jan. 5, 2010",
        "Airmen",
    )
    assert dateline_prefix("RAMSTEIN AIR BASE, Germany, Jan. 5, 2010 -- Airmen") is None
    assert dateline_prefix("Washington, July 2, 2007 – lower case place") is None
    assert dateline_prefix("WASHINGTON, July 2, 2007 –") is None  # nothing after it


@pytest.mark.parametrize(
    ("block", "prefix", "out"),
    [
        ("<p><strong>WASHINGTON (AFNS) --</strong> The Air Force said.</p>",
         "WASHINGTON (AFNS) -- ", "<p>The Air Force said.</p>"),
        ("<p>WASHINGTON, July 2, 2007 &#8211; Putin <em>pledged</em>.</p>",
         "WASHINGTON, July 2, 2007 – ", "<p>Putin <em>pledged</em>.</p>"),
        ("<p><a href='x'><strong>PLACE --</strong></a><br> Rest &amp; more</p>",
         "PLACE -- ", "<p>Rest &amp; more</p>"),
        ("<p>AB&nbsp;CD rest</p>", "AB CD", "<p>rest</p>"),
    ],
)  # fmt: skip
def test_drop_text(block: str, prefix: str, out: str) -> None:
    assert _drop_text(block, prefix) == out


def test_document_body_reads_the_first_archived_pdf() -> None:
    page = _page("<html></html>")
    body = Body(attachments=[
        Attachment("http://x/a.docx", "doc", "application/msword"),
        Attachment("http://x/missing.pdf", "missing", "application/pdf"),
        Attachment("http://x/b.pdf", "b", "application/pdf"),
    ])  # fmt: skip
    body.append("Click here for the release.")
    assert _document_body(page, body) is False  # no documents beside the page
    pdf = _pdf(["Thank you for the kind introduction."])
    wanted: list[str] = []

    def documents(url: str) -> bytes | None:
        wanted.append(url)
        return pdf if url == "http://x/b.pdf" else None

    with_docs = dataclasses.replace(page, documents=documents)
    assert _document_body(with_docs, body) is True
    assert wanted == ["http://x/missing.pdf", "http://x/b.pdf"]  # PDFs only, in order
    assert body.paragraphs == ["Thank you for the kind introduction."]
    assert body.html_blocks == ["<p>Thank you for the kind introduction.</p>"]
    unreadable = Body(attachments=[Attachment("http://x/b.pdf", "b", "application/pdf")])
    unreadable.append("Click here.")
    broken = dataclasses.replace(page, documents={"http://x/b.pdf": b"%PDF-1.4 x"}.get)
    assert _document_body(broken, unreadable) is False
    assert unreadable.paragraphs == ["Click here."]


def test_quotes_in_text_stay_quotes_in_html() -> None:
    body = Body()
    body.append('He said "go" and it\'s done')
    assert body.html_blocks == ['<p>He said "go" and it\'s done</p>']
    assert _drop_text('<p>WASHINGTON -- He said "go".</p>', "WASHINGTON -- ") == (
        '<p>He said "go".</p>'
    )
    # white space after the prefix goes even when it opens the next inline element
    assert _drop_text(
        "<p><strong>WASHINGTON --</strong><em> The</em> Air Force</p>", "WASHINGTON -- "
    ) == ("<p><em>The</em> Air Force</p>")


def test_tables_in_tbody_after_an_empty_last_cell() -> None:
    div = _div(
        "<table><tbody><tr><td>A</td><td>B</td></tr><tr><td>C</td><td></td></tr></tbody></table>"
        "<table><tr><td>D</td><td>E</td></tr><tr><td>F</td><td>G</td></tr></table>"
        "<table><tr><td><table><tr><td>t</td></tr></table></td><td>y</td></tr>"
        "<tr><td>z</td><td>w</td></tr></table>"  # a table inside: layout
        "<table><tr><td><img src='i.jpg'>H</td><td>I</td></tr><tr><td>J</td><td>K</td></tr>"
        "</table>"  # an image inside: layout
    )
    body = body_of(div, BASE)
    assert body.paragraphs == list("ABCDEFGtyzwHIJK")
    assert body.html_blocks == [
        "<table><tr><td>A</td>",
        "<td>B</td></tr>",
        "<tr><td>C</td>",
        "<td></td></tr></table><table><tr><td>D</td>",
        "<td>E</td></tr>",
        "<tr><td>F</td>",
        "<td>G</td></tr></table>",
        *[f"<p>{c}</p>" for c in "tyzwHIJK"],
    ]


def test_old_youtube_object_embed_with_params() -> None:
    div = _div(
        "<p>Watch.</p><object width='425'><param name='movie' value='x'></param>"
        "<embed src='http://www.youtube.com/v/abc' type='application/x-shockwave-flash'>"
        "</object>"
    )
    assert body_of(div, BASE).videos == [Video("http://www.youtube.com/v/abc", "youtube", None)]


def test_attachment_file_types_and_the_sentence_round_a_link() -> None:
    div = _div(
        "<p>Read the <a href='/Portals/1/AFA.2014.Speech.pdf'>AFA speech</a>.</p>"
        "<p>The 2015 Posture Statement is available <b><a href='/Portals/1/p.pdf'>here</a></b>.</p>"
    )
    assert body_of(div, "http://www.af.mil/News/").attachments == [
        Attachment("http://www.af.mil/Portals/1/AFA.2014.Speech.pdf", "AFA speech",
                   "application/pdf"),
        Attachment("http://www.af.mil/Portals/1/p.pdf", "2015 Posture Statement",
                   "application/pdf"),
    ]  # fmt: skip
    p = BeautifulSoup(
        "<p>First line.<br>The <b>2015</b> statement<!-- note --> is <a href='x.pdf'>"
        "<i>here</i></a> now.<br>Last line.</p>",
        "lxml",
    ).p
    assert p is not None
    link = p.find("a")
    assert isinstance(link, Tag)
    assert _sentence(p, link) == "The 2015 statement is here now."


class _Toy(Page):
    """A page class for build_article's refusals: it guarantees a publication date."""

    template = "toy"
    guarantees = ("datePublished",)

    @classmethod
    def matches(cls, page: PageInput) -> bool:
        return False

    def to_article(self) -> Article:
        raise NotImplementedError


def _refusal(headline: str | None, body: Body, page: PageInput | None = None) -> ExtractionError:
    with pytest.raises(ExtractionError) as err:
        build_article(page or _page("<html></html>"), _Toy, headline=headline, body=body,
                      page_type="release", datePublished="2016-01-18")  # fmt: skip
    return err.value


def _text_body(*paragraphs: str) -> Body:
    body = Body()
    for p in paragraphs:
        body.append(p)
    return body


def test_build_article_refusals_name_the_reason() -> None:
    prose = _text_body("The Air Force announced the award of a contract on Monday.")
    for headline in (None, "  ", "Share this page"):
        err = _refusal(headline, prose)
        assert (err.reason, str(err)) == ("no-headline", "_Toy: no headline found")
    err = _refusal("A headline", Body())
    assert (err.reason, str(err)) == ("no-body", "_Toy: the body has no text")
    err = _refusal("Donâ€™t panic", prose)
    assert err.reason == "bad-encoding"
    err = _refusal("A headline", _text_body("Fine first line.", "cafÃ© second line"))
    assert err.reason == "bad-encoding"
    with pytest.raises(ExtractionError) as missing:
        build_article(_page("<html></html>"), _Toy, headline="A headline", body=prose,
                      page_type="release")  # fmt: skip
    assert (missing.value.reason, str(missing.value)) == (
        "no-datePublished",
        "_Toy: no datePublished found",
    )


def test_build_article_refuses_a_body_that_only_points_elsewhere() -> None:
    stub = body_of(_div("<p>Read the full statement <a href='/x/st.aspx'>here</a>.</p>"), BASE)
    err = _refusal("A headline", stub)
    assert err.reason == "stub"
    assert str(err) == (
        "_Toy: the body only points to the text: 'Read the full statement here.' (a link)"
    )
    pdf_stub = body_of(_div("<p>View the speech <a href='/s.pdf'>here</a>.</p>"), BASE)
    err = _refusal("A headline", pdf_stub)
    assert str(err) == ("_Toy: the body only points to the text: 'View the speech here.' "
                        "(http://www.af.mil/s.pdf)")  # fmt: skip
    # unlinked, it is a short article
    article = build_article(_page("<html></html>"), _Toy, headline="A headline",
                            body=_text_body("Read the full statement here."),
                            page_type="release", datePublished="2016-01-18")  # fmt: skip
    assert article.paragraphs == ("Read the full statement here.",)
    # with the PDF archived beside it, the PDF is the body
    speech = _pdf(["Thank you for the kind introduction."])
    page = dataclasses.replace(
        _page("<html></html>"), documents={"http://www.af.mil/s.pdf": speech}.get
    )
    pdf_stub = body_of(_div("<p>View the speech <a href='/s.pdf'>here</a>.</p>"), BASE)
    article = build_article(page, _Toy, headline="A speech", body=pdf_stub, page_type="speech",
                            datePublished="2016-01-18")  # fmt: skip
    assert article.paragraphs == ("Thank you for the kind introduction.",)


def test_walker_depth_limit() -> None:
    def nested(levels: int) -> Tag:
        soup = BeautifulSoup("<div>" * levels + "deep" + "</div>" * levels, "lxml")
        div = soup.div
        assert div is not None
        return div

    assert body_of(nested(MAX_DEPTH), BASE).paragraphs == ["deep"]
    with pytest.raises(ExtractionError) as err:
        body_of(nested(MAX_DEPTH + 1), BASE)
    assert (err.value.reason, str(err.value)) == ("too-deep", "elements nest deeper than 256")


def test_subheading_is_ten_words_at_most() -> None:
    ten = "one two three four five six seven eight nine ten"
    assert body_of(_div(f"<p><b>{ten}</b></p>"), BASE).html_blocks == [f"<h3>{ten}</h3>"]
    assert body_of(_div(f"<p><b>{ten} more</b></p>"), BASE).html_blocks == [
        f"<p><strong>{ten} more</strong></p>"
    ]


def test_meta_and_canonical_only_from_meta_and_link_tags() -> None:
    soup = BeautifulSoup(
        '<head><meta name="description"><div name="description" content="Not meta"></div>'
        '<meta property="og:description" content="The story"></head>'
        '<body><a rel="canonical" href="/not-this/">x</a></body>',
        "lxml",
    )
    assert meta_content(soup, "description", "og:description") == "The story"
    assert canonical_url(soup, "https://www.af.mil/x") is None


def test_regions_from_the_first_opener_even_at_the_start() -> None:
    text = '<div id="a">one</div><p>mid</p><div id="a">two</div>'
    region = parse_region(_page(text), '<div id="a">')
    assert region.get_text() == "onemidtwo"
    head, region = head_and_region(_page(text), '<div id="a">')
    assert region.get_text() == "onemidtwo"
    assert head is not region
    assert head.find("div") is None
    starts_with_body = '<body><div id="chrome">menu</div><div id="a">story</div></body>'
    head, region = head_and_region(_page(starts_with_body), '<div id="a">')
    assert head.find("div") is None
    assert region.get_text() == "story"
    # a <body> after the opener does not end the head
    late_body = '<meta name="x" content="1"><div id="a">story</div><body>tail</body>'
    head, _ = head_and_region(_page(late_body), '<div id="a">')
    assert head.find("div") is None


def test_check_complete_window_and_check_text_message() -> None:
    check_complete(_page("</html>" + "x" * 8185))  # the marker inside the last 8192 chars
    with pytest.raises(ExtractionError):
        check_complete(_page("</html>" + "x" * 8186))  # one character too far back
    bad = "â€™" + "x" * 70
    with pytest.raises(ExtractionError) as err:
        check_text(bad)
    assert str(err.value) == f"text is not decodable as declared: {bad[:60]!r}"


def test_more_credit_and_bold_lead_edges() -> None:
    assert split_credit("Airmen train. Courtesy photo by Malcolm X.") == (
        "Airmen train.",
        "Courtesy photo by Malcolm X",
    )
    assert split_credit("Airmen train. Courtesy photo.") == ("Airmen train.", "Courtesy photo")
    assert bold_lead("<p><strong><strong>A</strong> B</strong> rest</p>") == "A B"
    assert bold_lead("<p><strong> <em> </em></strong><strong>PLACE --</strong> x</p>") == (
        "PLACE --"
    )
    assert bold_lead("<p><strong>A <em>B</em>") == "A B"  # never closed


def test_walker_quotes_comments_nested_lists_and_many_siblings() -> None:
    div = _div(
        '<p>He said "go"<!-- note --> and it\'s done</p>'
        "<ol><li>first</li><li>second<ul><li>inner</li></ul></li></ol>" + "<span>word </span>" * 300
    )
    body = body_of(div, BASE)  # 300 siblings are no depth
    assert body.html_blocks[:5] == [
        '<p>He said "go" and it\'s done</p>',
        "<ol><li>first</li>",
        "<li>second</li></ol>",
        "<ul><li>inner</li></ul>",
        "<p>" + " ".join(["word"] * 300) + "</p>",
    ]


def test_stub_message_lists_every_document() -> None:
    stub = body_of(
        _div(
            "<p>View the report <a href='/a.pdf'>here</a>.</p>"
            "<p>Read the letter <a href='/b.pdf'>here</a>.</p>"
        ),
        BASE,
    )
    err = _refusal("A headline", stub)
    assert str(err).endswith("(http://www.af.mil/a.pdf http://www.af.mil/b.pdf)")


def test_meta_content_ignores_other_tags_with_the_name() -> None:
    soup = BeautifulSoup(
        '<body><a name="description" content="Not meta"></a>'
        '<meta name="description" content="Real"></body>',
        "lxml",
    )
    assert meta_content(soup, "description") == "Real"


def test_depth_counts_back_down_after_each_element() -> None:
    # the outer div, a div, then a bold word beside a chain of 255 divs: the chain's last
    # div is 257 deep whatever came before it at a shallower depth
    chain = "<div>" * 255 + "deep" + "</div>" * 255
    soup = BeautifulSoup(f"<div><div><b>word</b>{chain}</div></div>", "lxml")
    assert soup.div is not None
    with pytest.raises(ExtractionError) as err:
        body_of(soup.div, BASE)
    assert err.value.reason == "too-deep"


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


DNN_PAGE = (
    '<html><head><title>T</title><meta name="description" content="D">'
    '<link rel="canonical" href="https://www.war.gov/a/"><script>var s = "<meta>";</script>'
    '<style>p {}</style></head><body><div class="nav">menu</div>'
    '<div class="adetails">not this one</div>'
    '<div class="body adetail wide"><a name="top"></a><p>Story &amp; more</p></div>'
    '<div class="adetail">second</div><div class="footer">foot</div></body></html>'
)


def test_head_and_region_with_an_element_parse_only_head_metadata_and_that_element() -> None:
    head, region = head_and_region(_page(DNN_PAGE), '<div class="nav">', "div.adetail")
    assert [t.name for t in head.find_all(["meta", "link", "script", "style", "title"])] == [
        "meta",
        "link",
    ]
    assert meta_content(head, "description") == "D"
    assert head.get_text() == ""  # nothing between the head's elements
    assert canonical_url(head, BASE) == "https://www.war.gov/a/"
    assert region.get_text() == "Story & more"  # the first whole-word match only
    anchor = region.find("a")
    assert anchor is not None
    assert anchor.get_text() == ""  # an empty element stays empty (HTML, not XML, markup)
    # without a <body>, or without the element, the opener's region as before
    no_body = DNN_PAGE.replace("<body>", "").replace("</body>", "")
    _, region = head_and_region(_page(no_body), '<div class="nav">', "div.adetail")
    assert "foot" in region.get_text()
    _, region = head_and_region(_page(DNN_PAGE), '<div class="nav">', "div.missing")
    assert region.get_text() == "menunot this oneStory & moresecondfoot"


def test_element_soup_leaves_too_deep_elements_to_the_whole_page() -> None:
    assert element_soup(_page(""), lambda root: root.find(".//div")) is None  # no document
    deep = "<div id='a'>" + "<div>" * MAX_DEPTH + "x" + "</div>" * MAX_DEPTH + "</div>"
    assert element_soup(_page(deep), lambda root: root.find(".//div")) is None
    shallow = "<div id='a'>" + "<div>" * (MAX_DEPTH - 1) + "x" + "</div>" * (MAX_DEPTH - 1)
    cut = element_soup(_page(shallow + "</div>"), lambda root: root.find(".//div"))
    assert cut is not None
    assert cut.get_text() == "x"
