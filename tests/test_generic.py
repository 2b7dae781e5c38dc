"""GenericPage: the DoD-aware generic page class, on synthetic pages in the shapes of
unseen DoD sites (tests/fixtures/generic, each labelled synthetic in the file) and on
corpus pages that a template also reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dodarchive.article import Source
from dodarchive.fixtures import load_case
from dodarchive.pages import PageInput, select
from dodarchive.pages.base import NotAnArticle
from dodarchive.pages.boilerplate import BOILERPLATE_PHRASES
from dodarchive.pages.generic import GenericPage, find_date, title_parts

ROOT = Path(__file__).resolve().parent.parent
GENERIC = ROOT / "tests" / "fixtures" / "generic"
PAGES = ROOT / "tests" / "fixtures" / "pages"


def _page(name: str, url: str, warc_date: str) -> PageInput:
    body = (GENERIC / name).read_bytes()
    source = Source(warcFile="t.warc.gz", recordId="<urn:uuid:1>", offset=0, length=len(body),
                    targetUri=url, warcDate=warc_date, payloadDigest="sha1:X")  # fmt: skip
    return PageInput(url, 200, (("Content-Type", "text/html"),), body, source)


def test_navair_2005_release_section_title_date_above_headline_layout_table() -> None:
    url = "http://www.navair.navy.mil/press_releases/index.cfm?fuseaction=view&id=3170"
    a = GenericPage(_page("navair-2005-release.html", url, "2005-07-01T00:00:00Z")).to_article()
    assert a.headline == "New live-fire scoring system demonstrated to allies"
    assert (a.datePublished, a.datePublishedRaw) == ("2005-06-08", "08-Jun-05")
    assert a.dateline == "PATUXENT RIVER, Md."
    assert a.releaseNumber == "05-123"
    assert a.pageType == "release"
    assert a.articleId == "3170"
    assert a.paragraphs[0].startswith("A new live-fire scoring system was shown")
    assert a.paragraphs[2:5] == ("Range\tTrials", "Atlantic\t12", "Pacific\t7")
    assert a.paragraphs[-1].startswith("Allied observers said")
    assert " | " not in a.articleBody
    assert "<table><tr><td>Range</td><td>Trials</td></tr>" in a.articleBodyHtml


def test_centcom_2015_release_title_prefix_date_and_release_number() -> None:
    url = "http://www.centcom.mil/MEDIA/PRESS-RELEASES/Press-Release-View/Article/627094/x/"
    a = GenericPage(_page("centcom-2015-release.html", url, "2015-11-03T10:00:00Z")).to_article()
    assert a.headline == (
        "Nov. 2: Military airstrikes continue against ISIL terrorists in Syria and Iraq"
    )
    assert (a.datePublished, a.datePublishedRaw) == ("2015-11-02", "November 02, 2015")
    assert a.releaseNumber == "20151102-01"
    assert a.dateline == "SOUTHWEST ASIA"
    assert a.pageType == "release"
    assert a.articleId == "627094"
    assert a.paragraphs[0].startswith("On Nov. 1, U.S. and coalition military forces")
    assert len(a.paragraphs) == 3
    assert "FOR IMMEDIATE RELEASE" not in a.articleBody


def test_army_story_rank_byline_date_line_and_caption() -> None:
    url = "https://www.army.mil/article/290001/soldiers_train_on_new_radios"
    a = GenericPage(_page("army-story.html", url, "2026-02-20T00:00:00Z")).to_article()
    assert a.headline == "Soldiers train on new radios"
    assert [(x.name, x.nameRaw, x.jobTitle, x.rank) for x in a.authors] == [
        ("Pat Example", "Sgt. Pat Example", None, "Sgt.")
    ]
    assert (a.datePublished, a.datePublishedRaw) == ("2026-02-19", "February 19, 2026")
    assert a.pageType == "news-article"
    assert a.articleId == "290001"
    assert a.dateline == "FORT EXAMPLE, Texas"
    assert a.paragraphs[0].startswith("Soldiers of the 1st Example Brigade spent a week")
    assert [(i.url, i.caption, i.creditText) for i in a.images] == [
        (
            "https://www.army.mil/e/radio.jpg",
            "A Soldier tests a radio during training at Fort Example, Feb. 12, 2026.",
            "U.S. Army photo by Spc. Lee Sample",
        )
    ]


def test_dates_after_the_capture_are_rejected() -> None:
    url = "https://www.army.mil/article/290001/soldiers_train_on_new_radios"
    a = GenericPage(_page("army-story.html", url, "2026-01-01T00:00:00Z")).to_article()
    assert a.datePublished is None


def test_helpers() -> None:
    assert find_date("Posted 19 Feb 2026") == ("2026-02-19", "19 Feb 2026")
    assert find_date("no date") is None
    assert title_parts("Release | U.S. Central Command") == ["Release", "U.S. Central Command"]


@pytest.mark.parametrize(
    "case",
    [
        "afmil-print/643354-news-ramstein-three-images",
        "afmil-print/589459-news-two-authors-no-org",
        "legacy-release/release-163-10",
    ],
)
def test_corpus_pages_match_their_template(case: str) -> None:
    page = load_case(PAGES / case)
    template = select(page)
    assert template is not None
    want = template(page).to_article()
    got = GenericPage(page).to_article()
    assert got.headline == want.headline
    assert got.datePublished == want.datePublished
    assert [x.name for x in got.authors] == [x.name for x in want.authors]
    assert got.paragraphs == want.paragraphs
    assert got.dateline == want.dateline
    assert not any(p in got.paragraphs for p in BOILERPLATE_PHRASES)
    assert got.extractor.name == "GenericPage"


def test_short_speech_page_under_an_h1_is_an_article() -> None:
    page = load_case(PAGES / "afmil-print" / "473415-speech-pdf-attachment")
    got = GenericPage(page).to_article()
    assert (got.headline, got.paragraphs) == ("2014 Air Force Update", ("Read the text here.",))


def test_listing_pages_are_no_articles() -> None:
    page = load_case(PAGES / "non-article" / "esd-dd-dod-issuances-dtm")
    with pytest.raises(NotAnArticle):
        GenericPage(page).to_article()
    assert json.loads((PAGES / "non-article" / "esd-dd-dod-issuances-dtm" / "exception.json")
                      .read_text())["type"] == "NotAnArticle"  # fmt: skip


def test_dma_command_article_info_line_share_bar_and_outside_photo() -> None:
    url = "https://www.centcom.mil/MEDIA/NEWS-ARTICLES/News-Article-View/Article/1777777/x/"
    a = GenericPage(_page("dma-command-article.html", url, "2019-03-10T00:00:00Z")).to_article()
    assert a.headline == "Coalition partners complete exercise"
    assert (a.datePublished, a.datePublishedRaw) == ("2019-03-04", "March 4, 2019")
    assert [(x.name, x.rank) for x in a.authors] == [("Jane Roe", "Staff Sgt.")]
    assert a.sourceOrganization == "U.S. Central Command Public Affairs"
    assert a.dateline == "MACDILL AIR FORCE BASE, Fla."
    assert a.pageType == "news-article"
    assert len(a.paragraphs) == 4
    assert a.paragraphs[-1] == (
        "Planners said the next iteration would add maritime events and a larger medical component."
    )
    assert [(i.caption, i.creditText) for i in a.images] == [
        ("Soldiers move during the exercise, Feb. 28, 2019.", "U.S. Army photo by Sgt. John Doe")
    ]


def test_static_unit_page_font_headline_label_and_end_mark() -> None:
    url = "http://www.navair.navy.mil/news/2004/hornet.html"
    a = GenericPage(_page("static-unit-2004.html", url, "2004-07-01T00:00:00Z")).to_article()
    assert a.headline == "Hornet squadron returns from deployment"
    assert (a.datePublished, a.datePublishedRaw) == ("2004-06-08", "Jun 8, 2004")
    assert [(x.name, x.rank) for x in a.authors] == [("Sam Sample", "Lt. j.g.")]
    assert a.sourceOrganization == "Strike Fighter Squadron Public Affairs"
    assert a.dateline == "NAVAL AIR STATION LEMOORE, Calif."
    assert a.pageType == "release"
    assert a.paragraphs[0].startswith("Sailors of Strike Fighter Squadron 99 returned home")
    assert a.paragraphs[-1].startswith("Families waited on the flight line")


def test_biography_dates_are_no_publication_dates() -> None:
    page = load_case(PAGES / "afmil-bio" / "107877-acheson-retired-no-image")
    got = GenericPage(page).to_article()
    assert (got.headline, got.datePublished) == ("Major General George Robert Acheson", None)
    assert got.headlineRaw == "MAJOR GENERAL GEORGE ROBERT ACHESON"


def test_a_list_of_links_is_a_listing() -> None:
    links = "".join(
        f'<li><a href="/a/{i}">Story number {i} about the fleet</a></li>' for i in range(30)
    )
    body = (
        f"<html><head><title>News</title></head><body><h1>Latest news</h1><div class='content'>"
        f"<ul>{links}</ul></div></body></html>"
    ).encode()
    url = "https://www.example.navy.mil/news/"
    source = Source(warcFile="t", recordId="r", offset=0, length=len(body), targetUri=url,
                    warcDate="2020-01-01T00:00:00Z", payloadDigest="")  # fmt: skip
    with pytest.raises(NotAnArticle) as info:
        GenericPage(
            PageInput(url, 200, (("Content-Type", "text/html"),), body, source)
        ).to_article()
    assert info.value.reason == "listing"


def test_army_story_meta_line_media_body_and_inline_image() -> None:
    url = "https://www.army.mil/article/244444/soldiers_help_flood_victims"
    a = GenericPage(_page("army-story-media-body.html", url, "2021-03-05T00:00:00Z")).to_article()
    assert (a.headline, a.datePublished) == ("Soldiers help flood victims", "2021-03-03")
    assert [(x.name, x.rank) for x in a.authors] == [("Lee Sample", "Spc.")]
    assert a.sourceOrganization == "1st Example Brigade Public Affairs"
    assert (a.dateline, a.pageType, a.articleId) == ("FORT EXAMPLE, Ky.", "news-article", "244444")
    assert len(a.paragraphs) == 3
    assert a.paragraphs[2].startswith('"These are our neighbors,"')
    assert [(i.url, i.creditText) for i in a.images] == [
        ("https://www.army.mil/i/flood.jpg", "U.S. Army photo by Spc. Lee Sample")
    ]
