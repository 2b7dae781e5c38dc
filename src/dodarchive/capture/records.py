"""Build WARC/1.1 records (warcio objects) for one HTTP exchange, with exact HTTP bytes.

What is stored:

- the status line and header lines as the server sent them (reason phrase, name case,
  order, repeated ``Set-Cookie``), when :mod:`.wire` could record them; otherwise
  ``response.protocol``, the code and the standard phrase (:class:`http.HTTPStatus`; none
  for an unknown code) and the headers in Twisted's order, grouped by name;
- the body is the de-chunked payload still content-encoded. ``Transfer-Encoding`` is never
  stored; a ``Content-Length`` that disagrees with the stored body is set to its length.

Header bytes are written exactly as built here: warcio would otherwise percent-encode
non-ASCII header values.
"""

from __future__ import annotations

import hashlib
import http
from base64 import b32encode
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from io import BytesIO
from typing import Any
from urllib.parse import urlsplit

from warcio.recordbuilder import RecordBuilder
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date

__all__ = [
    "WARC_VERSION",
    "Exchange",
    "Original",
    "payload_digest",
    "request_record",
    "response_record",
    "revisit_record",
    "warc_date",
    "warcinfo_record",
]

WARC_VERSION = "WARC/1.1"
REVISIT_PROFILE = RecordBuilder.REVISIT_PROFILE_1_1

Headers = Sequence[tuple[bytes, bytes]]

