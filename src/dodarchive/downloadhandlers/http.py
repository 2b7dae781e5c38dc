"""A Scrapy download handler that can fetch from the offline replay server.

With ``DODARCHIVE_REPLAY_URL`` set (``http://127.0.0.1:PORT``), every request for
``URL`` is sent as ``GET /URL`` to the replay server over real HTTP on loopback, and the
response comes back under the original ``URL``. Downloader middlewares therefore only
ever see original URLs, so WARC records written during a replayed crawl name
``https://www.war.gov/...``, never ``127.0.0.1``. Without the setting it is Scrapy's
ordinary HTTP/1.1 handler. With WARC capture on, it also keeps each response's raw status
line and header lines for the writer (:mod:`dodarchive.capture.wire`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler

from dodarchive.capture import wire

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["ReplayingDownloadHandler"]


CAPTURE_MIDDLEWARE = "dodarchive.capture.middleware.WarcCaptureMiddleware"


def _capturing(crawler: Crawler) -> bool:
    """True when the WARC capture middleware is on (it removes the wire pseudo header)."""
    settings = crawler.settings
    mws = settings.get_component_priority_dict_with_base("DOWNLOADER_MIDDLEWARES")
    on = any(
        (k if isinstance(k, str) else f"{k.__module__}.{k.__qualname__}") == CAPTURE_MIDDLEWARE
        and v is not None
        for k, v in mws.items()
    )
    return on and settings.getbool("DODARCHIVE_WARC_ENABLED")


class ReplayingDownloadHandler(HTTP11DownloadHandler):
    """HTTP(S) download handler that routes to ``DODARCHIVE_REPLAY_URL`` when it is set."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        replay = crawler.settings.get("DODARCHIVE_REPLAY_URL") or ""
        self.replay_url: str = str(replay).rstrip("/")
        # Keep the raw status line and headers for the WARC writer (dodarchive.capture).
        self.records_wire = _capturing(crawler) and wire.install(self)

    async def download_request(self, request: Request) -> Response:
        """Download ``request``; through the replay server if one is configured."""
        if not self.replay_url:
            response: Response = await super().download_request(request)
            return response
        routed = request.replace(url=f"{self.replay_url}/{request.url}")
        response = await super().download_request(routed)
        return response.replace(url=request.url)
