"""Read WARC files into :class:`ArchivedResponse` objects, streaming, with exact provenance.

This is the only module that turns WARC bytes into Python objects; replay, extraction
and validation all read through it, so every consumer agrees on offsets and digests.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

__all__ = [
    "ArchivedResponse",
    "BodyDecodeError",
    "RecordRef",
    "Span",
    "WarcReadError",
    "dechunk",
    "iter_records",
    "iter_spans",
]

#: Record types that carry an HTTP response (or a pointer to one).
RESPONSE_TYPES = frozenset({"response", "revisit"})
#: Headers every WARC record must have (WARC/1.1 section 5); without them it is damaged.
MANDATORY = ("WARC-Type", "WARC-Record-ID", "WARC-Date", "Content-Length")


class WarcReadError(Exception):
    """A WARC file, or the rest of it, cannot be read; ``offset`` is where reading stopped.

    ``kind`` is ``"truncated"`` when the file ends inside a record (a cut-off copy or a
    killed writer) and ``"corrupt"`` when the bytes there are not a WARC record at all.
    """

    def __init__(self, path: str, offset: int, reason: str, kind: str = "corrupt") -> None:
        super().__init__(f"{path}: cannot read WARC at byte {offset}: {reason}")
        self.path = path
        self.offset = offset
        self.reason = reason
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Span:
    """Where one whole record is stored, and its WARC-Type."""

    offset: int
    length: int
    rec_type: str


@dataclass(frozen=True, slots=True)
class RecordRef:
    """Where a record lives: enough to seek back to the exact bytes."""

    warcFile: str  # noqa: N815 - schema.org-style key, used verbatim in JSON
    recordId: str  # noqa: N815
    offset: int
    length: int
    targetUri: str  # noqa: N815
    warcDate: str  # noqa: N815
    payloadDigest: str | None  # noqa: N815
    recordType: str  # noqa: N815


@dataclass(frozen=True, slots=True)
class ArchivedResponse:
    """One archived record, with its HTTP envelope parsed and its payload read.

    ``body`` is the payload as stored (still content-encoded, and chunked if it was
    stored so); ``decoded_body()`` undoes both. ``http_headers`` keeps repeats and order.
    """

    ref: RecordRef
    status: int | None
    reason: str
    protocol: str
    http_headers: tuple[tuple[str, str], ...]
    body: bytes
    warc_headers: tuple[tuple[str, str], ...] = field(default=())

    @property
    def url(self) -> str:
        """The record's ``WARC-Target-URI``."""
        return self.ref.targetUri

    def header(self, name: str, default: str | None = None) -> str | None:
        """First value of HTTP header ``name`` (case-insensitive), or ``default``."""
        lname = name.lower()
        for key, value in self.http_headers:
            if key.lower() == lname:
                return value
        return default

    def warc_header(self, name: str, default: str | None = None) -> str | None:
        """First value of WARC header ``name`` (case-insensitive), or ``default``."""
        lname = name.lower()
        for key, value in self.warc_headers:
            if key.lower() == lname:
                return value
        return default

    @property
    def content_type(self) -> str:
        """Media type without parameters, lower-cased ('' when absent)."""
        value = self.header("Content-Type") or ""
        return value.split(";", 1)[0].strip().lower()

    def decoded_body(self, max_size: int = 64 * 1024 * 1024) -> bytes:
        """The body with chunked framing and ``Content-Encoding`` (gzip/deflate) undone,
        capped at ``max_size``.

        Raises :class:`BodyDecodeError` (a ``ValueError``) for an unknown encoding, a
        corrupt or cut-off stream, bad chunked framing, or a body that would expand
        beyond ``max_size`` (a decompression bomb).
        """
        body = self.body
        if "chunked" in (self.header("Transfer-Encoding") or "").lower():
            body = dechunk(body)
        encoding = (self.header("Content-Encoding") or "identity").strip().lower()
        if encoding in ("", "identity"):
            return body
        if encoding in ("gzip", "x-gzip", "deflate"):
            return _inflate(body, encoding, max_size)
        raise BodyDecodeError("bad-content-encoding", f"unsupported Content-Encoding {encoding!r}")


