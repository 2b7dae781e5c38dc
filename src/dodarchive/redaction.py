"""Keep credentials out of WARC files and logs.

- :func:`redact` removes ``user:password@`` from every URL in a text (warcinfo values,
  log lines).
- :class:`HeaderRedaction` rewrites a request head before it is stored: the values of
  the headers named in ``DODARCHIVE_WARC_REDACT_HEADERS`` (default ``Authorization`` and
  ``Cookie``) become ``<redacted>`` with the names kept, and ``Proxy-Authorization``
  (which belongs to the hop to a proxy, not to the archived exchange) is always dropped.
  Digests are computed afterwards, over the bytes stored, so ``dodarchive validate`` and
  ``warcio check`` pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

__all__ = ["ALWAYS_DROPPED", "REDACTED", "HeaderRedaction", "has_userinfo", "redact"]

#: What a redacted header value is replaced with.
REDACTED = b"<redacted>"
#: Request headers never stored, whatever the setting says.
ALWAYS_DROPPED = ("Proxy-Authorization",)

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]*@")


def redact(value: str) -> str:
    """``value`` with the credentials of any URL in it removed.

    >>> redact("redis://:pw@10.0.0.1:6379/0 and http://bob:s3cret@proxy:8080/")
    'redis://<redacted>@10.0.0.1:6379/0 and http://<redacted>@proxy:8080/'
    >>> redact("dodarchive/0.1 (+mailto:ops@example.org)")
    'dodarchive/0.1 (+mailto:ops@example.org)'
    """
    return _USERINFO.sub(r"\1<redacted>@", value)


def has_userinfo(url: str) -> bool:
    """True when ``url`` carries a user name or password (``scheme://user:pw@host``).

    >>> has_userinfo("https://bob:pw@www.war.gov/"), has_userinfo("https://www.war.gov/@x")
    (True, False)
    """
    return redact(url) != url


class HeaderRedaction:
    """Rewrites request headers for storage (see the module docstring)."""

    def __init__(self, redacted: Iterable[str]) -> None:
        self.names = [n.strip() for n in redacted if n.strip()]
        self.redacted = frozenset(n.lower().encode("latin-1") for n in self.names)
        self.dropped = frozenset(n.lower().encode("latin-1") for n in ALWAYS_DROPPED)

    def description(self) -> str:
        """What is done to request headers, for the ``warcinfo`` record.

        >>> HeaderRedaction(["Authorization", "Cookie"]).description()
        'Authorization, Cookie: value <redacted>; Proxy-Authorization: not stored'
        >>> HeaderRedaction([]).description()
        'Proxy-Authorization: not stored'
        """
        done = [f"{', '.join(self.names)}: value {REDACTED.decode()}"] if self.names else []
        done.append(f"{', '.join(ALWAYS_DROPPED)}: not stored")
        return "; ".join(done)

    def pairs(self, headers: Sequence[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
        """``headers`` as they may be stored.

        >>> HeaderRedaction(["cookie"]).pairs([(b"Cookie", b"a=1"), (b"Proxy-Authorization",
        ...     b"Basic eA=="), (b"Accept", b"*/*")])
        [(b'Cookie', b'<redacted>'), (b'Accept', b'*/*')]
        """
        out = []
        for name, value in headers:
            lname = name.strip().lower()
            if lname in self.dropped:
                continue
            out.append((name, REDACTED if lname in self.redacted else value))
        return out

    def head(self, raw: bytes) -> bytes:
        r"""A raw request head (request line, header lines, blank line) as it may be stored.

        Lines are rewritten one by one; everything else stays byte for byte.

        >>> HeaderRedaction(["authorization"]).head(
        ...     b"GET / HTTP/1.1\r\nAuthorization: Basic Ym9iOnB3\r\nHost: a\r\n\r\n")
        b'GET / HTTP/1.1\r\nAuthorization: <redacted>\r\nHost: a\r\n\r\n'
        """
        first, sep, rest = raw.partition(b"\r\n")
        lines = []
        for line in rest.split(b"\r\n"):
            name, colon, _ = line.partition(b":")
            lname = name.strip().lower()
            if colon and lname in self.dropped:
                continue
            lines.append(name + b": " + REDACTED if colon and lname in self.redacted else line)
        return first + sep + b"\r\n".join(lines)
