"""Extraction throughput: ``dodarchive extract`` (1 and 2 workers) against trafilatura.

    .venv/bin/python bench/bench_extract_cli.py [--pages 2000]

Input: the status-200 HTML response records of the fixture WARCs, repeated until there
are at least ``--pages`` of them, in one WARC (each record's own gzip member, copied).
dodarchive runs as a user runs it (a subprocess, start-up included; wall time); then
trafilatura ``bare_extraction(html, url=, with_metadata=True)`` runs in this process on
the same records' decoded bodies. Rewrites the "Extraction CLI" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

from benchlib import BIN, WORK, fixture_members, machine, run_measured, write_section


def build_input(pages: int) -> tuple[Path, int]:
    members = fixture_members()
    copies = -(-pages // len(members))
    dest = WORK / f"extract-{copies}x{len(members)}.warc.gz"
    if not dest.exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_bytes(b"".join(members) * copies)
    return dest, copies * len(members)


def run_cli(path: Path, workers: int) -> tuple[float, float, dict[str, object]]:
    out = WORK / f"articles-w{workers}.jsonl"
    cmd = [str(BIN / "dodarchive"), "extract", str(path), "-o", str(out), "--workers", str(workers)]
    result = run_measured(cmd)
    if result.returncode != 0:
        sys.exit(f"extract failed: {result.stderr[-2000:]}")
    return result.seconds, result.cpu_seconds, json.loads(result.stdout)


def run_trafilatura(path: Path) -> tuple[float, float, int, int]:
    import trafilatura

    from dodarchive.warcreader import iter_records

    bodies = [(r.ref.targetUri, r.decoded_body()) for r in iter_records(path, types=("response",))]
    found = 0
    started, cpu = time.perf_counter(), time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for url, body in bodies:
            doc = trafilatura.bare_extraction(body, url=url, with_metadata=True)
            found += doc is not None
    return time.perf_counter() - started, time.process_time() - cpu, len(bodies), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    where = machine()
    path, pages = build_input(args.pages)
    mb = path.stat().st_size / 1e6
    w1, c1, s1 = run_cli(path, 1)
    w2, c2, s2 = run_cli(path, 2)
    traf, traf_cpu, traf_pages, traf_found = run_trafilatura(path)
    assert traf_pages == pages == s1["records"] == s2["records"], (traf_pages, pages, s1)
    ours, theirs = pages / w1, pages / traf

    def row(label: str, wall: float, cpu: float) -> str:
        rates = f"{pages / wall:.1f} | {mb / wall:.2f} | {cpu:.1f} | {pages / cpu:.1f}"
        return f"| {label} | {wall:.1f} | {rates} |"

    body = f"""
Command: `make bench` (`.venv/bin/python bench/bench_extract_cli.py --pages {args.pages}`)
Machine: {where}.
Input: the status-200 HTML responses of `tests/fixtures/warc/` repeated to {pages:,} records
in one {mb:.1f} MB WARC (gzip per record). dodarchive: the `dodarchive extract` command
(a subprocess; wall time including start-up, reading, extraction, dedup and writing;
{s1["articles"]} articles after dedup). trafilatura {__import__("trafilatura").__version__}:
`bare_extraction(body, url=, with_metadata=True)` in one process on the same decoded
bodies, reading excluded ({traf_found} of {traf_pages} gave a document).

| run | wall s | pages/s | MB/s (WARC bytes) | CPU s | pages per CPU s |
|---|---|---|---|---|---|
{row("`dodarchive extract --workers 1`", w1, c1)}
{row("`dodarchive extract --workers 2`", w2, c2)}
{row("trafilatura, 1 process", traf, traf_cpu)}

Ratio dodarchive (`--workers 1`, whole command) / trafilatura (extraction only), wall:
**{ours / theirs:.2f}x**; by CPU time (steadier on a shared machine):
**{traf_cpu / c1:.2f}x** (target >= 3x). Scaling `--workers 2` / `--workers 1` (wall):
**{w1 / w2:.2f}x** on {where.split(" cores")[0]} cores. CPU time counts the process and
its workers (`getrusage(RUSAGE_CHILDREN)`); trafilatura's is `time.process_time()`.
"""
    write_section("Extraction CLI: `dodarchive extract` vs trafilatura, and scaling", body)


if __name__ == "__main__":
    main()