_BUILDER = RecordBuilder(warc_version=WARC_VERSION)


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and the response it got, as the crawler saw them."""

    url: str
    method: str
    request_headers: Headers
    request_body: bytes
    protocol: str
    status: int
    response_headers: Headers
    body: bytes
    date: datetime
    ip_address: str | None = None
    truncated: str | None = None  # WARC-Truncated reason, when the body is incomplete
    reason: str | None = None  # the reason phrase as sent; None: the standard one
    sent_head: bytes | None = None  # the request head as written to the socket, if known
    original_url: str | None = None  # for a web-archive fetch: the URL originally captured


@dataclass(frozen=True, slots=True)
class Original:
    """Where a payload was first archived: what a revisit record refers to."""

    record_id: str
    target_uri: str
    date: str  # its WARC-Date


@lru_cache(maxsize=256)  # each exchange's date is written into three or four headers
def warc_date(moment: datetime) -> str:
    """WARC/1.1 date with microseconds, always UTC.

    >>> warc_date(datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC))
    '2026-01-02T03:04:05.678000Z'
    """
    return str(datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None), use_micros=True))


#: :func:`payload_digest` of no bytes (most request bodies).
EMPTY_DIGEST = "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"


def payload_digest(body: bytes) -> str:
    """The sha1 base32 digest Heritrix and warcio write, as ``sha1:BASE32``.

    >>> payload_digest(b"") == EMPTY_DIGEST == _sha1_b32(b"")
    True
    """
    return _sha1_b32(body) if body else EMPTY_DIGEST


def _digests(fields: dict[str, str], head: bytes, body: bytes, payload: str | None) -> None:
    """Add the payload and block digests to ``fields``, in the order warcio writes them.

    Given here, warcio does not re-read the record to compute them (one sha1 pass over
    the body instead of three, counting the dedup lookup's).
    """
    fields["WARC-Payload-Digest"] = payload or payload_digest(body)
    fields["WARC-Block-Digest"] = _sha1_b32(head, body)


def _sha1_b32(*parts: bytes) -> str:
    """``sha1:BASE32`` of ``parts`` joined (without joining them)."""
    digest = hashlib.sha1()  # noqa: S324 - the WARC digest, not a security use
    for part in parts:
        digest.update(part)
    return "sha1:" + b32encode(digest.digest()).decode("ascii")


def _http_record(kind: str, fields: dict[str, str], head: _ExactHead, body: bytes) -> Any:
    """A warcio record of HTTP ``head`` and ``body``, its digests already in ``fields``.

    Built directly rather than with ``RecordBuilder.create_warc_record``, which re-scans
    the headers and re-reads the body for digests: together half of the writer's time
    per page. warcio's writer still serializes it (and would fill in a missing digest).
    """
    headers = StatusAndHeaders("", list(fields.items()), protocol=WARC_VERSION)
    record = ArcWarcRecord(
        "warc", kind, headers, BytesIO(body), head, RecordBuilder.WARC_RECORDS[kind], len(body)
    )
    record.payload_length = len(body)
    return record


class _ExactHead(StatusAndHeaders):  # type: ignore[misc]
    """warcio HTTP headers whose serialization is exactly ``raw`` (no re-encoding)."""

    def __init__(self, raw: bytes, statusline: str, headers: list[tuple[str, str]], proto: str):
        super().__init__(statusline, headers, protocol=proto)
        self.raw = raw

    def compute_headers_buffer(self, header_filter: Any = None) -> None:
        self.headers_buff = self.raw


def _lines(headers: Iterable[tuple[bytes, bytes]]) -> bytes:
    return b"".join(name + b": " + value + b"\r\n" for name, value in headers)


def _head(first_line: str, headers: Headers, proto: str) -> _ExactHead:
    raw = first_line.encode("latin-1") + b"\r\n" + _lines(headers) + b"\r\n"
    text = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
    statusline = first_line.split(" ", 1)[1] if first_line.startswith("HTTP/") else first_line
    return _ExactHead(raw, statusline, text, proto)


def stored_response_headers(headers: Headers, body_length: int) -> list[tuple[bytes, bytes]]:
    """Response headers to store for a de-chunked body of ``body_length`` bytes.

    >>> stored_response_headers([(b"Transfer-Encoding", b"chunked"), (b"A", b"1")], 3)
    [(b'A', b'1')]
    >>> stored_response_headers([(b"Content-Length", b"9")], 3)
    [(b'Content-Length', b'3')]
    """
    out: list[tuple[bytes, bytes]] = []
    for name, value in headers:
        lname = name.lower()
        if lname == b"transfer-encoding":
            continue
        if lname == b"content-length" and value.strip() != str(body_length).encode():
            out.append((name, str(body_length).encode()))
        else:
            out.append((name, value))
    return out


def response_head(ex: Exchange) -> bytes:
    """The stored HTTP status line and headers of ``ex``'s response."""
    return bytes(_response_head(ex).raw)


def _response_head(ex: Exchange) -> _ExactHead:
    reason = ex.reason
    if reason is None:
        try:
            reason = http.HTTPStatus(ex.status).phrase
        except ValueError:
            reason = ""
    line = f"{ex.protocol} {ex.status} {reason}".rstrip()
    return _head(line, stored_response_headers(ex.response_headers, len(ex.body)), ex.protocol)


def request_head(ex: Exchange) -> bytes:
    """The request head as written to the socket when known (``sent_head``); otherwise
    rebuilt: request line with full path and query, ``Host``, then Scrapy's headers."""
    return bytes(_request_head(ex).raw)


def _request_head(ex: Exchange) -> _ExactHead:
    if ex.sent_head:
        first, *lines = ex.sent_head.removesuffix(b"\r\n\r\n").split(b"\r\n")
        pairs = [(k, v.strip()) for k, _, v in (line.partition(b":") for line in lines)]
        head = _head(first.decode("latin-1"), pairs, "HTTP/1.1")
        head.raw = ex.sent_head
        return head
    parts = urlsplit(ex.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(ex.request_headers)
    if not any(name.lower() == b"host" for name, _ in headers):
        headers.insert(0, (b"Host", parts.netloc.encode("idna")))
    if ex.request_body and not any(n.lower() == b"content-length" for n, _ in headers):
        headers.append((b"Content-Length", str(len(ex.request_body)).encode()))
    return _head(f"{ex.method} {target} HTTP/1.1", headers, "HTTP/1.1")


def _warc_headers(
    kind: str, record_id: str, ex: Exchange, warcinfo_id: str | None
) -> dict[str, str]:
    fields = {"WARC-Type": kind, "WARC-Record-ID": record_id}
    if warcinfo_id:
        fields["WARC-Warcinfo-ID"] = warcinfo_id
    fields["WARC-Target-URI"] = ex.url
    fields["WARC-Date"] = warc_date(ex.date)
    if ex.ip_address and kind != "request":
        fields["WARC-IP-Address"] = ex.ip_address
    return fields


def response_record(
    ex: Exchange, record_id: str, warcinfo_id: str | None, digest: str | None = None
) -> Any:
    """A ``response`` record: stored status line and headers, then the body as received.

    ``digest`` is ``payload_digest(ex.body)`` when the caller has it already.
    """
    fields = _warc_headers("response", record_id, ex, warcinfo_id)
    if ex.truncated:
        fields["WARC-Truncated"] = ex.truncated
    head = _response_head(ex)
    _digests(fields, head.raw, ex.body, digest)
    return _http_record("response", fields, head, ex.body)


def revisit_record(
    ex: Exchange, record_id: str, warcinfo_id: str | None, original: Original,
    digest: str | None = None,
) -> Any:  # fmt: skip
    """An identical-payload-digest ``revisit``: the response headers, no body.

    ``digest`` is ``payload_digest(ex.body)`` when the caller has it already.
    """
    fields = _warc_headers("revisit", record_id, ex, warcinfo_id)
    fields["WARC-Profile"] = REVISIT_PROFILE
    fields["WARC-Refers-To"] = original.record_id
    fields["WARC-Refers-To-Target-URI"] = original.target_uri
    fields["WARC-Refers-To-Date"] = original.date
    fields["WARC-Payload-Digest"] = digest or payload_digest(ex.body)
    head = _response_head(ex)
    fields["WARC-Block-Digest"] = _sha1_b32(head.raw)
    return _http_record("revisit", fields, head, b"")


def request_record(
    ex: Exchange, record_id: str, warcinfo_id: str | None, concurrent_to: str
) -> Any:
    """A ``request`` record linked to its response by ``WARC-Concurrent-To``."""
    fields = _warc_headers("request", record_id, ex, warcinfo_id)
    fields["WARC-Concurrent-To"] = concurrent_to
    head = _request_head(ex)
    _digests(fields, head.raw, ex.request_body, None)
    return _http_record("request", fields, head, ex.request_body)


def metadata_record(
    ex: Exchange, record_id: str, warcinfo_id: str | None, refers_to: str,
    fields: Sequence[tuple[str, str]],
) -> Any:  # fmt: skip
    """A ``metadata`` record about the response ``refers_to`` (``name: value`` lines)."""
    headers = _warc_headers("metadata", record_id, ex, warcinfo_id)
    headers.pop("WARC-IP-Address", None)
    headers["WARC-Refers-To"] = refers_to
    body = "".join(f"{name}: {value}\r\n" for name, value in fields).encode("utf-8")
    return _BUILDER.create_warc_record(
        ex.url,
        "metadata",
        payload=BytesIO(body),
        length=len(body),
        warc_headers_dict=headers,
        warc_content_type="application/warc-fields",
    )


def warcinfo_record(
    filename: str, fields: Sequence[tuple[str, str]], record_id: str, date: datetime
) -> Any:
    """The ``warcinfo`` record that opens each file (``name: value`` lines)."""
    body = "".join(f"{name}: {value}\r\n" for name, value in fields if value).encode("utf-8")
    headers = {
        "WARC-Type": "warcinfo",
        "WARC-Record-ID": record_id,
        "WARC-Filename": filename,
        "WARC-Date": warc_date(date),
    }
    return _BUILDER.create_warc_record(
        "",
        "warcinfo",
        payload=BytesIO(body),
        length=len(body),
        warc_headers_dict=headers,
        warc_content_type="application/warc-fields",
    )
