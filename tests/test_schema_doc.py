"""docs/schema.md's field tables are current: generated from the Article dataclasses."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from dodarchive import article
from tests.conftest import ROOT, subprocess_env

SCRIPT = ROOT / "scripts" / "field_table.py"
DOC = ROOT / "docs" / "schema.md"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("field_table", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


field_table = _load_script()


def test_schema_doc_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert field_table.update(text) == text, "run: python scripts/field_table.py"


def test_every_dataclass_field_has_a_row_with_its_docstring() -> None:
    text = DOC.read_text(encoding="utf-8")
    sections = re.split(r"^### ", text, flags=re.M)
    by_title = {s.split("\n", 1)[0]: s for s in sections[1:]}
    for cls in (article.Article, article.Author, article.Image, article.Attachment,
                article.Link, article.Source, article.Extractor, article.Capture):  # fmt: skip
        section = by_title[cls.__name__]
        rows = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
        assert rows == [f.name for f in dataclasses.fields(cls)], cls.__name__
    assert (
        "| `releaseNumber` | string or null | The release number as printed, "
        'e.g. "163-10", "CR-145-14"; null when there is none. |'
    ) in text
    assert "| `legacy-release` | `LegacyReleasePage` | `datePublished`, `releaseNumber`, " in text


def test_a_stale_doc_is_caught_and_repaired() -> None:
    text = DOC.read_text(encoding="utf-8")
    stale = text.replace("| `dateline` |", "| `placeline` |", 1)
    assert stale != text
    assert field_table.update(stale) == text
    with pytest.raises(ValueError, match="marker"):
        field_table.update("# no markers\n")


def test_check_mode_fails_on_a_stale_file_and_the_script_rewrites_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = tmp_path / "schema.md"
    current = DOC.read_text(encoding="utf-8")
    doc.write_text(current.replace('e.g. "en"', 'e.g. "fr"', 1), encoding="utf-8")
    monkeypatch.setattr(field_table, "SCHEMA_DOC", doc)
    assert field_table.main(["--check"]) == 1
    assert field_table.main([]) == 0
    assert doc.read_text(encoding="utf-8") == current
    assert field_table.main(["--check"]) == 0


def test_the_script_runs_standalone_and_the_committed_doc_passes() -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stderr) == (0, "")
