"""Archive-scale input: DoD pages out of a general-crawl WARC where 1% of records are ours.

    .venv/bin/python bench/bench_offtable.py [--on 10] [--ratio 99] [--base /tmp/speedbase/src]

Input: one synthetic WARC.gz (one gzip member per record, as crawlers write them). For
each on-table record (a status-200 HTML response of the fixture WARCs, copied as it is)
there are ``--ratio`` off-table ones: a response whose body is a fixture page's HTML
(real markup, 10-300 KB) under another host (``www.siteN.example.org``), each followed
by its request record, as a general crawl stores them.

Runs ``dodarchive extract --workers 1`` (default options: dedup on) as a subprocess:

- ``before``: the tree named by ``--base`` (the code before off-table skipping; e.g. a
  worktree of main at the commit before this bench: ``git worktree add /tmp/speedbase
  63c62a5``), which extracts every record;
- ``skip``: this tree, skipping off-table records from their WARC headers;
- ``index``: this tree with ``--index`` (a CDXJ written by ``dodarchive index``),
  reading only the on-table records;
- ``index x10``: the same index run on a WARC with 10x the off-table records and the same
  on-table ones: its time should stay near ``index`` (proportional to on-table records),
  apart from reading the bigger index.

Rounds run back to back (before, skip, index, ...), and the fastest of each is kept: the
machine is shared and noisy. MB/s is the WARC's size over the wall time. The on-table
articles must be the same bytes in every run (checked). Rewrites the "Off-table input"
section of RESULTS.md.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchlib import BIN, ROOT, WORK, fixture_members, machine, run_measured, write_section
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dodarchive.sites import on_table
from dodarchive.warc.reader import iter_records


def _bodies() -> list[bytes]:
    """Decoded HTML bodies of the fixture pages (the off-table records' payloads)."""
    out = []
    for member in fixture_members():
        path = WORK / "one.warc.gz"
        path.write_bytes(member)
        rec = next(iter_records(path))
        out.append(rec.decoded_body())
    return out


def build(on: int, ratio: int, dest: Path) -> tuple[Path, int]:
    """The mixed WARC: ``on`` on-table records, ``ratio`` off-table ones after each."""
    if dest.exists():
        return dest, on * (ratio + 1)
    members = fixture_members()[:on]
    bodies = _bodies()
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    n = 0
    for member in members:
        for k in range(ratio):
            body = bodies[n % len(bodies)]
            url = f"https://www.site{n % 97}.example.org/news/{n}/story-{k}.html"
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8"),
                           ("Content-Length", str(len(body)))], protocol="HTTP/1.1",
            )  # fmt: skip
            date = f"2019-0{1 + n % 9}-1{n % 10}T12:00:00Z"
            rec = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=http,
                warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
            writer.write_record(rec)
            req = StatusAndHeaders(f"GET /news/{n}/story-{k}.html", [("Host", "x")], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "request", http_headers=req,
                                          warc_headers_dict={"WARC-Date": date})
            )  # fmt: skip
            n += 1
        buf.write(member)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(buf.getvalue())
    return dest, len(members) * (ratio + 1)


def index(path: Path) -> Path:
    out = path.with_name(path.name + ".cdxj")
    if not out.exists():
        subprocess.run(
            [str(BIN / "python"), "-m", "dodarchive", "index", str(path), "-o", str(out)],
            check=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        )  # fmt: skip
    return out


#: Wall seconds, CPU seconds, the summary, the on-table article lines.
Run = tuple[float, float, dict[str, object], str]


