"""``dodarchive report``: one self-contained HTML page with charts of the corpus."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["report"]

from dodarchive.commands.common import EXIT_INPUT, EXIT_OUTPUT, fail, output_path


@click.command()
@click.argument("inputs", type=click.Path(path_type=Path), metavar="OUT_DIR|ARTICLES.jsonl")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="HTML file to write [default: report.html in OUT_DIR, or beside ARTICLES].",
)  # fmt: skip
@click.option(
    "--history", type=click.Path(dir_okay=False, path_type=Path),
    help="versions.jsonl from `dodarchive history` (adds the Edits section).",
)  # fmt: skip
@click.option(
    "--awards", type=click.Path(dir_okay=False, path_type=Path),
    help="awards.jsonl from `dodarchive extract --records awards` (adds Contracts).",
)  # fmt: skip
@click.option("--diff-base", help="URL or relative path of `history --html` pages, for links.")
def report(
    inputs: Path,
    output: Path | None,
    history: Path | None,
    awards: Path | None,
    diff_base: str | None,
) -> None:
    """Write a self-contained HTML report: coverage, field fill rates, sources, edits.

    Charts are inline SVG with a table view each; the page opens offline. Exit codes:
    0 written; 2 bad command line; 3 an input cannot be read; 5 the output cannot be
    written (nothing is left behind).
    """
    from dodarchive.report import MissingDependencyError, ReportInputError, write_report

    if output is None:
        output = (inputs if inputs.is_dir() else inputs.parent) / "report.html"
    if not inputs.exists():
        fail(EXIT_INPUT, f"{inputs}: no such file or folder")
    output_path(output)
    try:
        data = write_report(inputs, output, history=history, awards=awards, diff_base=diff_base)
    except ReportInputError as exc:
        fail(EXIT_INPUT, str(exc))
    except MissingDependencyError as exc:
        fail(EXIT_OUTPUT, str(exc))
    except OSError as exc:
        fail(EXIT_OUTPUT, f"{output}: cannot write ({exc.strerror or exc})")
    click.echo(f"report: {output} ({data.articles} articles)")
