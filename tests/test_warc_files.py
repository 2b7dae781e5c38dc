"""warc_files: the one expander of WARC inputs (files, folders, globs) every command uses."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dodarchive.warc.files import warc_files
from dodarchive.warc.scan import InputError
from tests.conftest import FIXTURE_WARCS

LEGACY = FIXTURE_WARCS / "legacy.warc.gz"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """b/ holds two WARCs and a subfolder with one; noise that is not an input beside them."""
    (tmp_path / "b" / "sub").mkdir(parents=True)
    for name in ("b/z.warc.gz", "b/a.warc.gz", "b/sub/m.warc.gz"):
        shutil.copy(LEGACY, tmp_path / name)
    (tmp_path / "b" / "x.warc.gz.open").write_bytes(b"")  # still being written
    (tmp_path / "b" / "notes.txt").write_text("x")
    (tmp_path / "empty").mkdir()
    return tmp_path


def test_folders_recurse_sorted_and_files_come_as_given(tree: Path) -> None:
    got = warc_files([tree / "b" / "z.warc.gz", tree / "b"])
    assert [p.relative_to(tree).as_posix() for p in got] == [
        "b/z.warc.gz",  # named first, read once
        "b/a.warc.gz",
        "b/sub/m.warc.gz",
    ]


def test_globs_expand_like_a_shell(tree: Path) -> None:
    assert [p.name for p in warc_files([f"{tree}/b/*.warc.gz"])] == ["a.warc.gz", "z.warc.gz"]
    got = warc_files([f"{tree}/**/*.warc.gz"])
    assert [p.name for p in got] == ["a.warc.gz", "m.warc.gz", "z.warc.gz"]


def test_checked_inputs_fail_before_work(tree: Path) -> None:
    with pytest.raises(InputError, match=r"empty: no \*\.warc or \*\.warc\.gz files in folder$"):
        warc_files([tree / "b", tree / "empty"])
    with pytest.raises(InputError, match=r"/\*\.nope: no WARC file matches this pattern$"):
        warc_files([f"{tree}/*.nope"])
    with pytest.raises(InputError, match=r"notes\.txt: not a WARC file"):
        warc_files([tree / "b" / "notes.txt"])
    with pytest.raises(InputError, match=r"gone\.warc\.gz: no such file$"):
        warc_files([tree / "gone.warc.gz"])


def test_unchecked_inputs_pass_through(tree: Path) -> None:
    got = warc_files([tree / "empty", tree / "gone.warc", f"{tree}/*.nope"], check=False)
    assert got == [tree / "gone.warc"]  # left for the caller to report


def test_other_suffixes(tree: Path) -> None:
    (tree / "b" / "articles.jsonl").write_text("")
    got = warc_files([tree / "b"], suffixes=(".jsonl",), check=False)
    assert got == [tree / "b" / "articles.jsonl"]
