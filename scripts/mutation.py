#!/usr/bin/env python3
"""mutmut over the core modules, one module at a time, each against only its own tests.

    python scripts/mutation.py                 # every module in MODULES, in sequence
    python scripts/mutation.py sites captures  # only these (names are the keys below)

Each module runs in its own work directory ``mutants/<name>/``: a copy of ``src/``,
``tests/``, ``schema/`` and ``scripts/`` plus a ``pyproject.toml`` whose ``[tool.mutmut]``
mutates that one file and selects that module's test files. Runs are sequential and start
from an empty mutmut cache, so a result never comes from an earlier run. Prints one table
row per module and the total; ``mutants/<name>/`` keeps the run for ``mutmut results`` and
``mutmut show NAME`` (run them with that directory as the working directory).

mutmut forks each mutant's test run from a process that already ran the tests once
(``process_isolation = "fork"``, its default), so anything cached at module level would
hide mutants of the code that filled the cache; ``tests/conftest.py`` clears this
checkout's functools caches when ``MUTANT_UNDER_TEST`` is set. Exit status 1 when a
mutant survived or had no covering test, 0 when every mutant was killed.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).with_name("mutmut")

#: name -> (module to mutate, the fast test files that cover it)
MODULES: dict[str, tuple[str, list[str]]] = {
    "boilerplate": ("src/dodarchive/pages/boilerplate.py",
                    ["tests/test_boilerplate.py"]),
    "byline": ("src/dodarchive/pages/byline.py",
               ["tests/test_byline.py", "tests/test_oracles.py", "tests/test_page_fixtures.py"]),
    "sites": ("src/dodarchive/sites.py",
              ["tests/test_sites.py", "tests/test_scope.py"]),
    "records": ("src/dodarchive/capture/records.py",
                ["tests/test_capture_records.py", "tests/test_capture_writer.py",
                 "tests/test_capture_middleware.py"]),
    "captures": ("src/dodarchive/extract/captures.py",
                 ["tests/test_dedup.py", "tests/test_pipeline.py"]),
    "common": ("src/dodarchive/pages/common.py",
               ["tests/test_common.py", "tests/test_oracles.py", "tests/test_page_fixtures.py"]),
}  # fmt: skip

STATUS = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests"}


def _pyproject(module: str, tests: list[str]) -> str:
    """The checkout's pyproject.toml with a ``[tool.mutmut]`` for one module."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[)", "", text)
    return text + (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f"only_mutate = [{json.dumps(module)}]\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]\n'
        'also_copy = ["schema", "scripts"]\n'
    )


def run_module(name: str) -> dict[str, int]:
    """Run mutmut on one module in ``mutants/<name>/``; counts by status."""
    module, tests = MODULES[name]
    work = ROOT / "mutants" / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for sub in ("src", "tests", "schema", "scripts"):
        shutil.copytree(ROOT / sub, work / sub, ignore=shutil.ignore_patterns("__pycache__"))
    (work / "pyproject.toml").write_text(_pyproject(module, tests), encoding="utf-8")
    subprocess.run([str(MUTMUT), "run"], cwd=work, check=False, stdout=subprocess.DEVNULL)
    meta = json.loads((work / "mutants" / f"{module}.meta").read_text(encoding="utf-8"))
    counts = {"killed": 0, "survived": 0, "no tests": 0, "other": 0}
    for code in meta["exit_code_by_key"].values():
        counts[STATUS.get(code, "other")] += 1
    return counts


def main(argv: list[str]) -> int:
    """Run the named modules (default: all); print the score table."""
    names = argv or list(MODULES)
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; known: {', '.join(MODULES)}")
        return 2
    rows = {}
    for name in names:
        rows[name] = run_module(name)
        print(f"{name}: {rows[name]}", flush=True)
    total = {
        k: sum(r[k] for r in rows.values()) for k in ("killed", "survived", "no tests", "other")
    }
    print("\n| module | killed | survived | no tests | other | killed % |")
    print("|---|---|---|---|---|---|")
    for name, r in [*rows.items(), ("total", total)]:
        n = sum(r.values())
        print(f"| {name} | {r['killed']} | {r['survived']} | {r['no tests']} | {r['other']} "
              f"| {100 * r['killed'] / n:.1f}% |")  # fmt: skip
    return 0 if total["killed"] == sum(total.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
