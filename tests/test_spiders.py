"""Spider callbacks fed REAL fixture pages: the exact requests they yield."""

from __future__ import annotations

import asyncio
from datetime import date
from functools import cache
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.test import get_crawler

from dodarchive.meta import ORIGINAL_URL as ORIGINAL_URL_META
from dodarchive.spiders.base import TableSpider
from dodarchive.spiders.dma import DmaSpider
from dodarchive.spiders.legacy import LegacySpider
from dodarchive.spiders.wargov import WarGovSpider
from dodarchive.warc.reader import ArchivedResponse, iter_records
from tests.conftest import FIXTURE_WARCS

CONTRACTS_32 = "https://www.defense.gov/News/Contracts/?Page=32"
CONTRACT = "https://www.defense.gov/News/Contracts/Contract-View/Article/{}/"
AF = "http://www.af.mil"
FEED = AF + "/DesktopModules/ArticleCS/RSS.ashx?ContentType={}&Site=1&max=20"
PRINT = AF + "/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId={}&Article={}"


@cache
def _records() -> dict[str, ArchivedResponse]:
    return {r.url: r for w in sorted(FIXTURE_WARCS.glob("*.warc.gz")) for r in iter_records(w)}


def fixture_response(url: str) -> Response:
    """The fixture WARC's response for ``url``, as Scrapy would hand it to a callback."""
    rec = _records()[url]
    cls = XmlResponse if "xml" in rec.content_type else HtmlResponse
    return cls(
        url=url,
        status=rec.status or 200,
        headers=dict(rec.http_headers),
        body=rec.decoded_body(),
        request=Request(url),
    )


def spider(cls: type[TableSpider], **kwargs: Any) -> Any:
    crawler = get_crawler(cls)
    return cls.from_crawler(crawler, **kwargs)


def urls(requests: Any) -> list[str]:
    out = []
    for r in requests:
        assert isinstance(r, Request), r  # spiders yield requests only, never items
        out.append(r.url)
    return out


def start_urls(sp: Spider) -> list[str]:
    async def collect() -> list[Request]:
        return [r async for r in sp.start()]

    return urls(asyncio.run(collect()))


# --- wargov: listings ------------------------------------------------------------------


def test_listing_page_32_yields_its_21_contracts_in_page_order() -> None:
    sp = spider(WarGovSpider)
    reqs = list(sp.parse_listing(fixture_response(CONTRACTS_32)))
    assert urls(reqs) == [CONTRACT.format(n) for n in range(605988, 605967, -1)]
    assert all(r.callback == sp.parse_article for r in reqs)


def test_listing_page_32_pagination() -> None:
    """Page 32 links pages 1 and 23-32 and is the last: no next page is requested."""
    sp = spider(WarGovSpider)
    response = fixture_response(CONTRACTS_32)
    assert sp.next_page(response) is None
    listed = sp.listed_articles(response)
    assert listed[0] == (CONTRACT.format(605988), date(2014, 7, 30))
    assert listed[-1] == (CONTRACT.format(605968), date(2014, 7, 1))


def test_reconstructed_listing_page_1_links_page_2() -> None:
    sp = spider(WarGovSpider)
    reqs = list(sp.parse_listing(fixture_response("https://www.defense.gov/News/Releases/")))
    assert urls(reqs) == [
        (
            "https://www.defense.gov/News/Releases/Release/Article/3981590/"
            "dod-announces-2024-defense-acquisition-awards/"
        ),
        "https://www.defense.gov/News/Releases/?Page=2",
    ]
    assert reqs[-1].callback == sp.parse_listing
    last = fixture_response("https://www.defense.gov/News/Releases/?Page=2")
    assert sp.next_page(last) is None


def test_listing_since_cut_off() -> None:
    """since=2014-07-25 keeps July 30, 29, 28 and 25; the rest is older, no paging."""
    sp = spider(WarGovSpider, since="2014-07-25")
    reqs = urls(sp.parse_listing(fixture_response(CONTRACTS_32)))
    assert reqs == [CONTRACT.format(n) for n in (605988, 605987, 605986, 605985)]
    assert sp.crawler.stats.get_value("dodarchive/spider/older_than_since") == 17


