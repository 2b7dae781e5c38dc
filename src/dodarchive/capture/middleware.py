"""Downloader middleware that archives every HTTP exchange of a crawl into WARC files.

It sits at 950 in ``DOWNLOADER_MIDDLEWARES``: the last to see each request (so the stored
request has every header other middlewares added) and the first to see each response,
before ``HttpCompressionMiddleware`` (590) decodes the body and before
``RedirectMiddleware`` (600) turns a 3xx into a new request. robots.txt fetches pass
through it too. During a replayed crawl (``DODARCHIVE_REPLAY_URL``) responses already
carry their original URLs; the replay server's address is never stored as the IP.

Stats: ``dodarchive/warc/records``, ``/bytes``, ``/revisits``, ``/files``,
``/undecodable_encoding/<coding>``, ``/skipped/cached``, ``/recovered``, ``/reindexed``
(payloads of a recovered file that the index had missed), and
``/standard_reason`` for responses whose raw status line was not available (see
:mod:`.wire`), and ``/errors``: exchanges that could not be written (the file is cut back
to whole records, the digest claim released, the response dropped with
``IgnoreRequest``); after ``DODARCHIVE_WARC_MAX_WRITE_ERRORS`` of them the spider is
closed with reason ``warc_write_errors``.
"""

from __future__ import annotations

import logging
import socket
import time
from datetime import timedelta
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

import scrapy
from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.misc import build_from_crawler, load_object

from dodarchive import __version__, meta
from dodarchive.capture.dedup import DigestIndex, archived_payloads
from dodarchive.capture.records import Exchange, Original, payload_digest, warc_date
from dodarchive.capture.repair import recover_open_files
from dodarchive.capture.wire import Wire, take_wire
from dodarchive.capture.writer import WarcFileWriter, WarcWriteError, utc_now
from dodarchive.redaction import HeaderRedaction, redact

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

__all__ = ["WarcCaptureMiddleware", "header_redaction", "redact", "warcinfo_fields"]

logger = logging.getLogger(__name__)

#: Codings warcio (and dodarchive.warc.reader) can undo when reading the archive back.
DECODABLE = frozenset({"gzip", "x-gzip", "deflate", "identity"})

DESCRIPTION = (
    "HTTP status lines, headers and bodies as received; bodies still content-encoded and "
    "de-chunked, Transfer-Encoding not stored, Content-Length set to the stored length "
    "where it differed"
)

#: Settings copied into warcinfo. An allow-list, so no credential can leak into a WARC.
INFO_SETTINGS = (
    "BOT_NAME",
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "DOWNLOAD_DELAY_JITTER",
    "AUTOTHROTTLE_ENABLED",
    "AUTOTHROTTLE_TARGET_CONCURRENCY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_MAXSIZE",
    "DOWNLOAD_TIMEOUT",
    "DEPTH_LIMIT",
    "RETRY_ENABLED",
    "RETRY_TIMES",
    "REDIRECT_MAX_TIMES",
    "DODARCHIVE_WARC_MAX_SIZE",
    "DODARCHIVE_WARC_ACCEPT_ENCODING",
    "DODARCHIVE_WARC_DEDUP_INDEX",
    "DODARCHIVE_WITH_MEDIA",
    "DODARCHIVE_RECRAWL",
    "DODARCHIVE_REPLAY_URL",
    "DODARCHIVE_WORKER_ID",
    "DODARCHIVE_FRONTIER_JOB",
    "DODARCHIVE_FRONTIER_HOST_DELAY",
)  # never DODARCHIVE_REDIS_URL: it can hold a password

#: Request headers whose values are stored as ``<redacted>`` unless the setting says else.
REDACT_HEADERS = ("Authorization", "Cookie")


def header_redaction(crawler: Crawler) -> HeaderRedaction:
    """The request-header redaction of ``DODARCHIVE_WARC_REDACT_HEADERS``."""
    names = crawler.settings.getlist("DODARCHIVE_WARC_REDACT_HEADERS", list(REDACT_HEADERS))
    return HeaderRedaction(names)


