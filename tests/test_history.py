"""Article history: identity across hosts, URL forms, web archives and text captures;
versions by text hash; ``dodarchive history`` and extract's deduplicated record.

Runs on ``tests/fixtures/history/history.warc.gz`` (built from real corpus pages by
``scripts/build_history_warcs.py``; its docstring says what each capture tests).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dodarchive.cli import main
from dodarchive.extract.identity import article_key, text_hash, unwrap
from dodarchive.extract.local import Options, run_extract
from dodarchive.extract.sink import HistoryOptions
from dodarchive.report.data import ReportData, add_version
from dodarchive.report.render import diff_page_name
from dodarchive.warc.files import warc_files
from tests.conftest import FIXTURES

WARC = FIXTURES / "history" / "history.warc.gz"
RELEASE = "/News/Releases/Release/Article/3981590/dod-announces-2024-defense-acquisition-awards/"
WAYBACK = (
    "https://web.archive.org/web/20101129102522id_/"
    "http://www.defense.gov/releases/release.aspx?releaseid=13347"
)


def _history(tmp: Path, **options: Any) -> list[dict[str, Any]]:
    out = tmp / "versions.jsonl"
    workers = options.pop("workers", 1)
    history = HistoryOptions(**options)
    opts = Options(workers=workers, batch_records=1, history=history)
    run_extract(warc_files([WARC]), out, tmp / "rejects.jsonl", opts)
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


def _extract(tmp: Path, dedup: bool = True) -> list[dict[str, Any]]:
    out = tmp / "articles.jsonl"
    run_extract(warc_files([WARC]), out, tmp / "r.jsonl", Options(workers=1, dedup=dedup))
    return [json.loads(line) for line in out.read_text("utf-8").splitlines()]


# -- identity ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=13347",
        "https://archive.defense.gov/releases/release.aspx?releaseid=13347&utm_source=rss",
        "http://www.defense.gov/releases/release.aspx?releaseid=13347",
        "https://defense.gov/Releases/Release.aspx?ReleaseID=13347#top",
        WAYBACK,
        (
            "https://wayback.archive-it.org/1234/20101129102522/http://www.defense.gov/"
            "releases/release.aspx?releaseid=13347"
        ),
    ],
)
def test_legacy_release_forms_are_one_article(url: str) -> None:
    assert article_key({"url": url}) == "defense.gov:release.aspx:13347"


def test_print_view_and_article_display_are_one_article() -> None:
    view = "http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=850&Article=643354"
    display = "https://af.mil/News/Article-Display/Article/643354/prepping-aircraft/"
    assert article_key({"url": view}) == article_key({"url": display}) == "af.mil:article:643354"


def test_same_headline_different_articles_stay_apart() -> None:
    a = {"url": "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512",
         "headline": "DOD Identifies Army Casualty"}  # fmt: skip
    b = {"url": "http://www.defense.gov/releases/release.aspx?releaseid=13347",
         "headline": "DOD Identifies Army Casualty"}  # fmt: skip
    assert article_key(a) == "defense.gov:release.aspx:10512"
    assert article_key(b) == "defense.gov:release.aspx:13347"
    # Pages without an id are told apart by their (canonical) URL, never their headline.
    c = {"url": "https://www.war.gov/About/", "canonicalUrl": "https://www.defense.gov/About"}
    d = {"url": "https://www.war.gov/Contact/", "canonicalUrl": None}
    assert (article_key(c), article_key(d)) == ("defense.gov/about", "defense.gov/contact")


def test_unwrap_keeps_archive_url_and_timestamp() -> None:
    wrapped = unwrap(WAYBACK)
    assert wrapped.url == "http://www.defense.gov/releases/release.aspx?releaseid=13347"
    assert wrapped.archived_url == WAYBACK
    assert wrapped.archived_at == "2010-11-29T10:25:22Z"
    assert unwrap("https://web.archive.org/web/2010/http://a.mil/").archived_at == (
        "2010-01-01T00:00:00Z"
    )
    assert unwrap("https://web.archive.org/web/20101399/http://a.mil/").archived_url is None


def test_text_hash_ignores_typography_not_words() -> None:
    base = text_hash("DoD\u2019s \u201cNew\u201d Plan", ["It costs $5 \u2014 not more.", "End."])
    assert base == text_hash('DoD\'s "New" Plan', ["It  costs $5 - not more. End."])
    assert base != text_hash('DoD\'s "New" Plan', ["It costs $6 - not more. End."])
    assert base != text_hash('DoD\'s "Old" Plan', ["It costs $5 - not more. End."])


# -- extraction: web-archive captures unwrapped ---------------------------------------


def test_web_archive_capture_is_read_as_its_original(tmp_path: Path) -> None:
    rows = _extract(tmp_path, dedup=False)
    (wayback,) = [r for r in rows if r["archivedUrl"]]
    assert wayback["url"] == "http://www.defense.gov/releases/release.aspx?releaseid=13347"
    assert wayback["archivedUrl"] == WAYBACK
    assert (wayback["firstSeen"], wayback["lastSeen"]) == ("2010-11-29T10:25:22Z",) * 2
    assert wayback["source"]["targetUri"] == WAYBACK
    assert wayback["source"]["warcDate"] == "2026-01-05T00:00:00Z"
    assert wayback["versionCount"] is None
    assert [r["archivedUrl"] for r in rows].count(None) == 10


# -- history -------------------------------------------------------------------------


def test_history_versions(tmp_path: Path) -> None:
    rows = _history(tmp_path)
    summary = [
        (
            r["articleKey"].split(":", 1)[1],
            r["version"],
            r["firstSeen"],
            r["lastSeen"],
            len(r["captures"]),
        )
        for r in rows
    ]
    assert [r["articleKey"] for r in rows][::2] == [
        "af.mil:article:643354", "defense.gov:article:3981590", "defense.gov:release.aspx:10512"
    ]  # fmt: skip
    assert summary == [
        ("article:643354", 1, "2016-01-18T08:49:18Z", "2016-02-01T00:00:00Z", 2),
        ("article:3981590", 1, "2025-11-02T00:00:00Z", "2025-11-09T00:00:00Z", 2),
        ("article:3981590", 2, "2025-11-16T00:00:00Z", "2025-11-16T00:00:00Z", 1),
        ("newsarticle.aspx:46641", 1, "2007-07-03T00:00:00Z", "2010-11-29T10:25:22Z", 2),
        ("release.aspx:10512", 1, "2008-01-09T12:27:41Z", "2008-01-09T12:27:41Z", 1),
        ("release.aspx:13347", 1, "2010-11-29T10:25:22Z", "2016-03-01T00:00:00Z", 3),
    ]  # fmt: skip
    # chrome-only change (view state, comment, script) on another host: no new version
    first = rows[1]
    assert [c["url"] for c in first["captures"]] == [
        "https://www.defense.gov" + RELEASE,
        "https://www.war.gov" + RELEASE,
    ]
    assert first["changes"] is None
    assert first["headline"] == "DOD Announces 2024 Defense Acquisition Awards"
    # body edit: a new version whose changes show the old and new words
    edit = rows[2]["changes"]
    assert edit["headline"] is None
    assert edit["added"] == [
        (
            "Editor's note: This release was updated on Nov. 14, 2025, to correct the size of "
            "the workforce."
        ),
        (
            "The Defense Acquisition Workforce is comprised of nearly 165,000 civilian and "
            "military professionals from each branch of the military, as well as defense "
            "agencies and field activities."
        ),
    ]
    assert edit["removed"] == [
        (
            "The Defense Acquisition Workforce is comprised of nearly 163,000 civilian and "
            "military professionals from each branch of the military, as well as defense "
            "agencies and field activities."
        )
    ]
    assert "\n-163,000\n+165,000\n" in edit["diff"]
    assert "\n+Editor's\n+note:\n" in edit["diff"]
    assert edit["diff"].startswith("@@ -76,6 +76,23 @@\n December\n")
    assert edit["significance"] == 0.0152
    assert rows[2]["textHash"] != rows[1]["textHash"]


def test_history_web_archive_capture_joins_under_original_url(tmp_path: Path) -> None:
    rows = _history(tmp_path)
    (legacy,) = [r for r in rows if r["articleKey"] == "defense.gov:release.aspx:13347"]
    assert legacy["captures"][0] == {
        "url": "http://www.defense.gov/releases/release.aspx?releaseid=13347",
        "date": "2010-11-29T10:25:22Z",
        "archivedUrl": WAYBACK,
        "warcFile": "history.warc.gz",
        "recordId": legacy["captures"][0]["recordId"],
        "offset": legacy["captures"][0]["offset"],
    }
    assert [(c["date"], "archivedUrl" in c) for c in legacy["captures"]] == [
        ("2010-11-29T10:25:22Z", True),
        ("2010-12-15T00:00:00Z", False),
        ("2016-03-01T00:00:00Z", False),
    ]


def test_history_text_capture_and_html_are_one_article(tmp_path: Path) -> None:
    rows = _history(tmp_path)
    (putin,) = [r for r in rows if r["articleKey"] == "defense.gov:newsarticle.aspx:46641"]
    assert [c["url"] for c in putin["captures"]] == [
        "http://www.defenselink.mil/news/newsarticle.aspx?id=46641",
        "http://www.defense.gov/news/newsarticle.aspx?id=46641",
    ]
    assert putin["headline"] == "Putin Offers to Cooperate with U.S. on Missile Defense"


def test_history_is_the_same_for_any_workers_and_changed_only(tmp_path: Path) -> None:
    one = (tmp_path / "1").resolve()
    two = (tmp_path / "2").resolve()
    one.mkdir()
    two.mkdir()
    _history(one, workers=1)
    _history(two, workers=2)
    assert (one / "versions.jsonl").read_bytes() == (two / "versions.jsonl").read_bytes()
    changed = _history(tmp_path, changed_only=True)
    assert [(r["articleKey"], r["version"]) for r in changed] == [
        ("defense.gov:article:3981590", 1),
        ("defense.gov:article:3981590", 2),
    ]


def test_history_html_pages(tmp_path: Path) -> None:
    pages = tmp_path / "diffs"
    _history(tmp_path, html=pages, replay_base="http://127.0.0.1:8080/pywb/")
    name = diff_page_name("defense.gov:article:3981590")
    assert sorted(p.name for p in pages.iterdir()) == [name, "index.html"]
    page = (pages / name).read_text("utf-8")
    assert "<del>163,000</del> <ins>165,000</ins>" in page
    assert "<ins>Editor&#x27;s note: This release was updated on Nov. 14, 2025," in page
    assert f'href="http://127.0.0.1:8080/pywb/20251116000000/https://www.war.gov{RELEASE}"' in page
    assert "<script" not in page
    index = (pages / "index.html").read_text("utf-8")
    assert f'<a href="{name}">DOD Announces 2024 Defense Acquisition Awards</a>' in index


def test_report_reads_history_lines(tmp_path: Path) -> None:
    data = ReportData()
    for row in _history(tmp_path):
        add_version(data, row)
    assert [(e.article_key, e.version, e.added, e.removed, e.significance) for e in data.edits] == [
        ("defense.gov:article:3981590", 2, 2, 1, 0.0152)
    ]
    assert data.edits[0].url == "https://www.war.gov" + RELEASE


def test_history_command(tmp_path: Path) -> None:
    out = tmp_path / "v" / "versions.parquet"
    result = CliRunner().invoke(
        main, ["history", str(WARC), "-o", str(out), "--workers", "1", "--format", "parquet"]
    )
    assert result.exit_code == 0, result.output
    line = json.loads(result.output)
    assert (line["articles"], line["captures"], line["versions"]) == (5, 11, 6)
    assert (tmp_path / "v" / "versions.rejects.jsonl").read_bytes() == b""
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(out).to_pylist()
    assert [(r["articleKey"], r["version"]) for r in table][:3] == [
        ("af.mil:article:643354", 1),
        ("defense.gov:article:3981590", 1),
        ("defense.gov:article:3981590", 2),
    ]
    assert table[2]["changes"]["significance"] == 0.0152
    assert table[5]["captures"][0]["archivedUrl"] == WAYBACK
    args = ["history", "docs/api.md", "-o", str(tmp_path / "x.jsonl")]
    bad = CliRunner().invoke(main, args, prog_name="dodarchive")
    assert bad.exit_code == 3
    assert bad.output == (  # named as history, though it shares extract's engine
        "dodarchive history: error: docs/api.md: not a WARC file "
        "(does not start with a WARC/1.x record)\n"
    )


# -- extract's deduplicated record ----------------------------------------------------


def test_dedup_record_is_the_article_as_it_stands(tmp_path: Path) -> None:
    rows = {r["articleId"]: r for r in _extract(tmp_path)}
    release = rows["3981590"]
    assert release["versionCount"] == 2
    assert (release["firstSeen"], release["lastSeen"]) == (
        "2025-11-02T00:00:00Z",
        "2025-11-16T00:00:00Z",
    )
    assert "nearly 165,000 civilian" in release["articleBody"]
    assert release["textHash"] == release["captures"][0]["textHash"]
    assert [c["date"] for c in release["captures"]] == [
        "2025-11-16T00:00:00Z", "2025-11-09T00:00:00Z", "2025-11-02T00:00:00Z",
    ]  # fmt: skip
    assert len({c["textHash"] for c in release["captures"]}) == 2
    # the af.mil template capture beats the newer fallback capture of the same article
    afmil = rows["643354"]
    assert afmil["extractor"]["name"] == "AfmilPrintArticlePage"
    assert afmil["lastSeen"] == "2016-02-01T00:00:00Z"
    assert afmil["versionCount"] == 1
    assert [c["url"][:33] for c in afmil["captures"]] == [
        "https://www.af.mil/News/Article-D",
        "http://www.af.mil/DesktopModules/",
    ]
    assert len(rows) == 5


def test_normalize_text_is_its_definition_on_every_kind_of_character() -> None:
    """``normalize_text``'s fast paths (ASCII; ``str.split`` for the regex) give what its
    definition gives: NFKC, the typography table, runs of whitespace to one space. A
    textHash that changed here would split every article's versions."""
    import random
    import re
    import unicodedata

    from dodarchive.extract.identity import _TYPOGRAPHY, normalize_text

    def definition(text: str) -> str:
        folded = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
        return re.sub(r"\s+", " ", folded).strip()

    pool = [chr(i) for i in range(128)] + list(
        "\u0301\u0308\u00a8\u00b4\u2019\u201c\u2014\u00a0\u200b\u00ad\ufeff\u3000\u1100"
        "\u1161\uac00\ufb01\u2460\u2028\u2029\u0085\u1680\u2000\u202f\u205f\u00e9"
    )
    rng = random.Random(7)
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    texts += ["a\x1cb\x1fc", "`quoted`", " \u201cSecretary\u2019s\u201d  visit \u2014 2010\u00a0\n"]
    assert [t for t in texts if normalize_text(t) != definition(t)] == []
    assert normalize_text("`quoted`\x1d x") == "'quoted' x"