def run(src: Path, path: Path, tag: str, *extra: str) -> Run:
    out = WORK / f"offtable-{tag}.jsonl"
    cmd = [str(BIN / "python"), "-m", "dodarchive", "extract", str(path), "-o", str(out),
           "--workers", "1", *extra]  # fmt: skip
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(src)
    try:
        result = run_measured(cmd)
    finally:
        if old is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = old
    if result.returncode != 0:
        sys.exit(f"{tag}: extract failed: {result.stderr[-2000:]}")
    lines = [
        line for line in out.read_text().splitlines()
        if on_table(json.loads(line)["source"]["targetUri"])
    ]  # fmt: skip
    return result.seconds, result.cpu_seconds, json.loads(result.stdout), "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--on", type=int, default=10, help="on-table records")
    parser.add_argument("--ratio", type=int, default=99, help="off-table records per on-table")
    parser.add_argument("--base", type=Path, default=Path("/tmp/speedbase/src"))
    parser.add_argument("--rounds", type=int, default=2)
    ns = parser.parse_args()
    here = ROOT / "src"
    path, records = build(ns.on, ns.ratio, WORK / f"mixed-{ns.on}x{ns.ratio}.warc.gz")
    big, big_records = build(ns.on, ns.ratio * 10, WORK / f"mixed-{ns.on}x{ns.ratio * 10}.warc.gz")
    cdxj, big_cdxj = index(path), index(big)
    size, big_size = path.stat().st_size / 2**20, big.stat().st_size / 2**20
    # No index beside the WARC is picked up for "skip": it is named NAME.warc.gz.cdxj,
    # which extract finds, so it is moved aside for those runs.
    aside, big_aside = cdxj.with_name("aside.cdxj"), big_cdxj.with_name("aside10.cdxj")
    runs: dict[str, Callable[[], Run]] = {
        "before": lambda: run(ns.base, path, "before"),
        "skip": lambda: run(here, path, "skip"),
        "index": lambda: run(here, path, "index", "--index", str(aside)),
        "index x10": lambda: run(here, big, "index10", "--index", str(big_aside)),
        "skip x10": lambda: run(here, big, "skip10"),
    }
    cdxj.rename(aside)
    big_cdxj.rename(big_aside)
    best: dict[str, float] = {}
    cpu: dict[str, float] = {}
    outputs: dict[str, str] = {}
    summaries: dict[str, dict[str, object]] = {}
    try:
        for _ in range(ns.rounds):
            for name, fn in runs.items():
                seconds, cpu_s, summary, lines = fn()
                best[name] = min(best.get(name, seconds), seconds)
                cpu[name] = min(cpu.get(name, cpu_s), cpu_s)
                outputs[name], summaries[name] = lines, summary
                print(f"{name}: {seconds:.2f} s, {cpu_s:.2f} CPU s", file=sys.stderr)
    finally:
        aside.rename(cdxj)
        big_aside.rename(big_cdxj)
    same = len({outputs["before"], outputs["skip"], outputs["index"]}) == 1
    same = same and outputs["index x10"] == outputs["skip x10"]
    if not same:
        sys.exit("on-table articles differ between runs")
    arts = outputs["skip"].count("\n") + 1
    rows = [
        "| run | WARC | responses | wall s | CPU s | MB per CPU s | rate vs before |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in runs:
        mb, recs = (big_size, big_records) if name.endswith("x10") else (size, records)
        rate = mb / cpu[name]
        rows.append(
            f"| {name} | {mb:.1f} MB | {recs} | {best[name]:.2f} | {cpu[name]:.2f} | "
            f"{rate:.1f} | {rate / (size / cpu['before']):.1f}x |"
        )
    skipped = summaries["skip"].get("skipped", {})
    body = f"""
`{" ".join(["python", "bench/bench_offtable.py", *sys.argv[1:]])}` on {machine()}.

A general-crawl WARC.gz with {ns.on} on-table HTML responses (fixture pages) and
{ns.ratio} off-table responses (fixture HTML under other hosts, each with its request
record) per on-table one; `dodarchive extract --workers 1`, fastest of {ns.rounds}
back-to-back rounds. The machine is shared by many agents (a run gets 20-100% of a core),
so rates are input MB per CPU second of the extract process and its workers (start-up
included); wall times are shown but mostly measure the load. "before" is the tree at
`{ns.base}` (extracts every record); "skip" reads the WARC but skips off-table records
from their headers ({skipped}); "index" seeks to the
on-table records listed by a CDXJ index; "index x10" is the same on-table records among
10x as many off-table ones, "skip x10" that WARC without its index. {arts} on-table
articles, byte-identical in before, skip and index (and in both x10 runs): {same}.

{chr(10).join(rows)}
"""
    write_section("Off-table input", body)


if __name__ == "__main__":
    main()
