"""Keep the status line and header lines as the server sent them, for the WARC writer.

Scrapy's responses lose the reason phrase, header-name case and order across names, and
the hop-by-hop headers Twisted consumes (``Connection``, ``Transfer-Encoding``...).
:class:`WireRecorder`, a hook of dodarchive's HTTP download handler
(:mod:`dodarchive.downloadhandlers.http`), makes the handler parse responses with a parser
that also records the raw status line and every header line in arrival order (values as
the parser hands them over: trimmed, folded lines joined), and keeps the request head
bytes Twisted writes to the socket. Inside Twisted they ride in pseudo headers
(:data:`WIRE_HEADER`, :data:`WIRE_REQUEST_HEADER`, base64); the recorder takes them off
the Scrapy response before any middleware sees it and puts the decoded heads in
``request.meta[dodarchive.meta.WIRE]`` (a :class:`Wire`), where the capture middleware
finds them. It is on whenever WARC capture is (``DODARCHIVE_WARC_ENABLED``).

This hooks Scrapy's private HTTP/1.1 client classes. When they are missing (another
Scrapy version) :func:`install` returns False and the writer falls back to what the
Scrapy response carries (standard reason phrase, Twisted's header order).
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any, NamedTuple, Self

from scrapy.exceptions import NotConfigured

from dodarchive import meta
from dodarchive.downloadhandlers.http import HttpHook

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = [
    "WIRE_HEADER",
    "WIRE_REQUEST_HEADER",
    "Wire",
    "WireRecorder",
    "decode_head",
    "decode_request_head",
    "encode_head",
    "install",
]

WIRE_HEADER = b"X-Dodarchive-Wire"
#: The request head exactly as written to the socket (base64).
WIRE_REQUEST_HEADER = b"X-Dodarchive-Wire-Request"


def encode_head(status_line: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """One header-safe value holding a status line and header lines.

    >>> decode_head(encode_head(b"HTTP/1.1 404 Nope", [(b"ETag", b'"x"')]))
    ('HTTP/1.1', 404, 'Nope', [(b'ETag', b'"x"')])
    """
    raw = status_line + b"\r\n" + b"".join(n + b"\x00" + v + b"\r\n" for n, v in headers)
    return base64.b64encode(raw)


def decode_head(value: bytes) -> tuple[str, int, str, list[tuple[bytes, bytes]]] | None:
    """``(protocol, status, reason, headers)`` from :func:`encode_head`; None if unusable."""
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    status_line, *lines = raw.split(b"\r\n")
    parts = status_line.decode("latin-1").split(" ", 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    headers = [tuple(line.split(b"\x00", 1)) for line in lines if b"\x00" in line]
    reason = parts[2] if len(parts) > 2 else ""
    return parts[0], int(parts[1]), reason, headers  # type: ignore[return-value]


def decode_request_head(value: bytes) -> bytes | None:
    """The raw request head from :data:`WIRE_REQUEST_HEADER`; None if unusable.

    >>> decode_request_head(base64.b64encode(b"GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n"))
    b'GET / HTTP/1.1\\r\\nHost: a\\r\\n\\r\\n'
    """
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    line = raw.split(b"\r\n", 1)[0].split(b" ")
    if len(line) != 3 or not line[2].startswith(b"HTTP/") or not raw.endswith(b"\r\n\r\n"):
        return None
    return raw


try:
    from scrapy.core.downloader.handlers.http11 import (
        _LenientHTTP11ClientFactory,
        _LenientHTTP11ClientProtocol,
        _LenientHTTPClientParser,
    )

    _AVAILABLE = True
except ImportError:  # pragma: no cover - other Scrapy versions
    _AVAILABLE = False


if _AVAILABLE:

    class _RecordingParser(_LenientHTTPClientParser):
        """Scrapy's lenient parser, also keeping the raw status and header lines."""

        def statusReceived(self, status: bytes) -> None:  # noqa: N802 - Twisted's name
            self.dodarchive_status = status
            self.dodarchive_headers: list[tuple[bytes, bytes]] = []
            super().statusReceived(status)  # type: ignore[no-untyped-call]

        def headerReceived(self, name: bytes, value: bytes) -> None:  # noqa: N802
            self.dodarchive_headers.append((name, value))
            super().headerReceived(name, value)  # type: ignore[no-untyped-call]

    class _RecordingProtocol(_LenientHTTP11ClientProtocol):
        def request(self, request: Any) -> Any:
            sent: list[bytes] = []
            transport: Any = self.transport
            write_sequence = transport.writeSequence

            def recording(data: Any) -> None:  # Twisted writes the head in one call
                if not sent:
                    sent.append(b"".join(data))
                write_sequence(data)

            own = "writeSequence" in getattr(transport, "__dict__", {})
            try:
                transport.writeSequence = recording
            except AttributeError:  # pragma: no cover - a transport with slots
                return super().request(request)
            try:
                d = super().request(request)
            finally:
                if own:
                    transport.writeSequence = write_sequence
                else:
                    del transport.writeSequence
            parser: Any = self._parser
            parser.__class__ = _RecordingParser

            def attach(response: Any) -> Any:
                status = getattr(parser, "dodarchive_status", None)
                if status is not None:
                    value = encode_head(status, parser.dodarchive_headers)
                    response.headers.setRawHeaders(WIRE_HEADER, [value])
                if sent:
                    head = sent[0].split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n"
                    response.headers.setRawHeaders(WIRE_REQUEST_HEADER, [base64.b64encode(head)])
                return response

            d.addCallback(attach)
            return d

    class _RecordingFactory(_LenientHTTP11ClientFactory):
        def buildProtocol(self, addr: Any) -> Any:  # noqa: N802 - Twisted's name
            return _RecordingProtocol(self._quiescentCallback)  # type: ignore[no-untyped-call]


