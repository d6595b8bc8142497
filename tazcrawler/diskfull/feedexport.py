"""Scrapy's feed exports; a full disk under a feed file stops the crawl (``disk_full``)."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from tazcrawler.diskfull import is_disk_full, stop_crawl
from tazcrawler.exporters.feedexport import RecordFeedExporter

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.extensions.feedexport import FeedSlot

__all__ = ["DiskFullFeedExporter"]


class DiskFullFeedExporter(RecordFeedExporter):
    """RecordFeedExporter; ENOSPC from an exporter stops the crawl instead of failing every item.

    Scrapy sends ``item_scraped`` through ``send_catch_log``: an exporter's ENOSPC was
    logged with a traceback for each item while the crawl fetched every page. The JSON
    lines exporter (tazcrawler/exporters/jsonlines.py) trims the line it half-wrote first.
    """

    def item_scraped(self, item: Any, spider: Spider) -> None:
        try:
            super().item_scraped(item, spider)
        except OSError as exc:
            if not is_disk_full(exc):
                raise
            stop_crawl(self.crawler, "feed", exc)

    async def _close_slot(self, slot: FeedSlot, spider: Spider) -> None:
        try:
            await super()._close_slot(slot, spider)
        except OSError as exc:
            # The graph is written whole at the end: that is where it meets a full disk.
            if not is_disk_full(exc):
                raise
            stop_crawl(self.crawler, "feed", exc)
            if slot.file is not None:
                with contextlib.suppress(OSError):
                    slot.file.close()
