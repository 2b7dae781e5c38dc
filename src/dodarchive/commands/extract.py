"""``dodarchive extract``: WARC files → one JSON line (or Parquet row) per article.

Exit codes (also in docs/extraction.md):

- 0: done; rejects are normal and counted.
- 2: bad command line (click's usage errors).
- 3: an input cannot be read at all (missing, permission denied, empty, not a WARC, a
  folder without WARCs). One line on stderr; nothing is written.
- 4: done, but an input was damaged (cut off or corrupt part-way). Every whole record
  before the damage was extracted and the output is complete; the damage is a reject
  (``warc-truncated`` / ``warc-corrupt``).
- 5: the output cannot be written (folder not writable, pyarrow missing for Parquet).
- 130 / 143: interrupted (Ctrl-C / SIGTERM); no output is moved into place.

stdout gets exactly one line, the JSON summary; a progress bar goes to stderr only when
stderr is a terminal.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

import click

from dodarchive.article import PAGE_TYPES
from dodarchive.extract.local import Options, run_extract
from dodarchive.extract.output import FORMATS, MissingDependencyError
from dodarchive.extract.summary import Summary
from dodarchive.warc.files import warc_files
from dodarchive.warc.scan import InputError

EXIT_OK = 0
EXIT_INPUT = 3
EXIT_DAMAGED = 4
EXIT_OUTPUT = 5


def _fail(code: int, message: str) -> None:
    click.echo(f"dodarchive extract: error: {message}", err=True)
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


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


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


def _extract_on_spark(
    inputs: tuple[str, ...], out: Path, rejects: Path, fmt: str, master: str
) -> None:
    """Run the Spark engine (same per-record function); rejects written atomically."""
    from dodarchive.extract.spark import SparkEngineError, run_spark

    target = str(out) + ("/" if str(out).endswith("/") else "")
    try:
        summary = run_spark(list(inputs), target, "parquet" if fmt == "parquet" else "jsonl",
                            master=master, rejects=rejects)  # fmt: skip
    except InputError as exc:
        _fail(EXIT_INPUT, str(exc))
    except FileNotFoundError as exc:
        _fail(EXIT_INPUT, f"{exc.filename or exc}: no such file")
    except SparkEngineError as exc:
        _fail(EXIT_INPUT, str(exc))
    click.echo(summary.to_json())
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
    "--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
    help="Keep articles with datePublished on or after this date (YYYY-MM-DD).",
)  # fmt: skip
@click.option(
    "--page-type", "page_types", type=click.Choice(PAGE_TYPES), multiple=True,
    help="Keep only this page type (repeatable).",
)  # fmt: skip
@click.option(
    "--dedup/--all-captures", default=True, show_default=True,
    help="One record per article (newest capture, all captures listed), or every capture.",
)  # fmt: skip
@click.option(
    "--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
    help="Local worker processes, or PySpark (one task per WARC file; needs --all-captures).",
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
def extract(  # noqa: PLR0917 - click passes options as arguments
    inputs: tuple[str, ...],
    out: Path,
    rejects: Path | None,
    workers: int | None,
    fmt: str,
    since: Any,
    page_types: tuple[str, ...],
    dedup: bool,
    engine: str,
    spark_master: str,
    pdf_text: bool,
) -> None:
    """Extract articles from WARC files (or folders of them) into OUT.

    Output is deterministic: the same bytes for any --workers, in input order then
    record offset. Prints a one-line JSON summary to stdout.

    Exit codes: 0 done (rejects are normal); 3 an input cannot be read at all; 4 done,
    but an input was damaged part-way (see the rejects file); 5 the output cannot be
    written.
    """
    options = Options(
        workers=workers or default_workers(),
        fmt="parquet" if fmt == "parquet" else "jsonl",
        since=since.date().isoformat() if since else None,
        page_types=frozenset(page_types),
        dedup=dedup,
    )
    rejects_path = rejects or default_rejects(out)
    if engine == "spark":
        if dedup or since or page_types:
            _fail(2, "--engine spark extracts every capture unfiltered: add --all-captures "
                  "and drop --since/--page-type")  # fmt: skip
        _extract_on_spark(inputs, out, rejects_path, fmt, spark_master)
        return
    try:
        paths = warc_files(inputs)
    except InputError as exc:
        _fail(EXIT_INPUT, str(exc))
    try:
        for folder in {out.parent, rejects_path.parent}:
            folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(EXIT_OUTPUT, f"{exc.filename}: cannot create folder ({exc.strerror})")
    if pdf_text:
        from dataclasses import replace

        from dodarchive.extract.documents import DocumentIndex

        options = replace(options, documents=DocumentIndex.scan(paths))
    signal.signal(signal.SIGTERM, _on_sigterm)
    progress = _Progress(sum(p.stat().st_size for p in paths)) if sys.stderr.isatty() else None
    try:
        summary = run_extract(paths, out, rejects_path, options, progress)
    except MissingDependencyError as exc:
        _fail(EXIT_OUTPUT, str(exc))
    except PermissionError as exc:
        _fail(EXIT_OUTPUT, f"{exc.filename}: permission denied")
    except KeyboardInterrupt:
        _fail(130, "interrupted; no output written")
    finally:
        if progress is not None:
            progress.close()
    click.echo(summary.to_json())
    if summary.damaged:
        raise SystemExit(EXIT_DAMAGED)
