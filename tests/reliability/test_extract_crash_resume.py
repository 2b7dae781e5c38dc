"""SIGKILL ``dodarchive extract`` at seeded random moments, rerun, compare with a clean run.

``tests/test_extract_cli.py`` kills one run once it is writing (stand-in pages). Here the
real page classes run over the committed fixture WARCs with two workers; the kills fall
at three moments the test sees happen (no sleeps): right after start, once the temporary
output has its first bytes, and once it holds a seeded fraction of the clean output's
size. Each kill must find the run still going. They go one after another into the same
output, and the run that is finally let finish must give byte-identical articles and
rejects, with no temporary file left behind.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from tests.conftest import FIXTURE_WARCS, dodarchive_cmd, subprocess_env

SEED = 7


def extract(out: Path) -> list[str]:
    return [*dodarchive_cmd(), "extract", str(FIXTURE_WARCS), "-o", str(out), "--workers", "2"]


def run_clean(out: Path) -> dict[str, object]:
    result = subprocess.run(
        extract(out), capture_output=True, text=True, env=subprocess_env(), check=False,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def written(out: Path) -> int:
    """Bytes in the run's temporary output so far."""
    return sum(p.stat().st_size for p in out.parent.glob(f".{out.name}.*.tmp") if p.exists())


def wait_until(proc: subprocess.Popen[bytes], ready: Callable[[], bool]) -> None:
    """Return once ``ready()`` holds while ``proc`` still runs; fail if it ends first."""
    deadline = time.monotonic() + 120  # a hang guard only
    while not ready():
        assert proc.poll() is None, "the run ended before its kill point"
        assert time.monotonic() < deadline, "the kill point never came"
        time.sleep(0.005)


def test_killed_extractions_rerun_to_the_clean_output(tmp_path: Path) -> None:
    clean = tmp_path / "clean" / "articles.jsonl"
    summary = run_clean(clean)
    assert (summary["records"], summary["articles"]) == (237, 168)  # 10 speech stubs
    size = clean.stat().st_size
    out = tmp_path / "out" / "articles.jsonl"
    out.parent.mkdir()
    fraction = random.Random(SEED).uniform(0.2, 0.8)
    kill_points: list[Callable[[], bool]] = [
        lambda: True,  # start-up
        lambda: written(out) > 0,  # the first articles written
        lambda: written(out) >= fraction * size,  # well into writing
    ]
    for ready in kill_points:
        proc = subprocess.Popen(
            extract(out), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=subprocess_env(), start_new_session=True,
        )  # fmt: skip
        try:
            wait_until(proc, ready)
        finally:
            os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers: the group we started
            proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        # killed before the end: no output appears, only temporary files
        assert sorted(p.name for p in out.parent.iterdir() if not p.name.startswith(".")) == []
    rerun = run_clean(out)
    assert {k: v for k, v in rerun.items() if k not in ("seconds", "output", "rejects")} == {
        k: v for k, v in summary.items() if k not in ("seconds", "output", "rejects")
    }
    assert out.read_bytes() == clean.read_bytes()
    rejects = out.with_name("articles.rejects.jsonl")
    assert rejects.read_bytes() == clean.with_name("articles.rejects.jsonl").read_bytes()
    assert sorted(p.name for p in out.parent.iterdir()) == [
        "articles.jsonl", "articles.rejects.jsonl",
    ]  # fmt: skip
