"""``dodarchive pack``: a WACZ package of WARC files, built by the ``wacz`` package."""

from __future__ import annotations

import sys
from pathlib import Path

import click

__all__ = ["pack"]


@click.command()
@click.argument("warcs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="WACZ file to write.",
)  # fmt: skip
def pack(warcs: tuple[str, ...], output: Path) -> None:
    """Package WARCS (files or folders) with a CDXJ index and detected pages as a WACZ."""
    from wacz.main import main as wacz_main

    from dodarchive.warc.files import warc_files

    paths = [str(p) for p in warc_files(warcs, check=False)]
    code = wacz_main(["create", "--detect-pages", "-o", str(output), *paths])
    if code:
        sys.exit(int(code))
    click.echo(f"{output}: {len(paths)} WARC files", err=True)
