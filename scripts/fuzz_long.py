"""Run the fuzz suite long: every hypothesis test with ``--scale`` times its CI examples
(default 6: about 13,000 extractor cases plus 12,000 WARC-reader cases), exploring
new random inputs each run (CI runs are derandomized).

Usage: ``python scripts/fuzz_long.py [--scale 6] [pytest args...]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    """Run pytest on tests/fuzz with DODARCHIVE_FUZZ_SCALE set; return its exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=6.0)
    args, rest = parser.parse_known_args()
    env = {**os.environ, "DODARCHIVE_FUZZ_SCALE": str(args.scale)}
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/fuzz"]
    cmd += ["--hypothesis-show-statistics", *rest]
    return subprocess.call(cmd, cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
