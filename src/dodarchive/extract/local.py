"""The local extraction engine: WARC files in, articles and rejects out, deterministically.

Data flow::

    inputs ─► check_input ─► scan (main process: record boundaries, damage)
           ─► batches of (file, offset, count) ─► workers: iter_records + extract_record
           ─► results in batch order ─► sink: dedup (spill) ─► writer (atomic)

With one worker and no index, each file is read once instead, extracting as the records
come (the same results in the same order). Off-table records are left out of the batches
from their headers; with a CDXJ index a file is not scanned at all.
Workers read the WARC themselves from an offset; only small tasks and serialized results
cross process boundaries (with dedup, article lines stay in the workers' spill files and
only their place is sent; see :func:`run_spilling`). Batches are consumed in submission
order from a bounded window, so the output is the same bytes for any number of workers,
in input file order then record offset. Memory stays flat: one batch per worker in
flight, and dedup keeps only short per-article summaries (see
:mod:`dodarchive.extract.sink`).
Filters (``--since``, ``--page-type``) run in the workers. Records become
:class:`~dodarchive.extract.summary.Result` objects and are counted into a
:class:`~dodarchive.extract.summary.Summary`, as on the Spark engine.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

from dodarchive.extract.documents import DocumentIndex
from dodarchive.extract.output import Format, check_format, sweep_stale
from dodarchive.extract.record import EXTRACT_TYPES, MAX_BODY, extract_record
from dodarchive.extract.sink import HistoryOptions, Sink
from dodarchive.extract.summary import Result, Summary, reject_line
from dodarchive.sites import dod_url
from dodarchive.warc.cdxj import Entry, Index, index_for, load_index
from dodarchive.warc.reader import Skipped, WarcReadError, iter_records, iter_records_resync
from dodarchive.warc.scan import Damage, damage_of, scan

__all__ = [
    "OFF_TABLE",
    "Batch",
    "Options",
    "collector_tuned",
    "read_file",
    "run_batch",
    "run_extract",
    "run_spilling",
]

#: The skip reason of a record whose WARC-Target-URI is off the site table.
OFF_TABLE = "off-table"
#: Most off-table records counted into one batch (bounds a batch's Result list).
SKIP_BATCH = 4096


@dataclass(frozen=True, slots=True)
class Options:
    """What to extract and how; the defaults are the CLI's."""

    workers: int = 1
    fmt: Format = "jsonl"
    since: str | None = None
    page_types: frozenset[str] = frozenset()
    dedup: bool = True
    batch_records: int = 16
    #: Archived PDFs by URL, for pages whose text is a PDF (``--pdf-text``); None: off.
    documents: DocumentIndex | None = None
    extractor: str = "auto"
    off_table: bool = False
    """Extract records whose WARC-Target-URI is off the site table too (by default they
    are skipped as ``off-table`` from their WARC headers, their payloads never read)."""
    index: Path | None = None
    """A CDXJ index of the inputs; else one found beside each WARC is used (see
    :func:`dodarchive.warc.cdxj.index_for`). Only used when off-table records are skipped."""
    history: HistoryOptions | None = None

    def keep(self, article: dict[str, Any]) -> str | None:
        """None when ``article`` passes the filters, else the filter's reason."""
        if self.page_types and article["pageType"] not in self.page_types:
            return "page-type"
        if self.since:
            published = article.get("datePublished")
            if not published:
                return "no-date"
            if str(published)[:10] < self.since:
                return "before-since"
        return None


@dataclass(frozen=True, slots=True)
class Batch:
    """A task: records of one file, as ``runs`` of ``(offset, count)`` consecutive
    records, plus ``off_table`` records already skipped from their headers (counted)."""

    path: str
    label: str
    runs: tuple[tuple[int, int], ...]
    size: int
    off_table: int = 0


# -- worker side ---------------------------------------------------------------------


def run_batch(batch: Batch, options: Options) -> list[Result]:
    """Extract every record of ``batch``; never raises for bad records or a damaged file.

    Off-table records (unless ``options.off_table``) become ``off-table`` skips: those the
    main process counted from their headers first, then any met in the runs (an index
    that does not match the WARC)."""
    results = [Result("skipped", OFF_TABLE)] * batch.off_table
    keep = options.keep if options.page_types or options.since else None
    for start, count in batch.runs:
        seen = 0
        try:
            for rec in iter_records(
                batch.path, types=None, max_body=MAX_BODY, name=batch.label, start=start,
                limit=count,
            ):  # fmt: skip
                seen += 1
                if rec.ref.recordType not in EXTRACT_TYPES:
                    continue
                if not options.off_table and not dod_url(rec.ref.targetUri):
                    results.append(Result("skipped", OFF_TABLE, offset=rec.ref.offset))
                    continue
                outcome = extract_record(
                    rec, extractor=options.extractor, documents=options.documents
                )
                dedup = options.dedup or options.history is not None
                results.append(Result.of(outcome, keep=keep, dedup=dedup))
        except WarcReadError as exc:
            if seen < count:  # the scan (or index) found these records whole: file changed
                source = {"warcFile": batch.label, "offset": exc.offset}
                line = reject_line(source, "warc-changed", str(exc))
                results.append(Result("rejected", "warc-changed", line, exc.offset))
    return results


