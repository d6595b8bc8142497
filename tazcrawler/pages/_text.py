"""String clean-up for extracted text: whitespace, invisible characters, kicker splitting."""

from __future__ import annotations

import re
from itertools import filterfalse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "clean",
    "count_words",
    "counted_elsewhere",
    "is_plain",
    "split_kicker",
    "strip_credit_prefix",
]

# Zero-width space, word joiner and BOM: invisible, and never a word boundary a reader sees.
# Soft hyphens (U+00AD) are kept: they are part of the text as published.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff]")
_WORD = re.compile(r"\w")
# A token of text with single spaces (and spaces put at both ends) that holds no word
# character; found only where a space starts it, with no way to back up: a long run of
# punctuation costs linear time, not quadratic.
_WORDLESS = re.compile(r" [^\w ]++(?= )")
_CREDIT_PREFIX = re.compile(r"^(?:Fotos?|Foto ?credit|Bild|Bilder)\s*:\s*", re.IGNORECASE)


def clean(text: str | None) -> str | None:
    """Collapse whitespace and drop zero-width characters; None if nothing is left.

    >>> clean("  Ein\\u200b  bisschen\\n Fortschritt\\u200b ")
    'Ein bisschen Fortschritt'
    >>> clean(" \\u200b ") is None
    True
    """
    if not text:
        return None
    # Most text is clean already: 0.35 M instructions a generated page, not 0.86 M. Only a
    # plain str is kept as it is: lxml's XPath strings hold their tree.
    if type(text) is str and is_plain(text):
        return text
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    return " ".join(text.split()) or None


def is_plain(text: str) -> bool:
    """Whether ``text`` is printable with no space doubled or at an end. Printable text
    holds no invisible character and no white space but the space (both are unprintable),
    so such text is as :func:`clean` leaves it.

    >>> is_plain("Ein Satz."), is_plain("Ein  Satz."), is_plain("Ein\u00a0Satz.")
    (True, False, False)
    """
    return (
        text.isprintable()
        and "  " not in text
        and not text.startswith(" ")
        and not text.endswith(" ")
    )


def split_kicker(full: str | None) -> tuple[str | None, str | None]:
    """Split taz's "Kicker: Title" form at the first ": ".

    >>> split_kicker("Entwurf des Selbstbestimmungsgesetzes: Ein bisschen Fortschritt\\u200b")
    ('Entwurf des Selbstbestimmungsgesetzes', 'Ein bisschen Fortschritt')
    >>> split_kicker("Nur ein Titel")
    (None, 'Nur ein Titel')
    """
    full = clean(full)
    if full is None:
        return None, None
    kicker, sep, title = full.partition(": ")
    if not sep or not kicker.strip() or not title.strip():
        return None, full
    return clean(kicker), clean(title)


def strip_credit_prefix(credit: str | None) -> str | None:
    """A photo credit without its "Foto: " label.

    >>> strip_credit_prefix(" Foto:  Felix Zahn/imago")
    'Felix Zahn/imago'
    >>> strip_credit_prefix("Foto:") is None
    True
    """
    credit = clean(credit)
    return clean(_CREDIT_PREFIX.sub("", credit)) if credit else None


def count_words(paragraphs: Sequence[str]) -> int:
    """Whitespace-separated tokens holding at least one letter or digit ("IS-Terror" is one
    word, a lone dash is none).

    >>> count_words(["Der IS ist \\u2013 nach drei Jahren \\u2013 vertrieben.", "IS-Terror 2017"])
    9
    """
    global _counted
    key = tuple(paragraphs)
    last = _counted
    if key == last[0]:
        return last[1]
    # Tokens less the few without a word character, not a regex match tried at every
    # character: a quarter of the instructions (1.26 M to 0.31 M a generated page).
    joined = " ".join(key)
    if not joined:
        count = 0
    elif is_plain(joined):  # each space ends a token
        count = joined.count(" ") + 1 - len(_WORDLESS.findall(f" {joined} "))
    else:
        tokens = joined.split()
        wordless = (t for t in filterfalse(str.isalnum, tokens) if not _WORD.search(t))
        count = len(tokens) - sum(1 for _ in wordless)
    _counted = (key, count)
    return count


def counted_elsewhere(paragraphs: Sequence[str], count: int) -> None:
    """Take ``count`` as ``count_words(paragraphs)``: another process counted them.

    A re-extraction worker counts the page object's paragraphs, and the replay's text
    pipeline counts them again; this makes the second count a lookup there too.

    >>> counted_elsewhere(["zwei Worte"], 2); count_words(["zwei Worte"])
    2
    """
    global _counted
    _counted = (tuple(paragraphs), count)


# The paragraphs counted last and their count. The page object counts its paragraphs and
# the text pipeline counts them again after normalising, which nearly always leaves the
# same strings: the second count is then a lookup (the strings' hashes are cached, and equal
# tuples compare them by identity first). One entry: the item reaches the pipeline right
# after its page, and a benchmark that extracts the same pages again and again must not
# find them counted already.
_counted: tuple[tuple[str, ...], int] = ((), 0)
