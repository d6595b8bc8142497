"""The layers a field is read from, in order, and the record of which one gave it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

__all__ = ["LAYERS", "Candidate", "Found", "pick"]

# Every layer a field can come from, in the order they are asked: structured data first,
# then the known layout's markup, then the generic fallback for templates never seen.
# "url": the article id read from the URL when the markup names none.
LAYERS = ("jsonld", "microdata", "meta", "layout", "fallback", "url")

# (layer, selector as shown by explain, a reader that returns the value or something empty)
Candidate = tuple[str, str, "Callable[[], Any]"]


class Found(NamedTuple):
    """What a field's candidates gave: the value, the layer and selector that gave it (None
    if none did), and each candidate asked as (layer, selector, found something)."""

    value: Any
    layer: str | None
    selector: str | None
    asked: tuple[tuple[str, str, bool], ...] = ()


def pick(candidates: Sequence[Candidate], *, ask_all: bool = False) -> Found:
    """The first candidate whose value is not empty; with ``ask_all``, every candidate is
    still asked (for ``explain``), the first non-empty value still wins, and ``asked`` lists
    them all.

    >>> found = pick([("jsonld", "headline", lambda: None), ("meta", "og:title", lambda: "T")])
    >>> found.value, found.layer
    ('T', 'meta')
    >>> pick([("jsonld", "headline", lambda: None), ("meta", "og:title", lambda: "T")],
    ...      ask_all=True).asked
    (('jsonld', 'headline', False), ('meta', 'og:title', True))
    """
    if not ask_all:  # the crawl's path: no record of what was asked until nothing is found
        for layer, selector, read in candidates:
            value = read()
            if value:
                return Found(value, layer, selector, ((layer, selector, True),))
        return Found(None, None, None, tuple((layer, sel, False) for layer, sel, _ in candidates))
    asked: list[tuple[str, str, bool]] = []
    winner: Found | None = None
    for layer, selector, read in candidates:
        value = read()
        asked.append((layer, selector, bool(value)))
        if value and winner is None:
            winner = Found(value, layer, selector, ())
            if not ask_all:
                break
    if winner is None:
        return Found(None, None, None, tuple(asked))
    return Found(winner.value, winner.layer, winner.selector, tuple(asked))
