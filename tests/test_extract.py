"""extract_record over the committed fixture WARCs: exact articles, skips with reasons,
byte-identical output across runs, and clear rejects for damaged input."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dodarchive.article import dumps
from dodarchive.extract.record import EXTRACT_TYPES, Outcome, extract_page, extract_record
from dodarchive.fixtures import load_case
from dodarchive.pages import ExtractionError, NotAnArticle, PageInput, select
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS, FIXTURES

#: Every record of the non-af.mil fixture WARCs: (warc, url) → (kind, reason or extractor).
EXPECTED = {
    (
        "defensegov-2018.warc.gz",
        "https://www.defense.gov/News/Contracts/Contract-View/Article/605989/",
    ): ("article", "DefenseGovSkinPage"),
    ("defensegov-2018.warc.gz", "https://www.defense.gov/News/Contracts/?Page=32"): (
        "skipped",
        "listing",
    ),
    ("defensegov-2020.warc.gz", "https://www.defense.gov/"): ("skipped", "home-page"),
    ("dma-listings.warc.gz", "https://www.usar.army.mil/Publications/"): ("skipped", "listing"),
    ("dma-listings.warc.gz", "https://www.esd.whs.mil/DD/DoD-Issuances/DTM/"): (
        "skipped",
        "listing",
    ),
    ("dma-listings.warc.gz", "https://www.jcs.mil/Library/CJCS-Instructions/"): (
        "skipped",
        "listing",
    ),
    ("dma-listings.warc.gz", "https://www.marines.mil/News/Publications/MCPEL/"): (
        "skipped",
        "listing",
    ),
    (
        "dma-listings.warc.gz",
        "https://www.navyreserve.navy.mil/Resources/Official-Guidance/Instructions/",
    ): ("skipped", "listing"),
    ("legacy.warc.gz", "http://www.defense.gov/releases/release.aspx?releaseid=13347"): (
        "article",
        "LegacyReleasePage",
    ),
    ("legacy.warc.gz", "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512"): (
        "article",
        "LegacyReleasePage",
    ),
    ("legacy.warc.gz", "http://www.defense.gov/releases/release.aspx?releaseid=14349"): (
        "article",
        "LegacyReleasePage",
    ),
    ("legacy.warc.gz", "http://www.defense.gov/releases/release.aspx?releaseid=13572"): (
        "article",
        "LegacyReleasePage",
    ),
    ("legacy.warc.gz", "http://www.defense.gov/news/newsarticle.aspx?id=46641"): (
        "article",
        "LegacyNewsArticlePage",
    ),
    ("wargov-2025.warc.gz", "https://www.defense.gov/News/Contracts/Contract/Article/4319114/"): (
        "article",
        "DnnContractPage",
    ),
    (
        "wargov-2025.warc.gz",
        "https://www.defense.gov/News/Releases/Release/Article/3981590/dod-announces-2024-defense-acquisition-awards/",
    ): ("article", "DnnReleasePage"),
}
HEADLINES = {
    "605989": "Contracts",
    "13347": "DOD Identifies Army Casualty",
    "10512": "DoD Identifies Army Casualty",
    "14349": "DOD Identifies Army Casualties",
    "13572": "DOD Identifies Marine Casualty",
    "46641": "Putin Offers to Cooperate with U.S. on Missile Defense",
    "4319114": "Contracts For Sept. 30, 2025",
    "3981590": "DOD Announces 2024 Defense Acquisition Awards",
}
WARCS = sorted({w for w, _ in EXPECTED})


def _outcomes(name: str) -> list[tuple[str, Outcome]]:
    return [
        (r.url, extract_record(r)) for r in iter_records(FIXTURE_WARCS / name, types=EXTRACT_TYPES)
    ]


def test_fixture_warcs_give_exactly_the_expected_outcomes() -> None:
    got = {}
    for name in WARCS:
        for url, o in _outcomes(name):
            key = (name, url)
            assert key not in got or key[1] == "https://www.esd.whs.mil/DD/DoD-Issuances/DTM/"
            label = o.article.extractor.name if o.article else o.reason
            got[key] = (o.kind, label)
            if o.article:
                assert HEADLINES[o.article.articleId or ""] == o.article.headline
                assert o.article.url == url
                assert o.article.source.warcFile == name
    assert got == EXPECTED


def test_output_is_byte_identical_across_runs() -> None:
    for name in WARCS:
        first = "\n".join(dumps(o.article) for _, o in _outcomes(name) if o.article)
        second = "\n".join(dumps(o.article) for _, o in _outcomes(name) if o.article)
        assert first == second
        if name != "dma-listings.warc.gz" and name != "defensegov-2020.warc.gz":
            assert first


def test_afmil_feeds_are_skipped_as_feeds() -> None:
    feeds = [
        extract_record(r)
        for r in iter_records(FIXTURE_WARCS / "afmil-2016.warc.gz")
        if "RSS.ashx" in r.url
    ]
    assert len(feeds) == 47
    assert {(o.kind, o.reason) for o in feeds} == {("skipped", "feed")}


def _page(body: bytes, url: str = "https://example.mil/a", ctype: str = "text/html") -> PageInput:
    case = load_case(FIXTURES / "pages" / "legacy-release" / "release-163-10")
    return PageInput(
        url=url, status=200, headers=(("Content-Type", ctype),), body=body, source=case.source
    )


def _case_body(template: str, case: str) -> tuple[bytes, str]:
    page = load_case(FIXTURES / "pages" / template / case)
    return page.body, page.url


REAL_CASES = [
    ("legacy-release", "release-163-10"),
    ("legacy-release", "release-175-07-defenselink"),
    ("legacy-newsarticle", "putin-2007-reconstructed"),
    ("dnn-release", "release-3981590"),
    ("dnn-contract", "contract-4319114"),
    ("dnn-defensegov-2018", "contract-605989"),
    ("dnn-story", "story-reconstructed"),
    ("static-defenselink", "transcript-2003-reconstructed"),
]


@pytest.mark.parametrize(("template", "case"), REAL_CASES)
@pytest.mark.parametrize("fraction", [0.5, 0.9, 0.99])
def test_truncated_pages_are_rejected(template: str, case: str, fraction: float) -> None:
    body, url = _case_body(template, case)
    cut = body[: int(len(body) * fraction)]
    with pytest.raises((ExtractionError, NotAnArticle)) as info:
        extract_page(_page(cut, url))
    assert info.value.reason in {"truncated", "listing"}, info.value
    if isinstance(info.value, NotAnArticle):  # a DNN page cut before its article view
        assert template.startswith("dnn")


@pytest.mark.parametrize(
    ("body", "ctype", "reason"),
    [
        (b"", "text/html", "empty-body"),
        (b"   \r\n  ", "text/html", "empty-body"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "text/html", "binary-body"),
        (b"\x1f\x8b\x08\x00" + bytes(200), "text/html", "binary-body"),
    ],
)
def test_damaged_bodies_are_rejected(body: bytes, ctype: str, reason: str) -> None:
    with pytest.raises(ExtractionError) as info:
        extract_page(_page(body, ctype=ctype))
    assert info.value.reason == reason


def test_windows_1252_labelled_utf8_is_decoded_not_garbled() -> None:
    body, url = _case_body("legacy-newsarticle", "putin-2007-reconstructed")
    cp = body.decode("utf-8").encode(
        "cp1252"
    )  # the whole page in windows-1252, still labelled UTF-8
    article = extract_page(_page(cp, url, "text/html; charset=utf-8"))
    assert article.paragraphs[1].startswith("The two leaders met at Bush’s family home")
    assert article.headline == "Putin Offers to Cooperate with U.S. on Missile Defense"


def test_mixed_encodings_are_rejected() -> None:
    body, url = _case_body("legacy-newsarticle", "putin-2007-reconstructed")
    mixed = body.replace(b"Bush\xe2\x80\x99s", b"Bush\x92s")  # one cp1252 byte among UTF-8
    with pytest.raises(ExtractionError) as info:
        extract_page(_page(mixed, url, "text/html; charset=utf-8"))
    assert info.value.reason == "bad-encoding"


def test_template_without_headline_is_rejected_not_half_filled() -> None:
    body, url = _case_body("dnn-release", "release-3981590")
    broken = body.replace(b'<h1 class="maintitle">', b'<h1 class="gone">', 1)
    with pytest.raises(ExtractionError) as info:
        extract_page(_page(broken, url))
    assert info.value.reason == "no-headline"


def test_template_without_date_is_rejected() -> None:
    body, url = _case_body("legacy-release", "release-163-10")
    broken = body.replace(b"No. 163-10<br>March 02, 2010", b"No. 163-10<br>sometime", 1)
    with pytest.raises(ExtractionError) as info:
        extract_page(_page(broken, url))
    assert info.value.reason == "no-datePublished"


def test_unknown_html_goes_to_the_generic_page_class() -> None:
    prose = " ".join(f"Sentence number {i} of a plain page about the Navy band." for i in range(30))
    html = (
        "<html><head><title>Band Concert</title></head><body><article>"
        f"<h1>Band Concert</h1><p>{prose}</p></article></body></html>"
    )
    article = extract_page(_page(html.encode(), "https://example.mil/news/transcripts/x.html"))
    assert article.extractor.name == "GenericPage"
    assert article.pageType == "transcript"
    assert article.headline == "Band Concert"
    assert article.paragraphs[0].startswith("Sentence number 0 of a plain page")


@pytest.mark.parametrize(
    ("url", "ctype", "body", "reason"),
    [
        (
            "https://www.war.gov/robots.txt",
            "text/plain",
            b"User-agent: *\nDisallow: /x\n",
            "robots-txt",
        ),
        ("https://www.war.gov/a.jpg", "image/jpeg", b"\xff\xd8\xff\xe0 JFIF", "image"),
        ("https://www.war.gov/rss", "application/rss+xml", b"<?xml version='1.0'?><rss/>", "feed"),
        ("https://www.war.gov/", "text/html", b"<html><body>home</body></html>", "home-page"),
    ],
)
def test_non_articles_are_skipped_with_reasons(
    tmp_path: Path, url: str, ctype: str, body: bytes, reason: str
) -> None:
    warc = tmp_path / "x.warc.gz"
    with warc.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
        writer.write_record(rec)
    (record,) = list(iter_records(warc))
    outcome = extract_record(record)
    assert (outcome.kind, outcome.reason) == ("skipped", reason)
    assert outcome.article is None


@pytest.mark.parametrize(
    "marker", [b'class="last-updated"', b"<!-- ddi-presenter -->", b"<!-- headline -->"]
)
def test_static_template_is_strict(marker: bytes) -> None:
    body, url = _case_body("static-defenselink", "transcript-2003-reconstructed")
    broken = body.replace(marker, b"", 1)
    page = _page(broken, url, "text/html; charset=iso-8859-1")
    assert select(page) is None
    article = extract_page(page)  # the generic page class takes it: enough text for it
    assert article.extractor.name == "GenericPage"
    assert "MS. EXAMPLE: Good afternoon." in article.articleBody


def test_extract_record_takes_a_plain_warcio_record() -> None:
    """A researcher's own warcio loop can hand its records straight to extract_record."""
    from warcio.archiveiterator import ArchiveIterator

    from dodarchive.extract.record import extract_record
    from dodarchive.warc.reader import iter_records

    path = FIXTURE_WARCS / "legacy.warc.gz"
    ours = {
        r.ref.recordId: extract_record(r)
        for r in iter_records(path)
        if r.ref.recordType == "response"
    }
    plain = {}
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                plain[record.rec_headers.get_header("WARC-Record-ID")] = extract_record(record)
    assert plain.keys() == ours.keys()
    articles = 0
    for rid, outcome in plain.items():
        assert (outcome.kind, outcome.reason) == (ours[rid].kind, ours[rid].reason)
        if outcome.article is not None:
            articles += 1
            mine = ours[rid].article
            assert mine is not None
            assert outcome.article.headline == mine.headline
            assert outcome.article.articleBody == mine.articleBody
            assert outcome.article.source.warcFile == ""  # what a plain record cannot know
    assert articles == 5


