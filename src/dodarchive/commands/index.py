"""``dodarchive index``: a sorted CDXJ index of WARC files, written by cdxj-indexer."""

from __future__ import annotations

from pathlib import Path

import click

from dodarchive.commands.common import (
    EXIT_DAMAGED,
    EXIT_OUTPUT,
    checked_warcs,
    fail,
    output_path,
)

__all__ = ["index"]


@click.command()
@click.argument("warcs", nargs=-1, required=True)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="CDXJ file to write (its folder is created).",
)  # fmt: skip
def index(warcs: tuple[str, ...], output: Path) -> None:
    """Index WARCS (files or folders) into one sorted CDXJ file (pywb's format).

    The file appears only when complete. Exit codes: 3 an input is not a WARC, 4 an
    input is damaged part-way (nothing written), 5 the output cannot be written.
    """
    from cdxj_indexer.main import CDXJIndexer

    from dodarchive.extract.output import AtomicFile

    paths = [str(p) for p in checked_warcs(warcs)]
    output_path(output)
    try:
        out = AtomicFile(output)
    except OSError as exc:
        fail(EXIT_OUTPUT, f"{output}: cannot write ({exc.strerror or exc})")
    try:
        out.fh.close()
        CDXJIndexer(output=str(out.tmp), inputs=paths, sort=True).process_all()
        with out.tmp.open("rb") as fh:
            lines = sum(1 for _ in fh)
        out.fh = out.tmp.open("ab")
        out.commit()
    except OSError as exc:
        out.discard()
        fail(EXIT_OUTPUT, f"{output}: cannot write ({exc.strerror or exc})")
    except Exception as exc:  # warcio/cdxj-indexer on a damaged record: no partial index
        out.discard()
        fail(EXIT_DAMAGED, f"a WARC is damaged, no index written ({type(exc).__name__}: {exc})")
    click.echo(f"{output}: {lines} lines from {len(paths)} WARC files", err=True)
