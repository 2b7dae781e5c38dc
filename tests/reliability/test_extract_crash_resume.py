"""SIGKILL ``dodarchive extract`` at seeded random moments, rerun, compare with a clean run.

``tests/test_extract_cli.py`` kills one run once it is writing (stand-in pages). Here the
real page classes run over the committed fixture WARCs with two workers; the kills fall
at seeded fractions of a clean run's duration (start-up, reading, writing, the dedup
pass), one after another into the same output, and the run that is finally let finish
must give byte-identical articles and rejects, with no temporary file left behind.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import FIXTURE_WARCS, dodarchive_cmd, subprocess_env

SEED = 7


def extract(out: Path) -> list[str]:
    return [*dodarchive_cmd(), "extract", str(FIXTURE_WARCS), "-o", str(out), "--workers", "2"]


def run_clean(out: Path) -> tuple[float, dict[str, object]]:
    started = time.monotonic()
    result = subprocess.run(
        extract(out), capture_output=True, text=True, env=subprocess_env(), check=False,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return time.monotonic() - started, json.loads(result.stdout)


def test_killed_extractions_rerun_to_the_clean_output(tmp_path: Path) -> None:
    clean = tmp_path / "clean" / "articles.jsonl"
    seconds, summary = run_clean(clean)
    assert (summary["records"], summary["articles"]) == (237, 168)  # 10 speech stubs
    out = tmp_path / "out" / "articles.jsonl"
    out.parent.mkdir()
    rng = random.Random(SEED)
    killed = 0
    for fraction in (rng.uniform(0.05, 0.8) for _ in range(3)):
        proc = subprocess.Popen(
            extract(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=subprocess_env(), start_new_session=True,
        )  # fmt: skip
        time.sleep(seconds * fraction)
        killed += proc.poll() is None
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers: the group we started
        proc.wait(timeout=30)
        # Either nothing yet, or (once a run got to the end) the complete clean output.
        visible = sorted(p.name for p in out.parent.iterdir() if not p.name.startswith("."))
        if visible:
            assert visible == ["articles.jsonl", "articles.rejects.jsonl"]
            assert out.read_bytes() == clean.read_bytes()
    assert killed >= 2, "the runs ended before their kills"
    _, rerun = run_clean(out)
    assert {k: v for k, v in rerun.items() if k not in ("seconds", "output", "rejects")} == {
        k: v for k, v in summary.items() if k not in ("seconds", "output", "rejects")
    }
    assert out.read_bytes() == clean.read_bytes()
    rejects = out.with_name("articles.rejects.jsonl")
    assert rejects.read_bytes() == clean.with_name("articles.rejects.jsonl").read_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "articles.jsonl", "articles.rejects.jsonl",
    ]  # fmt: skip