#: A worker process's spill file per :attr:`Sink.worker_spill` prefix (one per run).
_SPILLS: dict[str, IO[bytes]] = {}


def run_spilling(batch: Batch, options: Options, prefix: str) -> list[Result]:
    """:func:`run_batch`, with the lines of deduplicated articles appended to this
    process's spill file ``{prefix}{pid}.tmp`` (flushed before returning) and each such
    result carrying ``spot=(pid, offset)`` instead of its line: the main process reads
    back only the lines deduplication keeps, and none crosses the result pipe."""
    results = run_batch(batch, options)
    pid = os.getpid()
    spill = _SPILLS.get(prefix)
    if spill is None:
        spill = _SPILLS[prefix] = Path(f"{prefix}{pid}.tmp").open("ab")  # noqa: SIM115
    for i, result in enumerate(results):
        if result.kind == "article" and result.dedup is not None:
            offset = spill.tell()
            spill.write(result.line.encode("utf-8") + b"\n")
            results[i] = replace(result, line="", spot=(pid, offset))
    spill.flush()
    return results


def _worker_init() -> None:  # pragma: no cover - runs in worker processes
    """Make a worker die with its parent (Linux), so a killed run leaves no orphans, and
    leave Ctrl-C and SIGTERM to the parent, which stops the pool and cleans up."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


# -- main side -----------------------------------------------------------------------


def _given(options: Options) -> Index | None:
    """The index named by ``options.index`` (``--index``), loaded; None without one."""
    return load_index(options.index) if options.index is not None else None


def _file_tasks(
    path: Path, options: Options, given: Index | None, cache: dict[Path, Index | None]
) -> Iterator[Batch | Path | tuple[str, Damage]]:
    """The tasks of one file (see :func:`_tasks`): the batches of its indexed on-table
    records, else the file itself for one worker, else the batches of its scan."""
    entries = None if options.off_table else index_for(path, given, cache)
    if entries is not None:
        yield from _indexed_tasks(path, entries, options)
    elif options.workers <= 1:
        yield path  # read once, in this process (see _one_pass)
    else:
        yield from _scanned_tasks(path, options)


def _tasks(paths: list[Path], options: Options) -> Iterator[Batch | Path | tuple[str, Damage]]:
    """Batches in input order, interleaved with the damage found in a file (after which
    the scan reads on at the next record). Off-table records are left out of the runs
    and counted; a file with an index is not scanned: its on-table entries are read."""
    given = _given(options)
    cache: dict[Path, Index | None] = {}
    for path in paths:
        yield from _file_tasks(path, options, given, cache)


def read_file(
    path: Path,
    options: Options,
    given: Index | None = None,
    cache: dict[Path, Index | None] | None = None,
) -> Iterator[tuple[int, list[Result]] | Damage]:
    """Extract one WARC file in this process, as the local engine's one worker does.

    Yields, in file order, ``(input bytes covered, results)`` batches and the
    :class:`~dodarchive.warc.scan.Damage` met (reading goes on after it). Off-table
    records are ``off-table`` skips from their headers unless ``options.off_table``; with
    a CDXJ index (``given``, the loaded ``--index``, else one beside the file; see
    :func:`dodarchive.warc.cdxj.index_for`) only its on-table records are read.
    ``options.workers`` is ignored; ``cache`` keeps the indexes found beside earlier
    files. Raises ``OSError`` only when the file cannot be read at all.
    """
    one = replace(options, workers=1)
    for task in _file_tasks(path, one, given, {} if cache is None else cache):
        if isinstance(task, Batch):
            yield task.size, run_batch(task, one)
        elif isinstance(task, Path):
            yield from _one_pass(task, one)
        else:  # pragma: no cover - only scanned tasks (several workers) carry damage
            yield task[1]


class _Builder:
    """Gathers the records of the next batch of one file into runs."""

    def __init__(self, path: Path) -> None:
        self.path, self.label = str(path), path.name
        self.runs: list[tuple[int, int]] = []
        self.size = self.wanted = self.off_table = 0
        self.end = -1  # where the last run's last record ends

    def add(self, offset: int, length: int, extract: bool) -> None:
        if self.runs and offset == self.end:
            start, count = self.runs[-1]
            self.runs[-1] = (start, count + 1)
        else:
            self.runs.append((offset, 1))
        self.end = offset + length
        self.size += length
        self.wanted += extract

    def skip(self, length: int, counted: bool) -> None:
        self.end = -1
        self.size += length
        self.off_table += counted

    def take_full(self, records: int) -> Batch | None:
        """The batch, once it holds ``records`` records to extract (or many skips)."""
        if self.wanted >= records or self.off_table >= SKIP_BATCH:
            return self.take()
        return None

    def take(self) -> Batch | None:
        if not self.runs and not self.off_table:
            return None
        batch = Batch(self.path, self.label, tuple(self.runs), self.size, self.off_table)
        self.runs, self.size, self.wanted, self.off_table, self.end = [], 0, 0, 0, -1
        return batch


def _scanned_tasks(path: Path, options: Options) -> Iterator[Batch | tuple[str, Damage]]:
    build = _Builder(path)
    for item in scan(path):
        if isinstance(item, Damage):  # reading goes on after it
            if (batch := build.take()) is not None:
                yield batch
            yield (path.name, item)
            continue
        extract = item.rec_type in EXTRACT_TYPES
        if options.off_table or dod_url(item.target):
            build.add(item.offset, item.length, extract)
        else:  # only records extraction would look at are counted
            build.skip(item.length, extract)
        if (batch := build.take_full(options.batch_records)) is not None:
            yield batch
    if (batch := build.take()) is not None:
        yield batch


def _indexed_tasks(path: Path, entries: list[Entry], options: Options) -> Iterator[Batch]:
    build = _Builder(path)
    for entry in entries:
        if dod_url(entry.url):
            build.add(entry.offset, entry.length, True)
        else:
            build.skip(0, True)
        if (batch := build.take_full(options.batch_records)) is not None:
            yield batch
    if (batch := build.take()) is not None:
        yield batch


ProgressFn = Callable[[int, Summary], None]


def run_extract(
    inputs: list[Path],
    out: Path,
    rejects: Path,
    options: Options,
    progress: ProgressFn | None = None,
) -> Summary:
    """Extract ``inputs`` into ``out`` (and ``rejects``), atomically; return the counts.

    ``inputs`` should come from :func:`dodarchive.warc.files.warc_files`. Raises
    :class:`~dodarchive.extract.output.MissingDependencyError` before any work when the format
    needs a missing library. On any exception (including KeyboardInterrupt) nothing is
    moved into place and temporary files are removed.
    """
    started = time.monotonic()
    check_format(options.fmt)
    for path in (out, rejects):
        sweep_stale(path)
    summary = Summary(inputs=len(inputs), output=str(out), rejects=str(rejects))
    summary.files = [str(out)]
    sink = Sink(
        out, rejects, fmt=options.fmt, dedup=options.dedup, summary=summary,
        history=options.history,
    )  # fmt: skip
    try:
        with collector_tuned():
            for size, results in _results(inputs, options, sink):
                summary.records += len(results)
                sink.take(results)
                if progress is not None:
                    progress(size, summary)
            sink.finish()
    except BaseException:
        sink.discard()
        raise
    summary.seconds = time.monotonic() - started
    return summary


#: Allocations between collections of the youngest generation while extracting
#: (CPython's default is 700); bench/RESULTS.md has the sweep that chose it.
GC_YOUNG = 5000


@contextmanager
def collector_tuned() -> Iterator[None]:
    """Tune CPython's cyclic garbage collector for extraction, and restore it after.

    Parsing a page builds a tree whose nodes point at their parents, so every page's
    tree is garbage in reference cycles, freed only by the collector: with the default
    threshold it ran ~1,500 times over the 2,079 records of the bench WARC, 6% of the
    CPU time. Here the young generation is collected every :data:`GC_YOUNG`
    allocations, and the objects alive on entry (modules, compiled patterns) are frozen
    (``gc.freeze``): full collections skip them, and forked workers do not copy their
    memory pages by touching them (what the ``gc`` docs advise before ``fork``).
    Together: half the collector's time. A caller's own frozen objects stay frozen.
    """
    threshold = gc.get_threshold()
    frozen = gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        if not frozen:
            gc.unfreeze()


def _one_pass(path: Path, options: Options) -> Iterator[tuple[int, list[Result]] | Damage]:
    """One worker, no index: read ``path`` once, extracting as the records come (the
    scan and :func:`run_batch` would read it twice). The same results and damage, in the
    same order, as the batches of :func:`_scanned_tasks`."""
    size = path.stat().st_size
    keep = options.keep if options.page_types or options.since else None
    results: list[Result] = []
    read = 0
    body_for = None if options.off_table else dod_url  # off-table bodies are never read
    items = iter_records_resync(
        path, types=None, max_body=MAX_BODY, name=path.name, body_for=body_for
    )
    for item in items:
        if isinstance(item, Skipped):
            if results:
                yield read, results
                results, read = [], 0
            yield damage_of(item, size)
            continue
        read += item.ref.length
        if item.ref.recordType not in EXTRACT_TYPES:
            continue
        if not options.off_table and not dod_url(item.ref.targetUri):
            results.append(Result("skipped", OFF_TABLE, offset=item.ref.offset))
        else:
            outcome = extract_record(item, extractor=options.extractor, documents=options.documents)
            dedup = options.dedup or options.history is not None
            results.append(Result.of(outcome, keep=keep, dedup=dedup))
        if len(results) >= options.batch_records:
            yield read, results
            results, read = [], 0
    if results or read:
        yield read, results


def _results(paths: list[Path], options: Options, sink: Sink) -> Iterator[tuple[int, list[Result]]]:
    """Each batch's items, in task order; damage is reported to ``sink`` in order too."""
    if options.workers <= 1:
        given = _given(options)
        cache: dict[Path, Index | None] = {}
        for path in paths:
            for item in read_file(path, options, given, cache):
                if isinstance(item, Damage):
                    sink.damage(path.name, item)
                else:
                    yield item
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # a one-worker run never needs it

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    window: deque[Future[list[Result]] | tuple[str, Damage]] = deque()
    sizes: deque[int] = deque()
    limit = options.workers * 3
    with ProcessPoolExecutor(options.workers, context, initializer=_worker_init) as pool:
        try:
            for task in _tasks(paths, options):
                if isinstance(task, Batch):
                    if sink.worker_spill is None:
                        window.append(pool.submit(run_batch, task, options))
                    else:
                        window.append(pool.submit(run_spilling, task, options, sink.worker_spill))
                    sizes.append(task.size)
                elif isinstance(task, Path):  # pragma: no cover - only with one worker
                    raise TypeError("a whole file is read in one pass by one worker only")
                else:
                    window.append(task)
                    sizes.append(0)
                while len(window) > limit or (window and not isinstance(window[0], Future)):
                    yield from _pop(window, sizes, sink, pool)
            while window:
                yield from _pop(window, sizes, sink, pool)
        except BaseException:
            # Kill the workers; the pool then fails every pending future itself. Futures
            # are not cancelled here: Python 3.11's pool would then raise
            # InvalidStateError in its own thread while marking them failed. The process
            # table is taken before shutdown(), which sets it to None.
            workers = _workers(pool)
            for proc in workers:
                proc.kill()
            for proc in workers:
                proc.join()
            # A worker killed while sending a result leaves the pool's result reader
            # waiting for the rest of the message, and interpreter exit waits on that
            # reader's thread. With every worker gone, closing this process's copy of
            # the pipe's write end ends the message (EOF): the thread sees a broken pool.
            writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
            if writer is not None:
                writer.close()
            pool.shutdown(wait=False)
            raise


def _result(future: Future[list[Result]], pool: Any) -> list[Result]:
    """``future.result()``, or :class:`BrokenProcessPool` once a worker has died. The
    pool notices a dead worker itself, except while its reader is inside a result the
    worker was sending when it died: it then waits for the rest forever."""
    from concurrent.futures import TimeoutError as FutureTimeout
    from concurrent.futures.process import BrokenProcessPool

    while True:
        try:
            return future.result(timeout=0.5)
        except FutureTimeout:
            if any(proc.exitcode is not None for proc in _workers(pool)):
                raise BrokenProcessPool("a worker process died") from None


def _workers(pool: Any) -> list[Any]:
    """The pool's worker processes (``[]`` once it has shut down)."""
    return list((getattr(pool, "_processes", None) or {}).values())


def _pop(
    window: deque[Future[list[Result]] | tuple[str, Damage]],
    sizes: deque[int],
    sink: Sink,
    pool: Any,
) -> Iterator[tuple[int, list[Result]]]:
    head = window.popleft()
    size = sizes.popleft()
    if isinstance(head, Future):
        yield size, _result(head, pool)
    else:
        sink.damage(*head)
