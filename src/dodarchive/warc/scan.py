"""Walk a WARC's record boundaries, check that each record is whole, and find damage.

warcio reads a WARC cut off mid-record without complaint: it yields the last record
short, or stops early. Extraction, validation and crash recovery must all know exactly
which records are whole, and they ask this module, which has one rule for it (the
reader's, :func:`dodarchive.warc.reader.iter_records`):

- :func:`scan` walks a file once (bodies streamed, never held in memory) and yields a
  :class:`Span` per whole record, then a :class:`Damage` if the file stops being
  readable before its end;
- :func:`check_whole` sums that walk up as a :class:`Scan` (how many whole records, where
  they end, what follows), which ``validate`` reports and ``capture.repair`` cuts at;
- :func:`check_input` is the cheap first look that tells "not a WARC at all" apart from
  "a WARC damaged later".
"""

from __future__ import annotations

import errno
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dodarchive.warc.reader import Span, WarcReadError, iter_spans

__all__ = [
    "Damage",
    "InputError",
    "Scan",
    "Span",
    "check_input",
    "check_whole",
    "damage_reason",
    "scan",
]

_CHUNK = 1 << 16


class InputError(Exception):
    """An input cannot be read at all; the message is one line: ``PATH: reason``."""

    def __init__(self, path: str | Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


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

    The rules for "whole" are :func:`dodarchive.warc.reader.iter_records`' (one
    implementation for every reader): a cut body, a cut gzip member, cut headers or
    trailing bytes give ``warc-truncated`` at the first record that is not whole;
    unparsable data gives ``warc-corrupt``.
    """
    try:
        yield from iter_spans(path)
    except WarcReadError as exc:
        yield Damage(exc.offset, damage_reason(exc), _one_line(exc.reason))


def damage_reason(exc: OSError | WarcReadError) -> str:
    """The reject reason for a file that stops being readable, as every engine counts it.

    ``warc-truncated`` for a file cut short, ``warc-corrupt`` for unparsable data,
    ``warc-unreadable`` when the file cannot be opened or read at all.

    >>> damage_reason(WarcReadError("a.warc.gz", 10, "gzip member cut short", "truncated"))
    'warc-truncated'
    >>> damage_reason(WarcReadError("a.warc", 0, "Unknown archive format"))
    'warc-corrupt'
    """
    if not isinstance(exc, WarcReadError):
        return "warc-unreadable"
    return "warc-truncated" if exc.kind == "truncated" else "warc-corrupt"


@dataclass(frozen=True, slots=True)
class Scan:
    """``records`` whole records end at byte ``end`` of ``size``; ``problem`` says what
    follows them, or is None when the file is whole.

    ``last_start`` and ``last_type`` are the offset and ``WARC-Type`` of the last whole
    record (0 and "" when there is none).
    """

    records: int
    end: int
    size: int
    problem: str | None
    last_start: int = 0
    last_type: str = ""


def check_whole(path: str | Path) -> Scan:
    """Walk ``path`` with :func:`scan` and sum it up; the problem reads
    ``truncated record at byte N: detail`` or ``corrupt record at byte N: detail``."""
    size = Path(path).stat().st_size
    records = end = last_start = 0
    last_type = ""
    for item in scan(path):
        if isinstance(item, Damage):
            what = "truncated" if item.reason == "warc-truncated" else "corrupt"
            problem = f"{what} record at byte {item.offset}: {item.detail}"
            return Scan(records, end, size, problem, last_start, last_type)
        records += 1
        end = item.offset + item.length
        last_start, last_type = item.offset, item.rec_type
    return Scan(records, end, size, None, last_start, last_type)


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
