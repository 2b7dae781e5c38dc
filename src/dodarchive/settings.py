"""Scrapy project settings for dodarchive (``scrapy.cfg`` points here).

Every dodarchive-specific setting is prefixed ``DODARCHIVE_``. Defaults are polite:
robots.txt obeyed, AutoThrottle on, at least one second between requests to a host.
"""

from __future__ import annotations

from dodarchive import __version__

BOT_NAME = "dodarchive"
SPIDER_MODULES = ["dodarchive.spiders"]
NEWSPIDER_MODULE = "dodarchive.spiders"

#: Operator contact, put in the User-Agent and the warcinfo record. Live crawls need it.
DODARCHIVE_CONTACT = ""
USER_AGENT = f"dodarchive/{__version__} (+https://github.com/dodarchive/dodarchive)"

#: Base URL of a running ``dodarchive replay`` server; requests are routed to it.
DODARCHIVE_REPLAY_URL = ""

ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"

DOWNLOAD_HANDLERS = {
    "http": "dodarchive.replay.handler.ReplayingDownloadHandler",
    "https": "dodarchive.replay.handler.ReplayingDownloadHandler",
}
