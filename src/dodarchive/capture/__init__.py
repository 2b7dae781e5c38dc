"""WARC capture for Scrapy crawls: record building, rolling files, dedup, the middleware.

Data flow: :mod:`.middleware` turns each downloaded exchange into an
:class:`~.records.Exchange`; :mod:`.dedup` says whether its payload was archived before;
:mod:`.writer` appends the request and response (or revisit) records to the current
``*.warc.gz.open`` file built by :mod:`.records`; :mod:`.repair` recovers files left open
by a crashed crawl; :mod:`.wire` lets the download handler keep the raw status line,
header lines and sent request head that Scrapy would otherwise drop.
"""
