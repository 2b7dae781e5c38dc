"""The local extraction engine: WARC files in, articles and rejects out, deterministically.

Data flow::

    inputs ─► check_input ─► scan (main process: record boundaries, damage)
           ─► batches of (file, offset, count) ─► workers: iter_records + extract_record
           ─► results in batch order ─► filters ─► dedup (spill) ─► writer (atomic)

Workers read the WARC themselves from an offset; only small tasks and serialized
results cross process boundaries. Batches are consumed in submission order from a
bounded window, so the output is the same bytes for any number of workers, in input
file order then record offset. Memory stays flat: one batch per worker in flight, and
dedup keeps only short per-article summaries (see :mod:`dodarchive.extract.captures`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dodarchive.article import dumps
from dodarchive.extract.captures import Deduplicator, capture_json, capture_sort_key, dedup_key
from dodarchive.extract.output import (
    Format,
    JsonlWriter,
    RecordWriter,
    check_format,
    open_writer,
    sweep_stale,
)
from dodarchive.extract.record import Outcome, extract_record
from dodarchive.warc.reader import WarcReadError, iter_records
from dodarchive.warc.scan import Damage, InputError, check_input, scan

__all__ = [
    "EXTRACT_TYPES",
    "Batch",
    "Options",
    "Summary",
    "collect_inputs",
    "run_batch",
    "run_extract",
]

#: Record types handed to ``extract_record``; requests, metadata and warcinfo are not.
EXTRACT_TYPES = frozenset({"response", "revisit", "conversion"})
#: Suffixes of WARC files picked up when a folder is given (``.open`` files are skipped).
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class Options:
    """What to extract and how; the defaults are the CLI's."""

    workers: int = 1
    fmt: Format = "jsonl"
    since: str | None = None
    page_types: frozenset[str] = frozenset()
    dedup: bool = True
    batch_records: int = 16
    extractor: str = "auto"


@dataclass(frozen=True, slots=True)
class Batch:
    """A task: ``count`` consecutive records of one file starting at ``offset``."""

    path: str
    label: str
    offset: int
    count: int
    size: int


@dataclass(slots=True)
class Summary:
    """Counts of one run; :meth:`to_json` is the machine-readable summary line."""

    inputs: int = 0
    records: int = 0
    articles: int = 0
    captures: int = 0
    duplicates: int = 0
    filtered: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    damaged: list[str] = field(default_factory=list)
    output: str = ""
    rejects: str = ""
    seconds: float = 0.0

    def to_json(self) -> str:
        """One line of JSON with sorted keys (counters as objects sorted by reason)."""
        data = {
            "inputs": self.inputs,
            "records": self.records,
            "articles": self.articles,
            "captures": self.captures,
            "duplicates": self.duplicates,
            "filtered": dict(sorted(self.filtered.items())),
            "skipped": dict(sorted(self.skipped.items())),
            "rejected": dict(sorted(self.rejected.items())),
            "damagedInputs": self.damaged,
            "output": self.output,
            "rejects": self.rejects,
            "seconds": round(self.seconds, 3),
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False)


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """The WARC files to read, in order: files as given, folders expanded (recursively,
    sorted by path) to their ``*.warc`` / ``*.warc.gz`` files; duplicates dropped.

    Raises :class:`InputError` for a missing, unreadable, empty or non-WARC input, or a
    folder without WARC files, before any work starts.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.endswith(WARC_SUFFIXES)
            )
            if not files:
                raise InputError(path, "no *.warc or *.warc.gz files in folder")
            found.extend(files)
        else:
            found.append(path)
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            check_input(path)
            unique.append(path)
    return unique


# -- worker side ---------------------------------------------------------------------

#: A processed record, small and picklable: (kind, payload...).
Item = tuple[str, ...]


def _keep(article: dict[str, Any], options: Options) -> str | None:
    """None when the article passes the filters, else the filter's reason."""
    if options.page_types and article["pageType"] not in options.page_types:
        return "page-type"
    if options.since:
        published = article.get("datePublished")
        if not published:
            return "no-date"
        if str(published)[:10] < options.since:
            return "before-since"
    return None


def _reject_line(source: dict[str, Any], reason: str, detail: str) -> str:
    return dumps({"reason": reason, "detail": detail, "source": source})


def _encode(outcome: Outcome, options: Options) -> Item:
    source = _source_dict(outcome)
    if outcome.kind == "article" and outcome.article is not None:
        article = outcome.article.to_dict()
        reason = _keep(article, options)
        if reason:
            return ("filtered", reason)
        line = dumps(article)
        if not options.dedup:
            return ("article", line)
        sort_key = json.dumps(capture_sort_key(article["source"]))
        return ("article", line, dedup_key(article), sort_key, capture_json(article))
    if outcome.kind == "rejected":
        return ("rejected", outcome.reason, _reject_line(source, outcome.reason, outcome.detail))
    return ("skipped", outcome.reason)


def _source_dict(outcome: Outcome) -> dict[str, Any]:
    s = outcome.source
    return {
        "warcFile": s.warcFile,
        "recordId": s.recordId,
        "offset": s.offset,
        "length": s.length,
        "targetUri": s.targetUri,
        "warcDate": s.warcDate,
        "payloadDigest": s.payloadDigest,
    }


