"""Scrapy project settings for dodarchive (``scrapy.cfg`` points here).

Every dodarchive-specific setting is prefixed ``DODARCHIVE_``. Defaults are polite:
robots.txt obeyed, AutoThrottle on, at least one second between requests to a host.
"""

from __future__ import annotations

import os

from dodarchive import __version__

BOT_NAME = "dodarchive"
SPIDER_MODULES = ["dodarchive.spiders"]
NEWSPIDER_MODULE = "dodarchive.spiders"

#: Operator contact, put in the User-Agent and the warcinfo record. Live crawls need it:
#: ``-s DODARCHIVE_CONTACT=you@example.org``, or the environment variable of that name.
DODARCHIVE_CONTACT = os.environ.get("DODARCHIVE_CONTACT", "")
USER_AGENT = f"dodarchive/{__version__} (+https://github.com/dodarchive/dodarchive)"

#: Base URL of a running ``dodarchive replay`` server; requests are routed to it.
DODARCHIVE_REPLAY_URL = ""

ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
# No jitter: Scrapy's default draws 0.5-1.5 x DOWNLOAD_DELAY, i.e. as little as 0.5 s.
# AutoThrottle never goes below DOWNLOAD_DELAY, so 1 s per host is the floor.
DOWNLOAD_DELAY_JITTER = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 16 * 1024 * 1024
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19's RemoteControl: a localhost HTTP server that runs any Python code sent with
# its token, which it writes to a job file in ~/.local/state (left behind by a killed
# crawl). An archiving crawler needs no code-execution endpoint.
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "INFO"

# One HTTP(S) handler (dodarchive.downloadhandlers.http); every other scheme is off, so a
# file://, ftp://, s3:// or data: URL is never fetched (nor archived as a fake 200).
DOWNLOAD_HANDLERS = {
    "http": "dodarchive.downloadhandlers.http.HttpDownloadHandler",
    "https": "dodarchive.downloadhandlers.http.HttpDownloadHandler",
    "data": None,
    "file": None,
    "ftp": None,
    "s3": None,
}
#: Hooks of the HTTP handler, ``{path: order}`` like DOWNLOADER_MIDDLEWARES (None turns one
#: off). Each is on only when its own setting is: politeness with DODARCHIVE_REDIS_URL,
#: replay routing with DODARCHIVE_REPLAY_URL, wire recording with DODARCHIVE_WARC_ENABLED.
DODARCHIVE_HTTP_HOOKS_BASE = {
    "dodarchive.frontier.politeness.HostPoliteness": 100,
    "dodarchive.downloadhandlers.http.ReplayRoute": 500,
    "dodarchive.capture.wire.WireRecorder": 900,
}
DODARCHIVE_HTTP_HOOKS: dict[str, int | None] = {}

# --- WARC capture (dodarchive.capture) -------------------------------------------------
# Every exchange, robots.txt and redirects included, is written to WARC/1.1 files by the
# downloader middleware at 950: after HttpCompression (590) and Redirect (600) in request
# order, so it is the first to see raw, still-encoded responses and 3xx before they are
# followed. See docs/crawling.md, "What goes into the WARCs".
DODARCHIVE_WARC_ENABLED = True
#: Output folder (``dodarchive crawl --out``).
DODARCHIVE_WARC_DIR = "warc"
#: File name prefix; empty means the spider's name.
DODARCHIVE_WARC_PREFIX = ""
#: Start a new file once the current one has reached this many bytes (Heritrix: 1 GB).
DODARCHIVE_WARC_MAX_SIZE = 1_000_000_000
#: Only codings warcio can undo; zstd/br are never asked for.
DODARCHIVE_WARC_ACCEPT_ENCODING = "gzip, deflate"
#: Digest index class for revisit records (dotted path; empty turns dedup off).
DODARCHIVE_WARC_DEDUP_INDEX = "dodarchive.capture.dedup.SqliteDigestIndex"
#: sqlite file of the default index; empty means ``DODARCHIVE_WARC_DIR/dedup.sqlite3``.
DODARCHIVE_WARC_DEDUP_PATH = ""
#: Payloads smaller than this are always stored in full (an empty body is never a revisit).
DODARCHIVE_WARC_DEDUP_MIN_SIZE = 1
#: Close the spider after this many exchanges could not be written (a full disk); each is
#: counted in ``dodarchive/warc/errors`` and ``dodarchive crawl`` then exits 1.
DODARCHIVE_WARC_MAX_WRITE_ERRORS = 3
#: The WARC being written is fsynced at most this many seconds apart (and whenever a
#: payload stored since comes again, and on close); only then are its payloads confirmed
#: in the digest index, so the index never names a record a power cut could take.
DODARCHIVE_WARC_SYNC_INTERVAL = 1.0
#: Request headers stored with the value ``<redacted>`` (names kept); warcinfo says so.
#: ``Proxy-Authorization`` is never stored at all.
DODARCHIVE_WARC_REDACT_HEADERS = ["Authorization", "Cookie"]

