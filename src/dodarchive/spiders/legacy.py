"""``legacy``: the ASP.NET archive of defenselink.mil / defense.gov, by id or by month.

Arguments (at least ``ids`` or ``months``):

- ``ids=46000-47000`` (ranges and single ids, comma-separated, inclusive) with
  ``kind=newsarticle|release|transcript|speech`` (default ``newsarticle``);
- ``months=2007-01`` or ``months=2007-01:2007-12``: the monthly news listings
  ``/news/articles.aspx?m=M&y=Y``, whose article links are followed;
- ``source=wayback``: with ``ids`` or ``months``, fetch raw captures
  ``https://web.archive.org/web/<ts>id_/<url>`` (``timestamp=2010`` by default; the
  archive redirects to the nearest capture) for pages no longer live; with neither,
  discover the captures through the archive's CDX API like every table spider
  (``from=YYYY``, ``to=YYYY``; :mod:`dodarchive.spiders.base`). The fetched archive
  URL is what the WARC records; the original URL travels in
  ``request.meta[dodarchive.meta.ORIGINAL_URL]`` so the writer can add a metadata record
  naming it;
- ``host=...``: the host to ask (default ``live_host`` or ``wayback_host`` of the table).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy

from dodarchive import meta
from dodarchive.sites import table
from dodarchive.spiders.base import TableSpider

__all__ = ["LegacySpider", "parse_ids", "parse_months"]

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_ids(spec: str) -> list[int]:
    """Ids named by ``spec``, in order, each once: ``"5-7,3"`` → ``[5, 6, 7, 3]``.

    >>> parse_ids("46000-46002,12")
    [46000, 46001, 46002, 12]
    """
    ids: dict[int, None] = {}
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        low, _, high = part.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            raise ValueError(f"ids must look like 46000-47000,46641; got {part!r}")
        first, last = int(low), int(high or low)
        if last < first:
            raise ValueError(f"empty id range {part!r}")
        ids.update(dict.fromkeys(range(first, last + 1)))
    return list(ids)


def parse_months(spec: str) -> list[tuple[int, int]]:
    """(year, month) pairs of ``YYYY-MM`` or ``YYYY-MM:YYYY-MM`` (inclusive).

    >>> parse_months("2007-11:2008-02")
    [(2007, 11), (2007, 12), (2008, 1), (2008, 2)]
    """
    ends = []
    for part in spec.split(":"):
        m = _MONTH.fullmatch(part.strip())
        if not m or not 1 <= int(m.group(2)) <= 12:
            raise ValueError(f"months must look like 2007-01 or 2007-01:2007-12; got {spec!r}")
        ends.append((int(m.group(1)), int(m.group(2))))
    if len(ends) > 2:
        raise ValueError(f"months takes one month or one range; got {spec!r}")
    (year, month), last = ends[0], ends[-1]
    out = []
    while (year, month) <= last:
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


class LegacySpider(TableSpider):
    """Legacy news articles, releases, transcripts and speeches, live or from Wayback."""

    name = "legacy"
    site_names: tuple[str, ...] = ("legacy",)

    def __init__(
        self,
        *,
        ids: str | None = None,
        kind: str = "newsarticle",
        months: str | None = None,
        source: str = "live",
        timestamp: str = "2010",
        host: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(source=source, **kwargs)
        site = table().sites["legacy"]
        if kind not in site.id_urls:
            raise ValueError(f"kind must be one of {', '.join(site.id_urls)}; got {kind!r}")
        if not timestamp.isdigit() or len(timestamp) > 14:
            raise ValueError(f"timestamp must be 1-14 digits (YYYYMMDDhhmmss); got {timestamp!r}")
        self.ids = parse_ids(ids) if ids else []
        self.months = parse_months(months) if months else []
        if not (self.ids or self.months or self.entries or self.wayback):
            raise ValueError(
                "legacy needs ids=A-B (with kind=...), months=YYYY-MM[:YYYY-MM] or source=wayback"
            )
        self.kind = kind
        #: Wayback by guessed timestamp (ids, months) rather than by CDX discovery.
        self.guess_captures = self.wayback and bool(self.ids or self.months or self.entries)
        self.timestamp = timestamp
        self.host = host or str(site.extra["wayback_host" if self.wayback else "live_host"])
        self.id_url = site.id_urls[kind]
        self.monthly = str(site.extra["monthly_listing"])

    def entry_urls(self) -> Iterator[str]:
        """Monthly listings (or the ``entries`` given); id pages come from :meth:`start`."""
        if self.entries:
            yield from self.entries
            return
        base = self.monthly.format(host=self.host)
        for year, month in self.months:
            yield f"{base}?m={month}&y={year}"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Monthly listings first, then every id of the range, in order (CDX queries
        instead when asked for the web archive without ids or months)."""
        if self.guess_captures:
            for url in self.entry_urls():
                yield self.entry_request(url)
        else:
            async for request in super().start():
                yield request
        for article_id in self.ids:
            yield self.make_request(self.id_url.format(host=self.host, id=article_id),
                                    self.parse_article)  # fmt: skip

    def make_request(self, url: str, callback: Any, **kwargs: Any) -> scrapy.Request:
        """Live: ``url`` itself. Wayback: its raw ``id_`` capture, original URL in meta."""
        if not self.guess_captures:
            return super().make_request(url, callback, **kwargs)
        extra = {**kwargs.pop("meta", {}), meta.ORIGINAL_URL: url}
        archived = f"https://web.archive.org/web/{self.timestamp}id_/{url}"
        return scrapy.Request(archived, callback=callback, meta=extra, **kwargs)