def test_listing_links_are_classified_and_kept_to_the_spiders_site() -> None:
    """Nav links to biographies and to jcs.mil are not listing items: not followed."""
    sp = spider(WarGovSpider)
    reqs = urls(sp.parse_listing(fixture_response(CONTRACTS_32)))
    assert not [u for u in reqs if "Biograph" in u or "jcs.mil" in u]


def test_homepage_2020_newsroom_links() -> None:
    """The 2020 home page's listed stories, features, releases and advisories (the
    ``/Explore/`` forms are on the site table since issue 15); not its nav links."""
    sp = spider(WarGovSpider)
    reqs = urls(sp.parse_listing(fixture_response("https://www.defense.gov/")))
    explore = "https://www.defense.gov/Explore/"
    assert reqs == [
        f"{explore}News/Article/Article/2410195/technology-expertise-help-determine-vaccine-distribution/",
        f"{explore}News/Article/Article/2412226/new-museum-tells-the-story-of-the-us-army/",
        f"{explore}News/Article/Article/2412205/nation-honors-veterans-at-arlington-national-cemetery/",
        f"{explore}Features/Story/Article/2406815/the-giveback-project-giving-back-in-times-of-need/",
        f"{explore}Features/Story/Article/2411785/voices-of-world-war-ii/",
        (
            "https://www.defense.gov/Newsroom/Releases/Release/Article/2411893/"
            "dod-statement-on-personnel-changes-at-the-pentagon/"
        ),
        (
            "https://www.defense.gov/Newsroom/Advisories/Advisory/Article/2411470/"
            "guantanamo-periodic-review-board-media-invitation-announced/"
        ),
        (
            "https://www.defense.gov/Newsroom/Releases/Release/Article/2411098/"
            "general-officer-assignments/"
        ),
    ]


def test_wargov_start_requests_come_from_the_table() -> None:
    assert start_urls(spider(WarGovSpider)) == [
        "https://www.war.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&Site=945&max=20",
        "https://www.war.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=9&Site=945&max=20",
        "https://www.war.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=400&Site=945&max=20",
        "https://www.war.gov/News/News-Stories/",
        "https://www.war.gov/News/Releases/",
        "https://www.war.gov/News/Transcripts/",
        "https://www.war.gov/News/Speeches/",
        "https://www.war.gov/News/Advisories/",
        "https://www.war.gov/News/Contracts/",
    ]


def test_bad_since_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="since must be YYYY-MM-DD"):
        spider(WarGovSpider, since="last week")


# --- dma: af.mil feeds -> display page + print view ---------------------------------------


@pytest.mark.parametrize(
    ("content_type", "module", "count", "first"),
    [
        (1, 850, 20, ("/News/ArticleDisplay/tabid/223/Article/643354/"
                     "prepping-aircraft-for-paint-jobs-in-depth-inspections.aspx")),
        (7, 1042, 20, ("/News/Commentaries/Display/tabid/271/Article/643063/"
                      "remember-to-not-just-celebrate-but-act.aspx")),
        (3, 858, 20, ("/AboutUs/Biographies/Display/tabid/225/Article/108400/"
                     "general-carlton-d-everhart-ii.aspx")),
        (10, 854, 20, ("/AboutUs/FactSheets/Display/tabid/224/Article/104485/"
                       "ac-130w-stinger-ii.aspx")),
        (11, 1032, 20, None),
    ],
)  # fmt: skip
def test_afmil_feed_gives_display_and_print_view(
    content_type: int, module: int, count: int, first: str | None
) -> None:
    sp = spider(DmaSpider)
    reqs = urls(sp.parse_feed(fixture_response(FEED.format(content_type))))
    assert len(reqs) == 2 * count
    displays, prints = reqs[0::2], reqs[1::2]
    for display, printable in zip(displays, prints, strict=True):
        article_id = display.split("/Article/")[1].split("/")[0]
        assert printable == PRINT.format(module, article_id)
    if first:
        assert displays[0] == AF + first


def test_afmil_features_feed_has_no_print_view() -> None:
    sp = spider(DmaSpider)
    reqs = urls(sp.parse_feed(fixture_response(FEED.format(8))))
    assert len(reqs) == 20
    assert all("/News/Features/Display/tabid/273/Article/" in u for u in reqs)
    assert sp.crawler.stats.get_value("dodarchive/spider/no_print_view") == 20


