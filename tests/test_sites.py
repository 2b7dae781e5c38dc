"""The site table: exact classification of real URLs (fixtures and the feeds' links)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import dodarchive
from dodarchive.sites import (
    Pattern,
    Section,
    Site,
    UrlInfo,
    classify,
    display_url,
    dod_url,
    is_attachment,
    is_media_url,
    load_table,
    on_table,
    page_type,
    print_view_url,
    site_family,
    site_language,
    table,
    url_host,
    url_key,
    wayback_original,
)
from dodarchive.warc.reader import iter_records
from tests.conftest import FIXTURE_WARCS

AFCS = "http://www.af.mil/DesktopModules/ArticleCS/"

#: url -> (site, kind, page_type, article_id, section); None = off the table.
#: (Every host and URL form of the table: tests/test_classify.py.)
CASES: dict[str, tuple[str, str, str, str | None, str | None] | None] = {
    # fixture pages, war.gov / defense.gov (current and older DNN forms)
    "https://www.defense.gov/News/Releases/Release/Article/3981590/"
    "dod-announces-2024-defense-acquisition-awards/": (
        "wargov", "article", "release", "3981590", "releases"),
    "https://www.defense.gov/News/Contracts/Contract/Article/4319114/": (
        "wargov", "article", "contract", "4319114", "contracts"),
    "https://www.defense.gov/News/Contracts/Contract-View/Article/605989/": (
        "wargov", "article", "contract", "605989", "contracts"),
    "https://www.defense.gov/News/Contracts/?Page=32": ("wargov", "listing", "other", None, None),
    "https://www.defense.gov/": ("wargov", "listing", "other", None, None),
    # links found on the defensegov-2018 listing page
    "https://www.defense.gov/About/Biographies/Biography-View/Article/1055835/james-mattis": (
        "wargov", "article", "biography", "1055835", "biographies"),
    "https://www.defense.gov/News/Transcripts/Customwho/31004": (
        "wargov", "other", "other", None, None),
    "http://www.jcs.mil/Leadership/Article-View/article/621308/gen-joseph-f-dunford-jr/": (
        "dma", "article", "biography", "621308", None),
    # the current and older forms on www.war.gov
    "https://www.war.gov/News/News-Stories/Article/Article/4321000/a-story/": (
        "wargov", "article", "news-article", "4321000", "news-stories"),
    "https://www.war.gov/News/Transcripts/Transcript/Article/4100000/x/": (
        "wargov", "article", "transcript", "4100000", "transcripts"),
    "https://www.war.gov/News/Speeches/Speech/Article/4100001/": (
        "wargov", "article", "speech", "4100001", "speeches"),
    "https://www.war.gov/News/Advisories/Advisory/Article/4100002/x/": (
        "wargov", "article", "advisory", "4100002", "advisories"),
    "https://www.defense.gov/News/Article/Article/604263/": (
        "wargov", "article", "news-article", "604263", "news-stories"),
    "https://www.defense.gov/News/News-Releases/News-Release-View/Article/605000/": (
        "wargov", "article", "release", "605000", "releases"),
    "https://www.war.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=9&Site=945&max=20": (
        "wargov", "feed", "other", None, None),
    "https://dod.mil/News/Releases/": ("wargov", "listing", "other", None, None),
    # legacy ASP.NET, any case, on every legacy host (fixture URLs first)
    "http://www.defense.gov/releases/release.aspx?releaseid=13347": (
        "legacy", "article", "release", "13347", None),
    "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512": (
        "legacy", "article", "release", "10512", None),
    "http://www.defense.gov/news/newsarticle.aspx?id=46641": (
        "legacy", "article", "news-article", "46641", None),
    "http://archive.defense.gov/News/NewsArticle.aspx?ID=46641": (
        "legacy", "article", "news-article", "46641", None),
    "http://defenselink.mil/transcripts/transcript.aspx?transcriptid=4000": (
        "legacy", "article", "transcript", "4000", None),
    "http://www.defense.gov/Speeches/Speech.aspx?SpeechID=1500": (
        "legacy", "article", "speech", "1500", None),
    "http://www.defense.gov/news/articles.aspx?m=11&y=2007": (
        "legacy", "listing", "other", None, None),
    "http://www.defense.gov/news/newsarticle.aspx?id=abc": ("wargov", "other", "other", None, None),
    # static DefenseLink, about 2000-2005
    "http://www.defenselink.mil/news/Apr2003/n04242003_200304241.html": (
        "legacy", "article", "news-article", "n04242003_200304241", None),
    "http://www.defenselink.mil/transcripts/2003/tr20030424-secdef0123.html": (
        "legacy", "article", "transcript", "tr20030424-secdef0123", None),
    "http://www.defenselink.mil/speeches/2002/s20020131-secdef.html": (
        "legacy", "article", "speech", "s20020131-secdef", None),
    "http://www.defenselink.mil/releases/2003/nr20030424-0123.html": (
        "legacy", "article", "release", "nr20030424-0123", None),
    # a web archive's raw capture is classified as the page it captures
    "https://web.archive.org/web/20080109122741id_/"
    "http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512": (
        "legacy", "article", "release", "10512", None),
    # af.mil: 2016 display pages (feed links), print views (fixture URLs), current forms
    "http://www.af.mil/News/ArticleDisplay/tabid/223/Article/643354/"
    "prepping-aircraft-for-paint-jobs-in-depth-inspections.aspx": (
        "afmil", "article", "news-article", "643354", "news"),
    "http://www.af.mil/News/Commentaries/Display/tabid/271/Article/630512/x.aspx": (
        "afmil", "article", "commentary", "630512", "commentaries"),
    "http://www.af.mil/AboutUs/Biographies/Display/tabid/225/Article/104880/x.aspx": (
        "afmil", "article", "biography", "104880", "biographies"),
    "http://www.af.mil/AboutUs/FactSheets/Display/tabid/224/Article/104469/mq-1b-predator.aspx": (
        "afmil", "article", "fact-sheet", "104469", "factsheets"),
    "http://www.af.mil/AboutUs/Speeches/Display/tabid/268/Article/602766/x.aspx": (
        "afmil", "article", "speech", "602766", "speeches"),
    "http://www.af.mil/News/Features/Display/tabid/273/Article/600000/x.aspx": (
        "afmil", "article", "news-article", "600000", "features"),
    "https://www.af.mil/News/Article-Display/Article/3000000/a-slug/": (
        "afmil", "article", "news-article", "3000000", "news"),
    AFCS + "Print.aspx?PortalId=1&ModuleId=854&Article=104469": (
        "afmil", "print", "fact-sheet", "104469", "factsheets"),
    AFCS + "Print.aspx?PortalId=1&ModuleId=850&Article=643354": (
        "afmil", "print", "news-article", "643354", "news"),
    AFCS + "RSS.ashx?ContentType=1&Site=1&Category=758&max=20": (
        "afmil", "feed", "other", None, None),
    # sibling DMA sites, links from the dma-listings fixtures
    "https://www.usar.army.mil/Leadership/Article-View/Article/1010101/lt-gen-j-daniels/": (
        "dma", "article", "biography", "1010101", None),
    "http://www.marines.mil/News/Publications/MCPEL/Electronic-Library-Display/Article/899/x/": (
        "dma", "article", "other", "899", None),
    "https://www.usar.army.mil/Publications/": ("dma", "other", "other", None, None),
    # media, and off the table
    "http://media.defense.gov/2016/Jan/15/2001335444/82/55/0/160104-F-EN010-135.JPG": (
        "media", "media", "other", None, None),
    "https://www.flickr.com/photos/secdef": None,
    "http://www.dodlive.mil/": None,
    "https://web.archive.org/web/2010id_/https://www.example.com/": None,
    "ftp://www.war.gov/": ("wargov", "listing", "other", None, None),
}  # fmt: skip


@pytest.mark.parametrize("url", list(CASES))
def test_classify(url: str) -> None:
    expected = CASES[url]
    info = classify(url)
    got = (info.site, info.kind, info.page_type, info.article_id, info.section) if info else None
    assert got == expected


def test_on_table() -> None:
    assert on_table("https://www.war.gov/News/")
    assert on_table("http://DOD.gov/")
    assert not on_table("https://evil.example/www.war.gov/")
    assert not on_table("ftp://www.war.gov/")  # only http(s) is fetched
    assert not on_table("https://web.archive.org/web/2010id_/https://www.example.com/")
    assert on_table("https://web.archive.org/web/2010id_/http://www.defense.gov/news/x.aspx")
    assert not on_table("https://web.archive.org/about/")
    assert on_table("https://web.archive.org/robots.txt")


def test_every_fixture_page_is_on_the_table_and_classified() -> None:
    kinds: Counter[tuple[str, str, str]] = Counter()
    for warc in sorted(FIXTURE_WARCS.glob("*.warc.gz")):
        for rec in iter_records(warc):
            info = classify(rec.url)
            assert info is not None, rec.url
            kinds[(info.site, info.kind, info.page_type)] += 1
    assert kinds == {
        ("afmil", "feed", "other"): 47,
        ("afmil", "print", "biography"): 43,
        ("afmil", "print", "news-article"): 91,
        ("afmil", "print", "commentary"): 11,
        ("afmil", "print", "fact-sheet"): 15,
        ("afmil", "print", "speech"): 10,
        ("wargov", "article", "contract"): 2,
        ("wargov", "article", "release"): 1,
        ("wargov", "listing", "other"): 5,
        ("wargov", "feed", "other"): 1,
        ("dma", "other", "other"): 6,
        ("legacy", "article", "release"): 4,
        ("legacy", "article", "news-article"): 1,
    }


def test_print_view_urls_of_feed_links() -> None:
    base = AFCS + "Print.aspx?PortalId=1"
    assert (
        print_view_url(
            "http://www.af.mil/News/Commentaries/Display/tabid/271/Article/630512/x.aspx"
        )
        == f"{base}&ModuleId=1042&Article=630512"
    )
    assert (
        print_view_url(
            "http://www.af.mil/AboutUs/Biographies/Display/tabid/225/Article/104880/x.aspx"
        )
        == f"{base}&ModuleId=858&Article=104880"
    )
    assert (
        print_view_url("http://www.af.mil/AboutUs/Speeches/Display/tabid/268/Article/602766/x.aspx")
        == f"{base}&ModuleId=1032&Article=602766"
    )
    assert (
        print_view_url("https://www.af.mil/News/Article-Display/Article/3000000/a-slug/")
        == "https://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=850&Article=3000000"
    )
    # no known ModuleId (features), not a DMA site, not an article: no print view
    assert (
        print_view_url("http://www.af.mil/News/Features/Display/tabid/273/Article/6/x.aspx") is None
    )
    assert print_view_url("https://www.war.gov/News/Releases/Release/Article/3981590/") is None
    assert print_view_url("http://www.af.mil/DesktopModules/ArticleCS/RSS.ashx?Site=1") is None


def test_module_ids_match_the_corpus_print_views() -> None:
    """Each fixture print view's ModuleId is the one the table gives its section."""
    site = table().sites["afmil"]
    seen = Counter()
    for rec in iter_records(FIXTURE_WARCS / "afmil-2016.warc.gz"):
        m = re.search(r"ModuleId=(\d+)&Article=(\d+)", rec.url)
        if m:
            info = classify(rec.url)
            assert info is not None
            assert info.section is not None
            sec = site.section(info.section)
            assert sec is not None
            assert sec.module_id == int(m.group(1))
            seen[info.section] += 1
    assert seen == {"news": 91, "biographies": 43, "factsheets": 15, "commentaries": 11,
                    "speeches": 10}  # fmt: skip


