"""Drop the second and later items of an article already seen in this crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem

from tazcrawler.fields import fields
from tazcrawler.pipelines._stats import StatsPipeline

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector

__all__ = ["DedupePipeline"]


class DedupePipeline(StatsPipeline):
    """One item per ``article_id``: redirects and URL variants lead to the same article."""

    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        # In memory, so it forgets on restart. Across restarts of a run the state store does
        # the same (VersioningPipeline, AlreadyExported); this guards crawls without one.
        self.seen: set[str | None] = set()

    def process_item(self, item: Any) -> Any:
        adapter = fields(item)
        article_id = adapter.get("article_id")
        if article_id in self.seen:
            self.stats.inc_value("taz/dedupe/duplicates")
            raise DropItem(f"duplicate article id {article_id} (url {adapter.get('url')})")
        self.seen.add(article_id)
        return item
