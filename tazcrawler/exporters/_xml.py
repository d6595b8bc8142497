"""Escaping for the graph exporters, which write their XML as text."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

__all__ = ["attribute", "text"]

# Characters XML 1.0 cannot carry at all, even escaped; the text pipeline should have
# removed them, and one left over must not make the whole file unreadable.
_INVALID_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def text(value: str) -> str:
    """Element content.

    >>> text("Mieten & <Wohnen>")
    'Mieten &amp; &lt;Wohnen&gt;'
    """
    return escape(_INVALID_RE.sub("", value))


def attribute(value: str) -> str:
    """An attribute value with its quotes.

    >>> attribute('Der "Neubau"')
    '\\'Der "Neubau"\\''
    """
    return quoteattr(_INVALID_RE.sub("", value), {"\n": "&#10;", "\t": "&#9;", "\r": "&#13;"})
