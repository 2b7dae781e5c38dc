"""``dodarchive stats``: what is in these WARCs, article files and reject files."""

from __future__ import annotations

import json
from pathlib import Path

import click

from dodarchive.commands.common import EXIT_INPUT, InputPath, fail
from dodarchive.extract.local import WARC_SUFFIXES
from dodarchive.inventory import Stats, add_file, render
from dodarchive.warc.scan import InputError


def _expand(inputs: tuple[str, ...]) -> list[Path]:
    paths: list[Path] = []
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            paths += sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and p.name.endswith((*WARC_SUFFIXES, ".jsonl", ".parquet"))
            )
        else:
            paths.append(path)
    return paths


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="WARC_OR_JSONL...", type=InputPath())
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of tables.")
def stats(inputs: tuple[str, ...], as_json: bool) -> None:
    """Summarise WARC files (records by type, status, host), article files from
    ``dodarchive extract`` (JSONL or Parquet: by page type, year, template) and reject
    files (by reason). Folders are searched for such files.

    Exits 3 with a one-line error when an input cannot be read.
    """
    result = Stats()
    paths = _expand(inputs)
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
