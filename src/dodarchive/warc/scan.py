"""Walk a WARC's record boundaries, check that each record is whole, and find damage.

warcio reads a WARC cut off mid-record without complaint: it yields the last record
short, or stops early. Extraction, validation and crash recovery must all know exactly
which records are whole, and they ask this module, which has one rule for it (the
reader's, :func:`dodarchive.warc.reader.iter_records`):

- :func:`scan` walks a file once (bodies streamed, never held in memory) and yields a
  :class:`Span` per whole record and a :class:`Damage` per damaged stretch, after which
  it reads on at the next record start;
- :func:`whole_stretches` gives the byte ranges of consecutive whole records between
  the damage (what ``validate`` and ``index`` read with warcio);
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

from dodarchive.warc.reader import (
    Skipped,
    Span,
    WarcReadError,
    iter_member_spans,
    iter_records_resync,
)

__all__ = [
    "Damage",
    "InputError",
    "Scan",
    "Span",
    "check_input",
    "check_whole",
    "damage_of",
    "damage_reason",
    "scan",
    "whole_stretches",
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
    end: int = -1  # where reading resumed (the file size: nowhere); -1: not known


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
    """Yield a :class:`Span` per whole record in file order, and a :class:`Damage` for each
    stretch that is not one, after which reading resumes at the next record start.

    The rules for "whole" are :func:`dodarchive.warc.reader.iter_records`' (one
    implementation for every reader): a cut body, a cut gzip member, cut headers or
    trailing bytes give ``warc-truncated`` at the first record that is not whole;
    unparsable data gives ``warc-corrupt``. Reading resumes at the next gzip member (or
    line) that starts a WARC record (:func:`~dodarchive.warc.reader.find_next_record`);
    the damage's detail then ends ``bytes A-B skipped, read on from B``.
    """
    size = Path(path).stat().st_size
    stopped = yield from iter_member_spans(path)
    if stopped is None:
        return
    # A member of another shape (damage, most often) at byte ``stopped``: read the file
    # again from its start, as one pass would (how many bytes a cut member gives depends
    # on where reading started), and go on from there. The quick spans cover bytes 0 to
    # ``stopped`` end to end; warcio must find the same ones.
    covered = 0
    for item in iter_records_resync(path, types=None, max_body=0):
        if covered < stopped:
            if isinstance(item, Skipped) or item.ref.offset != covered:
                raise _disagree(path, covered)
            covered += item.ref.length
            if covered > stopped:
                raise _disagree(path, item.ref.offset)
            continue
        if isinstance(item, Skipped):
            yield damage_of(item, size)
        else:
            yield Span(item.ref.offset, item.ref.length, item.ref.recordType, item.ref.targetUri)
    if covered < stopped:
        raise _disagree(path, covered)


def _disagree(path: str | Path, offset: int) -> RuntimeError:
    """The quick member walk took a span warcio does not find (a bug, never input)."""
    return RuntimeError(f"{path}: quick scan and warcio differ at byte {offset}")


def damage_of(item: Skipped, size: int) -> Damage:
    """The :class:`Damage` of a stretch :func:`~dodarchive.warc.reader.iter_records_resync`
    skipped in a file of ``size`` bytes, as :func:`scan` reports it."""
    reason = "warc-truncated" if item.kind == "truncated" else "warc-corrupt"
    detail = _one_line(item.reason)
    if item.end < size:
        detail += f"; bytes {item.start}-{item.end} skipped, read on from {item.end}"
    return Damage(item.start, reason, detail, item.end)


def whole_stretches(path: str | Path) -> tuple[list[tuple[int, int]], list[Damage]]:
    """The ``(start, end)`` byte ranges of consecutive whole records, and the damage
    between and after them (see :func:`scan`)."""
    stretches: list[tuple[int, int]] = []
    damage: list[Damage] = []
    start = end = -1
    for item in scan(path):
        if isinstance(item, Damage):
            damage.append(item)
            if start >= 0:
                stretches.append((start, end))
            start = -1
        else:
            if start < 0:
                start = item.offset
            end = item.offset + item.length
    if start >= 0:
        stretches.append((start, end))
    return stretches, damage


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
    """Walk ``path`` with :func:`scan` up to its first damage and sum it up; the problem
    reads ``truncated record at byte N: detail`` or ``corrupt record at byte N: detail``."""
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
    r"""``text`` on one line, printable ASCII (other bytes escaped), at most 160 characters.

    >>> _one_line("first line: a\x9f\n b")
    'first line: a\\x9f b'
    """
    return " ".join(text.split()).encode("ascii", "backslashreplace").decode("ascii")[:160]
