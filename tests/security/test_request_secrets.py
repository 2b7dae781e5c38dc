"""No credential reaches a WARC request record or the log, and the WARC stays valid.

A live crawl on loopback sends all three kinds of credential: Basic auth
(``HTTPAUTH_*``), a session cookie the server set, and ``Proxy-Authorization`` (through an
``http_proxy`` with a user and password; the test server is its own proxy). The server
reports which credential headers it received, so the test first proves they were sent.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from tests.conftest import ServerProcess, dodarchive_cmd, subprocess_env
from tests.servers import secrets


@dataclass
class Rec:
    type: str
    uri: str
    head: bytes  # HTTP head as stored ("" for warcinfo)
    body: bytes


def read(path: Path) -> list[Rec]:
    out = []
    with path.open("rb") as fh:
        for r in ArchiveIterator(fh):
            head = r.http_headers.to_bytes() if r.http_headers is not None else b""
            out.append(Rec(r.rec_type, r.rec_headers.get_header("WARC-Target-URI") or "",
                           head, r.content_stream().read()))  # fmt: skip
    return out


def test_credentials_are_redacted_and_the_archive_validates(tmp_path: Path) -> None:
    server = ServerProcess.test_server("secrets")
    base = server.url
    hostport = base.removeprefix("http://")
    try:
        urls = tmp_path / "urls.txt"
        urls.write_text(f"{base}/login\n")
        out = tmp_path / "warc"
        env = {**subprocess_env(), "http_proxy": f"http://carol:proxy-SECRET-3@{hostport}"}
        result = subprocess.run(
            [*dodarchive_cmd(), "crawl", "urls", "--urls-file", str(urls), "--out", str(out),
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
             "-s", "DODARCHIVE_CONTACT=archivist@example.org",
             "-s", "HTTPAUTH_USER=bob", "-s", "HTTPAUTH_PASS=auth-SECRET-2",
             "-s", f"HTTPAUTH_DOMAIN={hostport}"],
            capture_output=True, text=True, env=env, check=False, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
    finally:
        seen = server.stop()
    # the scenario: every credential really went over the wire
    assert seen == ["/robots.txt auth proxy-auth", "/login auth proxy-auth",
                    "/private auth cookie proxy-auth"]  # fmt: skip
    assert "SECRET" not in result.stdout + result.stderr  # nor in the log

    (path,) = out.glob("*.warc.gz")
    recs = read(path)
    assert [(r.type, r.uri.removeprefix(base)) for r in recs] == [
        ("warcinfo", ""),
        ("response", "/robots.txt"), ("request", "/robots.txt"),
        ("response", "/login"), ("request", "/login"),
        ("response", "/private"), ("request", "/private"),
    ]  # fmt: skip
    assert (
        b"dodarchive-redaction: Authorization, Cookie: value <redacted>; "
        b"Proxy-Authorization: not stored\r\n"
    ) in recs[0].body
    requests = [r for r in recs if r.type == "request"]
    for req in requests:
        assert b"SECRET" not in req.head + req.body
        assert b"proxy-authorization" not in req.head.lower()
        assert b"\r\nAuthorization: <redacted>\r\n" in req.head
    private = requests[-1].head
    assert private.startswith(f"GET {base}/private HTTP/1.1\r\n".encode())  # via the proxy
    assert b"\r\nCookie: <redacted>\r\n" in private
    # the response is stored as received: the cookie the server set is part of the page
    login = recs[3]
    assert f"\r\nSet-Cookie: {secrets.COOKIE}\r\n".encode() in login.head

    check = subprocess.run(
        [*dodarchive_cmd(), "validate", str(out)],
        capture_output=True, text=True, env=subprocess_env(), check=False, timeout=120,
    )  # fmt: skip
    assert (check.returncode, check.stdout) == (0, "")
    assert check.stderr.strip().endswith("1 files, 7 records, 0 problems")
    warcio = Path(dodarchive_cmd()[0]).parent / "warcio"
    check = subprocess.run(
        [str(warcio), "check", "-v", str(path)],
        capture_output=True, text=True, env=subprocess_env(), check=False, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout
    assert check.stdout.count("digest pass") == 7  # every record, warcinfo included
