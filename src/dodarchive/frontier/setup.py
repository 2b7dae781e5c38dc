"""The settings that turn a crawl into one worker of a shared Redis frontier."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

if TYPE_CHECKING:
    from scrapy.settings import Settings

__all__ = ["frontier_settings", "key_prefix"]

PRIORITY = "cmdline"
CMDLINE = SETTINGS_PRIORITIES[PRIORITY]
SQLITE_INDEX = "dodarchive.capture.dedup.SqliteDigestIndex"
REDIS_INDEX = "dodarchive.capture.redisindex.RedisDigestIndex"


def key_prefix(job: str) -> str:
    """Redis key prefix of one crawl job's shared frontier.

    >>> key_prefix("urls")
    'dodarchive:urls'
    """
    return f"dodarchive:{job}"


def frontier_settings(settings: Settings, url: str, spider: str) -> str:
    """Point ``settings`` at the frontier in Redis at ``url``; returns this worker's id.

    Uses scrapy-redis' scheduler settings (``SCHEDULER``, ``SCHEDULER_QUEUE_KEY``,
    ``SCHEDULER_DUPEFILTER_KEY``, ``DUPEFILTER_CLASS``, ``SCHEDULER_PERSIST``,
    ``REDIS_URL``) with keys under ``dodarchive:JOB``, where JOB is
    ``DODARCHIVE_FRONTIER_JOB`` or the spider's name. Also moves the (default) digest
    index to Redis; the HTTP handler's :class:`~.politeness.HostPoliteness` hook turns
    itself on with ``DODARCHIVE_REDIS_URL``. The worker id is ``DODARCHIVE_WORKER_ID``
    if set, else ``wN`` from a Redis counter.
    """
    import redis

    job = settings.get("DODARCHIVE_FRONTIER_JOB") or spider
    prefix = key_prefix(job)
    worker = settings.get("DODARCHIVE_WORKER_ID") or ""
    if not worker:
        with redis.Redis.from_url(url) as client:
            worker = f"w{client.incr(f'{prefix}:worker-seq')}"
    if ":" in worker:
        raise ValueError(f"DODARCHIVE_WORKER_ID {worker!r} must not contain ':'")
    values = {
        "DODARCHIVE_REDIS_URL": url,
        "DODARCHIVE_FRONTIER_JOB": job,
        "DODARCHIVE_WORKER_ID": worker,
        "REDIS_URL": url,
        "SCHEDULER": "dodarchive.frontier.scheduler.FrontierScheduler",
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,
    }
    if settings.get("DODARCHIVE_WARC_DEDUP_INDEX") == SQLITE_INDEX:  # not when turned off
        values["DODARCHIVE_WARC_DEDUP_INDEX"] = REDIS_INDEX
    for name, value in values.items():
        settings.set(name, value, priority=PRIORITY)
    # A shared index confirms a digest only once its record is fsynced; until then another
    # worker meeting the same payload must store it in full. Sync every exchange so that
    # window is one write long (a polite crawl waits far longer between requests than an
    # fsync takes); -s DODARCHIVE_WARC_SYNC_INTERVAL wins.
    user_set = settings.getpriority("DODARCHIVE_WARC_SYNC_INTERVAL") or 0
    if values.get("DODARCHIVE_WARC_DEDUP_INDEX") == REDIS_INDEX and user_set < CMDLINE:
        settings.set("DODARCHIVE_WARC_SYNC_INTERVAL", 0.0, priority="project")
    return worker
