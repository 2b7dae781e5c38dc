"""``dodarchive validate``: digest and structure checks over WARC files."""

from __future__ import annotations

import sys

import click

__all__ = ["validate"]


@click.command()
@click.argument("warcs", nargs=-1, required=True, type=click.Path(exists=True))
def validate(warcs: tuple[str, ...]) -> None:
    """Check WARCS (files or folders) together; one line per problem, exit 1 if any.

    Revisits must find their original among the files given, so pass earlier crawls'
    files too when checking a later one.
    """
    from dodarchive.warc.validate import validate as run_checks

    report = run_checks(warcs)
    for problem in report.problems:
        click.echo(str(problem))
    summary = f"{report.files} files, {report.records} records, {len(report.problems)} problems"
    click.echo(summary, err=True)
    if not report.ok:
        sys.exit(1)