def run_batch(batch: Batch, options: Options) -> list[Item]:
    """Extract every record of ``batch``; never raises for bad records or a damaged file."""
    items: list[Item] = []
    seen = 0
    try:
        for rec in iter_records(
            batch.path, types=None, name=batch.label, start=batch.offset, limit=batch.count
        ):
            seen += 1
            if rec.ref.recordType in EXTRACT_TYPES:
                outcome = extract_record(rec, extractor=options.extractor)
                items.append(_encode(outcome, options))
    except WarcReadError as exc:
        if seen < batch.count:  # the scan found these records whole: the file changed
            source = {"warcFile": batch.label, "offset": exc.offset}
            line = _reject_line(source, "warc-changed", str(exc))
            items.append(("rejected", "warc-changed", line))
    return items


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
    """Batches in input order, interleaved with the damage found at the end of a file."""
    for path in paths:
        label = path.name
        start = -1
        count = wanted = size = 0
        for item in scan(path):
            if isinstance(item, Damage):
                if count:
                    yield Batch(str(path), label, start, count, size)
                    count = 0
                yield (label, item)
                break
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


class _Sink:
    """Consumes results in order: counts, filters, dedups, and writes."""

    def __init__(self, out: Path, rejects: Path, options: Options, summary: Summary) -> None:
        self.options = options
        self.summary = summary
        self.out = out
        self.fmt = options.fmt
        self.rejects = JsonlWriter(rejects)
        self.writer: RecordWriter | None = None
        self.spill: Any = None
        self.dedup: Deduplicator | None = None
        try:
            if options.dedup:
                self.dedup = Deduplicator(
                    out.parent if str(out.parent) else ".",
                    prefix=f".{out.name}.{os.getpid()}.dedup.",
                )
                self.spill = tempfile.TemporaryFile(  # noqa: SIM115 - closed in finish/discard
                    dir=out.parent if str(out.parent) else ".", prefix=f".{out.name}.spill."
                )
            else:
                self.writer = open_writer(options.fmt, out)
        except BaseException:
            self.rejects.discard()
            raise

    def damage(self, label: str, damage: Damage) -> None:
        source = {"warcFile": label, "offset": damage.offset}
        self.rejects.write(_reject_line(source, damage.reason, damage.detail))
        self.summary.rejected[damage.reason] += 1
        self.summary.damaged.append(label)

    def take(self, items: list[Item]) -> None:
        s = self.summary
        for item in items:
            kind = item[0]
            if kind == "article":
                s.captures += 1
                if self.writer is not None:
                    self.writer.write(item[1])
                    s.articles += 1
                else:
                    self._offer(item)
                continue
            if kind == "rejected":
                s.rejected[item[1]] += 1
                self.rejects.write(item[2])
            elif kind == "skipped":
                s.skipped[item[1]] += 1
            else:
                s.filtered[item[1]] += 1

    def _offer(self, item: Item) -> None:
        _, line, key, sort_key, capture = item
        position = self.spill.tell()
        assert self.dedup is not None
        if self.dedup.offer(key, tuple(json.loads(sort_key)), capture, position):
            self.spill.write(line.encode("utf-8") + b"\n")

    def finish(self) -> None:
        """Write the deduplicated records (if any), then commit rejects and output."""
        if self.dedup is not None:
            self.writer = open_writer(self.fmt, self.out)
            for position, captures in self.dedup.winners():  # in spill (= output) order
                self.spill.seek(position)
                article = json.loads(self.spill.readline())
                article["captures"] = [json.loads(c) for c in captures]
                self.writer.write(dumps(article))
            self.summary.articles = len(self.dedup)
            self.summary.duplicates = self.summary.captures - len(self.dedup)
            self.spill.close()
            self.dedup.close()
        self.rejects.commit()
        assert self.writer is not None
        self.writer.commit()

    def discard(self) -> None:
        if self.spill is not None:
            self.spill.close()
        if self.dedup is not None:
            self.dedup.close()
        if self.writer is not None:
            self.writer.discard()
        self.rejects.discard()


def run_extract(
    inputs: list[Path],
    out: Path,
    rejects: Path,
    options: Options,
    progress: ProgressFn | None = None,
) -> Summary:
    """Extract ``inputs`` into ``out`` (and ``rejects``), atomically; return the counts.

    ``inputs`` must come from :func:`collect_inputs`. Raises
    :class:`~dodarchive.extract.output.MissingDependencyError` before any work when the format
    needs a missing library. On any exception (including KeyboardInterrupt) nothing is
    moved into place and temporary files are removed.
    """
    started = time.monotonic()
    check_format(options.fmt)
    for path in (out, rejects):
        sweep_stale(path)
    summary = Summary(inputs=len(inputs), output=str(out), rejects=str(rejects))
    sink = _Sink(out, rejects, options, summary)
    try:
        for size, items in _results(_tasks(inputs, options), options, sink):
            summary.records += len(items)
            sink.take(items)
            if progress is not None:
                progress(size, summary)
        sink.finish()
    except BaseException:
        sink.discard()
        raise
    summary.seconds = time.monotonic() - started
    return summary


def _results(
    tasks: Iterator[Batch | tuple[str, Damage]], options: Options, sink: _Sink
) -> Iterator[tuple[int, list[Item]]]:
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
    window: deque[Future[list[Item]] | tuple[str, Damage]] = deque()
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
            for pending in window:
                if isinstance(pending, Future):
                    pending.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in list(getattr(pool, "_processes", {}).values()):
                proc.kill()
            raise


def _pop(
    window: deque[Future[list[Item]] | tuple[str, Damage]], sizes: deque[int], sink: _Sink
) -> Iterator[tuple[int, list[Item]]]:
    head = window.popleft()
    size = sizes.popleft()
    if isinstance(head, Future):
        yield size, head.result()
    else:
        sink.damage(*head)
