"""``dodarchive run`` (what ``make run`` does): the whole job offline on the sample WARCs.

The acceptance of the main job: it exits 0, its WARCs validate, and ``articles.jsonl``
holds every fixture article (the same set a direct extraction of the fixtures gives),
each line valid against ``schema/article.schema.json``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema

from dodarchive.extract.record import EXTRACT_TYPES, extract_record
from dodarchive.replay.server import url_keys
from dodarchive.warc.files import warc_files
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, ROOT, dodarchive_cmd, subprocess_env


def _key(url: str) -> str:
    """Legacy ASP.NET URLs are case-insensitive; the spiders may ask in another case."""
    return url_keys(url)[-1]


def _fixture_articles() -> set[tuple[str, str]]:
    found = set()
    for path in warc_files([FIXTURE_WARCS]):
        for rec in iter_records(path, types=EXTRACT_TYPES):
            outcome = extract_record(rec)
            if outcome.article is not None:
                found.add((_key(outcome.article.url), outcome.article.headline))
    return found


def test_run_offline_archives_and_extracts_every_fixture_article(tmp_path: Path) -> None:
    warc_dir, out_dir = tmp_path / "warc", tmp_path / "out"
    result = subprocess.run(
        [*dodarchive_cmd(), "run", "--warc-dir", str(warc_dir), "--out-dir", str(out_dir),
         "--workers", "2"],
        cwd=ROOT, env=subprocess_env(), capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Traceback" not in result.stderr

    rows = [json.loads(line) for line in (out_dir / "articles.jsonl").read_text().splitlines()]
    expected = _fixture_articles()
    assert len(expected) == 168  # the 10 af.mil speeches are stubs
    assert len(rows) == 168
    assert {(_key(r["url"]), r["headline"]) for r in rows} == expected
    seed = next(r for r in rows if r["url"].endswith("newsarticle.aspx?id=46641"))
    assert seed["headline"] == "Putin Offers to Cooperate with U.S. on Missile Defense"
    assert seed["source"]["warcFile"].startswith("legacy-")  # crawled, not the fixture file

    schema = json.loads((ROOT / "schema" / "article.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for row in rows:
        validator.validate(row)
    rejects = [json.loads(x) for x in (out_dir / "articles.rejects.jsonl").read_text().splitlines()]
    assert [r["reason"] for r in rejects] == ["stub"] * 10

    out = result.stdout
    assert "validate: " in out
    assert " records, 0 problems" in out
    assert "  articles             168\n" in out
    assert "    AfmilPrintArticlePage    117\n" in out
    assert "    LegacyNewsArticlePage    1\n" in out
    assert (warc_dir / "index.cdxj").stat().st_size > 0
    names = sorted(p.name for p in warc_dir.glob("*.warc.gz"))
    assert [n.split("-", 1)[0] for n in names] == ["dma", "legacy", "legacy", "urls", "wargov"]
    assert not list(warc_dir.glob("*.open"))
    # the researcher's view: the report page and the extraction summary it reads
    assert f"  report               {out_dir / 'report.html'}\n" in out
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "168 articles, published 2003-04-01 to 2025-09-30; 43 without" in page
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["articles"] == 168
