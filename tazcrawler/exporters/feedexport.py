"""Scrapy's feed exports, every feed handed one conversion of the item to a record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FeedExporter

from tazcrawler.items import sharing_record

if TYPE_CHECKING:
    from scrapy import Spider

__all__ = ["RecordFeedExporter"]


class RecordFeedExporter(FeedExporter):
    """FeedExporter whose feeds share the item's record (``as_record``): the exporters
    read it, none changes it.

    The items stay the spider's, not records, so that a feed's ``item_classes`` still
    picks them by class.
    """

    def item_scraped(self, item: Any, spider: Spider) -> None:
        with sharing_record(item):
            super().item_scraped(item, spider)