def install(handler: Any) -> bool:
    """Make ``handler`` (Scrapy's HTTP/1.1 handler) record raw heads; False if impossible."""
    pool = getattr(handler, "_pool", None)
    if not _AVAILABLE or pool is None:
        return False
    pool._factory = _RecordingFactory
    return True


class Wire(NamedTuple):
    """One download's heads as they crossed the wire (None where not recorded)."""

    #: ``(protocol, status, reason, header lines)`` of the response.
    response: tuple[str, int, str, list[tuple[bytes, bytes]]] | None
    #: The request head exactly as written to the socket.
    request: bytes | None


def take_wire(response: Response) -> Wire:
    """Remove the pseudo headers from ``response`` and return what they held."""
    head = response.headers.pop(WIRE_HEADER, [b""])[-1]
    sent = response.headers.pop(WIRE_REQUEST_HEADER, [b""])[-1]
    return Wire(decode_head(head), decode_request_head(sent))


class WireRecorder(HttpHook):
    """Download-handler hook: record raw heads into ``request.meta[meta.WIRE]``.

    Off (``NotConfigured``) when WARC capture is off (``DODARCHIVE_WARC_ENABLED``).
    """

    def __init__(self) -> None:
        #: False when this Scrapy lacks the private classes hooked (heads not recorded).
        self.installed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """Built when ``DODARCHIVE_WARC_ENABLED`` is on."""
        if not crawler.settings.getbool("DODARCHIVE_WARC_ENABLED", True):
            raise NotConfigured("DODARCHIVE_WARC_ENABLED is off")
        return cls()

    def attach(self, handler: Any) -> None:
        """Make ``handler``'s connections record heads (a no-op on another Scrapy)."""
        self.installed = install(handler)

    def after(self, request: Request, response: Response) -> Response:
        """Move the recorded heads from ``response``'s headers to ``request.meta``."""
        request.meta[meta.WIRE] = take_wire(response)
        return response
