"""Extraction core speed: ``extract_record`` against trafilatura on the same records.

Reads every HTML ``response`` record (status 200) of the committed fixture WARCs, repeats
the list until at least ``--pages`` pages, and times, on one core in this process:

- ``dodarchive.extract.record.extract_record`` on each record (our whole per-record path:
  decode, template match, parse, extract or skip/reject);
- ``trafilatura.bare_extraction(html, url=..., with_metadata=True)`` on the same
  records' decoded text.

Prints pages/s and MB/s (of decoded body bytes; CPU time of this process, so that
other load on a shared machine does not skew the ratio) for both and the ratio.
Usage: ``python bench/bench_extract_core.py [--pages 2000] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import time
from pathlib import Path

import trafilatura

from dodarchive.extract.record import extract_record
from dodarchive.pages import PageInput
from dodarchive.warc.reader import ArchivedResponse, iter_records

WARCS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "warc"


def html_records() -> list[ArchivedResponse]:
    """The status-200 HTML response records of every fixture WARC."""
    out = []
    for path in sorted(WARCS.glob("*.warc.gz")):
        for rec in iter_records(path, types=("response",)):
            if rec.status != 200:
                continue
            page = PageInput.from_record(rec)
            if page.content_type in ("text/html", "application/xhtml+xml"):
                out.append(rec)
    return out


def run_ours(records: list[ArchivedResponse]) -> dict[str, int]:
    """Extract every record; count outcomes by kind."""
    kinds: dict[str, int] = {}
    for rec in records:
        kind = extract_record(rec).kind
        kinds[kind] = kinds.get(kind, 0) + 1
    return kinds


def run_trafilatura(texts: list[tuple[str, str]]) -> int:
    """bare_extraction with metadata on every (url, html); the number with text."""
    found = 0
    for url, html in texts:
        result = trafilatura.bare_extraction(html, url=url, with_metadata=True)
        if result is not None and getattr(result, "text", None):
            found += 1
    return found


def main() -> None:
    """Time both extractors and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="cProfile ours, top 25")
    parser.add_argument("--skip-trafilatura", action="store_true")
    args = parser.parse_args()

    base = html_records()
    reps = -(-args.pages // len(base))
    records = base * reps
    texts = [(r.ref.targetUri, PageInput.from_record(r).text) for r in records]
    size_mb = sum(len(PageInput.from_record(r).body) for r in base) * reps / 1e6
    print(f"{len(base)} HTML records x {reps} = {len(records)} pages, {size_mb:.1f} MB")
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, one process"
    )

    if args.profile:
        prof = cProfile.Profile()
        prof.runcall(run_ours, base * max(1, reps // 4))
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
        return

    t0 = time.process_time()
    kinds = run_ours(records)
    ours = time.process_time() - t0
    print(
        f"ours:        {len(records) / ours:8.1f} pages/s  {size_mb / ours:6.2f} MB/s  "
        f"({ours:.1f} s; {kinds})"
    )
    if args.skip_trafilatura:
        return
    t0 = time.process_time()
    found = run_trafilatura(texts)
    traf = time.process_time() - t0
    print(
        f"trafilatura: {len(records) / traf:8.1f} pages/s  {size_mb / traf:6.2f} MB/s  "
        f"({traf:.1f} s; {found} with text)"
    )
    print(f"ratio ours/trafilatura: {traf / ours:.2f}x")


if __name__ == "__main__":
    main()
