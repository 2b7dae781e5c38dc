"""``dodarchive validate``: digest and structure checks over WARC files."""

from __future__ import annotations

import sys

import click

from dodarchive.commands.common import EXIT_FAILED, checked_warcs

__all__ = ["validate"]


@click.command()
@click.argument("warcs", nargs=-1, required=True)
def validate(warcs: tuple[str, ...]) -> None:
    """Check WARCS (files or folders) together; one line per problem.

    Revisits must find their original among the files given, so pass earlier crawls'
    files too when checking a later one. Exit codes: 0 no problem; 1 problems found;
    3 an input is missing, not a WARC, or a folder holds no WARC file.
    """
    from dodarchive.warc.validate import validate as run_checks

    report = run_checks(checked_warcs(warcs))
    for problem in report.problems:
        click.echo(str(problem))
    summary = f"{report.files} files, {report.records} records, {len(report.problems)} problems"
    click.echo(summary, err=True)
    if not report.ok:
        sys.exit(EXIT_FAILED)
