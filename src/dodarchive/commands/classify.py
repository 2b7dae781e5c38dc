"""``dodarchive classify``: what the site table says each URL is, one JSON line per URL.

Each line is ``{url, site, kind, pageType, articleId, section, onTable}``: ``kind`` is
one of article, listing, feed, print, media, other; a host off the table gives
``site: null``, kind and pageType ``other`` and ``onTable: false``. A malformed URL
(unparsable, not http(s), no host, a bad port, blanks inside) gets one error line on
stderr naming where it came from, and the rest are still classified.

Exit status: 0 when every URL was classified; 4 when some were malformed (their lines
are missing from the output); 2 for a usage error (no URL given, unreadable file).
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from typing import IO, Any
from urllib.parse import urlsplit

import click

from dodarchive.sites import classify as classify_url
from dodarchive.sites import on_table

__all__ = ["EXIT_MALFORMED", "classify", "malformed_reason", "url_record"]

#: Exit status when at least one URL was malformed (the others were classified).
EXIT_MALFORMED = 4


def malformed_reason(url: str) -> str | None:
    """Why ``url`` is not a classifiable web URL, or ``None`` when it is one.

    >>> malformed_reason("https://www.war.gov/News/") is None
    True
    >>> malformed_reason("www.war.gov/News/"), malformed_reason("http://[::1/")
    ('not an http(s) URL', 'Invalid IPv6 URL')
    """
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url):
        return "blank or control character inside"
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a port that is not a number in range
    except ValueError as exc:
        return str(exc)
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http(s) URL"
    if not parts.hostname:
        return "no host"
    return None


def url_record(url: str) -> dict[str, Any]:
    """The output object for a well-formed ``url``, keys in the documented order."""
    info = classify_url(url)
    return {
        "url": url,
        "site": info.site if info else None,
        "kind": info.kind if info else "other",
        "pageType": info.page_type if info else "other",
        "articleId": info.article_id if info else None,
        "section": info.section if info else None,
        "onTable": info is not None and on_table(url),
    }


def _lines(name: str, stream: IO[bytes]) -> Iterator[tuple[str, str | None]]:
    """(where, URL or None when undecodable) per non-blank, non-comment line."""
    for number, raw in enumerate(stream, 1):
        where = f"{name}:{number}"
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            yield where, None
            continue
        if line and not line.startswith("#"):
            yield where, line


@click.command()
@click.argument("urls", nargs=-1, metavar="URL...")
@click.option(
    "--urls-file",
    type=click.File("rb"),
    metavar="FILE",
    help="Read URLs from FILE, one per line ('-' for stdin; blank and # lines skipped).",
)
@click.pass_context
def classify(ctx: click.Context, urls: tuple[str, ...], urls_file: IO[bytes] | None) -> None:
    """Print what the site table says each URL is, as one JSON line per URL.

    Keys: url, site, kind (article, listing, feed, print, media, other), pageType,
    articleId, section, onTable. A malformed URL gets a one-line error on stderr and
    the rest go on; the exit status is then 4. Exit 2 on a usage error.
    """
    if not urls and urls_file is None:
        raise click.UsageError("give URLs as arguments or with --urls-file")
    sources: list[tuple[str, str | None]] = [
        (f"argument {n}", url.strip()) for n, url in enumerate(urls, 1)
    ]
    malformed = total = 0
    items: Iterator[tuple[str, str | None]] = iter(sources)
    if urls_file is not None:
        name = "<stdin>" if urls_file.name in ("<stdin>", "-") else str(urls_file.name)
        items = itertools.chain(items, _lines(name, urls_file))
    for where, url in items:
        total += 1
        reason = "not UTF-8 text" if url is None else malformed_reason(url)
        if reason is not None or url is None:
            malformed += 1
            shown = "" if url is None else f" {url!r}"
            click.echo(
                f"dodarchive classify: error: {where}: malformed URL{shown}: {reason}", err=True
            )
            continue
        click.echo(json.dumps(url_record(url), ensure_ascii=False))
    if malformed:
        click.echo(f"dodarchive classify: {malformed} of {total} URLs malformed", err=True)
        sys.stdout.flush()
        ctx.exit(EXIT_MALFORMED)
