"""``dodarchive pack``: a WACZ package of WARC files, built by the ``wacz`` package.

We write the page list ourselves (``pages/pages.jsonl``: every HTML page archived with
status 200, its capture time and a title, the article headline where extraction finds
one) and hand it to wacz with ``--pages --copy-pages``; wacz's own page detection finds
no pages in our WARCs (it wants browser-made ``pages`` records), and ReplayWeb.page
opens a WACZ on its page list. File names reach wacz as absolute paths, so a WARC
named like an option (``-ohijack.warc.gz``) cannot change the command.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import click

from dodarchive.commands.common import (
    EXIT_DAMAGED,
    EXIT_OUTPUT,
    checked_warcs,
    fail,
    output_path,
)

__all__ = ["pack", "page_list"]

_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.I | re.S)
PAGES_HEADER = {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}


def _ts(warc_date: str) -> str:
    """WARC-Date as the page list wants it (ISO 8601, UTC, seconds)."""
    return warc_date[:19] + "Z" if len(warc_date) >= 19 else warc_date


def _title(rec: object, body: bytes) -> str:
    """The article headline when extraction makes one, else the page's ``<title>``."""
    from dodarchive.extract.record import extract_record

    outcome = extract_record(rec)
    if outcome.kind == "article" and outcome.article is not None:
        return outcome.article.headline
    match = _TITLE.search(body[:65536])
    if match is None:
        return ""
    import html

    return " ".join(html.unescape(match.group(1).decode("utf-8", "replace")).split())


def page_list(paths: list[Path]) -> Iterator[dict[str, str]]:
    """One page entry per HTML response with status 200, in file then record order."""
    from dodarchive.warc.reader import iter_records

    seen: set[tuple[str, str]] = set()
    for path in paths:
        for rec in iter_records(path, types={"response"}):
            if rec.status != 200 or rec.content_type not in ("text/html", "application/xhtml+xml"):
                continue
            key = (rec.ref.warcDate, rec.url)
            if key in seen:
                continue
            seen.add(key)
            try:
                body = rec.decoded_body()
            except ValueError:
                body = b""
            digest = hashlib.sha1(
                f"{rec.ref.warcDate} {rec.url}".encode(), usedforsecurity=False
            ).hexdigest()
            yield {
                "id": digest[:32],
                "url": rec.url,
                "ts": _ts(rec.ref.warcDate),
                "title": _title(rec, body),
            }


#: ``python -m wacz`` exits 0 whatever wacz's ``main`` returns; this passes it on.
_WACZ_MAIN = "import sys; from wacz.main import main; sys.exit(main(sys.argv[1:]))"


def _wacz(args: list[str]) -> tuple[int, str]:
    """Run wacz with ``args`` in a child process; its exit code and the last line it
    printed (on failure, the exception wacz stopped on).

    A child, so that a failed run stays contained: wacz leaves its zip file open when it
    raises, and closing it at exit (a full disk again) would print a second traceback.
    """
    result = subprocess.run(  # our interpreter, the arguments as a list
        [sys.executable, "-c", _WACZ_MAIN, *args],
        capture_output=True, text=True, errors="replace", check=False,
    )  # fmt: skip
    said = result.stderr.split("\nException ignored in", 1)[0]  # what followed at exit
    lines = (said.strip() or result.stdout.strip()).splitlines()
    return result.returncode, " ".join(lines[-1].split())[-200:] if lines else ""


@click.command()
@click.argument("warcs", nargs=-1, required=True)
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="WACZ file to write (its folder is created).",
)  # fmt: skip
def pack(warcs: tuple[str, ...], output: Path) -> None:
    """Package WARCS (files or folders) with a CDXJ index and a page list as a WACZ.

    The page list holds every HTML page archived with status 200. The file appears only
    when complete. Needs the ``wacz`` extra. Exit codes: 3 an input is not a WARC, 4 an
    input is damaged part-way (nothing written), 5 the output cannot be written or wacz
    failed (nothing written; the line names what wacz stopped on).
    """
    if importlib.util.find_spec("wacz") is None:
        fail(EXIT_OUTPUT, "pack needs the wacz package: pip install 'dodarchive[wacz]'")
    from dodarchive.warc.reader import WarcReadError

    paths = [p.resolve() for p in checked_warcs(warcs)]
    output = output_path(output).resolve()
    if not output.name.endswith(".wacz"):
        fail(EXIT_OUTPUT, f"{output}: a WACZ file name must end in .wacz")
    try:
        pages = list(page_list(paths))
    except WarcReadError as exc:
        fail(EXIT_DAMAGED, f"a WARC is damaged, nothing written ({exc})")
    try:
        work = tempfile.TemporaryDirectory(prefix=f".{output.name}.", dir=output.parent)
    except OSError as exc:
        fail(EXIT_OUTPUT, f"{output}: cannot write ({exc.strerror or exc})")
    with work as tmp:
        listing, wacz_out = Path(tmp) / "pages.jsonl", Path(tmp) / "out.wacz"
        try:
            lines = [PAGES_HEADER, *pages]
            listing.write_text("".join(json.dumps(p, sort_keys=True) + "\n" for p in lines))
            args = ["create", "-o", str(wacz_out), "--pages", str(listing), "--copy-pages"]
            code, said = _wacz([*args, *map(str, paths)])
            if code or not wacz_out.is_file() or wacz_out.stat().st_size == 0:
                fail(EXIT_OUTPUT, f"{output}: wacz failed (exit {code}): {said}")
            wacz_out.replace(output)
        except OSError as exc:
            fail(EXIT_OUTPUT, f"{output}: cannot write ({exc.strerror or exc})")
    click.echo(f"{output}: {len(paths)} WARC files, {len(pages)} pages", err=True)