def test_table_rejects_unknown_kind() -> None:
    bad = (
        '[sites.x]\ntitle = "x"\nhosts = ["x.mil"]\n'
        '[[sites.x.patterns]]\npath = "/"\nkind = "page"\n'
    )
    with pytest.raises(ValueError, match="unknown kind 'page'"):
        load_table(bad)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        # ASP.NET sites: case, scheme, default port, fragment and trailing slash set aside
        ("http://www.defense.gov/Releases/Release.aspx?ReleaseID=10512#top",
         "www.defense.gov/releases/release.aspx?releaseid=10512"),
        ("HTTPS://WWW.DEFENSE.GOV:443/releases/release.aspx?releaseid=10512",
         "www.defense.gov/releases/release.aspx?releaseid=10512"),
        ("https://www.war.gov/News/Releases/?Page=2", "www.war.gov/news/releases?page=2"),
        # the query is sorted and percent-encoding normalized (w3lib canonicalize_url)
        ("https://www.af.mil/News/?b=2&a=%7E1", "www.af.mil/news?a=~1&b=2"),
        # a case-sensitive site keeps its case; a non-default port stays
        ("https://www.army.mil/article/240668/Infantry_Soldier",
         "www.army.mil/article/240668/Infantry_Soldier"),
        ("http://127.0.0.1:8080/A/b/", "127.0.0.1:8080/A/b"),
        # an unparsable URL is its own key
        ("http://[::1/x ", "http://[::1/x"),
    ],
)  # fmt: skip
def test_url_key(url: str, key: str) -> None:
    assert url_key(url) == key


