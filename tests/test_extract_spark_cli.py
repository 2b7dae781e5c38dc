"""``dodarchive extract --engine spark`` against the local engine, through the real CLI."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env


def _extract(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*dodarchive_cmd(), "extract", *args],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def test_spark_and_local_engines_give_the_same_lines(tmp_path: Path) -> None:
    local, spark = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    done = _extract(str(FIXTURE_WARCS), "-o", str(local), "--all-captures", "--workers", "2")
    assert done.returncode == 0, done.stderr
    done = _extract(str(FIXTURE_WARCS), "-o", str(spark), "--all-captures", "--engine", "spark",
                    "--spark-master", "local[2]")  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert (summary["engine"], summary["articles"]) == ("spark", 168)
    assert summary["rejected"] == {"stub": 10}  # the af.mil speeches: "View the speech here."
    local_lines = local.read_text(encoding="utf-8").splitlines()
    spark_lines = spark.read_text(encoding="utf-8").splitlines()
    assert len(local_lines) == 168
    assert sorted(spark_lines) == sorted(local_lines)
    spark_rejects = (tmp_path / "spark.rejects.jsonl").read_text().splitlines()
    assert sorted(spark_rejects) == sorted(
        (tmp_path / "local.rejects.jsonl").read_text().splitlines()
    )


def test_spark_engine_refuses_dedup_and_filters(tmp_path: Path) -> None:
    done = _extract(str(FIXTURE_WARCS), "-o", str(tmp_path / "x.jsonl"), "--engine", "spark")
    assert done.returncode == 2
    assert done.stderr == (
        "dodarchive extract: error: --engine spark extracts every capture unfiltered: "
        "add --all-captures and drop --since/--page-type\n"
    )
    assert not (tmp_path / "x.jsonl").exists()
