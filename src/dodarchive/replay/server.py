"""Serve archived HTTP responses from WARC files by their original URL, on loopback.

Request ``GET /<original-url>`` (``GET /https://www.war.gov/News/...``), or send the
original URL as an absolute request target, as to an HTTP proxy. The reply is the
archived status line, headers and payload bytes exactly as stored (still
content-encoded); only the framing headers are set afresh (``Content-Length``, no
``Transfer-Encoding``), because the stored payload is already de-chunked. Archived 3xx
responses are served as they are, so clients follow the original ``Location``.
Anything not archived is a 404, with one exception, for hosts that were renamed:

**Synthesized alias redirects.** A site of the table answers under its current host
(``hosts``) and redirects its former names (``aliases``): www.defense.gov now answers
``301`` to www.war.gov. When a URL is not archived but the same path is archived under
another host of the same site, the server answers a ``301`` to that copy, marked with
the header ``Dodarchive-Replay: synthesized alias redirect`` (:data:`SYNTHESIZED`):

- asked for a former host (www.defense.gov/X) that only has a copy under the current
  host (www.war.gov/X), it redirects there, as the live site does;
- asked for the current host (www.war.gov/X) that only has a copy under a former host
  (www.defense.gov/X, captured before the rename), it redirects to that copy, so a
  spider starting from today's entry points reaches the archive's older captures. The
  bundled sample predates the rename of defense.gov: its press pages all sit under
  www.defense.gov, and this is how ``make run``'s wargov crawl reaches them.

The synthesized 301 is archived by a crawl like any answer; its header says what it is.

Why not pywb for this? pywb is the replay tool we prove our WARCs against (see the
tests), but in its raw ``id_`` mode it still rewrites and adds headers and needs a
collection on disk. Crawl tests need the stored bytes and headers back unchanged.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from dodarchive.sites import table, url_key
from dodarchive.warc.files import warc_files
from dodarchive.warc.reader import ArchivedResponse, Skipped, iter_records, iter_records_resync

logger = logging.getLogger(__name__)

__all__ = ["SYNTHESIZED", "ReplayIndex", "ReplayServer", "url_keys"]

#: Header (name, value) on every response the replay server makes up (alias redirects).
SYNTHESIZED = ("Dodarchive-Replay", "synthesized alias redirect")

#: Headers describing the framing of the original transfer, not the payload.
FRAMING_HEADERS = frozenset({"transfer-encoding", "content-length", "connection", "keep-alive"})


def url_keys(url: str) -> list[str]:
    """Lookup keys for ``url``, most exact first: the URL itself, then its
    :func:`dodarchive.sites.url_key` (scheme, default port, fragment, tracking
    parameters and case on ASP.NET sites set aside).

    >>> url_keys("HTTPS://WWW.War.gov:443/News/?Page=2")
    ['HTTPS://WWW.War.gov:443/News/?Page=2', 'www.war.gov/news?page=2']
    >>> url_keys("http://www.defense.gov/Releases/Release.aspx?ReleaseID=1")[-1]
    'www.defense.gov/releases/release.aspx?releaseid=1'
    """
    return [url, url_key(url)]


@dataclass(frozen=True, slots=True)
class _Entry:
    date: str
    path: Path
    offset: int
    url: str


class ReplayIndex:
    """URL → latest archived response (or revisit resolved to its original payload).

    A damaged stretch of a WARC does not stop indexing: reading resumes at the next
    record, and each stretch skipped is listed in ``damaged`` as
    ``PATH: bytes A-B skipped (reason)`` for the caller to report.
    """

    def __init__(self, paths: Sequence[str | Path]) -> None:
        self._by_key: dict[str, _Entry] = {}
        self._by_digest: dict[str, _Entry] = {}
        self.count = 0
        self.damaged: list[str] = []
        for path in warc_files(paths, check=False):
            for rec in iter_records_resync(path, max_body=0):
                if isinstance(rec, Skipped):
                    reason = " ".join(rec.reason.split())[:160]
                    line = f"{path}: bytes {rec.start}-{rec.end} skipped ({reason})"
                    self.damaged.append(line)
                else:
                    self._add(Path(path), rec)

    def _add(self, path: Path, rec: ArchivedResponse) -> None:
        entry = _Entry(rec.ref.warcDate, path, rec.ref.offset, rec.url)
        if rec.ref.recordType == "response" and rec.ref.payloadDigest:
            self._by_digest.setdefault(rec.ref.payloadDigest, entry)
        self.count += 1
        for key in url_keys(rec.url):
            old = self._by_key.get(key)
            if old is None or old.date <= entry.date:
                self._by_key[key] = entry

    def lookup(self, url: str) -> ArchivedResponse | None:
        """The newest capture of ``url``, with a revisit's payload taken from its original."""
        for key in url_keys(url):
            entry = self._by_key.get(key)
            if entry is not None:
                return self._load(entry)
        return None

    def alias_copy(self, url: str) -> str | None:
        """The archived URL of ``url``'s path under another host of its site, or None.

        Current hosts first, then former names in table order (see the module doc).

        >>> ReplayIndex([]).alias_copy("https://www.war.gov/News/") is None
        True
        """
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
        except ValueError:
            return None
        for site in table().sites_for_host(host):
            for other in site.all_hosts:
                if other == host:
                    continue
                netloc = other if parts.port is None else f"{other}:{parts.port}"
                entry = self._by_key.get(url_key(parts._replace(netloc=netloc).geturl()))
                if entry is not None:
                    return entry.url
        return None

    def _load(self, entry: _Entry) -> ArchivedResponse | None:
        rec = _read_at(entry.path, entry.offset)
        if rec is None or rec.ref.recordType != "revisit":
            return rec
        original = self._by_digest.get(rec.ref.payloadDigest or "")
        if original is None:
            return rec  # headers only; body unknown
        orig = _read_at(original.path, original.offset)
        if orig is None:
            return rec
        headers = rec.http_headers or orig.http_headers
        return ArchivedResponse(
            ref=rec.ref,
            status=rec.status if rec.status is not None else orig.status,
            reason=rec.reason or orig.reason,
            protocol=rec.protocol or orig.protocol,
            http_headers=headers,
            body=orig.body,
            warc_headers=rec.warc_headers,
        )


