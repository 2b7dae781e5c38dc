"""The seed: its text capture and its reconstructed HTML page give exactly the required article."""
# ruff: noqa: E501 - the seed's paragraphs are compared verbatim

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from warcio.warcwriter import WARCWriter

from dodarchive.article import Article, dumps
from dodarchive.cli import main
from dodarchive.extract.record import EXTRACT_TYPES, extract_record
from dodarchive.pages.textcapture import normalize_file
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, FIXTURES

SEED = FIXTURES / "seed" / "000_3799e5ddaccbd4d4.txt"
SEED_PAGE_URL = "http://www.defense.gov/news/newsarticle.aspx?id=46641"
CAPTION = (
    "President George W. Bush and President Vladimir Putin meet with the press, prior to "
    "the Russian leader's departure, July 2, 2007, from Kennebunkport, Maine."
)
SEED_BODY_PARAGRAPHS = [
    "Russian President Vladimir Putin pledged to increase cooperation with the United States as it moves toward establishing a missile defense program in Europe, he told reporters during a news conference today with President Bush.",
    "The two leaders met at Bush’s family home in Kennebunkport, Maine, to discuss bilateral relations. Speaking about missile defense, Putin seemed more agreeable than during the most recent U.S.-Russian dialogue on the topic.",
    "“President Putin proposed a regional approach to missile defense, that we ought to work together bilaterally as well as work through the Russia-NATO Council, and I'm in strong agreement with that concept,” Bush said.",
    "During a June 7 discussion, Putin suggested that the missile program be built in the former Soviet republic of Azerbaijan and opposed U.S. plans to install the rocket system in the Czech Republic and Poland. Proposing another alternative today, Putin offered to contribute and house several missile defense components in southern Russia.",
    "“We would be prepared to engage in this system also a newly built radar, early warning system, in the south of Russia,” Putin said. “That cooperation, I believe, would result in raising to an entirely new level the quality of cooperation between Russia and the United States.",
    "“For all practical purposes, this would lead to a gradual development of strategic partnership in the area of security,” he added.",
    "Bush called the proposed plan “innovate,” but reiterated the strategic roles the Czech Republic and Poland play.",
    "“(Putin) just laid out a vision. I think it's very sincere, I think it's innovative, I think it's strategic,” Bush said. “But as I told Vladimir, I think that Czech Republic and Poland need to be an integral part of the system.”",
    "The president said Putin has made “a very constructive and bold strategic move,” and the two presidents agreed to hold future consultative meetings on missile defense strategy, adding that additional national leaders could be party to these discussions.",
    "Each European nation will have to decide whether it will join the partnership, said Putin, who noted that non-alliance could have long-term political and economic effects.",
    "“It would be clear to even a layman, if a country doesn't decide in a strategic partnership, this choice would determine the position of any country both in economic terms and from the political arena, in the final analysis, in the long term,” he said. “Therefore, I'm confident that there will be interstate partners or parties in Europe.”",
]
SEED_BOILERPLATE = [
    "United States Department of Defense",
    "DoD News",
    "Bookmark and Share",
    "News Article",
    "Click photo for screen-resolution image",
    "(Click photo for screen-resolution image);high-resolution image available.",
    "Contact Author",
    "Related Sites:",
    "Additional Links",
    "Stay Connected",
]


def assert_seed_article(a: dict[str, Any]) -> None:
    """Every field the issue requires of the seed's article, exactly."""
    assert a["headline"] == "Putin Offers to Cooperate with U.S. on Missile Defense"
    assert [x["name"] for x in a["authors"]] == ["John J. Kruzel"]
    assert a["authors"][0]["nameRaw"] == "John J. Kruzel"
    assert a["sourceOrganization"] == "American Forces Press Service"
    assert a["dateline"] == "WASHINGTON"
    assert a["datePublished"] == "2007-07-02"
    assert a["datePublishedRaw"] == "July 2, 2007"
    assert a["pageType"] == "news-article"
    assert a["paragraphs"] == SEED_BODY_PARAGRAPHS
    assert len(a["paragraphs"]) == 11
    assert a["articleBody"] == "\n\n".join(SEED_BODY_PARAGRAPHS)
    assert a["articleBody"].startswith(
        "Russian President Vladimir Putin pledged to increase cooperation"
    )
    assert a["articleBody"].endswith("there will be interstate partners or parties in Europe.”")
    assert "WASHINGTON, July 2, 2007 –" not in a["articleBody"]
    # quotes, apostrophes and dashes exactly as in the seed
    assert a["articleBody"].count("“") == 10
    assert a["articleBody"].count("”") == 9
    assert a["articleBody"].count("’") == 1
    assert a["articleBody"].count("'") == 6  # the seventh is in the caption ("leader's")
    assert [(i["caption"], i["creditText"]) for i in a["images"]] == [
        (CAPTION, "White House photo by Eric Draper")
    ]
    text = json.dumps(
        {k: v for k, v in a.items() if k not in ("source", "url", "canonicalUrl")},
        ensure_ascii=False,
    )
    for line in SEED_BOILERPLATE:
        hits = [p for p in a["paragraphs"] if line in p]
        assert not hits, f"boilerplate {line!r} in {hits}"
        assert line not in a["headline"]
        assert line not in (a["images"][0]["caption"] or "")
        assert line not in (a["images"][0]["alt"] or "")
    assert "Click photo" not in text
    assert "Bookmark" not in text


