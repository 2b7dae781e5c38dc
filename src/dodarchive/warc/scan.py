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

from dodarchive.warc.reader import Span, WarcReadError, iter_spans

__all__ = ["Damage", "InputError", "Span", "check_input", "scan"]

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
        reason = "warc-truncated" if exc.kind == "truncated" else "warc-corrupt"
        yield Damage(exc.offset, reason, _one_line(exc.reason))


def _one_line(text: str) -> str:
    return " ".join(text.split())[:300]
