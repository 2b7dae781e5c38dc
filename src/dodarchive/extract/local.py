"""The local extraction engine: WARC files in, articles and rejects out, deterministically.

Data flow::

    inputs ─► check_input ─► scan (main process: record boundaries, damage)
           ─► batches of (file, offset, count) ─► workers: iter_records + extract_record
           ─► results in batch order ─► sink: dedup (spill) ─► writer (atomic)

Workers read the WARC themselves from an offset; only small tasks and serialized
results cross process boundaries. Batches are consumed in submission order from a
bounded window, so the output is the same bytes for any number of workers, in input
file order then record offset. Memory stays flat: one batch per worker in flight, and
dedup keeps only short per-article summaries (see :mod:`dodarchive.extract.sink`).
Filters (``--since``, ``--page-type``) run in the workers. Records become
:class:`~dodarchive.extract.summary.Result` objects and are counted into a
:class:`~dodarchive.extract.summary.Summary`, as on the Spark engine.
"""

from __future__ import annotations

import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dodarchive.extract.documents import DocumentIndex
from dodarchive.extract.output import Format, check_format, sweep_stale
from dodarchive.extract.record import EXTRACT_TYPES, MAX_BODY, extract_record
from dodarchive.extract.sink import HistoryOptions, Sink
from dodarchive.extract.summary import Result, Summary, reject_line
from dodarchive.warc.reader import WarcReadError, iter_records
from dodarchive.warc.scan import Damage, scan

__all__ = ["Batch", "Options", "run_batch", "run_extract"]


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
    """A task: ``count`` consecutive records of one file starting at ``offset``."""

    path: str
    label: str
    offset: int
    count: int
    size: int


# -- worker side ---------------------------------------------------------------------


def run_batch(batch: Batch, options: Options) -> list[Result]:
    """Extract every record of ``batch``; never raises for bad records or a damaged file."""
    results: list[Result] = []
    keep = options.keep if options.page_types or options.since else None
    seen = 0
    try:
        for rec in iter_records(
            batch.path, types=None, max_body=MAX_BODY, name=batch.label, start=batch.offset,
            limit=batch.count,
        ):  # fmt: skip
            seen += 1
            if rec.ref.recordType in EXTRACT_TYPES:
                outcome = extract_record(
                    rec, extractor=options.extractor, documents=options.documents
                )
                dedup = options.dedup or options.history is not None
                results.append(Result.of(outcome, keep=keep, dedup=dedup))
    except WarcReadError as exc:
        if seen < batch.count:  # the scan found these records whole: the file changed
            source = {"warcFile": batch.label, "offset": exc.offset}
            line = reject_line(source, "warc-changed", str(exc))
            results.append(Result("rejected", "warc-changed", line, exc.offset))
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


def _tasks(paths: list[Path], options: Options) -> Iterator[Batch | tuple[str, Damage]]:
    """Batches in input order, interleaved with the damage found in a file (after which
    the scan reads on at the next record)."""
    for path in paths:
        label = path.name
        start = -1
        count = wanted = size = 0
        for item in scan(path):
            if isinstance(item, Damage):  # reading goes on after it
                if count:
                    yield Batch(str(path), label, start, count, size)
                    count = 0
                yield (label, item)
                continue
            if count == 0:
                start, wanted, size = item.offset, 0, 0
            count += 1
            size += item.length
            wanted += item.rec_type in EXTRACT_TYPES
            if wanted >= options.batch_records:
                yield Batch(str(path), label, start, count, size)
                count = 0
        if count:
            yield Batch(str(path), label, start, count, size)


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
        for size, results in _results(_tasks(inputs, options), options, sink):
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


def _results(
    tasks: Iterator[Batch | tuple[str, Damage]], options: Options, sink: Sink
) -> Iterator[tuple[int, list[Result]]]:
    """Each batch's items, in task order; damage is reported to ``sink`` in order too."""
    if options.workers <= 1:
        for task in tasks:
            if isinstance(task, Batch):
                yield task.size, run_batch(task, options)
            else:
                sink.damage(*task)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
    window: deque[Future[list[Result]] | tuple[str, Damage]] = deque()
    sizes: deque[int] = deque()
    limit = options.workers * 3
    with ProcessPoolExecutor(options.workers, context, initializer=_worker_init) as pool:
        try:
            for task in tasks:
                if isinstance(task, Batch):
                    window.append(pool.submit(run_batch, task, options))
                    sizes.append(task.size)
                else:
                    window.append(task)
                    sizes.append(0)
                while len(window) > limit or (window and not isinstance(window[0], Future)):
                    yield from _pop(window, sizes, sink)
            while window:
                yield from _pop(window, sizes, sink)
        except BaseException:
            # Kill the workers; the pool then fails every pending future itself. Futures
            # are not cancelled here: Python 3.11's pool would then raise
            # InvalidStateError in its own thread while marking them failed. The process
            # table is taken before shutdown(), which sets it to None.
            workers = list((getattr(pool, "_processes", None) or {}).values())
            for proc in workers:
                proc.kill()
            pool.shutdown(wait=False)
            raise


def _pop(
    window: deque[Future[list[Result]] | tuple[str, Damage]], sizes: deque[int], sink: Sink
) -> Iterator[tuple[int, list[Result]]]:
    head = window.popleft()
    size = sizes.popleft()
    if isinstance(head, Future):
        yield size, head.result()
    else:
        sink.damage(*head)
