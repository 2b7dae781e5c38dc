"""``dodarchive classify`` and the site table over every host and URL form of DoD press
material since the late 1990s (issue 15).

Each row is a real URL from the corpus (fixtures, the 2020 defense.gov home page) or a
real-shaped URL of a form the sites used (ids and slugs then illustrative), with the
exact classification expected: (site, kind, pageType, articleId, section), None = off
the table.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from dodarchive.commands.classify import EXIT_MALFORMED, malformed_reason
from dodarchive.sites import classify
from tests.conftest import ROOT, dodarchive_cmd, subprocess_env

Row = tuple[str, str, str, str | None, str | None] | None

ROWS: list[tuple[str, Row]] = [
    # war.gov (2025-): current ArticleCS forms, listings with ?Page=N, RSS, print view, photos
    ('https://www.war.gov/News/News-Stories/Article/Article/4321000/hegseth-visits-troops/',
     ('wargov', 'article', 'news-article', '4321000', 'news-stories')),
    ('https://www.war.gov/News/Releases/Release/Article/4319900/statement-by-the-secretary/',
     ('wargov', 'article', 'release', '4319900', 'releases')),
    ('https://www.war.gov/News/Transcripts/Transcript/Article/4310101/secretary-hegseth-press-conference/',
     ('wargov', 'article', 'transcript', '4310101', 'transcripts')),
    ('https://www.war.gov/News/Speeches/Speech/Article/4300055/remarks-at-the-naval-academy/',
     ('wargov', 'article', 'speech', '4300055', 'speeches')),
    ('https://www.war.gov/News/Advisories/Advisory/Article/4301234/media-availability/',
     ('wargov', 'article', 'advisory', '4301234', 'advisories')),
    ('https://www.war.gov/News/Contracts/Contract/Article/4319114/',
     ('wargov', 'article', 'contract', '4319114', 'contracts')),
    ('https://www.war.gov/News/Feature-Stories/Story/Article/4290000/a-day-with-the-old-guard/',
     ('wargov', 'article', 'news-article', '4290000', 'feature-stories')),
    ('https://www.war.gov/News/Releases/?Page=3',
     ('wargov', 'listing', 'other', None, None)),
    ('https://www.war.gov/News/Contracts/',
     ('wargov', 'listing', 'other', None, None)),
    ('https://www.war.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=9&Site=945&max=20',
     ('wargov', 'feed', 'other', None, None)),
    ('https://www.war.gov/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=753&Article=4319900',
     ('wargov', 'print', 'other', '4319900', None)),
    ('https://www.war.gov/Multimedia/Photos/igphoto/2003512345/',
     ('wargov', 'media', 'other', '2003512345', None)),
    ('https://www.war.gov/sitemap.xml',
     ('wargov', 'listing', 'other', None, None)),
    ('https://www.war.gov/',
     ('wargov', 'listing', 'other', None, None)),
    # www.defense.gov: corpus fixtures; 2020 home page links (/Newsroom/, /Explore/, /Our-Story/)
    ('https://www.defense.gov/News/Releases/Release/Article/3981590/dod-announces-2024-defense-acquisition-awards/',
     ('wargov', 'article', 'release', '3981590', 'releases')),
    ('https://www.defense.gov/News/Contracts/Contract/Article/4319114/',
     ('wargov', 'article', 'contract', '4319114', 'contracts')),
    ('https://www.defense.gov/News/Contracts/?Page=32',
     ('wargov', 'listing', 'other', None, None)),
    ('https://www.defense.gov/News/Archive/?Page=2',
     ('wargov', 'listing', 'other', None, None)),
    ('https://www.defense.gov/Newsroom/Releases/Release/Article/2411893/dod-statement-on-personnel-changes-at-the-pentagon/',
     ('wargov', 'article', 'release', '2411893', 'releases')),
    ('https://www.defense.gov/Newsroom/Advisories/Advisory/Article/2411470/guantanamo-periodic-review-board-media-invitation-announced/',
     ('wargov', 'article', 'advisory', '2411470', 'advisories')),
    ('https://www.defense.gov/Explore/News/Article/Article/2410195/technology-expertise-help-determine-vaccine-distribution/',
     ('wargov', 'article', 'news-article', '2410195', 'news-stories')),
    ('https://www.defense.gov/Explore/Features/Story/Article/2406815/the-giveback-project-giving-back-in-times-of-need/',
     ('wargov', 'article', 'news-article', '2406815', 'feature-stories')),
    ('https://www.defense.gov/Our-Story/Biographies/Biography/Article/2111192/christopher-c-miller/',
     ('wargov', 'article', 'biography', '2111192', 'biographies')),
    ('https://www.defense.gov/Newsroom/Transcripts/',
     ('wargov', 'listing', 'other', None, None)),
    ('https://www.defense.gov/Explore/Spotlight/Coronavirus/',
     ('wargov', 'other', 'other', None, None)),
    # dod.defense.gov (about 2016-2019): *-View forms, News/Article/Article, Feature-Stories
    ('https://dod.defense.gov/News/Article/Article/1649146/mattis-visits-troops-at-the-border/',
     ('wargov', 'article', 'news-article', '1649146', 'news-stories')),
    ('https://dod.defense.gov/News/News-Releases/News-Release-View/Article/1498235/dod-announces-results/',
     ('wargov', 'article', 'release', '1498235', 'releases')),
    ('https://dod.defense.gov/News/Transcripts/Transcript-View/Article/1487483/department-of-defense-press-briefing/',
     ('wargov', 'article', 'transcript', '1487483', 'transcripts')),
    ('https://dod.defense.gov/News/Speeches/Speech-View/Article/1508119/remarks-by-secretary-mattis/',
     ('wargov', 'article', 'speech', '1508119', 'speeches')),
    ('https://dod.defense.gov/News/Contracts/Contract-View/Article/1620004/',
     ('wargov', 'article', 'contract', '1620004', 'contracts')),
    ('https://dod.defense.gov/News/Press-Advisories/Press-Advisory-View/Article/1499999/media-advisory/',
     ('wargov', 'article', 'advisory', '1499999', 'advisories')),
    ('https://dod.defense.gov/News/Feature-Stories/Story/Article/1707022/a-day-in-the-life/',
     ('wargov', 'article', 'news-article', '1707022', 'feature-stories')),
    ('https://dod.defense.gov/About/Biographies/Biography-View/Article/1055835/james-mattis/',
     ('wargov', 'article', 'biography', '1055835', 'biographies')),
    ('https://dod.defense.gov/News/Archive/?Page=12',
     ('wargov', 'listing', 'other', None, None)),
    ('https://www.defense.gov/News/Contracts/Contract-View/Article/605989/',
     ('wargov', 'article', 'contract', '605989', 'contracts')),
    ('https://www.defense.gov/News/Article/Article/604263/',
     ('wargov', 'article', 'news-article', '604263', 'news-stories')),
    ('https://dod.mil/News/Releases/',
     ('wargov', 'listing', 'other', None, None)),
    # static DefenseLink: /news/MonYYYY/ by first letter (b release, n AFPS news, t transcript,
    # c contracts, m memorandum for correspondents), 1997's six-digit dates, year folders
    ('https://www.defenselink.mil/news/Mar2002/b03052002_bt103-02.html',
     ('legacy', 'article', 'release', 'b03052002_bt103-02', None)),
    ('http://www.defenselink.mil/news/Sep2001/n09112001_200109111.html',
     ('legacy', 'article', 'news-article', 'n09112001_200109111', None)),
    ('http://www.defenselink.mil/news/Sep2001/t09112001_t0911sd.html',
     ('legacy', 'article', 'transcript', 't09112001_t0911sd', None)),
    ('http://www.defenselink.mil/news/Feb2002/c02282002_ct101-02.html',
     ('legacy', 'article', 'contract', 'c02282002_ct101-02', None)),
    ('http://www.defenselink.mil/news/Oct2001/m10012001_m161-01.html',
     ('legacy', 'article', 'advisory', 'm10012001_m161-01', None)),
    ('http://www.defenselink.mil/news/Jan1998/b01051998_bt001-98.html',
     ('legacy', 'article', 'release', 'b01051998_bt001-98', None)),
    ('http://www.defenselink.mil/news/Jan1997/b010397_bt002-97.html',
     ('legacy', 'article', 'release', 'b010397_bt002-97', None)),
    ('http://www.defenselink.mil/news/Mar2002/',
     ('legacy', 'listing', 'other', None, None)),
    ('http://www.defenselink.mil/transcripts/2003/tr20030424-secdef0123.html',
     ('legacy', 'article', 'transcript', 'tr20030424-secdef0123', None)),
    ('http://www.defenselink.mil/speeches/2002/s20020131-secdef.html',
     ('legacy', 'article', 'speech', 's20020131-secdef', None)),
    ('http://www.defenselink.mil/releases/2005/nr20050301-2182.html',
     ('legacy', 'article', 'release', 'nr20050301-2182', None)),
    # ASP.NET DefenseLink / defense.gov / archive.defense.gov forms, listings, RSS, print view
    ('http://www.defenselink.mil/news/newsarticle.aspx?id=46641',
     ('legacy', 'article', 'news-article', '46641', None)),
    ('http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512',
     ('legacy', 'article', 'release', '10512', None)),
    ('http://www.defenselink.mil/transcripts/transcript.aspx?transcriptid=4000',
     ('legacy', 'article', 'transcript', '4000', None)),
    ('http://www.defenselink.mil/speeches/speech.aspx?speechid=1500',
     ('legacy', 'article', 'speech', '1500', None)),
    ('http://www.defenselink.mil/advisories/advisory.aspx?advisoryid=3125',
     ('legacy', 'article', 'advisory', '3125', None)),
    ('http://www.defenselink.mil/contracts/contract.aspx?contractid=3800',
     ('legacy', 'article', 'contract', '3800', None)),
    ('http://www.defenselink.mil/news/articles.aspx?m=11&y=2007',
     ('legacy', 'listing', 'other', None, None)),
    ('http://www.defenselink.mil/news/afps2.xml',
     ('legacy', 'feed', 'other', None, None)),
    ('http://www.defense.gov/News/NewsArticle.aspx?ID=61234',
     ('legacy', 'article', 'news-article', '61234', None)),
    ('http://www.defense.gov/Releases/Release.aspx?ReleaseID=14349',
     ('legacy', 'article', 'release', '14349', None)),
    ('http://www.defense.gov/Transcripts/Transcript.aspx?TranscriptID=4911',
     ('legacy', 'article', 'transcript', '4911', None)),
    ('http://www.defense.gov/Speeches/Speech.aspx?SpeechID=1581',
     ('legacy', 'article', 'speech', '1581', None)),
    ('http://www.defense.gov/utility/printitem.aspx?print=http://www.defense.gov/news/newsarticle.aspx?id=61234',
     ('legacy', 'print', 'news-article', '61234', None)),
    ('http://www.defense.gov/releases/',
     ('legacy', 'listing', 'other', None, None)),
    ('http://archive.defense.gov/news/newsarticle.aspx?id=123456',
     ('legacy', 'article', 'news-article', '123456', None)),
    ('http://archive.defense.gov/Transcripts/Transcript.aspx?TranscriptID=5467',
     ('legacy', 'article', 'transcript', '5467', None)),
    ('http://www.defense.gov/news/newsarticle.aspx?id=abc',
     ('wargov', 'other', 'other', None, None)),
    # a web archive's raw capture is classified as the page it captures
    ('https://web.archive.org/web/20080109122741id_/http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512',
     ('legacy', 'article', 'release', '10512', None)),
    ('https://web.archive.org/web/20020601000000id_/http://www.defenselink.mil/news/Mar2002/b03052002_bt103-02.html',
     ('legacy', 'article', 'release', 'b03052002_bt103-02', None)),
    # army.mil: /article/ID/slug, the AMP view, the 2007-2011 /-news/ forms, news, RSS, images
    ('https://www.army.mil/article/240668/infantry_soldier_accepted_under_university_of_chicago_veterans_program',
     ('armymil', 'article', 'news-article', '240668', None)),
    ('https://www.army.mil/article/123456',
     ('armymil', 'article', 'news-article', '123456', None)),
    ('https://www.army.mil/article-amp/240668/infantry_soldier_accepted_under_university_of_chicago_veterans_program',
     ('armymil', 'print', 'news-article', '240668', None)),
    ('https://www.army.mil/-news/2009/01/05/15597-army-announces-new-program/',
     ('armymil', 'article', 'news-article', '15597', None)),
    ('https://www.army.mil/-newsreleases/2010/08/13/43781-army-releases-june-suicide-data/',
     ('armymil', 'article', 'release', '43781', None)),
    ('https://www.army.mil/news',
     ('armymil', 'listing', 'other', None, None)),
    ('https://www.army.mil/rss/static/1.xml',
     ('armymil', 'feed', 'other', None, None)),
    ('https://www.army.mil/e2/c/images/2020/11/10/615129/max1200.jpg',
     ('armymil', 'media', 'other', None, None)),
    # navy.mil: DMA forms (2020-) and the ASP story pages before them
    ('https://www.navy.mil/Press-Office/News-Stories/Article/2411185/millinocket-represents-us-in-exercise-with-bangladesh/',
     ('navymil', 'article', 'news-article', '2411185', 'news-stories')),
    ('https://www.navy.mil/Press-Office/Press-Releases/display-pressreleases/Article/2270285/navy-announces-name/',
     ('navymil', 'article', 'release', '2270285', 'press-releases')),
    ('https://www.navy.mil/Leadership/Biographies/BioDisplay/Article/2236378/admiral-michael-gilday/',
     ('navymil', 'article', 'biography', '2236378', 'biographies')),
    ('https://www.navy.mil/Press-Office/News-Stories/',
     ('navymil', 'listing', 'other', None, None)),
    ('http://www.navy.mil/submit/display.asp?story_id=12345',
     ('navymil', 'article', 'news-article', '12345', None)),
    ('http://www.navy.mil/search/display.asp?story_id=54321',
     ('navymil', 'article', 'news-article', '54321', None)),
    ('http://www.navy.mil/search/print.asp?story_id=54321',
     ('navymil', 'print', 'news-article', '54321', None)),
    ('http://www.navy.mil/view_image.asp?id=101010',
     ('navymil', 'media', 'other', '101010', None)),
    # af.mil and the DMA siblings (same ArticleCS module)
    ('https://www.af.mil/News/Article-Display/Article/2410288/andersen-afb-holds-exercise-sling-stone-21-1/',
     ('afmil', 'article', 'news-article', '2410288', 'news')),
    ('http://www.af.mil/News/ArticleDisplay/tabid/223/Article/643354/prepping-aircraft-for-paint-jobs-in-depth-inspections.aspx',
     ('afmil', 'article', 'news-article', '643354', 'news')),
    ('https://www.af.mil/About-Us/Biographies/Display/Article/104880/general-charles-q-brown-jr/',
     ('afmil', 'article', 'biography', '104880', 'biographies')),
    ('https://www.af.mil/About-Us/Fact-Sheets/Display/Article/104469/mq-1b-predator/',
     ('afmil', 'article', 'fact-sheet', '104469', 'factsheets')),
    ('http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=850&Article=643354',
     ('afmil', 'print', 'news-article', '643354', 'news')),
    ('http://www.af.mil/DesktopModules/ArticleCS/RSS.ashx?ContentType=1&Site=1&Category=758&max=20',
     ('afmil', 'feed', 'other', None, None)),
    ('https://www.af.mil/News/Photos/igphoto/2002353232/',
     ('afmil', 'media', 'other', '2002353232', None)),
    ('https://www.spaceforce.mil/News/Article/2409479/raymond-document-outlines-space-forces-management-practices-priorities-and-iden/',
     ('dma', 'article', 'news-article', '2409479', None)),
    ('https://www.nationalguard.mil/News/Article/2409272/vt-guard-hosts-trauma-care-training-with-north-macedonia/',
     ('dma', 'article', 'news-article', '2409272', None)),
    ('https://www.marines.mil/News/News-Display/Article/2410000/marines-train/',
     ('dma', 'article', 'news-article', '2410000', None)),
    ('https://www.marines.mil/News/Press-Releases/Press-Release-Display/Article/2400000/statement/',
     ('dma', 'article', 'release', '2400000', None)),
    ('https://www.marines.mil/News/Marines-TV/videoid/771859/',
     ('dma', 'media', 'other', '771859', None)),
    ('http://www.jcs.mil/Leadership/Article-View/article/621308/gen-joseph-f-dunford-jr/',
     ('dma', 'article', 'biography', '621308', None)),
    ('http://www.marines.mil/News/Publications/MCPEL/Electronic-Library-Display/Article/899/x/',
     ('dma', 'article', 'other', '899', None)),
    ('https://www.usar.army.mil/Publications/',
     ('dma', 'other', 'other', None, None)),
    # media host; hosts off the table
    ('https://media.defense.gov/2016/Jan/15/2001335444/82/55/0/160104-F-EN010-135.JPG',
     ('media', 'media', 'other', None, None)),
    ('https://www.flickr.com/photos/secdef',
     None),
    ('http://www.dodlive.mil/',
     None),
]  # fmt: skip


def _got(url: str) -> Row:
    info = classify(url)
    return (info.site, info.kind, info.page_type, info.article_id, info.section) if info else None


def test_the_table_is_large_and_covers_every_kind_and_host_family() -> None:
    assert len(ROWS) >= 60
    assert len({url for url, _ in ROWS}) == len(ROWS)
    kinds = {row[1] for _, row in ROWS if row}
    assert kinds == {"article", "listing", "feed", "print", "media", "other"}
    sites = {row[0] for _, row in ROWS if row}
    assert sites == {"wargov", "legacy", "afmil", "dma", "armymil", "navymil", "media"}


@pytest.mark.parametrize(("url", "expected"), ROWS, ids=[u for u, _ in ROWS])
def test_classify(url: str, expected: Row) -> None:
    assert _got(url) == expected


def _run(args: list[str], stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*dodarchive_cmd(), "classify", *args],
        input=stdin, capture_output=True, cwd=ROOT, env=subprocess_env(), timeout=120,
        check=False,
    )  # fmt: skip


def test_command_prints_one_json_line_per_url_in_order(tmp_path: Path) -> None:
    urls_file = tmp_path / "urls.txt"
    urls_file.write_text("# every form\n\n" + "".join(f"{u}\n" for u, _ in ROWS))
    proc = _run(["--urls-file", str(urls_file)])
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    lines = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(lines) == len(ROWS)
    for line, (url, row) in zip(lines, ROWS, strict=True):
        assert list(line) == ["url", "site", "kind", "pageType", "articleId", "section",
                              "onTable"]  # fmt: skip
        if row is None:
            expected = {"url": url, "site": None, "kind": "other", "pageType": "other",
                        "articleId": None, "section": None, "onTable": False}  # fmt: skip
        else:
            site, kind, page_type, article_id, section = row
            expected = {"url": url, "site": site, "kind": kind, "pageType": page_type,
                        "articleId": article_id, "section": section, "onTable": True}  # fmt: skip
        assert line == expected


def test_malformed_lines_are_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    urls_file = tmp_path / "mixed.txt"
    urls_file.write_bytes(
        b"https://www.army.mil/article/240668/x\n"
        b"www.war.gov/News/\n"  # no scheme
        b"http://[::1/\n"
        b"\xff\xfe\n"
        b"https://www.example.com/page\n"
    )
    proc = _run(["http://www.navy.mil/submit/display.asp?story_id=12345", "a b",
                 "--urls-file", str(urls_file)])  # fmt: skip
    assert proc.returncode == EXIT_MALFORMED == 4
    out = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [(o["site"], o["articleId"], o["onTable"]) for o in out] == [
        ("navymil", "12345", True),
        ("armymil", "240668", True),
        (None, None, False),
    ]
    assert proc.stderr.decode().splitlines() == [
        (
            "dodarchive classify: error: argument 2: malformed URL 'a b': "
            "blank or control character inside"
        ),
        (
            f"dodarchive classify: error: {urls_file}:2: malformed URL 'www.war.gov/News/': "
            "not an http(s) URL"
        ),
        (
            f"dodarchive classify: error: {urls_file}:3: malformed URL 'http://[::1/': "
            "Invalid IPv6 URL"
        ),
        f"dodarchive classify: error: {urls_file}:4: malformed URL: not UTF-8 text",
        "dodarchive classify: 4 of 7 URLs malformed",
    ]


def test_stdin_and_usage_errors() -> None:
    proc = _run(["--urls-file", "-"], stdin=b"https://www.war.gov/News/Contracts/?Page=2\n")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["kind"] == "listing"
    assert _run([]).returncode == 2
    assert _run(["--urls-file", "/nonexistent/urls.txt"]).returncode == 2


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://www.war.gov/", None),
        ("HTTP://WWW.AF.MIL/News/", None),
        ("ftp://www.war.gov/", "not an http(s) URL"),
        ("https:///News/", "no host"),
        ("https://www.war.gov:99999/", "Port out of range 0-65535"),
        ("https://www.war.gov/a\tb", "blank or control character inside"),
    ],
)
def test_malformed_reason(url: str, reason: str | None) -> None:
    assert malformed_reason(url) == reason
