"""Count where each field of each article came from, and which fields it lacks."""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from tazcrawler.items import Extraction
from tazcrawler.pages import FIELDS
from tazcrawler.pipelines._stats import StatsPipeline

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

__all__ = ["SourcesPipeline"]

# Every field but the id, which every article has.
_COUNTED = tuple(name for name in FIELDS if name != "article_id")


@cache
def _key(name: str, what: str) -> str:
    return f"taz/fields/{name}/{what}"


class SourcesPipeline(StatsPipeline):
    """Stats from each article's ``extraction`` record, for the layout-drift health check
    (``tazcrawler.pages.drift``):

    - ``taz/fields/articles``, ``taz/fields/layout/<layout>``;
    - ``taz/fields/<field>/<layer>`` and ``taz/fields/<field>/missing``;
    - ``taz/fields/<field>/lost``: missing although an earlier article of the crawl had it;
    - ``taz/fields/read_by_fallback``: the body came from the generic fallback, or the page
      has no known layout.

    First of the pipelines, so that an article dropped later is counted as it was read.
    The stats lag by up to ``FLUSH_EVERY`` articles until the spider closes.
    """

    # Counted here and added to the stats every this many articles and at the end: sixteen
    # inc_value calls an article cost 140 us (Scrapy's stats methods go through a
    # deprecation wrapper), a few percent of extracting a page; a Counter costs 10 us.
    FLUSH_EVERY = 100

    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        self.seen: set[str] = set()  # fields some article of this crawl had
        self.counts: Counter[str] = Counter()
        self.pending = 0

    def close_spider(self) -> None:
        # Before the spider_closed signal, which the health verdict reads the stats on.
        self.flush()

    def flush(self) -> None:
        for key, count in self.counts.items():
            self.stats.inc_value(key, count)
        self.counts.clear()
        self.pending = 0

    def process_item(self, item: Any) -> Any:
        # The attribute first: an ItemAdapter an article cost more than the counting.
        extraction = getattr(item, "extraction", None) or ItemAdapter(item).get("extraction")
        layout: Any
        if isinstance(extraction, Extraction):
            layout, sources = extraction.layout, extraction.sources
        elif isinstance(extraction, dict):  # an item kind that holds plain records
            layout, sources = extraction.get("layout"), extraction.get("sources") or {}
        else:
            return item
        keys = ["taz/fields/articles", f"taz/fields/layout/{layout}"]
        if layout == "generic" or sources.get("paragraphs") == "fallback":
            keys.append("taz/fields/read_by_fallback")
        seen = self.seen
        for name in _COUNTED:
            layer = sources.get(name)
            if layer is not None:
                keys.append(_key(name, layer))
                seen.add(name)
                continue
            keys.append(_key(name, "missing"))
            if name in seen:
                keys.append(_key(name, "lost"))
        self.counts.update(keys)
        self.pending += 1
        if self.pending >= self.FLUSH_EVERY:
            self.flush()
        return item
