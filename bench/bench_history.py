"""Time and peak memory of ``dodarchive history`` against ``dodarchive extract``.

    .venv/bin/python bench/bench_history.py [--sizes-mb 1000] [--workers 2] [--rounds 1]

The input is bench_memory.py's: the fixture WARCs concatenated up to the size, so every
article has many captures (each repeat of a record is one more capture of its article,
all of one version). Per round, ``extract IN -o OUT`` (deduplicated) and ``history IN -o
OUT`` run back to back on the same input; memory is polled from /proc as in
bench_memory.py (largest single-process RSS; PSS summed over the process and its
workers). Targets (issue 13): history <= 250 MB and <= 1.3x extract's time. Rewrites the
"History" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from benchlib import WORK, Measured, machine, repeat_fixtures, run_measured, write_section


def _run(command: str, path: Path, out: Path, workers: int) -> tuple[dict[str, Any], Measured]:
    cmd = [sys.executable, "-m", "dodarchive", command, str(path), "-o", str(out),
           "--workers", str(workers)]  # fmt: skip
    result = run_measured(cmd)
    if result.returncode != 0:
        sys.exit(f"{command} failed: {result.stderr[-2000:]}")
    return json.loads(result.stdout), result


def main() -> None:
    """Run the rounds and rewrite the section of RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes-mb", type=int, nargs="+", default=[1000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    where = machine()
    rows = []
    verdicts = []
    for size in args.sizes_mb:
        path = repeat_fixtures(WORK / f"memory-{size}mb.warc.gz", size * 10**6)
        mb = path.stat().st_size / 1e6
        for n in range(1, args.rounds + 1):
            runs = {}
            for command in ("extract", "history"):
                summary, result = _run(
                    command, path, WORK / f"{command}-{size}.jsonl", args.workers
                )
                runs[command] = result
                print(f"{size} MB round {n} {command}: {result}", flush=True)
                rows.append(
                    f"| {mb:,.0f} MB | {n} | `{command}` | {summary['records']:,} | "
                    f"{summary['articles']:,} | {result.seconds:,.0f} | "
                    f"{result.cpu_seconds:,.0f} | {result.peak_process_mb:.0f} | "
                    f"{result.peak_tree_mb:.0f} |"
                )
            wall = runs["history"].seconds / runs["extract"].seconds
            cpu = runs["history"].cpu_seconds / runs["extract"].cpu_seconds
            verdicts.append(
                f"- {mb:,.0f} MB, round {n}: history / extract = **{wall:.2f}x** wall, "
                f"**{cpu:.2f}x** CPU; history peak {runs['history'].peak_process_mb:.0f} MB "
                f"(one process), {runs['history'].peak_tree_mb:.0f} MB (PSS with workers)."
            )
    table = "\n".join(rows)
    sizes = " ".join(map(str, args.sizes_mb))
    body = f"""
Command: `.venv/bin/python bench/bench_history.py --sizes-mb {sizes}
--workers {args.workers} --rounds {args.rounds}`
Machine: {where}.
Input: bench_memory.py's repeated fixture WARCs (every article has many captures of one
version). `extract IN -o OUT` (deduplicated) and `history IN -o OUT`, back to back, both
`--workers {args.workers}`.

| WARC | round | command | records | articles | seconds | CPU s | peak RSS MB | peak PSS tree MB |
|---|---|---|---|---|---|---|---|---|
{table}

{chr(10).join(verdicts)}

Targets (issue 13): history <= 250 MB and <= 1.3x extract's time.
"""
    write_section("History: `dodarchive history` against `dodarchive extract`", body)


if __name__ == "__main__":
    main()
