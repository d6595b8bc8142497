"""``explain``: for each field of a page, its value, the layer and selector that gave it,
and the layers that found nothing; the tool for the day taz.de changes its markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tazcrawler.pages import FIELDS, ArticlePage, page_kind, response_selector

if TYPE_CHECKING:
    from scrapy.http import TextResponse

__all__ = ["Explanation", "FieldExplanation", "explain", "explain_page"]

# The body's three fields come from one reading of it.
_BODY_FIELDS = frozenset({"paragraphs", "subheadings", "dateline"})
_WIDTH = 90


@dataclass(frozen=True)
class FieldExplanation:
    field: str
    value: Any
    layer: str | None  # None: no layer found it
    selector: str | None
    empty: tuple[tuple[str, str], ...]  # (layer, selector) asked that found nothing
    also: tuple[tuple[str, str], ...]  # later layers that would have given a value too


@dataclass(frozen=True)
class Explanation:
    url: str
    kind: str
    layout: str
    fields: tuple[FieldExplanation, ...]

    def __str__(self) -> str:
        lines = [f"{self.url}", f"page kind: {self.kind}, layout: {self.layout}"]
        for field in self.fields:
            lines.append(f"{field.field:<12} {_shown(field.value)}")
            if field.layer is not None:
                lines.append(f"{'':<12}   from {field.layer}: {field.selector}")
            else:
                lines.append(f"{'':<12}   NOT FOUND")
            lines += [f"{'':<12}   nothing in {layer}: {sel}" for layer, sel in field.empty]
            lines += [f"{'':<12}   also in {layer}: {sel}" for layer, sel in field.also]
        return "\n".join(lines)

    __repr__ = __str__


def explain_page(page: ArticlePage) -> Explanation:
    """Every layer of every field asked, the first non-empty one named as the source."""
    fields = []
    values = _values(page)
    for name in FIELDS:
        found = page.found("body" if name in _BODY_FIELDS else name, ask_all=True)
        value = values[name]
        layer = found.layer if value else None
        empty = tuple((lay, sel) for lay, sel, hit in found.asked if not hit)
        also = tuple((lay, sel) for lay, sel, hit in found.asked if hit)[1:]
        if name in _BODY_FIELDS - {"paragraphs"}:
            empty = also = ()  # read with the paragraphs: their layers are listed there
        selector = found.selector if value else None
        fields.append(FieldExplanation(name, value, layer, selector, empty, also))
    return Explanation(page.url, page_kind(page.url, page.selector), page.layout, tuple(fields))


def explain(response: TextResponse) -> Explanation:
    """:func:`explain_page` of a Scrapy response, parsed as the spider parses it."""
    return explain_page(ArticlePage(response.url, response_selector(response)))


def _values(page: ArticlePage) -> dict[str, Any]:
    return {
        "article_id": page.article_id,
        "kicker": page.kicker(),
        "title": page.title(),
        "teaser": page.teaser(),
        "authors": [a.name for a in page.authors()],
        "published": page.published(),
        "modified": page.modified(),
        "section": page.section(),
        "tags": page.tags(),
        "image": image.url if (image := page.image()) else None,
        "language": page.language(),
        "paragraphs": page.paragraphs(),
        "subheadings": [s.text for s in page.subheadings()],
        "dateline": " ".join(filter(None, (dateline.location, dateline.source)))
        if (dateline := page.dateline())
        else None,
        "related": [r.article_id for r in page.related()],
    }


def _shown(value: Any) -> str:
    if value is None or value == []:
        return "-"
    if isinstance(value, list) and value and len(" ".join(map(str, value))) > _WIDTH - 20:
        first = str(value[0])
        first = first if len(first) <= 50 else first[:49] + "…"
        return f"{len(value)} items: {first!r} …"
    text = str(value) if not isinstance(value, list) else ", ".join(map(str, value))
    return text if len(text) <= _WIDTH else text[: _WIDTH - 1] + "…"