@pytest.mark.parametrize("param", ["fbclid=IwAR0abc", "gclid=EAIaIQ", "utm_source=twitter",
                                   "UTM_Campaign=x", "utm_medium=", "fbclid"])  # fmt: skip
def test_url_key_drops_tracking_parameters(param: str) -> None:
    """fbclid, gclid and utm_* never make two URLs of one page differ; other keys stay."""
    plain = "https://www.army.mil/article/240668/x?from=rss"
    tracked = f"https://www.army.mil/article/240668/x?{param}&from=rss"
    assert url_key(tracked) == url_key(plain) == "www.army.mil/article/240668/x?from=rss"
    assert url_key(f"https://www.army.mil/article/240668/x?{param}") == (
        "www.army.mil/article/240668/x"
    )
    # look-alikes are kept
    assert url_key("https://www.army.mil/a?gclid_x=1&my_fbclid=2") == (
        "www.army.mil/a?gclid_x=1&my_fbclid=2"
    )


def test_url_key_by_family_joins_the_hosts_of_one_publisher() -> None:
    keys = {
        url_key(u, family=True)
        for u in (
            "https://www.war.gov/About/",
            "http://www.defense.gov/about",
            "https://dod.defense.gov/About/?utm_source=x",
            "https://web.archive.org/web/2016id_/http://dod.defense.gov/About/",
        )
    }
    assert keys == {"defense.gov/about"}
    assert url_key("https://af.mil/News/", family=True) == "af.mil/news"
    assert url_key("https://www.example.com/X", family=True) == "example.com/X"


