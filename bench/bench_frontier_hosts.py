"""What N crawl workers buy under per-host politeness: a frontier crawl across loopback hosts.

    .venv/bin/python bench/bench_frontier_hosts.py [--pages 10] [--delay 0.5]

A replay WARC holds ``--pages`` article pages on each of six site-table hosts
(www.af.mil, www.defense.gov, www.army.mil, ...); ``dodarchive crawl urls --replay``
serves them all from one loopback server, so each host name is a host of its own to the
crawler and to the Redis frontier's per-host send slot (``dodarchive:host:HOST``). For 1,
2 and 4 hosts, 1 and 2 workers (``crawl urls --redis``, a private redis-server) crawl
every page of those hosts with ``DOWNLOAD_DELAY=--delay`` (no jitter, no autothrottle).
All hosts' slots are held until every worker is up (as tests/test_frontier_crawl.py
does), so start-up is not measured.

From the request records the workers wrote (WARC-Date): the crawl's span (first to last
request), pages per second, the smallest gap between two requests to one host over all
workers (the politeness delay must hold: WARC-Date is stamped after the response, so a
few tens of ms of reactor lateness show), and how many workers sent to each host.
Rewrites the "Frontier across hosts" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import redis
from benchlib import BIN, ROOT, machine, write_section
from warcio.archiveiterator import ArchiveIterator

sys.path.insert(0, str(ROOT))
from tests.redis_server import start_private

HOSTS = ("www.af.mil", "www.defense.gov", "www.army.mil", "www.navy.mil", "www.marines.mil",
         "www.jcs.mil")  # fmt: skip
HOLD = 15.0  # seconds the host slots are held while the workers start


def _member(rec_type: str, url: str, block: bytes, n: int) -> bytes:
    head = (
        f"WARC/1.1\r\nWARC-Type: {rec_type}\r\nWARC-Record-ID: <urn:uuid:bench-{n}>\r\n"
        f"WARC-Date: 2024-01-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\n"
        f"Content-Type: application/http; msgtype={rec_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    )
    return gzip.compress(head.encode() + block + b"\r\n\r\n", mtime=0)


def build_replay(folder: Path, pages: int) -> dict[str, list[str]]:
    """The replay WARC and the page URLs of each host."""
    urls: dict[str, list[str]] = {}
    out = bytearray()
    for h, host in enumerate(HOSTS):
        for i in range(pages):
            url = f"https://{host}/News/Article/{900000 + 100 * h + i}/story-{i}/"
            body = (
                f"<html><head><title>Story {i}</title></head><body><p>{host} {i}</p></body></html>"
            )
            http = (
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                f"Content-Length: {len(body)}\r\n\r\n{body}"
            )
            out += _member("response", url, http.encode(), len(out))
            urls.setdefault(host, []).append(url)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hosts.warc.gz").write_bytes(bytes(out))
    return urls


def crawl(
    work: Path, replay: Path, redis_url: str, urls: list[str], workers: int, delay: float
) -> list[tuple[str, datetime, str]]:
    """Run ``workers`` crawl workers over ``urls``; the (host, date, worker) of every request."""
    db = redis.Redis.from_url(redis_url)
    db.flushdb()
    listed = work / "urls.txt"
    listed.write_text("\n".join(urls) + "\n")
    seconds, micros = db.time()
    for host in {urlsplit(u).hostname for u in urls}:
        db.set(f"dodarchive:host:{host}", int((seconds + HOLD) * 1_000_000 + micros), px=120_000)
    procs = []
    for w in range(workers):
        out = work / f"w{w}"
        cmd = [
            str(BIN / "python"), "-m", "dodarchive", "crawl", "urls", "--redis", redis_url,
            "--replay", str(replay), "--urls-file", str(listed), "--out", str(out),
            "-s", "AUTOTHROTTLE_ENABLED=False", "-s", f"DOWNLOAD_DELAY={delay}",
            "-s", "DOWNLOAD_DELAY_JITTER=0", "-s", "CONCURRENT_REQUESTS=8",
            "-s", "LOG_LEVEL=WARNING", "-s", f"DODARCHIVE_WORKER_ID=w{w}",
        ]  # fmt: skip
        log = (work / f"w{w}.log").open("w")
        procs.append(subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT))
    for proc in procs:
        if proc.wait(timeout=600) != 0:
            sys.exit(f"a worker failed: see {work}")
    sent = []
    for w in range(workers):
        for path in sorted((work / f"w{w}").glob("*.warc.gz")):
            with path.open("rb") as fh:
                for rec in ArchiveIterator(fh):
                    if rec.rec_type != "request":
                        continue
                    uri = rec.rec_headers.get_header("WARC-Target-URI")
                    date = datetime.fromisoformat(rec.rec_headers.get_header("WARC-Date"))
                    sent.append((urlsplit(uri).hostname or "", date, f"w{w}", uri))
    pages = {u for *_, u in sent if not u.endswith("/robots.txt")}
    if pages != set(urls):
        sys.exit(f"crawl missed pages: {sorted(set(urls) - pages)[:3]}")
    return [(h, d, w) for h, d, w, _ in sent]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10, help="pages per host")
    parser.add_argument("--delay", type=float, default=0.5, help="per-host delay (s)")
    ns = parser.parse_args()
    rows = [
        "| hosts | workers | pages | span s | pages/s | min gap per host s | workers per host |",
        "|---|---|---|---|---|---|---|",
    ]
    with tempfile.TemporaryDirectory(prefix="bench-hosts-") as tmp, start_private() as server:
        replay = Path(tmp) / "replay"
        by_host = build_replay(replay, ns.pages)
        for n, (hosts, workers) in enumerate(itertools.product((1, 2, 4), (1, 2)), 1):
            work = Path(tmp) / f"run{n}"
            work.mkdir()
            urls = [u for host in HOSTS[:hosts] for u in by_host[host]]
            started = time.monotonic()
            sent = crawl(work, replay, f"{server}/{n}", urls, workers, ns.delay)
            dates = sorted(d for _, d, _ in sent)
            span = (dates[-1] - dates[0]).total_seconds()
            per_host: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
            for host, date, worker in sent:
                per_host[host].append((date, worker))
            gaps = []
            spread = []
            for items in per_host.values():
                items.sort()
                gaps += [(b[0] - a[0]).total_seconds() for a, b in itertools.pairwise(items)]
                spread.append(len({w for _, w in items}))
            rows.append(
                f"| {hosts} | {workers} | {len(urls)} | {span:.2f} | {len(urls) / span:.2f} | "
                f"{min(gaps):.3f} | {'/'.join(map(str, spread))} |"
            )
            print(rows[-1], f"({time.monotonic() - started:.0f} s with start-up)", file=sys.stderr)
    body = f"""
`python bench/bench_frontier_hosts.py --pages {ns.pages} --delay {ns.delay}` on {machine()}.

{ns.pages} pages per host, `DOWNLOAD_DELAY={ns.delay}` (no jitter), every host served by
one loopback replay server under its own name, workers sharing a Redis frontier; the span
runs from the first request to the last (start-up excluded: host slots are held until all
workers are up). Requests include each host's robots.txt. A host's pages cannot take
less than ({ns.pages} pages + robots.txt - 1) x {ns.delay} s =
{ns.pages * ns.delay:.1f} s whoever sends them.

{chr(10).join(rows)}
"""
    write_section("Frontier across hosts", body)


if __name__ == "__main__":
    main()
