"""Incremental crawls: article pages already archived in the output folder are not re-fetched.

At start, :class:`SkipArchivedMiddleware` reads the URL of every successful (2xx)
``response`` record and every ``revisit`` record of the output folder
(``DODARCHIVE_WARC_DIR``, set by ``dodarchive crawl --out``): from ``*.cdxj`` indexes
and from ``*.warc.gz`` files, including a ``*.warc.gz.open`` file left by a killed crawl
(read up to its last whole record).
A later request for one of those URLs is dropped (``dodarchive/incremental/skipped``) if
the site table says it is an article, print view or media file; listings and feeds are
always fetched again, since they change, and so is a request whose meta has
``dodarchive.meta.ALWAYS_FETCH`` (the ``urls`` spider's: it archives exactly what it is
given). ``DODARCHIVE_RECRAWL`` turns this off (then the writer records unchanged pages
as revisits).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured

from dodarchive import meta
from dodarchive.sites import classify, url_key
from dodarchive.warc.reader import Skipped, iter_records_resync

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["SkipArchivedMiddleware", "archived_urls"]

logger = logging.getLogger(__name__)

#: Kinds of page that are never fetched twice unless a recrawl is asked for.
SKIPPABLE_KINDS = frozenset({"article", "print", "media"})


def _from_cdxj(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            parts = line.split(" ", 2)
            if len(parts) < 3:
                continue
            try:
                fields = json.loads(parts[2])
            except ValueError:
                continue
            ok = str(fields.get("status", "")).startswith("2")
            if fields.get("url") and (ok or fields.get("mime") == "warc/revisit"):
                yield str(fields["url"])


def _from_warc(path: Path) -> Iterator[str]:
    """URLs of 2xx responses and revisits in ``path``; headers only (``max_body=0``), and a
    damaged stretch is logged and skipped, not the end of the file."""
    for rec in iter_records_resync(path, types=frozenset({"response", "revisit"}), max_body=0):
        if isinstance(rec, Skipped):
            logger.warning(
                "reading archived URLs: %s bytes %d-%d skipped (%s)",
                path, rec.start, rec.end, " ".join(rec.reason.split())[:160],
            )  # fmt: skip
            continue
        ok = rec.status is not None and 200 <= rec.status < 300
        if rec.ref.recordType == "revisit" or ok:
            yield rec.url


def archived_urls(out_dir: Path) -> set[str]:
    """The ``sites.url_key`` of every URL archived with a 2xx response or a revisit in
    ``out_dir`` (recursive)."""
    sources: Iterable[Iterator[str]] = [
        *(_from_cdxj(p) for p in sorted(out_dir.rglob("*.cdxj"))),
        *(_from_warc(p) for p in sorted(out_dir.rglob("*.warc.gz"))),
        *(_from_warc(p) for p in sorted(out_dir.rglob("*.warc.gz.open"))),
    ]
    return {url_key(url) for urls in sources for url in urls}


class SkipArchivedMiddleware:
    """Drop requests for article pages the output folder already holds (module doc)."""

    def __init__(self, stats: StatsCollector, archived: set[str]) -> None:
        self.stats = stats
        self.archived = archived

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Off without ``DODARCHIVE_WARC_DIR``, or with ``DODARCHIVE_RECRAWL``."""
        settings = crawler.settings
        out = settings.get("DODARCHIVE_WARC_DIR")
        if not out:
            raise NotConfigured  # off on purpose: no DODARCHIVE_WARC_DIR
        if settings.getbool("DODARCHIVE_RECRAWL"):
            raise NotConfigured  # off on purpose: DODARCHIVE_RECRAWL: every page is fetched again
        assert crawler.stats is not None
        out_dir = Path(str(out))
        archived = archived_urls(out_dir) if out_dir.is_dir() else set()
        crawler.stats.set_value("dodarchive/incremental/known", len(archived))
        logger.info("%d URLs already archived in %s", len(archived), out_dir)
        return cls(crawler.stats, archived)

    def process_request(self, request: Request) -> None:
        """Raise ``IgnoreRequest`` (counted) for an already-archived article page."""
        if request.meta.get(meta.ALWAYS_FETCH) or url_key(request.url) not in self.archived:
            return
        info = classify(request.url)
        if info is None or info.kind not in SKIPPABLE_KINDS:
            return
        self.stats.inc_value("dodarchive/incremental/skipped")
        raise IgnoreRequest(f"already archived: {request.url}")