def test_site_families() -> None:
    assert {
        h: site_family(h)
        for h in ("www.war.gov", "dod.defense.gov", "archive.defense.gov", "DefenseLink.mil.",
                  "www.dod.mil", "www.af.mil", "www.army.mil", "navy.mil", "www.jcs.mil",
                  "www.example.com")
    } == {
        "www.war.gov": "defense.gov", "dod.defense.gov": "defense.gov",
        "archive.defense.gov": "defense.gov", "DefenseLink.mil.": "defense.gov",
        "www.dod.mil": "defense.gov", "www.af.mil": "af.mil", "www.army.mil": "army.mil",
        "navy.mil": "navy.mil", "www.jcs.mil": "jcs.mil", "www.example.com": "example.com",
    }  # fmt: skip


def test_table_rejects_unknown_page_type_and_section() -> None:
    row = '[sites.x]\ntitle = "x"\nhosts = ["x.mil"]\n[[sites.x.patterns]]\npath = "/"\n'
    with pytest.raises(ValueError, match="unknown page_type 'story'"):
        load_table(row + 'kind = "article"\npage_type = "story"\n')
    with pytest.raises(ValueError, match="unknown section 'news'"):
        load_table(row + 'kind = "article"\nsection = "news"\n')


def test_unparsable_url_is_off_the_table() -> None:
    assert classify("http://[::1/x") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # a site pattern knows the URL: the table's page type, whatever the path words say
        ("https://www.war.gov/News/Speeches/Speech/Article/4100001/", "speech"),
        ("https://www.war.gov/News/Transcripts/", "other"),  # a listing
        ("https://www.esd.whs.mil/DD/DoD-Issuances/Article/123/contract-policy/", "other"),
        # no pattern knows it (kind other, or off the table): the path-word hints
        ("https://www.defense.gov/News/Transcripts/Customwho/31004", "transcript"),
        ("https://example.mil/news/transcripts/x.html", "transcript"),
        ("https://example.mil/leadership/bios/smith.html", "biography"),
        ("https://example.mil/about/", "other"),
        ("http://[::1/transcript", "other"),
    ],
)
def test_page_type_for_extraction(url: str, expected: str) -> None:
    assert page_type(url) == expected
    assert not on_table("http://[::1/x")


