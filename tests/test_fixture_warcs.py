"""The committed fixture WARCs: deterministic, valid, and with provenance for every page."""

from __future__ import annotations

import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, FIXTURES, ROOT

WARCS = sorted(FIXTURE_WARCS.glob("*.warc.gz"))


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_fixture_warcs", ROOT / "scripts" / "build_fixture_warcs.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_expected_fixture_files() -> None:
    assert [p.name for p in WARCS] == [
        "afmil-2016.warc.gz",
        "defensegov-2018.warc.gz",
        "defensegov-2020.warc.gz",
        "dma-listings.warc.gz",
        "legacy.warc.gz",
        "wargov-2025.warc.gz",
        "wargov-reconstructed.warc.gz",
    ]


def corpus() -> Path:
    """The real corpus the fixture WARCs are built from: ``$DODARCHIVE_CORPUS``, else
    ``shared/corpus`` next to the checkout or next to its parent (a worktree). Missing
    is a failure, never a skip: without it nothing proves what the WARCs hold."""
    given = os.environ.get("DODARCHIVE_CORPUS")
    candidates = [Path(given)] if given else [
        ROOT.parent / "shared" / "corpus", ROOT.parent.parent / "shared" / "corpus",
    ]  # fmt: skip
    for path in candidates:
        if (path / "INDEX.tsv").exists():
            return path
    raise AssertionError(f"no corpus at {candidates}: set DODARCHIVE_CORPUS")


@pytest.fixture(scope="module")
def corpus_entries() -> list[object]:
    """The fixture pages as the corpus files (sha256-checked against INDEX.tsv) and the
    reconstructed pages under tests/fixtures/reconstructed/ give them."""
    return _builder().entries_from_corpus(corpus())  # type: ignore[no-any-return]


@pytest.mark.parametrize("warc", WARCS, ids=lambda p: p.name)
def test_rebuild_from_the_corpus_is_byte_identical(warc: Path, corpus_entries: list[Any]) -> None:
    """Building from the corpus files, not from anything read back out of the WARCs,
    gives the committed bytes exactly: every body is the corpus file's."""
    builder = _builder()
    group = warc.name.removesuffix(".warc.gz")
    members = sorted((e for e in corpus_entries if e.group == group), key=lambda e: e.file)
    assert members, f"no corpus page goes to {warc.name}"
    buf = io.BytesIO()
    builder.write_warc(members, buf, group)
    assert buf.getvalue() == warc.read_bytes()


@pytest.mark.parametrize("warc", WARCS, ids=lambda p: p.name)
def test_warcio_check_passes(warc: Path) -> None:
    result = subprocess.run(
        [str(Path(sys.executable).parent / "warcio"), "check", "-v", str(warc)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_response_has_request_and_provenance() -> None:
    builder = _builder()
    for warc in WARCS:
        records = list(iter_records(warc, types=None))
        ids = {r.ref.recordId: r for r in records}
        responses = [r for r in records if r.ref.recordType == "response"]
        assert responses
        for resp in responses:
            req = ids[resp.warc_header("WARC-Concurrent-To") or ""]
            assert req.ref.recordType == "request"
            assert resp.status == 200
            assert resp.protocol == "HTTP/1.1"
            assert "charset=" in (resp.header("Content-Type") or "")
        entries = builder.entries_from_warc(warc)
        assert len(entries) == len(responses)
        for entry in entries:
            assert entry.fidelity
            assert entry.origin
            assert entry.reconstructed == (entry.fidelity == "reconstructed")


def test_counts_and_coverage() -> None:
    builder = _builder()
    entries = [e for w in WARCS for e in builder.entries_from_warc(w)]
    templates: dict[str, int] = {}
    for e in entries:
        templates[e.template] = templates.get(e.template, 0) + 1
    assert templates == {
        "afmil-article-print": 127,
        "afmil-bio-print": 43,
        "afmil-rss": 47,
        "dnn-contract": 2,
        "dnn-homepage": 1,
        "dnn-listing": 10,
        "dnn-rss": 1,
        "dnn-release": 1,
        "legacy-newsarticle": 1,
        "legacy-release": 4,
    }
    reconstructed = [e for e in entries if e.reconstructed]
    assert sorted(e.url for e in reconstructed) == [
        "http://www.defense.gov/news/newsarticle.aspx?id=46641",
        "https://www.defense.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=9&Site=945&max=20",
        "https://www.defense.gov/News/Contracts/",
        "https://www.defense.gov/News/Releases/",
        "https://www.defense.gov/News/Releases/?Page=2",
    ]
    for entry in reconstructed:
        assert b"RECONSTRUCTED" in entry.body, entry.file


def test_readme_lists_every_fixture_page() -> None:
    builder = _builder()
    readme = (FIXTURE_WARCS / "README.md").read_text(encoding="utf-8")
    for warc in WARCS:
        for entry in builder.entries_from_warc(warc):
            assert f"`{entry.file}`" in readme, entry.file


def test_seed_copy_is_the_users_document() -> None:
    seed = (FIXTURES / "seed" / "000_3799e5ddaccbd4d4.txt").read_text(encoding="utf-8")
    assert seed.startswith("United States Department of Defense")
    assert "Putin Offers to Cooperate with U.S. on Missile Defense" in seed
