"""Golden-byte tests: fixed record ids and dates, so whole WARC records compare exactly."""

from __future__ import annotations

import base64
import dataclasses
import gzip
import hashlib
import itertools
import subprocess
import sys
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from dodarchive.capture.records import (
    Exchange,
    Original,
    metadata_record,
    payload_digest,
    request_head,
    request_record,
    response_head,
    response_record,
    revisit_record,
    warcinfo_record,
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


# --- single records, serialized by warcio: exact headers and blocks -----------------------


def _sha1(data: bytes) -> str:
    """The WARC digest, computed here independently of the code under test."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()


def _serialized(record: object) -> tuple[list[tuple[str, str]], bytes]:
    """(WARC header lines, block) of ``record`` as warcio writes and reads it back."""
    out = BytesIO()
    WARCWriter(out, gzip=False, warc_version="WARC/1.1").write_record(record)
    out.seek(0)
    (read,) = list(ArchiveIterator(out))
    block = out.getvalue().split(b"\r\n\r\n", 1)[1]
    assert block.endswith(b"\r\n\r\n")  # the record's end
    return list(read.rec_headers.headers), block[: int(read.rec_headers["Content-Length"])]


def test_metadata_record_is_warc_fields_about_the_response() -> None:
    fields = [("fetchTimeMs", "12"), ("outlink", "https://www.war.gov/é")]
    record = metadata_record(EXCHANGE, "<urn:uuid:m>", "<urn:uuid:info>", "<urn:uuid:resp>", fields)
    body = "fetchTimeMs: 12\r\noutlink: https://www.war.gov/é\r\n".encode()
    headers, block = _serialized(record)
    assert dict(headers) == {
        "WARC-Type": "metadata",
        "WARC-Record-ID": "<urn:uuid:m>",
        "WARC-Warcinfo-ID": "<urn:uuid:info>",
        "WARC-Target-URI": "https://www.war.gov/News/?page=2",
        "WARC-Date": "2026-01-02T03:04:05.600000Z",
        "WARC-Refers-To": "<urn:uuid:resp>",  # and no WARC-IP-Address: not a fetch
        "Content-Type": "application/warc-fields",
        "WARC-Payload-Digest": _sha1(body),
        "WARC-Block-Digest": _sha1(body),
        "Content-Length": str(len(body)),
    }
    assert block == body
    # without a warcinfo id, none is written
    headers, _ = _serialized(metadata_record(EXCHANGE, "<urn:uuid:m>", None, "<urn:uuid:r>", []))
    assert "WARC-Warcinfo-ID" not in dict(headers)
    assert dict(headers)["Content-Length"] == "0"


def test_warcinfo_record_drops_empty_fields() -> None:
    fields = [("software", "dodarchive"), ("operator", ""), ("description", "Défense")]
    record = warcinfo_record("x.warc.gz", fields, "<urn:uuid:i>", WHEN)
    body = "software: dodarchive\r\ndescription: Défense\r\n".encode()
    headers, block = _serialized(record)
    assert dict(headers) == {
        "WARC-Type": "warcinfo",
        "WARC-Record-ID": "<urn:uuid:i>",
        "WARC-Filename": "x.warc.gz",
        "WARC-Date": "2026-01-02T03:04:05.600000Z",
        "Content-Type": "application/warc-fields",
        "WARC-Block-Digest": _sha1(body),
        "Content-Length": str(len(body)),
    }
    assert block == body


def test_truncated_response_and_a_given_digest() -> None:
    cut = dataclasses.replace(EXCHANGE, truncated="length")
    record = response_record(cut, "<urn:uuid:r>", None, digest="sha1:GIVENBYTHECALLER")
    headers = dict(_serialized(record)[0])
    assert headers["WARC-Truncated"] == "length"
    assert headers["WARC-Payload-Digest"] == "sha1:GIVENBYTHECALLER"  # not computed again
    assert headers["WARC-IP-Address"] == "192.0.2.7"
    assert "WARC-Truncated" not in dict(_serialized(response_record(EXCHANGE, "<a>", None))[0])


def test_records_parse_their_own_heads() -> None:
    """What a reader of the returned record objects sees: status, protocol, headers."""
    record = response_record(EXCHANGE, "<urn:uuid:r>", None)
    assert (record.format, record.rec_type, record.rec_headers.protocol) == (
        "warc",
        "response",
        "WARC/1.1",
    )
    resp = record.http_headers
    assert (resp.protocol, resp.statusline, resp.get_statuscode()) == ("HTTP/1.1", "200 OK", "200")
    assert resp.headers == [("Content-Type", "text/html"), ("Set-Cookie", "a=1"),
                            ("Set-Cookie", "b=2")]  # fmt: skip
    req = request_record(EXCHANGE, "<urn:uuid:q>", None, "<urn:uuid:r>").http_headers
    assert (req.protocol, req.statusline) == ("HTTP/1.1", "GET /News/?page=2 HTTP/1.1")
    sent = dataclasses.replace(
        EXCHANGE, sent_head=b"GET /News/?page=2 HTTP/1.1\r\nHost: www.war.gov\r\n"
        b"Referer:  https://www.war.gov/x \r\n\r\n",
    )  # fmt: skip
    req = request_record(sent, "<urn:uuid:q>", None, "<urn:uuid:r>")
    assert req.http_headers.headers == [("Host", "www.war.gov"),
                                        ("Referer", "https://www.war.gov/x")]  # fmt: skip
    assert (req.http_headers.protocol, req.http_headers.statusline) == (
        "HTTP/1.1",
        "GET /News/?page=2 HTTP/1.1",
    )
    assert request_head(sent) == sent.sent_head
    original = Original("<urn:uuid:r>", EXCHANGE.url, "2026-01-01T00:00:00Z")
    revisit = revisit_record(EXCHANGE, "<urn:uuid:v>", None, original)
    headers, block = _serialized(revisit)
    assert block == response_head(EXCHANGE)  # the head only, no body
    assert dict(headers)["WARC-Payload-Digest"] == _sha1(EXCHANGE.body)
    assert dict(headers)["WARC-Block-Digest"] == _sha1(response_head(EXCHANGE))


def test_request_head_rebuilt_edges() -> None:
    bare = dataclasses.replace(EXCHANGE, url="https://www.war.gov", request_headers=[
        (b"host", b"war.gov"), (b"content-length", b"3")], request_body=b"k=v")  # fmt: skip
    assert request_head(bare) == (b"GET / HTTP/1.1\r\nhost: war.gov\r\ncontent-length: 3\r\n\r\n")
    plain = dataclasses.replace(EXCHANGE, url="https://www.war.gov/a/", request_headers=[])
    assert request_head(plain) == b"GET /a/ HTTP/1.1\r\nHost: www.war.gov\r\n\r\n"


def test_metadata_of_an_exchange_without_an_ip_and_a_length_kept_as_sent() -> None:
    no_ip = dataclasses.replace(EXCHANGE, ip_address=None)
    headers, _ = _serialized(metadata_record(no_ip, "<urn:uuid:m>", None, "<urn:uuid:r>", []))
    assert "WARC-IP-Address" not in dict(headers)
    # a Content-Length that agrees with the body is stored byte for byte, blanks included
    spaced = dataclasses.replace(EXCHANGE, response_headers=[(b"Content-Length", b" 10")])
    assert response_head(spaced) == b"HTTP/1.1 200 OK\r\nContent-Length:  10\r\n\r\n"
