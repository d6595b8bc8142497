"""What page_kind and ArticlePage both read of one parsed page, worked out once per page."""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from tazcrawler.pages._layout import detect_layout
from tazcrawler.pages._structured import StructuredData

if TYPE_CHECKING:
    import parsel
    from lxml.etree import _Element as Element

__all__ = ["detected_layout", "structured_data"]


class _Shared:
    def __init__(self, root: Element) -> None:
        self.root = root

    @cached_property
    def _first_read(self) -> dict[str, list[Element]]:
        # One walk of the page for the elements read first: meta tags, scripts (JSON-LD)
        # and article containers, where an XPath each walked the whole tree three times.
        found: dict[str, list[Element]] = {"meta": [], "script": [], "article": []}
        for element in self.root.iterdescendants("meta", "script", "article"):
            found[element.tag].append(element)
        return found

    @cached_property
    def data(self) -> StructuredData:
        return StructuredData(self._first_read["meta"], self._first_read["script"])

    @cached_property
    def layout(self) -> tuple[str, Element | None]:
        return detect_layout(self.root, self._first_read["article"])


# The spider asks page_kind, then ArticlePage, about the same selector; indexing the meta
# tags and finding the article container each walk the whole page, so they are done once
# per selector, and forgotten with it.
_BY_SELECTOR: WeakKeyDictionary[parsel.Selector, _Shared] = WeakKeyDictionary()


def _shared(selector: parsel.Selector) -> _Shared:
    shared = _BY_SELECTOR.get(selector)
    if shared is None:
        shared = _BY_SELECTOR[selector] = _Shared(selector.root)
    return shared


def structured_data(selector: parsel.Selector) -> StructuredData:
    """The page's StructuredData, shared by everything that reads this selector."""
    return _shared(selector).data


def detected_layout(selector: parsel.Selector) -> tuple[str, Element | None]:
    """``detect_layout`` of the page, shared by everything that reads this selector."""
    return _shared(selector).layout