def warcinfo_fields(crawler: Crawler, prefix: str, host: str) -> list[tuple[str, str]]:
    """The ``warcinfo`` body: software, format, operator, and the allow-listed settings.

    Only the settings of :data:`INFO_SETTINGS` are written, and URL credentials in any
    value (``user:password@``) are redacted; the operator's contact address stays.
    ``dodarchive-redaction`` says which request headers were redacted or removed.
    """
    settings = crawler.settings
    picked = [(name, settings.get(name)) for name in INFO_SETTINGS]
    summary = "; ".join(f"{name}={value}" for name, value in picked if value not in (None, ""))
    software = (
        f"dodarchive/{__version__} (Scrapy/{scrapy.__version__}; "
        f"warcio/{metadata.version('warcio')})"
    )
    fields = [
        ("software", software),
        ("format", "WARC File Format 1.1"),
        ("conformsTo", "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"),
        ("hostname", host),
        ("operator", str(settings.get("DODARCHIVE_CONTACT") or "")),
        ("isPartOf", prefix),
        ("robots", "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore"),
        ("http-header-user-agent", str(settings.get("USER_AGENT") or "")),
        ("description", DESCRIPTION),
        ("dodarchive-settings", summary),
        ("dodarchive-redaction", header_redaction(crawler).description()),
    ]  # fmt: skip
    return [(name, redact(value)) for name, value in fields]


