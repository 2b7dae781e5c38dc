"""``dodarchive run``: the main job on the bundled offline sample.

Foundation stage: serves the sample WARCs through the replay server and fetches every
archived URL back over loopback HTTP, checking each reply against the archive. Later
stages crawl with the spiders, write WARCs and extract articles here.
"""

from __future__ import annotations

import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import click

from dodarchive.replay.server import ReplayIndex, ReplayServer, warc_paths
from dodarchive.warcreader import iter_records

DEFAULT_SAMPLE = Path("tests/fixtures/warc")


@click.command()
@click.option(
    "--sample",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=DEFAULT_SAMPLE,
    show_default=True,
    help="Folder of WARC files to run on.",
)
def run(sample: Path) -> None:
    """Run the main job offline on the bundled sample WARCs and print a summary."""
    started = time.monotonic()
    paths = warc_paths([sample])
    index = ReplayIndex(paths)
    server = ReplayServer(index)
    server.start_background()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    hosts: Counter[str] = Counter()
    mismatches = 0
    try:
        for path in paths:
            for rec in iter_records(path, types=frozenset({"response"})):
                with opener.open(f"{server.url}/{rec.url}") as reply:
                    body = reply.read()
                expected = index.lookup(rec.url)
                if expected is None or body != expected.body:
                    mismatches += 1
                hosts[urlsplit(rec.url).hostname or "?"] += 1
    finally:
        server.shutdown()
        server.server_close()
    click.echo(f"replayed {sum(hosts.values())} archived pages from {len(paths)} WARC files")
    for host, count in sorted(hosts.items()):
        click.echo(f"  {host}: {count}")
    click.echo(f"byte mismatches: {mismatches}; took {time.monotonic() - started:.1f}s")
    if mismatches:
        raise SystemExit(1)
