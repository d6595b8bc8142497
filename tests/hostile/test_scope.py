"""Redirect scope, charset repair and failure reasons, each on hand-made responses."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from tazcrawler.downloadermiddlewares.charset import CharsetRepairMiddleware
from tazcrawler.downloadermiddlewares.scope import RedirectOutOfScope, RedirectScopeMiddleware
from tazcrawler.spiders._failures import failure_reason
from tazcrawler.urls import is_private_address

BASE = "https://taz.de"
PAGE = "https://taz.de/Slug/!5000001/"


def redirect(location: str, request: Request | None = None, status: int = 302) -> Response:
    request = request or Request(PAGE)
    return Response(request.url, status=status, headers={"Location": location}, request=request)


@pytest.fixture
def scope() -> RedirectScopeMiddleware:
    return RedirectScopeMiddleware(BASE)


@pytest.mark.parametrize(
    "location",
    [
        "/Slug/!5000002/",
        "https://taz.de/!5000001/?x=1",
        "http://www.taz.de/Slug/!5000001/",
        "//taz.de/Other/!5000003/",
    ],
)
def test_redirects_on_the_site_pass(scope: RedirectScopeMiddleware, location: str) -> None:
    response = redirect(location)
    assert scope.process_response(response.request, response) is response


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("https://example.com/!5000001/", "redirect_off_site"),
        ("//evil.example/!5000001/", "redirect_off_site"),
        ("https://taz.de.evil.example/!5000001/", "redirect_off_site"),
        ("https://taz.de:8443/!5000001/", "redirect_off_site"),
        ("ftp://taz.de/!5000001/", "redirect_off_site"),
        ("file:///etc/passwd", "redirect_off_site"),
        ("http://10.0.0.1/!5000001/", "redirect_private"),
        ("http://192.168.1.1/", "redirect_private"),
        ("http://172.16.0.5/", "redirect_private"),
        ("http://169.254.169.254/latest/meta-data/", "redirect_private"),
        ("http://127.0.0.1:8080/", "redirect_private"),
        ("http://localhost/", "redirect_private"),
        ("http://[::1]/", "redirect_private"),
        ("http://[::ffff:10.0.0.1]/", "redirect_private"),
        ("http://2130706433/", "redirect_private"),
        (PAGE, "redirect_loop"),
        (PAGE + "#comments", "redirect_loop"),
    ],
)
def test_redirects_leaving_the_site_or_looping_are_refused(
    scope: RedirectScopeMiddleware, location: str, reason: str
) -> None:
    response = redirect(location)
    with pytest.raises(RedirectOutOfScope) as raised:
        scope.process_response(response.request, response)
    assert raised.value.reason == reason
    assert isinstance(raised.value, IgnoreRequest)  # Scrapy calls the errback


def test_a_loop_through_an_earlier_url_of_the_chain_is_refused(
    scope: RedirectScopeMiddleware,
) -> None:
    second = Request("https://taz.de/Slug/!5000001/?hop", meta={"redirect_urls": [PAGE]})
    response = redirect(PAGE, second)
    with pytest.raises(RedirectOutOfScope, match="loop"):
        scope.process_response(second, response)


def test_other_responses_and_dont_redirect_pass(scope: RedirectScopeMiddleware) -> None:
    ok = Response(PAGE, status=200, headers={"Location": "https://example.com/"})
    assert scope.process_response(Request(PAGE), ok) is ok
    request = Request(PAGE, meta={"dont_redirect": True})
    response = redirect("https://example.com/", request)
    assert scope.process_response(request, response) is response


def test_private_addresses() -> None:
    assert is_private_address("http://100.64.0.1/")  # carrier-grade NAT
    assert is_private_address("http://0.0.0.0/")
    assert is_private_address("http://[fd00::1]/")
    assert not is_private_address("http://93.184.215.14/")
    assert not is_private_address("https://taz.de/")
    assert not is_private_address("not a url")


def charset_middleware() -> tuple[CharsetRepairMiddleware, MemoryStatsCollector]:
    crawler = get_crawler()
    stats = MemoryStatsCollector(crawler)
    return CharsetRepairMiddleware(stats), stats


LATIN1 = "<html><body><p>Grüße aus Köln</p></body></html>".encode("latin-1")


def test_latin1_declared_as_utf8_is_read_as_windows_1252() -> None:
    middleware, stats = charset_middleware()
    response = HtmlResponse(PAGE, body=LATIN1, headers={"Content-Type": "text/html; charset=utf-8"})
    assert "\ufffd" in response.text
    repaired = middleware.process_response(response.request, response)
    assert "Grüße aus Köln" in repaired.text
    assert repaired.body == LATIN1  # the bytes, and so response_sha256, stay as fetched
    assert stats.get_value("taz/charset/repaired") == 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<p>Grüße</p>".encode(), "text/html; charset=utf-8"),
        (LATIN1, "text/html; charset=iso-8859-1"),
        (LATIN1, "text/html"),  # no charset: Scrapy itself tries UTF-8, then Windows-1252
    ],
)
def test_correctly_labelled_pages_are_left_alone(body: bytes, content_type: str) -> None:
    middleware, stats = charset_middleware()
    response = HtmlResponse(PAGE, body=body, headers={"Content-Type": content_type})
    assert middleware.process_response(response.request, response) is response
    assert "Grüße" in response.text
    assert stats.get_value("taz/charset/repaired") is None


def failure(exc: Exception) -> Failure:
    try:
        raise exc
    except Exception:
        return Failure()


@pytest.mark.parametrize(
    ("exc", "reason"),
    [
        (HttpError(Response(PAGE, status=404), "x"), "http_404"),
        (DownloadTimeoutError("Getting x took longer than 1 seconds."), "timeout"),
        (DownloadCancelledError(), "too_large"),
        (ResponseDataLossError(), "data_loss"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_txt"),
        (IgnoreRequest("max redirections reached"), "too_many_redirects"),
        (IgnoreRequest("Filtered offsite request to 'example.com'"), "off_site"),
        (
            IgnoreRequest("Ignored response ... exceeded DOWNLOAD_MAXSIZE during decompression."),
            "too_large_decompressed",
        ),
        (IgnoreRequest("something new"), "ignored"),
        (RedirectOutOfScope("redirect_private", "x"), "redirect_private"),
        (KeyError("x"), "KeyError"),
    ],
)
def test_failure_reasons(exc: Exception, reason: str) -> None:
    assert failure_reason(failure(exc)) == reason
