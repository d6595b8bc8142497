"""DedupePipeline: one item per article id."""

from __future__ import annotations

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.test import get_crawler

from tazcrawler.items import Article
from tazcrawler.pipelines.dedupe import DedupePipeline


def test_second_item_with_the_same_id_is_dropped() -> None:
    pipeline = build_from_crawler(DedupePipeline, get_crawler())
    first = Article(article_id="5928990", url="https://taz.de/Slug/!5928990/")
    # The same article reached through another URL form.
    again = Article(article_id="5928990", url="https://taz.de/!5928990&s=Gesetz/")
    other = Article(article_id="5927000", url="https://taz.de/!5927000/")

    assert pipeline.process_item(first) is first
    with pytest.raises(DropItem) as dropped:
        pipeline.process_item(again)
    assert (
        str(dropped.value) == "duplicate article id 5928990 (url https://taz.de/!5928990&s=Gesetz/)"
    )
    assert pipeline.process_item(other) is other
    with pytest.raises(DropItem, match="duplicate article id 5927000"):
        pipeline.process_item(other)
    assert pipeline.stats.get_value("taz/dedupe/duplicates") == 2


def test_each_pipeline_instance_starts_empty() -> None:
    item = Article(article_id="5928990", url="https://taz.de/!5928990/")
    build_from_crawler(DedupePipeline, get_crawler()).process_item(item)
    assert build_from_crawler(DedupePipeline, get_crawler()).process_item(item) is item
