"""HeadMetaRefreshMiddleware redirects exactly as Scrapy's MetaRefreshMiddleware does."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from tazcrawler.downloadermiddlewares.metarefresh import HeadMetaRefreshMiddleware, head

URL = "http://127.0.0.1/Alt/!1/"
REFRESH = '<meta http-equiv="refresh" content="0; url=/Neu/!2/">'
# Characters of one to four bytes in UTF-8, so that 4,096 of them end anywhere in the bytes.
TEXT = "Grüße – „taz“ 𝄞 Kölner Straße " * 2000


def page(before: int, refresh: str = REFRESH, encoding: str = "utf-8", bom: bytes = b"") -> bytes:
    """A page with ``refresh`` after ``before`` characters of text, 60,000 more after it."""
    html = f"<html><head><title>{TEXT[:before]}</title>{refresh}</head><body>{TEXT}</body></html>"
    return bom + html.encode(encoding)


def answers(middleware_class: type[MetaRefreshMiddleware], response: HtmlResponse) -> object:
    crawler = get_crawler(settings_dict={"METAREFRESH_ENABLED": True})
    middleware = middleware_class.from_crawler(crawler)
    result = middleware.process_response(Request(URL), response)
    return result.url if isinstance(result, Request) else result is response


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        ("utf-8", b""),
        ("utf-8", b"\xef\xbb\xbf"),
        ("utf-16-le", b"\xff\xfe"),
        ("gb18030", b""),
        ("iso-2022-jp", b""),
        ("cp1252", b""),
    ],
)
@pytest.mark.parametrize("before", [0, 1000, 4000, 4010, 4095, 4200, 9000])
def test_redirects_as_scrapy_does(encoding: str, bom: bytes, before: int) -> None:
    text = TEXT if encoding not in ("cp1252", "iso-2022-jp") else "Gruesse, Koeln " * 4000
    html = f"<html><head><title>{text[:before]}</title>{REFRESH}</head><body>{text}</body></html>"
    body = bom + html.encode(encoding, errors="replace")
    declared = "" if bom else f"; charset={encoding}"
    response = HtmlResponse(URL, body=body, headers={"Content-Type": f"text/html{declared}"})
    ours = answers(HeadMetaRefreshMiddleware, response)
    assert ours == answers(MetaRefreshMiddleware, response)
    assert head(response).text[:4096] == response.text[:4096]
    if before < 3900:  # the refresh lies in the 4,096 characters Scrapy reads
        assert ours == "http://127.0.0.1/Neu/!2/"


def test_the_head_of_a_long_page_is_a_cut_and_a_short_page_its_own() -> None:
    long = HtmlResponse(URL, body=page(10), encoding="utf-8")
    assert len(head(long).body) < len(long.body) // 4
    short = HtmlResponse(URL, body=page(10)[:9000], encoding="utf-8")
    assert head(short) is short


def test_a_page_of_escapes_longer_than_its_head_is_read_whole() -> None:
    # ISO-2022-JP switches character sets with three-byte escapes: 16 KB of alternating
    # scripts hold fewer than 4,096 characters, so the head would be too short.
    mixed = "aあ" * 20000
    html = f"<html><head><title>{mixed[:4000]}</title>{REFRESH}</head><body>{mixed}</body></html>"
    response = HtmlResponse(URL, body=html.encode("iso-2022-jp"), encoding="iso-2022-jp")
    assert head(response) is response
    assert answers(HeadMetaRefreshMiddleware, response) == answers(MetaRefreshMiddleware, response)
