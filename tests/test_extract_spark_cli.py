"""``dodarchive extract --engine spark`` against the local engine, through the real CLI."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import (
    FIXTURE_WARCS,
    FIXTURES,
    ROOT,
    ServerProcess,
    dodarchive_cmd,
    subprocess_env,
)
from tests.test_extract_offtable import mixed_warc


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


def test_spark_engine_refuses_pdf_text(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    done = _extract(str(FIXTURE_WARCS), "-o", str(out), "--engine", "spark", "--pdf-text")
    assert done.returncode == 2
    assert done.stderr == "dodarchive extract: error: --pdf-text works with the local engine only\n"
    assert not out.exists()


#: The summary line's counts (all but engine, paths and time).
COUNTS = ("records", "articles", "captures", "duplicates", "filtered", "skipped", "rejected",
          "recordNotes", "damagedInputs")  # fmt: skip


def _counts(done: subprocess.CompletedProcess[str]) -> dict[str, object]:
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    return {key: summary[key] for key in COUNTS}


def test_mixed_general_crawl_warcs_same_output_and_counts(tmp_path: Path) -> None:
    """On-table records among off-table ones, read from WARC headers or through an index
    beside the WARC: the same deduplicated records and the same counts on both engines."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    mixed_warc(inputs / "mixed-a.warc.gz", FIXTURE_WARCS / "defensegov-2018.warc.gz")
    warc = inputs / "mixed-b.warc.gz"
    _, offsets = mixed_warc(warc, FIXTURE_WARCS / "wargov-2025.warc.gz")
    cdxj = inputs / "mixed-b.warc.gz.cdxj"
    done = _extract(str(warc), "-o", str(cdxj), command="index")
    assert done.returncode == 0, done.stderr
    data = bytearray(warc.read_bytes())  # off-table bytes ruined: only the index skips them
    for offset in offsets:
        data[offset + 20 : offset + 60] = b"\xff" * 40
    warc.write_bytes(bytes(data))
    os.utime(cdxj, (time.time() + 5, time.time() + 5))  # the index is newer than the WARC
    shutil.copy(FIXTURE_WARCS / "defensegov-2018.warc.gz", inputs)  # mixed-a's duplicates

    local, spark = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    by_local = _extract(str(inputs), "-o", str(local), "--workers", "2")
    assert by_local.returncode == 0, by_local.stderr
    by_spark = _extract(str(inputs), "-o", str(spark), "--engine", "spark",
                        "--spark-master", "local[2]")  # fmt: skip
    assert by_spark.returncode == 0, by_spark.stderr[-3000:]
    assert (
        _counts(by_spark)
        == _counts(by_local)
        == {
            "records": 14,  # 2 + 2 + 2 on-table records, 8 off-table
            "articles": 3,
            "captures": 4,
            "duplicates": 1,  # the 2014 contract page, in mixed-a and in its source
            "filtered": {},
            "skipped": {"listing": 2, "off-table": 8},
            "rejected": {},  # no damage: the ruined records were never read
            "recordNotes": {},
            "damagedInputs": [],
        }
    )
    lines = spark.read_text(encoding="utf-8").splitlines()
    assert sorted(lines) == sorted(local.read_text(encoding="utf-8").splitlines())
    assert spark.read_bytes() == local.read_bytes()
    got = [(a["articleId"], a["source"]["warcFile"], len(a["captures"]))
           for a in map(json.loads, lines)]  # fmt: skip
    assert got == [  # the 2014 contract page, war.gov's 2025 contract page and release
        ("605989", "mixed-a.warc.gz", 2),
        ("4319114", "mixed-b.warc.gz", 1),
        ("3981590", "mixed-b.warc.gz", 1),
    ]


def test_awards_records_on_spark(tmp_path: Path) -> None:
    """``--records awards`` on the two contract pages: the local engine's 84 rows, with
    one WARC read by Spark from an ``http://`` URL through fsspec (the code path of
    ``s3://`` and ``hdfs://`` inputs; a loopback server with byte ranges)."""
    names = ("wargov-2025.warc.gz", "defensegov-2018.warc.gz")
    local, spark = tmp_path / "local.jsonl", tmp_path / "spark.jsonl"
    by_local = _extract(*(str(FIXTURE_WARCS / n) for n in names), "--records", "awards",
                        "-o", str(local), "--workers", "1")  # fmt: skip
    assert by_local.returncode == 0, by_local.stderr
    server = ServerProcess([sys.executable, "-m", "tests.servers.files", str(FIXTURE_WARCS)])
    try:
        by_spark = _extract(f"{server.url}/{names[0]}", str(FIXTURE_WARCS / names[1]),
                            "--records", "awards", "-o", str(spark), "--engine", "spark",
                            "--spark-master", "local[2]")  # fmt: skip
    finally:
        server.stop()
    assert by_spark.returncode == 0, by_spark.stderr[-3000:]
    summary = json.loads(by_spark.stdout.strip().splitlines()[-1])
    assert (summary["engine"], summary["awards"], summary["articles"]) == ("spark", 84, 2)
    assert _counts(by_spark) == _counts(by_local)
    assert summary["filtered"] == {"page-type": 1}  # the war.gov release
    lines = spark.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 84
    assert sorted(lines) == sorted(local.read_text(encoding="utf-8").splitlines())
    assert spark.read_bytes() == local.read_bytes()
    first, last = json.loads(lines[0]), json.loads(lines[-1])
    assert (first["url"], first["datePublished"], first["articleId"]) == (
        "https://www.defense.gov/News/Contracts/Contract/Article/4319114/",
        "2025-09-30",
        "4319114",
    )
    assert (first["agency"], first["amountUsd"]) == ("NAVY", 10_000_000_000)
    assert (last["articleId"], last["contractors"][0]["name"]) == ("605989", "Hewlett-Packard Co.")
    assert not list(tmp_path.glob(".spark.jsonl.*"))  # the temporary articles are gone


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
