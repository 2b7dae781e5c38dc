"""dodarchive's one HTTP(S) download handler: Scrapy's HTTP/1.1 handler plus small hooks.

:class:`HttpDownloadHandler` is Scrapy's ``HTTP11DownloadHandler`` with a list of
:class:`HttpHook` components around each download, built from the setting
``DODARCHIVE_HTTP_HOOKS`` (merged with ``DODARCHIVE_HTTP_HOOKS_BASE``; ``{path: order}``,
``None`` turns one off, like ``DOWNLOADER_MIDDLEWARES``). Each hook is built with
``from_crawler`` and raises ``NotConfigured`` when its setting is off. In order:

- ``dodarchive.frontier.politeness.HostPoliteness`` (100): with a Redis frontier
  (``DODARCHIVE_REDIS_URL``), waits for the host's send slot shared by all workers;
- :class:`ReplayRoute` (500): with ``DODARCHIVE_REPLAY_URL``, sends ``URL`` as
  ``GET /URL`` to the offline replay server and gives the response back under ``URL``;
- ``dodarchive.capture.wire.WireRecorder`` (900): with WARC capture on, records the raw
  status line, header lines and request head for the WARC writer.

``before`` runs in that order right before the request is handed to Twisted, ``after``
in reverse order on the response. Downloader middlewares therefore only ever see
original URLs, and WARC records of a replayed crawl name ``https://www.war.gov/...``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.exceptions import NotConfigured
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import build_from_crawler, load_object

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["HttpDownloadHandler", "HttpHook", "ReplayRoute", "build_hooks"]


class HttpHook:
    """A component of :class:`HttpDownloadHandler`; every method is optional."""

    def attach(self, handler: HttpDownloadHandler) -> None:
        """Called once with the handler that owns this hook (before any download)."""

    async def before(self, request: Request) -> Request:
        """The request to send for ``request`` (may wait first; may return another)."""
        return request

    def after(self, request: Request, response: Response) -> Response:
        """The response to hand on for ``request`` (``response`` is what was received)."""
        return response

    def close(self) -> None:
        """Release what the hook holds (connections); the handler is closing."""


def build_hooks(crawler: Crawler) -> list[HttpHook]:
    """The enabled hooks of ``DODARCHIVE_HTTP_HOOKS`` (with its ``_BASE``), in order."""
    hooks = []
    for path in build_component_list(crawler.settings.getwithbase("DODARCHIVE_HTTP_HOOKS")):
        try:
            hooks.append(build_from_crawler(load_object(path), crawler))
        except NotConfigured:
            continue
    return hooks


class HttpDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler running :class:`HttpHook` components around each download."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.hooks = build_hooks(crawler)
        for hook in self.hooks:
            hook.attach(self)

    async def download_request(self, request: Request) -> Response:
        """Download ``request``: every hook's ``before``, the download, every ``after``."""
        sent = request
        for hook in self.hooks:
            sent = await hook.before(sent)
        response: Response = await super().download_request(sent)
        for hook in reversed(self.hooks):
            response = hook.after(request, response)
        return response

    async def close(self) -> None:
        """Close the HTTP connection pool, then every hook."""
        await super().close()
        for hook in self.hooks:
            hook.close()


class ReplayRoute(HttpHook):
    """Send every request to the replay server at ``DODARCHIVE_REPLAY_URL`` instead.

    ``URL`` goes out as ``GET REPLAY/URL`` over real HTTP on loopback; the response comes
    back under the original ``URL``.
    """

    def __init__(self, replay_url: str) -> None:
        self.replay_url = replay_url.rstrip("/")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built when ``DODARCHIVE_REPLAY_URL`` is set."""
        url = str(crawler.settings.get("DODARCHIVE_REPLAY_URL") or "")
        if not url:
            raise NotConfigured("DODARCHIVE_REPLAY_URL is not set")
        return cls(url)

    async def before(self, request: Request) -> Request:
        """``request`` addressed to the replay server."""
        replaced: Request = request.replace(url=f"{self.replay_url}/{request.url}")
        return replaced

    def after(self, request: Request, response: Response) -> Response:
        """``response`` under ``request``'s (original) URL."""
        replaced: Response = response.replace(url=request.url)
        return replaced
