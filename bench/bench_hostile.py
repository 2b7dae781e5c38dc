"""Peak memory of every WARC reader on hostile inputs: it must stay under 300 MB.

    .venv/bin/python bench/bench_hostile.py [--line-mb 200] [--body-mb 1024]

Inputs (:mod:`tests.hostile_warc`, built as a stream, small on disk):

- a WARC header line of ``--line-mb`` MB in a ~200 KB gzip file;
- an HTTP header line of the same size inside a well-formed record;
- a response body of ``--body-mb`` MB (zeros, ~1 MB compressed).

Each is followed by a good response/request pair that a resynchronizing reader must still
find. Commands: ``dodarchive extract --workers 1``, ``validate``, ``index``, the replay
index (what ``dodarchive replay`` and ``crawl --replay`` build first) and the
incremental crawl's archived-URL scan. Peak memory is polled from /proc over the process
tree (the largest single-process RSS and the PSS sum). Rewrites the "Memory: hostile
WARCs" section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import sys

from benchlib import BIN, WORK, machine, run_measured, write_section

from tests.hostile_warc import header_line_warc, http_header_line_warc, huge_body_warc

TARGET_MB = 300
HEADER = (
    "| input (size on disk) | command | exit | peak RSS, 1 process (MB) "
    "| peak PSS, tree (MB) | stderr, last line |\n|---|---|---|---|---|---|"
)


def commands(path: str, out: str) -> dict[str, list[str]]:
    """What to run on one input: name -> command line."""
    py = [sys.executable, "-c"]
    return {
        "extract": [str(BIN / "dodarchive"), "extract", path, "-o", f"{out}.jsonl",
                    "--workers", "1"],
        "validate": [str(BIN / "dodarchive"), "validate", path],
        "index": [str(BIN / "dodarchive"), "index", path, "-o", f"{out}.cdxj"],
        "replay index": [*py, ("from dodarchive.replay.server import ReplayIndex; "
                               f"print(ReplayIndex([{path!r}]).count)")],
        "incremental skip": [*py, ("from pathlib import Path; from dodarchive."
                                   "downloadermiddlewares.archived import archived_urls; "
                                   f"print(len(archived_urls(Path({path!r}).parent)))")],
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--line-mb", type=int, default=200)
    parser.add_argument("--body-mb", type=int, default=1024)
    args = parser.parse_args()
    where = machine()
    line, body = args.line_mb * 10**6, args.body_mb * 2**20
    inputs = {
        f"WARC header line of {args.line_mb} MB": header_line_warc(
            WORK / "hostile-header" / "in.warc.gz", line),
        f"HTTP header line of {args.line_mb} MB": http_header_line_warc(
            WORK / "hostile-http" / "in.warc.gz", line),
        f"body of {args.body_mb} MiB": huge_body_warc(WORK / "hostile-body" / "in.warc.gz", body),
    }  # fmt: skip
    rows = []
    worst = 0.0
    for label, path in inputs.items():
        for name, cmd in commands(str(path), str(path.parent / "out")).items():
            result = run_measured(cmd)
            worst = max(worst, result.peak_tree_mb, result.peak_process_mb)
            last = (result.stderr.strip().splitlines() or [""])[-1][:90]
            print(f"{label} / {name}: exit {result.returncode}, {result}", flush=True)
            rows.append(
                f"| {label} ({path.stat().st_size / 1e3:,.0f} KB) | {name} | "
                f"{result.returncode} | {result.peak_process_mb:.0f} | "
                f"{result.peak_tree_mb:.0f} | {last.replace('|', '/')} |"
            )
    verdict = "met" if worst < TARGET_MB else "NOT met"
    body_text = f"""
`.venv/bin/python bench/bench_hostile.py --line-mb {args.line_mb} --body-mb {args.body_mb}`
({where}). Target: every reader under {TARGET_MB} MB on each input: **{verdict}** (worst
{worst:.0f} MB). Each input ends with a good response/request pair after the hostile
record; exit codes are the commands' own (extract 4 and validate/index 1: damage was
found and reported; extract still writes the good record).

{HEADER}
""" + "\n".join(rows)  # fmt: skip
    write_section("Memory: hostile WARCs", body_text)
    if worst >= TARGET_MB:
        sys.exit(1)


if __name__ == "__main__":
    main()
