"""SecretsFilter: log records lose URL passwords and secret settings' values.

Scrapy's "Overridden settings" line lists only settings Scrapy itself defines; the
crawl-level check with dodarchive's own settings is in tests/security.
"""

from __future__ import annotations

import logging

import scrapy
from scrapy.utils.test import get_crawler

from dodarchive.extensions.logsecrets import OVERRIDDEN, SecretsFilter, public_settings


class UnitSpider(scrapy.Spider):
    name = "unit"


SETTINGS = {
    "HTTPAUTH_PASS": "pw-1",
    "AWS_SECRET_ACCESS_KEY": "pw-2",
    "USER_AGENT": "bot (+https://ua:pw-3@example.org/)",
    "GCS_PROJECT_ID": "pw-4",
    "DOWNLOAD_DELAY": 3,
}


def record(msg: str, args: object) -> logging.LogRecord:
    return logging.LogRecord("scrapy.crawler", logging.INFO, __file__, 1, msg, args, None)  # type: ignore[arg-type]


def test_overridden_settings_line_keeps_names_not_secret_values() -> None:
    crawler = get_crawler(UnitSpider, SETTINGS)
    public = public_settings(crawler.settings)
    assert {k: public[k] for k in SETTINGS} == {
        "HTTPAUTH_PASS": "<redacted>",
        "AWS_SECRET_ACCESS_KEY": "<redacted>",
        "USER_AGENT": "bot (+https://<redacted>@example.org/)",
        "GCS_PROJECT_ID": "<redacted>",
        "DOWNLOAD_DELAY": 3,
    }
    rec = record(OVERRIDDEN, ({"settings": repr(dict(crawler.settings))},))
    assert SecretsFilter(crawler.settings).filter(rec)
    message = rec.getMessage()
    assert "pw-" not in message
    assert "'HTTPAUTH_PASS': '<redacted>'" in message


def test_url_credentials_are_removed_from_any_record() -> None:
    log_filter = SecretsFilter(get_crawler(UnitSpider, {}).settings)
    rec = record("Crawled %s via %s", ("https://www.war.gov/", "http://bob:pw-5@proxy:3128"))
    assert log_filter.filter(rec)
    assert rec.getMessage() == "Crawled https://www.war.gov/ via http://<redacted>@proxy:3128"
    plain = record("Crawled %d pages", (3,))
    assert log_filter.filter(plain)
    assert (plain.msg, plain.args) == ("Crawled %d pages", (3,))  # untouched
