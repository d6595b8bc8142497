"""parse_html and response_selector: a page as the selector the page objects read."""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

import parsel
from lxml import etree
from parsel.selector import create_root_node

if TYPE_CHECKING:
    from scrapy.http import TextResponse

__all__ = ["ParsedPage", "parse_html", "parse_page", "response_page", "response_selector"]

# The parser parsel made last in this thread: parsel builds it inside create_root_node and
# keeps no reference, and its error log is where lxml says it gave up on a page.
_made = threading.local()


class _HTMLParser(etree.HTMLParser):  # type: ignore[misc]  # lxml is untyped here
    # No table of id attributes: nothing here looks elements up by id (XPath id()), and
    # building it was a twentieth of the parse.
    def __init__(self, **options: bool | str) -> None:
        super().__init__(collect_ids=False, **options)
        _made.parser = self


@dataclass(frozen=True)
class ParsedPage:
    selector: parsel.Selector
    #: Why the tree lacks the end of the page, None if it has it all: ``"depth_limit"``
    #: (markup nested past libxml2's 2048 levels inside the body: the parser stopped
    #: there) or ``"unclosed"`` (the document ends before ``</body>`` and ``</html>``:
    #: cut short, though its Content-Length may be honest).
    truncated: str | None


def parse_page(url: str, body: bytes | None = None, text: str | None = None) -> ParsedPage:
    """The page as a parsel Selector over a plain ``lxml.etree`` HTML tree, and whether whole.

    Give UTF-8 ``body`` bytes (parsel's handling applies: NUL bytes dropped, invalid bytes
    replaced) or decoded ``text``. parsel's default parser is ``lxml.html``'s, which calls a
    Python function to pick each element's class the first time it is touched; the page
    objects use only the ``lxml.etree`` API, and the plain parser saves a tenth of the time
    of extracting a page (BENCHMARKS.md). The tree is the same either way.
    """
    source: bytes | str
    if text is not None:
        source = text
        root = create_root_node(text, _HTMLParser, base_url=url)
    else:
        source = body or b""
        root = create_root_node("", _HTMLParser, base_url=url, body=source)
    selector = parsel.Selector(root=root, type="html", base_url=url)
    return ParsedPage(selector, _truncation(source, _made.parser.error_log))


def parse_html(url: str, body: bytes | None = None, text: str | None = None) -> parsel.Selector:
    """:func:`parse_page`'s selector alone."""
    return parse_page(url, body, text).selector


def response_page(response: TextResponse) -> ParsedPage:
    """The page's parsed HTML, not cached on the response.

    Scrapy's ``response.selector`` refers back to its response: a reference cycle that only
    the cyclic GC frees, and the GC does not count the lxml tree's memory (megabytes a page),
    so at 16 concurrent requests dead trees piled up to hundreds of MB. Parsing UTF-8 bytes
    directly also saves decoding the page and encoding it again.
    """
    if codecs.lookup(response.encoding).name == "utf-8":
        return parse_page(response.url, body=response.body)
    return parse_page(response.url, text=response.text)


def response_selector(response: TextResponse) -> parsel.Selector:
    """:func:`response_page`'s selector alone."""
    return response_page(response).selector


def _truncation(source: bytes | str, errors: etree._ListErrorLog) -> str | None:
    """Why the parsed tree lacks the end of ``source``, or None.

    >>> _truncation(b"<html><body><p>Ab", [])
    'unclosed'
    >>> _truncation(b"<html><body><p>Ab</p></body></html>", [])
    """
    body_end = _rfind(source, "</body")
    for error in errors:
        # libxml2 stops at 2048 nested elements (huge_tree or not) and drops the rest of
        # the document; only nesting after </body> loses nothing of the article.
        if error.type_name == "ERR_RESOURCE_LIMIT" and (
            body_end < 0 or _offset(source, error.line, error.column) < body_end
        ):
            return "depth_limit"
    # An HTML parser closes whatever is open at the end, silently: only the source shows
    # a page that stops mid-paragraph.
    if body_end < 0 and _rfind(source, "</html") < 0:
        return "unclosed"
    return None


def _rfind(source: bytes | str, tag: str) -> int:
    # Two exact searches, not a case-insensitive one over the whole page: a tenth of the time.
    if isinstance(source, bytes):
        return max(source.rfind(tag.encode()), source.rfind(tag.upper().encode()))
    return max(source.rfind(tag), source.rfind(tag.upper()))


def _offset(source: bytes | str, line: int, column: int) -> int:
    newline = b"\n" if isinstance(source, bytes) else "\n"
    start = 0
    for _ in range(line - 1):
        start = source.find(newline, start) + 1  # type: ignore[arg-type]
        if start == 0:
            break
    return start + max(column - 1, 0)