# --- the table as parsed: every key of a row, its defaults, and the load errors -----------

#: A hand-written table with every key a row can have, and a row with only the required ones.
TOY_TABLE = r"""
language = "en"

[sites.full]
title = "Full row"
hosts = ["WWW.Example.mil"]
aliases = ["example.mil"]
family = "example family"
case_insensitive = true
pagination = "Page"
listings = ["https://www.example.mil/News/"]
rss = ["https://www.example.mil/RSS.ashx?ContentType=1"]
sitemaps = ["https://www.example.mil/sitemap.xml"]
dma = true
print_portal = 3
live_host = "old.example.mil"
[sites.full.id_urls]
release = "http://{host}/r.aspx?id={id}"
[[sites.full.sections]]
name = "news"
page_type = "news-article"
tabid = 5
module_id = 6
content_type = 7
path = "News"
display = "/News/Display/Article/{id}/"
[[sites.full.patterns]]
path = '/news/(?P<id>\d+)'
kind = "article"
section = "news"
[[sites.full.patterns]]
path = '/print\.aspx'
kind = "print"
wrap_param = "Print"
[[sites.full.patterns]]
path = '/r\.aspx'
kind = "article"
page_type = "release"
id_param = "ID"
id_space = "r.aspx"

[sites.bare]
title = "Bare row"
hosts = ["bare.mil"]
language = "es"
[[sites.bare.sections]]
name = "s"
page_type = "speech"
[[sites.bare.patterns]]
path = '/a/(?P<id>\d+)'
kind = "article"
page_type = "news-article"

[sites.archive]
title = "Archive"
hosts = ["archive.example.org"]
wayback = true

[[hints]]
path = 'speech'
page_type = "speech"
"""


def test_load_table_reads_every_key_of_a_row() -> None:
    toy = load_table(TOY_TABLE)
    assert list(toy.sites) == ["full", "bare", "archive"]
    assert toy.hints == ((re.compile("speech"), "speech"),)
    assert toy.sites["full"] == Site(
        name="full",
        title="Full row",
        hosts=("WWW.Example.mil",),
        aliases=("example.mil",),
        case_insensitive=True,
        pagination="Page",
        listings=("https://www.example.mil/News/",),
        rss=("https://www.example.mil/RSS.ashx?ContentType=1",),
        sitemaps=("https://www.example.mil/sitemap.xml",),
        patterns=(
            Pattern(re.compile(r"/news/(?P<id>\d+)", re.I), "article", section="news"),
            Pattern(re.compile(r"/print\.aspx", re.I), "print", wrap_param="Print"),
            Pattern(re.compile(r"/r\.aspx", re.I), "article", page_type="release",
                    id_param="ID", id_space="r.aspx"),
        ),
        sections=(
            Section("news", "news-article", tabid=5, module_id=6, content_type=7,
                    path="News", display="/News/Display/Article/{id}/"),
        ),
        id_urls={"release": "http://{host}/r.aspx?id={id}"},
        dma=True,
        wayback=False,
        print_portal=3,
        family="example family",
        language="en",
        extra={"live_host": "old.example.mil"},
    )  # fmt: skip
    # the defaults of every optional key
    assert toy.sites["bare"] == Site(
        name="bare",
        title="Bare row",
        hosts=("bare.mil",),
        patterns=(Pattern(re.compile(r"/a/(?P<id>\d+)"), "article", page_type="news-article"),),
        sections=(Section("s", "speech"),),
        language="es",  # the row's own language over the table's
    )
    bare = toy.sites["bare"]
    assert (bare.patterns[0].id_space, bare.sections[0].path, bare.extra) == ("article", "", {})
    assert toy.sites["archive"].wayback is True
    assert toy.sites["archive"].language == "en"  # the table's
    assert load_table(TOY_TABLE.replace('language = "en"\n', "")).sites["full"].language is None
    assert toy.sites["full"].all_hosts == ("www.example.mil", "example.mil")