class BodyDecodeError(ValueError):
    """A stored HTTP body cannot be decoded; ``reason`` is a slug for counting
    (``bad-content-encoding``, ``truncated-body``, ``too-large``, ``bad-chunked-body``)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _inflate(body: bytes, encoding: str, max_size: int) -> bytes:
    """gzip/deflate ``body`` decoded; raw deflate is accepted for ``deflate``."""
    wbits = 47 if encoding != "deflate" else 15
    try:
        dec = zlib.decompressobj(wbits)
        out = dec.decompress(body, max_size + 1)
    except zlib.error as exc:
        if encoding != "deflate":
            raise BodyDecodeError(
                "bad-content-encoding", f"corrupt {encoding} body: {exc}"
            ) from exc
        try:  # raw deflate, as some servers send
            dec = zlib.decompressobj(-15)
            out = dec.decompress(body, max_size + 1)
        except zlib.error as exc2:
            msg = f"corrupt {encoding} body: {exc2}"
            raise BodyDecodeError("bad-content-encoding", msg) from exc2
    if len(out) > max_size or dec.unconsumed_tail:
        raise BodyDecodeError("too-large", f"decoded body exceeds {max_size} bytes")
    if not dec.eof:
        raise BodyDecodeError("truncated-body", f"{encoding} body ends before its stream does")
    return out


_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")


def dechunk(body: bytes) -> bytes:
    r"""``body`` with HTTP/1.1 chunked framing removed.

    A body that does not start with a chunk-size line was stored already de-chunked
    (as dodarchive's writer does) and is returned as it is; framing that starts right but
    breaks later raises :class:`BodyDecodeError` (``bad-chunked-body``).

    >>> dechunk(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
    b'hello world'
    >>> dechunk(b"<html></html>")
    b'<html></html>'
    """
    if not _CHUNK_SIZE.match(body):
        return body
    out: list[bytes] = []
    pos = 0
    while True:
        m = _CHUNK_SIZE.match(body, pos)
        if m is None:
            raise BodyDecodeError("bad-chunked-body", f"no chunk size at byte {pos}")
        size = int(m.group(1), 16)
        start = m.end()
        if size == 0:
            return b"".join(out)
        end = start + size
        if end > len(body):
            raise BodyDecodeError("bad-chunked-body", f"chunk at byte {pos} runs past the body")
        out.append(body[start:end])
        if body[end : end + 2] == b"\r\n":
            pos = end + 2
        elif body[end : end + 1] == b"\n":
            pos = end + 1
        else:
            raise BodyDecodeError("bad-chunked-body", f"chunk at byte {pos} has no line end")


def _open(path: str | Path) -> IO[bytes]:
    return Path(path).open("rb")


def iter_records(
    path: str | Path,
    *,
    types: Collection[str] | None = RESPONSE_TYPES,
    max_body: int = 256 * 1024 * 1024,
    name: str | None = None,
    start: int = 0,
    limit: int | None = None,
) -> Iterator[ArchivedResponse]:
    """Yield the records of one WARC file in file order, of the given ``types`` (None: all).

    Streams: one record in memory at a time. A body larger than ``max_body`` is cut and
    flagged by a ``dodarchive-truncated`` pseudo WARC header. Every record, yielded or
    not, is checked whole (mandatory headers, all Content-Length bytes, a complete gzip
    member, nothing but a record after it); a file that is not a WARC, or the first
    damaged record, raises :class:`WarcReadError` after every whole record before it has
    been yielded. ``start`` seeks to a record offset first; ``limit`` stops after that
    many records.
    """
    label = name if name is not None else Path(path).name
    where = str(path)
    offset = start
    seen = 0
    with _open(path) as fh:
        if start:
            fh.seek(start)
        it = ArchiveIterator(fh, no_record_parse=False, check_digests=False)
        it.offset = start
        try:
            for record in it:
                if limit is not None and seen >= limit:
                    return
                seen += 1
                offset = it.offset  # start of this record; the body is not read yet
                absent = [h for h in MANDATORY if not record.rec_headers.get_header(h)]
                if not record.rec_type or absent:
                    raise WarcReadError(where, offset, "WARC headers cut short", "truncated")
                wanted = types is None or record.rec_type in types
                body = record.raw_stream.read(max_body + 1) if wanted else b""
                truncated = len(body) > max_body
                if truncated:
                    body = body[:max_body]
                _drain(record.raw_stream)
                missing = getattr(record.raw_stream, "limit", 0)
                if missing:
                    want = int(record.rec_headers.get_header("Content-Length") or 0)
                    detail = f"{record.rec_type} record has {want - missing} of {want} body bytes"
                    raise WarcReadError(where, offset, detail, "truncated")
                built = _build(record, it, label, body, truncated) if wanted else None
                it.read_to_end(record)
                decompressor = getattr(it.reader, "decompressor", None)
                if decompressor is not None and not getattr(decompressor, "eof", True):
                    raise WarcReadError(where, offset, "gzip member cut short", "truncated")
                if built is not None:
                    yield built
            if seen == 0 and fh.tell() > start:
                raise WarcReadError(where, start, "no whole WARC record", "truncated")
            _check_tail(fh, it.offset, where)
        except ArchiveLoadFailed as exc:
            raise WarcReadError(where, it.offset, " ".join(str(exc).split())) from exc
        except WarcReadError:
            raise
        except Exception as exc:  # warcio raises many types on garbage; report, never crash
            raise WarcReadError(where, offset, f"{type(exc).__name__}: {exc}") from exc


def iter_spans(path: str | Path) -> Iterator[Span]:
    """The position and type of every whole record, with :func:`iter_records`' checks.

    Bodies are streamed through, never held. Raises :class:`WarcReadError` at the first
    record that is not whole.
    """
    for rec in iter_records(path, types=None, max_body=0):
        yield Span(rec.ref.offset, rec.ref.length, rec.ref.recordType)


def _check_tail(fh: IO[bytes], end: int, path: str) -> None:
    """Raise if anything but blank lines follows the last whole record (a cut-off record)."""
    fh.seek(end)
    rest = fh.read(4096)
    if rest.strip(b"\r\n"):
        size = fh.seek(0, 2)
        detail = f"{size - end} bytes after the last whole record"
        raise WarcReadError(path, end, detail, "truncated")


def _drain(stream: Any) -> None:
    """Read ``stream`` to its end in bounded chunks (never the whole body at once)."""
    while stream.read(1024 * 1024):
        pass


def _build(record: Any, it: Any, label: str, body: bytes, truncated: bool) -> ArchivedResponse:
    wh = record.rec_headers
    warc_headers = [(k, v) for k, v in wh.headers]
    if truncated:
        warc_headers.append(("dodarchive-truncated", "true"))
    # The length is only known once the record has been read to its end.
    it.read_to_end(record)
    ref = RecordRef(
        warcFile=label,
        recordId=wh.get_header("WARC-Record-ID") or "",
        offset=it.get_record_offset(),
        length=it.get_record_length(),
        targetUri=wh.get_header("WARC-Target-URI") or "",
        warcDate=wh.get_header("WARC-Date") or "",
        payloadDigest=wh.get_header("WARC-Payload-Digest"),
        recordType=record.rec_type,
    )
    status: int | None = None
    reason = ""
    protocol = ""
    headers: tuple[tuple[str, str], ...] = ()
    if record.http_headers is not None and record.rec_type in RESPONSE_TYPES:
        hh = record.http_headers
        protocol = hh.protocol or ""
        parts = (hh.statusline or "").split(" ", 1)
        if parts and parts[0].isdigit():
            status = int(parts[0])
            reason = parts[1] if len(parts) > 1 else ""
        headers = tuple((k, v) for k, v in hh.headers)
    return ArchivedResponse(
        ref=ref,
        status=status,
        reason=reason,
        protocol=protocol,
        http_headers=headers,
        body=body,
        warc_headers=tuple(warc_headers),
    )
