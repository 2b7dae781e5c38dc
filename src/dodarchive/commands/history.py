"""``dodarchive history``: WARC files → one line per version of each article.

Captures of one article (one ``articleKey``: across hosts, URL forms, print views, web
archives and text captures) with the same ``textHash`` are one version; versions are
numbered by first capture time, and from version 2 on carry ``changes`` against the
version before. Lines are ordered by (articleKey, version), the same bytes for any
``--workers``.

Exit codes, signals, the progress bar and the rejects file are ``extract``'s (the same
:func:`dodarchive.commands.extract.run_local`), see :mod:`dodarchive.commands.common`.
"""

from __future__ import annotations

from pathlib import Path

import click

from dodarchive.commands.extract import (
    _fail,
    _refuse_overlap,
    default_rejects,
    default_workers,
    extract_on_spark,
    run_local,
)
from dodarchive.extract.local import Options
from dodarchive.extract.output import FORMATS
from dodarchive.extract.sink import HistoryOptions
from dodarchive.warc.files import warc_files


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

    Prints a one-line JSON summary (extract's, plus "versions") to stdout. Exit codes
    are extract's: 0 done; 1 a worker process died; 2 bad arguments; 3 an input cannot
    be read at all; 4 done, but an input was damaged part-way; 5 the output cannot be
    written; 130/143 interrupted. Only 0 and 4 leave output.
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
        _refuse_overlap(inputs, warc_files(inputs, check=False), out, rejects_path)
        if html_dir is not None:
            _fail(2, "--html is written by the local engine only")
        extract_on_spark(inputs, out, rejects_path, fmt, spark_master, mode="history",
                         changed_only=changed_only, options=options)  # fmt: skip
        return
    run_local(inputs, out, rejects_path, options)
