"""Payload-digest index: which payloads were archived already, and where first.

The capture middleware only needs :class:`DigestIndex`: before writing a payload it
``claim``s the digest and gets the record to revisit, or None (write it in full); after
the record is on disk (fsynced: see ``DODARCHIVE_WARC_SYNC_INTERVAL``) it calls
``confirm``, or ``release`` if writing failed. So an index never points at a record that
is not on disk, even after a power cut, and a shared index can let exactly one of
several writers store a payload in full. The index class is chosen by
``DODARCHIVE_WARC_DEDUP_INDEX`` (a dotted path; empty turns dedup off);
:class:`dodarchive.capture.redisindex.RedisDigestIndex` is the one shared by the workers
of a Redis crawl frontier.
The default, :class:`SqliteDigestIndex`, keeps one row per digest on disk, so it survives
restarts and later crawls into the same folder reuse it.

A crawl killed after writing a response but before confirming its digest would store
that payload in full again after a restart; :func:`archived_payloads` lets the middleware
re-index the responses of a recovered file first (see
:meth:`~dodarchive.capture.middleware.WarcCaptureMiddleware.spider_opened`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Self

from dodarchive.capture.records import Original
from dodarchive.warc.reader import archive_iterator

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["DigestIndex", "SqliteDigestIndex", "archived_payloads", "dedup_path"]


class DigestIndex(Protocol):
    """Where a payload digest was first archived."""

    def lookup(self, digest: str) -> Original | None:
        """The first archived record with this payload digest, if any."""
        ...

    def claim(self, digest: str, candidate: Original) -> Original | None:
        """The on-disk original to revisit, or None: ``candidate`` is to be written in full."""
        ...

    def confirm(self, digest: str, candidate: Original) -> None:
        """``candidate`` (after a None claim) is on disk now."""
        ...

    def release(self, digest: str, candidate: Original) -> None:
        """``candidate`` (after a None claim) could not be written."""
        ...

    def close(self) -> None:
        """Release resources; later calls are not allowed."""
        ...


def dedup_path(crawler: Crawler) -> Path:
    """``DODARCHIVE_WARC_DEDUP_PATH``, or ``dedup.sqlite3`` in the WARC output folder."""
    settings = crawler.settings
    explicit = settings.get("DODARCHIVE_WARC_DEDUP_PATH") or ""
    if explicit:
        return Path(explicit)
    return Path(settings.get("DODARCHIVE_WARC_DIR") or "warc") / "dedup.sqlite3"


class SqliteDigestIndex:
    """A :class:`DigestIndex` in one sqlite file; each ``confirm`` is committed at once
    (WAL, ``synchronous=NORMAL``: durable across a killed process; a power cut may lose
    the last entries, whose payloads are then stored in full again)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        # No fsync per commit (WAL still survives a killed process): an fsync per page
        # cost ~7 ms on the reactor thread, 60% of the writer's time (bench/RESULTS.md).
        # A lost entry costs a full copy, never a record: entries are only added for
        # records already fsynced, and recovery re-indexes what crashed files hold.
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS payload ("
            " digest TEXT PRIMARY KEY, record_id TEXT NOT NULL,"
            " target_uri TEXT NOT NULL, date TEXT NOT NULL)"
        )
        self._db.commit()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Open the index at :func:`dedup_path`."""
        return cls(dedup_path(crawler))

    def lookup(self, digest: str) -> Original | None:
        """The first archived record with this payload digest, if any."""
        row = self._db.execute(
            "SELECT record_id, target_uri, date FROM payload WHERE digest = ?", (digest,)
        ).fetchone()
        return Original(row[0], row[1], row[2]) if row else None

    def add(self, digest: str, original: Original) -> None:
        """Remember ``original`` for ``digest`` unless one is already known."""
        with self._db:
            self._db.execute(
                "INSERT OR IGNORE INTO payload VALUES (?, ?, ?, ?)",
                (digest, original.record_id, original.target_uri, original.date),
            )

    def claim(self, digest: str, candidate: Original) -> Original | None:
        """The original to revisit, or None (one writer per file: nothing to reserve)."""
        return self.lookup(digest)

    def confirm(self, digest: str, candidate: Original) -> None:
        """Remember ``candidate``, now on disk, unless an original is known."""
        self.add(digest, candidate)

    def release(self, digest: str, candidate: Original) -> None:
        """Nothing was reserved by :meth:`claim`."""

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def archived_payloads(path: Path, min_size: int = 1) -> Iterator[tuple[str, Original]]:
    """``(payload digest, original)`` of each ``response`` record in ``path``, in file
    order, whose payload has at least ``min_size`` bytes (what the middleware indexes)."""
    with path.open("rb") as fh:
        for record in archive_iterator(fh):
            if record.rec_type != "response":
                continue
            size = 0
            while chunk := record.raw_stream.read(1 << 20):
                size += len(chunk)
            get = record.rec_headers.get_header
            digest = get("WARC-Payload-Digest")
            if digest and size >= min_size:
                yield (
                    digest,
                    Original(get("WARC-Record-ID"), get("WARC-Target-URI"), get("WARC-Date")),
                )
