"""Class names and text as the page objects read them."""

from __future__ import annotations

import pytest
from lxml.html import fragment_fromstring

from tazcrawler.pages import ArticlePage
from tazcrawler.pages._dom import classes, has_class


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("paragraph article", ["paragraph", "article"]),
        ("  big\tpictured\n\t\tauthor \r\fperson ", ["big", "pictured", "author", "person"]),
        # No-break spaces are no separators in HTML (or in the XPath class test).
        ("x\u00a0objlink", ["x\u00a0objlink"]),
        ("a\u2003b c", ["a\u2003b", "c"]),
        ("", []),
    ],
)
def test_classes_split_on_ascii_white_space_only(value: str, expected: list[str]) -> None:
    element = fragment_fromstring(f'<p class="{value}">x</p>')
    assert classes(element) == expected
    assert all(has_class(element, name) for name in expected)


def test_no_break_space_does_not_make_a_container() -> None:
    html = (
        '<html><body><article class="sectbody\u00a0"><p class="article">Nein.</p></article>'
        '<article class="module-article"><div class="main-article-corpus">'
        '<p class="paragraph">Ja.</p></div></article></body></html>'
    )
    page = ArticlePage.from_html("https://taz.de/!6000000/", html)
    assert page.layout == "new"
    assert page.paragraphs() == ["Ja."]
