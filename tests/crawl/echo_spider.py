"""A test-only spider: fetches the URLs in ``-a urls=U1,U2`` and reports what it saw.

Used by the replay tests with ``scrapy runspider`` to show that responses crawled
through the replay server keep their original URLs.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response


class EchoSpider(scrapy.Spider):
    name = "echo"
    custom_settings = {  # noqa: RUF012
        "ROBOTSTXT_OBEY": False,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "HTTPERROR_ALLOW_ALL": True,
    }

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = [u for u in urls.split(",") if u]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True)

    def parse(self, response: Response) -> Iterator[dict[str, Any]]:
        yield {
            "requested": response.meta.get("redirect_urls", [response.request.url])[0]
            if response.request
            else None,
            "url": response.url,
            "status": response.status,
            "sha256": hashlib.sha256(response.body).hexdigest(),
            "redirects": response.meta.get("redirect_urls", []),
        }
