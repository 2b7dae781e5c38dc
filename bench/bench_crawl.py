"""Crawl throughput with the WARC writer against the same crawl without it.

    .venv/bin/python bench/bench_crawl.py [--copies 10] [--rounds 2]

Builds a WARC of distinct pages in the bench folder: each status-200 HTML fixture
response ``--copies`` times under its URL plus ``?bench=N``, each body made unique by a
trailing comment (so the writer stores every page in full; no revisits). A
``dodarchive replay`` server serves it on loopback; ``dodarchive crawl urls`` fetches
every page with no delays, once with the WARC writer and once with it switched off
(``-s DODARCHIVE_WARC_ENABLED=False``: the middleware raises NotConfigured), alternating,
``--rounds`` times. pages/s = responses / Scrapy's ``elapsed_time_seconds``. Rewrites the
"Crawl" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from benchlib import BIN, WORK, machine, run_measured, write_section

from dodarchive.warc.reader import iter_records
from tests.synthetic_warc import write_warc


def build_site(copies: int) -> tuple[Path, Path, int]:
    from benchlib import FIXTURE_WARCS

    warc = WORK / f"crawl-site-{copies}.warc.gz"
    urls = WORK / f"crawl-urls-{copies}.txt"
    pages = []
    for path in sorted(FIXTURE_WARCS.glob("*.warc.gz")):
        for rec in iter_records(path, types=("response",)):
            if rec.status != 200 or rec.content_type != "text/html":
                continue
            body = rec.decoded_body()
            sep = "&" if "?" in rec.ref.targetUri else "?"
            for n in range(copies):
                url = f"{rec.ref.targetUri}{sep}bench={n}"
                pages.append((url, rec.ref.warcDate, body + f"<!-- bench {n} -->".encode()))
    if not warc.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        write_warc(warc, pages)
    urls.write_text("".join(f"{u}\n" for u, _, _ in pages))
    return warc, urls, len(pages)


def crawl(urls: Path, replay: str, writer: bool, n: int) -> dict[str, float]:
    out = WORK / f"crawl-out-{n}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [
        str(BIN / "dodarchive"), "crawl", "urls", "--urls-file", str(urls), "--out", str(out),
        "-s", f"DODARCHIVE_REPLAY_URL={replay}", "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "-s", f"DODARCHIVE_WARC_ENABLED={writer}",
    ]  # fmt: skip
    result = run_measured(cmd)
    if result.returncode != 0:
        sys.exit(f"crawl failed: {result.stderr[-3000:]}")

    def stat(key: str) -> float:
        match = re.search(rf"'{re.escape(key)}': ([\d.]+)", result.stderr)
        return float(match.group(1)) if match else 0.0

    warc_bytes = sum(p.stat().st_size for p in out.glob("*.warc.gz"))
    shutil.rmtree(out, ignore_errors=True)
    return {
        "responses": stat("downloader/response_count"),
        "elapsed": stat("elapsed_time_seconds"),
        "wall": result.seconds,
        "records": stat("dodarchive/warc/records"),
        "warc_mb": warc_bytes / 1e6,
        "rss_mb": result.peak_tree_mb,
        "cpu": result.cpu_seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--copies", type=int, default=25)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    where = machine()
    warc, urls, pages = build_site(args.copies)
    server = subprocess.Popen(
        [str(BIN / "dodarchive"), "replay", str(warc), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        replay = server.stdout.readline().strip()
        runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
        for n in range(args.rounds):
            for writer in (True, False):
                got = crawl(urls, replay, writer, n)
                print(f"round {n} writer={writer}: {got}", flush=True)
                runs[writer].append(got)
    finally:
        server.kill()
        server.wait()
    rows = []
    rates: dict[bool, float] = {}
    cpus: dict[bool, float] = {}
    for writer in (True, False):
        each = [r["responses"] / r["elapsed"] for r in runs[writer]]
        rates[writer] = statistics.median(each)
        label = "with the WARC writer" if writer else "writer off (`DODARCHIVE_WARC_ENABLED=False`)"
        secs = ", ".join(f"{r['elapsed']:.1f}" for r in runs[writer])
        rows.append(
            f"| {label} | {secs} | "
            f"{', '.join(f'{x:.1f}' for x in each)} | {rates[writer]:.1f} | "
            f"{runs[writer][0]['warc_mb']:.1f} | {max(r['rss_mb'] for r in runs[writer]):.0f} | "
            f"{statistics.median(r['cpu'] for r in runs[writer]):.1f} |"
        )
        cpus[writer] = statistics.median(r["cpu"] for r in runs[writer])
    cost = 1 - rates[True] / rates[False]
    per_round = [
        1 - (on["responses"] / on["elapsed"]) / (off["responses"] / off["elapsed"])
        for on, off in zip(runs[True], runs[False], strict=True)
    ]
    round_cost = statistics.median(per_round)
    table = "\n".join(rows)
    body = f"""
Command: `make bench`
(`.venv/bin/python bench/bench_crawl.py --copies {args.copies} --rounds {args.rounds}`)
Machine: {where}.
Site: {pages:,} distinct pages ({args.copies} copies of each status-200 HTML fixture response
under `?bench=N`, bodies made unique so every page is stored in full), served by
`dodarchive replay` (a separate process) on 127.0.0.1; `dodarchive crawl urls` with
`DOWNLOAD_DELAY=0`, AutoThrottle off, `CONCURRENT_REQUESTS_PER_DOMAIN=16`, robots.txt
obeyed. pages/s = `downloader/response_count` / `elapsed_time_seconds` (start-up excluded);
runs alternate with and without the writer.

| crawl | seconds per run | pages/s per run | median pages/s | WARC MB | peak RSS MB | CPU s |
|---|---|---|---|---|---|---|
{table}

WARC writing cost, from each round's pair of runs (run back to back, so the machine's
drift mostly cancels): {", ".join(f"{c:.1%}" for c in per_round)}; median
**{round_cost:.1%}** of crawl throughput (target <= 10%; negative means the run with the
writer was faster, i.e. within noise). From the medians of all runs: {cost:.1%}.
By CPU time of the crawl process (start-up included):
**{cpus[True] / cpus[False] - 1:.1%}** more with the writer.
"""
    write_section("Crawl: with and without the WARC writer", body)


if __name__ == "__main__":
    main()
