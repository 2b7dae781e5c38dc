"""Send-time spacing of two frontier workers sharing one per-host delay (a measurement).

    .venv/bin/python bench/bench_politeness.py [--delay 0.4]

Runs the setup of tests/test_frontier_crawl.py's politeness test (two ``crawl urls
--redis`` workers over the fixture replay, 8 af.mil and 5 defense.gov pages, both hosts'
slots held 6 s ahead so both workers are up) against a private redis-server and prints,
per host, the gaps between consecutive sends as the WARC request records date them.
WARC-Date is taken after the response, so a busy reactor makes gaps look shorter by tens
of ms: this is why the test checks Redis' reservations and leaves timings to this script.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The test's own helpers, loaded at run time (mypy checks bench/, not tests/).
_crawl = importlib.import_module("tests.test_frontier_crawl")
start_private = importlib.import_module("tests.redis_server").start_private
finish, fixture_urls, records, worker = (
    _crawl.finish,
    _crawl.fixture_urls,
    _crawl.records,
    _crawl.worker,
)


def main() -> None:
    """Print min/median send gaps per host for two workers sharing the host delay."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay", type=float, default=0.4)
    delay = parser.parse_args().delay
    by_host: dict[str, list[str]] = {}
    for url in fixture_urls():
        by_host.setdefault(urlsplit(url).hostname or "", []).append(url)
    picked = by_host["www.af.mil"][:8] + by_host["www.defense.gov"][:5]
    with start_private() as base, tempfile.TemporaryDirectory() as work:
        tmp = Path(work)
        url = f"{base}/0"
        (tmp / "urls.txt").write_text("\n".join(picked) + "\n")
        db = redis.Redis.from_url(url)
        seconds, micros = db.time()
        for host in ("www.af.mil", "www.defense.gov"):
            db.set(f"dodarchive:host:{host}", (seconds + 6) * 1_000_000 + micros, px=600_000)
        procs = [
            worker(tmp, url, tmp / "urls.txt", tmp / "warc", f"DOWNLOAD_DELAY={delay}",
                   "DOWNLOAD_DELAY_JITTER=0", "CONCURRENT_REQUESTS=2")
            for _ in range(2)
        ]  # fmt: skip
        for proc in procs:
            finish(proc)
        recs = [r for r in records(sorted((tmp / "warc").glob("*.warc.gz"))) if r.type == "request"]
        for host in ("www.af.mil", "www.defense.gov"):
            sent = sorted((r.date, r.file) for r in recs if urlsplit(r.uri).hostname == host)
            gaps = sorted((b[0] - a[0]).total_seconds() for a, b in itertools.pairwise(sent))
            workers = len({f for _, f in sent})
            print(
                f"{host}: {len(sent)} sends by {workers} workers, delay {delay} s: gap min "
                f"{gaps[0]:.3f} s, median {gaps[len(gaps) // 2]:.3f} s"
            )


if __name__ == "__main__":
    main()
