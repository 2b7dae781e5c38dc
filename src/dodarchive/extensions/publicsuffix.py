"""No download of the Public Suffix List: Scrapy's cookie checks use tldextract's snapshot.

Scrapy's ``CookiesMiddleware`` asks tldextract whether a cookie's domain is a public
suffix. On a fresh cache tldextract downloads the list from publicsuffix.org (or
GitHub), which breaks the promise that a crawl fetches nothing off the site table, and
leaves lock files in ``~/.cache``. This extension replaces the extractor the middleware
module uses with one built from the snapshot bundled in tldextract
(``suffix_list_urls=()``, no disk cache), before the first request. It reaches into a
private name of Scrapy (``scrapy.downloadermiddlewares.cookies._split_domain``); a Scrapy
without it stops the crawl at start with one line rather than fetching.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from tldextract import TLDExtract

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

__all__ = ["BundledSuffixList", "offline_extractor", "use_bundled_suffix_list"]


def offline_extractor() -> TLDExtract:
    """A tldextract extractor that never fetches and never touches a cache folder."""
    return TLDExtract(
        cache_dir=None,
        suffix_list_urls=(),
        fallback_to_snapshot=True,
        include_psl_private_domains=True,  # what Scrapy's cookie middleware asks for
    )


def use_bundled_suffix_list() -> None:
    """Point Scrapy's cookie middleware at :func:`offline_extractor`; idempotent."""
    from scrapy.downloadermiddlewares import cookies

    if not isinstance(getattr(cookies, "_split_domain", None), TLDExtract):
        raise RuntimeError(
            "this Scrapy has no scrapy.downloadermiddlewares.cookies._split_domain; "
            "dodarchive cannot keep tldextract from downloading the Public Suffix List"
        )
    current = cookies._split_domain
    if current.suffix_list_urls or current.fallback_to_snapshot is not True:
        cookies._split_domain = offline_extractor()


class BundledSuffixList:
    """Extension: :func:`use_bundled_suffix_list` when the crawler is built."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built for every crawl (it has no setting)."""
        use_bundled_suffix_list()
        return cls()
