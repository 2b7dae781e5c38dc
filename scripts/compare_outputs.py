"""Compare every committed fixture's extraction output between two source trees.

Runs the same commands (``extract --all-captures`` and ``extract`` over every fixture
WARC, ``fixture rerun`` on every page case, ``normalize-text`` on the seed) once with
each tree's ``src`` first on ``PYTHONPATH`` and reports every output that differs, byte
for byte. Used to show a refactor changes nothing it did not mean to change::

    git worktree add /tmp/before <rev>
    python scripts/compare_outputs.py /tmp/before/src src
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def _run(src: Path, args: list[str], out: Path | None = None) -> bytes:
    env = {**os.environ, "PYTHONPATH": str(src)}
    proc = subprocess.run(
        [sys.executable, "-m", "dodarchive", *args],
        env=env,
        capture_output=True,
        cwd=ROOT,
        check=False,
    )
    body = out.read_bytes() if out is not None and out.exists() else proc.stdout
    return f"exit {proc.returncode}\n".encode() + body


def outputs(src: Path) -> dict[str, bytes]:
    """Every fixture output of the tree whose package folder is ``src``, by name."""
    result: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("--all-captures", "--dedup"):
            out = Path(tmp) / f"a{mode}.jsonl"
            rejects = Path(tmp) / f"r{mode}.jsonl"
            args = ["extract", str(FIXTURES / "warc"), "-o", str(out), "--workers", "1", mode]
            result[f"extract {mode}"] = _run(src, [*args, "--rejects", str(rejects)], out)
            result[f"rejects {mode}"] = rejects.read_bytes() if rejects.exists() else b""
    for case in sorted((FIXTURES / "pages").glob("*/*/")):
        result[f"case {case.relative_to(FIXTURES)}"] = _run(src, ["fixture", "rerun", str(case)])
    for seed in sorted((FIXTURES / "seed").glob("*.txt")):
        result[f"seed {seed.name}"] = _run(
            src, ["normalize-text", str(seed), "--url", "http://www.defenselink.mil/x"]
        )
    return result


def main() -> int:
    """Print one line per differing output; exit 1 when any differs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the old tree's src folder")
    parser.add_argument("after", type=Path, help="the new tree's src folder")
    ns = parser.parse_args()
    before, after = outputs(ns.before.resolve()), outputs(ns.after.resolve())
    differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    for key in differ:
        print(f"DIFFERS {key}")
    same = len(before) - len(differ)
    digest = hashlib.sha1(b"".join(after[k] for k in sorted(after))).hexdigest()[:12]
    print(f"{same} of {len(before)} outputs byte-identical; {len(differ)} differ (after: {digest})")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