def test_afmil_feed_since_cut_off() -> None:
    """since=2016-01-15: the six items of Jan 16 and 15 (pubDate), not the 14 older."""
    sp = spider(DmaSpider, since="2016-01-15")
    reqs = urls(sp.parse_feed(fixture_response(FEED.format(1))))
    ids = [643354, 643350, 643334, 643306, 643299, 643260]
    assert reqs[1::2] == [PRINT.format(850, n) for n in ids]
    assert reqs[0] == (
        AF + "/News/ArticleDisplay/tabid/223/Article/643354/"
        "prepping-aircraft-for-paint-jobs-in-depth-inspections.aspx"
    )
    assert sp.crawler.stats.get_value("dodarchive/spider/older_than_since") == 14


def test_malformed_real_feed_is_repaired() -> None:
    """The one af.mil feed with an unescaped '&' still gives its 20 articles."""
    url = AF + "/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&Site=1&Category=748&max=20"
    sp = spider(DmaSpider)
    assert len(urls(sp.parse_feed(fixture_response(url)))) == 40
    assert sp.crawler.stats.get_value("dodarchive/spider/xml_repaired") == 1


def test_dma_sites_argument() -> None:
    assert spider(DmaSpider, sites="afmil").site_names == ("afmil",)
    with pytest.raises(ValueError, match="not DMA sites of the table: wargov"):
        spider(DmaSpider, sites="wargov")


# --- legacy: id ranges, monthly listings, wayback ----------------------------------------


def test_legacy_id_range() -> None:
    sp = spider(LegacySpider, ids="46640-46642,46000", kind="newsarticle")
    assert start_urls(sp) == [
        "http://archive.defense.gov/news/newsarticle.aspx?id=46640",
        "http://archive.defense.gov/news/newsarticle.aspx?id=46641",
        "http://archive.defense.gov/news/newsarticle.aspx?id=46642",
        "http://archive.defense.gov/news/newsarticle.aspx?id=46000",
    ]


def test_legacy_release_range_and_months() -> None:
    sp = spider(LegacySpider, ids="13347-13348", kind="release", months="2007-12:2008-01")
    assert start_urls(sp) == [
        "http://archive.defense.gov/news/articles.aspx?m=12&y=2007",
        "http://archive.defense.gov/news/articles.aspx?m=1&y=2008",
        "http://archive.defense.gov/Releases/Release.aspx?ReleaseID=13347",
        "http://archive.defense.gov/Releases/Release.aspx?ReleaseID=13348",
    ]


def test_legacy_wayback_keeps_the_original_url_in_meta() -> None:
    sp = spider(LegacySpider, ids="10512", kind="release", source="wayback", timestamp="2008")

    async def collect() -> list[Request]:
        return [r async for r in sp.start()]

    (req,) = asyncio.run(collect())
    original = "http://www.defense.gov/Releases/Release.aspx?ReleaseID=10512"
    assert req.url == f"https://web.archive.org/web/2008id_/{original}"
    assert req.meta[ORIGINAL_URL_META] == original


