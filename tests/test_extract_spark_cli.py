"""``dodarchive extract --engine spark`` against the local engine, through the real CLI."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_WARCS, FIXTURES, ROOT, dodarchive_cmd, subprocess_env


def _extract(*args: str, command: str = "extract") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*dodarchive_cmd(), command, *args],
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


def test_spark_engine_refuses_filters(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    done = _extract(
        str(FIXTURE_WARCS), "-o", str(out), "--engine", "spark", "--since", "2020-01-01"
    )
    assert done.returncode == 2
    assert done.stderr == (
        "dodarchive extract: error: --engine spark extracts unfiltered: drop --since/--page-type\n"
    )
    assert not out.exists()


def test_spark_dedup_and_history_equal_the_local_engine(tmp_path: Path) -> None:
    """Default (deduplicated) extract and history: the same bytes on both engines."""
    inputs = [str(FIXTURE_WARCS), str(FIXTURES / "history")]
    for command in ("extract", "history"):
        local, spark = tmp_path / f"local-{command}.jsonl", tmp_path / f"spark-{command}.jsonl"
        done = _extract(*inputs, "-o", str(local), "--workers", "2", command=command)
        assert done.returncode == 0, done.stderr
        done = _extract(*inputs, "-o", str(spark), "--engine", "spark",
                        "--spark-master", "local[2]", command=command)  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        assert (summary["engine"], summary["articles"], summary["captures"]) == ("spark", 168, 179)
        assert spark.read_bytes() == local.read_bytes()
        spark_rejects = (tmp_path / f"spark-{command}.rejects.jsonl").read_text().splitlines()
        assert len(spark_rejects) == 10  # the af.mil speech stubs
    assert summary["versions"] == 171  # 10 speech stubs are no articles


def test_damaged_input_same_exit_code_lines_and_rejects_as_local(tmp_path: Path) -> None:
    data = (FIXTURE_WARCS / "legacy.warc.gz").read_bytes()
    cut = tmp_path / "in" / "legacy-cut.warc.gz"
    cut.parent.mkdir()
    cut.write_bytes(data[: 17851 + 3000])  # inside the second response record
    local, spark = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    by_local = _extract(str(cut.parent), "-o", str(local), "--all-captures")
    by_spark = _extract(str(cut.parent), "-o", str(spark), "--all-captures", "--engine", "spark",
                        "--spark-master", "local[1]")  # fmt: skip
    assert (by_local.returncode, by_spark.returncode) == (4, 4)  # damaged input: exit 4
    assert by_local.stderr == ""
    summaries = [json.loads(r.stdout.strip().splitlines()[-1]) for r in (by_local, by_spark)]
    for key in ("records", "articles", "rejected"):
        assert summaries[0][key] == summaries[1][key], key
    assert summaries[1]["rejected"] == {"warc-truncated": 1}
    assert spark.read_bytes() == local.read_bytes()  # the one whole record before the cut
    assert len(local.read_text(encoding="utf-8").splitlines()) == 1

    def rejects(path: Path) -> list[tuple[str, dict[str, object]]]:
        lines = path.with_name(path.stem + ".rejects.jsonl").read_text().splitlines()
        return [(r["reason"], r["source"]) for r in map(json.loads, lines)]

    assert (
        rejects(spark)
        == rejects(local)
        == [("warc-truncated", {"offset": 17851, "warcFile": "legacy-cut.warc.gz"})]
    )


#: Root reads any file whatever its mode; without these two capabilities (dropped from
#: the bounding set of the exec'd process) the kernel checks the mode as for anyone.
AS_NON_ROOT = (
    ("setpriv", "--bounding-set=-dac_override,-dac_read_search") if os.geteuid() == 0 else ()
)


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("missing.warc.gz", None, "no such file"),
        ("empty.warc.gz", b"", "empty file"),
        ("page.html", b"<html><body>not an archive</body></html>",
         "not a WARC file (does not start with a WARC/1.x record)"),
        ("locked.warc.gz", (FIXTURE_WARCS / "legacy.warc.gz").read_bytes(), "permission denied"),
        ("folder", "folder", "no *.warc or *.warc.gz files in folder"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("engine", ["spark", "local"])
def test_unreadable_input_exit_3_on_both_engines(
    tmp_path: Path, name: str, content: bytes | str | None, reason: str, engine: str
) -> None:
    """Exit 3 and the one line naming the input, before Spark starts; nothing written."""
    bad = tmp_path / "in" / name
    bad.parent.mkdir()
    if content == "folder":
        bad.mkdir()
    elif isinstance(content, bytes):
        bad.write_bytes(content)
        bad.chmod(0 if name.startswith("locked") else 0o644)
    out = tmp_path / "out" / "articles.jsonl"
    result = subprocess.run(
        [*AS_NON_ROOT, *dodarchive_cmd(), "extract", str(FIXTURE_WARCS / "legacy.warc.gz"),
         str(bad), "-o", str(out), "--engine", engine, "--spark-master", "local[1]"],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout) == (3, "")
    assert result.stderr == f"dodarchive extract: error: {bad}: {reason}\n"
    assert not out.parent.exists()
