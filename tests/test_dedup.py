"""dedup: which captures are one article, and which capture wins."""

from __future__ import annotations

import pytest

from dodarchive.extract.captures import Deduplicator, capture_sort_key, dedup_key
from dodarchive.history.versions import Seen, fold


@pytest.mark.parametrize(
    ("url", "article_id", "key"),
    [
        ("https://www.defense.gov/News/Releases/Release/Article/3981590/dod-announces/", "3981590",
         "defense.gov|article|3981590"),
        ("https://war.gov/News/Releases/Release/Article/3981590/", None,
         "defense.gov|article|3981590"),
        ("http://www.af.mil/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=850&Article=642693",
         None, "af.mil|article|642693"),
        ("https://www.af.mil/News/Article-Display/Article/642693/slug/", "642693",
         "af.mil|article|642693"),
        ("http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512", "10512",
         "defense.gov|release.aspx|10512"),
        ("http://archive.defense.gov/news/newsarticle.aspx?id=46641", "46641",
         "defense.gov|newsarticle.aspx|46641"),
        ("https://www.war.gov/About/?utm_source=x", None, "url|defense.gov/about"),
        # click ids from shared links are no part of the page either (real forms: Facebook
        # appends fbclid=, Google Ads gclid=); other query parameters stay
        ("https://www.war.gov/About/?fbclid=IwAR0abc", None, "url|defense.gov/about"),
        ("https://www.war.gov/About/?gclid=Cj0KCQ&page=2", None, "url|defense.gov/about?page=2"),
        # issue 15's hosts and forms: one article across hosts, eras and views
        ("https://dod.defense.gov/News/Article/Article/1649146/mattis-visits/", None,
         "defense.gov|article|1649146"),
        ("https://www.defense.gov/Explore/News/Article/Article/1649146/", None,
         "defense.gov|article|1649146"),
        ("https://www.war.gov/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=7&Article=1649146",
         None, "defense.gov|article|1649146"),
        ("http://www.defense.gov/utility/printitem.aspx?print=http://www.defense.gov/news/newsarticle.aspx?id=46641",
         None, "defense.gov|newsarticle.aspx|46641"),
        ("https://web.archive.org/web/20080109122741id_/http://www.defenselink.mil/Releases/Release.aspx?ReleaseID=10512",
         "10512", "defense.gov|release.aspx|10512"),
        ("http://www.defenselink.mil/news/Mar2002/b03052002_bt103-02.html", None,
         "defense.gov|static|b03052002_bt103-02"),
        ("https://www.army.mil/article-amp/240668/x", None, "army.mil|article|240668"),
        ("https://army.mil/article/240668/x", None, "army.mil|article|240668"),
        ("http://www.navy.mil/search/print.asp?story_id=54321", None, "navy.mil|story_id|54321"),
        ("https://www.navy.mil/Press-Office/News-Stories/Article/54321/x/", None,
         "navy.mil|article|54321"),
        ("https://www.example.com/story/9?fbclid=1", "9", "example.com|id|9"),
    ],
)  # fmt: skip
def test_dedup_key(url: str, article_id: str | None, key: str) -> None:
    assert dedup_key({"url": url, "articleId": article_id, "canonicalUrl": None}) == key


def test_canonical_url_is_preferred_without_an_id() -> None:
    article = {"url": "https://www.war.gov/x?a=1", "canonicalUrl": "https://www.defense.gov/Y/"}
    assert dedup_key(article) == "url|defense.gov/y"


def test_newest_wins_and_ties_are_deterministic() -> None:
    def key(date: str, warc: str, offset: int) -> tuple[str, str, int, str]:
        return capture_sort_key({"warcDate": date, "warcFile": warc, "offset": offset})

    # Same instant written two ways; "a" < "b" breaks the tie whatever the arrival order.
    early = key("2025-01-01T00:00:00Z", "b.warc.gz", 5)
    same = key("2025-01-01T00:00:00.000000+00:00", "a.warc.gz", 9)
    late = key("2025-01-01T00:00:01Z", "a.warc.gz", 1)
    assert early > same
    assert key("not a date", "z", 0) < same
    for order in ([early, same, late], [late, same, early], [same, late, early]):
        dedup = Deduplicator()
        spilled = []
        for position, sort_key in enumerate(order):
            seen = Seen("h", 2, sort_key, f"capture@{sort_key[1]}{sort_key[2]}")
            if dedup.offer("k", seen, position):
                spilled.append(position)
        ((_key, captures, spots),) = list(dedup.articles())
        versions = fold(captures)
        assert [s.capture for s in versions[0].captures] == [
            "capture@a.warc.gz9", "capture@b.warc.gz5", "capture@a.warc.gz1"
        ]  # fmt: skip
        assert spots == {"h": order.index(late)}
        assert spilled[-1] == order.index(late)
