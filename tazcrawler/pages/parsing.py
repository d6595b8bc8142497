"""parse_html: a page's HTML as the selector the page objects read."""

from __future__ import annotations

import parsel
from lxml import etree
from parsel.selector import create_root_node

__all__ = ["parse_html"]


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
