"""``dodarchive replay``: serve WARC files on loopback by original URL."""

from __future__ import annotations

import sys

import click

from dodarchive.replay.server import ReplayIndex, ReplayServer


@click.command()
@click.argument("warcs", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=0, show_default=True, help="Port; 0 picks a free one.")
def replay(warcs: tuple[str, ...], host: str, port: int) -> None:
    """Serve archived responses from WARCS (files or folders) by their original URL.

    Prints the bound address (``http://HOST:PORT``) as its first line of output, then
    serves until interrupted. Fetch ``http://HOST:PORT/<original-url>``.
    """
    index = ReplayIndex(list(warcs))
    server = ReplayServer(index, host=host, port=port)
    click.echo(server.url)
    for line in index.damaged:
        click.echo(f"damaged WARC: {line}", err=True)
    click.echo(f"serving {index.count} records from {len(warcs)} input(s)", err=True)
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
