"""``dodarchive fixture save`` and ``rerun``: cases from WARC records, checked by hand."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from dodarchive.cli import main
from dodarchive.fixtures import case_slug
from tests.conftest import FIXTURE_WARCS, FIXTURES, ROOT


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


def test_save_over_an_existing_case_shows_the_diff_and_writes_only_with_force(
    tmp_path: Path,
) -> None:
    warc = str(FIXTURE_WARCS / "legacy.warc.gz")
    dest = tmp_path / "case"
    runner = CliRunner()
    assert runner.invoke(main, ["fixture", "save", warc, "405", "--dest", str(dest)]).exit_code == 0
    golden = dest / "output.json"
    edited = golden.read_text(encoding="utf-8").replace(
        '"headline": "DOD Identifies Army Casualty"', '"headline": "Hand-edited headline"'
    )
    golden.write_text(edited, encoding="utf-8")

    refused = runner.invoke(main, ["fixture", "save", warc, "405", "--dest", str(dest)])
    assert refused.exit_code == 1
    assert f"--- a/{dest}/output.json\n+++ b/{dest}/output.json\n" in refused.output
    assert (
        '-  "headline": "Hand-edited headline",\n+  "headline": "DOD Identifies Army Casualty",\n'
        in (refused.output)
    )
    assert "use --force to overwrite" in refused.output
    assert golden.read_text(encoding="utf-8") == edited  # nothing written

    forced = runner.invoke(main, ["fixture", "save", warc, "405", "--dest", str(dest), "--force"])
    assert forced.exit_code == 0, forced.output
    assert '+  "headline": "DOD Identifies Army Casualty",\n' in forced.output
    committed = FIXTURES / "pages" / "legacy-release" / "release-163-10" / "output.json"
    assert golden.read_bytes() == committed.read_bytes()

    again = runner.invoke(main, ["fixture", "save", warc, "405", "--dest", str(dest), "--force"])
    assert again.output == f"{dest}: golden unchanged\n{dest}\n"


def test_reconstruct_script_only_reports_without_write() -> None:
    pages = FIXTURES / "pages"
    before = {p: p.read_bytes() for p in pages.glob("*/*reconstructed/**/*") if p.is_file()}
    assert len(before) >= 4 * 4  # four cases: body, info, meta, golden
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "reconstruct_template_pages.py")],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert out.stdout.splitlines() == [
        "tests/fixtures/pages/dnn-story/story-reconstructed: golden unchanged",
        "tests/fixtures/pages/dnn-transcript/transcript-reconstructed: golden unchanged",
        "tests/fixtures/pages/dnn-speech/speech-reconstructed: golden unchanged",
        "tests/fixtures/pages/static-defenselink/transcript-2003-reconstructed: golden unchanged",
    ]
    assert {p: p.read_bytes() for p in before} == before


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
