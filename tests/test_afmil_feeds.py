"""Cross-check the af.mil print views against the site's own RSS feeds in the same WARC.

The 47 feeds list 732 articles; 85 of them have a print view in the WARC (matched by
the article id in the feed's ``link`` and the print view's ``Article=`` parameter).
For each, the page's ``headline``, byline and date must agree with the feed:

- ``headline`` equals the feed ``title`` after collapsing whitespace. The feed titles
  carry the page's raw ``h1`` text, stray spaces included (" F-35 Update",
  "Carter opens 2015 Warrior Games "); the schema's headline is whitespace-collapsed.
- the byline, as the page shows it, equals ``dc:creator``: the authors' ``nameRaw``
  joined by " and ", or the ``sourceOrganization`` when the byline names no person.
- ``datePublished`` equals the feed's GMT ``pubDate`` converted to US Eastern time
  (America/New_York), date part: the page prints the site's local date.

Where the site's own data disagrees, the ids are listed below with the reason, and the
test asserts that they really do disagree, so the lists cannot hide a regression.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import cache
from zoneinfo import ZoneInfo

from lxml import etree

from dodarchive.article import Article
from dodarchive.extract.record import extract_record
from dodarchive.pages.text import collapse
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS

WARC = FIXTURE_WARCS / "afmil-2016.warc.gz"
EASTERN = ZoneInfo("America/New_York")
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_BARE_AMP = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);)")

#: dc:creator is the CMS account that posted the item, not the byline the page shows.
CREATOR_IS_ACCOUNT = {
    "108400": "Import (biography, the page has no byline)",
    "143805": "Import (speech; presenter 'Gen. Mark A. Welsh III')",
    "473415": "alexander.riedel (speech; presenter 'Air Force Chief of Staff Gen. Mark ...')",
    "473416": "alexander.riedel (speech; presenter 'Secretary of the Air Force Deborah ...')",
    "497526": "corey.parrish (speech; presenter line 'USAFE Speeches')",
    "497528": "corey.parrish (speech; presenter line 'F-35 Speeches')",
    "497529": "corey.parrish (speech; presenter 'Secretary of the Air Force ...')",
    "499807": "corey.parrish (speech; presenter 'Air Force Chief of Staff Gen. Mark ...')",
    "499914": "corey.parrish (speech; presenter line 'AFA Speeches')",
    "502746": "robin.meredith (speech; presenter line 'AFA Speeches')",
    "502749": "robin.meredith (speech; presenter line 'AFA Speeches')",
    "554724": "alexander.riedel (the page shows no byline at all)",
    "617215": "devon.suits (page: 'Air Force News Service')",
    "617229": "meredith.march (page: 'Secretary of the Air Force International Affairs')",
    "622941": "Sean.Kimmons (page: 'Secretary of the Air Force Public Affairs Command ...')",
    "623690": "Sean.Kimmons (page: 'Air Force TV')",
    "626047": "Sean.Kimmons (page: 'Secretary of the Air Force Public Affairs')",
    "626131": "Sean.Kimmons (page: 'Secretary of the Air Force Public Affairs')",
    "628299": "Sean.Kimmons (the page shows no byline at all)",
    "628350": "Sean.Kimmons (page: 'Secretary of the Air Force Public Affairs Command ...')",
}
#: dc:creator names a person the page's byline does not show.
CREATOR_IS_OTHER_PERSON = {
    "615117": "feed: 'Christopher Gross'; page: 'Air Education and Training Command Public ...'",
}
#: The print view shows no publication date (speeches, biographies): datePublished is null.
PAGE_HAS_NO_DATE = {
    "108400": "biography",
    **dict.fromkeys(
        (
            *("143805", "473415", "473416", "497526", "497528"),
            *("497529", "499807", "499914", "502746", "502749"),
        ),
        "speech",
    ),
}


@dataclass(frozen=True)
class FeedItem:
    """One <item> of an af.mil feed, as the feed gives it."""

    feed: str
    title: str
    link: str
    pub_date: str
    creator: str


def parse_feed(body: bytes) -> tuple[etree._Element, bool]:
    """The feed's root element, and whether it had to be repaired.

    Entities are never resolved and nothing is fetched. A feed that is not well-formed
    (af.mil served one with a bare "&" in "Space & Missile Systems Center") is read the
    way a lenient reader shows it: bare ampersands are taken literally.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(body, parser), False
    except etree.XMLSyntaxError:
        return etree.fromstring(_BARE_AMP.sub(b"&amp;", body), parser), True


@cache
def feeds() -> tuple[dict[str, list[FeedItem]], list[str], int]:
    """Items by article id, the URLs of feeds that needed repair, and the item count."""
    items: dict[str, list[FeedItem]] = {}
    repaired: list[str] = []
    count = 0
    for rec in iter_records(WARC, types=("response",)):
        if "/RSS.ashx" not in rec.url:
            continue
        body = rec.decoded_body()
        root, fixed = parse_feed(body)
        if fixed:
            repaired.append(rec.url)
        found = root.findall("./channel/item")
        assert len(found) == body.count(b"<item>"), f"items lost in {rec.url}"
        for it in found:
            link = it.findtext("link") or ""
            m = re.search(r"/Article/(\d+)/", link)
            assert m, link
            count += 1
            items.setdefault(m.group(1), []).append(
                FeedItem(
                    feed=rec.url,
                    title=it.findtext("title") or "",
                    link=link,
                    pub_date=it.findtext("pubDate") or "",
                    creator=it.findtext(DC_CREATOR) or "",
                )
            )
    return items, repaired, count


