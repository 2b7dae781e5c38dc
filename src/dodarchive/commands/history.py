"""``dodarchive history``: WARC files → one line per version of each article.

Captures of one article (one ``articleKey``: across hosts, URL forms, print views, web
archives and text captures) with the same ``textHash`` are one version; versions are
numbered by first capture time, and from version 2 on carry ``changes`` against the
version before. Lines are ordered by (articleKey, version), the same bytes for any
``--workers``.

Exit codes are ``extract``'s: 0 done, 2 bad command line, 3 an input cannot be read at
all, 4 done but an input was damaged part-way, 5 the output cannot be written, 130/143
interrupted (nothing moved into place).
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import click

from dodarchive.commands.extract import (
    EXIT_DAMAGED,
    EXIT_INPUT,
    EXIT_OUTPUT,
    _fail,
    _on_sigterm,
    _Progress,
    default_rejects,
    default_workers,
    extract_on_spark,
)
from dodarchive.extract.local import Options, run_extract
from dodarchive.extract.output import FORMATS, MissingDependencyError
from dodarchive.extract.sink import HistoryOptions
from dodarchive.warc.files import warc_files
from dodarchive.warc.scan import InputError


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="WARC_OR_DIR...")
@click.option(
    "-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="Output file: one version per line (JSON Lines, or Parquet with --format parquet).",
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
    "--changed-only", is_flag=True,
    help="Only articles with two versions or more (all their versions).",
)  # fmt: skip
@click.option(
    "--html", "html_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Also write one diff page per changed article, and index.html, into this folder.",
)  # fmt: skip
@click.option(
    "--replay-base", default=None, metavar="URL",
    help="With --html: link captures to BASE/TIMESTAMP/URL (or a template with {timestamp} "
    "and {url}).",
)  # fmt: skip
@click.option(
    "--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
    help="Local worker processes, or PySpark (one task per WARC file; grouped by articleKey).",
)  # fmt: skip
@click.option(
    "--spark-master", default="local[*]", show_default=True,
    help="With --engine spark: the Spark master URL.",
)  # fmt: skip
def history(  # noqa: PLR0917 - click passes options as arguments
    inputs: tuple[str, ...],
    out: Path,
    rejects: Path | None,
    workers: int | None,
    fmt: str,
    changed_only: bool,
    html_dir: Path | None,
    replay_base: str | None,
    engine: str,
    spark_master: str,
) -> None:
    """Write the versions of every article in WARC files (or folders of them) to OUT.

    Prints a one-line JSON summary (extract's, plus "versions") to stdout. Exit codes:
    0 done; 3 an input cannot be read at all; 4 done, but an input was damaged part-way;
    5 the output cannot be written.
    """
    if replay_base and html_dir is None:
        _fail(2, "--replay-base needs --html DIR")
    options = Options(
        workers=workers or default_workers(),
        fmt="parquet" if fmt == "parquet" else "jsonl",
        history=HistoryOptions(changed_only=changed_only, html=html_dir, replay_base=replay_base),
    )
    rejects_path = rejects or default_rejects(out)
    if engine == "spark":
        if html_dir is not None:
            _fail(2, "--html is written by the local engine only")
        extract_on_spark(inputs, out, rejects_path, fmt, spark_master, mode="history",
                         changed_only=changed_only)  # fmt: skip
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
    line = json.loads(summary.to_json())
    click.echo(json.dumps(line, sort_keys=True, ensure_ascii=False))
    if summary.damaged:
        raise SystemExit(EXIT_DAMAGED)