def test_site_language() -> None:
    assert site_language("https://www.af.mil/News/") == "en"
    assert site_language("https://WWW.WAR.GOV/") == "en"
    assert site_language("https://www.example.com/") is None
    assert site_language("/no/host") is None
    assert site_language("http://[::1/") is None  # cannot be parsed


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('kind = "print"', 'kind = "printed"'), "site full: unknown kind 'printed'"),
        (('page_type = "release"', 'page_type = "press"'), "site full: unknown page_type 'press'"),
        (('section = "news"', 'section = "nuus"'), "site full: unknown section 'nuus'"),
    ],
)
def test_load_table_refuses_unknown_names(edit: tuple[str, str], message: str) -> None:
    text = TOY_TABLE.replace(*edit, 1)
    assert text != TOY_TABLE
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        load_table(text)


def test_load_table_refuses_a_hint_with_an_unknown_page_type() -> None:
    text = TOY_TABLE.replace("path = 'speech'\npage_type = \"speech\"",
                             "path = 'speech'\npage_type = \"talk\"")  # fmt: skip
    with pytest.raises(ValueError, match=r"^hint 'speech': unknown page_type 'talk'$"):
        load_table(text)


def test_the_packaged_table_is_the_file_in_the_package() -> None:
    packaged = Path(dodarchive.__file__).parent / "data" / "sites.toml"
    assert load_table().sites == load_table(packaged.read_text(encoding="utf-8")).sites
    wargov = table().sites["wargov"]
    assert (
        wargov.title == "U.S. Department of War press pages (www.war.gov, formerly www.defense.gov)"
    )
    assert (wargov.pagination, wargov.family, wargov.print_portal) == ("Page", "defense.gov", None)
    assert wargov.sitemaps == ("https://www.war.gov/sitemap.xml",)
    assert wargov.rss[1] == (
        "https://www.war.gov/DesktopModules/ArticleCS/RSS.ashx?ContentType=9&Site=945&max=20"
    )
    assert wargov.listings[0] == "https://www.war.gov/News/News-Stories/"
    legacy = table().sites["legacy"]
    assert legacy.id_urls["release"] == "http://{host}/Releases/Release.aspx?ReleaseID={id}"
    assert legacy.extra["live_host"] == "archive.defense.gov"
    assert (table().sites["afmil"].dma, table().sites["wargov"].dma) == (True, False)


# --- whole UrlInfo (family, id space) of real URL forms ------------------------------------

LEGACY_ARTICLE = "http://www.defense.gov/news/newsarticle.aspx?id=46641"

#: url -> the whole UrlInfo
FULL_CASES: dict[str, UrlInfo | None] = {
    LEGACY_ARTICLE: UrlInfo("legacy", "article", "news-article", "46641", None,
                            "defense.gov", "newsarticle.aspx"),
    # the legacy print view wraps the article's URL; the parameter name in any case
    "http://www.defense.gov/utility/printitem.aspx?PRINT=" + LEGACY_ARTICLE: UrlInfo(
        "legacy", "print", "news-article", "46641", None, "defense.gov", "newsarticle.aspx"),
    # ... but a wrapped listing, or no wrapped URL at all, is no print view of an article
    "http://www.defense.gov/utility/printitem.aspx?print=http://www.defense.gov/news/":
        UrlInfo("wargov", "other", "other", None, family="defense.gov"),
    "http://www.defense.gov/utility/printitem.aspx":
        UrlInfo("wargov", "other", "other", None, family="defense.gov"),
    # an id with blanks round it is still the id; a word is not
    "http://archive.defense.gov/Releases/Release.aspx?releaseid=%2013347%20": UrlInfo(
        "legacy", "article", "release", "13347", None, "defense.gov", "release.aspx"),
    "http://archive.defense.gov/Releases/Release.aspx?releaseid=x13347":
        UrlInfo("legacy", "other", "other", None, family="defense.gov"),
    "http://archive.defense.gov/Releases/Release.aspx":
        UrlInfo("legacy", "other", "other", None, family="defense.gov"),
    # af.mil print views: the section is the ModuleId's (the key in any case)
    AFCS + "Print.aspx?PortalId=1&moduleid=1042&Article=141306": UrlInfo(
        "afmil", "print", "commentary", "141306", "commentaries", "af.mil", "article"),
    AFCS + "Print.aspx?PortalId=1&ModuleId=99&Article=141306": UrlInfo(
        "afmil", "print", "other", "141306", None, "af.mil", "article"),
    AFCS + "Print.aspx?PortalId=1&ModuleId=x&Article=141306": UrlInfo(
        "afmil", "print", "other", "141306", None, "af.mil", "article"),
    AFCS + "Print.aspx?PortalId=1&Article=141306": UrlInfo(
        "afmil", "print", "other", "141306", None, "af.mil", "article"),
    "http://www.af.mil/News/ArticleDisplay/tabid/223/Article/643354/x.aspx": UrlInfo(
        "afmil", "article", "news-article", "643354", "news", "af.mil", "article"),
    "https://www.af.mil/News/Photos/igphoto/2001234567/": UrlInfo(
        "afmil", "media", "other", "2001234567", None, "af.mil", "igphoto"),
    "https://af.mil/News/": UrlInfo("afmil", "listing", "other", None, None, "af.mil", None),
    # no path at all is the home page
    "https://www.war.gov": UrlInfo("wargov", "listing", "other", None, None, "defense.gov"),
    "https://www.af.mil/Unknown/": UrlInfo("afmil", "other", "other", None, family="af.mil"),
    # a capture on the web archive is the URL it captures; the archive's own pages are not
    "https://web.archive.org/web/20080109122741id_/" + LEGACY_ARTICLE: UrlInfo(
        "legacy", "article", "news-article", "46641", None, "defense.gov", "newsarticle.aspx"),
    "https://web.archive.org/about/": None,
}  # fmt: skip


