"""Feeds and sitemaps are parsed with entity expansion off (defusedxml).

The spiders read RSS and sitemaps in ``TableSpider._xml``; extraction parses HTML only
(lxml's HTML parser, which does not process DTD entities). Hostile XML is refused
unparsed, counted, and yields no request; no file or host named in it is read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import Request, XmlResponse
from scrapy.utils.test import get_crawler

from dodarchive.spiders.dma import DmaSpider
from dodarchive.spiders.wargov import WarGovSpider

LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]><rss><channel><item><link>https://www.af.mil/News/Article-Display/Article/1/&lol9;/"
    b"</link></item></channel></rss>"
)
QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY a "'
    + b"A" * 50_000
    + b'">]><urlset>'
    + b"<url><loc>https://www.war.gov/&a;</loc></url>" * 2_000
    + b"</urlset>"
)


def external(secret: Path, root: str) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY x SYSTEM "file://{secret}">]>'
        f"<{root}><url><loc>https://www.war.gov/News/&x;/</loc></url>"
        f"<channel><item><link>https://www.af.mil/News/Article-Display/Article/2/&x;/</link>"
        f"</item></channel></{root}>"
    ).encode()


def xml(url: str, body: bytes) -> XmlResponse:
    return XmlResponse(url, body=body, request=Request(url))


def feed_spider() -> DmaSpider:
    return DmaSpider.from_crawler(get_crawler(DmaSpider))


def sitemap_spider() -> WarGovSpider:
    return WarGovSpider.from_crawler(get_crawler(WarGovSpider), sitemaps="1")


@pytest.mark.parametrize("body", [LAUGHS, QUADRATIC], ids=["billion-laughs", "quadratic"])
@pytest.mark.timeout(60)  # a hang guard, not a measurement: expanding the bomb never ends
def test_entity_bombs_are_refused(body: bytes) -> None:
    for sp, parse, url in (
        (feed_spider(), "parse_feed", "https://www.af.mil/DesktopModules/ArticleCS/RSS.ashx"),
        (sitemap_spider(), "parse_sitemap", "https://www.war.gov/sitemap.xml"),
    ):
        assert list(getattr(sp, parse)(xml(url, body))) == []
        assert sp.crawler.stats.get_value("dodarchive/spider/xml_refused") == 1


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    for sp, parse, root in (
        (feed_spider(), "parse_feed", "rss"),
        (sitemap_spider(), "parse_sitemap", "urlset"),
    ):
        got = list(
            getattr(sp, parse)(
                XmlResponse("https://www.war.gov/x.xml", body=external(secret, root))
            )
        )
        assert got == []
        assert sp.crawler.stats.get_value("dodarchive/spider/xml_refused") == 1


def test_a_plain_feed_still_parses() -> None:
    body = (
        b'<?xml version="1.0"?><rss><channel><item>'
        b"<link>https://www.af.mil/News/Article-Display/Article/3/title/</link>"
        b"</item></channel></rss>"
    )
    sp = feed_spider()
    got = [r.url for r in sp.parse_feed(xml("https://www.af.mil/rss.xml", body))]
    assert "https://www.af.mil/News/Article-Display/Article/3/title/" in got
    assert sp.crawler.stats.get_value("dodarchive/spider/xml_refused") is None
