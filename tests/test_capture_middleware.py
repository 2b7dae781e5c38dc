"""WarcCaptureMiddleware built from a real (unstarted) crawler, fed real Scrapy objects."""

from __future__ import annotations

import base64
import gzip
import ipaddress
import logging
from pathlib import Path
from typing import Any

import pytest
import scrapy
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response
from scrapy.settings import Settings
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from dodarchive.capture.middleware import WarcCaptureMiddleware
from dodarchive.capture.wire import WIRE_HEADER, WIRE_REQUEST_HEADER, encode_head
from tests.test_capture_records import EXCHANGE, writer

URL = "https://www.war.gov/News/Releases/?page=2"
BODY = gzip.compress(b"<html><body>release list</body></html>", mtime=0)


class UnitSpider(scrapy.Spider):
    name = "unit"


def middleware(tmp_path: Path, **settings: Any) -> tuple[WarcCaptureMiddleware, Any]:
    base = {
        "DODARCHIVE_WARC_DIR": str(tmp_path),
        "DODARCHIVE_WARC_DEDUP_INDEX": "dodarchive.capture.dedup.SqliteDigestIndex",
        "DODARCHIVE_CONTACT": "ops@example.org",
    }
    crawler = get_crawler(UnitSpider, {**base, **settings})
    crawler.stats.open_spider()
    return build_from_crawler(WarcCaptureMiddleware, crawler), crawler.stats


def exchange(body: bytes = BODY, **headers: str) -> tuple[Request, Response]:
    request = Request(URL, headers={"User-Agent": "dodarchive/test"})
    response = Response(
        URL,
        status=200,
        headers={"Content-Type": "text/html", "Content-Encoding": "gzip", **headers},
        body=body,
        request=request,
        protocol="HTTP/1.1",
        ip_address=ipaddress.ip_address("192.0.2.9"),
    )
    return request, response


def records(out: Path) -> list[tuple[str, Any, bytes]]:
    got = []
    for path in sorted(out.glob("unit-*.warc.gz")):
        with path.open("rb") as fh:
            got += [(r.rec_type, r.rec_headers, r.raw_stream.read()) for r in ArchiveIterator(fh)]
    return got


def test_project_settings_place_it_after_compression_and_redirect() -> None:
    settings = Settings()
    settings.setmodule("dodarchive.settings")
    mws = settings.get_component_priority_dict_with_base("DOWNLOADER_MIDDLEWARES")
    ours = mws["dodarchive.capture.middleware.WarcCaptureMiddleware"]
    assert ours > mws["scrapy.downloadermiddlewares.redirect.RedirectMiddleware"] == 600
    assert mws["scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware"] is None
    compression = "dodarchive.downloadermiddlewares.sizelimits.SizeLimitedCompressionMiddleware"
    assert ours > mws[compression] == 590  # Scrapy's, counting refusals (same slot)
    assert settings.get("DODARCHIVE_WARC_ACCEPT_ENCODING") == "gzip, deflate"