def test_seed_text_capture_exactly() -> None:
    article = normalize_file(SEED)
    a = article.to_dict()
    assert_seed_article(a)
    assert a["images"][0]["url"] is None  # a text capture keeps no URLs
    assert a["extractor"] == {"name": "TextCapture", "version": "2"}
    data = SEED.read_bytes()
    assert a["source"] == {
        "warcFile": "000_3799e5ddaccbd4d4.txt",
        "recordId": "",
        "offset": 0,
        "length": len(data),
        "targetUri": "file:000_3799e5ddaccbd4d4.txt",
        "warcDate": "",
        "payloadDigest": "sha1:XLA5GELV7VSWK7DAXYCUCEWED2N4RWLA",
    }
    assert a["url"] == "file:000_3799e5ddaccbd4d4.txt"


def _seed_page_article() -> Article:
    recs = iter_records(FIXTURE_WARCS / "legacy.warc.gz")
    rec = next(r for r in recs if r.url == SEED_PAGE_URL)
    outcome = extract_record(rec)
    assert outcome.kind == "article", outcome
    assert outcome.article is not None
    return outcome.article


def test_reconstructed_seed_page_gives_the_same_article() -> None:
    page = _seed_page_article().to_dict()
    assert_seed_article(page)
    assert page["extractor"]["name"] == "LegacyNewsArticlePage"
    assert page["articleId"] == "46641"
    assert page["images"][0]["url"] == (
        "http://www.defense.gov/news/NewsArticleImages/2007-07/hires_070702-O-0000D-001.jpg"
    )
    text = normalize_file(SEED).to_dict()
    same = set(text) - {
        "url",
        "canonicalUrl",
        "source",
        "extractor",
        "articleId",
        "images",
        "firstSeen",
        "lastSeen",
    }
    assert page["textHash"] == text["textHash"] != ""  # one version of one article
    for key in sorted(same):
        assert page[key] == text[key], key


def test_normalize_text_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["normalize-text", str(SEED)])
    assert out.exit_code == 0, out.output
    assert_seed_article(json.loads(out.output))
    target = tmp_path / "seed.json"
    args = ["normalize-text", str(SEED), "-o", str(target), "--url", SEED_PAGE_URL]
    out = runner.invoke(main, [*args, "--date", "2007-07-03T00:00:00Z"])
    assert out.exit_code == 0, out.output
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert_seed_article(saved)
    assert saved["url"] == SEED_PAGE_URL
    assert saved["source"]["warcDate"] == "2007-07-03T00:00:00Z"
    # deterministic: the same bytes twice
    again = runner.invoke(main, ["normalize-text", str(SEED), "--url", SEED_PAGE_URL])
    assert again.output.encode() != b""
    twice = runner.invoke(main, ["normalize-text", str(SEED), "--url", SEED_PAGE_URL])
    assert again.output == twice.output


def test_normalize_text_rejects_empty_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("Bookmark and Share\n\nStay Connected\n", encoding="utf-8")
    out = CliRunner().invoke(main, ["normalize-text", str(empty)])
    assert out.exit_code == 1
    assert "no-headline" in out.output


def _conversion_warc(path: Path, text: bytes, ctype: str = "text/plain") -> None:
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        record = writer.create_warc_record(
            SEED_PAGE_URL,
            "conversion",
            payload=io.BytesIO(text),
            length=len(text),
            warc_content_type=ctype,
            warc_headers_dict={
                "WARC-Date": "2012-06-01T00:00:00Z",
                "WARC-Record-ID": "<urn:uuid:00000000-0000-0000-0000-000000000001>",
            },
        )
        writer.write_record(record)


def test_conversion_record_is_normalized_like_the_seed(tmp_path: Path) -> None:
    warc = tmp_path / "seed.warc.gz"
    _conversion_warc(warc, SEED.read_bytes())
    (rec,) = list(iter_records(warc, types=EXTRACT_TYPES))
    outcome = extract_record(rec)
    assert outcome.kind == "article", outcome
    assert outcome.article is not None
    a = outcome.article.to_dict()
    assert_seed_article(a)
    assert a["url"] == SEED_PAGE_URL
    assert a["source"]["warcFile"] == "seed.warc.gz"
    assert a["source"]["recordId"] == "<urn:uuid:00000000-0000-0000-0000-000000000001>"
    assert a["source"]["offset"] == 0
    assert a["source"]["warcDate"] == "2012-06-01T00:00:00Z"
    assert dumps(outcome.article) == dumps(extract_record(rec).article)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("payload", "ctype", "kind", "reason"),
    [
        (b"", "text/plain", "rejected", "empty-body"),
        (b"\x00\x01\x02binary\x00" * 10, "text/plain", "rejected", "binary-body"),
        (b"Stay Connected\n\nContact Author\n", "text/plain", "rejected", "no-headline"),
        (b"A headline\n\nBookmark and Share\n", "text/plain", "rejected", "no-body"),
        (b"<html></html>", "text/html", "skipped", "not-text"),
    ],
)
def test_bad_conversion_records(
    tmp_path: Path, payload: bytes, ctype: str, kind: str, reason: str
) -> None:
    warc = tmp_path / "bad.warc.gz"
    _conversion_warc(warc, payload, ctype)
    (rec,) = list(iter_records(warc, types=EXTRACT_TYPES))
    outcome = extract_record(rec)
    assert (outcome.kind, outcome.reason) == (kind, reason)
    assert outcome.article is None
