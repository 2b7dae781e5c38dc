"""The local engine in-process: dedup across captures, filters, Parquet, damage, order.

The pages are small plain-HTML articles (:func:`tests.synthetic_warc.article_page`)
with exactly the ids, dates and canonical URLs a case needs; the real page classes
extract them (no template knows them: ``GenericPage``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dodarchive.extract.local import Options, run_extract
from dodarchive.extract.summary import Summary
from dodarchive.warc.files import warc_files
from tests.synthetic_warc import article_page, write_warc

DG = "https://www.defense.gov/News/Releases/Release/Article/4242/x/"
WG = "https://www.war.gov/News/Releases/Release/Article/4242/x/"
PRINT = "https://www.defense.gov/DesktopModules/ArticleCS/Print.aspx?PortalId=1&Article=4242"
BODY = (
    (
        "Washington — first sentence of the test article, which tells what the department "
        "announced and why it matters to the service members it concerns."
    ),
    (
        "The last sentence says where readers can find more information about the program, "
        "its schedule and the people who run it."
    ),
)


def _captures(tmp: Path) -> tuple[Path, Path]:
    """Two WARCs with three captures of article 4242 (war.gov, defense.gov, print view),
    one capture of news article 77, one of a page without id, and a non-article."""
    page = article_page("Capture Test", date="2023-10-01", paragraphs=BODY)
    old = write_warc(
        tmp / "a-2024.warc.gz",
        [
            (DG, "2024-05-01T10:00:00Z", page),
            ("https://www.defense.gov/News/Article/Article/77/", "2024-05-01T10:00:01Z",
             article_page("Older Story", date="2016-01-02")),
            ("https://www.defense.gov/robots.txt", "2024-05-01T10:00:02Z", b"", "text/plain"),
        ],
    )  # fmt: skip
    new = write_warc(
        tmp / "b-2025.warc.gz",
        [
            (WG, "2025-11-02T00:00:00Z", page),
            (PRINT, "2025-06-01T00:00:00Z",
             article_page("Capture Test", date="2023-10-01", paragraphs=BODY)),
            ("https://www.war.gov/About/", "2025-11-02T00:00:01Z",
             article_page("No Id Page", canonical="https://www.defense.gov/About")),
        ],
    )  # fmt: skip
    return old, new


Rows = list[dict[str, Any]]


def _run(tmp: Path, inputs: list[Path], **options: Any) -> tuple[Rows, Rows, Summary]:
    out = tmp / "out" / "articles.jsonl"
    out.parent.mkdir(exist_ok=True)
    rejects = tmp / "out" / "rejects.jsonl"
    summary = run_extract(warc_files(inputs), out, rejects, Options(**options))
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    rejected = [json.loads(line) for line in rejects.read_text("utf-8").splitlines()]
    return rows, rejected, summary


def test_dedup_keeps_newest_capture_and_lists_all(tmp_path: Path) -> None:
    old, new = _captures(tmp_path)
    rows, rejected, summary = _run(tmp_path, [old, new])
    assert rejected == []
    assert [r["headline"] for r in rows] == ["Older Story", "Capture Test", "No Id Page"]
    story = rows[1]
    assert story["url"] == WG
    assert story["source"]["warcFile"] == "b-2025.warc.gz"
    assert story["source"]["warcDate"] == "2025-11-02T00:00:00Z"
    assert [(c["url"], c["warcDate"], c["source"]["warcFile"]) for c in story["captures"]] == [
        (WG, "2025-11-02T00:00:00Z", "b-2025.warc.gz"),
        (PRINT, "2025-06-01T00:00:00Z", "b-2025.warc.gz"),
        (DG, "2024-05-01T10:00:00Z", "a-2024.warc.gz"),
    ]  # fmt: skip
    assert story["captures"][0]["source"] == story["source"]
    assert [len(r["captures"]) for r in rows] == [1, 3, 1]
    assert summary.captures == 5
    assert summary.duplicates == 2
    assert summary.articles == 3
    assert dict(summary.skipped) == {"robots-txt": 1}


def test_dedup_ignores_input_order_for_the_winner(tmp_path: Path) -> None:
    old, new = _captures(tmp_path)
    forward, _, _ = _run(tmp_path, [old, new])
    backward, _, _ = _run(tmp_path, [new, old])
    assert {r["headline"]: r["source"] for r in forward} == {
        r["headline"]: r["source"] for r in backward
    }
    assert [r["headline"] for r in backward] == ["Capture Test", "No Id Page", "Older Story"]


def test_all_captures_keeps_every_capture_in_input_order(tmp_path: Path) -> None:
    old, new = _captures(tmp_path)
    rows, _, summary = _run(tmp_path, [old, new], dedup=False)
    assert [(r["headline"], r["source"]["warcFile"], r["captures"]) for r in rows] == [
        ("Capture Test", "a-2024.warc.gz", []),
        ("Older Story", "a-2024.warc.gz", []),
        ("Capture Test", "b-2025.warc.gz", []),
        ("Capture Test", "b-2025.warc.gz", []),
        ("No Id Page", "b-2025.warc.gz", []),
    ]
    assert summary.articles == 5


def test_since_and_page_type_filters(tmp_path: Path) -> None:
    old, new = _captures(tmp_path)
    rows, _, summary = _run(tmp_path, [old, new], since="2020-01-01")
    assert [r["headline"] for r in rows] == ["Capture Test"]
    assert dict(summary.filtered) == {"before-since": 1, "no-date": 1}
    rows, _, summary = _run(tmp_path, [old, new], page_types=frozenset({"news-article"}))
    assert [r["headline"] for r in rows] == ["Older Story"]
    # 4242 is a release (twice) and a print view ("other"); the page without id "other"
    assert dict(summary.filtered) == {"page-type": 4}


def test_truncated_warc_extracts_whole_records_and_rejects_the_cut(tmp_path: Path) -> None:
    _, new = _captures(tmp_path)
    data = new.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: 1268 + 200])  # 200 bytes into the third record's gzip member
    rows, rejected, summary = _run(tmp_path, [cut], dedup=False)
    assert [r["headline"] for r in rows] == ["Capture Test", "Capture Test"]
    assert len(rejected) == 1
    assert rejected[0]["reason"] == "warc-truncated"
    assert rejected[0]["source"]["warcFile"] == "cut.warc.gz"
    # the cut member is too short for warcio to show as a record: it is trailing bytes
    assert rejected[0]["detail"] == "200 bytes after the last whole record"
    assert rejected[0]["source"]["offset"] == 1268  # the third record's gzip member
    assert summary.damaged == ["cut.warc.gz"]


def test_parquet_round_trips_into_pandas(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")  # in the dev extras, so this never skips in CI
    old, new = _captures(tmp_path)
    rows, _, _ = _run(tmp_path, [old, new])
    out = tmp_path / "articles.parquet"
    run_extract(warc_files([old, new]), out, tmp_path / "r.jsonl", Options(fmt="parquet"))
    frame = pd.read_parquet(out)
    assert len(frame) == len(rows) == 3
    assert list(frame["headline"]) == [r["headline"] for r in rows]
    assert list(frame.columns) == sorted(rows[0], key=list(frame.columns).index)
    assert set(frame.columns) == set(rows[0])
    assert frame["source"][1]["warcFile"] == "b-2025.warc.gz"
    assert [c["warcDate"] for c in frame["captures"][1]] == [
        "2025-11-02T00:00:00Z", "2025-06-01T00:00:00Z", "2024-05-01T10:00:00Z",
    ]  # fmt: skip
    assert list(frame["paragraphs"][1]) == list(BODY)
    assert frame["canonicalUrl"][2] == "https://www.defense.gov/About"
    assert pd.isna(frame["datePublished"][2])  # None in the JSON line: null, not ""
    lines = pd.read_json(tmp_path / "out" / "articles.jsonl", lines=True)
    assert list(lines["headline"]) == list(frame["headline"])


def test_workers_do_not_change_bytes(tmp_path: Path) -> None:
    old, new = _captures(tmp_path)
    outs = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}.jsonl"
        options = Options(workers=workers, batch_records=1)
        run_extract(warc_files([old, new]), out, tmp_path / f"r{workers}.jsonl", options)
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert outs[0].count(b"\n") == 3


def test_failure_leaves_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = _captures(tmp_path)
    out = tmp_path / "articles.jsonl"
    out.write_text("previous complete output\n")

    def boom(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dodarchive.extract.sink.Deduplicator.articles", boom)
    with pytest.raises(KeyboardInterrupt):
        run_extract(warc_files([old, new]), out, tmp_path / "r.jsonl", Options())
    assert out.read_text() == "previous complete output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-2024.warc.gz",
        "articles.jsonl",
        "b-2025.warc.gz",
    ]
