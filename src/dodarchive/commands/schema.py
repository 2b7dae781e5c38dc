"""``dodarchive schema``: print or write the Article JSON Schema."""

from __future__ import annotations

from pathlib import Path

import click

from dodarchive.commands.common import output_path, write_atomic
from dodarchive.schema import schema_json


@click.command()
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
def schema(output: Path | None) -> None:
    """Write the Article JSON Schema (generated from the dataclasses) to stdout or OUTPUT.

    The committed copy is ``schema/article.schema.json``.
    """
    text = schema_json()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output_path(output), text.encode("utf-8"))
