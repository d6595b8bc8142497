"""parse_html: the tree the page objects read, from bytes or text, whatever they hold."""

from __future__ import annotations

from typing import TYPE_CHECKING

import parsel
import pytest
from lxml import etree, html

from tazcrawler.pages import ArticlePage, page_kind, parse_html
from tests.pages._fixtures import REAL_FILES, REAL_URL

if TYPE_CHECKING:
    from pathlib import Path


@pytest.mark.parametrize("layout", sorted(REAL_FILES))
def test_page_objects_read_the_plain_tree_as_the_lxml_html_one(
    real_pages_dir: Path, layout: str
) -> None:
    body = (real_pages_dir / REAL_FILES[layout]).read_bytes()
    plain = parse_html(REAL_URL, body=body)
    assert type(plain.root) is etree._Element  # not lxml.html's element classes
    # Scrapy's response.selector (lxml.html elements) gives the same article.
    usual = parsel.Selector(body=body, encoding="utf-8", type="html", base_url=REAL_URL)
    assert isinstance(usual.root, html.HtmlElement)
    assert page_kind(REAL_URL, plain) == page_kind(REAL_URL, usual) == "article"
    assert ArticlePage(REAL_URL, plain).to_item() == ArticlePage(REAL_URL, usual).to_item()


def test_invalid_utf8_bytes_are_replaced_not_fatal() -> None:
    body = "<html><body><h1>Stra\u00dfe</h1><p>a\x00b \xff\xfe c</p></body></html>".encode(
        "latin-1"
    )
    selector = parse_html("https://taz.de/!1/", body=body)
    # Latin-1 ß and the stray bytes are not UTF-8: each becomes U+FFFD, the text stays.
    assert selector.css("h1::text").get() == "Stra\ufffde"
    assert selector.css("p::text").get() == "ab \ufffd\ufffd c"


def test_text_and_bytes_give_the_same_tree() -> None:
    page = "<html><head><title>T\u00fctel</title></head><body><p>\u00e4</p></body></html>"
    from_text = parse_html("https://taz.de/!1/", text=page)
    from_bytes = parse_html("https://taz.de/!1/", body=page.encode("utf-8"))
    assert etree.tostring(from_text.root) == etree.tostring(from_bytes.root)
    assert from_bytes.css("title::text").get() == "T\u00fctel"


def test_empty_page_is_an_empty_document() -> None:
    selector = parse_html("https://taz.de/!1/", body=b"")
    assert selector.root.tag == "html"
    assert page_kind("https://taz.de/!1/", selector) == "other"


def test_structured_data_is_read_once_per_page_and_freed_with_it(real_pages_dir: Path) -> None:
    import gc
    import weakref

    from tazcrawler.pages._shared import structured_data

    body = (real_pages_dir / REAL_FILES["new"]).read_bytes()
    selector = parse_html(REAL_URL, body=body)
    data = structured_data(selector)
    assert page_kind(REAL_URL, selector) == "article"
    assert structured_data(selector) is data  # page_kind used the same, and so does the page
    assert ArticlePage(REAL_URL, selector)._data is data
    assert structured_data(parse_html(REAL_URL, body=body)) is not data
    freed = weakref.ref(data)
    del data, selector
    gc.collect()
    assert freed() is None, "the page's structured data outlived its selector"
