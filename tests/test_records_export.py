"""``dodarchive extract --records awards`` on the fixture WARCs, as a user runs it.

The two real contract pages of the fixture WARCs (war.gov, Sept. 30, 2025: 55 award
paragraphs; defense.gov, July 31, 2014: 29) give 84 rows in every format.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURE_WARCS, ROOT, subprocess_env

WARCS = [FIXTURE_WARCS / "wargov-2025.warc.gz", FIXTURE_WARCS / "defensegov-2018.warc.gz"]


def extract(out: Path, *extra: str) -> dict[str, Any]:
    result = subprocess.run(
        [sys.executable, "-m", "dodarchive", "extract", *map(str, WARCS), "--workers", "1",
         "--records", "awards", "-o", str(out), *extra],
        capture_output=True, text=True, check=False, cwd=ROOT,
        env=subprocess_env(), timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    (line,) = result.stdout.splitlines()
    return json.loads(line)  # type: ignore[no-any-return]


def test_jsonl_rows_carry_the_article_columns(tmp_path: Path) -> None:
    summary = extract(tmp_path / "awards.jsonl")
    assert (summary["awards"], summary["articles"]) == (84, 2)
    assert summary["recordNotes"] == {}
    rows = [json.loads(line) for line in (tmp_path / "awards.jsonl").read_text().splitlines()]
    assert len(rows) == 84
    first = rows[0]
    assert (first["url"], first["datePublished"], first["articleId"]) == (
        "https://www.defense.gov/News/Contracts/Contract/Article/4319114/",
        "2025-09-30",
        "4319114",
    )
    assert first["agency"] == "NAVY"
    assert first["amountUsd"] == 10_000_000_000
    assert [c["name"] for c in first["contractors"]][-1] == "Worldwide Employee Housing Solutions"
    assert rows[-1]["articleId"] == "605989"
    assert rows[-1]["contractors"][0]["name"] == "Hewlett-Packard Co."


def test_csv_for_a_spreadsheet(tmp_path: Path) -> None:
    extract(tmp_path / "awards.csv")
    with (tmp_path / "awards.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 84
    goodrich = next(r for r in rows if r["contractors"].startswith("Goodrich"))
    assert goodrich["contractors"] == "Goodrich Corp. (Jacksonville, Florida)"
    assert goodrich["amountUsd"] == "19892364"
    assert goodrich["contractNumbers"] == "N00167-25-D-0011"
    assert goodrich["contractType"] == "firm-fixed-price; cost-plus-fixed-fee"
    assert goodrich["smallBusiness"] == "false"
    assert json.loads(goodrich["contractingActivity"])["location"] == "West Bethesda, Maryland"


def test_parquet_keeps_nested_values(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    extract(tmp_path / "awards.parquet")
    table = pq.read_table(tmp_path / "awards.parquet")
    assert table.num_rows == 84
    assert table.column_names[:5] == ["url", "datePublished", "articleId", "agency", "contractors"]
    rows = table.to_pylist()
    assert rows[0]["contractors"][0] == {
        "name": "701C LLC",
        "location": "Sterling, Virginia",
        "smallBusiness": True,
        "marks": "*",
    }


def test_record_notes_are_counted_in_the_summary() -> None:
    from dodarchive.extract.summary import Result, Summary

    summary = Summary()
    summary.count(Result("article", notes=("awards/unparsed", "awards/unparsed")))
    summary.count(Result("skipped", "listing"))
    other = Summary()
    other.count(Result("article", notes=("casualties/unparsed",)))
    summary.merge(other)
    line = json.loads(summary.to_json())
    assert line["recordNotes"] == {"awards/unparsed": 2, "casualties/unparsed": 1}
    assert summary.stats()["dodarchive/extract/record-notes/awards/unparsed"] == 2
