"""``dodarchive replay``: serve WARC files on loopback by original URL."""

from __future__ import annotations

import sys

import click

from dodarchive.commands.common import EXIT_DAMAGED, EXIT_SIGINT, checked_warcs, fail


@click.command()
@click.argument("warcs", nargs=-1, required=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=0, show_default=True, help="Port; 0 picks a free one.")
def replay(warcs: tuple[str, ...], host: str, port: int) -> None:
    """Serve archived responses from WARCS (files or folders) by their original URL.

    Prints the bound address (``http://HOST:PORT``) as its first line of output, then
    serves until interrupted (Ctrl-C: exit 130, like every command). Fetch
    http://HOST:PORT/<original-url>.
    """
    from dodarchive.replay.server import ReplayIndex, ReplayServer
    from dodarchive.warc.reader import WarcReadError

    try:
        index = ReplayIndex(checked_warcs(warcs))
    except WarcReadError as exc:
        fail(EXIT_DAMAGED, f"a WARC is damaged, not serving ({exc})")
    server = ReplayServer(index, host=host, port=port)
    click.echo(server.url)
    for line in index.damaged:
        click.echo(f"damaged WARC: {line}", err=True)
    click.echo(f"serving {index.count} records from {len(warcs)} input(s)", err=True)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("dodarchive replay: interrupted", err=True)
        sys.exit(EXIT_SIGINT)
    finally:
        server.server_close()
