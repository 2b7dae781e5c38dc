"""Wall time of ``run_spark`` with local[1] against local[2] on the fixture WARCs, repeated.

Builds FILES WARC files under a temp folder, each the committed fixture WARCs
concatenated COPIES times (gzip members concatenate into a valid WARC), then runs the
Spark engine over them once per master and prints seconds, records and MB/s.

    .venv/bin/python bench/spark_engine.py [--files 16] [--copies 8]

The real page classes extract (the TEST-ONLY stand-in class these figures once used is
gone). Session start-up is excluded; each master gets a new SparkContext.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dodarchive.extract.spark import build_session, run_spark  # noqa: E402


def build(folder: Path, files: int, copies: int) -> list[str]:
    """FILES WARCs of COPIES x all fixture WARCs each; returns their paths."""
    blob = b"".join(p.read_bytes() for p in sorted((ROOT / "tests/fixtures/warc").glob("*.gz")))
    paths = []
    for n in range(files):
        path = folder / f"bench-{n:03d}.warc.gz"
        path.write_bytes(blob * copies)
        paths.append(str(path))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=16)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--masters", default="local[1],local[2]")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dodarchive-bench-") as tmp:
        inputs = build(Path(tmp), args.files, args.copies)
        mb = sum(Path(p).stat().st_size for p in inputs) / 1e6
        print(f"{len(inputs)} files, {mb:.0f} MB, real page classes", flush=True)
        print(f"load average before {os.getloadavg()[0]:.1f}", flush=True)
        for master in args.masters.split(","):
            session = build_session(master)
            try:
                started = time.monotonic()
                summary = run_spark(inputs, f"{tmp}/{master}.jsonl", spark=session)
                seconds = time.monotonic() - started
            finally:
                session.stop()
            print(
                f"{master}: {seconds:.1f} s, {summary.records} records, "
                f"{summary.articles} articles, {mb / seconds:.1f} MB/s, "
                f"load average after {os.getloadavg()[0]:.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
