"""Read WARC files into :class:`ArchivedResponse` objects, streaming, with exact provenance.

This is the only module that turns WARC bytes into Python objects; replay, extraction
and validation all read through it, so every consumer agrees on offsets and digests.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Callable, Collection, Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar, Protocol, cast

from isal import isal_zlib
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader
from warcio.utils import BUFF_SIZE

__all__ = [
    "HEADER_LIMIT",
    "ArchivedResponse",
    "BodyDecodeError",
    "RecordRef",
    "Skipped",
    "Span",
    "WarcReadError",
    "Window",
    "archive_iterator",
    "dechunk",
    "find_next_record",
    "from_warcio",
    "iter_member_spans",
    "iter_records",
    "iter_records_resync",
    "iter_spans",
]

logger = logging.getLogger(__name__)

#: Most bytes of header lines (the WARC header block, then the HTTP head in its block)
#: read for one record; more is damage, not a record (a 200 MB "header line" would
#: otherwise be read whole into memory).
HEADER_LIMIT = 1024 * 1024

#: Record types, and target URI schemes, whose block warcio parses an HTTP head from.
_HTTP_RECORDS = frozenset(ArcWarcRecordLoader.HTTP_RECORDS)
_HTTP_SCHEMES = tuple(ArcWarcRecordLoader.HTTP_SCHEMES)
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
    """Where one whole record is stored, its WARC-Type and its WARC-Target-URI."""

    offset: int
    length: int
    rec_type: str
    target: str = ""


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


class HeaderTooLargeError(ValueError):
    """A record's header lines run past :data:`HEADER_LIMIT` bytes."""


class CorruptGzipError(ValueError):
    """A gzip member's data is corrupt part-way through."""


#: What a corrupt gzip stream raises: zlib's error, or ISA-L's (its stub types it as an
#: instance, hence the cast).
_GZIP_ERRORS: tuple[type[Exception], ...] = (zlib.error, cast("type[Exception]", isal_zlib.error))


def _gzip_decompressor() -> Any:
    """A gzip member inflater from ISA-L (python-isal, the writer's compressor too): the
    same interface and results as ``zlib.decompressobj(31)``, in well under half the
    CPU time; reading a ``.warc.gz`` is mostly inflating it (bench/RESULTS.md)."""
    return isal_zlib.decompressobj(31)


class _CappedReader(DecompressingBufferedReader):  # type: ignore[misc]
    """warcio's reader with header lines capped, and corrupt gzip data raised, not printed.

    Header lines are read with ``readline``, bodies with ``read``; the bytes of
    ``readline`` calls since the iterator last called :meth:`new_record` may not pass
    :data:`HEADER_LIMIT`, so no line is ever held beyond that. Gzip members are inflated
    by :func:`_gzip_decompressor`.
    """

    DECOMPRESSORS: ClassVar[dict[str, Callable[[], Any]]] = {
        **DecompressingBufferedReader.DECOMPRESSORS,
        "gzip": _gzip_decompressor,
    }

    def __init__(self, stream: Readable, block_size: int = BUFF_SIZE) -> None:
        super().__init__(stream, block_size=block_size)
        self.header_bytes = 0

    def new_record(self) -> None:
        """The next ``readline`` starts a new record's header budget."""
        self.header_bytes = 0

    def readline(self, length: int | None = None) -> bytes:
        budget = HEADER_LIMIT - self.header_bytes
        if length is None or length < 0 or length > budget + 1:
            length = budget + 1
        line: bytes = super().readline(length)
        self.header_bytes += len(line)
        if self.header_bytes > HEADER_LIMIT:
            raise HeaderTooLargeError(f"header lines over {HEADER_LIMIT} bytes")
        return line

    def _decompress(self, data: bytes) -> bytes:
        if self.decompressor and data and self.num_block_read:
            try:
                out: bytes = self.decompressor.decompress(data)
            except _GZIP_ERRORS as exc:  # warcio would print it and read on as if at the end
                raise CorruptGzipError(f"corrupt gzip data: {exc}") from exc
            return out
        result: bytes = super()._decompress(data)
        return result


