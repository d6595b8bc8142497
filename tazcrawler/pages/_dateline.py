"""The dateline ("Beirut ap |") that opens a report's first paragraph."""

from __future__ import annotations

import re

from tazcrawler.items import Dateline

__all__ = ["split_dateline", "strip_separator"]

# "Beirut ap | Der Traum ..." -- at most a few words before the first "|".
_LEADING = re.compile(r"^(?P<head>[^|]{1,60}?)\s*\|\s*")
_SEPARATOR = re.compile(r"^\s*\|\s*")
# Agency or source marks: "ap", "dpa", "taz", "dpa/afp", "(rtr)"; upper case only when known.
_SOURCE = re.compile(r"^\(?(?:[a-z]{2,6}(?:/[a-z]{2,6})*|AFP|AP|DPA|EPD|KNA|RTR|REUTERS)\)?$")
# Marks that unmarked text must carry to count as a dateline: without markup, any short
# lower-case word before a "|" would otherwise pass for a source.
_KNOWN_SOURCES = frozenset(
    {"taz", "dpa", "ap", "afp", "rtr", "epd", "kna", "reuters", "dapd", "ddp", "sid", "apa"}
)
_MAX_WORDS = 5


def _known(word: str) -> bool:
    return all(part in _KNOWN_SOURCES for part in word.strip("()").lower().split("/"))


def split_dateline(text: str, *, need_source: bool = False) -> tuple[Dateline | None, str]:
    """Take a leading "<location> <source> |" off a paragraph's text.

    The location keeps its case as written ("BERLIN" stays upper case); a later
    concern may title-case it. With ``need_source``, for text that no markup marks as a
    dateline, a head without an agency or source mark is left as it is.

    >>> split_dateline("Beirut ap | Der Traum ist ausgeträumt.")
    (Dateline(location='Beirut', source='ap'), 'Der Traum ist ausgeträumt.')
    >>> split_dateline("Frankfurt am Main dpa | Text")
    (Dateline(location='Frankfurt am Main', source='dpa'), 'Text')
    >>> split_dateline("Das ist ein ganz normaler Satz mit vielen Wörtern | davor")[0] is None
    True
    >>> split_dateline("TOKIO taz | Die Erde bebte.", need_source=True)
    (Dateline(location='TOKIO', source='taz'), 'Die Erde bebte.')
    >>> split_dateline("Kurz gesagt | nein", need_source=True)[0] is None
    True
    """
    match = _LEADING.match(text)
    if not match:
        return None, text
    words = match["head"].split()
    if not words or len(words) > _MAX_WORDS:
        return None, text
    source = None
    if need_source and not (len(words) > 1 and _known(words[-1]) and words[0][:1].isupper()):
        return None, text
    if _SOURCE.match(words[-1]):
        source = words.pop().strip("()")
    location = " ".join(words) or None
    return Dateline(location=location, source=source), text[match.end() :]


def strip_separator(text: str) -> str:
    """Drop the "|" left at the start once location and source markup are taken out.

    >>> strip_separator(" | Die Regierung hat ...")
    'Die Regierung hat ...'
    """
    return _SEPARATOR.sub("", text, count=1)
