"""A crawl frontier shared by several ``dodarchive crawl --redis URL`` workers.

Built on scrapy-redis (its request queue, dupefilter and connection settings), plus what
an archive crawl needs on top:

- :mod:`.queue`: requests are *leased*, not just popped. Taking a request moves it, in one
  Redis script, from the queue to a lease table under the worker's id; the worker drops
  the lease once Scrapy is completely done with the request (downloaded, archived, its
  callback's new requests queued). Each worker keeps a heartbeat key with a TTL; the
  leases of a worker whose heartbeat expired (killed, machine lost) go back to the queue,
  so a SIGKILL loses no request: the other workers fetch them again.
- :mod:`.scheduler`: the Scrapy scheduler over that queue. Start requests go through the
  shared dupefilter even when ``dont_filter`` (the ``urls`` spider's are), so N workers
  given the same start URLs queue each one once. A worker with an empty queue stays up
  while other live workers hold leases (they may still queue new requests, or die).
- :mod:`.politeness`: a download-handler hook that waits for a per-host slot reserved in Redis
  right before sending, so all workers together keep ``DOWNLOAD_DELAY`` between two
  requests to one host.
- :func:`.setup.frontier_settings`: the settings ``crawl --redis`` applies.

The revisit-dedup index moves to Redis too: :mod:`dodarchive.capture.redisindex`.
"""
