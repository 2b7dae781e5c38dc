"""No secrets in ``warcinfo``: only allow-listed settings, URL credentials redacted.

The contact e-mail is the one personal detail a warcinfo record is meant to carry.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import scrapy
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from dodarchive.capture.middleware import warcinfo_fields
from tests.conftest import ReplayProcess, dodarchive_cmd, subprocess_env

CONTACT = "archivist@example.org"
SECRETS = {
    "DODARCHIVE_REDIS_URL": "redis://:redis-SECRET-1@10.0.0.5:6379/0",
    "REDIS_URL": "redis://crawler:redis-SECRET-2@10.0.0.5:6379",
    "SCHEDULER_REDIS_URL": "rediss://default:redis-SECRET-3@cache.example:6380/1",
    "HTTPPROXY_PROXY": "http://bob:proxy-SECRET-4@proxy.example:3128",
    "AWS_ACCESS_KEY_ID": "AKIA-SECRET-5",
    "AWS_SECRET_ACCESS_KEY": "aws-SECRET-6",
    "AWS_SESSION_TOKEN": "aws-SECRET-7",
    "GCS_PROJECT_ID": "gcs-SECRET-8",
    "DODARCHIVE_API_TOKEN": "api-SECRET-9",
    "FEEDS": '{"s3://key:feed-SECRET-10@bucket/items.jsonl": {"format": "jsonlines"}}',
    "TELNETCONSOLE_PASSWORD": "telnet-SECRET-11",
}


class InfoSpider(scrapy.Spider):
    name = "info"
    http_user = "bob"
    http_pass = "auth-SECRET-12"


def test_secret_settings_never_reach_warcinfo() -> None:
    crawler = get_crawler(
        InfoSpider,
        {
            **SECRETS,
            "DODARCHIVE_CONTACT": CONTACT,
            # Allow-listed settings that may carry credentials in a URL are redacted.
            "DODARCHIVE_REPLAY_URL": "http://replay:replay-SECRET-13@127.0.0.1:9",
            "USER_AGENT": f"dodarchive (+https://ua:ua-SECRET-14@example.org/; {CONTACT})",
        },
    )
    fields = dict(warcinfo_fields(crawler, "info", "box"))
    text = "\n".join(f"{k}: {v}" for k, v in fields.items())
    assert "SECRET" not in text
    assert fields["operator"] == CONTACT
    assert fields["http-header-user-agent"] == (
        f"dodarchive (+https://<redacted>@example.org/; {CONTACT})"
    )
    assert "DODARCHIVE_REPLAY_URL=http://<redacted>@127.0.0.1:9" in fields["dodarchive-settings"]


def test_crawl_warcinfo_has_contact_and_no_secret(
    tmp_path: Path, replay_server: ReplayProcess
) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(
        "https://www.defense.gov/News/Releases/Release/Article/3981590/dod-announces-2024-defense-acquisition-awards/\n"
    )
    out = tmp_path / "warc"
    args = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", f"DODARCHIVE_CONTACT={CONTACT}",
            "-s", f"DODARCHIVE_REPLAY_URL={replay_server.url}"]  # fmt: skip
    for name, value in SECRETS.items():
        if name != "FEEDS":  # a FEEDS value would start a feed export
            args += ["-s", f"{name}={value}"]
    result = subprocess.run(
        [*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls), "--out", str(out), *args],
        capture_output=True, text=True, env=subprocess_env(), check=False, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "-SECRET-" not in result.stderr  # no value, not even in "Overridden settings"
    (path,) = out.glob("*.warc.gz")
    assert b"SECRET" not in path.read_bytes()
    with path.open("rb") as fh:
        records = [
            (r.rec_type, r.rec_headers.to_bytes(), r.content_stream().read())
            for r in ArchiveIterator(fh)
        ]
    assert [t for t, _, _ in records] == ["warcinfo", "response", "request"] * 1 + [
        "response",
        "request",
    ]  # robots.txt, then the page
    assert f"operator: {CONTACT}\r\n".encode() in records[0][2]
    for _, head, body in records:  # inflated: nothing hides in a gzip member either
        assert b"SECRET" not in head + body
