"""af.mil print-view page classes: exact values on chosen pages, and all 170 print views
of the fixture WARC (127 articles, commentaries, speeches and fact sheets; 43 biographies).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from dodarchive.article import Article, Attachment, Author, Image, dumps
from dodarchive.extract.record import extract_page
from dodarchive.pages import ExtractionError, PageInput, select
from dodarchive.pages.afmil import AfmilBioPrintPage, AfmilPrintArticlePage
from dodarchive.pages.boilerplate import BOILERPLATE_PHRASES, is_boilerplate
from dodarchive.pages.byline import parse_byline
from dodarchive.pages.common import split_credit
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS

WARC = FIXTURE_WARCS / "afmil-2016.warc.gz"


@cache
def inputs() -> dict[str, PageInput]:
    """Every print view of the WARC by its ``Article=`` id."""
    out = {}
    for rec in iter_records(WARC, types=("response",)):
        if "/Print.aspx" in rec.url:
            out[rec.url.rsplit("Article=", 1)[1]] = PageInput.from_record(rec)
    return out


@cache
def article(aid: str) -> Article:
    return extract_page(inputs()[aid])


def test_news_article_exact_values() -> None:
    a = article("643354")
    assert a.extractor.name == "AfmilPrintArticlePage"
    assert a.url == a.source.targetUri
    assert a.url.endswith("Print.aspx?PortalId=1&ModuleId=850&Article=643354")
    assert a.headline == "Prepping aircraft for paint jobs, in-depth inspections"
    assert (a.datePublished, a.datePublishedRaw) == ("2016-01-16", "January 16, 2016")
    assert a.authors == (
        Author(
            name="Timothy Moore",
            nameRaw="Staff Sgt. Timothy Moore",
            jobTitle=None,
            rank="Staff Sgt.",
            rankRaw="Staff Sgt.",
        ),
    )
    assert a.sourceOrganization == "86th Airlift Wing Public Affairs"
    assert a.dateline == "RAMSTEIN AIR BASE, Germany (AFNS)"
    assert (a.pageType, a.articleId, a.inLanguage) == ("news-article", "643354", "en")
    assert a.canonicalUrl == "http://www.af.mil/News/Article-Display/Article/643354/"
    assert a.wordCount == len(a.articleBody.split()) == 518
    assert a.paragraphs[0].startswith('"Clean before applying paint" is a direction many')
    assert a.paragraphs[-1] == (
        "Each C-2 inspection takes approximately two weeks to return the aircraft to "
        "operational status, but it all begins with a wash and paint job."
    )
    assert len(a.paragraphs) == 20
    assert a.articleBody == "\n\n".join(a.paragraphs)
    assert len(a.images) == 3
    assert a.images[1].url == (
        "http://media.defense.gov/2016/Jan/15/2001335443/-1/-1/0/160104-F-EN010-034.JPG"
    )
    assert a.images[1].caption is not None
    assert a.images[1].caption.startswith("Airman Drew Thurau, an 86th Maintenance Squadron")
    assert a.images[1].caption.endswith("perform preventive maintenance.")
    assert a.images[1].creditText == "U.S. Air Force photo/Staff Sgt. Timothy Moore"
    assert a.tags == ("Germany", "inspection", "maintenance", "paint", "Ramstein AB", "USAFE")


def test_commentary_two_authors_and_organization_only() -> None:
    c = article("639715")
    assert (c.pageType, c.images) == ("commentary", ())
    assert c.canonicalUrl == "http://www.af.mil/News/Commentaries/Display/Article/639715/"
    assert c.headline == "Take time to explain ‘why’"
    assert c.authors == (Author("Todd L. Osgood", "Col. Todd L. Osgood", None, "Col.", "Col."),)
    assert c.sourceOrganization == "379th Expeditionary Medical Group"
    assert c.dateline == "AL UDEID AIR BASE, Qatar (AFNS)"
    assert c.paragraphs[0].startswith("Good communication is a key element of successful")
    two = article("589459")
    assert [(p.name, p.jobTitle, p.rank) for p in two.authors] == [
        ("Deborah Lee James", "Secretary of the Air Force", None),
        ("Mark A. Welsh III", "Air Force Chief of Staff", "Gen."),
    ]
    assert two.sourceOrganization is None
    org = article("600890")
    assert (org.authors, org.sourceOrganization) == ((), "Air Force Public Affairs Agency")
    assert org.dateline == "JOINT BASE SAN ANTONIO-LACKLAND, Texas (AFNS)"  # en dash
    assert org.paragraphs[0].startswith("The Department of Defense Warrior Games 2015")


def test_fact_sheet_exact_values() -> None:
    f = article("104469")
    assert (f.pageType, f.headline) == ("fact-sheet", "MQ-1B Predator")
    assert (f.datePublished, f.dateModified, f.dateModifiedRaw) == (
        "2015-09-23",
        "2015-09",
        "September 2015",
    )
    assert (f.authors, f.sourceOrganization, f.dateline) == ((), None, None)
    assert f.paragraphs[:2] == (
        "Mission",
        (
            "The MQ-1B Predator is an armed, multi-mission, medium-altitude, long-endurance "
            "remotely piloted aircraft that is employed primarily as an intelligence-collection "
            "asset and secondarily against dynamic execution targets. Given its significant "
            "loiter time, wide-range sensors, multi-mode communications suite, and precision "
            "weapons, it provides a unique capability to perform strike, coordination and "
            "reconnaissance (SCAR) against high-value, fleeting, and time-sensitive targets. "
            "Predators can also perform the following missions and tasks: intelligence, "
            "surveillance, reconnaissance, close air support, combat search and rescue, precision "
            "strike, buddy-lase, convoy/raid overwatch, route clearance, target development, and "
            "terminal air guidance. The MQ-1's capabilities make it uniquely qualified to conduct "
            "irregular warfare operations in support of combatant commander objectives."
        ),
    )
    assert "Inventory: total force, 150" in f.paragraphs
    assert not any("Current as of" in p for p in f.paragraphs)
    assert f.paragraphs[-1] == "Inventory: total force, 150"  # the point of contact is gone
    assert not any("Point of Contact" in p or "accpa" in p for p in f.paragraphs)
    assert "accpa" not in f.articleBodyHtml
    assert len(f.facts) == 19
    assert (f.facts[0].name, f.facts[0].value) == (
        "Primary function",
        "armed reconnaissance, airborne surveillance, and target acquisition",
    )
    assert (f.facts[-1].name, f.facts[-1].value) == ("Inventory", "total force, 150")
    assert [i.creditText for i in f.images] == [
        "U.S. Air Force photo/1st Lt. Shannon Collins",
        "U.S. Air Force photo/Airman 1st Class Jonathan Steffen",
        "U.S. Air Force photo/Staff Sgt. Brian Ferguson",
        "Courtesy photo",
        "U.S. Air Force illustration",
    ]


def test_speech_that_only_points_to_its_pdf_is_a_stub() -> None:
    """All 10 af.mil speeches say only "View the speech here." with a link to the text:
    they are rejected as stubs, not passed off as articles."""
    for aid in ("473415", "497526", "143805"):
        with pytest.raises(ExtractionError) as err:
            extract_page(inputs()[aid])
        assert err.value.reason == "stub"


def test_speech_date_and_speaker_come_from_the_description() -> None:
    """With a real body, the speech's date comes from the line describing the event and
    its speaker from the presenter line, else from "X speaks during ..."."""
    text = b"<p>Thank you all for coming to hear about the Air Force today and tomorrow.</p>"
    page = _edited("473415", b'Read the text <a href="', text + b'<a href="')
    s = extract_page(page)
    assert (s.pageType, s.headline) == ("speech", "2014 Air Force Update")
    assert (s.datePublished, s.datePublishedRaw) == ("2014-02-20", "Feb. 20, 2014")
    assert s.authors == (
        Author(
            name="Mark A. Welsh III",
            nameRaw="Air Force Chief of Staff Gen. Mark A. Welsh III",
            jobTitle="Air Force Chief of Staff",
            rank="Gen.",
            rankRaw="Gen.",
        ),
    )
    assert (
        s.description == "Air Force Association Air Warfare Symposium, Orlando, Fla., Feb. 20, 2014"
    )
    assert s.attachments == (
        Attachment(
            url="http://www.af.mil/Portals/1/documents/Speeches/140220-Welsh-AFA%202014%20AWS.pdf",
            name="140220 Welsh AFA 2014 AWS",
            contentType="application/pdf",
        ),
    )
    gorenc = extract_page(
        _edited("497526", b"View the speech <a", text + b"<a")
    )  # presenter line "USAFE Speeches" names no one
    assert gorenc.authors == (
        Author("Frank Gorenc", "General Frank Gorenc", None, "Gen.", "General"),
    )
    assert gorenc.datePublished == "2014-09-15"


def test_biography_exact_values() -> None:
    b = article("107874")
    assert b.extractor.name == "AfmilBioPrintPage"
    assert (b.pageType, b.headline) == ("biography", "Brigadier General Woodrow A. Abbott")
    assert b.headlineRaw == "BRIGADIER GENERAL WOODROW A. ABBOTT"
    assert (b.datePublished, b.dateModified, b.dateModifiedRaw) == (
        None,
        "1973-09-01",
        "Sept. 1, 1973",
    )
    assert b.description == "Retired June 01, 1974 Died December 29, 1994"
    assert b.paragraphs[0].startswith("Brig. Gen. Woodrow A. Abbott is the director of")
    assert b.paragraphs[-1] == (
        "He was promoted to the grade of brigadier general effective Aug. 1, 1969, "
        "with date of rank July 22, 1969."
    )
    assert b.images == (
        Image(
            url="http://media.defense.gov/2006/Jun/09/2000553572/670/394/0/060609-F-JZ507-092.JPG"
        ),
    )
    g = article("104632")
    assert (g.dateModified, g.images[0].alt) == ("2014-04", "HQ AIR FORCE")
    assert g.paragraphs[-1] == "General Aug. 2, 2013"
    assert article("107877").dateModifiedRaw == "February 1956"  # "(Up to date as of ...)"


@pytest.mark.parametrize(
    ("byline", "people", "org"),
    [
        (
            "By Staff Sgt. Timothy Moore, 86th Airlift Wing Public Affairs",
            [("Timothy Moore", "Staff Sgt.")],  # (name, rank)
            "86th Airlift Wing Public Affairs",
        ),
        (
            "By Karen Parrish, DoD News, Defense Media Activity",
            [("Karen Parrish", None)],
            "DoD News, Defense Media Activity",
        ),
        (
            "By Chaplain (Maj.) Martin Adamson, Air Force Mortuary Affairs Operations",
            [("Martin Adamson", "Maj.")],
            "Air Force Mortuary Affairs Operations",
        ),
        (
            "By Tech Sgt. Nicholas Rau, 455th Air Expeditionary Wing Public Affairs",
            [("Nicholas Rau", "Tech. Sgt.")],
            "455th Air Expeditionary Wing Public Affairs",
        ),
        (
            "By Jodi L. Jordan , Air Force Culture and Language Center Outreach Team",
            [("Jodi L. Jordan", None)],
            "Air Force Culture and Language Center Outreach Team",
        ),
        (
            "By Capt. José R. Davis, Air Education and Training Command Public Affairs",
            [("José R. Davis", "Capt.")],
            "Air Education and Training Command Public Affairs",
        ),
        ("By Luana Shafer,", [("Luana Shafer", None)], None),
        ("By Airman Magazine Staff,", [], "Airman Magazine Staff"),
        ("By TRICARE.mil Staff,", [], "TRICARE.mil Staff"),
        ("By Air Force TV,", [], "Air Force TV"),
        (
            "By Secretary of the Air Force Public Affairs Command Information,",
            [],
            "Secretary of the Air Force Public Affairs Command Information",
        ),
        ("Air Force News Service", [], "Air Force News Service"),
        ("", [], None),
    ],
)
def test_parse_byline(byline: str, people: list[tuple[str, str | None]], org: str | None) -> None:
    authors, organization = parse_byline([byline])
    assert [(a.name, a.rank) for a in authors] == people
    assert organization == org


def test_split_credit_af_mil_forms() -> None:
    assert split_credit("A graphic. (U.S. Air Force graphic by Andy Yacenda, DMA).") == (
        "A graphic.",
        "U.S. Air Force graphic by Andy Yacenda, DMA",
    )
    assert split_credit(
        "Osprey over the canyons, U.S. Air Force photo by Staff Sgt. Markus Maier"
    ) == (
        "Osprey over the canyons",
        "U.S. Air Force photo by Staff Sgt. Markus Maier",
    )
    assert split_credit("The aircraft (with sensors) lands.") == (
        "The aircraft (with sensors) lands.",
        None,
    )


# --- all 170 print views ------------------------------------------------------------


def test_every_print_view_extracts() -> None:
    pages = inputs()
    assert len(pages) == 170
    kinds = {aid: select(page) for aid, page in pages.items()}
    assert sum(k is AfmilPrintArticlePage for k in kinds.values()) == 127
    assert sum(k is AfmilBioPrintPage for k in kinds.values()) == 43
    types: dict[str, int] = {}
    stubs = {"143805", "473415", "473416", "497526", "497528", "497529", "499807", "499914"}
    stubs |= {"502746", "502749"}  # the 10 speeches: "View the speech here."
    for aid in pages:
        if aid in stubs:
            continue
        a = article(aid)  # raises on any failure: the speeches are the only rejects
        types[a.pageType] = types.get(a.pageType, 0) + 1
        assert a.headline
        assert a.paragraphs
        assert a.articleId == aid
        assert a.articleBody == "\n\n".join(a.paragraphs)
        assert all(p == p.strip() and p for p in a.paragraphs)
    assert types == {"news-article": 91, "commentary": 11, "fact-sheet": 15, "biography": 43}


def test_no_boilerplate_anywhere() -> None:
    """No boilerplate line, and not even a boilerplate phrase inside a line, on any page."""
    phrases = [p.lower() for p in BOILERPLATE_PHRASES]
    checked = 0
    for aid in inputs():
        if (
            select(inputs()[aid]) is AfmilPrintArticlePage
            and inputs()[aid].url_info.page_type == "speech"
        ):  # type: ignore[union-attr]
            continue  # stubs
        a = article(aid)
        texts = [a.headline, *a.paragraphs]
        texts += [t for i in a.images for t in (i.caption, i.creditText) if t]
        for text in texts:
            assert not is_boilerplate(text), (aid, text)
            assert not any(p in text.lower() for p in phrases), (aid, text)
            checked += 1
    # every page but the 10 speech stubs, every text line of it (no point-of-contact lines)
    assert (len(inputs()), checked) == (170, 4588)


def test_dateline_is_out_of_the_body() -> None:
    with_dateline = 0
    for aid in inputs():
        if inputs()[aid].url_info.page_type == "speech":  # type: ignore[union-attr]
            continue  # stubs
        a = article(aid)
        if a.dateline:
            with_dateline += 1
            assert not a.paragraphs[0].startswith(a.dateline), aid
        assert not a.paragraphs[0].startswith(("--", "–", "—")), aid
    assert with_dateline == 100  # all news but 503211 (archive page), 630940


def test_output_is_deterministic() -> None:
    page = inputs()["637228"]
    first = dumps(AfmilPrintArticlePage(page).to_article())
    again = dumps(AfmilPrintArticlePage(replace(page)).to_article())
    assert first == again
    assert len(article("637228").images) == 14


# --- failures -----------------------------------------------------------------------


def _edited(aid: str, old: bytes, new: bytes) -> PageInput:
    page = inputs()[aid]
    assert old in page.body
    return replace(page, body=page.body.replace(old, new))


@pytest.mark.parametrize(
    ("aid", "old", "new", "reason"),
    [
        ("643354", b'<h1 class="title">', b'<h1 class="gone">', "no-headline"),
        ("643354", b"Prepping aircraft for paint jobs, in-depth inspections<", b"<", "no-headline"),
        ("643354", b'<div class="da_black">', b'<div class="gone">', "no-body"),
        (
            "104632",
            b'class="biotitleprint">GENERAL FRANK GORENC',
            b'class="biotitleprint">',
            "no-headline",
        ),
        ("104632", b'<div class="da_black">', b'<div class="gone">', "no-body"),
    ],
)
def test_missing_parts_raise(aid: str, old: bytes, new: bytes, reason: str) -> None:
    page = _edited(aid, old, new)
    with pytest.raises(ExtractionError) as err:
        extract_page(page)
    assert err.value.reason == reason


def test_truncated_page_raises() -> None:
    """A body cut before the article text gives no article, never a partial one; like
    every template, a page that stops before ``</html>`` is "truncated" first."""
    page = inputs()["643354"]
    cut = replace(page, body=page.body[: page.body.index(b'<div class="da_black">') + 30])
    with pytest.raises(ExtractionError) as err:
        extract_page(cut)
    assert err.value.reason == "truncated"


def test_build_article_guarantees_hold_for_af_mil() -> None:
    """af.mil articles come from build_article: its guarantees (here the articleId) and
    its encoding check apply."""
    page = inputs()["643354"]
    no_id = replace(page, url=page.url.replace("&Article=643354", ""))
    with pytest.raises(ExtractionError) as err:
        AfmilPrintArticlePage(no_id).to_article()
    assert err.value.reason == "no-articleId"
    garbled = _edited("643354", b"Prepping aircraft", "PreppingÃ© aircraft".encode())
    with pytest.raises(ExtractionError) as err:
        AfmilPrintArticlePage(garbled).to_article()
    assert err.value.reason == "bad-encoding"


def test_feeds_and_other_pages_do_not_match() -> None:
    feeds = 0
    for rec in iter_records(WARC, types=("response",)):
        if "/RSS.ashx" in rec.url:
            assert select(PageInput.from_record(rec)) is None
            feeds += 1
    assert feeds == 47  # every feed of the WARC was tried
