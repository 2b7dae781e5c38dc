"""What one Spark task does: stream one WARC file through ``extract_record``.

This is the executor side of :mod:`dodarchive.extract.spark`, kept free of pyspark so it
is plain Python. A task turns one input (a local path, a ``file://`` URL, or any URL
fsspec can open) into :data:`Row` tuples: one per article, one per rejected record, and a
final one with the file's counts. Skipped records are only counted, so a terabyte of
non-DoD Common Crawl records costs no driver memory.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from dodarchive.article import dumps
from dodarchive.extract.record import MAX_BODY, extract_record
from dodarchive.warc.reader import WarcReadError, iter_records

__all__ = [
    "ARTICLE",
    "COUNTS",
    "EXTRACT_TYPES",
    "REJECT",
    "Row",
    "damage_reason",
    "extract_file",
    "input_name",
    "is_local",
    "local_path",
    "opened_locally",
    "run_partition",
]

#: Row tags: an article line, a reject (JSON), the file's counts (JSON).
ARTICLE, REJECT, COUNTS = "a", "r", "c"

#: ``(tag, input index, record offset, payload)``; sorting rows orders them as the inputs.
Row = tuple[str, int, int, str]

#: Record types handed to ``extract_record``: the local engine's set (responses, revisits
#: and WET ``conversion`` records); requests, metadata and warcinfo are never articles.
EXTRACT_TYPES = frozenset({"response", "revisit", "conversion"})


def damage_reason(exc: OSError | WarcReadError) -> str:
    """The reject reason for a file that stops being readable (the local engine's words).

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


def is_local(url: str) -> bool:
    """Whether ``url`` is a local path or a ``file:`` URL (read in place, not copied).

    >>> is_local("warc/a.warc.gz"), is_local("file:///data/a.warc.gz"), is_local("s3://b/a")
    (True, True, False)
    """
    scheme = urlsplit(url).scheme.lower()
    return scheme in ("", "file") or len(scheme) == 1  # one letter: a Windows drive


def local_path(url: str) -> str:
    """The filesystem path of a local path or ``file:`` URL.

    >>> local_path("file:///data/my%20crawl/a.warc.gz"), local_path("rel/a.warc")
    ('/data/my crawl/a.warc.gz', 'rel/a.warc')
    """
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return url
    return unquote(parts.path)


def input_name(url: str) -> str:
    """The WARC file's name (last path segment), as ``Source.warcFile`` records it.

    >>> input_name("hdfs://nn:8020/cc/CC-MAIN-1.warc.gz"), input_name("/x/legacy.warc.gz")
    ('CC-MAIN-1.warc.gz', 'legacy.warc.gz')
    """
    path = local_path(url) if is_local(url) else unquote(urlsplit(url).path)
    return PurePosixPath(path).name


@contextmanager
def opened_locally(url: str) -> Iterator[str]:
    """A local path with the bytes of ``url``: the file itself when local, else a copy.

    Remote URLs (``hdfs://``, ``s3://``, ``https://``...) are streamed through fsspec
    into a temporary file that is deleted afterwards, as cc-pyspark does, because the
    WARC reader needs a seekable file. Raises ``OSError`` when the URL cannot be read.
    """
    if is_local(url):
        yield local_path(url)
        return
    try:
        import fsspec
    except ImportError as exc:
        raise OSError(f"{url}: reading URLs needs fsspec: pip install 'dodarchive[spark]'") from exc
    with tempfile.NamedTemporaryFile(prefix="dodarchive-", suffix=".warc") as tmp:
        try:
            with fsspec.open(url, "rb") as src:
                shutil.copyfileobj(src, tmp, 1 << 20)
        except (ValueError, ImportError) as exc:  # unknown protocol, missing fs driver
            raise OSError(f"{url}: {exc}") from exc
        tmp.flush()
        yield tmp.name


def _reject(index: int, source: dict[str, Any], reason: str, detail: str) -> Row:
    payload = {"source": source, "reason": reason, "detail": detail}
    return (REJECT, index, source["offset"], json.dumps(payload, sort_keys=True))


def extract_file(index: int, url: str, max_size: int) -> Iterator[Row]:
    """The rows of one WARC file, in file order, ending with its counts row.

    Never raises for bad input: a file that cannot be opened, or is damaged part-way,
    gives every whole record before the damage plus one reject (see
    :func:`damage_reason`) whose source is ``{"warcFile", "offset"}``: the file name and
    the byte offset of the first record that is not whole.
    """
    counts: Counter[str] = Counter()
    name = input_name(url)
    try:
        with opened_locally(url) as path:
            for rec in iter_records(path, types=EXTRACT_TYPES, max_body=MAX_BODY, name=name):
                counts["records"] += 1
                outcome = extract_record(rec, max_size)
                if outcome.article is not None:
                    counts["articles"] += 1
                    yield (ARTICLE, index, outcome.source.offset, dumps(outcome.article))
                elif outcome.kind == "rejected":
                    counts[f"rejected/{outcome.reason}"] += 1
                    source = asdict(outcome.source)
                    yield _reject(index, source, outcome.reason, outcome.detail)
                else:
                    counts[f"skipped/{outcome.reason}"] += 1
    except (WarcReadError, OSError) as exc:
        offset = exc.offset if isinstance(exc, WarcReadError) else 0
        reason = damage_reason(exc)
        counts[f"rejected/{reason}"] += 1
        yield _reject(index, {"warcFile": name, "offset": offset}, reason, str(exc))
    yield (COUNTS, index, -1, json.dumps(counts, sort_keys=True))


def run_partition(
    items: Iterable[tuple[int, str]],
    max_size: int,
    setup: Callable[[], object] | None = None,
) -> Iterator[Row]:
    """The Spark task body: run ``setup`` (if any), then extract each ``(index, url)``."""
    if setup is not None:
        setup()
    for index, url in items:
        yield from extract_file(index, url, max_size)
