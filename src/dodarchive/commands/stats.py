"""``dodarchive stats``: what is in these WARCs, article files and reject files."""

from __future__ import annotations

import json

import click

from dodarchive.inventory import Stats, add_file, render
from dodarchive.warc.files import WARC_SUFFIXES, warc_files
from dodarchive.warc.scan import InputError

EXIT_INPUT = 3
#: What a folder is searched for: WARCs, article files and reject files.
_SUFFIXES = (*WARC_SUFFIXES, ".jsonl", ".parquet")


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="WARC_OR_JSONL...")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def stats(inputs: tuple[str, ...], as_json: bool) -> None:
    """Summarise WARC files (records by type, status, host), article files from
    ``dodarchive extract`` (JSONL or Parquet: by page type, year, template) and reject
    files (by reason). Folders are searched for such files.

    Exits 3 with a one-line error when an input cannot be read.
    """
    result = Stats()
    for path in warc_files(inputs, suffixes=_SUFFIXES, check=False):
        try:
            add_file(result, path)
        except InputError as exc:
            click.echo(f"dodarchive stats: error: {exc}", err=True)
            raise SystemExit(EXIT_INPUT) from None
    if as_json:
        click.echo(json.dumps(result.to_dict(), sort_keys=False))
    else:
        click.echo(render(result))