def _read_at(path: Path, offset: int) -> ArchivedResponse | None:
    return next(iter(iter_records(path, start=offset, limit=1)), None)


class _Handler(BaseHTTPRequestHandler):
    server: ReplayServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        target = self.path
        if target.startswith("/"):
            target = target[1:]
        if not target.startswith(("http://", "https://")):
            self._not_found(target)
            return
        rec = self.server.index.lookup(target)
        if rec is None or rec.status is None:
            copy = self.server.index.alias_copy(target)
            if copy is None:
                self._not_found(target)
            else:
                self._redirect(target, copy)
            return
        self.server.count(target, hit=True)
        self.send_response_only(rec.status, rec.reason or None)
        for key, value in rec.http_headers:
            if key.lower() not in FRAMING_HEADERS:
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(rec.body)))
        self.end_headers()
        if send_body:
            self.wfile.write(rec.body)

    def _redirect(self, target: str, location: str) -> None:
        self.server.count_synthesized()
        self.send_response_only(301, "Moved Permanently")
        self.send_header("Location", location)
        self.send_header(*SYNTHESIZED)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _not_found(self, target: str) -> None:
        self.server.count(target, hit=False)
        body = f"not archived: {target}\n".encode()
        self.send_response_only(404, "Not Found")
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Silence per-request logging; hits and misses are counted on the server."""


class ReplayServer(ThreadingHTTPServer):
    """A threaded HTTP server over a :class:`ReplayIndex`; ``url`` is its base address.

    ``hit_count`` and ``miss_count`` count the requests served and not found; with
    ``keep_urls`` (tests) the URLs are also listed in ``hits`` and ``misses``, which
    otherwise stay empty, so a long-running server does not grow. Binding anything but a
    loopback address logs a warning: the archive is then served to other machines.
    """

    daemon_threads = True

    def __init__(
        self, index: ReplayIndex, host: str = "127.0.0.1", port: int = 0, *,
        keep_urls: bool = False,
    ) -> None:  # fmt: skip
        super().__init__((host, port), _Handler)
        self.index = index
        self.keep_urls = keep_urls
        self.hit_count = 0
        self.miss_count = 0
        self.hits: list[str] = []
        self.misses: list[str] = []
        #: Requests answered with a synthesized alias redirect.
        self.synthesized_count = 0
        self._lock = threading.Lock()
        if not self.loopback:
            logger.warning(
                "replay server bound to %s, not a loopback address: other machines can "
                "fetch the archive", self.url,
            )  # fmt: skip

    @property
    def loopback(self) -> bool:
        """True when bound to a loopback address only."""
        host = str(self.server_address[0])
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return host == "localhost"

    def count_synthesized(self) -> None:
        """Count one synthesized alias redirect; thread-safe."""
        with self._lock:
            self.synthesized_count += 1

    def count(self, url: str, *, hit: bool) -> None:
        """Count one request for ``url`` (served, or not found); thread-safe."""
        with self._lock:
            if hit:
                self.hit_count += 1
            else:
                self.miss_count += 1
            if self.keep_urls:
                (self.hits if hit else self.misses).append(url)

    @property
    def url(self) -> str:
        """``http://HOST:PORT`` as actually bound."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"

    def start_background(self) -> threading.Thread:
        """Serve in a daemon thread; stop with ``shutdown()``."""
        thread = threading.Thread(target=self.serve_forever, name="replay", daemon=True)
        thread.start()
        return thread
