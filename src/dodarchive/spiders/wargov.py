"""``wargov``: every current war.gov (formerly defense.gov) press section.

Entry points are the section listings and RSS feeds of the ``wargov`` row of the site
table; listings are paged with ``?Page=N`` until the last page, or until a page lists an
article older than ``-a since=YYYY-MM-DD``.
"""

from __future__ import annotations

from dodarchive.spiders.base import TableSpider


class WarGovSpider(TableSpider):
    """News stories, releases, transcripts, speeches, advisories and contracts."""

    name = "wargov"
    site_names: tuple[str, ...] = ("wargov",)
