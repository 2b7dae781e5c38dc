"""The Spark engine gives the local engine's lines, partitions, rejects and errors.

One local[2] SparkSession serves the module (startup is the slow part). The reference is
the local engine itself (:func:`dodarchive.extract.local.run_extract`, every capture,
no filters: what ``--engine spark`` is defined to equal), run on the same inputs, clean
and damaged, with the real page classes on both sides: its articles file, its rejects
file and its counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fsspec
import pyarrow.parquet as pq
import pytest
from pyspark.sql import SparkSession

from dodarchive.extract import spark_task
from dodarchive.extract.local import Options, run_extract
from dodarchive.extract.spark import (
    SparkEngineError,
    article_schema,
    build_session,
    expand_inputs,
    run_spark,
)
from dodarchive.warc.files import warc_files
from dodarchive.warc.reader import ArchivedResponse, WarcReadError, iter_records
from dodarchive.warc.scan import InputError
from tests.conftest import FIXTURE_WARCS, dodarchive_cmd, subprocess_env
from tests.test_extract_offtable import mixed_warc

WARCS = sorted(FIXTURE_WARCS.glob("*.warc.gz"))
SMALL = [FIXTURE_WARCS / n for n in ("legacy.warc.gz", "wargov-2025.warc.gz")]


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """One local[2] session for the module, loopback-bound, UI off."""
    session = build_session(
        "local[2]", {"spark.sql.shuffle.partitions": "2", "spark.default.parallelism": "2"}
    )
    yield session
    session.stop()


class Reference:
    """What the local engine gives for ``paths``: every capture, unfiltered (or as
    ``options`` say)."""

    def __init__(self, paths: list[Path], work: Path, options: Options | None = None) -> None:
        work.mkdir(parents=True, exist_ok=True)
        out, rejects = work / "articles.jsonl", work / "rejects.jsonl"
        options = options if options is not None else Options(dedup=False)
        summary = run_extract(warc_files(paths), out, rejects, options)
        self.lines = out.read_text(encoding="utf-8").splitlines()
        self.reject_lines = rejects.read_text(encoding="utf-8").splitlines()
        self.records = summary.records
        self.filtered = dict(sorted(summary.filtered.items()))
        self.skipped = dict(sorted(summary.skipped.items()))
        self.rejected = dict(sorted(summary.rejected.items()))
        self.damaged = list(summary.damaged)
        self.rejects = reject_keys([json.loads(line) for line in self.reject_lines])


def iter_records_until_error(path: Path) -> list[ArchivedResponse]:
    """The records of ``path`` that the reader yields before it stops on damage."""
    got: list[ArchivedResponse] = []
    with pytest.raises(WarcReadError):
        got.extend(iter_records(path))
    return got


def read_rejects(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def reject_keys(rejects: list[dict[str, Any]]) -> list[tuple[str, int, str]]:
    return [(r["source"]["warcFile"], r["source"]["offset"], r["reason"]) for r in rejects]


def test_one_file_equals_local_engine(spark: SparkSession, tmp_path: Path) -> None:
    # Half the inputs as file:// URLs, half as plain paths: both are read in place.
    inputs = [p.as_uri() if i % 2 else str(p) for i, p in enumerate(WARCS)]
    out = tmp_path / "articles.jsonl"
    rejects = tmp_path / "articles.rejects.jsonl"
    summary = run_spark(inputs, str(out), spark=spark, rejects=rejects)

    ref = Reference(WARCS, tmp_path / "local")
    got = out.read_text(encoding="utf-8").splitlines()
    assert got == ref.lines  # same lines in (input order, record offset) order
    assert reject_keys(read_rejects(rejects)) == ref.rejects
    assert len(ref.rejects) == 10  # the af.mil speeches: "View the speech here." stubs
    assert summary.rejects == str(rejects)
    assert summary.engine == "spark"
    assert summary.records == ref.records == 237  # every response record of the fixtures
    assert summary.inputs == 7  # 6 corpus WARCs + wargov-reconstructed
    assert summary.articles == len(got) == 168  # the real page classes' articles
    assert summary.skipped == ref.skipped
    assert sum(summary.skipped.values()) == 237 - 178  # feeds, listings, home page
    assert summary.rejected == ref.rejected == {"stub": 10}
    assert (summary.captures, summary.duplicates) == (summary.articles, 0)
    assert summary.files == [str(out)]
    assert summary.damaged == []
    stats = summary.stats()
    assert stats["dodarchive/extract/records"] == 237
    assert sum(v for k, v in stats.items() if "/skipped/" in k) == sum(summary.skipped.values())

    release = [json.loads(line) for line in got if "/Article/3981590/" in line]
    assert [(a["source"]["warcFile"], a["source"]["offset"]) for a in release] == [
        ("wargov-2025.warc.gz", 48101)
    ]
    assert release[0]["headline"] == "DOD Announces 2024 Defense Acquisition Awards"
    assert [json.loads(line)["source"]["warcFile"] for line in got[:1]] == [WARCS[0].name]
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind
    assert json.loads(summary.to_json())["articles"] == len(got)


def test_jsonl_partitions_one_per_input(spark: SparkSession, tmp_path: Path) -> None:
    out = tmp_path / "parts"
    summary = run_spark([str(p) for p in SMALL], f"{out}/", spark=spark)

    parts = sorted(out.glob("part-*"))
    assert [p.name for p in parts] == ["part-00000", "part-00001"]
    assert (out / "_SUCCESS").exists()
    assert summary.files == [str(p) for p in parts]
    ref = Reference(SMALL[:1], tmp_path / "first")
    assert parts[0].read_text(encoding="utf-8").splitlines() == ref.lines
    joined = "".join(p.read_text(encoding="utf-8") for p in parts).splitlines()
    assert joined == Reference(SMALL, tmp_path / "both").lines
    assert summary.articles == len(joined) > len(ref.lines) > 0


def test_parquet_partitions_read_back_with_pyarrow(spark: SparkSession, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    run_spark([str(p) for p in SMALL], f"{out}/", "parquet", spark=spark)

    expected = Reference(SMALL, tmp_path / "local").lines
    assert expected
    table = pq.read_table(out)
    assert table.column_names == [f.name for f in article_schema().fields]
    assert table.to_pylist() == [json.loads(line) for line in expected]


def test_parquet_one_file(spark: SparkSession, tmp_path: Path) -> None:
    out = tmp_path / "legacy.parquet"
    summary = run_spark([str(SMALL[0])], str(out), "parquet", spark=spark)

    expected = Reference(SMALL[:1], tmp_path / "local").lines
    assert expected
    assert pq.read_table(out).to_pylist() == [json.loads(line) for line in expected]
    assert summary.files == [str(out)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["legacy.parquet", "local"]


def test_truncated_warc_keeps_whole_records_and_rejects_the_rest(
    spark: SparkSession, tmp_path: Path
) -> None:
    data = SMALL[0].read_bytes()
    cut = tmp_path / "legacy-cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    inputs = [cut, SMALL[1]]
    out = tmp_path / "out.jsonl"
    rejects = tmp_path / "out.rejects.jsonl"
    summary = run_spark(
        [str(p) for p in inputs], str(out), spark=spark, rejects=rejects,
    )  # fmt: skip

    ref = Reference(inputs, tmp_path / "local")
    assert out.read_text(encoding="utf-8").splitlines() == ref.lines
    got = read_rejects(rejects)
    assert reject_keys(got) == ref.rejects
    assert summary.damaged == ref.damaged
    assert (summary.rejected, summary.skipped) == (ref.rejected, ref.skipped)
    (bad,) = [r for r in got if r["reason"].startswith("warc-")]
    assert bad["reason"] == "warc-truncated"
    assert bad["source"] == {"warcFile": "legacy-cut.warc.gz", "offset": 46706}
    assert summary.damaged == ["legacy-cut.warc.gz"]
    # The whole records before the cut are all there, as many as the reader gives.
    whole = [r.ref.offset for r in iter_records_until_error(cut)]
    assert len(whole) == 3
    rest = sum(1 for _ in iter_records(SMALL[1]))
    assert summary.records == ref.records == len(whole) + rest
    assert summary.rejected["warc-truncated"] == 1


def test_reject_lines_equal_the_local_engines(spark: SparkSession, tmp_path: Path) -> None:
    # Both engines read the file with the local engine's read_file: the damage reject
    # names the WARC by its file name, not a path of the machine that ran it.
    data = SMALL[0].read_bytes()
    cut = tmp_path / "legacy-cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    rejects = tmp_path / "out.rejects.jsonl"
    run_spark([str(cut)], str(tmp_path / "out.jsonl"), spark=spark, rejects=rejects)
    ref = Reference([cut], tmp_path / "local")
    assert ref.reject_lines  # the cut record
    assert rejects.read_text(encoding="utf-8").splitlines() == ref.reject_lines


def test_missing_input_is_a_clear_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.warc.gz"
    with pytest.raises(InputError, match=r"nope\.warc\.gz: no such file$"):
        run_spark([str(SMALL[0]), str(missing)], str(tmp_path / "out.jsonl"))
    assert list(tmp_path.iterdir()) == []


def test_non_empty_output_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("precious")
    with pytest.raises(SparkEngineError, match="not empty"):
        run_spark([str(SMALL[0])], f"{tmp_path}/")
    assert (tmp_path / "keep.txt").read_text() == "precious"


def test_missing_pyspark_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(SparkEngineError, match=r"needs PySpark: pip install 'dodarchive\[spark\]'"):
        build_session()


def test_remote_url_is_streamed_through_fsspec() -> None:
    # memory:// stands in for hdfs:// or s3://: same fsspec code path, no network.
    url = "memory://bucket/crawl/legacy.warc.gz"
    with fsspec.open(url, "wb") as fh:
        fh.write(SMALL[0].read_bytes())
    try:
        every = Options(dedup=False)
        remote = list(spark_task.extract_file(0, url, every))
        local = list(spark_task.extract_file(0, str(SMALL[0]), every))
        assert remote == local
        last = remote[-1].summary
        assert last is not None
        assert (last.records, last.engine) == (5, "spark")
        offsets = [row.result.offset for row in remote[:-1] if row.result is not None]
        assert offsets == [405, 17851, 29011, 46706, 64224]
    finally:
        fsspec.filesystem("memory").rm(url)


def test_inputs_expand_folders_and_check_urls(tmp_path: Path) -> None:
    (tmp_path / "a.warc.gz.open").write_bytes(b"")  # still being written: not an input
    (tmp_path / "notes.txt").write_text("x")
    assert expand_inputs([str(FIXTURE_WARCS)]) == [str(p) for p in WARCS]
    assert expand_inputs([FIXTURE_WARCS.as_uri()]) == [str(p) for p in WARCS]
    # the local engine's rules: an empty folder or a non-WARC is named before any work
    with pytest.raises(InputError, match=r"no \*\.warc or \*\.warc\.gz files in folder"):
        expand_inputs([str(FIXTURE_WARCS), str(tmp_path)])
    with pytest.raises(SparkEngineError, match=r"nosuch://h/a\.warc\.gz: cannot read this URL"):
        expand_inputs(["nosuch://h/a.warc.gz"])
    with pytest.raises(FileNotFoundError, match=r"input not found: memory://none/a\.warc\.gz"):
        expand_inputs(["memory://none/a.warc.gz"])


def test_off_table_records_skipped_from_headers_as_locally(
    spark: SparkSession, tmp_path: Path
) -> None:
    warc = tmp_path / "in" / "mixed.warc.gz"
    warc.parent.mkdir()
    n_off, offsets = mixed_warc(warc)
    got = {}
    for tag, options in (("skip", Options(dedup=False)),
                         ("every", Options(dedup=False, off_table=True))):  # fmt: skip
        out = tmp_path / f"{tag}.jsonl"
        summary = run_spark([str(warc)], str(out), spark=spark, options=options)
        ref = Reference([warc], tmp_path / tag, options)
        got[tag] = out.read_text(encoding="utf-8").splitlines()
        assert got[tag] == ref.lines
        assert (summary.records, summary.skipped) == (ref.records, ref.skipped)
        assert summary.rejected == ref.rejected == {}
    assert n_off == 4
    assert summary.skipped.get("off-table") is None  # --off-table: all extracted
    assert len(got["every"]) == len(got["skip"]) + 4
    off = [json.loads(line)["url"] for line in got["every"] if line not in got["skip"]]
    assert off == [f"https://news.example.org/{i}/story-{i % 2}.html" for i in range(4)]

    # With a CDXJ index, only its on-table records are read: the off-table responses,
    # ruined here, would be damage to a scan.
    cdxj = tmp_path / "mixed.cdxj"
    subprocess.run(  # in a process of its own: cdxj-indexer leaves a temporary file open
        [*dodarchive_cmd(), "index", str(warc), "-o", str(cdxj)], env=subprocess_env(), check=True
    )
    data = bytearray(warc.read_bytes())
    for offset in offsets:
        data[offset + 20 : offset + 60] = b"\xff" * 40
    warc.write_bytes(bytes(data))
    os.utime(cdxj, (time.time() + 5, time.time() + 5))  # newer than the WARC
    indexed = tmp_path / "indexed.jsonl"
    summary = run_spark(
        [str(warc)], str(indexed), spark=spark, options=Options(dedup=False, index=cdxj)
    )
    assert indexed.read_text(encoding="utf-8").splitlines() == got["skip"]
    assert summary.skipped["off-table"] == 4
    assert summary.damaged == []
    # The same index beside the WARC is found by the task, as by the local engine.
    cdxj.rename(warc.with_name("index.cdxj"))
    beside = tmp_path / "beside.jsonl"
    summary = run_spark([str(warc)], str(beside), spark=spark, options=Options(dedup=False))
    assert beside.read_text(encoding="utf-8").splitlines() == got["skip"]
    assert (summary.skipped["off-table"], summary.damaged) == (4, [])


def test_filters_and_generic_extractor_as_locally(spark: SparkSession, tmp_path: Path) -> None:
    options = Options(dedup=False, since="2010-01-01", extractor="generic",
                      page_types=frozenset({"release", "contract"}))  # fmt: skip
    out = tmp_path / "filtered.jsonl"
    summary = run_spark([str(p) for p in SMALL], str(out), spark=spark, options=options)
    ref = Reference(SMALL, tmp_path / "local", options)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == ref.lines
    assert summary.filtered == ref.filtered == {"before-since": 1, "page-type": 1}
    articles = [json.loads(line) for line in lines]
    # 7 articles: a 2007 release is before --since, the 2007 news article not a wanted type
    assert [(a["pageType"], a["datePublished"]) for a in articles] == [
        ("release", "2010-03-02"), ("release", "2011-03-20"), ("release", "2010-06-02"),
        ("contract", "2025-09-30"), ("release", "2024-12-02"),
    ]  # fmt: skip
    assert {a["extractor"]["name"] for a in articles} == {"GenericPage"}


def test_an_index_that_is_not_cdxj_is_refused_before_spark_starts(tmp_path: Path) -> None:
    bad = tmp_path / "bad.cdxj"
    bad.write_text("this is not an index\n")
    out = tmp_path / "out.jsonl"
    with pytest.raises(SparkEngineError, match=rf"^--index: {bad}: line 1 is not CDXJ$"):
        run_spark([str(SMALL[0])], str(out), master="no-such-master", options=Options(index=bad))
    assert not out.exists()
