"""Structured data of a page: JSON-LD objects and meta tags, each read once."""

from __future__ import annotations

import json
from functools import cached_property
from typing import TYPE_CHECKING, Any

from tazcrawler.pages._text import clean

if TYPE_CHECKING:
    from lxml.etree import _Element as Element

__all__ = ["ARTICLE_TYPES", "StructuredData", "ld_string", "ld_types"]

ARTICLE_TYPES = frozenset(
    {
        "Article", "NewsArticle", "ReportageNewsArticle", "OpinionNewsArticle",
        "AnalysisNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle", "BlogPosting",
        "Report",
    }
)  # fmt: skip
_META_KEYS = ("name", "property", "itemprop", "http-equiv")


def ld_types(obj: dict[str, Any]) -> set[str]:
    """The schema.org types of a JSON-LD object, without a "schema:" prefix."""
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1].removeprefix("schema:") for v in values if isinstance(v, str)}


def ld_string(value: Any) -> str | None:
    """A JSON-LD value as a stripped string, or None if it is not a non-empty string."""
    return (value.strip() or None) if isinstance(value, str) else None


def _flatten(data: Any, into: list[dict[str, Any]]) -> None:
    if isinstance(data, list):
        for item in data:
            _flatten(item, into)
    elif isinstance(data, dict):
        into.append(data)
        if "@graph" in data:
            _flatten(data["@graph"], into)


class StructuredData:
    """The JSON-LD objects and ``meta`` tags of one parsed page, given its ``meta`` and
    ``script`` elements in document order.

    Malformed JSON-LD blocks are ignored. Meta tags are looked up by ``"<attr>:<value>"``
    keys in lower case, e.g. ``"property:og:title"``, ``"name:taz:tag"``,
    ``"itemprop:cms-article-id"``.
    """

    def __init__(self, metas: list[Element], scripts: list[Element]) -> None:
        self._meta_elements = metas
        self._scripts = scripts

    @cached_property
    def json_ld_texts(self) -> list[str]:
        """The text of each JSON-LD script, unparsed."""
        return [
            script.text or "" for script in self._scripts if "ld+json" in (script.get("type") or "")
        ]

    @cached_property
    def json_ld(self) -> list[dict[str, Any]]:
        objects: list[dict[str, Any]] = []
        for text in self.json_ld_texts:
            found: list[dict[str, Any]] = []
            try:
                data = json.loads(text, strict=False)
                _flatten(data, found)
            # Nesting deeper than the interpreter's stack is malformed too.
            except (ValueError, RecursionError):
                continue
            objects += found
        return objects

    def first_of_type(self, types: frozenset[str] | set[str]) -> dict[str, Any]:
        """The first JSON-LD object of one of ``types``, or an empty dict."""
        for obj in self.json_ld:
            if ld_types(obj) & types:
                return obj
        return {}

    @cached_property
    def article(self) -> dict[str, Any]:
        """The JSON-LD NewsArticle (or other article type), or an empty dict."""
        return self.first_of_type(ARTICLE_TYPES)

    @cached_property
    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        """(name, url) of the JSON-LD BreadcrumbList items, in position order."""
        trail = self.first_of_type({"BreadcrumbList"})
        items = trail.get("itemListElement")
        if not isinstance(items, list):
            return []
        crumbs: list[tuple[int, str, str | None]] = []
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            target = item.get("item")
            name = item.get("name")
            url = target
            if isinstance(target, dict):
                name = name or target.get("name")
                url = target.get("@id") or target.get("url")
            name = clean(name) if isinstance(name, str) else None
            if name is None:
                continue
            position: Any = item.get("position")
            try:
                order = int(position)
            except (TypeError, ValueError):
                order = index + 1
            crumbs.append((order, name, ld_string(url)))
        crumbs.sort(key=lambda crumb: crumb[0])
        return [(name, url) for _, name, url in crumbs]

    @cached_property
    def _metas(self) -> dict[str, list[Element]]:
        metas: dict[str, list[Element]] = {}
        for meta in self._meta_elements:
            get = meta.get
            for key in _META_KEYS:
                value = get(key)
                if value:
                    metas.setdefault(f"{key}:{value.strip().lower()}", []).append(meta)
        return metas

    def meta_elements(self, key: str) -> list[Element]:
        return self._metas.get(key, [])

    def metas(self, key: str) -> list[str]:
        """The non-empty, stripped ``content`` values of the meta tags under ``key``."""
        values = ((meta.get("content") or "").strip() for meta in self._metas.get(key, []))
        return [value for value in values if value]

    def meta(self, key: str) -> str | None:
        values = self.metas(key)
        return values[0] if values else None