class _Iterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's ArchiveIterator reading through :class:`_CappedReader` (a fresh header
    budget per record); a stray line after a record is counted in ``err_count`` and
    logged in one line, never printed to stderr."""

    def __init__(self, fh: Readable, **kwargs: Any) -> None:
        super().__init__(fh, **kwargs)
        self.reader = _CappedReader(self.fh, block_size=kwargs.get("block_size", BUFF_SIZE))

    def _next_record(self, next_line: bytes | None) -> Any:
        self.reader.new_record()
        return super()._next_record(next_line)

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        """Skip the line ends after a record; return the next record's first line (None at
        the end) and the bytes skipped. A first line that is not blank means the previous
        record's Content-Length was wrong: it is skipped, counted and logged."""
        skipped = 0
        first = True
        while True:
            line: bytes = self.reader.readline()
            if not line:
                return None, skipped
            if line.strip() and not first:
                return line, skipped
            if line.strip():
                self.err_count += 1
                logger.warning(
                    "stray bytes after the WARC record at byte %d (wrong Content-Length?): %r",
                    self.offset, line[:60],
                )  # fmt: skip
            skipped += len(line)
            first = False


class Readable(Protocol):
    """A binary file-like object: ``read`` and ``tell`` are all warcio needs."""

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes (all when negative); b"" at the end."""
        ...

    def tell(self) -> int:
        """The current offset."""
        ...


class Window:
    """Bytes ``start`` to ``end`` of ``fh``, read as if the file ended at ``end`` (so a
    warcio iterator over it stops before a damaged stretch); offsets stay the file's."""

    def __init__(self, fh: IO[bytes], start: int, end: int) -> None:
        fh.seek(start)
        self.fh = fh
        self.end = end

    def tell(self) -> int:
        """The offset in the whole file."""
        return self.fh.tell()

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes, never past ``end``."""
        left = max(self.end - self.fh.tell(), 0)
        return self.fh.read(left if size < 0 else min(size, left))


def archive_iterator(fh: Readable, **kwargs: Any) -> Any:
    """A warcio ``ArchiveIterator`` over ``fh`` (same arguments) with bounded memory:
    header lines capped at :data:`HEADER_LIMIT` (:class:`HeaderTooLargeError`), corrupt
    gzip data raised (:class:`CorruptGzipError`) and nothing written to stderr."""
    return _Iterator(fh, **kwargs)


def iter_records(
    path: str | Path,
    *,
    types: Collection[str] | None = RESPONSE_TYPES,
    max_body: int = 256 * 1024 * 1024,
    name: str | None = None,
    start: int = 0,
    limit: int | None = None,
    body_for: Callable[[str], bool] | None = None,
) -> Iterator[ArchivedResponse]:
    """Yield the records of one WARC file in file order, of the given ``types`` (None: all).

    Streams: one record in memory at a time, at most ``max_body`` bytes of its body; a
    longer body is cut there and flagged by a ``dodarchive-truncated`` pseudo WARC header
    whose value is ``max_body``. Header lines are capped at :data:`HEADER_LIMIT`. Every
    record, yielded or not, is checked whole (mandatory headers, all Content-Length
    bytes, a complete gzip member, nothing but a record after it); a file that is not a
    WARC, or the first
    damaged record, raises :class:`WarcReadError` after every whole record before it has
    been yielded. ``start`` seeks to a record offset first; ``limit`` stops after that
    many records. ``body_for`` (given a record's WARC-Target-URI) says whether its body is
    read at all: a record it refuses is yielded with an empty body, its bytes streamed
    through unread (e.g. records off the site table).
    """
    label = name if name is not None else Path(path).name
    where = str(path)
    offset = start
    seen = 0
    with _open(path) as fh:
        if start:
            fh.seek(start)
        it = archive_iterator(fh, no_record_parse=False, check_digests=False)
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
                want = record.rec_headers.get_header("Content-Length") or ""
                if not want.strip().isdigit():
                    raise WarcReadError(where, offset, f"bad Content-Length {want[:40]!r}")
                wanted = types is None or record.rec_type in types
                if wanted and body_for is not None:
                    read = body_for(record.rec_headers.get_header("WARC-Target-URI") or "")
                else:
                    read = True
                # At most max_body bytes, then one more to tell "cut" (no copy by slicing).
                body = record.raw_stream.read(max_body) if wanted and read and max_body else b""
                truncated = (
                    wanted and read and len(body) == max_body and bool(record.raw_stream.read(1))
                )
                _drain(record.raw_stream)
                missing = getattr(record.raw_stream, "limit", 0)
                if missing:
                    whole = int(want)
                    detail = f"{record.rec_type} record has {whole - missing} of {whole} body bytes"
                    raise WarcReadError(where, offset, detail, "truncated")
                built = _build(record, it, label, body, truncated) if wanted else None
                it.read_to_end(record)
                decompressor = getattr(it.reader, "decompressor", None)
                if decompressor is not None and not getattr(decompressor, "eof", True):
                    raise WarcReadError(where, offset, "gzip member cut short", "truncated")
                offset = it.offset  # the next record starts here
                if built is not None:
                    yield built
            if seen == 0 and fh.tell() > start:
                raise WarcReadError(where, start, "no whole WARC record", "truncated")
            _check_tail(fh, it.offset, where)
        except ArchiveLoadFailed as exc:
            raise WarcReadError(where, it.offset, " ".join(str(exc).split())) from exc
        except HeaderTooLargeError as exc:
            raise WarcReadError(where, offset, str(exc)) from exc
        except WarcReadError:
            raise
        except Exception as exc:  # warcio raises many types on garbage; report, never crash
            raise WarcReadError(where, offset, f"{type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Skipped:
    """Bytes ``start`` to ``end`` (exclusive) of a WARC could not be read as records;
    reading went on at ``end`` (the file size: nothing readable came after)."""

    start: int
    end: int
    kind: str  # "truncated" or "corrupt", as WarcReadError.kind
    reason: str


#: What a gzip member that starts a WARC record inflates to first.
_WARC_START = re.compile(rb"WARC/\d+\.\d+\r?\n")
_GZIP_MAGIC = b"\x1f\x8b\x08"


def _starts_record(data: bytes, gzipped: bool) -> bool:
    """``data`` (from some offset on) begins a WARC record: a gzip member inflating to a
    ``WARC/1.x`` line, or (plain files) that line itself."""
    if not gzipped:
        return _WARC_START.match(data) is not None
    try:
        head = zlib.decompressobj(31).decompress(data, 16)
    except zlib.error:
        return False
    return _WARC_START.match(head) is not None


def find_next_record(path: str | Path, after: int) -> int | None:
    """The offset of the first record start at or after byte ``after``: a gzip member
    that inflates to a WARC version line (a ``.warc.gz``), else a ``WARC/1.x`` line
    at a line start; None if there is none. Streams the file in 1 MiB steps."""
    with _open(path) as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
        needle = _GZIP_MAGIC if gzipped else b"WARC/"
        step = 1 << 20
        pos = after
        while True:
            fh.seek(max(pos - 1, 0))
            data = fh.read(step + 65)  # one byte before pos: is a match at a line start?
            base = max(pos - 1, 0)
            at = data.find(needle, pos - base)
            while 0 <= at < step + (pos - base):
                line_start = gzipped or base + at == 0 or data[at - 1] == 0x0A
                if line_start and _starts_record(data[at:], gzipped):
                    return base + at
                at = data.find(needle, at + 1)
            if len(data) < step + 65:
                return None
            pos += step


def iter_records_resync(
    path: str | Path,
    *,
    types: Collection[str] | None = RESPONSE_TYPES,
    max_body: int = 256 * 1024 * 1024,
    name: str | None = None,
    body_for: Callable[[str], bool] | None = None,
) -> Iterator[ArchivedResponse | Skipped]:
    """:func:`iter_records` over the whole file that does not stop at damage: each
    damaged stretch is yielded as one :class:`Skipped` and reading resumes at the next
    gzip member (or line) that starts a WARC record (:func:`find_next_record`).

    A garbage member, an absurd or negative Content-Length, a non-gzip blob, a cut record:
    every whole record after the damage is still yielded, in file order.
    """
    start = 0
    size = Path(path).stat().st_size
    while True:
        try:
            yield from iter_records(
                path, types=types, max_body=max_body, name=name, start=start, body_for=body_for
            )
            return
        except WarcReadError as exc:
            damaged = max(exc.offset, start)
            resume = find_next_record(path, damaged + 1)
            end = size if resume is None else resume
            yield Skipped(damaged, end, exc.kind, exc.reason)
            if resume is None:
                return
            start = resume


def iter_spans(path: str | Path) -> Iterator[Span]:
    """The position and type of every whole record, with :func:`iter_records`' checks.

    Bodies are streamed through, never held. Raises :class:`WarcReadError` at the first
    record that is not whole.
    """
    for rec in iter_records(path, types=None, max_body=0):
        yield Span(rec.ref.offset, rec.ref.length, rec.ref.recordType, rec.ref.targetUri)


#: Output kept of each gzip member by :func:`iter_member_spans` (its WARC and HTTP heads).
_MEMBER_HEAD = 64 * 1024
#: Compressed bytes fed to an inflater at once (what a member's ``unused_data`` copies).
_FEED = 16 * 1024
_WARC_LINES = (b"WARC/1.0\r\n", b"WARC/1.1\r\n")


def iter_member_spans(path: str | Path) -> Generator[Span, None, int | None]:
    """Yield the :class:`Span` of each record of a ``.warc.gz``, the quick way: inflate
    member by member, keeping only each member's first bytes, and read its WARC headers.

    Only members of the plain, common shape are taken, for which :func:`iter_records`
    is known to find the same span (one ``WARC/1.0`` or ``WARC/1.1`` record per whole
    member, UTF-8 header lines without folding, the mandatory headers, exactly
    Content-Length bytes then ``CRLF CRLF``, an HTTP head found early). At the first
    member of any other shape, or a file that is not gzip, it stops and returns that
    member's offset: the caller reads on with :func:`iter_records`. Returns None when
    every member was taken. Several times faster than warcio for a scan, because the
    bodies are inflated and dropped without any Python per line.
    """
    with _open(path) as fh:
        chunks = _Chunks(fh)
        if not chunks.feed().tobytes().startswith(_GZIP_MAGIC):
            return 0
        while True:
            start = chunks.offset
            feed = chunks.feed()
            if not feed:
                return None  # the last member ended at the end of the file
            inflater = _gzip_decompressor()
            head = bytearray()
            size = 0
            tail = b""
            while True:
                if not feed:
                    return start  # the file ends inside this member
                try:
                    out = inflater.decompress(feed, 1 << 20)
                    while True:
                        size += len(out)
                        if len(head) < _MEMBER_HEAD:
                            head += out[: _MEMBER_HEAD - len(head)]
                        tail = (tail + out[-4:])[-4:]
                        if not inflater.unconsumed_tail:
                            break
                        out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)
                except _GZIP_ERRORS:
                    return start
                if inflater.eof:
                    chunks.used(len(feed) - len(inflater.unused_data))
                    break
                chunks.used(len(feed))
                feed = chunks.feed()
            span = _member_span(bytes(head), size, tail, start, chunks.offset - start)
            if span is None:
                return start
            yield span


class _Chunks:
    """A file read forward in 1 MiB steps, handed out :data:`_FEED` bytes at a time."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.view = memoryview(b"")
        self.start = 0  # where view starts in the file
        self.next = 0  # the next unused byte of view

    @property
    def offset(self) -> int:
        """The file offset of the next unused byte."""
        return self.start + self.next

    def feed(self) -> memoryview:
        """The next unused bytes, up to :data:`_FEED` of them; empty at the end."""
        if len(self.view) - self.next < _FEED and (more := self.fh.read(1 << 20)):
            self.view = memoryview(bytes(self.view[self.next :]) + more)
            self.start, self.next = self.offset, 0
        return self.view[self.next : self.next + _FEED]

    def used(self, count: int) -> None:
        """Mark ``count`` bytes of the last feed used."""
        self.next += count


def _member_span(head: bytes, size: int, tail: bytes, offset: int, length: int) -> Span | None:
    """The span of a member that inflates to ``size`` bytes starting ``head`` and ending
    ``tail``, if it is one record of the shape :func:`iter_member_spans` takes; else None.
    Header lines are read as warcio reads them (``StatusAndHeadersParser``)."""
    if not head.startswith(_WARC_LINES):
        return None
    end = head.find(b"\r\n\r\n")
    if end < 0:
        return None
    try:
        text = head[10:end].decode("utf-8")
    except UnicodeDecodeError:
        return None
    headers: dict[str, str] = {}
    for raw in text.split("\r\n"):
        line = raw.rstrip()
        if "\n" in raw or not line or line[0] in " \t":  # a bare LF, an early end, folding
            return None
        name, colon, value = line.partition(":")
        if colon:
            headers.setdefault(name.rstrip(" \t").lower(), value.lstrip())
    if any(not headers.get(h.lower()) for h in MANDATORY):
        return None
    want = headers["content-length"].strip()
    if not want.isdigit() or not want.isascii():
        return None
    body = end + 4
    if size != body + int(want) + 4 or tail != b"\r\n\r\n":
        return None  # (other bytes after the block: warcio warns of them; so it still does)
    rec_type = headers["warc-type"]
    target = headers.get("warc-target-uri")
    http = rec_type in _HTTP_RECORDS and int(want) > 0  # warcio reads an HTTP head ...
    if target is None:
        if http:
            return None  # ... and fails without a target URI
        target = ""
    if target.startswith("<") and target.endswith(">"):  # as warcio corrects it
        target = target[1:-1]
    target = target.replace(" ", "%20")
    far = body + int(want) > _MEMBER_HEAD and head.find(b"\r\n\r\n", body) < 0
    if http and target.startswith(_HTTP_SCHEMES) and far:
        return None  # ... whose end (and so its size) was not seen
    return Span(offset, length, rec_type, target)


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
    # The length is only known once the record has been read to its end.
    it.read_to_end(record)
    offset, length = it.get_record_offset(), it.get_record_length()
    return _response(record, label, offset=offset, length=length, body=body, truncated=truncated)


def from_warcio(
    record: Any,
    *,
    warc_file: str = "",
    offset: int = 0,
    length: int = 0,
    max_body: int = 64 * 1024 * 1024,
) -> ArchivedResponse:
    """An :class:`ArchivedResponse` from a record of the caller's own warcio
    ``ArchiveIterator``, its payload read as stored (still content-encoded) up to
    ``max_body`` bytes (a longer one is cut and flagged, as :func:`iter_records` does).

    Provenance is what the caller knows: ``warc_file``, ``offset`` and ``length`` (warcio's
    ``get_record_offset()``/``get_record_length()`` once the record has been read).
    """
    body = record.raw_stream.read(max_body + 1)
    truncated = len(body) > max_body
    return _response(
        record, warc_file, offset=offset, length=length, body=body[:max_body], truncated=truncated
    )


def _response(
    record: Any, label: str, *, offset: int, length: int, body: bytes, truncated: bool
) -> ArchivedResponse:
    wh = record.rec_headers
    warc_headers = [(k, v) for k, v in wh.headers]
    if truncated:
        warc_headers.append(("dodarchive-truncated", str(len(body))))
    ref = RecordRef(
        warcFile=label,
        recordId=wh.get_header("WARC-Record-ID") or "",
        offset=offset,
        length=length,
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
