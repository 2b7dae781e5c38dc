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

#: Markers only a challenge page carries, wherever they appear in a small body. Plain
#: substrings: ``bytes.find`` for each is several times faster than one alternation
#: regex over an ordinary page that has none of them.
_STRONG = (
    b"cf-chl",
    b"challenge-platform",
    b"/cdn-cgi/challenge",
    b"_incapsula_resource",
    b"g-recaptcha",
    b"h-captcha",
    b"hcaptcha.com/",
    b"px-captcha",
)
#: Words a challenge page says; trusted only in a page too small to be an article.
_WEAK = (
    b"please enable javascript",
    b"please turn on javascript",
    b"enable javascript and cookies",
    b"complete the captcha",
    b"solve the captcha",
    b"are you a robot",
)
#: ... or says in its title; the pattern runs only on a page holding one of the words.
_TITLE_WORDS = (b"captcha", b"just a moment", b"attention required")
_WEAK_TITLE = re.compile(rb"<title>[^<]*(?:" + b"|".join(_TITLE_WORDS) + rb")[^<]*</title>")
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
        if len(body) <= CHALLENGE_MAX * 4 and any(m in lowered for m in _STRONG):
            return "challenge"
        if len(body) <= CHALLENGE_MAX and _weak(lowered):
            return "challenge"
    return None


def _weak(lowered: bytes) -> bool:
    """True when a lower-cased body says what a challenge page says (:data:`_WEAK`), or
    has a title with one of :data:`_TITLE_WORDS`."""
    if any(phrase in lowered for phrase in _WEAK):
        return True
    return (
        b"<title>" in lowered
        and any(word in lowered for word in _TITLE_WORDS)
        and _WEAK_TITLE.search(lowered) is not None
    )
