"""GopherDownloadHandler against the local gopher server and its faults."""

from __future__ import annotations

import asyncio
import logging
import socket
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Request
from scrapy.core.downloader import Downloader
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    ResponseDataLossError,
)
from scrapy.http import TextResponse
from twisted.python.failure import Failure

from tazcrawler.downloadhandlers.gopher import GopherDownloadHandler
from tazcrawler.offline import project_settings
from tazcrawler.pages import TextEditionPage
from tazcrawler.spiders._failures import failure_reason
from testsite.gopher import FAULTS, HUGE_BYTES, GopherSite, serve

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with serve(GopherSite.sample(faults=True)) as url:
        yield url


def download(url: str, **meta: Any) -> TextResponse:
    async def run() -> TextResponse:
        # Built inside the running loop, as Scrapy builds it under the asyncio reactor.
        # The handler reads only the crawler's settings.
        handler = GopherDownloadHandler(SimpleNamespace(settings=project_settings()))  # type: ignore[arg-type]
        request = Request(url, meta=meta)
        response = await handler.download_request(request)
        response.request = request  # as Scrapy's engine ties them
        return response

    return asyncio.run(run())


def fault(base: str, name: str) -> str:
    return f"{base}/1/fault/{name}/!{FAULTS[name]}"


def reason_of(exc: BaseException) -> str:
    return failure_reason(Failure(exc))


def test_an_article_menu_is_read_to_its_terminator(base: str) -> None:
    response = download(f"{base}/1/!1000001")
    assert isinstance(response, TextResponse)
    assert (response.status, response.protocol, response.flags) == (200, "gopher", [])
    assert response.body.endswith(b"\r\n.\r\n")
    assert response.meta["download_latency"] > 0
    page = TextEditionPage.from_bytes(response.url, response.body)
    assert (page.kind, page.title(), page.article_id) == (
        "article",
        "Der Bezirk zieht die Notbremse",
        "1000001",
    )


def test_the_selector_is_sent_as_the_url_names_it(base: str) -> None:
    # The slug form and a percent-encoded selector reach the server decoded.
    assert download(f"{base}/1/Ein-Slug/!1000002").body == download(f"{base}/1/!1000002").body
    body = download(f"{base}/1/nicht%20da").text
    assert body.startswith("3'/nicht da' does not exist\t")


def test_an_error_item_is_content_for_the_page_object(base: str) -> None:
    response = download(fault(base, "error"))
    page = TextEditionPage.from_bytes(response.url, response.body)
    assert page.kind == "error"
    assert "Interner Fehler des Servers" in page.reason


def test_a_menu_without_terminator_is_data_loss(base: str) -> None:
    with pytest.raises(ResponseDataLossError, match="no terminating") as caught:
        download(fault(base, "no-terminator"))
    assert reason_of(caught.value) == "data_loss"
    kept = download(fault(base, "no-terminator"), download_fail_on_dataloss=False)
    assert kept.flags == ["dataloss"]
    assert TextEditionPage.from_bytes(kept.url, kept.body).kind == "article"


def test_a_huge_menu_is_cancelled_at_the_max_size(
    base: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(DownloadCancelledError, match="larger than download max size") as caught:
        download(fault(base, "huge"), download_maxsize=1_000_000)
    assert reason_of(caught.value) == "too_large"
    # The project's own DOWNLOAD_MAXSIZE (10 MB) stops the 11 MB menu too.
    assert project_settings().getint("DOWNLOAD_MAXSIZE") < HUGE_BYTES
    with pytest.raises(DownloadCancelledError):
        download(fault(base, "huge"))


def test_a_large_menu_is_warned_about(base: str, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        response = download(f"{base}/1/!1000001", download_warnsize=1000)
    assert response.body.endswith(b".\r\n")
    assert "larger than download warn size (1000)" in caplog.text


def test_binary_junk_is_not_text(base: str) -> None:
    response = download(fault(base, "junk"))
    assert TextEditionPage.from_bytes(response.url, response.body).kind == "not_text"


def test_a_server_that_never_answers_times_out(base: str) -> None:
    with pytest.raises(DownloadTimeoutError, match=r"took longer than 0\.5 seconds") as caught:
        download(fault(base, "silent"), download_timeout=0.5)
    assert reason_of(caught.value) == "timeout"


def test_a_connection_reset_fails_the_download(base: str) -> None:
    with pytest.raises(DownloadFailedError) as caught:
        download(fault(base, "reset"))
    assert reason_of(caught.value) == "connection_lost"


def test_a_closed_port_is_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(DownloadConnectionRefusedError) as caught:
        download(f"gopher://127.0.0.1:{port}/1/!1000001")
    assert reason_of(caught.value) == "connection_refused"


def test_gopher_and_web_requests_to_one_host_share_a_download_slot() -> None:
    # Scrapy keys slots by host name: one delay and concurrency limit for both editions.
    downloader = SimpleNamespace(ip_concurrency=0, DOWNLOAD_SLOT=Downloader.DOWNLOAD_SLOT)
    keys = {
        Downloader.get_slot_key(downloader, Request(url))  # type: ignore[arg-type]
        for url in ("gopher://taz.de/1/!5928990", "https://taz.de/!5928990/", "http://taz.de/")
    }
    assert keys == {"taz.de"}
