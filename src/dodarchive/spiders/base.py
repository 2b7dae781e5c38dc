"""The table-driven base spider: entry points from ``sites.toml``, listings, RSS, sitemaps.

Spiders only discover and fetch. They yield requests, never items: the WARC writer
archives every exchange and extraction happens later from the WARC files. Article pages
go to :meth:`TableSpider.parse_article`, which follows nothing.

Spider arguments shared by every table spider:

- ``since=YYYY-MM-DD``: skip listed articles dated before it and stop paging a listing
  (or following a feed) once it shows an article older than it;
- ``entries="URL URL ..."``: whitespace-separated entry URLs instead of the table's
  (feeds are recognised by the table, anything else is read as a listing);
- ``sitemaps=1``: also walk the sites' sitemaps;
- ``source=wayback`` (with ``from=YYYY`` and ``to=YYYY``, optional): ask the web archive
  instead of the sites. Discovery is one CDX prefix query per host and URL pattern of
  the spider's sites (:mod:`dodarchive.wayback`), paged with resume keys
  (``DODARCHIVE_WAYBACK_CDX_LIMIT`` rows a page); every article or print view captured
  is fetched raw (``id_``), once per distinct digest. The archive host gets its own
  download slot: one request at a time, ``DODARCHIVE_WAYBACK_DELAY`` seconds apart,
  not shortened by AutoThrottle; ``Retry-After`` is honoured by the refusals middleware.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urldefrag, urlencode, urljoin, urlsplit, urlunsplit
from xml.etree.ElementTree import Element, ParseError

import scrapy
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap

from dodarchive import meta, wayback
from dodarchive.pages.text import find_date
from dodarchive.sites import Site, UrlInfo, classify, is_attachment, on_table, table, url_key

__all__ = ["TableSpider", "listing_date", "page_number", "with_page"]


#: Listing items of the DNN ArticleCS templates (``div.alist > div.item``) and siblings.
_ITEM_XPATH = (
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' item ')]"
    " | //article | //*[contains(concat(' ', normalize-space(@class), ' '), ' listing-item ')]"
)


def listing_date(text: str) -> date | None:
    """The first date written in ``text`` ("July 30, 2014", "Nov. 2, 2025", ISO), or None.

    >>> listing_date("Contracts For July 30, 2014")
    datetime.date(2014, 7, 30)
    >>> listing_date("Sept. 3, 2025 | Release") , listing_date("2024-12-02T10:00:00")
    (datetime.date(2025, 9, 3), datetime.date(2024, 12, 2))
    >>> listing_date("no date here") is None, listing_date("July 30,2014")
    (True, datetime.date(2014, 7, 30))
    """
    found = find_date(text)
    return date.fromisoformat(found) if found else None


def page_number(url: str, param: str) -> int:
    """The listing page number in ``url`` (query ``param``, any case); 1 when absent.

    >>> page_number("https://www.defense.gov/News/Contracts/?Page=32", "Page")
    32
    >>> page_number("https://www.defense.gov/News/Contracts/", "Page")
    1
    """
    for key, value in parse_qsl(urlsplit(url).query):
        if key.lower() == param.lower() and value.isdigit():
            return int(value)
    return 1


def with_page(url: str, param: str, page: int) -> str:
    """``url`` with its page parameter set to ``page`` (other query keys kept, in order).

    >>> with_page("https://www.war.gov/News/Releases/", "Page", 2)
    'https://www.war.gov/News/Releases/?Page=2'
    """
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() != param.lower()]
    query.append((param, str(page)))
    return urlunsplit(parts._replace(query=urlencode(query)))


def parse_since(value: str | None) -> date | None:
    """``YYYY-MM-DD`` (the ``since`` argument) as a date; a clear error otherwise."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"since must be YYYY-MM-DD, got {value!r}") from exc


