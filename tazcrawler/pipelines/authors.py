"""Turn bylines into a clean list of authors, one person each, without duplicates."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from tazcrawler.fields import fields
from tazcrawler.pipelines._stats import StatsPipeline

__all__ = ["AuthorsPipeline", "split_names"]

# Only at the very start: "von" inside a name ("Ursula von der Leyen") is part of it.
_BYLINE_PREFIX = re.compile(r"^von(?:\s+|$)", re.IGNORECASE)
# "und" as a word only: "Undine" and "Gundula" are names.
_SEPARATORS = re.compile(r"\s*(?:,|&|\bund\b)\s*", re.IGNORECASE)


def split_names(text: str) -> list[str]:
    """The person names in a byline, without the leading "Von".

    >>> split_names("Von Nicole Opitz")
    ['Nicole Opitz']
    >>> split_names("Von Anna Lehmann und Stefan Reinecke")
    ['Anna Lehmann', 'Stefan Reinecke']
    >>> split_names("A, B und C & D")
    ['A', 'B', 'C', 'D']
    >>> split_names("von Ursula von der Leyen")
    ['Ursula von der Leyen']
    >>> split_names("Von "), split_names(" , und ")
    ([], [])
    """
    text = " ".join(text.split())
    text = _BYLINE_PREFIX.sub("", text, count=1)
    return [name for name in _SEPARATORS.split(text) if name]


def _replace(part: Any, **changes: Any) -> Any:
    """A copy of an Author (dataclass or dict) with ``changes``."""
    if dataclasses.is_dataclass(part) and not isinstance(part, type):
        return dataclasses.replace(part, **changes)
    return {**part, **changes}


class AuthorsPipeline(StatsPipeline):
    """Strip "Von", split multi-name bylines, drop empty and duplicate authors."""

    def process_item(self, item: Any) -> Any:
        adapter = fields(item)
        split: list[Any] = []
        for author in adapter.get("authors") or []:
            author_fields = fields(author)
            name, url = author_fields.get("name"), author_fields.get("url")
            names = split_names(name) if isinstance(name, str) else []
            if not names:
                self.stats.inc_value("taz/authors/empty_removed")
            elif len(names) == 1:
                split.append(_replace(author, name=names[0], url=url))
            else:
                # The profile link belonged to the byline as a whole, not to any one person.
                self.stats.inc_value("taz/authors/split")
                self.stats.inc_value("taz/authors/split_names", len(names))
                split.extend(_replace(author, name=one, url=None) for one in names)
        adapter["authors"] = self._dedupe(split)
        return item

    def _dedupe(self, authors: list[Any]) -> list[Any]:
        kept: dict[str, Any] = {}
        for author in authors:
            author_adapter = fields(author)
            key = author_adapter["name"].casefold()
            if key not in kept:
                kept[key] = author
                continue
            self.stats.inc_value("taz/authors/duplicates_removed")
            first = fields(kept[key])
            if not first.get("url") and author_adapter.get("url"):
                first["url"] = author_adapter["url"]
        return list(kept.values())
