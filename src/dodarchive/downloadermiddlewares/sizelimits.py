"""Scrapy's response decompression, with the size limits it enforces counted in stats.

Scrapy already refuses oversized downloads: the download handler cancels a body over
``DOWNLOAD_MAXSIZE`` (declared or as it streams in), and ``HttpCompressionMiddleware``
stops inflating a body once it passes ``DOWNLOAD_MAXSIZE`` (a decompression bomb: 10 MB
of gzip inflating to gigabytes) and drops the response with ``IgnoreRequest``. Both are
only logged as warnings. This subclass, in the same slot (590), also counts them:
``dodarchive/limits/download_maxsize`` and ``dodarchive/limits/decompressed_maxsize``.

The WARC writer (950) sees a response before this middleware does, so a bomb is still
archived as received (its compressed bytes); only the crawl stops handling it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.http import Response

__all__ = ["SizeLimitedCompressionMiddleware"]


class SizeLimitedCompressionMiddleware(HttpCompressionMiddleware):
    """``HttpCompressionMiddleware`` that counts the downloads refused for their size."""

    def process_response(  # type: ignore[override]  # Scrapy no longer passes spider
        self, request: Request, response: Response
    ) -> Request | Response:
        """Decode the body like Scrapy; count a refusal (decompression over the limit)."""
        try:
            result: Request | Response = super().process_response(request, response)
        except IgnoreRequest:
            if self.stats is not None:
                self.stats.inc_value("dodarchive/limits/decompressed_maxsize")
            raise
        return result

    def process_exception(self, request: Request, exception: Exception) -> None:
        """Count downloads the handler cancelled for exceeding ``DOWNLOAD_MAXSIZE``.

        Scrapy's HTTP/1.1 handler cancels a download only for that: with a message when
        the declared length is too large, without one when the body grows past it.
        """
        if isinstance(exception, DownloadCancelledError) and self.stats is not None:
            self.stats.inc_value("dodarchive/limits/download_maxsize")
