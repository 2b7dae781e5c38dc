"""Keep credentials out of the crawl log.

Scrapy logs every setting that differs from its defaults ("Overridden settings"), so
``-s HTTPAUTH_PASS=...`` or a Redis URL with a password would land in the log. This
extension, built before that line is written, adds a :class:`SecretsFilter` to Scrapy's
log handler (and to the ``scrapy.crawler`` logger): every record has URL credentials
(``user:password@``) replaced by ``<redacted>``, and the settings line is rewritten with
the values of secret-looking settings redacted (:data:`SECRET_NAME`: names with
``PASS``, ``SECRET``, ``TOKEN``, ``KEY``, ``AUTH``, ``CREDENTIAL``, ``ACCOUNT``,
``PROJECT_ID`` or ``COOKIE``). That is a deny-list: a secret under another name is only
caught if it is a URL with credentials.
"""

from __future__ import annotations

import logging
import pprint
import re
from typing import TYPE_CHECKING, Any, Self

from scrapy.settings import overridden_settings
from scrapy.utils.log import get_scrapy_root_handler

from dodarchive.redaction import redact

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

__all__ = ["SECRET_NAME", "LogSecrets", "SecretsFilter", "public_settings"]

#: Setting names whose values are never logged.
SECRET_NAME = re.compile(
    r"PASS|SECRET|TOKEN|KEY|AUTH|CREDENTIAL|ACCOUNT|PROJECT_ID|COOKIE", re.IGNORECASE
)
OVERRIDDEN = "Overridden settings:\n%(settings)s"


def public_settings(settings: BaseSettings) -> dict[str, Any]:
    """Scrapy's overridden settings, secret values replaced by ``<redacted>``."""
    out: dict[str, Any] = {}
    for name, value in overridden_settings(settings):
        if SECRET_NAME.search(name):
            out[name] = "<redacted>"
        else:
            out[name] = redact(value) if isinstance(value, str) else value
    return out


class SecretsFilter(logging.Filter):
    """Rewrites log records so they carry no credentials (see the module docstring)."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__()
        self.settings = settings

    def filter(self, record: logging.LogRecord) -> bool:
        """Always keep ``record``; redact it in place first."""
        if record.msg == OVERRIDDEN:
            record.args = {"settings": pprint.pformat(public_settings(self.settings))}
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a broken format: leave it to the handler
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


class LogSecrets:
    """Extension installing :class:`SecretsFilter` for the crawl."""

    def __init__(self, log_filter: SecretsFilter) -> None:
        self.filter = log_filter
        logging.getLogger("scrapy.crawler").addFilter(log_filter)
        handler = get_scrapy_root_handler()
        if handler is not None:
            handler.addFilter(log_filter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built for every crawl (it has no setting)."""
        return cls(SecretsFilter(crawler.settings))