def test_disabled_raises_not_configured(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        middleware(tmp_path, DODARCHIVE_WARC_ENABLED=False)


def test_accept_encoding_is_forced_to_decodable_codings(tmp_path: Path) -> None:
    mw, _ = middleware(tmp_path)
    request = Request(URL, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert mw.process_request(request) is None
    assert request.headers.getlist("Accept-Encoding") == [b"gzip, deflate"]
    bare = Request(URL)
    mw.process_request(bare)
    assert bare.headers[b"Accept-Encoding"] == b"gzip, deflate"
    plain = Request(URL, headers={"Accept-Encoding": "identity"})
    mw.process_request(plain)
    assert plain.headers[b"Accept-Encoding"] == b"identity"


def test_writes_pair_then_revisit_and_counts(tmp_path: Path) -> None:
    mw, stats = middleware(tmp_path)
    mw.spider_opened()
    for _ in range(2):
        request, response = exchange()
        assert mw.process_response(request, response) is response
    mw.spider_closed()
    got = records(tmp_path)
    assert [t for t, _, _ in got] == ["warcinfo", "response", "request", "revisit", "request"]
    assert b"operator: ops@example.org\r\n" in got[0][2]
    assert got[1][1].get_header("WARC-IP-Address") == "192.0.2.9"
    assert got[1][2] == BODY  # still gzip
    assert got[3][1].get_header("WARC-Refers-To") == got[1][1].get_header("WARC-Record-ID")
    (path,) = tmp_path.glob("unit-*.warc.gz")
    assert stats.get_value("dodarchive/warc/records") == 5
    assert stats.get_value("dodarchive/warc/revisits") == 1
    assert stats.get_value("dodarchive/warc/files") == 1
    assert stats.get_value("dodarchive/warc/bytes") == path.stat().st_size
    assert (tmp_path / "dedup.sqlite3").exists()


def test_undecodable_encoding_is_counted_logged_and_kept(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mw, stats = middleware(tmp_path)
    request, response = exchange(b"\x28\xb5\x2f\xfd opaque", **{"Content-Encoding": "zstd"})
    with caplog.at_level(logging.ERROR):
        mw.process_response(request, response)
    mw.spider_closed()
    assert stats.get_value("dodarchive/warc/undecodable_encoding/zstd") == 1
    assert "Content-Encoding 'zstd'" in caplog.text
    assert records(tmp_path)[1][2] == b"\x28\xb5\x2f\xfd opaque"


def test_cached_responses_are_not_archived_again(tmp_path: Path) -> None:
    mw, stats = middleware(tmp_path)
    request, response = exchange()
    mw.process_response(request, response.replace(flags=["cached"]))
    mw.spider_closed()
    assert records(tmp_path) == []
    assert stats.get_value("dodarchive/warc/skipped/cached") == 1


def test_replayed_crawls_store_no_ip(tmp_path: Path) -> None:
    mw, _ = middleware(tmp_path, DODARCHIVE_REPLAY_URL="http://127.0.0.1:9")
    request, response = exchange()
    mw.process_response(request, response)
    mw.spider_closed()
    assert records(tmp_path)[1][1].get_header("WARC-IP-Address") is None


def test_start_recovers_files_a_crash_left_open(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    path = w.close()
    assert path is not None
    path.rename(path.with_name(path.name + ".open"))
    mw, stats = middleware(tmp_path)
    mw.spider_opened()
    mw.spider_closed()
    assert path.exists()
    assert stats.get_value("dodarchive/warc/recovered") == 1


def test_restart_indexes_responses_a_crash_left_unindexed(tmp_path: Path) -> None:
    """Regression: killed after writing a response but before adding its digest, a crawl
    stored the re-fetched page in full a second time; now it becomes a revisit."""
    crashed, _ = middleware(tmp_path, DODARCHIVE_WARC_DEDUP_INDEX="")  # writes, never indexes
    crashed.process_response(*exchange())
    path = crashed.writer.close()
    assert path is not None
    path.rename(path.with_name(path.name + ".open"))  # as a SIGKILL leaves it
    mw, stats = middleware(tmp_path)
    mw.spider_opened()
    assert stats.get_value("dodarchive/warc/reindexed") == 1
    mw.process_response(*exchange())
    mw.spider_closed()
    got = records(tmp_path)
    assert [t for t, _, _ in got] == ["warcinfo", "response", "request"] * 1 + [
        "warcinfo", "revisit", "request",
    ]  # fmt: skip
    assert got[4][1].get_header("WARC-Refers-To") == got[1][1].get_header("WARC-Record-ID")
    assert stats.get_value("dodarchive/warc/revisits") == 1


def test_wire_head_is_stored_and_removed(tmp_path: Path) -> None:
    mw, stats = middleware(tmp_path)
    request, response = exchange()
    raw = [(b"content-type", b"text/html"), (b"Transfer-Encoding", b"chunked"),
           (b"Content-Encoding", b"gzip"), (b"Connection", b"keep-alive")]  # fmt: skip
    response.headers[WIRE_HEADER] = encode_head(b"HTTP/1.1 200 Fine Thanks", raw)
    sent = b"GET /News/Releases/?page=2 HTTP/1.1\r\nUser-Agent: x\r\nHost: www.war.gov\r\n\r\n"
    response.headers[WIRE_REQUEST_HEADER] = base64.b64encode(sent)
    out = mw.process_response(request, response)
    mw.spider_closed()
    assert WIRE_HEADER not in out.headers
    assert WIRE_REQUEST_HEADER not in out.headers
    with next(tmp_path.glob("unit-*.warc.gz")).open("rb") as fh:
        resp, req = list(ArchiveIterator(fh))[1:3]
        assert resp.http_headers.to_bytes() == (
            b"HTTP/1.1 200 Fine Thanks\r\ncontent-type: text/html\r\n"
            b"Content-Encoding: gzip\r\nConnection: keep-alive\r\n\r\n"
        )
        assert req.http_headers.to_bytes() == sent
    assert stats.get_value("dodarchive/warc/standard_reason") is None


def test_without_wire_head_the_standard_phrase_is_counted(tmp_path: Path) -> None:
    mw, stats = middleware(tmp_path)
    mw.process_response(*exchange())
    mw.spider_closed()
    assert records(tmp_path)[1][1].get_header("WARC-Type") == "response"
    assert stats.get_value("dodarchive/warc/standard_reason") == 1


def test_an_unusable_wire_head_is_not_stored_as_a_header(tmp_path: Path) -> None:
    """Regression: the fallback headers were taken before the pseudo headers were
    removed, so a wire head for another status was stored as ``X-Dodarchive-Wire``."""
    mw, stats = middleware(tmp_path)
    request, response = exchange()
    response.headers[WIRE_HEADER] = encode_head(b"HTTP/1.1 304 Not Modified", [])
    response.headers[WIRE_REQUEST_HEADER] = b"not base64 !"
    mw.process_response(request, response)
    mw.spider_closed()
    head = records(tmp_path)[1][1]
    with next(tmp_path.glob("unit-*.warc.gz")).open("rb") as fh:
        stored = list(ArchiveIterator(fh))[1].http_headers.to_bytes()
    assert head.get_header("WARC-Type") == "response"
    assert b"x-dodarchive" not in stored.lower()
    assert stored.startswith(b"HTTP/1.1 200 OK\r\n")
    assert stats.get_value("dodarchive/warc/standard_reason") == 1
