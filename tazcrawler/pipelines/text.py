"""Normalise every human-text field of an article: Unicode, invisible characters, spaces."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import TYPE_CHECKING, Any

from tazcrawler.fields import Fields, fields
from tazcrawler.pages._text import count_words, is_plain
from tazcrawler.pipelines._stats import StatsPipeline

if TYPE_CHECKING:
    from collections.abc import Callable

    _Cleaner = Callable[[Any], Any]

__all__ = ["TextPipeline", "count_words", "normalize_text"]

SOFT_HYPHEN = "\u00ad"
# ZWSP, ZWNJ, ZWJ, WORD JOINER, BOM/ZWNBSP: invisible, but they break matching and counting
# (taz:title ends in a ZWSP).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
NO_BREAK_SPACES = "\u00a0\u202f"

_REMOVE = str.maketrans(dict.fromkeys(SOFT_HYPHEN + ZERO_WIDTH))
_TO_SPACE = str.maketrans(dict.fromkeys(NO_BREAK_SPACES, " "))
_WHITESPACE_RUN = re.compile(r"\s+")
_SPECIAL = re.compile(f"[{SOFT_HYPHEN}{ZERO_WIDTH}{NO_BREAK_SPACES}]")

# Stats suffixes, one per kind of change; the counts are characters for the character
# kinds and fields for the others.
SOFT_HYPHENS = "soft_hyphens_removed"
ZERO_WIDTHS = "zero_width_removed"
NBSPS = "nbsp_replaced"
NFC = "nfc_normalized"
WHITESPACE = "whitespace_collapsed"
EMPTIED = "empty_removed"


_UNCHANGED: Counter[str] = Counter()


def _normalize_counted(value: str) -> tuple[str, Counter[str]]:
    # Most text needs no change: saying so without building the counts is several times
    # faster, and this runs on every paragraph of every article (BENCHMARKS.md). Printable
    # text with single inner spaces needs neither the regex nor the split (both characters
    # a normalisation touches and white space but the space are unprintable).
    if value and is_plain(value) and unicodedata.is_normalized("NFC", value):
        return value, _UNCHANGED
    if (
        value
        and _SPECIAL.search(value) is None
        and unicodedata.is_normalized("NFC", value)
        and " ".join(value.split()) == value
    ):
        return value, _UNCHANGED
    changes: Counter[str] = Counter()
    changes[SOFT_HYPHENS] = value.count(SOFT_HYPHEN)
    changes[ZERO_WIDTHS] = sum(value.count(char) for char in ZERO_WIDTH)
    changes[NBSPS] = sum(value.count(char) for char in NO_BREAK_SPACES)
    text = value.translate(_REMOVE).translate(_TO_SPACE)
    # NFC after the removals: a zero-width character between a letter and its combining
    # accent would otherwise keep them from composing.
    composed = unicodedata.normalize("NFC", text)
    changes[NFC] = int(composed != text)
    collapsed = _WHITESPACE_RUN.sub(" ", composed).strip()
    changes[WHITESPACE] = int(collapsed != composed)
    changes[EMPTIED] = int(not collapsed)
    return collapsed, +changes


def normalize_text(value: str) -> str:
    """NFC; soft hyphens and zero-width characters removed; no-break spaces and whitespace
    runs become one space; stripped.

    >>> normalize_text("Geschlechts\\u00adeintrag")
    'Geschlechtseintrag'
    >>> normalize_text(" Letzte\\u00a0IS-Stadt \\n ist  erobert\\u200b")
    'Letzte IS-Stadt ist erobert'
    >>> normalize_text("Caf\\u0065\\u0301") == "Caf\\u00e9"
    True
    >>> normalize_text("\\u200b \\u00ad")
    ''
    """
    return _normalize_counted(value)[0]


class TextPipeline(StatsPipeline):
    """Normalise the human-text fields (not URLs or ids) and recompute ``word_count``."""

    # Scalar text fields (of the article, then of its parts): empty becomes None.
    SCALARS = ("kicker", "title", "teaser", "section")
    DATELINE_FIELDS = ("location", "source")
    IMAGE_FIELDS = ("caption", "credit")
    RELATED_FIELDS = ("title", "kicker", "teaser")

    def process_item(self, item: Any) -> Any:
        adapter = fields(item)
        changes: Counter[str] = Counter()

        def clean(value: Any) -> Any:
            # Non-strings (None, or a stray number) are left for validation to judge.
            if not isinstance(value, str):
                return value
            text, counted = _normalize_counted(value)
            if counted:
                changes.update(counted)
            return text or None

        _clean_fields(adapter, self.SCALARS, clean)
        adapter["tags"] = _clean_list(adapter.get("tags"), clean)
        adapter["paragraphs"] = _clean_list(adapter.get("paragraphs"), clean)
        # An author or subheading without text is no author or subheading at all.
        adapter["authors"] = _clean_parts(adapter.get("authors"), ("name",), "name", clean)
        adapter["subheadings"] = _clean_parts(adapter.get("subheadings"), ("text",), "text", clean)
        adapter["related"] = _clean_parts(adapter.get("related"), self.RELATED_FIELDS, None, clean)
        if adapter.get("image") is not None:
            _clean_fields(fields(adapter["image"]), self.IMAGE_FIELDS, clean)
        dateline = adapter.get("dateline")
        if dateline is not None:
            dateline_adapter = fields(dateline)
            _clean_fields(dateline_adapter, self.DATELINE_FIELDS, clean)
            # A dateline with neither place nor agency says nothing.
            if all(dateline_adapter.get(name) is None for name in self.DATELINE_FIELDS):
                adapter["dateline"] = None
        # Recounted by the page objects' rule: normalising may have emptied paragraphs, and an
        # item from elsewhere may carry any count.
        adapter["word_count"] = count_words(adapter["paragraphs"])
        for kind, count in changes.items():
            self.stats.inc_value(f"taz/text/{kind}", count)
        return item


def _clean_fields(adapter: Fields, names: tuple[str, ...], clean: _Cleaner) -> None:
    for name in names:
        try:
            value = adapter[name]
        except KeyError:  # a field this item kind does not have
            continue
        cleaned = clean(value)
        if cleaned is not value:  # most text is already clean: no write-back
            adapter[name] = cleaned


def _all_plain(values: list[Any]) -> bool:
    """True if normalising leaves each of ``values`` as it is: non-empty strings, NFC,
    single spaces only, nothing a normalisation removes or replaces.

    >>> _all_plain(["Ein Satz.", "Zweiter Satz"]), _all_plain(["Ein  Satz."])
    (True, False)
    >>> _all_plain(["Geschlechts\\u00adeintrag"]), _all_plain(["Cafe\\u0301"]), _all_plain([""])
    (False, False, False)
    """
    # One pass over the joined text instead of a check a paragraph. Every character
    # normalising touches (soft hyphen, zero-width, no-break and other non-space white
    # space) is unprintable; a space next to the joining space shows as a double space; a
    # space composes with nothing, so NFC of the whole is NFC of each. Anything else
    # unprintable (a bidi mark) merely takes the careful path.
    try:
        joined = " ".join(values)
    except TypeError:  # a stray non-string is left for validation, on the careful path
        return False
    return all(values) and is_plain(joined) and unicodedata.is_normalized("NFC", joined)


def _clean_list(values: list[Any] | None, clean: _Cleaner) -> list[Any]:
    values = list(values or [])  # a copy, and an item from elsewhere may hold any iterable
    if values and _all_plain(values):
        return values
    cleaned = [clean(value) for value in values]
    return [value for value in cleaned if value is not None]


def _clean_parts(
    parts: list[Any] | None,
    names: tuple[str, ...],
    required: str | None,
    clean: _Cleaner,
) -> list[Any]:
    """Clean ``names`` of each part; a part whose ``required`` field ends up empty is removed."""
    kept = []
    for part in parts or []:
        part_adapter = fields(part)
        _clean_fields(part_adapter, names, clean)
        if required is None or part_adapter.get(required) is not None:
            kept.append(part)
    return kept