class WarcCaptureMiddleware:
    """Write each request/response pair the downloader sees to rolling WARC files."""

    def __init__(
        self,
        *,
        out_dir: Path,
        prefix: str,
        host: str,
        max_size: int,
        info: list[tuple[str, str]],
        stats: StatsCollector,
        index: DigestIndex | None = None,
        dedup_min_size: int = 1,
        accept_encoding: str = "gzip, deflate",
        record_ip: bool = True,
        max_write_errors: int = 3,
        close_spider: Callable[[str], None] | None = None,
        sync_interval: float = 1.0,
        redaction: HeaderRedaction | None = None,
        now: Callable[[], datetime] = utc_now,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out_dir = out_dir
        self.redaction = redaction or HeaderRedaction(REDACT_HEADERS)
        self.stats = stats
        self.index = index
        self.dedup_min_size = dedup_min_size
        self.accept_encoding = accept_encoding
        self.record_ip = record_ip
        self.max_write_errors = max_write_errors
        self.close_spider = close_spider
        self.sync_interval = sync_interval
        self.now = now
        self.clock = clock
        self._unsynced: dict[str, Original] = {}  # stored in full, not yet fsynced
        self._synced = clock()
        self.writer = WarcFileWriter(out_dir, prefix, host, max_size=max_size, info=info, now=now)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Build from ``DODARCHIVE_WARC_*`` settings; ``NotConfigured`` when disabled."""
        settings = crawler.settings
        if not settings.getbool("DODARCHIVE_WARC_ENABLED", True):
            raise NotConfigured  # off on purpose: DODARCHIVE_WARC_ENABLED is off
        assert crawler.stats is not None
        prefix = settings.get("DODARCHIVE_WARC_PREFIX") or crawler.spidercls.name
        host = socket.gethostname()
        if worker := settings.get("DODARCHIVE_WORKER_ID") or "":
            host = f"{host}-{worker}"  # several workers of one frontier on one machine
        index_path = settings.get("DODARCHIVE_WARC_DEDUP_INDEX") or ""
        index = build_from_crawler(load_object(index_path), crawler) if index_path else None
        mw = cls(
            out_dir=Path(settings.get("DODARCHIVE_WARC_DIR") or "warc"),
            prefix=prefix,
            host=host,
            max_size=settings.getint("DODARCHIVE_WARC_MAX_SIZE", 1_000_000_000),
            info=warcinfo_fields(crawler, prefix, host),
            stats=crawler.stats,
            index=index,
            dedup_min_size=settings.getint("DODARCHIVE_WARC_DEDUP_MIN_SIZE", 1),
            accept_encoding=settings.get("DODARCHIVE_WARC_ACCEPT_ENCODING") or "gzip, deflate",
            record_ip=not settings.get("DODARCHIVE_REPLAY_URL"),
            max_write_errors=settings.getint("DODARCHIVE_WARC_MAX_WRITE_ERRORS", 3),
            close_spider=lambda reason: _close_spider(crawler, reason),
            sync_interval=settings.getfloat("DODARCHIVE_WARC_SYNC_INTERVAL", 1.0),
            redaction=header_redaction(crawler),
        )
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self) -> None:
        """Recover ``.open`` files a crashed crawl left in the output folder.

        The responses kept in a recovered file are (re-)added to the digest index: the
        crash may have come between writing a response and indexing its payload, and a
        re-fetch must then become a revisit, not a second full copy.
        """
        for rec in recover_open_files(self.out_dir):
            self.stats.inc_value("dodarchive/warc/recovered")
            if rec.tail is not None:
                logger.error(
                    "WARC %s was cut off (%s); its tail is kept in %s",
                    rec.open_path, rec.problem, rec.tail,
                )  # fmt: skip
            if rec.final is not None and self.index is not None:
                self._reindex(rec.final)

    def _reindex(self, path: Path) -> None:
        assert self.index is not None
        for digest, original in archived_payloads(path, self.dedup_min_size):
            if self.index.claim(digest, original) is None:  # on disk, never confirmed
                self.index.confirm(digest, original)
                self.stats.inc_value("dodarchive/warc/reindexed")
                logger.warning(
                    "%s was archived by a crawl that died before indexing it; indexed now",
                    original.target_uri,
                )

    def _sync(self) -> None:
        """fsync the WARC being written, then confirm the payloads stored in full since
        the last sync: the index never names a record that a power cut could take."""
        self.writer.sync()
        self._synced = self.clock()
        assert self.index is not None
        for digest, claimed in self._unsynced.items():
            self.index.confirm(digest, claimed)
        self._unsynced.clear()

    def spider_closed(self) -> None:
        """Finish (fsync, rename) the current WARC file, confirm its payloads in the
        digest index and close the index."""
        try:
            if self._unsynced:
                self._sync()  # while the file is still .open: recovery covers a crash
            path = self.writer.close()
            if path is not None:
                logger.info("WARC finished: %s", path)
        finally:
            if self.index is not None:
                self.index.close()

    def process_request(self, request: Request) -> None:
        """Advertise only content codings the archive can be read back with.

        A request asking for decodable codings only (e.g. ``identity``) keeps its header;
        any other (``br``, ``zstd``, ``*``) is replaced by ``DODARCHIVE_WARC_ACCEPT_ENCODING``.
        """
        current = request.headers.get(b"Accept-Encoding")
        if current is None or not _codings(current) <= DECODABLE:
            request.headers[b"Accept-Encoding"] = self.accept_encoding.encode("ascii")

    def process_response(self, request: Request, response: Response) -> Response:
        """Archive the exchange, then pass the response on (its raw heads taken off)."""
        if "cached" in response.flags:
            request.meta.pop(meta.WIRE, None)
            self.stats.inc_value("dodarchive/warc/skipped/cached")
            return response
        self._check_encoding(response)
        exchange = self._exchange(request, response)
        original = claimed = None
        digest = payload_digest(exchange.body)
        response_id = self.writer.make_id()
        if self._unsynced and (digest in self._unsynced or self.writer.full):
            # The same payload again, or the file is about to be closed: confirm what it
            # holds now (a closed file is not re-indexed by recovery after a crash).
            self._sync()
        if self.index is not None and len(exchange.body) >= self.dedup_min_size:
            # Claim before writing: with a shared index, one writer stores it in full.
            claimed = Original(response_id, exchange.url, warc_date(exchange.date))
            original = self.index.claim(digest, claimed)
        try:
            written = self.writer.write_exchange(exchange, original, response_id, digest)
        except Exception as exc:
            if self.index is not None and claimed is not None and original is None:
                self.index.release(digest, claimed)
            self._write_failed(response.url, exc)
            raise IgnoreRequest(f"not archived: {exc}") from exc
        if self.index is not None and claimed is not None and original is None:
            self._unsynced[digest] = claimed  # confirmed once fsynced (_sync)
            if self.sync_interval <= 0 or self.clock() - self._synced >= self.sync_interval:
                self._sync()
        self.stats.inc_value("dodarchive/warc/records", written.records)
        self.stats.inc_value("dodarchive/warc/bytes", written.bytes)
        self.stats.inc_value("dodarchive/warc/files", written.new_files)
        if written.revisit:
            self.stats.inc_value("dodarchive/warc/revisits")
        return response

    def _write_failed(self, url: str, exc: Exception) -> None:
        """Count and log an exchange that could not be archived; past
        ``max_write_errors`` of them, close the spider (``warc_write_errors``)."""
        errors = self.stats.get_value("dodarchive/warc/errors", 0) + 1
        self.stats.set_value("dodarchive/warc/errors", errors)
        if isinstance(exc, WarcWriteError) and isinstance(exc.__cause__, OSError):
            logger.error("%s (not archived)", exc)  # a full disk needs no traceback
        else:
            logger.error("cannot write WARC records for %s", url, exc_info=exc)
        if errors == self.max_write_errors and self.close_spider is not None:
            logger.error(
                "closing the spider: %d exchanges could not be archived "
                "(DODARCHIVE_WARC_MAX_WRITE_ERRORS=%d)",
                errors, self.max_write_errors,
            )  # fmt: skip
            self.close_spider("warc_write_errors")

    def _check_encoding(self, response: Response) -> None:
        raw = response.headers.getlist(b"Content-Encoding")
        codings = [c.strip().lower() for v in raw for c in v.decode("latin-1").split(",")]
        for coding in codings:
            if coding and coding not in DECODABLE:
                self.stats.inc_value(f"dodarchive/warc/undecodable_encoding/{coding}")
                logger.error(
                    "%s came with Content-Encoding %r, which the archive cannot decode; "
                    "stored as received",
                    response.url, coding,
                )  # fmt: skip

    def _exchange(self, request: Request, response: Response) -> Exchange:
        latency = float(request.meta.get("download_latency") or 0.0)
        ip = response.ip_address if self.record_ip else None
        protocol = response.protocol or "HTTP/1.1"
        reason = None
        # The handler's wire recorder put the raw heads in meta; without it (e.g. responses
        # built by hand) they may still ride in pseudo headers, which must never be stored.
        wire = request.meta.pop(meta.WIRE, None)
        if not isinstance(wire, Wire):
            wire = take_wire(response)
        head, sent = wire
        if not self.record_ip:  # replayed: what was sent went to the replay server
            sent = None
        request_headers: list[tuple[bytes, bytes]] = []
        if sent is None:
            request_headers = self.redaction.pairs(_pairs(request.headers))
        else:
            sent = self.redaction.head(sent)
        if head is not None and head[1] == response.status:
            protocol, _, reason, headers = head
        else:
            headers = _pairs(response.headers)  # the pseudo headers are gone by now
            self.stats.inc_value("dodarchive/warc/standard_reason")
        return Exchange(
            url=response.url,
            method=request.method,
            request_headers=request_headers,
            request_body=request.body,
            protocol=protocol,
            status=response.status,
            reason=reason,
            sent_head=sent,
            original_url=request.meta.get(meta.ORIGINAL_URL),
            response_headers=headers,
            body=response.body,
            date=self.now() - timedelta(seconds=latency),
            ip_address=str(ip) if ip is not None else None,
            truncated="disconnect" if "dataloss" in response.flags else None,
        )


def _close_spider(crawler: Crawler, reason: str) -> None:
    """Ask the engine to close the running spider with ``reason`` (as CloseSpider does)."""
    assert crawler.engine is not None
    deferred_from_coro(crawler.engine.close_spider_async(reason=reason))


def _codings(value: bytes) -> set[str]:
    """Content-coding names in an ``Accept-Encoding`` value, without q-values.

    >>> sorted(_codings(b"gzip;q=1.0, Deflate , identity;q=0"))
    ['deflate', 'gzip', 'identity']
    """
    items = value.decode("latin-1").split(",")
    return {item.split(";", 1)[0].strip().lower() for item in items if item.strip()}


def _pairs(headers: Any) -> list[tuple[bytes, bytes]]:
    return [(bytes(k), bytes(v)) for k, values in headers.items() for v in values]
