"""lxml helpers: compiled CSS selectors, class tests and text as a reader sees it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tazcrawler.pages._text import clean

if TYPE_CHECKING:
    from collections.abc import Callable

    from lxml.etree import _Element as Element

__all__ = ["attr", "classes", "first", "has_class", "has_klass", "klass", "text_of"]

_CLASS_SEPARATOR = re.compile("[ \t\n\f\r]+")
# XPath's normalize-space() white space: no form feed, unlike HTML's.
_XPATH_BLANKS = str.maketrans("\t\n\r", "   ")

_NOT_TEXT = frozenset({"script", "style", "noscript", "template", "head"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "ol", "p",
        "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


def klass(name: str) -> str:
    """An XPath test for the class token ``name``, e.g. ``f"./p[{klass('intro')}]"``.

    The plain ``contains`` runs first: it is cheap and rules out most elements.
    """
    return (
        f"contains(@class, '{name}')"
        f" and contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
    )


def has_klass(element: Element, name: str) -> bool:
    """The test :func:`klass` makes, in Python: ``name`` is a class token when the class is
    split as XPath's ``normalize-space`` splits it.

    >>> from lxml.html import fragment_fromstring
    >>> has_klass(fragment_fromstring('<p class="a\tintro"/>'), "intro")
    True
    >>> has_klass(fragment_fromstring('<p class="a\x0cintro"/>'), "intro")
    False
    """
    value = element.get("class")
    return value is not None and name in value and name in value.translate(_XPATH_BLANKS).split(" ")


def first(elements: list[Element]) -> Element | None:
    return elements[0] if elements else None


def classes(element: Element) -> list[str]:
    """The element's class names, split as HTML splits them: on ASCII white space only (a
    no-break space is part of a name, as it is for the XPath class test :func:`klass`)."""
    value = element.get("class") or ""
    if value.isascii() and value.isprintable():  # the common case: spaces only
        return value.split()
    return [name for name in _CLASS_SEPARATOR.split(value) if name]


def has_class(element: Element, name: str) -> bool:
    # A class token is a substring of the attribute: most elements are ruled out by that
    # alone, without splitting their classes (60 calls a page, mostly in the related block).
    value = element.get("class")
    return value is not None and name in value and name in classes(element)


def attr(element: Element | None, name: str) -> str | None:
    """An attribute's value, stripped; None if absent or blank."""
    if element is None:
        return None
    return (element.get(name) or "").strip() or None


def _is_drop_cap(element: Element) -> bool:
    # New layout: <span class="initial-letter-outer"><span class="initial-letter">N</span></span>
    # <span class="is-inline">a endlich!</span> -- the whitespace after it is markup, not text.
    return "initial-letter" in (element.get("class") or "")


def _collect(element: Element, parts: list[str], skip: Callable[[Element], bool] | None) -> None:
    # An explicit stack, not recursion: hostile pages nest elements thousands deep.
    stack: list[Element | str] = [element]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        if item.text:
            parts.append(item.text)
        todo: list[Element | str] = []
        for child in item:
            tail = child.tail
            tag = child.tag
            if isinstance(tag, str) and tag not in _NOT_TEXT and not (skip and skip(child)):
                if tag == "br":
                    todo.append(" ")
                elif tag in _BLOCKS:
                    todo += [" ", child, " "]
                else:
                    todo.append(child)
                if tail and _is_drop_cap(child):
                    tail = tail.lstrip()
            if tail:
                todo.append(tail)
        stack.extend(reversed(todo))


def text_of(element: Element | None, skip: Callable[[Element], bool] | None = None) -> str | None:
    """The element's text as a reader sees it, or None if empty.

    Inline elements (``em``, ``a``) add no spaces, block elements and ``br`` separate words,
    scripts and comments are left out, and elements for which ``skip`` is true are dropped
    (their tail text is kept).

    >>> from lxml.html import fragment_fromstring
    >>> text_of(fragment_fromstring('<p>Ein <em>be</em>tontes <a href="/">Wort</a>.</p>'))
    'Ein betontes Wort.'
    >>> text_of(fragment_fromstring(
    ...     '<p><span class="initial-letter-outer"><span class="initial-letter">N</span></span>'
    ...     ' <span class="is-inline">a endlich!</span></p>'))
    'Na endlich!'
    """
    if element is None:
        return None
    if not len(element):  # no children: headings, names, short paragraphs
        return clean(element.text)
    parts: list[str] = []
    _collect(element, parts, skip)
    return clean("".join(parts))
