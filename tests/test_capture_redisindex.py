"""RedisDigestIndex against a real redis-server: claim semantics and a two-process race."""

from __future__ import annotations

import json
import subprocess
import sys

import redis

from dodarchive.capture.records import Original
from dodarchive.capture.redisindex import RedisDigestIndex, release_worker
from tests.conftest import ROOT, subprocess_env

A = Original("<urn:uuid:a>", "https://www.war.gov/a", "2026-11-26T17:00:00.000001Z")
B = Original("<urn:uuid:b>", "https://www.war.gov/b x", "2026-11-26T17:00:01.000000Z")


def test_claim_confirm_release(redis_url: str) -> None:
    w1 = RedisDigestIndex.from_url(redis_url, key="t:digests", worker="w1")
    w2 = RedisDigestIndex.from_url(redis_url, key="t:digests", worker="w2")
    assert w1.try_claim("sha1:AAAA", A) == ("won", None)
    assert w2.try_claim("sha1:AAAA", B) == ("busy", None)  # being written: B goes in full
    assert w1.lookup("sha1:AAAA") is None  # nothing is revisited before it is on disk
    w2.confirm("sha1:AAAA", B)  # B held no claim: no effect
    assert w2.lookup("sha1:AAAA") is None
    w1.confirm("sha1:AAAA", A)
    assert w2.try_claim("sha1:AAAA", B) == ("original", A)
    assert w2.claim("sha1:AAAA", B) == A
    # a failed write gives the claim up; a worker's death drops its pending claims
    assert w1.claim("sha1:BBBB", B) is None
    w2.release("sha1:BBBB", B)  # not w2's claim: kept
    assert w2.try_claim("sha1:BBBB", B) == ("busy", None)
    w1.release("sha1:BBBB", B)
    assert w2.try_claim("sha1:BBBB", B) == ("won", None)
    assert w1.try_claim("sha1:CCCC", A) == ("won", None)
    assert release_worker(w1.client, "w2", "t:digests") == 1  # BBBB
    assert w1.try_claim("sha1:BBBB", B) == ("won", None)
    w1.confirm("sha1:BBBB", B)
    assert w2.lookup("sha1:BBBB") == B  # a space in the URI survives
    w1.close()
    w2.close()


RACER = """
import json, sys, time
import redis
from dodarchive.capture.records import Original
from dodarchive.capture.redisindex import RedisDigestIndex, release_worker
url, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
index = RedisDigestIndex.from_url(url, key="race:digests", worker=name)
client = redis.Redis.from_url(url)
client.incr("race:ready")
while int(client.get("race:ready")) < 2:
    pass
states = {}
for i in range(n):
    mine = Original(f"<urn:uuid:{name}-{i}>", "https://host/", "2026-11-26T00:00:00Z")
    state, got = index.try_claim(f"sha1:D{i}", mine)
    if state == "won":
        index.confirm(f"sha1:D{i}", mine)
    states[i] = [state, got.record_id if got else None]
print(json.dumps(states))
"""


def test_two_processes_racing_on_each_digest_exactly_one_wins(redis_url: str) -> None:
    n = 400
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, redis_url, name, str(n)],
            cwd=ROOT,
            env=subprocess_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("p", "q")
    ]
    out = {}
    for name, proc in zip(("p", "q"), procs, strict=True):
        stdout, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0
        out[name] = json.loads(stdout)
    p, q = out["p"], out["q"]
    p_won = {int(i) for i, (state, _) in p.items() if state == "won"}
    q_won = {int(i) for i, (state, _) in q.items() if state == "won"}
    assert p_won
    assert q_won  # a real race: each won some
    assert not p_won & q_won  # never both
    assert p_won | q_won == set(range(n))  # always one
    for mine, other, name in ((p, q, "q"), (q, p, "p")):
        for i, (state, rid) in mine.items():
            if state == "original":  # told the other's record, never its own
                assert other[i][0] == "won"
                assert rid == f"<urn:uuid:{name}-{i}>"
            else:
                assert state in ("won", "busy")
    stored = redis.Redis.from_url(redis_url).hgetall("race:digests")
    assert len(stored) == n
    assert not redis.Redis.from_url(redis_url).exists("race:digests:pending")
