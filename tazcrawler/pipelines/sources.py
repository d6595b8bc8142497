"""Count where each field of each article came from, and which fields it lacks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter

from tazcrawler.pages import FIELDS
from tazcrawler.pipelines._stats import StatsPipeline

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

__all__ = ["SourcesPipeline"]

# Every field but the id, which every article has.
_COUNTED = tuple(name for name in FIELDS if name != "article_id")


class SourcesPipeline(StatsPipeline):
    """Stats from each article's ``extraction`` record, for the layout-drift health check
    (``tazcrawler.pages.drift``):

    - ``taz/fields/articles``, ``taz/fields/layout/<layout>``;
    - ``taz/fields/<field>/<layer>`` and ``taz/fields/<field>/missing``;
    - ``taz/fields/<field>/lost``: missing although an earlier article of the crawl had it;
    - ``taz/fields/read_by_fallback``: the body came from the generic fallback, or the page
      has no known layout.

    First of the pipelines, so that an article dropped later is counted as it was read.
    """

    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        self.seen: set[str] = set()  # fields some article of this crawl had

    def process_item(self, item: Any) -> Any:
        extraction = ItemAdapter(item).get("extraction")
        if extraction is None:
            return item
        if not isinstance(extraction, dict):
            extraction = ItemAdapter(extraction).asdict()
        layout, sources = extraction.get("layout"), extraction.get("sources") or {}
        inc = self.stats.inc_value
        inc("taz/fields/articles")
        inc(f"taz/fields/layout/{layout}")
        if layout == "generic" or sources.get("paragraphs") == "fallback":
            inc("taz/fields/read_by_fallback")
        for name in _COUNTED:
            layer = sources.get(name)
            if layer is not None:
                inc(f"taz/fields/{name}/{layer}")
                self.seen.add(name)
                continue
            inc(f"taz/fields/{name}/missing")
            if name in self.seen:
                inc(f"taz/fields/{name}/lost")
        return item