@pytest.mark.parametrize("url", list(FULL_CASES))
def test_classify_whole_info(url: str) -> None:
    assert classify(url) == FULL_CASES[url]


def test_classify_with_a_toy_table() -> None:
    toy = load_table(TOY_TABLE)
    assert toy.classify("https://WWW.EXAMPLE.MIL./NEWS/12") == UrlInfo(
        "full", "article", "news-article", "12", "news", "example family", "article"
    )
    assert toy.classify("https://example.mil/r.aspx?id=7") == UrlInfo(
        "full", "article", "release", "7", None, "example family", "r.aspx"
    )
    assert toy.classify("https://example.mil/print.aspx?print=https://example.mil/news/12") == (
        UrlInfo("full", "print", "news-article", "12", "news", "example family", "article")
    )
    # case-sensitive row: other case is another URL; its family is the host less www.
    assert toy.classify("https://bare.mil/a/3") == UrlInfo(
        "bare", "article", "news-article", "3", None, "bare.mil", "article"
    )
    assert toy.classify("https://bare.mil/A/3") == UrlInfo(
        "bare", "other", "other", None, family="bare.mil"
    )
    assert toy.sites_for_host("Bare.Mil.") == [toy.sites["bare"]]
    assert toy.family("BARE.MIL.") == "bare.mil"
    assert toy.page_type("https://elsewhere.org/speeches/1") == "speech"
    assert toy.page_type("https://elsewhere.org/talks/1") == "other"  # fmt: skip


def test_display_url_of_print_views() -> None:
    assert display_url(AFCS + "Print.aspx?PortalId=1&ModuleId=850&Article=643354") == (
        "http://www.af.mil/News/Article-Display/Article/643354/"
    )
    assert (
        display_url(
            "https://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=858&Article=1"
        )
        == "https://www.af.mil/About-Us/Biographies/Display/Article/1/"
    )
    # unknown ModuleId, a section without a display path, a legacy print view (no section),
    # a display page, a listing, off the table: no display URL
    assert display_url(AFCS + "Print.aspx?PortalId=1&ModuleId=99&Article=643354") is None
    assert (
        display_url(
            "https://www.war.gov/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=753&Article=1"
        )
        is None
    )
    assert (
        display_url("http://www.defense.gov/utility/printitem.aspx?print=" + LEGACY_ARTICLE) is None
    )
    assert display_url("https://www.af.mil/News/Article-Display/Article/3000000/a-slug/") is None
    assert display_url("https://www.af.mil/News/") is None
    assert display_url("https://www.example.com/Print.aspx?ModuleId=850&Article=1") is None


