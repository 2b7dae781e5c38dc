"""``refusal_kind`` looks for challenge markers with ``in`` on plain substrings instead
of two alternation regexes (a tenth of af.mil extraction went to those scans). The
regexes it replaced are the oracle: on any body, built from the markers' own pieces,
the answer must be the same."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from dodarchive.blocking import CHALLENGE_MAX, refusal_kind
from tests.fuzz.support import fuzz

#: The patterns as they were before the change (blocking.py at b5be99b).
OLD_STRONG = re.compile(
    rb"cf-chl|challenge-platform|/cdn-cgi/challenge|_incapsula_resource|"
    rb"g-recaptcha|h-captcha|hcaptcha\.com/|px-captcha"
)
OLD_WEAK = re.compile(
    rb"please (?:enable|turn on) javascript|enable javascript and cookies|"
    rb"<title>[^<]*(?:captcha|just a moment|attention required)[^<]*</title>|"
    rb"complete the captcha|solve the captcha|are you a robot"
)

PIECES = [
    b"cf-chl", b"challenge-platform", b"/cdn-cgi/challenge", b"_incapsula_resource",
    b"g-recaptcha", b"h-captcha", b"hcaptcha.com/", b"hcaptchaxcom/", b"px-captcha",
    b"please enable javascript", b"please turn on javascript", b"Please Enable JavaScript",
    b"enable javascript and cookies", b"complete the captcha", b"solve the captcha",
    b"are you a robot", b"<title>", b"</title>", b"<TITLE>", b"Just a moment", b"captcha",
    b"attention required", b"<", b"please enable", b" javascript", b"x" * 50, b" ", b"\n",
]  # fmt: skip


def _old(status: int, body: bytes) -> str | None:
    if status not in (200, 403, 503):
        return None
    lowered = body[: 64 * 1024].lower()
    if len(body) <= CHALLENGE_MAX * 4 and OLD_STRONG.search(lowered):
        return "challenge"
    if len(body) <= CHALLENGE_MAX and OLD_WEAK.search(lowered):
        return "challenge"
    return None


@fuzz(600)
@given(
    parts=st.lists(st.sampled_from(PIECES), max_size=12),
    pad=st.sampled_from([0, 100, CHALLENGE_MAX, CHALLENGE_MAX * 4]),
    status=st.sampled_from([200, 403, 404]),
)
def test_markers_answer_as_the_regexes_did(parts: list[bytes], pad: int, status: int) -> None:
    body = b"a" * pad + b"".join(parts)
    assert refusal_kind(status, [], body) == _old(status, body)


def test_title_and_phrase_cases() -> None:
    """Each way a page is a challenge, and the near misses, by name."""
    assert refusal_kind(200, [], b"<title>Just a moment...</title>") == "challenge"
    assert refusal_kind(200, [], b"<title>Attention Required! | Cloudflare</title>") == "challenge"
    assert refusal_kind(200, [], b"<TITLE>Human? CAPTCHA</TITLE>") == "challenge"
    assert refusal_kind(200, [], b"<title>News</title> just a moment") is None
    assert refusal_kind(200, [], b"<title>a <b>captcha</b></title>") is None
    assert refusal_kind(200, [], b"<div class='g-recaptcha'></div>") == "challenge"
    assert refusal_kind(200, [], b"hcaptchaXcom/") is None
    assert refusal_kind(200, [], b"x" * CHALLENGE_MAX + b" are you a robot") is None
