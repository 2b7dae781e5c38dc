"""The ``request.meta`` keys dodarchive components use to talk to each other.

One place for every key, so a spider, a middleware and the download handler can never
disagree on a spelling. Scrapy's own keys (``dont_redirect``, ``download_maxsize``...)
are Scrapy's and are not repeated here.
"""

from __future__ import annotations

__all__ = ["ALWAYS_FETCH", "ORIGINAL_URL", "REDIRECT_HOPS", "WIRE"]

#: True: fetch this request even if its URL is archived already (the incremental skip of
#: :mod:`dodarchive.downloadermiddlewares.archived` leaves it alone). The ``urls`` spider
#: sets it: a URL list is archived in full on every run.
ALWAYS_FETCH = "dodarchive_always_fetch"

#: The URL a page had on its site when it is fetched from a web archive
#: (``https://web.archive.org/web/<ts>id_/<original>``, the legacy spider's
#: ``source=wayback``). The WARC keeps the URL fetched as ``WARC-Target-URI`` and a
#: metadata record names this original URL.
ORIGINAL_URL = "dodarchive_original_url"

#: How many redirects the ``urls`` spider followed to reach this request (it follows them
#: itself, so it can check their scope; at most ``MAX_REDIRECTS``).
REDIRECT_HOPS = "dodarchive_redirect_hops"

#: The raw response head and request head of the last download of this request, set by
#: the download handler's wire recorder (:class:`dodarchive.capture.wire.WireRecorder`)
#: and taken (popped) by the WARC capture middleware.
WIRE = "dodarchive_wire"
