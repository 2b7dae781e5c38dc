"""The HTTP download handler's hooks, built from real (unstarted) crawlers.

Which hooks run is decided by each hook's own setting, never by looking for a
middleware's dotted path. End to end, the hooks are exercised by real crawls:
wire recording and replay routing in ``tests/test_capture_crawl.py``, politeness across
workers in ``tests/test_frontier_crawl.py``.
"""

from __future__ import annotations

import asyncio
import base64
from typing import Any

import scrapy
from scrapy.http import Request, Response
from scrapy.utils.test import get_crawler

from dodarchive import meta, settings
from dodarchive.capture.middleware import WarcCaptureMiddleware
from dodarchive.capture.wire import (
    WIRE_HEADER,
    WIRE_REQUEST_HEADER,
    Wire,
    WireRecorder,
    encode_head,
)
from dodarchive.downloadhandlers.http import ReplayRoute, build_hooks
from dodarchive.frontier.politeness import HostPoliteness

URL = "https://www.war.gov/News/Releases/"


class UnitSpider(scrapy.Spider):
    name = "unit"


class OwnCapture(WarcCaptureMiddleware):
    """A project's own capture middleware, subclassing dodarchive's."""


def hooks(**values: Any) -> list[type]:
    crawler = get_crawler(
        UnitSpider, {"DODARCHIVE_HTTP_HOOKS_BASE": settings.DODARCHIVE_HTTP_HOOKS_BASE, **values}
    )
    return [type(hook) for hook in build_hooks(crawler)]


def test_each_hook_is_on_with_its_own_setting() -> None:
    assert hooks() == [WireRecorder]
    assert hooks(DODARCHIVE_WARC_ENABLED=False) == []
    assert hooks(DODARCHIVE_REPLAY_URL="http://127.0.0.1:9") == [ReplayRoute, WireRecorder]
    assert hooks(DODARCHIVE_REDIS_URL="redis://127.0.0.1:9/1") == [HostPoliteness, WireRecorder]


def test_a_hook_can_be_turned_off_or_reordered() -> None:
    replay = "dodarchive.downloadhandlers.http.ReplayRoute"
    on = {"DODARCHIVE_REPLAY_URL": "http://127.0.0.1:9"}
    assert hooks(**on, DODARCHIVE_HTTP_HOOKS={replay: None}) == [WireRecorder]
    assert hooks(**on, DODARCHIVE_HTTP_HOOKS={replay: 950}) == [WireRecorder, ReplayRoute]


def test_wire_capture_does_not_depend_on_the_middleware_path() -> None:
    """Regression: the handler recorded heads only if it found the capture middleware's
    dotted path in DOWNLOADER_MIDDLEWARES, so a subclass of it silently lost them."""
    own = {
        "dodarchive.capture.middleware.WarcCaptureMiddleware": None,
        "tests.test_downloadhandlers_http.OwnCapture": 950,
    }
    assert hooks(DOWNLOADER_MIDDLEWARES=own) == [WireRecorder]


def test_replay_route_sends_to_the_replay_server_and_answers_for_the_original() -> None:
    route = ReplayRoute("http://127.0.0.1:8080/")
    request = Request(URL + "?page=2")
    sent = asyncio.run(route.before(request))
    assert sent.url == "http://127.0.0.1:8080/https://www.war.gov/News/Releases/?page=2"
    response = route.after(request, Response(sent.url, body=b"x", request=sent))
    assert (response.url, response.body) == (request.url, b"x")


def test_wire_recorder_moves_the_heads_from_headers_to_meta() -> None:
    request = Request(URL)
    sent = b"GET /News/Releases/ HTTP/1.1\r\nHost: www.war.gov\r\n\r\n"
    headers = {
        WIRE_HEADER: encode_head(b"HTTP/1.1 200 Fine", [(b"eTag", b'"1"')]),
        WIRE_REQUEST_HEADER: base64.b64encode(sent),
        b"ETag": b'"1"',
    }
    response = WireRecorder().after(request, Response(URL, headers=headers, request=request))
    assert list(response.headers) == [b"Etag"]
    assert request.meta[meta.WIRE] == Wire(("HTTP/1.1", 200, "Fine", [(b"eTag", b'"1"')]), sent)
    # a response without recorded heads replaces what an earlier attempt left in meta
    WireRecorder().after(request, Response(URL, request=request))
    assert request.meta[meta.WIRE] == Wire(None, None)
