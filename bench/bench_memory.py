"""Peak memory of ``dodarchive extract`` on a small and a large WARC: it must be flat.

    .venv/bin/python bench/bench_memory.py [--sizes-mb 100 1000] [--workers 2]

Each input is the fixture WARCs concatenated again and again up to the size (every
record is read and extracted; repeats are deduplicated, so the output stays small). The
memory of the extract process and all its workers is polled from /proc every 50 ms: the
largest single-process RSS and the largest PSS sum over the process tree (pages the
forked workers share with the parent counted once) are reported, with the run time.
Rewrites the "Memory" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import sys

from benchlib import BIN, WORK, machine, repeat_fixtures, run_measured, write_section


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    where = machine()
    rows = []
    peaks = []
    for size in args.sizes_mb:
        path = repeat_fixtures(WORK / f"memory-{size}mb.warc.gz", size * 10**6)
        out = WORK / f"memory-{size}.jsonl"
        cmd = [str(BIN / "dodarchive"), "extract", str(path), "-o", str(out),
               "--workers", str(args.workers)]  # fmt: skip
        result = run_measured(cmd)
        if result.returncode != 0:
            sys.exit(f"extract failed: {result.stderr[-2000:]}")
        summary = json.loads(result.stdout)
        mb = path.stat().st_size / 1e6
        print(f"{size} MB: {result}", flush=True)
        peaks.append(result.peak_tree_mb)
        rows.append(
            f"| {mb:,.0f} MB | {summary['records']:,} | {result.seconds:,.0f} | "
            f"{summary['records'] / result.seconds:.0f} | {result.peak_process_mb:.0f} | "
            f"{result.peak_tree_mb:.0f} |"
        )
    table = "\n".join(rows)
    flat = max(peaks) - min(peaks)
    sizes = " ".join(map(str, args.sizes_mb))
    body = f"""
Command: `make bench`
(`.venv/bin/python bench/bench_memory.py --sizes-mb {sizes} --workers {args.workers}`)
Machine: {where}.
Input: the fixture WARCs concatenated to each size; `dodarchive extract IN -o OUT
--workers {args.workers}` (dedup on). Memory polled from /proc every 50 ms: RSS of the
largest process, and PSS summed over the extract process and its workers.

| WARC | records | seconds | records/s | peak RSS one process MB | peak PSS with workers MB |
|---|---|---|---|---|---|
{table}

Peak (process + workers) spread between the sizes: **{flat:.0f} MB**; largest peak
{max(peaks):.0f} MB (target: flat, <= 200 MB at 1 GB).
"""
    write_section("Memory: peak RSS of `dodarchive extract` by WARC size", body)


if __name__ == "__main__":
    main()