# --- Spiders: scope, politeness, incremental and resumable crawls (issue 4) -------------
# Every request, redirect targets included, must be on the site table
# (src/dodarchive/data/sites.toml); the User-Agent carries DODARCHIVE_CONTACT, and a live
# crawl without one is refused; JOBDIR jobs survive a kill.
#: Check every request against the site table (off only for special test setups).
DODARCHIVE_SCOPE_ENABLED = True
#: Fetch images and attachments (PDFs); ``dodarchive crawl --with-media`` sets it.
DODARCHIVE_WITH_MEDIA = False
#: Largest media file fetched with DODARCHIVE_WITH_MEDIA, in bytes.
DODARCHIVE_MEDIA_MAXSIZE = 32 * 1024 * 1024
#: SkipArchivedMiddleware reads the URLs already archived in DODARCHIVE_WARC_DIR
#: (*.warc.gz, *.warc.gz.open, *.cdxj) and skips those article pages.
#: Fetch already-archived article pages again (``--recrawl``); unchanged ones become
#: revisit records.
DODARCHIVE_RECRAWL = False

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100), so even robots.txt requests are scope-checked.
    "dodarchive.downloadermiddlewares.scope.ScopeMiddleware": 50,
    "dodarchive.downloadermiddlewares.archived.SkipArchivedMiddleware": 60,
    "scrapy.downloadermiddlewares.useragent.UserAgentMiddleware": None,
    "dodarchive.downloadermiddlewares.useragent.ContactUserAgentMiddleware": 500,
    # Scrapy's decompression, counting what DOWNLOAD_MAXSIZE refuses (bombs included).
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "dodarchive.downloadermiddlewares.sizelimits.SizeLimitedCompressionMiddleware": 590,
    # The WARC writer: after HttpCompression (590) and Redirect (600) in request order, so
    # it sees raw, still-encoded responses and 3xx before they are followed.
    "dodarchive.capture.middleware.WarcCaptureMiddleware": 950,
    # Bot-protection refusals: below the writer, so they are archived as received first.
    "dodarchive.downloadermiddlewares.refusals.RefusalsMiddleware": 940,
    # process_response runs high to low: 990 drops a live response from a private address
    # before the WARC writer or anything else sees it.
    "dodarchive.downloadermiddlewares.scope.AddressGuardMiddleware": 990,
}
# --- Web-archive source (``-a source=wayback``; dodarchive.wayback) ---------------------
#: Seconds between two requests to web.archive.org (its own slot, one at a time).
DODARCHIVE_WAYBACK_DELAY = 4.0
#: CDX rows asked for per page (pages are chained with resume keys).
DODARCHIVE_WAYBACK_CDX_LIMIT = 10000

# --- Refusals (dodarchive.downloadermiddlewares.refusals) ------------------------------
#: Detect CDN refusals, rate limits and challenge pages; back off; give a host up.
DODARCHIVE_REFUSALS_ENABLED = True
#: Consecutive refusals after which a host is no longer asked.
DODARCHIVE_REFUSALS_MAX = 5
#: First backoff in seconds after a refusal; doubled with each refusal in a row.
DODARCHIVE_REFUSALS_BACKOFF = 30.0
#: Longest backoff, whatever Retry-After asks for.
DODARCHIVE_REFUSALS_BACKOFF_MAX = 3600.0

# Names that resolve to private, loopback or link-local addresses are never connected to.
TWISTED_DNS_RESOLVER = "dodarchive.resolver.PublicAddressResolver"
EXTENSIONS = {
    "dodarchive.extensions.jobdir.JobDirGuard": 0,
    # No credential in the log, not even in Scrapy's "Overridden settings" line.
    "dodarchive.extensions.logsecrets.LogSecrets": 0,
    # Scrapy's cookie checks use tldextract's bundled suffix list: nothing is downloaded.
    "dodarchive.extensions.publicsuffix.BundledSuffixList": 0,
    "dodarchive.extensions.progress.ProgressLine": 500,
}
#: Status line of a crawl on stderr: ``auto`` (when it is a terminal), ``on`` or ``off``.
DODARCHIVE_PROGRESS = "auto"
#: Seconds between two status lines.
DODARCHIVE_PROGRESS_INTERVAL = 10.0
#: Redis hash of :class:`dodarchive.capture.redisindex.RedisDigestIndex` (``--redis``).
DODARCHIVE_WARC_DEDUP_REDIS_KEY = "dodarchive:digests"
#: This worker's id in a shared crawl frontier; WARC names end ``-HOST-ID``. With
#: ``--redis`` and no id given, Redis hands out ``w1``, ``w2``, ...
DODARCHIVE_WORKER_ID = ""

# --- Shared crawl frontier (dodarchive.frontier; ``dodarchive crawl --redis URL``) ------
#: Redis URL of the frontier; empty means a local, single-process crawl.
DODARCHIVE_REDIS_URL = ""
#: Name of the crawl whose queue/dupefilter/leases the workers share; empty: the spider's.
DODARCHIVE_FRONTIER_JOB = ""
#: Seconds a silent worker's leased requests stay its own before others take them back.
DODARCHIVE_FRONTIER_LEASE_TTL = 30.0
#: Minimum seconds between two requests to one host, over all workers; empty: DOWNLOAD_DELAY.
DODARCHIVE_FRONTIER_HOST_DELAY = ""
