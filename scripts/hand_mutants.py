#!/usr/bin/env python3
"""Named mutants mutmut cannot make, run against the tests that must kill them.

mutmut mutates code inside functions only; the boilerplate rules are module-level
regexes, and the issue-22 audit named these mutants. Each is one textual replacement in
a temporary copy of ``src/``; the listed tests run against that copy and must fail.

    python scripts/hand_mutants.py        # prints killed/SURVIVED per mutant; exit 1 if any survive

Run by ``make mutation`` after mutmut.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOILERPLATE = "src/dodarchive/pages/boilerplate.py"
SITES = "src/dodarchive/sites.py"  # url_key: the dedup key of a URL without an id

#: (name, file, text, replacement, tests that must kill it)
MUTANTS = [
    ("boilerplate: search instead of match", BOILERPLATE,
     "_REPEATED.match(low)", "_REPEATED.search(low)", ["tests/test_boilerplate.py"]),
    ("boilerplate: every pattern ignored", BOILERPLATE,
     "return any(p.match(text) for p in _PATTERNS)", "return False",
     ["tests/test_boilerplate.py"]),
    ("boilerplate: social-links pattern dropped", BOILERPLATE,
     ('    re.compile(r"^(facebook|twitter|x|linkedin|reddit|pinterest|email|print)'
      '( \\| \\w+)*$", re.I),\n'), "", ["tests/test_boilerplate.py"]),
    ("boilerplate: subscribe pattern dropped", BOILERPLATE,
     ('    re.compile(r"^(subscribe|sign up)( to| for)? .{0,60}(updates|newsletter|e-?mail)s?'
      '\\.?$", re.I),\n'), "", ["tests/test_boilerplate.py"]),
    ("dedup key: fbclid/gclid kept", SITES,
     'r"utm_.*|fbclid|gclid"', 'r"utm_.*"', ["tests/test_dedup.py", "tests/test_sites.py"]),
]  # fmt: skip


def run(name: str, rel: str, old: str, new: str, tests: list[str]) -> bool:
    """True when ``tests`` fail on ``src/`` with ``old`` replaced by ``new`` in ``rel``."""
    with tempfile.TemporaryDirectory(prefix="dodarchive-mutant-") as tmp:
        shutil.copytree(ROOT / "src", Path(tmp) / "src")
        path = Path(tmp) / rel
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            print(f"STALE    {name}: the text to mutate is not in {rel} exactly once")
            return False
        path.write_text(text.replace(old, new), encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(Path(tmp) / "src")}
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests],
            cwd=ROOT, env=env, capture_output=True, check=False,
        )  # fmt: skip
    killed = result.returncode != 0
    print(f"{'killed  ' if killed else 'SURVIVED'} {name}")
    return killed


def main() -> int:
    """Run every mutant; exit 1 if one survived or went stale."""
    results = [run(*m) for m in MUTANTS]
    print(f"{sum(results)} of {len(results)} named mutants killed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
