"""dedup: which captures are one article, and which capture wins."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from dodarchive.extract.captures import Deduplicator, capture_json, capture_sort_key, dedup_key
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


def test_dedup_key_of_url_keys_and_ids_with_colons() -> None:
    # a URL key is the family's (no www., no port); a colon in its path or in an id is kept
    assert dedup_key({"url": "http://www.example.com:8080/x/"}) == "url|example.com/x"
    assert dedup_key({"url": "https://www.example.com/"}) == "url|example.com"
    assert dedup_key({"url": "http://www.example.com/a:b/c:d"}) == "url|example.com/a:b/c:d"
    assert dedup_key({"url": "https://www.example.com/story/", "articleId": "a:b:c"}) == (
        "example.com|id|a:b:c"
    )


@pytest.mark.parametrize(
    ("source", "key"),
    [
        ({}, ("", "", 0, "")),
        ({"warcDate": "2025-11-02T05:00:00+05:00", "warcFile": "a.warc.gz", "offset": "12",
          "recordId": "<urn:uuid:1>"},
         ("2025-11-02T00:00:00.000000Z", "a.warc.gz", 12, "<urn:uuid:1>")),
        # a WARC-Date without a zone is UTC; fractions keep microseconds
        ({"warcDate": "2025-11-02T05:00:00.25"}, ("2025-11-02T05:00:00.250000Z", "", 0, "")),
        ({"warcDate": "2025-11-02T05:00:00Z"}, ("2025-11-02T05:00:00.000000Z", "", 0, "")),
        ({"warcDate": "yesterday"}, ("", "", 0, "")),
    ],
)  # fmt: skip
def test_capture_sort_key_exact(source: dict[str, object], key: tuple[str, str, int, str]) -> None:
    assert capture_sort_key(source) == key


def test_capture_sort_key_ignores_the_machines_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        assert capture_sort_key({"warcDate": "2025-11-02T05:00:00"})[0] == (
            "2025-11-02T05:00:00.000000Z"
        )
        assert capture_sort_key({"warcDate": "2025-11-02T05:00:00+01:00"})[0] == (
            "2025-11-02T04:00:00.000000Z"
        )
    finally:
        monkeypatch.undo()
        time.tzset()


def test_capture_json_is_compact_sorted_and_keeps_non_ascii() -> None:
    source = {"warcDate": "2025-11-02T05:00:00Z", "warcFile": "défense.warc.gz", "offset": 3}
    article = {"url": "https://www.war.gov/x", "firstSeen": "2025-11-01T00:00:00Z",
               "textHash": "abc", "source": source}  # fmt: skip
    assert capture_json(article) == (
        '{"date":"2025-11-01T00:00:00Z","source":{"offset":3,"warcDate":"2025-11-02T05:00:00Z",'
        '"warcFile":"défense.warc.gz"},"textHash":"abc","url":"https://www.war.gov/x",'
        '"warcDate":"2025-11-02T05:00:00Z"}'
    )
    del article["textHash"], article["firstSeen"]
    assert json.loads(capture_json(article))["textHash"] == ""
    assert json.loads(capture_json(article))["date"] is None


def test_deduplicator_spill_file_lives_in_the_folder_until_closed(tmp_path: Path) -> None:
    dedup = Deduplicator(tmp_path, prefix=".out.jsonl.123.")
    (spill,) = tmp_path.iterdir()
    assert spill.name.startswith(".out.jsonl.123.")
    assert spill.name.endswith(".tmp")
    dedup.close()
    dedup.close()  # idempotent
    assert list(tmp_path.iterdir()) == []
    default = Deduplicator(tmp_path)
    (spill,) = tmp_path.iterdir()
    assert spill.name.startswith(".dedup.")
    assert spill.name.endswith(".tmp")
    default.close()
    memory = Deduplicator()
    memory.close()
    memory.close()
    assert list(tmp_path.iterdir()) == []


def test_deduplicator_keeps_the_first_of_equal_captures_and_orders_keys() -> None:
    dedup = Deduplicator()
    one = Seen("h", 2, ("2025-01-01T00:00:00.000000Z", "a.warc.gz", 1, "<urn:1>"), "c1")
    assert dedup.offer("b-key", one, 0) is True
    assert dedup.offer("b-key", one, 1) is False  # the same choice again: not better
    assert dedup.offer("a-key", one, 2) is True
    dedup.choose("a-key", 9)
    dedup.choose("b-key", 4)
    assert len(dedup) == 2
    assert [k for k, _, _ in dedup.articles()] == ["b-key", "a-key"]
    assert [k for k, _, _ in dedup.articles(order="key")] == ["a-key", "b-key"]
    assert [k for k, _, _ in dedup.articles(order="chosen")] == ["b-key", "a-key"]
    (_, captures, spots), _ = dedup.articles()
    assert captures == [one, one]
    assert spots == {"h": 0}
    dedup.close()
