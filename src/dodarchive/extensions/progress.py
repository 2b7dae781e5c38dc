"""A status line for long crawls: pages, WARC records, refusals, the current section.

Every ``DODARCHIVE_PROGRESS_INTERVAL`` seconds (default 10) it writes one line to
stderr, e.g.::

    wargov 1:02:03  pages 5012  records 10030  refusals 0  queued 215  section releases

``pages`` are responses received, ``records`` WARC records written, ``refusals`` the
bot-protection refusals counted by :mod:`dodarchive.downloadermiddlewares.refusals`,
``queued`` the requests waiting in the scheduler and ``section`` the site-table section
(or page kind) of the last page received. On a terminal the line is redrawn in place; a
final line is written when the crawl closes.

``DODARCHIVE_PROGRESS``: ``auto`` (the default: on when stderr is a terminal), ``on``
or ``off``.
"""

from __future__ import annotations

import sys
import time
from typing import IO, TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from dodarchive import meta
from dodarchive.sites import classify

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["REFUSALS_STAT", "ProgressLine", "status_line"]

#: Total refusals of a crawl (the refusals middleware counts it).
REFUSALS_STAT = "dodarchive/blocked/total"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"


def status_line(name: str, elapsed: float, stats: dict[str, Any], queued: int,
                section: str) -> str:  # fmt: skip
    """The status line of a crawl from its stats.

    >>> status_line("wargov", 3723.4, {"response_received_count": 12,
    ...             "dodarchive/warc/records": 25}, 3, "releases")
    'wargov 1:02:03  pages 12  records 25  refusals 0  queued 3  section releases'
    """
    return (
        f"{name} {_clock(elapsed)}  pages {int(stats.get('response_received_count', 0))}  "
        f"records {int(stats.get('dodarchive/warc/records', 0))}  "
        f"refusals {int(stats.get(REFUSALS_STAT, 0))}  queued {queued}  section {section}"
    )


class ProgressLine:
    """Prints :func:`status_line` every ``interval`` seconds while the spider runs."""

    def __init__(self, crawler: Crawler, interval: float, stream: IO[str], tty: bool) -> None:
        self.crawler = crawler
        self.interval = interval
        self.stream = stream
        self.tty = tty
        self.section = "-"
        self.started = time.monotonic()
        self._loop: task.LoopingCall | None = None
        self._width = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """On per ``DODARCHIVE_PROGRESS`` (``auto``: stderr is a terminal)."""
        mode = str(crawler.settings.get("DODARCHIVE_PROGRESS", "auto")).lower()
        tty = sys.stderr.isatty()
        if mode in ("off", "0", "false", "no") or (mode == "auto" and not tty):
            raise NotConfigured  # off on purpose (or no terminal): no warning
        interval = crawler.settings.getfloat("DODARCHIVE_PROGRESS_INTERVAL", 10.0)
        ext = cls(crawler, interval, sys.stderr, tty)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        """Start the clock and the periodic line."""
        self.started = time.monotonic()
        self._loop = task.LoopingCall(self.show)
        self._loop.start(self.interval, now=False)

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        """Note the section of the page just received (its original URL for captures)."""
        url = str(request.meta.get(meta.ORIGINAL_URL) or response.url)
        info = classify(url)
        if info is not None:
            self.section = info.section or info.kind

    def line(self) -> str:
        """The current status line."""
        spider = self.crawler.spider
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        engine: Any = self.crawler.engine
        queued = 0
        if engine is not None and getattr(engine, "_slot", None) is not None:
            scheduler = engine._slot.scheduler  # Scrapy has no public count of it
            queued = len(scheduler) if hasattr(scheduler, "__len__") else 0
        name = spider.name if spider is not None else "crawl"
        return status_line(name, time.monotonic() - self.started, stats, queued, self.section)

    def show(self, final: bool = False) -> None:
        """Write the line: redrawn in place on a terminal, one line each otherwise."""
        text = self.line()
        if self.tty:
            pad = " " * max(0, self._width - len(text))
            self._width = len(text)
            self.stream.write("\r" + text + pad + ("\n" if final else ""))
        else:
            self.stream.write(text + "\n")
        self.stream.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """Stop the loop and write the last line."""
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.show(final=True)
