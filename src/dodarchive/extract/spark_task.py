"""What one Spark task does: read one WARC file as the local engine's one worker does.

This is the executor side of :mod:`dodarchive.extract.spark`, kept free of pyspark so it
is plain Python. A task turns one input (a local path, a ``file://`` URL, or any URL
fsspec can open) into :class:`Row` objects: one per article, one per rejected record
(each carrying the engines' shared :class:`~dodarchive.extract.summary.Result`), and a
final one with the file's :class:`~dodarchive.extract.summary.Summary`. The records go
through the local engine's :func:`~dodarchive.extract.local.read_file`, so off-table
records are skipped from their WARC headers (or never read, with a CDXJ index) and
filters apply as they do locally. Skipped records are only counted, so a terabyte of
non-DoD Common Crawl records costs no driver memory.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from dodarchive.article import dumps
from dodarchive.extract.local import Options, read_file
from dodarchive.extract.summary import Result, Summary, damage_result, reject_line
from dodarchive.history.versions import Seen, article_record, current, fold, history_rows
from dodarchive.warc.cdxj import Index
from dodarchive.warc.reader import WarcReadError
from dodarchive.warc.scan import Damage, damage_reason

__all__ = [
    "Item",
    "Member",
    "Row",
    "article_line",
    "extract_file",
    "input_name",
    "is_local",
    "keyed",
    "local_path",
    "opened_locally",
    "run_partition",
    "version_lines",
]


@dataclass(frozen=True, slots=True)
class Row:
    """What a task sends back: an article or reject :class:`Result` of input ``index``,
    or (last, with ``result`` None) that input's :class:`Summary`."""

    index: int
    result: Result | None = None
    summary: Summary | None = None

    @property
    def is_article(self) -> bool:
        """Whether this row is an article line."""
        return self.result is not None and self.result.kind == "article"

    def order(self) -> tuple[int, int]:
        """Sort key: input order, then record offset (the file's summary last)."""
        return (self.index, self.result.offset if self.result is not None else 1 << 62)


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
    into a temporary folder, under the URL's file name (so records name their
    ``warcFile`` as for a local file), and deleted afterwards, as cc-pyspark does,
    because the WARC reader needs a seekable file. Raises ``OSError`` when the URL
    cannot be read.
    """
    if is_local(url):
        yield local_path(url)
        return
    try:
        import fsspec
    except ImportError as exc:
        raise OSError(f"{url}: reading URLs needs fsspec: pip install 'dodarchive[spark]'") from exc
    with tempfile.TemporaryDirectory(prefix="dodarchive-") as folder:
        name = input_name(url)
        path = Path(folder, name if name not in ("", ".", "..") else "input.warc")
        try:
            with fsspec.open(url, "rb") as src, path.open("wb") as dest:
                shutil.copyfileobj(src, dest, 1 << 20)
        except (ValueError, ImportError) as exc:  # unknown protocol, missing fs driver
            raise OSError(f"{url}: {exc}") from exc
        yield str(path)


def extract_file(
    index: int, url: str, options: Options, given: Index | None = None
) -> Iterator[Row]:
    """The rows of one WARC file, in file order, ending with its summary row.

    The records are read by the local engine's own
    :func:`~dodarchive.extract.local.read_file` with ``options`` (filters, dedup
    summaries, off-table records skipped from their headers unless
    ``options.off_table``, a CDXJ index ``given`` or found beside a local file), so the
    results and counts are the local engine's. Articles and rejects each get a row;
    skips and filtered records are only counted. Never raises for bad input: damage
    part-way gives a reject (:func:`~dodarchive.extract.summary.damage_result`) and
    reading goes on at the next whole record; a file that cannot be read at all gives
    one reject (reason from :func:`~dodarchive.warc.scan.damage_reason`) at offset 0.
    """
    summary = Summary(engine="spark")
    name = input_name(url)
    try:
        with opened_locally(url) as path:
            for item in read_file(Path(path), options, given):
                if isinstance(item, Damage):
                    summary.damage(name, item.reason)
                    yield Row(index, damage_result(name, item))
                    continue
                results = item[1]
                summary.records += len(results)
                for result in results:
                    summary.count(result)
                    if result.kind in ("article", "rejected"):
                        yield Row(index, result)
    except (WarcReadError, OSError) as exc:
        offset = exc.offset if isinstance(exc, WarcReadError) else 0
        reason = damage_reason(exc)
        summary.damage(name, reason)
        line = reject_line({"warcFile": name, "offset": offset}, reason, str(exc))
        yield Row(index, Result("rejected", reason, line, offset))
    yield Row(index, summary=summary)


#: One task's input: (input index, URL, the CDXJ index to use for it, if given).
Item = tuple[int, str, Index | None]


def run_partition(
    items: Iterable[Item],
    options: Options,
    setup: Callable[[], object] | None = None,
) -> Iterator[Row]:
    """The Spark task body: run ``setup`` (if any), then extract each item's file."""
    if setup is not None:
        setup()
    for index, url, given in items:
        yield from extract_file(index, url, options, given)


#: One capture of an article on its way to the group: (input index, offset), its
#: dedup summary, and its article line.
Member = tuple[tuple[int, int], Seen, str]


def keyed(row: Row) -> tuple[str, Member]:
    """An article row as ``(articleKey, member)`` for grouping by article."""
    assert row.result is not None
    assert row.result.dedup is not None
    info = row.result.dedup
    return info.key, ((row.index, row.result.offset), info.seen, row.result.line)


def _line_of(members: list[Member], seen: Seen) -> str:
    return next(line for _, s, line in members if s == seen)


def article_line(group: tuple[str, Iterable[Member]]) -> tuple[tuple[int, int], str]:
    """One article's deduplicated record (as the local engine's sink writes it), keyed
    by the input position of its chosen capture, the local engine's output order."""
    _key, values = group
    members = list(values)
    versions = fold(s for _, s, _ in members)
    chosen = current(versions).best
    where = next(order for order, s, _ in members if s == chosen)
    article = json.loads(_line_of(members, chosen))
    return where, dumps(article_record(article, versions))


def version_lines(
    group: tuple[str, Iterable[Member]], changed_only: bool = False
) -> list[tuple[tuple[str, int], str]]:
    """One article's ``history`` lines keyed by (articleKey, version); none for an
    unchanged article with ``changed_only``."""
    key, values = group
    members = list(values)
    versions = fold(s for _, s, _ in members)
    if changed_only and len(versions) < 2:
        return []
    texts = [json.loads(_line_of(members, v.best)) for v in versions]
    rows = history_rows(key, versions, texts)
    return [((key, row["version"]), dumps(row)) for row in rows]
