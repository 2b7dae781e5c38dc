"""Profile the WARC capture middleware alone: where a page's writing time goes.

    .venv/bin/python bench/profile_writer.py [--pages 1000]

Feeds ``--pages`` real Scrapy responses (the fixture responses, each made a distinct URL
and payload) to a ``WarcCaptureMiddleware`` built from a real crawler, twice: with the
sqlite dedup index as shipped (WAL, ``synchronous=NORMAL``) and with ``synchronous=FULL``
(sqlite's default, an fsync per commit: what the index did before). Prints cProfile's top
entries and rewrites the "Crawl: WARC writer profile" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import ipaddress
import pstats
import shutil
import time

import scrapy
from benchlib import FIXTURE_WARCS, WORK, machine, write_section
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from dodarchive.capture.dedup import SqliteDigestIndex
from dodarchive.capture.middleware import WarcCaptureMiddleware
from dodarchive.warcreader import iter_records


class FullSyncIndex(SqliteDigestIndex):
    """The index with sqlite's default durability: fsync on every commit."""

    def __init__(self, path: object) -> None:
        super().__init__(path)  # type: ignore[arg-type]
        self._db.execute("PRAGMA synchronous=FULL")


class ProfSpider(scrapy.Spider):
    name = "prof"


def run(pages: int, index: str) -> tuple[float, float, str]:
    records = [
        (r.ref.targetUri, r.body, r.http_headers)
        for p in sorted(FIXTURE_WARCS.glob("*.warc.gz"))
        for r in iter_records(p, types=("response",))
    ]
    out = WORK / "profile-writer"
    shutil.rmtree(out, ignore_errors=True)
    crawler = get_crawler(
        ProfSpider, {"DODARCHIVE_WARC_DIR": str(out), "DODARCHIVE_WARC_DEDUP_INDEX": index}
    )
    crawler.stats.open_spider()
    mw = build_from_crawler(WarcCaptureMiddleware, crawler)
    profile = cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    profile.enable()
    for n in range(pages):
        url, body, headers = records[n % len(records)]
        url = f"{url}{'&' if '?' in url else '?'}p={n}"
        request = Request(url)
        response = Response(
            url, status=200, headers=dict(headers), body=body + f"<!-- {n} -->".encode(),
            request=request, protocol="HTTP/1.1", ip_address=ipaddress.ip_address("192.0.2.1"),
        )  # fmt: skip
        mw.process_response(request, response)
    profile.disable()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    mw.spider_closed()
    text = io.StringIO()
    pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(6)
    top = "\n".join(line for line in text.getvalue().splitlines() if "{" in line or "(" in line)
    return wall, cpu, top


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    where = machine()
    full = run(args.pages, f"{__name__}.FullSyncIndex")
    normal = run(args.pages, "dodarchive.capture.dedup.SqliteDigestIndex")
    n = args.pages
    body = f"""
Command: `.venv/bin/python bench/profile_writer.py --pages {n}` (not part of `make bench`)
Machine: {where}.
{n} fixture responses (distinct URLs and payloads) through `WarcCaptureMiddleware` with a
real crawler; cProfile on. Per page:

| dedup index | wall ms/page | CPU ms/page |
|---|---|---|
| `synchronous=FULL` (before) | {full[0] / n * 1e3:.2f} | {full[1] / n * 1e3:.2f} |
| `synchronous=NORMAL` (WAL; now) | {normal[0] / n * 1e3:.2f} | {normal[1] / n * 1e3:.2f} |

The middleware runs on the reactor thread, so its wall time per page stalls the whole
crawl. Top functions by own time, before:

```
{full[2]}
```

after:

```
{normal[2]}
```
"""
    write_section("Crawl: WARC writer profile", body)


if __name__ == "__main__":
    main()
