"""File names derived from URLs, records or settings never leave the output folder.

Where names are derived: WARC files (``DODARCHIVE_WARC_PREFIX`` or the spider name, and
the host name), their ``.tail`` on recovery, and fixture case folders (``case_slug`` of
the record's URL). ``dodarchive extract`` writes only the paths it is given and hidden
temporary files beside them.
"""

from __future__ import annotations

import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
import scrapy
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from dodarchive.capture.middleware import WarcCaptureMiddleware
from dodarchive.capture.repair import recover_open_files
from dodarchive.capture.writer import WarcFileWriter
from dodarchive.fixtures import case_slug, save_case
from tests.synthetic_warc import write_warc
from tests.test_capture_records import EXCHANGE

HOSTILE = [
    "../../escape", "/etc/cron.d/x", "..", ".", "", "a\x00b", "x" * 1000, "..\\..\\win",
    "%2e%2e%2fup", "ünïcødé/名前", "-", "\n\r", "con", "a/../../b",
]  # fmt: skip


def write_with(tmp_path: Path, prefix: str, host: str) -> Path:
    out = tmp_path / "out"
    w = WarcFileWriter(
        out, prefix, host, max_size=10**9, info=[], now=lambda: datetime(2026, 1, 1, tzinfo=UTC)
    )
    w.write_exchange(EXCHANGE)
    final = w.close()
    assert final is not None
    return final


def inside(path: Path, folder: Path) -> bool:
    return path.resolve().parent == folder.resolve()


def test_warc_names_from_hostile_prefixes_and_hosts(tmp_path: Path) -> None:
    for n, bad in enumerate(HOSTILE):
        final = write_with(tmp_path / str(n), bad, bad)
        assert inside(final, tmp_path / str(n) / "out"), (bad, final)
        assert len(final.name.encode()) <= 255
        assert set(final.name) <= set(string.ascii_letters + string.digits + "._-"), final.name
        assert not final.name.startswith(".")
        assert {p.name for p in (tmp_path / str(n)).rglob("*")} == {"out", final.name}


def test_prefix_setting_cannot_escape(tmp_path: Path) -> None:
    class Named(scrapy.Spider):
        name = "../../spider"

    out = tmp_path / "a" / "warc"
    crawler = get_crawler(
        Named, {"DODARCHIVE_WARC_DIR": str(out), "DODARCHIVE_WARC_PREFIX": "../../../x/../y"}
    )
    crawler.stats.open_spider()
    mw = build_from_crawler(WarcCaptureMiddleware, crawler)
    mw.writer.write_exchange(EXCHANGE)
    final = mw.writer.close()
    assert final is not None
    assert inside(final, out)
    assert final.name.startswith("x_.._y-")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.warc.gz*")) == [
        f"a/warc/{final.name}"
    ]


def test_recovery_tail_stays_beside_its_file(tmp_path: Path) -> None:
    final = write_with(tmp_path, "../up", "h")
    data = final.read_bytes()
    final.unlink()
    opened = final.with_name(final.name + ".open")
    opened.write_bytes(data[:-7])
    (rec,) = recover_open_files(final.parent)
    assert rec.tail is not None
    assert inside(rec.tail, final.parent)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_case_slug_is_always_one_safe_path_part(url: str) -> None:
    slug = case_slug(url)
    assert 0 < len(slug) <= 80
    assert set(slug) <= set(string.ascii_lowercase + string.digits + "-")
    assert slug not in (".", "..")


def test_case_with_nothing_to_slug_is_not_the_template_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: ``http://www./`` gave an empty slug, so the case folder was the
    template folder itself, which ``--force`` would have deleted with all its cases."""
    warc = write_warc(tmp_path / "x.warc.gz", [("http://www./", "2026-01-01T00:00:00Z", b"<p>")])
    for url in ("http://www./", "http://-/", "http://./?&"):
        assert case_slug(url).startswith("case-")
    pages = tmp_path / "pages"
    keep = pages / "fallback" / "other-case" / "output.json"
    keep.parent.mkdir(parents=True)
    keep.write_text("{}")
    monkeypatch.setattr("dodarchive.fixtures.PAGES_DIR", pages)
    case = save_case(warc, 0, force=True)
    assert case.parent.parent == pages
    assert case.name == case_slug("http://www./")
    assert keep.read_text() == "{}"  # the other case survived
