"""CharsetRepairMiddleware: "UTF-8" pages in Latin-1 are read as Windows-1252."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from tazcrawler.downloadermiddlewares.charset import CharsetRepairMiddleware, proven_utf8

URL = "http://127.0.0.1/Gruesse/!1/"
LATIN1 = "<html><body><p>Grüße aus Köln</p></body></html>".encode("latin-1")


def repaired(body: bytes) -> str:
    middleware = CharsetRepairMiddleware(MemoryStatsCollector(get_crawler()))
    response = HtmlResponse(URL, body=body, headers={"Content-Type": "text/html; charset=utf-8"})
    return middleware.process_response(Request(URL), response).encoding


def test_latin1_declared_utf8_is_read_as_windows_1252() -> None:
    assert repaired(LATIN1) == "cp1252"
    assert repaired("Grüße".encode()) == "utf-8"


def test_a_body_proven_elsewhere_is_not_decoded_again_but_only_that_very_object() -> None:
    proven_utf8(LATIN1)  # not UTF-8 at all: so its staying "utf-8" shows the check skipped
    assert repaired(LATIN1) == "utf-8"
    assert repaired(bytes(bytearray(LATIN1))) == "cp1252", "equal bytes are checked"
    proven_utf8(b"")
    assert repaired(LATIN1) == "cp1252"
