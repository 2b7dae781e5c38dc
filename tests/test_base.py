"""pages/base.py: how a PageInput decodes its body (w3lib with the windows-1252 fallback)."""

from __future__ import annotations

import pytest

from dodarchive.article import Source
from dodarchive.pages.base import PageInput, decode_utf8

SOURCE = Source("x.warc.gz", "<urn:uuid:1>", 0, 1, "http://x/", "2016-01-18T00:00:00Z", None)


def _text(body: bytes, ctype: str | None = "text/html") -> str:
    headers = (("Content-Type", ctype),) if ctype else ()
    return PageInput("http://x/", 200, headers, body, SOURCE).text


@pytest.mark.parametrize(
    ("body", "ctype", "want"),
    [
        ("<p>café ’</p>".encode(), "text/html; charset=utf-8", "<p>café ’</p>"),
        (b"<p>caf\xe9 \x92</p>", "text/html; charset=utf-8", "<p>café ’</p>"),  # fallback
        (b"<p>caf\xe9 \x92</p>", "text/html", "<p>café ’</p>"),  # no label: UTF-8, fallback
        (b"<p>caf\xe9 \x92</p>", "text/html; charset=iso-8859-1", "<p>café ’</p>"),  # as cp1252
        (b"<p>\x92</p>", "text/html; charset=ascii", "<p>’</p>"),
        (b"<meta charset=windows-1252><p>\x92</p>", None, "<meta charset=windows-1252><p>’</p>"),
        (
            b"<meta charset=windows-1252><p>\xc3\xa9</p>",
            "text/html; charset=utf-8",  # the header wins over the document
            "<meta charset=windows-1252><p>é</p>",
        ),
        (
            b"<meta charset=windows-1252><p>\x92</p>",
            "text/html; charset=no-such-charset",  # an unknown label is passed over
            "<meta charset=windows-1252><p>’</p>",
        ),
        (
            b"<!-- <meta charset=koi8-r> --><p>\xc3\xa9</p>",
            None,
            "<!-- <meta charset=koi8-r> --><p>é</p>",
        ),
        ("<p>café</p>".encode("utf-16"), None, "<p>café</p>"),
        (b"\xef\xbb\xbf<p>caf\xe9</p>", None, "<p>caf\ufffd</p>"),  # a BOM is taken at its word
        (b"<p>\x81</p>", "text/html; charset=windows-1252", "<p>\ufffd</p>"),
    ],
)
def test_text(body: bytes, ctype: str | None, want: str) -> None:
    assert _text(body, ctype) == want


def test_decode_utf8() -> None:
    assert decode_utf8("’".encode()) == "’"
    assert decode_utf8(b"\x92\x81") == "’\ufffd"
