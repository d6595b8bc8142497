"""SourcesPipeline: per-field layer counts, missing and lost fields, over a crawl's worth."""

from __future__ import annotations

from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article, Extraction
from tazcrawler.pipelines.sources import SourcesPipeline

FULL = {"title": "layout", "kicker": "layout", "paragraphs": "layout", "published": "meta"}


def _pipeline() -> tuple[SourcesPipeline, MemoryStatsCollector]:
    stats = MemoryStatsCollector(get_crawler())
    return SourcesPipeline(stats), stats


def _article(layout: str, sources: dict[str, str]) -> Article:
    return Article(article_id="1", url="https://taz.de/!1/", extraction=Extraction(layout, sources))


def test_counts_each_field_by_layer_and_what_is_missing() -> None:
    pipeline, stats = _pipeline()
    for _ in range(3):
        pipeline.process_item(_article("old", FULL))
    pipeline.process_item(_article("generic", {"title": "meta", "paragraphs": "fallback"}))
    pipeline.close_spider()
    counts = stats.get_stats()
    assert counts["taz/fields/articles"] == 4
    assert (counts["taz/fields/layout/old"], counts["taz/fields/layout/generic"]) == (3, 1)
    assert counts["taz/fields/title/layout"] == 3
    assert counts["taz/fields/title/meta"] == 1
    assert counts["taz/fields/paragraphs/fallback"] == 1
    assert counts["taz/fields/read_by_fallback"] == 1
    assert counts["taz/fields/kicker/missing"] == 1
    assert counts["taz/fields/kicker/lost"] == 1  # the three before had one
    assert counts["taz/fields/dateline/missing"] == 4
    assert "taz/fields/dateline/lost" not in counts  # no article of the run had one


def test_a_crawl_that_loses_its_kicker_midway() -> None:
    # 2,000 articles: the first 100 with a kicker, then the template changes.
    pipeline, stats = _pipeline()
    without = {k: v for k, v in FULL.items() if k != "kicker"}
    for n in range(2000):
        pipeline.process_item(_article("old", FULL if n < 100 else without))
    pipeline.close_spider()
    counts = stats.get_stats()
    assert counts["taz/fields/kicker/layout"] == 100
    assert counts["taz/fields/kicker/lost"] == 1900
    assert "taz/fields/title/lost" not in counts


def test_an_item_without_extraction_record_is_left_alone() -> None:
    pipeline, stats = _pipeline()
    item = Article(article_id="1", url="https://taz.de/!1/")
    assert pipeline.process_item(item) is item
    assert stats.get_stats() == {}
