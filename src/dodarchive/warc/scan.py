"""Walk a WARC's record boundaries, check that each record is whole, and find damage.

warcio reads a WARC cut off mid-record without complaint: it yields the last record
short, or stops early. Extraction must know exactly which records are whole, so this
module walks a file once (through :func:`dodarchive.warc.reader.iter_spans`, which
streams bodies, never holding one in memory) and yields a :class:`Span` per whole
record, then a :class:`Damage` if the file stops being readable before its end.
:func:`check_input` is the cheap first look that tells "not a WARC at all" apart from
"a WARC damaged later".
"""

from __future__ import annotations

import errno
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dodarchive.warc.reader import Skipped, Span, iter_records_resync

__all__ = ["Damage", "InputError", "Span", "check_input", "scan", "whole_stretches"]

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
    the damage's detail then names the bytes skipped.
    """
    for item in iter_records_resync(path, types=None, max_body=0):
        if isinstance(item, Skipped):
            reason = "warc-truncated" if item.kind == "truncated" else "warc-corrupt"
            detail = _one_line(item.reason)
            if item.end < Path(path).stat().st_size:
                detail += f"; bytes {item.start}-{item.end} skipped, read on from {item.end}"
            yield Damage(item.start, reason, detail, item.end)
        else:
            yield Span(item.ref.offset, item.ref.length, item.ref.recordType)


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


def _one_line(text: str) -> str:
    r"""``text`` on one line, printable ASCII (other bytes escaped), at most 160 characters.

    >>> _one_line("first line: a\x9f\n b")
    'first line: a\\x9f b'
    """
    return " ".join(text.split()).encode("ascii", "backslashreplace").decode("ascii")[:160]