STUBS: list[str] = []  # print views whose body only points to a PDF (rejected "stub")


@cache
def print_views() -> dict[str, Article]:
    """Every print view of the WARC by article id (all extract, but the speech stubs)."""
    out: dict[str, Article] = {}
    for rec in iter_records(WARC, types=("response",)):
        if "/Print.aspx" in rec.url:
            outcome = extract_record(rec)
            if outcome.reason == "stub":
                assert "ModuleId=1032" in rec.url, rec.url  # only speeches are stubs
                STUBS.append(rec.url)
                continue
            assert outcome.article is not None, (rec.url, outcome.reason, outcome.detail)
            out[str(outcome.article.articleId)] = outcome.article
    return out


def matched() -> dict[str, tuple[Article, FeedItem]]:
    """Print views that a feed lists, with the (consistent) feed item."""
    items, _, _ = feeds()
    out = {}
    for aid, article in print_views().items():
        if aid in items:
            first = items[aid][0]
            for other in items[aid][1:]:  # one article in several feeds: same data
                assert (other.title, other.pub_date, other.creator) == (
                    first.title,
                    first.pub_date,
                    first.creator,
                )
            out[aid] = (article, first)
    return out


def page_byline(article: Article) -> str:
    """The byline as the page shows it, in dc:creator's form."""
    if article.authors:
        return " and ".join(a.nameRaw for a in article.authors)
    return article.sourceOrganization or ""


def eastern_date(pub_date: str) -> str:
    """The US Eastern calendar date of an RFC 822 GMT ``pubDate``.

    >>> eastern_date("Mon, 27 Aug 2012 01:26:59 GMT")
    '2012-08-26'
    """
    return parsedate_to_datetime(pub_date).astimezone(EASTERN).date().isoformat()


def test_feeds_parse_and_one_is_repaired() -> None:
    items, repaired, count = feeds()
    assert count == 902
    assert len(items) == 732
    assert repaired == [
        "http://www.af.mil/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&Site=1&Category=748&max=20"
    ]
    creators = {i.creator for i in items["590356"]}
    assert creators == {"Space & Missile Systems Center Public Affairs"}


def test_85_print_views_are_listed() -> None:
    assert len(print_views()) == 160
    assert len(STUBS) == 10  # the af.mil speeches, text only in a PDF
    assert len(matched()) == 75  # 85 feed-listed print views less the 10 speech stubs


def test_headline_equals_feed_title() -> None:
    """The headline as the page prints it (a biography's all-caps one is headlineRaw)."""
    bad = {
        aid: (a.headlineRaw or a.headline, item.title)
        for aid, (a, item) in matched().items()
        if (a.headlineRaw or a.headline) != collapse(item.title)
    }
    assert bad == {}


def test_byline_equals_dc_creator() -> None:
    known = CREATOR_IS_ACCOUNT | CREATOR_IS_OTHER_PERSON
    agree, disagree = set(), {}
    for aid, (a, item) in matched().items():
        if page_byline(a) == collapse(item.creator):
            agree.add(aid)
        else:
            disagree[aid] = (page_byline(a), item.creator)
    stub_ids = {url.rsplit("Article=", 1)[1] for url in STUBS}  # not articles any more
    assert set(disagree) == set(known) - stub_ids, disagree
    assert len(agree) == 64
    for aid in set(CREATOR_IS_ACCOUNT) - stub_ids:  # an account name such as "Sean.Kimmons"
        assert re.fullmatch(r"Import|[A-Za-z]+\.[A-Za-z]+", disagree[aid][1]), aid


def test_date_published_is_the_eastern_date_of_pub_date() -> None:
    agree, disagree = set(), {}
    for aid, (a, item) in matched().items():
        if aid in PAGE_HAS_NO_DATE:
            assert a.datePublished is None
            assert a.pageType == PAGE_HAS_NO_DATE[aid]
            continue
        if a.datePublished == eastern_date(item.pub_date):
            agree.add(aid)
        else:
            disagree[aid] = (a.datePublished, item.pub_date)
    assert disagree == {}
    assert len(agree) == 85 - len(PAGE_HAS_NO_DATE) == 74


def test_eastern_conversion_matters() -> None:
    """Items published after 20:00 Eastern carry the next GMT day; the page shows Eastern."""
    crossed = {
        aid
        for aid, (a, item) in matched().items()
        if a.datePublished
        and a.datePublished != parsedate_to_datetime(item.pub_date).date().isoformat()
    }
    assert crossed == {"141310", "485046"}
    article, item = matched()["141310"]
    assert (article.datePublishedRaw, article.datePublished) == ("August 26, 2012", "2012-08-26")
    assert item.pub_date == "Mon, 27 Aug 2012 01:26:59 GMT"
