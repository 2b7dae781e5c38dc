"""``dodarchive index``: a sorted CDXJ index of WARC files, written by cdxj-indexer."""

from __future__ import annotations

from pathlib import Path

import click

__all__ = ["index"]


@click.command()
@click.argument("warcs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="CDXJ file to write.",
)  # fmt: skip
def index(warcs: tuple[str, ...], output: Path) -> None:
    """Index WARCS (files or folders) into one sorted CDXJ file (pywb's format)."""
    from cdxj_indexer.main import CDXJIndexer

    from dodarchive.warc.files import warc_files

    paths = [str(p) for p in warc_files(warcs, check=False)]
    CDXJIndexer(output=str(output), inputs=paths, sort=True).process_all()
    lines = sum(1 for _ in output.open(encoding="utf-8"))
    click.echo(f"{output}: {lines} lines from {len(paths)} WARC files", err=True)
