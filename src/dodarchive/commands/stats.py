"""``dodarchive stats``: what is in these WARCs, article files and reject files."""

from __future__ import annotations

import glob
import json
from pathlib import Path

import click

from dodarchive.commands.common import EXIT_INPUT, fail
from dodarchive.inventory import Stats, add_file, render
from dodarchive.warc.files import WARC_SUFFIXES, warc_files
from dodarchive.warc.scan import InputError

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
    for raw in inputs:
        if not Path(raw).exists() and not glob.has_magic(raw):
            fail(EXIT_INPUT, f"{raw}: no such file or folder")
    paths = warc_files(inputs, suffixes=_SUFFIXES, check=False)
    if not paths:
        fail(EXIT_INPUT, f"no WARC, JSON Lines or Parquet files in {', '.join(inputs)}")
    for path in paths:
        try:
            add_file(result, path)
        except InputError as exc:
            fail(EXIT_INPUT, str(exc))
    if as_json:
        click.echo(json.dumps(result.to_dict(), sort_keys=False))
    else:
        click.echo(render(result))