def test_site_table_listings_skip_without_the_fallback() -> None:
    """A page no template takes whose URL the site table calls a listing is skipped as
    one (the generic extractor, trafilatura inside, never runs on it); a template page
    on a listing-shaped URL would still be extracted, as templates come first."""
    outcomes = [
        extract_record(rec)
        for rec in iter_records(FIXTURE_WARCS / "wargov-reconstructed.warc.gz")
        if rec.url.endswith(("/News/Releases/", "/News/Releases/?Page=2", "/News/Contracts/"))
    ]
    assert [(o.kind, o.reason, o.detail) for o in outcomes] == [
        ("skipped", "listing", "a listing URL of wargov (site table)")
    ] * 3


def test_the_collector_is_tuned_while_extracting_and_restored_after(tmp_path: Path) -> None:
    import gc

    from dodarchive.extract.local import GC_YOUNG, Options, collector_tuned, run_extract

    before = gc.get_threshold()
    assert gc.get_freeze_count() == 0
    with collector_tuned():
        assert gc.get_threshold() == (GC_YOUNG, *before[1:])
        assert gc.get_freeze_count() > 1000  # the modules imported so far
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    with pytest.raises(KeyboardInterrupt), collector_tuned():
        raise KeyboardInterrupt
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
    # a caller's frozen objects stay frozen
    gc.freeze()
    try:
        mine = gc.get_freeze_count()
        with collector_tuned():
            pass
        assert gc.get_freeze_count() >= mine > 0
    finally:
        gc.unfreeze()
    out = tmp_path / "a.jsonl"
    summary = run_extract(
        [FIXTURE_WARCS / "legacy.warc.gz"], out, tmp_path / "r.jsonl", Options(workers=2)
    )
    assert summary.articles > 0
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