def test_legacy_wayback_listing_links_resolve_against_the_original() -> None:
    """A page fetched from the archive: its links are on the original site, re-wrapped."""
    sp = spider(LegacySpider, ids="1", source="wayback", timestamp="2010")
    rec = _records()["http://www.defense.gov/releases/release.aspx?releaseid=13347"]
    archive_url = "https://web.archive.org/web/20101129102522id_/" + rec.url
    response = HtmlResponse(
        url=archive_url,
        body=rec.decoded_body(),
        headers=dict(rec.http_headers),
        request=Request(archive_url, meta={ORIGINAL_URL_META: rec.url}),
    )
    assert sp.page_url(response) == rec.url
    # The page links itself twice, in two letter cases: one page, one request.
    (req,) = sp.parse_listing(response)
    original = "http://www.defense.gov/Releases/Release.aspx?ReleaseID=13347"
    assert req.url == f"https://web.archive.org/web/2010id_/{original}"
    assert req.meta[ORIGINAL_URL_META] == original


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, "legacy needs ids=A-B"),
        ({"ids": "5-3"}, "empty id range '5-3'"),
        ({"ids": "x"}, "ids must look like"),
        ({"ids": "1", "kind": "blog"}, "kind must be one of newsarticle, release"),
        ({"months": "2007-13"}, "months must look like"),
        ({"ids": "1", "source": "ftp"}, "source must be live or wayback"),
    ],
)
def test_legacy_argument_errors(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        spider(LegacySpider, **kwargs)


# --- media: only with DODARCHIVE_WITH_MEDIA ------------------------------------------------

PRINT_104469 = PRINT.format(854, 104469)


def test_article_pages_yield_nothing_without_media() -> None:
    sp = spider(DmaSpider)
    assert urls(sp.parse_article(fixture_response(PRINT_104469))) == []


def test_with_media_article_images_on_the_media_host_are_fetched() -> None:
    crawler = get_crawler(DmaSpider, settings_dict={"DODARCHIVE_WITH_MEDIA": True})
    sp = DmaSpider.from_crawler(crawler)
    reqs = list(sp.parse_article(fixture_response(PRINT_104469)))
    # each image as shown (670x394) and its full-size link (-1/-1), in page order
    images = [
        "2007/Sep/20/2000448932/{}/0/070913-F-6393C-208.JPG",
        "2007/May/24/2000487891/{}/0/070517-F-3108S-789.JPG",
        "2007/May/18/2000489699/{}/0/070511-F-2185F-959.JPG",
        "2003/Aug/19/2000597903/{}/0/030813-F-8888W-006.JPG",
        "2009/Nov/04/2000440206/{}/0/091103-F-1234S-002.JPG",
    ]
    assert urls(reqs) == [
        "http://media.defense.gov/" + image.format(size)
        for image in images
        for size in ("670/394", "-1/-1")
    ]
    assert all(r.callback == sp.parse_media for r in reqs)
    # the war.gov release: its images are page chrome on its own host (not fetched); its
    # one media link is a PDF on media.defense.gov
    release = (
        "https://www.defense.gov/News/Releases/Release/Article/3981590/"
        "dod-announces-2024-defense-acquisition-awards/"
    )
    assert urls(sp.parse_article(fixture_response(release))) == [
        "https://media.defense.gov/2023/Mar/13/2003178168/-1/-1/1/DOD-STRATEGIC-MGMT-PLAN-2023.PDF"
    ]


def test_sitemaps_index_and_urlset() -> None:
    sp = spider(WarGovSpider, sitemaps="1")
    assert "https://www.war.gov/sitemap.xml" in start_urls(sp)
    index = XmlResponse(
        "https://www.war.gov/sitemap.xml",
        body=b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        b'sitemap/0.9"><sitemap><loc>https://www.war.gov/sitemap-2.xml</loc></sitemap>'
        b"</sitemapindex>",
    )
    assert urls(sp.parse_sitemap(index)) == ["https://www.war.gov/sitemap-2.xml"]
    urlset = XmlResponse(
        "https://www.war.gov/sitemap-2.xml",
        body=b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://www.war.gov/News/Releases/Release/Article/3981590/x/</loc></url>"
        b"<url><loc>https://www.war.gov/About/</loc></url>"
        b"<url><loc>https://www.af.mil/News/Article-Display/Article/1/x/</loc></url>"
        b"</urlset>",
    )
    assert urls(sp.parse_sitemap(urlset)) == [
        "https://www.war.gov/News/Releases/Release/Article/3981590/x/"
    ]


def test_sitemap_index_entries_are_sitemaps_whatever_their_name() -> None:
    """Scrapy's sitemap parser tells an index from a urlset: an index entry is followed
    as a sitemap even when its URL does not end in .xml; blank and comment entries go."""
    sp = spider(WarGovSpider, sitemaps="1")
    index = XmlResponse(
        "https://www.war.gov/sitemap.xml",
        body=b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
        b'sitemap/0.9"><!-- <sitemap><loc>https://www.war.gov/old.xml</loc></sitemap> -->'
        b"<sitemap><loc> https://www.war.gov/sitemap.aspx?page=2 </loc></sitemap>"
        b"<sitemap><loc></loc></sitemap></sitemapindex>",
    )
    got = list(sp.parse_sitemap(index))
    assert [(r.url, r.callback) for r in got] == [
        ("https://www.war.gov/sitemap.aspx?page=2", sp.parse_sitemap)
    ]
