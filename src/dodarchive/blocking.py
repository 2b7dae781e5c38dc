"""What a refusal looks like: a CDN's "Access Denied", a rate limit, a challenge page.

Pure functions of an HTTP answer (status, headers, decoded body), with no Scrapy in
them: the crawl's :mod:`~dodarchive.downloadermiddlewares.refusals` middleware uses
them to back off and give up, and extraction uses them to skip refusals archived as
received (reason ``refused``) instead of passing a challenge page off as an article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["CHALLENGE_MAX", "SCAN", "header", "refusal_kind"]

#: Markers only a challenge page carries, wherever they appear in a small body.
_STRONG = re.compile(
    rb"cf-chl|challenge-platform|/cdn-cgi/challenge|_incapsula_resource|"
    rb"g-recaptcha|h-captcha|hcaptcha\.com/|px-captcha"
)
#: Words a challenge page says; trusted only in a page too small to be an article.
_WEAK = re.compile(
    rb"please (?:enable|turn on) javascript|enable javascript and cookies|"
    rb"<title>[^<]*(?:captcha|just a moment|attention required)[^<]*</title>|"
    rb"complete the captcha|solve the captcha|are you a robot"
)
#: Challenge pages are a few kB; anything longer is a page that mentions the words.
CHALLENGE_MAX = 16 * 1024
#: How much of a body the markers are searched in.
SCAN = 64 * 1024


def header(headers: Iterable[tuple[str, str]], name: str) -> str:
    """The first value of header ``name`` (any case), or ``""``."""
    lname = name.lower()
    return next((v for k, v in headers if k.lower() == lname), "")


def refusal_kind(status: int, headers: Iterable[tuple[str, str]], body: bytes) -> str | None:
    """``cdn-denied``, ``rate-limited`` or ``challenge`` when the answer is a refusal, else None.

    ``body`` is the decoded payload (gzip undone).

    >>> refusal_kind(403, [("Server", "AkamaiGHost")], b"")
    'cdn-denied'
    >>> refusal_kind(403, [], b"<H1>Access Denied</H1> ... Reference #18.6f2e")
    'cdn-denied'
    >>> refusal_kind(429, [("Retry-After", "120")], b""), refusal_kind(404, [], b"gone")
    ('rate-limited', None)
    >>> refusal_kind(503, [("Retry-After", "60")], b""), refusal_kind(503, [], b"down")
    ('rate-limited', None)
    >>> refusal_kind(200, [], b"<noscript>Please enable JavaScript to continue</noscript>")
    'challenge'
    >>> refusal_kind(200, [], b"<p>" + b"x" * 20000 + b" please enable javascript</p>") is None
    True
    """
    headers = list(headers)
    head = body[:SCAN]
    if status == 429 or (status == 503 and header(headers, "Retry-After")):
        return "rate-limited"
    if status in (403, 503):
        if header(headers, "Server").strip().lower().startswith("akamaighost"):
            return "cdn-denied"
        if b"Access Denied" in head and b"Reference #" in head:
            return "cdn-denied"
    if status in (200, 403, 503):
        lowered = head.lower()
        if len(body) <= CHALLENGE_MAX * 4 and _STRONG.search(lowered):
            return "challenge"
        if len(body) <= CHALLENGE_MAX and _WEAK.search(lowered):
            return "challenge"
    return None
