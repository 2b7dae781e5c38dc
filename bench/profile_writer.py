"""Profile the WARC capture middleware alone: where a page's writing time goes.

    .venv/bin/python bench/profile_writer.py [--pages 1000]

Feeds ``--pages`` real Scrapy responses (the fixture responses, each made a distinct URL
and payload) to a ``WarcCaptureMiddleware`` built from a real crawler, three times: as
shipped (ISA-L gzip, sqlite dedup index with WAL and ``synchronous=NORMAL``); with each
record's gzip member made by zlib at level 6 instead (what the writer did before); and
with ``synchronous=FULL`` (sqlite's default, an fsync per commit: what the index did
before). Times are measured without the profiler, then once more under cProfile for the
top entries. Rewrites the "Crawl: WARC writer profile" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import ipaddress
import pstats
import shutil
import time
import zlib
from typing import IO, Any

import scrapy
from benchlib import FIXTURE_WARCS, WORK, machine, write_section
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from dodarchive.capture import writer as writer_module
from dodarchive.capture.dedup import SqliteDigestIndex
from dodarchive.capture.middleware import WarcCaptureMiddleware
from dodarchive.warc.reader import iter_records


class FullSyncIndex(SqliteDigestIndex):
    """The index with sqlite's default durability: fsync on every commit."""

    def __init__(self, path: object) -> None:
        super().__init__(path)  # type: ignore[arg-type]
        self._db.execute("PRAGMA synchronous=FULL")


class ZlibMembers(writer_module._GzipMembers):
    """The writer's gzip-per-record wrapper with zlib at level 6, as before ISA-L."""

    def __init__(self, fh: IO[bytes], level: int = 6) -> None:
        super().__init__(fh, 6)

    def _compressor(self) -> Any:
        return zlib.compressobj(self.level, zlib.DEFLATED, 31)


class ProfSpider(scrapy.Spider):
    name = "prof"


def run(pages: int, index: str, zlib6: bool = False) -> tuple[float, float, float, str]:
    records = [
        (r.ref.targetUri, r.body, r.http_headers)
        for p in sorted(FIXTURE_WARCS.glob("*.warc.gz"))
        for r in iter_records(p, types=("response",))
    ]
    responses = []
    for n in range(pages):
        url, body, headers = records[n % len(records)]
        url = f"{url}{'&' if '?' in url else '?'}p={n}"
        request = Request(url)
        response = Response(
            url, status=200, headers=dict(headers), body=body + f"<!-- {n} -->".encode(),
            request=request, protocol="HTTP/1.1", ip_address=ipaddress.ip_address("192.0.2.1"),
        )  # fmt: skip
        responses.append((request, response))
    members = writer_module._GzipMembers
    if zlib6:
        writer_module._GzipMembers = ZlibMembers  # type: ignore[misc]
    try:
        wall, cpu, size, _ = _feed(responses, index, None)
        profile = cProfile.Profile()
        _feed([(q, r.replace()) for q, r in responses], index, profile)
    finally:
        writer_module._GzipMembers = members  # type: ignore[misc]
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(8)
    top = "\n".join(line for line in text.getvalue().splitlines() if "{" in line or "(" in line)
    return wall, cpu, size, top


def _feed(
    responses: list[tuple[Request, Response]], index: str, profile: cProfile.Profile | None
) -> tuple[float, float, float, None]:
    out = WORK / "profile-writer"
    shutil.rmtree(out, ignore_errors=True)
    crawler = get_crawler(
        ProfSpider, {"DODARCHIVE_WARC_DIR": str(out), "DODARCHIVE_WARC_DEDUP_INDEX": index}
    )
    crawler.stats.open_spider()
    mw = build_from_crawler(WarcCaptureMiddleware, crawler)
    wall, cpu = time.perf_counter(), time.process_time()
    if profile is not None:
        profile.enable()
    for request, response in responses:
        mw.process_response(request, response)
    if profile is not None:
        profile.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    mw.spider_closed()
    size = sum(p.stat().st_size for p in out.glob("*.warc.gz")) / 1e6
    return wall, cpu, size, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    where = machine()
    normal = run(args.pages, "dodarchive.capture.dedup.SqliteDigestIndex")
    zlib6 = run(args.pages, "dodarchive.capture.dedup.SqliteDigestIndex", zlib6=True)
    full = run(args.pages, f"{__name__}.FullSyncIndex")
    n = args.pages

    def row(label: str, got: tuple[float, float, float, str]) -> str:
        return f"| {label} | {got[0] / n * 1e3:.2f} | {got[1] / n * 1e3:.2f} | {got[2]:.1f} |"

    body = f"""
Command: `.venv/bin/python bench/profile_writer.py --pages {n}` (not part of `make bench`)
Machine: {where}.
{n} fixture responses (distinct URLs and payloads) through `WarcCaptureMiddleware` with a
real crawler, timed without a profiler (then once more under cProfile for the listings).
The middleware runs on the reactor thread, so its time per page is time the crawl waits.

| writer | wall ms/page | CPU ms/page | WARC MB |
|---|---|---|---|
{row("as shipped: ISA-L gzip, sqlite WAL `synchronous=NORMAL`", normal)}
{row("zlib level 6 gzip instead (before)", zlib6)}
{row("sqlite `synchronous=FULL` instead (before)", full)}

Top functions by own time, as shipped:

```
{normal[3]}
```

with `synchronous=FULL`:

```
{full[3]}
```
"""
    write_section("Crawl: WARC writer profile", body)


if __name__ == "__main__":
    main()
