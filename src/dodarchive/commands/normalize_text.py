"""``dodarchive normalize-text``: a plain-text capture of a page → Article JSON."""

from __future__ import annotations

from pathlib import Path

import click

from dodarchive.article import dumps
from dodarchive.commands.common import (
    EXIT_FAILED,
    EXIT_INPUT,
    InputPath,
    IsoDateTime,
    fail,
    output_path,
    write_atomic,
)
from dodarchive.pages.base import ExtractionError
from dodarchive.pages.textcapture import normalize_file


@click.command("normalize-text")
@click.argument("file", type=InputPath(dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
@click.option("--url", default=None, help="The page's original URL (default: file:NAME).")
@click.option(
    "--date", type=IsoDateTime(), default="",
    help="When the text was captured, ISO 8601 (default: unknown).",
)  # fmt: skip
def normalize_text(file: Path, output: Path | None, url: str | None, date: str) -> None:
    """Turn the text capture FILE into one Article JSON object (stdout, or OUTPUT).

    Boilerplate lines are dropped, the byline, dateline and photo captions are split
    out. Provenance: source.warcFile is the file's name, offset 0, length its size,
    payloadDigest its sha1. Exits 1 with the reason when no article can be made.
    """
    try:
        article = dumps(normalize_file(file, url=url, date=date), indent=2) + "\n"
    except ExtractionError as exc:
        fail(EXIT_FAILED, f"{file}: {exc.reason}: {exc}")
    except UnicodeDecodeError as exc:
        fail(EXIT_INPUT, f"{file}: not text ({exc.reason})")
    if output is None:
        click.echo(article, nl=False)
        return
    write_atomic(output_path(output), article.encode("utf-8"))