def test_no_print_view_of_a_print_view() -> None:
    assert print_view_url(AFCS + "Print.aspx?PortalId=1&ModuleId=850&Article=643354") is None
    assert print_view_url(LEGACY_ARTICLE) is None  # no print portal on the legacy site
    # a tabid the table does not know: no section, so no ModuleId
    assert (
        print_view_url("http://www.af.mil/News/ArticleDisplay/tabid/999/Article/1/x.aspx") is None
    )


@pytest.mark.parametrize(
    ("url", "dod"),
    [
        ("https://www.centcom.mil/MEDIA/PRESS-RELEASES/x/", True),  # on the table
        ("https://www.navair.navy.mil/a.html", True),  # any .mil host
        ("https://www.war.gov/News/", True),  # on the table, not .mil
        ("http://mil/", True),
        ("https://web.archive.org/web/2015id_/http://www.navair.navy.mil/a.html", True),
        ("https://web.archive.org/web/2015id_/http://www.example.org/a.html", False),
        ("http://www.army.mil.example.com/", False),
        ("http://www.family.org/", False),
        ("not a url", False),
    ],
)
def test_dod_url(url: str, dod: bool) -> None:
    assert dod_url(url) is dod


@pytest.mark.parametrize(
    ("url", "media", "attachment"),
    [
        # by table kind: no extension needed
        ("https://media.defense.gov/2016/Jan/15/2001335444/82/55/0/", True, False),
        ("https://www.af.mil/News/Photos/igphoto/2001234567/", True, False),
        # by extension, any case, any host; query and fragment are not the path
        ("https://www.war.gov/Portals/1/x.PDF?ver=1#page=2", True, True),
        ("https://www.example.com/a/b.Docx#top", True, True),
        ("https://www.example.com/a.JPG#frag", True, False),
        ("https://www.example.com/a.zip?x=1?y=2", True, True),
        ("https://www.example.com/get?file=a.pdf", False, False),
        ("https://www.example.com/page#a.pdf", False, False),
        ("https://www.example.com/a.pdf#x#y", True, True),
        ("https://www.example.com/a.pdf.html", False, False),
        ("https://www.war.gov/News/Releases/", False, False),
    ],
)
def test_media_and_attachments(url: str, media: bool, attachment: bool) -> None:
    assert (is_media_url(url), is_attachment(url)) == (media, attachment)


def test_url_host() -> None:
    assert url_host("https://WWW.War.gov.:443/x") == "www.war.gov"
    assert url_host("http://[::1]:8080/") == "::1"
    assert url_host("http://[::1/") == ""  # unclosed bracket: no host
    assert url_host("/relative/path") == ""


def test_wayback_original() -> None:
    capture = "https://web.archive.org/web/20080109122741id_/http://www.defenselink.mil/news/"
    assert wayback_original(capture) == "http://www.defenselink.mil/news/"
    assert wayback_original(capture + "?a=1") == "http://www.defenselink.mil/news/?a=1"
    assert wayback_original("https://web.archive.org/web/2008/") is None


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.War.gov.:443/News/Releases/?utm_source=x&Page=2#top",
         "www.war.gov/news/releases?page=2"),
        ("http://www.example.com:8080/A/?utm_x=1&b=a=c", "www.example.com:8080/A?b=a%3Dc"),
        ("http://www.example.com/A?fbclid=1&gclid=2&q=fbclid", "www.example.com/A?q=fbclid"),
        ("https://www.example.com:443/A/", "www.example.com/A"),
        ("https://www.example.com:80/A/", "www.example.com:80/A"),
        ("http://bare.host./x/", "bare.host/x"),
        ("http://www.example.com/A?fbclid=a=b&q=1", "www.example.com/A?q=1"),
        ("/News/Releases/", "/News/Releases"),  # no host
    ],
)  # fmt: skip
def test_url_key_exact(url: str, key: str) -> None:
    assert url_key(url) == key


def test_url_key_by_family() -> None:
    assert url_key("https://web.archive.org/web/2008id_/" + LEGACY_ARTICLE, family=True) == (
        "defense.gov/news/newsarticle.aspx?id=46641"
    )
    assert url_key("http://archive.defense.gov:8080/News/NewsArticle.aspx?ID=46641",
                   family=True) == "defense.gov/news/newsarticle.aspx?id=46641"  # fmt: skip
    assert url_key("http://[::1/x") == "http://[::1/x"  # cannot be parsed: itself
