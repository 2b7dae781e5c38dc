"""``dodarchive index``: a sorted CDXJ index of WARC files, written by cdxj-indexer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from dodarchive.commands.common import (
    EXIT_DAMAGED,
    atomic_output,
    checked_warcs,
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

    The file appears only when complete. A damaged stretch of a WARC is skipped (one line
    on stderr each) and indexing goes on at the next record; the index then holds every
    whole record. Exit codes: 3 an input is not a WARC, 4 an input was damaged part-way
    (the index of its whole records is written), 5 the output cannot be written.
    """
    paths = [str(p) for p in checked_warcs(warcs)]
    with atomic_output(output_path(output)) as out:
        out.fh.close()  # cdxj-indexer writes the temporary file by name
        damaged = _indexer(out.tmp, paths).process_all_reporting()
        with out.tmp.open("rb") as fh:
            lines = sum(1 for _ in fh)
        out.fh = out.tmp.open("ab")  # for commit's flush and fsync
    for line in damaged:
        click.echo(f"dodarchive index: damaged WARC: {line}", err=True)
    click.echo(f"{output}: {lines} lines from {len(paths)} WARC files", err=True)
    if damaged:
        raise SystemExit(EXIT_DAMAGED)


def _indexer(output: Path, paths: list[str]) -> Any:
    """cdxj-indexer's CDXJIndexer reading each WARC's whole stretches only, through the
    bounded :func:`~dodarchive.warc.reader.archive_iterator`."""
    from cdxj_indexer.main import CDXJIndexer

    from dodarchive.warc.reader import Window, archive_iterator
    from dodarchive.warc.scan import whole_stretches

    class _Indexer(CDXJIndexer):  # type: ignore[misc]
        damaged: list[str]

        def process_all_reporting(self) -> list[str]:
            self.damaged = []
            self.process_all()
            return self.damaged

        def _create_record_iter(self, input_: Any) -> Any:
            return archive_iterator(
                input_, no_record_parse=not self.record_parse, arc2warc=True,
                verify_http=self.verify_http,
            )  # fmt: skip

        def process_one(self, input_: Any, output: Any, filename: str) -> None:
            stretches, damage = whole_stretches(filename)
            for item in damage:
                self.damaged.append(f"{filename}: byte {item.offset}: {item.detail}")
            for start, end in stretches:
                super().process_one(Window(input_, start, end), output, filename)

    return _Indexer(output=str(output), inputs=paths, sort=True)
