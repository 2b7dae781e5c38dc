"""Golden-byte tests: fixed record ids and dates, so whole WARC records compare exactly."""

from __future__ import annotations

import gzip
import itertools
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from dodarchive.capture.records import (
    Exchange,
    Original,
    payload_digest,
    request_head,
    response_head,
)
from dodarchive.capture.writer import WarcFileWriter
from tests.conftest import FIXTURES

GOLDEN = FIXTURES / "capture" / "golden-exchange.warc"
WHEN = datetime(2026, 1, 2, 3, 4, 5, 600000, tzinfo=UTC)
EXCHANGE = Exchange(
    url="https://www.war.gov/News/?page=2",
    method="GET",
    request_headers=[(b"Accept-Encoding", b"gzip, deflate"), (b"User-Agent", b"dodarchive/test")],
    request_body=b"",
    protocol="HTTP/1.1",
    status=200,
    response_headers=[
        (b"Content-Type", b"text/html"),
        (b"Set-Cookie", b"a=1"),
        (b"Set-Cookie", b"b=2"),
        (b"Transfer-Encoding", b"chunked"),
    ],
    body=b"<p>hi</p>\n",
    date=WHEN,
    ip_address="192.0.2.7",
)


def writer(out: Path, max_size: int = 10**9) -> WarcFileWriter:
    ids = itertools.count(1)
    return WarcFileWriter(
        out, "test", "box", max_size=max_size, info=[("software", "x"), ("operator", "me")],
        make_id=lambda: f"<urn:uuid:00000000-0000-4000-8000-{next(ids):012d}>",
        now=lambda: datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
    )  # fmt: skip


def test_whole_file_matches_golden_bytes(tmp_path: Path) -> None:
    w = writer(tmp_path)
    first = w.write_exchange(EXCHANGE)
    original = Original(first.response_id, EXCHANGE.url, first.date)
    second = w.write_exchange(EXCHANGE, original)
    path = w.close()
    assert path == tmp_path / "test-20260102030405000-00000-box.warc.gz"
    assert gzip.decompress(path.read_bytes()) == GOLDEN.read_bytes()
    assert (first.records, first.new_files, first.revisit) == (3, 1, False)
    assert (second.records, second.new_files, second.revisit) == (2, 0, True)
    assert first.bytes + second.bytes == path.stat().st_size
    warcio = Path(sys.executable).parent / "warcio"
    result = subprocess.run([str(warcio), "check", str(path)], capture_output=True, check=False)
    assert result.returncode == 0, result.stdout


def test_one_gzip_member_per_record(tmp_path: Path) -> None:
    w = writer(tmp_path)
    w.write_exchange(EXCHANGE)
    data = w.close().read_bytes()  # type: ignore[union-attr]
    assert data.count(b"\x1f\x8b\x08") == 3  # warcinfo, response, request


def test_response_head_drops_transfer_encoding_keeps_cookies() -> None:
    assert response_head(EXCHANGE) == (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\n"
    )


def test_status_line_phrases_and_fixed_length() -> None:
    moved = Exchange(
        url="http://a.example/x", method="GET", request_headers=[], request_body=b"",
        protocol="HTTP/1.0", status=301,
        response_headers=[(b"Location", b"/y"), (b"Content-Length", b"99")],
        body=b"moved", date=WHEN,
    )  # fmt: skip
    assert response_head(moved) == (
        b"HTTP/1.0 301 Moved Permanently\r\nLocation: /y\r\nContent-Length: 5\r\n\r\n"
    )
    odd = Exchange(
        url="http://a.example/x", method="GET", request_headers=[], request_body=b"",
        protocol="HTTP/1.1", status=599, response_headers=[], body=b"", date=WHEN,
    )  # fmt: skip
    assert response_head(odd) == b"HTTP/1.1 599\r\n\r\n"


def test_request_head_has_path_query_host_and_body_length() -> None:
    post = Exchange(
        url="http://127.0.0.1:8080/a%20b/c?x=1&y=%C3%A9", method="POST",
        request_headers=[(b"Content-Type", b"application/x-www-form-urlencoded")],
        request_body=b"k=v", protocol="HTTP/1.1", status=200, response_headers=[],
        body=b"", date=WHEN,
    )  # fmt: skip
    assert request_head(post) == (
        b"POST /a%20b/c?x=1&y=%C3%A9 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\n"
    )


def test_non_ascii_header_bytes_are_stored_unchanged() -> None:
    ex = Exchange(
        url="http://a.example/", method="GET", request_headers=[], request_body=b"",
        protocol="HTTP/1.1", status=200,
        response_headers=[(b"Content-Disposition", b"attachment; filename=\xe9t\xe9.pdf")],
        body=b"", date=WHEN,
    )  # fmt: skip
    assert b"filename=\xe9t\xe9.pdf\r\n" in response_head(ex)


def test_payload_digest_matches_warcio() -> None:
    from warcio.utils import Digester

    digester = Digester("sha1")
    digester.update(EXCHANGE.body)
    assert payload_digest(EXCHANGE.body) == str(digester)
