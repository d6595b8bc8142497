"""Tags in page order, without case-insensitive duplicates or site-name noise."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tazcrawler import settings as project_defaults
from tazcrawler.fields import fields

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

__all__ = ["DEFAULT_TAG_NOISE", "TagsPipeline"]

# The project setting's value, for a pipeline built without a crawler (tests, offline).
DEFAULT_TAG_NOISE = tuple(project_defaults.TAZ_TAG_NOISE)


class TagsPipeline:
    """Drop duplicate tags (first spelling kept) and the tags named in ``TAZ_TAG_NOISE``."""

    def __init__(self, stats: StatsCollector, noise: Iterable[str] = DEFAULT_TAG_NOISE) -> None:
        self.stats = stats
        self.noise = frozenset(tag.strip().casefold() for tag in noise)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        assert crawler.stats is not None
        noise = crawler.settings.getlist("TAZ_TAG_NOISE", list(DEFAULT_TAG_NOISE))
        return cls(crawler.stats, noise)

    def process_item(self, item: Any) -> Any:
        adapter = fields(item)
        seen: set[str] = set()
        kept: list[str] = []
        for tag in adapter.get("tags") or []:
            if not isinstance(tag, str):
                kept.append(tag)  # not a tag this pipeline can judge; validation will
                continue
            key = tag.strip().casefold()
            if key in self.noise:
                self.stats.inc_value("taz/tags/noise_removed")
            elif key in seen:
                self.stats.inc_value("taz/tags/duplicates_removed")
            elif key:
                seen.add(key)
                kept.append(tag)
        adapter["tags"] = kept
        return item
