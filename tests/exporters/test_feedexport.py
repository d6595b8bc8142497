"""Every feed is handed one conversion of the item to a record, and none changes it."""

from __future__ import annotations

import asyncio
import io
import json
from typing import TYPE_CHECKING, Any

from scrapy import Spider
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

from tazcrawler import items, settings
from tazcrawler.diskfull.feedexport import DiskFullFeedExporter
from tazcrawler.items import Article, RelatedArticle, as_record, sharing_record
from tests.exporters.test_jsonlines import full_article

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


def conversions(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    converted: list[Any] = []
    convert = items._convert

    def counted(item: Any) -> dict[str, Any]:
        converted.append(item)
        return convert(item)

    monkeypatch.setattr(items, "_convert", counted)
    return converted


def export(name: str, item: Any) -> bytes:
    file = io.BytesIO()
    exporter = load_object(settings.FEED_EXPORTERS[name])(file, encoding="utf-8")
    exporter.start_exporting()
    exporter.export_item(item)
    exporter.finish_exporting()  # the CSV exporters flush and detach their text stream
    return file.getvalue()


def test_the_shared_record_is_converted_once_and_changed_by_no_exporter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alone = {name: export(name, full_article()) for name in settings.FEED_EXPORTERS}
    converted = conversions(monkeypatch)
    item = full_article()
    with sharing_record(item):
        shared = {name: export(name, item) for name in settings.FEED_EXPORTERS}
        record = as_record(item)
    assert converted == [item]
    assert shared == alone
    assert record == as_record(full_article())  # what the exporters read, as they got it


def test_outside_the_block_each_call_converts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    item = full_article()
    with sharing_record(item):
        first = as_record(item)
    converted = conversions(monkeypatch)
    item.title = "Anders"
    assert as_record(item)["title"] == "Anders"
    assert first["title"] != "Anders"
    with sharing_record(full_article()):  # another item: not the one shared
        assert as_record(item)["title"] == "Anders"
    assert converted == [item, item]


def test_the_feeds_of_a_crawl_share_one_record_an_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    related = RelatedArticle(article_id="2", url="https://taz.de/!2/", position=1)
    feeds = {
        str(tmp_path / "articles.jsonl"): {"format": "jsonlines"},
        str(tmp_path / "links.jsonl"): {"format": "links"},
        str(tmp_path / "graph.graphml"): {"format": "graphml"},
        str(tmp_path / "articles.parquet"): {"format": "parquet"},
        # item_classes still picks items by class: the items are not handed over as records.
        str(tmp_path / "dicts.jsonl"): {"format": "jsonlines", "item_classes": [dict]},
    }
    options = {"FEEDS": feeds, "FEED_EXPORTERS": settings.FEED_EXPORTERS, "FEED_STORE_EMPTY": True}
    crawler = get_crawler(Spider, options)
    spider = Spider("feeds")
    feed = DiskFullFeedExporter.from_crawler(crawler)
    feed.open_spider(spider)
    converted = conversions(monkeypatch)
    one = Article(article_id="1", url="https://taz.de/!1/", title="Eins", related=[related])
    two = Article(article_id="3", url="https://taz.de/!3/", title="Drei")
    for item in (one, two):
        feed.item_scraped(item, spider)
    feed.item_scraped({"article_id": "4", "url": "https://taz.de/!4/"}, spider)
    asyncio.run(feed.close_spider(spider))
    assert converted[:2] == [one, two]
    lines = (tmp_path / "articles.jsonl").read_text().splitlines()
    assert [json.loads(line)["article_id"] for line in lines] == ["1", "3", "4"]
    assert [json.loads(line)["target_id"] for line in (tmp_path / "links.jsonl").open()] == ["2"]
    dicts = (tmp_path / "dicts.jsonl").read_text().splitlines()
    assert [json.loads(line)["article_id"] for line in dicts] == ["4"]
