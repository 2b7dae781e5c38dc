"""``dodarchive extract``: WARC files → one JSON line (or Parquet row) per article.

Exit codes (also in docs/extraction.md):

- 0: done; rejects are normal and counted.
- 3: an input cannot be read at all (missing, permission denied, empty, not a WARC, a
  folder without WARCs). One line on stderr; nothing is written.
- 4: done, but an input was damaged (cut off or corrupt part-way). Every whole record
  before the damage was extracted and the output is complete; the damage is a reject
  (``warc-truncated`` / ``warc-corrupt``).
- 1: a worker process died (killed, out of memory); one line, no output is moved into place.
- 2: bad command line (click's usage errors), or ``-o``/``--rejects`` name an input, a
  file in an input folder, or each other; nothing is written.
- 5: the output cannot be written (folder not writable, pyarrow missing for Parquet).
- 130 / 143: interrupted (Ctrl-C / SIGTERM); one line, no output is moved into place.

stdout gets exactly one line, the JSON summary; a progress bar goes to stderr only when
stderr is a terminal.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import BrokenExecutor
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from dodarchive.extract.spark import Mode

from dodarchive.article import PAGE_TYPES
from dodarchive.commands.common import IsoDate
from dodarchive.extract.local import Options, run_extract
from dodarchive.extract.output import FORMATS, MissingDependencyError
from dodarchive.extract.record import EXTRACTORS
from dodarchive.extract.summary import Summary
from dodarchive.records.export import RECORD_FORMATS
from dodarchive.warc.cdxj import load_index
from dodarchive.warc.files import WARC_SUFFIXES, warc_files
from dodarchive.warc.scan import InputError

EXIT_OK = 0
EXIT_INPUT = 3
EXIT_DAMAGED = 4
EXIT_OUTPUT = 5


def _fail(code: int, message: str) -> None:
    """Say ``message`` in one line, as the running command (``extract`` or ``history``,
    which shares this engine), and exit with ``code``."""
    context = click.get_current_context(silent=True)
    name = context.command.name if context is not None else None
    click.echo(f"dodarchive {name or 'extract'}: error: {message}", err=True)
    raise SystemExit(code)


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def default_rejects(out: Path) -> Path:
    """``articles.jsonl`` → ``articles.rejects.jsonl`` in the same folder."""
    stem = out.name.rsplit(".", 1)[0] if "." in out.name else out.name
    return out.with_name(f"{stem}.rejects.jsonl")


class _Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _on_signal(signum: int, frame: FrameType | None) -> None:
    """Stop the run once: later signals are ignored while it cleans up."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise _Interrupted(signum)


