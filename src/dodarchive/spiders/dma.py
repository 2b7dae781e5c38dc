"""``dma``: af.mil and the sibling DMA (Defense Media Activity) ArticleCS sites.

For every article listed in a feed or section listing it fetches the display page AND
its print view (``/DesktopModules/ArticleCS/Print.aspx?PortalId=1&ModuleId=M&Article=N``,
``M`` fixed per section in the site table): print views are lighter and cleaner, and
they are what earlier archives of af.mil kept. ``-a sites=afmil`` limits the sites.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy

from dodarchive.sites import print_view_url, table
from dodarchive.spiders.base import TableSpider


class DmaSpider(TableSpider):
    """af.mil first, then the siblings; display pages plus print views."""

    name = "dma"
    site_names: tuple[str, ...] = ("afmil", "dma")

    def __init__(self, sites: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if sites:
            names = tuple(s.strip() for s in sites.split(",") if s.strip())
            unknown = [n for n in names if n not in table().sites or not table().sites[n].dma]
            if unknown:
                raise ValueError(f"not DMA sites of the table: {', '.join(unknown)}")
            self.site_names = names

    def article_requests(self, url: str) -> Iterator[scrapy.Request]:
        """The display page, then its print view when the section's ModuleId is known."""
        yield self.make_request(url, self.parse_article)
        printable = print_view_url(url)
        if printable is None:
            self.crawler.stats.inc_value("dodarchive/spider/no_print_view")
            return
        yield self.make_request(printable, self.parse_article)
