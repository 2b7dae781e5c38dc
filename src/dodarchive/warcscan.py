"""Walk a WARC's record boundaries, check that each record is whole, and find damage.

warcio reads a WARC cut off mid-record without complaint: it yields the last record
short, or stops early. Extraction must know exactly which records are whole, so this
module walks a file once (streaming bodies in chunks, never holding one in memory) and
yields a :class:`Span` per whole record, then a :class:`Damage` if the file stops being
readable before its end. :func:`check_input` is the cheap first look that tells "not a
WARC at all" apart from "a WARC damaged later".
"""

from __future__ import annotations

import errno
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

__all__ = ["Damage", "InputError", "Span", "check_input", "scan"]

_CHUNK = 1 << 16


class InputError(Exception):
    """An input cannot be read at all; the message is one line: ``PATH: reason``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Span:
    """One whole record: where it starts, how long it is stored, and its WARC-Type."""

    offset: int
    length: int
    rec_type: str


@dataclass(frozen=True, slots=True)
class Damage:
    """Where a WARC stops being readable; ``reason`` is a slug, ``detail`` says why."""

    offset: int
    reason: str  # "warc-truncated" or "warc-corrupt"
    detail: str


def check_input(path: str | Path) -> None:
    """Raise :class:`InputError` unless ``path`` is a readable file that starts as a WARC.

    Tells apart: missing, not a regular file, permission denied, empty, and not a WARC
    (plain or gzip). Reads only the first bytes.
    """
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(_CHUNK)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as exc:
        reason = errno.errorcode.get(exc.errno or 0, "") or type(exc).__name__
        raise InputError(path, f"cannot open ({reason}: {exc.strerror})") from None
    if not head:
        raise InputError(path, "empty file")
    if head[:2] == b"\x1f\x8b":
        try:
            head = zlib.decompressobj(31).decompress(head, 64)
        except zlib.error:
            raise InputError(path, "not a WARC file (corrupt gzip header)") from None
    if not head.startswith(b"WARC/"):
        raise InputError(path, "not a WARC file (does not start with a WARC/1.x record)")


def scan(path: str | Path) -> Iterator[Span | Damage]:
    """Yield a :class:`Span` per whole record in file order, then at most one :class:`Damage`.

    A record is whole when its body has all ``Content-Length`` bytes and the next record
    (or the end of the file) follows it. Trailing bytes that are not a record, a cut
    gzip member or a cut body all give a ``warc-truncated`` damage at the offset of the
    first record that is not whole; unparsable data gives ``warc-corrupt``.
    """
    size = Path(path).stat().st_size
    end = 0
    with Path(path).open("rb") as fh:
        it = ArchiveIterator(fh, no_record_parse=True, check_digests=False)
        try:
            for record in it:
                offset = it.offset
                if not record.rec_type or record.length is None:  # Content-Length is mandatory
                    yield Damage(offset, "warc-truncated", "WARC headers cut short")
                    return
                got = 0
                while chunk := record.raw_stream.read(_CHUNK):
                    got += len(chunk)
                want = record.length
                if got < want:
                    detail = f"{record.rec_type} record has {got} of {want} body bytes"
                    yield Damage(offset, "warc-truncated", detail)
                    return
                it.read_to_end(record)
                end = it.get_record_offset() + it.get_record_length()
                if end > size:  # pragma: no cover - warcio overshooting would be a bug
                    yield Damage(offset, "warc-truncated", "record runs past end of file")
                    return
                yield Span(it.get_record_offset(), it.get_record_length(), record.rec_type)
        except ArchiveLoadFailed as exc:
            yield Damage(end, "warc-corrupt", _one_line(str(exc)))
            return
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            yield Damage(end, "warc-corrupt", _one_line(f"{type(exc).__name__}: {exc}"))
            return
    if end < size:
        yield Damage(end, "warc-truncated", f"{size - end} bytes after the last whole record")


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