def _same_file(a: Path, b: Path) -> bool:
    """``a`` and ``b`` are one file: same resolved path, or same inode (a hard link)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.samefile(b)
    except OSError:
        return False


def _refuse_overlap(inputs: tuple[str, ...], files: list[Path], out: Path, rejects: Path) -> None:
    """Exit 2 if ``out`` or ``rejects`` is an input file, a WARC inside an input folder
    (or the folder itself), or the same file as the other: a run must never overwrite
    what it reads, nor merge its two outputs."""
    if _same_file(out, rejects):
        _fail(2, f"--rejects and -o are the same file ({out})")
    for target, what in ((out, "-o"), (rejects, "--rejects")):
        for path in files:
            if _same_file(target, path):
                _fail(2, f"{what} {target} would overwrite the input {path}")
        resolved = target.resolve()
        for raw in inputs:
            given = Path(raw).resolve()
            inside = given.is_dir() and resolved.is_relative_to(given)
            if resolved == given or (inside and target.name.endswith(WARC_SUFFIXES)):
                _fail(2, f"{what} {target} would overwrite the input {raw}")


class _Progress:
    """A tqdm bar over input bytes with records/s, articles and rejects."""

    def __init__(self, total: int) -> None:
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: workers are forked
        size = shutil.get_terminal_size()  # 80x24 when a pty reports 0x0 (tqdm would hide)
        self.bar = tqdm(
            total=total, unit="B", unit_scale=True, file=sys.stderr, leave=True,
            ncols=size.columns, nrows=size.lines,
        )  # fmt: skip
        self.started: float = self.bar.start_t

    def __call__(self, size: int, summary: Summary) -> None:
        self.bar.update(size)
        elapsed = max(self.bar.format_dict["elapsed"], 1e-6)
        postfix = {
            "records": summary.records,
            "articles": summary.captures,
            "rejects": sum(summary.rejected.values()),
            "rec/s": f"{summary.records / elapsed:.0f}",
        }
        self.bar.set_postfix(postfix, refresh=False)

    def close(self) -> None:
        self.bar.close()


def spark_summary(
    inputs: tuple[str, ...],
    out: Path,
    rejects: Path,
    fmt: str,
    master: str,
    *,
    mode: Mode = "captures",
    changed_only: bool = False,
    options: Options | None = None,
) -> Summary:
    """Run the Spark engine (:func:`dodarchive.extract.spark.run_spark`, with ``mode``
    and the local engine's ``options``) and return its summary; an input or index that
    cannot be read exits 3 with one line."""
    from dodarchive.extract.spark import SparkEngineError, run_spark

    try:
        return run_spark(list(inputs), str(out), "parquet" if fmt == "parquet" else "jsonl",
                         master=master, rejects=rejects, mode=mode,
                         changed_only=changed_only, options=options)  # fmt: skip
    except InputError as exc:
        _fail(EXIT_INPUT, str(exc))
    except FileNotFoundError as exc:
        _fail(EXIT_INPUT, f"{exc.filename or exc}: no such file")
    except SparkEngineError as exc:
        _fail(EXIT_INPUT, str(exc))
    raise AssertionError  # pragma: no cover - _fail exits


def extract_on_spark(
    inputs: tuple[str, ...],
    out: Path,
    rejects: Path,
    fmt: str,
    master: str,
    *,
    mode: Mode = "captures",
    changed_only: bool = False,
    options: Options | None = None,
) -> None:
    """Run the Spark engine as :func:`spark_summary` does, print the summary line, and
    exit 4 when an input was damaged; rejects written atomically."""
    summary = spark_summary(inputs, out, rejects, fmt, master, mode=mode,
                            changed_only=changed_only, options=options)  # fmt: skip
    click.echo(summary.to_json())
    if summary.damaged:
        raise SystemExit(EXIT_DAMAGED)


#: What a write fails with when the disk (or quota, or file size limit) is full, or the
#: file system went read-only: the output cannot be written (exit 5), not a bug.
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


@contextlib.contextmanager
def _stopped_cleanly(out: Path) -> Iterator[None]:
    """Turn what stops an extraction (a missing dependency, an unwritable output or a
    full disk, a signal, a dead worker) into its one line and exit code; nothing is
    written. A failed write names the file, else ``out`` (a write to an open file,
    in this process or a worker's spill file, carries no name)."""
    try:
        yield
    except MissingDependencyError as exc:
        _fail(EXIT_OUTPUT, str(exc))
    except PermissionError as exc:
        _fail(EXIT_OUTPUT, f"{exc.filename}: permission denied")
    except OSError as exc:
        if exc.errno not in _WRITE_ERRORS:
            raise
        where = exc.filename or out
        _fail(EXIT_OUTPUT, f"{where}: cannot write ({exc.strerror}); no output written")
    except (_Interrupted, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, _Interrupted) else signal.SIGINT
        name = signal.Signals(signum).name
        _fail(128 + signum, f"interrupted ({name}); no output written")
    except BrokenExecutor:  # BrokenProcessPool; its module loads only with workers
        _fail(1, "a worker process died (killed, or out of memory?); no output written")


def _record_format(out: Path, fmt: str) -> str:
    """The row format of ``--records``: from OUT's extension, else ``--format``."""
    suffix = out.suffix.lower().lstrip(".")
    if suffix in RECORD_FORMATS:
        return suffix
    return fmt


def _extract_records(
    inputs: tuple[str, ...],
    out: Path,
    rejects: Path,
    options: Options,
    kind: str,
    *,
    spark_master: str | None = None,
) -> None:
    """Extract the contract pages to a temporary JSONL beside OUT (deduplicated, on the
    local engine, or on Spark when ``spark_master`` is given: the same bytes), then
    write one row per award; the summary line gains ``"awards"``, the number of rows."""
    import dataclasses
    import tempfile

    from dodarchive.records.export import write_award_rows

    row_format = _record_format(out, options.fmt)
    try:  # URLs and the inputs themselves are checked by the Spark engine
        paths = warc_files(inputs, check=spark_master is None)
    except InputError as exc:
        _fail(EXIT_INPUT, str(exc))
    try:
        for folder in {out.parent, rejects.parent}:
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(EXIT_OUTPUT, f"{exc.filename}: cannot create folder ({exc.strerror})")
    _refuse_overlap(inputs, paths, out, rejects)
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    types = options.page_types or frozenset({"contract"})
    article_options = dataclasses.replace(options, fmt="jsonl", page_types=types)
    with tempfile.TemporaryDirectory(prefix=f".{out.name}.", dir=out.parent or None) as tmp:
        articles = Path(tmp) / "articles.jsonl"
        with _stopped_cleanly(out):
            if spark_master is not None:
                summary = spark_summary(inputs, articles, rejects, "jsonl", spark_master,
                                        mode="articles", options=article_options)  # fmt: skip
            else:
                summary = run_extract(paths, articles, rejects, article_options, None)
            rows = write_award_rows(articles, out, row_format)  # type: ignore[arg-type]
    data = json.loads(summary.to_json())
    data["output"] = str(out)
    data[kind] = rows
    click.echo(json.dumps(data, sort_keys=True, ensure_ascii=False))
    if summary.damaged:
        raise SystemExit(EXIT_DAMAGED)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="WARC_OR_DIR...")
@click.option(
    "-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="Output file (JSON Lines, or Parquet with --format parquet).",
)  # fmt: skip
@click.option(
    "--rejects", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Rejects file (JSON Lines) [default: OUT's name with .rejects.jsonl].",
)  # fmt: skip
@click.option(
    "--workers", type=click.IntRange(min=1), default=None,
    help="Worker processes [default: one per core].",
)  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option(
    "--since", type=IsoDate(), default=None,
    help="Keep articles with datePublished on or after this date (YYYY-MM-DD).",
)  # fmt: skip
@click.option(
    "--page-type", "page_types", type=click.Choice(PAGE_TYPES), multiple=True,
    help="Keep only this page type (repeatable).",
)  # fmt: skip
@click.option(
    "--dedup/--all-captures", default=True, show_default=True,
    help="One record per article (as it stands, all captures listed), or every capture.",
)  # fmt: skip
@click.option(
    "--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
    help="Local worker processes, or PySpark (one task per WARC file; no --pdf-text).",
)  # fmt: skip
@click.option(
    "--spark-master", default="local[*]", show_default=True,
    help="With --engine spark: the Spark master URL.",
)  # fmt: skip
@click.option(
    "--pdf-text", is_flag=True,
    help="First index the PDFs archived in the inputs (crawl --with-media): a page whose "
    "body only points to a PDF (\"View the speech here.\") takes the PDF's text.",
)  # fmt: skip
@click.option(
    "--records",
    "records",
    type=click.Choice(["awards"]),
    default=None,
    help="Write one row per record instead of one per article: 'awards' gives one row "
    "per contract award with the article's url, datePublished and articleId. The format "
    "follows OUT's extension: .jsonl, .csv or .parquet.",
)
@click.option(
    "--extractor", type=click.Choice(EXTRACTORS), default="auto", show_default=True,
    help="auto: each page's template, else the generic page class; generic: the generic "
    "page class on every page (to compare it with the templates).",
)  # fmt: skip
@click.option(
    "--off-table", is_flag=True, default=False,
    help="Extract records of every host. By default only the site table's hosts and other "
    ".mil hosts are read; the rest are skipped (counted as off-table) from their WARC "
    "headers, their payloads never read.",
)  # fmt: skip
@click.option(
    "--index", "index", type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="A CDXJ index of the inputs (dodarchive index): read only the on-table records "
    "it lists [default: NAME.cdxj or index.cdxj beside each WARC, if newer than it].",
)  # fmt: skip
def extract(  # noqa: PLR0917 - click passes options as arguments
    inputs: tuple[str, ...],
    out: Path,
    rejects: Path | None,
    workers: int | None,
    fmt: str,
    since: str | None,
    page_types: tuple[str, ...],
    dedup: bool,
    engine: str,
    spark_master: str,
    pdf_text: bool,
    records: str | None,
    extractor: str,
    off_table: bool,
    index: Path | None,
) -> None:
    """Extract articles from WARC files (or folders of them) into OUT.

    Output is deterministic: the same bytes for any --workers, in input order then
    record offset. Prints a one-line JSON summary to stdout.

    Exit codes: 0 done (rejects are normal); 1 a worker process died; 2 bad arguments
    (also -o or --rejects naming an input, or each other); 3 an input cannot be read at
    all; 4 done, but an input was damaged part-way (see the rejects file); 5 the output
    cannot be written; 130/143 interrupted. Only 0 and 4 leave output.
    """
    options = Options(
        workers=workers or default_workers(),
        fmt="parquet" if fmt == "parquet" else "jsonl",
        since=since,
        page_types=frozenset(page_types),
        dedup=dedup,
        extractor=extractor,
        off_table=off_table,
        index=index,
    )
    rejects_path = rejects or default_rejects(out)
    if engine == "spark" and pdf_text:
        _fail(2, "--pdf-text works with the local engine only")
    if records is not None:
        master = spark_master if engine == "spark" else None
        _extract_records(inputs, out, rejects_path, options, records, spark_master=master)
        return
    if engine == "spark":
        _refuse_overlap(inputs, warc_files(inputs, check=False), out, rejects_path)
        extract_on_spark(inputs, out, rejects_path, fmt, spark_master,
                         mode="articles" if dedup else "captures", options=options)  # fmt: skip
        return
    run_local(inputs, out, rejects_path, options, pdf_text=pdf_text)


def run_local(
    inputs: tuple[str, ...],
    out: Path,
    rejects_path: Path,
    options: Options,
    *,
    pdf_text: bool = False,
) -> None:
    """Run the local engine as ``extract`` does (``history`` too): inputs checked, output
    folders made, signals handled, progress on a terminal; prints the summary line and
    exits as the module docstring says. ``pdf_text`` first indexes the PDFs archived in
    the inputs (:class:`~dodarchive.extract.documents.DocumentIndex`)."""
    try:
        paths = warc_files(inputs)
    except InputError as exc:
        _fail(EXIT_INPUT, str(exc))
    _refuse_overlap(inputs, paths, out, rejects_path)
    if options.index is not None:
        try:
            load_index(options.index)
        except (OSError, ValueError) as exc:
            _fail(EXIT_INPUT, f"--index: {exc}")
    try:
        for folder in {out.parent, rejects_path.parent}:
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(EXIT_OUTPUT, f"{exc.filename}: cannot create folder ({exc.strerror})")
    if pdf_text:
        from dataclasses import replace

        from dodarchive.extract.documents import DocumentIndex

        options = replace(options, documents=DocumentIndex.scan(paths))
    signal.signal(signal.SIGINT, _on_signal)
    signal.signal(signal.SIGTERM, _on_signal)
    progress = _Progress(sum(p.stat().st_size for p in paths)) if sys.stderr.isatty() else None
    try:
        with _stopped_cleanly(out):
            summary = run_extract(paths, out, rejects_path, options, progress)
    finally:
        if progress is not None:
            progress.close()
    click.echo(summary.to_json())
    if summary.damaged:
        raise SystemExit(EXIT_DAMAGED)
