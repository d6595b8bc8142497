"""parse_html and response_selector: a page as the selector the page objects read."""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

import parsel
from lxml import etree
from parsel.selector import create_root_node

if TYPE_CHECKING:
    from scrapy.http import TextResponse

__all__ = ["parse_html", "response_selector"]


class _HTMLParser(etree.HTMLParser):
    # No table of id attributes: nothing here looks elements up by id (XPath id()), and
    # building it was a twentieth of the parse.
    def __init__(self, **options: bool | str) -> None:
        super().__init__(collect_ids=False, **options)  # type: ignore[arg-type]


def parse_html(url: str, body: bytes | None = None, text: str | None = None) -> parsel.Selector:
    """The page as a parsel Selector over a plain ``lxml.etree`` HTML tree.

    Give UTF-8 ``body`` bytes (parsel's handling applies: NUL bytes dropped, invalid bytes
    replaced) or decoded ``text``. parsel's default parser is ``lxml.html``'s, which calls a
    Python function to pick each element's class the first time it is touched; the page
    objects use only the ``lxml.etree`` API, and the plain parser saves a tenth of the time
    of extracting a page (BENCHMARKS.md). The tree is the same either way.
    """
    if text is not None:
        root = create_root_node(text, _HTMLParser, base_url=url)
    else:
        root = create_root_node("", _HTMLParser, base_url=url, body=body or b"")
    return parsel.Selector(root=root, type="html", base_url=url)


def response_selector(response: TextResponse) -> parsel.Selector:
    """The page's parsed HTML, not cached on the response.

    Scrapy's ``response.selector`` refers back to its response: a reference cycle that only
    the cyclic GC frees, and the GC does not count the lxml tree's memory (megabytes a page),
    so at 16 concurrent requests dead trees piled up to hundreds of MB. Parsing UTF-8 bytes
    directly also saves decoding the page and encoding it again.
    """
    if codecs.lookup(response.encoding).name == "utf-8":
        return parse_html(response.url, body=response.body)
    return parse_html(response.url, text=response.text)
