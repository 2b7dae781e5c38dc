"""Every subcommand against a matrix of bad inputs: exit code, one short line, nothing left.

Each case runs the real ``dodarchive`` command in a fresh folder and asserts:

- the documented exit code (2 usage, 3 input unreadable, 5 output unwritable);
- stderr is at most 3 lines, starts ``dodarchive CMD: error:``, and has no traceback
  and no Scrapy banner;
- the folder holds exactly what it held before (no partial output, no temp files).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_WARCS, ROOT

WARC = str(FIXTURE_WARCS / "legacy.warc.gz")


def _setup(tmp: Path) -> dict[str, str]:
    """The bad inputs, made fresh in ``tmp``; returns names for the case templates."""
    (tmp / "page.html").write_text("<html><body><p>Not a WARC.</p></body></html>\n")
    (tmp / "random.warc.gz").write_bytes(os.urandom(4096))
    (tmp / "empty").mkdir()
    (tmp / "text.txt").write_text("Some text\n\nmore\n")
    blocker = tmp / "blocker"
    blocker.write_text("a file where a folder should be\n")
    return {
        "missing": str(tmp / "missing.warc.gz"),
        "html": str(tmp / "page.html"),
        "random": str(tmp / "random.warc.gz"),
        "empty": str(tmp / "empty"),
        "text": str(tmp / "text.txt"),
        "out": str(tmp / "out"),
        "unwritable": str(blocker / "sub" / "out"),
        "warc": WARC,
    }


# (id, command line template, exit code, words the message must contain)
CASES: list[tuple[str, str, int, str]] = [
    # a missing file
    ("extract-missing", "extract {missing} -o {out}.jsonl", 3, "no such file"),
    ("index-missing", "index {missing} -o {out}.cdxj", 3, "no such file"),
    ("pack-missing", "pack {missing} -o {out}.wacz", 3, "no such file"),
    ("validate-missing", "validate {missing}", 3, "no such file"),
    ("stats-missing", "stats {missing}", 3, "no such file"),
    ("replay-missing", "replay {missing}", 3, "no such file"),
    ("report-missing", "report {missing} -o {out}.html", 3, "no such file"),
    ("normalize-missing", "normalize-text {missing} -o {out}.json", 3, "no such file"),
    ("crawl-urls-missing", "crawl urls --urls-file {missing} -o {out}", 3, "no such file"),
    ("crawl-replay-missing", "crawl wargov --replay {missing} -o {out}", 3, "no such file"),
    ("fixture-missing", "fixture save {missing} 0 -o {out}", 3, "no such file"),
    # an HTML file where a WARC is wanted
    ("extract-html", "extract {html} -o {out}.jsonl", 3, "not a WARC"),
    ("index-html", "index {html} -o {out}.cdxj", 3, "not a WARC"),
    ("pack-html", "pack {html} -o {out}.wacz", 3, "not a WARC"),
    ("validate-html", "validate {html}", 3, "not a WARC"),
    ("replay-html", "replay {html}", 3, "not a WARC"),
    ("stats-html", "stats {html}", 3, "neither a WARC nor a JSON Lines"),
    ("report-html", "report {html} -o {out}.html", 3, "not JSON Lines"),
    ("crawl-replay-html", "crawl wargov --replay {html} -o {out}", 3, "not a WARC"),
    # random bytes named .warc.gz
    ("extract-random", "extract {random} -o {out}.jsonl", 3, "not a WARC"),
    ("index-random", "index {random} -o {out}.cdxj", 3, "not a WARC"),
    ("pack-random", "pack {random} -o {out}.wacz", 3, "not a WARC"),
    ("validate-random", "validate {random}", 3, "not a WARC"),
    ("replay-random", "replay {random}", 3, "not a WARC"),
    ("stats-random", "stats {random}", 3, "not a WARC"),
    # an empty folder
    ("extract-empty", "extract {empty} -o {out}.jsonl", 3, "*.warc"),
    ("index-empty", "index {empty} -o {out}.cdxj", 3, "*.warc"),
    ("pack-empty", "pack {empty} -o {out}.wacz", 3, "*.warc"),
    ("validate-empty", "validate {empty}", 3, "*.warc"),
    ("replay-empty", "replay {empty}", 3, "*.warc"),
    ("stats-empty", "stats {empty}", 3, "no WARC"),
    ("report-empty", "report {empty} -o {out}.html", 3, "articles.jsonl: no such file"),
    # an unwritable output (its folder would have to be made inside a file)
    ("extract-unwritable", "extract {warc} -o {unwritable}.jsonl", 5, "cannot"),
    ("index-unwritable", "index {warc} -o {unwritable}.cdxj", 5, "cannot"),
    ("pack-unwritable", "pack {warc} -o {unwritable}.wacz", 5, "cannot"),
    ("schema-unwritable", "schema -o {unwritable}.json", 5, "cannot"),
    ("report-unwritable", "report {missing_articles} -o {unwritable}.html", 5, "cannot"),
    ("normalize-unwritable", "normalize-text {text} -o {unwritable}.json", 5, "cannot"),
    # bad dates
    ("extract-since", "extract {warc} -o {out}.jsonl --since 2025-13-01", 2, "YYYY-MM-DD"),
    ("crawl-since", "crawl wargov --replay {warc} -o {out} --since yesterday", 2, "YYYY-MM-DD"),
    ("run-since", "run --live --contact x@y.z --since 31/12/2025 -o {out}", 2, "YYYY-MM-DD"),
    ("normalize-date", "normalize-text {text} --date yesterday", 2, "ISO 8601"),
    # unknown or bad spider arguments, missing contact
    ("crawl-unknown-arg", "crawl wargov --replay {warc} -o {out} -a bogus=1", 2, "bogus"),
    ("crawl-bad-ids", "crawl legacy --replay {warc} -o {out} -a ids=abc", 2, "ids must"),
    ("crawl-no-urls", "crawl urls --replay {warc} -o {out}", 2, "urls_file"),
    ("crawl-no-spider", "crawl nosuch -o {out}", 2, "no spider 'nosuch'"),
    ("crawl-no-contact", "crawl wargov -o {out}", 2, "contact"),
    ("crawl-bad-pair", "crawl wargov --replay {warc} -o {out} -a novalue", 2, "NAME=VALUE"),
]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DODARCHIVE_CONTACT"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-m", "dodarchive", *args],
        capture_output=True, text=True, cwd=cwd, env=env, timeout=120, check=False,
    )  # fmt: skip


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.mark.parametrize(("case", "template", "code", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_input(case: str, template: str, code: int, words: str, tmp_path: Path) -> None:
    names = _setup(tmp_path)
    articles = tmp_path / "articles.jsonl"
    articles.write_text('{"headline": "H", "pageType": "release", "url": "u"}\n')
    names["missing_articles"] = str(articles)
    before = _listing(tmp_path)
    args = [a.format(**names) for a in template.split()]
    proc = _run(args, tmp_path)
    lines = proc.stderr.strip().splitlines()
    command = args[0]
    assert proc.returncode == code, proc.stderr[-2000:]
    assert 1 <= len(lines) <= 3, proc.stderr
    assert re.match(rf"dodarchive {command}( [a-z]+)?: error: ", lines[0]), proc.stderr
    assert words in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "Scrapy" not in proc.stderr
    assert proc.stdout == ""
    assert _listing(tmp_path) == before  # nothing written, no temp file left behind


def test_usage_error_names_the_help() -> None:
    proc = _run(["index", WARC], ROOT)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "dodarchive index: error: Missing option '-o' / '--output'.",
        "Try 'dodarchive index --help'.",
    ]


def test_help_has_no_rst_literals() -> None:
    for command in ("crawl", "extract", "index", "pack", "replay", "report", "run", "stats"):
        proc = _run([command, "--help"], ROOT)
        assert proc.returncode == 0, proc.stderr
        assert "``" not in proc.stdout, command


def test_crawl_help_lists_spiders_with_their_arguments() -> None:
    proc = _run(["crawl", "--help"], ROOT)
    assert "Spiders (-a NAME=VALUE arguments):" in proc.stdout
    assert "  urls     " in proc.stdout
    assert "-a urls_file" in proc.stdout
    legacy = proc.stdout.split("  legacy ", 1)[1].split("\n")[1]
    assert "ids" in legacy
    assert "months" in legacy


def test_validate_on_a_good_warc_is_still_0() -> None:
    proc = _run(["validate", WARC], ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.strip().endswith(" problems")


def test_a_crawl_of_a_replayed_sample_prints_no_warning(tmp_path: Path) -> None:
    proc = _run(
        ["crawl", "wargov", "--replay", str(FIXTURE_WARCS), "-o", str(tmp_path / "w")], ROOT
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    noisy = [
        line for line in proc.stderr.splitlines() if " WARNING: " in line or " ERROR: " in line
    ]
    assert noisy == []
