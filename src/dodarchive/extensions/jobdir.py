"""Crash-safe ``JOBDIR``: a job killed without a clean shutdown restarts its discovery.

Scrapy saves the scheduler's queue state (``requests.queue/active.json``) only on a
clean close, but appends to the duplicate filter (``requests.seen``) as it goes. After a
SIGKILL or power loss, resuming would therefore treat requests that were scheduled but
never fetched as duplicates, and lose them. This extension marks a job as running
(``dodarchive.running`` in JOBDIR) and clears the mark on a clean close. If the mark is
still there at the next start, the previous run crashed: ``requests.seen`` and
``requests.queue`` are set aside (renamed ``*.crashed``) and the crawl rediscovers from its
entry points; pages archived before the crash are skipped by
:mod:`dodarchive.downloadermiddlewares.archived`. Counted: ``dodarchive/jobdir/recovered``.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["MARKER", "JobDirGuard"]

logger = logging.getLogger(__name__)

MARKER = "dodarchive.running"
STALE = ("requests.seen", "requests.queue")


class JobDirGuard:
    """Detects a crashed previous run of a JOBDIR job and discards its stale state."""

    def __init__(self, jobdir: Path) -> None:
        self.jobdir = jobdir
        self.recovered = False
        self.crawler: Crawler | None = None
        jobdir.mkdir(parents=True, exist_ok=True)
        marker = jobdir / MARKER
        if marker.exists():
            self.recovered = True
            for name in STALE:
                stale = jobdir / name
                if stale.exists():
                    target = jobdir / f"{name}.crashed"
                    if target.is_dir():
                        shutil.rmtree(target)
                    elif target.exists():
                        target.unlink()
                    stale.rename(target)
            logger.warning(
                "JOBDIR %s: the previous run did not shut down cleanly; its queue and "
                "seen-set were set aside and discovery restarts from the entry points",
                jobdir,
            )
        marker.write_text("a crawl is running, or was killed\n", encoding="utf-8")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Off (``NotConfigured``) without ``JOBDIR``."""
        jobdir = crawler.settings.get("JOBDIR")
        if not jobdir:
            raise NotConfigured  # off on purpose: no JOBDIR
        guard = cls(Path(str(jobdir)))
        guard.crawler = crawler
        crawler.signals.connect(guard.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(guard.spider_closed, signal=signals.spider_closed)
        return guard

    def spider_opened(self, spider: Spider) -> None:
        """Count a recovery in the crawl's stats."""
        if self.recovered and self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.set_value("dodarchive/jobdir/recovered", 1)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        """A clean close: the saved queue is consistent, so the mark goes."""
        (self.jobdir / MARKER).unlink(missing_ok=True)