class TableSpider(scrapy.Spider):
    """Base for table-driven spiders; subclasses name their sites in ``site_names``."""

    site_names: tuple[str, ...] = ()
    #: ``-a`` arguments read from ``**kwargs`` because their names are Python keywords.
    extra_arguments: ClassVar[tuple[str, ...]] = ("from",)

    def __init__(
        self,
        since: str | None = None,
        entries: str | None = None,
        sitemaps: str | None = None,
        source: str = "live",
        to: str | None = None,
        **kwargs: Any,
    ) -> None:
        since_year = kwargs.pop("from", None)  # ``-a from=YYYY``: a keyword in Python
        super().__init__(**kwargs)
        self.since = parse_since(since)
        self.entries = entries.split() if entries else []
        self.walk_sitemaps = sitemaps not in (None, "", "0", "no", "false")
        if source not in ("live", "wayback"):
            raise ValueError(f"source must be live or wayback; got {source!r}")
        #: True for a web-archive crawl; the scope middleware lets the archive host in.
        self.wayback = source == "wayback"
        self.from_year = wayback.check_year(since_year, "from")
        self.to_year = wayback.check_year(to, "to")
        if (self.from_year or self.to_year) and not self.wayback:
            raise ValueError("from/to choose web-archive captures: add -a source=wayback")
        self._captures: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> TableSpider:
        """The spider; a wayback crawl also gets the archive host's own download slot."""
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, TableSpider)
        if spider.wayback and not crawler.settings.frozen:  # frozen only in unit tests
            settings = crawler.settings
            slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
            slots[wayback.ARCHIVE] = {
                "concurrency": 1,
                "delay": settings.getfloat("DODARCHIVE_WAYBACK_DELAY", 4.0),
                "jitter": 0.0,
            }
            settings.set("DOWNLOAD_SLOTS", slots, priority="spider")
        return spider

    # -- the table -----------------------------------------------------------------------

    @property
    def sites(self) -> list[Site]:
        """This spider's rows of the site table."""
        return [table().sites[name] for name in self.site_names]

    def own(self, info: UrlInfo | None) -> bool:
        """True when ``info`` belongs to one of this spider's sites."""
        return info is not None and info.site in self.site_names

    # -- entry points --------------------------------------------------------------------

    def entry_urls(self) -> Iterator[str]:
        """The URLs this crawl starts from: ``entries`` if given, else the table's."""
        if self.entries:
            yield from self.entries
            return
        for site in self.sites:
            yield from site.rss
            yield from site.listings
            if self.walk_sitemaps:
                yield from site.sitemaps

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Entry requests; never filtered as duplicates, so a resumed crawl re-reads them.

        A wayback crawl without ``entries`` starts from its CDX queries instead.
        """
        if self.wayback and not self.entries:
            for request in self.cdx_requests():
                yield request
            return
        for url in self.entry_urls():
            yield self.entry_request(url)

    # -- the web archive -----------------------------------------------------------------

    def cdx_requests(self) -> Iterator[scrapy.Request]:
        """The first page of every CDX discovery query of this spider's sites."""
        limit = self.settings.getint("DODARCHIVE_WAYBACK_CDX_LIMIT", 10000)
        for url in wayback.cdx_queries(
            self.sites, since=self.from_year, until=self.to_year, limit=limit
        ):
            yield self.archive_request(url, self.parse_cdx, dont_filter=True)

    def archive_request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        """A request to the web archive: its own slot's delay is not AutoThrottle's."""
        extra = {**kwargs.pop("meta", {}), "autothrottle_dont_adjust_delay": True}
        return scrapy.Request(url, callback=callback, meta=extra, **kwargs)

    def parse_cdx(self, response: Response) -> Iterator[scrapy.Request]:
        """A capture request per new (page, digest) of this spider's sites; the next page."""
        stats = self.crawler.stats
        try:
            captures, resume = wayback.parse_cdx(response.body)
        except ValueError as exc:
            stats.inc_value("dodarchive/wayback/cdx_unreadable")
            self.logger.warning("unreadable CDX answer %s: %s", response.url, exc)
            return
        stats.inc_value("dodarchive/wayback/cdx_pages")
        for capture in captures:
            info = classify(capture.original)
            if not (self.own(info) and info is not None and info.kind in wayback.FETCHED_KINDS):
                stats.inc_value("dodarchive/wayback/not_fetched")
                continue
            seen = (url_key(capture.original), capture.digest or capture.timestamp)
            if seen in self._captures:
                continue
            self._captures.add(seen)
            stats.inc_value("dodarchive/wayback/captures")
            yield self.archive_request(
                wayback.capture_url(capture.timestamp, capture.original),
                self.parse_article,
                meta={meta.ORIGINAL_URL: capture.original},
            )
        if resume:
            limit = self.settings.getint("DODARCHIVE_WAYBACK_CDX_LIMIT", 10000)
            query = parse_qsl(urlsplit(response.url).query)
            args = dict(query)
            next_url = wayback.cdx_url(
                args["url"], since=args.get("from"), until=args.get("to"), limit=limit,
                resume_key=resume,
            )  # fmt: skip
            yield self.archive_request(next_url, self.parse_cdx, dont_filter=True)

    def entry_request(self, url: str) -> scrapy.Request:
        """A request for an entry URL, routed by what the table says it is."""
        info = classify(url)
        if info is not None and info.kind == "feed":
            return self.make_request(url, self.parse_feed, dont_filter=True)
        if urlsplit(url).path.lower().endswith(".xml"):
            return self.make_request(url, self.parse_sitemap, dont_filter=True)
        return self.make_request(url, self.parse_listing, dont_filter=True)

    def make_request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        """The request that fetches ``url`` (a subclass may fetch it from elsewhere)."""
        return scrapy.Request(url, callback=callback, **kwargs)

    @staticmethod
    def page_url(response: Response) -> str:
        """The URL the page had on its site: ``meta[ORIGINAL_URL]`` or the fetched URL.

        Links in a page fetched from a web archive resolve against the original URL.
        """
        return str(response.meta.get(meta.ORIGINAL_URL) or response.url)

    # -- articles ------------------------------------------------------------------------

    def article_requests(self, url: str) -> Iterator[scrapy.Request]:
        """Requests for one listed article (subclasses add e.g. the print view)."""
        yield self.make_request(url, self.parse_article)

    def parse_article(self, response: Response) -> Iterator[scrapy.Request]:
        """Nothing is extracted or followed, except media with ``DODARCHIVE_WITH_MEDIA``.

        Then the page's images on the table's media host and its attachments (PDFs and
        other documents on table hosts) are fetched; page chrome (icons, logos on the
        site's own host) is not.
        """
        if not self.settings.getbool("DODARCHIVE_WITH_MEDIA"):
            return
        if not isinstance(response, TextResponse):
            return
        seen: set[str] = set()
        for ref in response.xpath("//img/@src | //a/@href").getall():
            url = urldefrag(urljoin(self.page_url(response), ref.strip()))[0]
            if url in seen or not on_table(url):
                continue
            info = classify(url)
            if (info is not None and info.kind == "media") or is_attachment(url):
                seen.add(url)
                yield self.make_request(url, self.parse_media)

    def parse_media(self, response: Response) -> None:
        """Media files are archived as fetched; nothing more."""
        return

    def _listed(self, url: str, when: date | None) -> Iterator[scrapy.Request]:
        if self.since is not None and when is not None and when < self.since:
            self.crawler.stats.inc_value("dodarchive/spider/older_than_since")
            return
        yield from self.article_requests(url)

    # -- listings ------------------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        """Listed article links, then the next page, unless the page lists an article
        older than ``since``. Undated listings cannot stop early: they are paged to the end.
        """
        if not isinstance(response, TextResponse):
            return
        links = self.listed_articles(response)
        for url, when in links:
            yield from self._listed(url, when)
        too_old = self.since is not None and any(
            when is not None and when < self.since for _, when in links
        )
        next_page = None if too_old else self.next_page(response)
        if next_page:
            yield self.make_request(next_page, self.parse_listing)

    def listed_articles(self, response: TextResponse) -> list[tuple[str, date | None]]:
        """(article URL, listed date) in page order, each URL once.

        Links inside listing items (``div.item``, ``article``) when the page has any such
        item with an article link; otherwise every article link of this spider's sites.
        """
        found: dict[str, tuple[str, date | None]] = {}
        for item in response.xpath(_ITEM_XPATH):
            hrefs = item.xpath(".//a/@href").getall()
            urls = [u for u in self._article_urls(response, hrefs) if u[0] not in found]
            if not urls:
                continue
            datetimes = item.xpath(".//time/@datetime").getall()
            when = listing_date(" ".join(datetimes)) or listing_date(
                " ".join(t.strip() for t in item.xpath(".//text()").getall())
            )
            for key, url in urls:
                found.setdefault(key, (url, when))
        if not found:
            for key, url in self._article_urls(response, response.xpath("//a/@href").getall()):
                found.setdefault(key, (url, None))
        return list(found.values())

    def _article_urls(
        self, response: TextResponse, hrefs: Iterable[str]
    ) -> Iterator[tuple[str, str]]:
        """(``sites.url_key``, URL) of each article link, fragments dropped; the key makes
        ``ReleaseID`` and ``releaseid`` one page on case-insensitive sites."""
        for href in hrefs:
            url = urldefrag(urljoin(self.page_url(response), href.strip()))[0]
            info = classify(url)
            if self.own(info) and info is not None and info.kind == "article":
                yield url_key(url), url

    def next_page(self, response: TextResponse) -> str | None:
        """The listing's next page when the page links to it (``?Page=N+1``), else None."""
        here = self.page_url(response)
        info = classify(here)
        site = table().sites[info.site] if info else (self.sites[0] if self.sites else None)
        param = site.pagination if site else None
        if not param:
            return None
        current = page_number(here, param)
        for href in response.xpath("//a/@href").getall():
            url = urljoin(here, href.strip())
            same_listing = urlsplit(url).path.lower() == urlsplit(here).path.lower()
            if same_listing and page_number(url, param) == current + 1:
                return url
        return None

    # -- feeds and sitemaps --------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        """Every RSS item link of this spider's sites, dated by ``pubDate``."""
        root = self._xml(response)
        if root is None:
            return
        for item in root.iter("item"):
            link = (item.findtext("link") or "").strip()
            if not link:
                continue
            when = None
            pub = (item.findtext("pubDate") or "").strip()
            if pub:
                try:
                    when = parsedate_to_datetime(pub).date()
                except (TypeError, ValueError):
                    when = None
            url = urljoin(self.page_url(response), link)
            info = classify(url)
            if self.own(info) and info is not None and info.kind == "article":
                yield from self._listed(url, when)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """Sitemap indexes are followed; urlset entries that are articles are fetched.

        The document must first pass :meth:`_xml` (entity declarations refused); its
        entries are then read by Scrapy's own sitemap parser.
        """
        if self._xml(response) is None:
            return
        sitemap = Sitemap(response.body)
        for entry in sitemap:
            url = str(entry.get("loc") or "").strip()  # absolute, as the protocol says
            if not url:
                continue
            if sitemap.type == "sitemapindex" or url.lower().endswith(".xml"):
                yield self.make_request(url, self.parse_sitemap)
                continue
            info = classify(url)
            if self.own(info) and info is not None and info.kind == "article":
                yield from self.article_requests(url)

    def _xml(self, response: Response) -> Element | None:
        """The parsed XML body (entity expansion refused), or None (counted) if broken.

        Some real feeds are not well-formed (an unescaped ``&``); those are repaired by
        escaping bare ampersands, once, before giving up. A document declaring entities
        (billion laughs, external entities) is refused unparsed and counted
        (``dodarchive/spider/xml_refused``).
        """
        body = response.body
        for attempt in (body, re.sub(rb"&(?!#?\w+;)", b"&amp;", body)):
            try:
                root: Element = safe_fromstring(attempt)
            except ParseError:
                continue
            except DefusedXmlException as exc:
                self.crawler.stats.inc_value("dodarchive/spider/xml_refused")
                self.logger.warning("refused XML at %s: %r", response.url, exc)
                return None
            if attempt is not body:
                self.crawler.stats.inc_value("dodarchive/spider/xml_repaired")
            return root
        self.crawler.stats.inc_value("dodarchive/spider/xml_unreadable")
        self.logger.warning("unreadable XML at %s", response.url)
        return None
