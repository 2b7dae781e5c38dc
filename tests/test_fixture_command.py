"""``dodarchive fixture save`` and ``rerun``: cases from WARC records, checked by hand."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dodarchive.cli import main
from dodarchive.fixtures import case_slug
from tests.conftest import FIXTURE_WARCS, FIXTURES


def test_save_then_rerun_matches_committed_case(tmp_path: Path) -> None:
    dest = tmp_path / "case"
    runner = CliRunner()
    out = runner.invoke(
        main, ["fixture", "save", str(FIXTURE_WARCS / "legacy.warc.gz"), "405", "--dest", str(dest)]
    )
    assert out.exit_code == 0, out.output
    assert out.output.strip() == str(dest)
    committed = FIXTURES / "pages" / "legacy-release" / "release-163-10"
    for rel in ("inputs/HttpResponse-body.html", "inputs/HttpResponse-info.json", "output.json"):
        assert (dest / rel).read_bytes() == (committed / rel).read_bytes(), rel
    rerun = runner.invoke(main, ["fixture", "rerun", str(dest)])
    assert rerun.exit_code == 0
    assert json.loads(rerun.output) == json.loads(
        (committed / "output.json").read_text(encoding="utf-8")
    )
    again = runner.invoke(
        main, ["fixture", "save", str(FIXTURE_WARCS / "legacy.warc.gz"), "405", "--dest", str(dest)]
    )
    assert again.exit_code == 1
    assert "exists" in again.output


def test_save_non_article_writes_exception(tmp_path: Path) -> None:
    dest = tmp_path / "home"
    warc = FIXTURE_WARCS / "defensegov-2020.warc.gz"
    out = CliRunner().invoke(main, ["fixture", "save", str(warc), "412", "--dest", str(dest)])
    assert out.exit_code == 0, out.output
    assert json.loads((dest / "exception.json").read_text(encoding="utf-8")) == {
        "reason": "home-page",
        "type": "NotAnArticle",
    }
    assert not (dest / "output.json").exists()


def test_save_rejects_an_offset_without_a_response(tmp_path: Path) -> None:
    out = CliRunner().invoke(
        main,
        [
            "fixture",
            "save",
            str(FIXTURE_WARCS / "legacy.warc.gz"),
            "0",
            "--dest",
            str(tmp_path / "x"),
        ],
    )
    assert out.exit_code == 1
    assert "no response record at offset 0" in out.output


def test_case_slug() -> None:
    assert (
        case_slug("https://www.war.gov/News/Releases/Release/Article/1/x/")
        == "war-news-releases-release-article-1-x"
    )


def test_save_reports_a_non_record_offset(tmp_path: Path) -> None:
    warc = str(FIXTURE_WARCS / "legacy.warc.gz")
    out = CliRunner().invoke(main, ["fixture", "save", warc, "17", "--dest", str(tmp_path / "x")])
    assert out.exit_code == 1
    assert "no readable WARC record at offset 17" in out.output
    assert not (tmp_path / "x").exists()


def test_force_replaces_only_the_case_files(tmp_path: Path) -> None:
    dest = tmp_path / "mistyped"  # e.g. --dest pointing at a folder of other work
    (dest / "inputs").mkdir(parents=True)
    keep = {dest / "notes.txt": b"mine", dest / "meta.json": b"{}",
            dest / "inputs" / "extra.bin": b"x", dest / "sub" / "deep.txt": b"y"}  # fmt: skip
    (dest / "sub").mkdir()
    for path, data in keep.items():
        path.write_bytes(data)
    (dest / "exception.json").write_text("{}")  # a stale result of an earlier save
    args = ["fixture", "save", str(FIXTURE_WARCS / "legacy.warc.gz"), "405", "--dest", str(dest)]
    out = CliRunner().invoke(main, [*args, "--force"])
    assert out.exit_code == 0, out.output
    assert {p: p.read_bytes() for p in keep} == keep
    assert not (dest / "exception.json").exists()  # the case's own old file is replaced
    names = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert names == ["inputs/HttpResponse-body.html", "inputs/HttpResponse-info.json",
                     "inputs/extra.bin", "meta.json", "notes.txt", "output.json",
                     "sub/deep.txt"]  # fmt: skip
