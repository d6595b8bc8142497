"""The articles feed: Scrapy's JSON Lines output, byte for byte, from plain records."""

from __future__ import annotations

import io
import json

import pytest
from scrapy.exporters import JsonLinesItemExporter

from tazcrawler.exporters.jsonlines import RecordJsonLinesExporter
from tazcrawler.items import Article, Author, Dateline, Image, RelatedArticle, Subheading


def full_article() -> Article:
    return Article(
        article_id="1000001",
        url="http://127.0.0.1:1/Slug/!1000001/",
        canonical_url="https://taz.de/!1000001/",
        title="Straßenbahn – „fährt“",
        authors=[Author(name="Ada Ümit", url="https://taz.de/!a1/"), Author(name="B")],
        dateline=Dateline(location="Beirut", source="ap"),
        image=Image(url="https://taz.de/picture/1/x.jpeg", caption="Bild", credit=None),
        paragraphs=["Eins.", "Zwei\u00a0drei."],
        subheadings=[Subheading(text="Zwischen", position=1)],
        tags=["Nahost"],
        related=[RelatedArticle(article_id="2", url="https://taz.de/!2/", position=1)],
    )


def export(exporter_cls: type, item: Article, **options: object) -> bytes:
    file = io.BytesIO()
    exporter = exporter_cls(file, **options)
    exporter.start_exporting()
    exporter.export_item(item)
    exporter.finish_exporting()
    return file.getvalue()


@pytest.mark.parametrize(
    "options",
    [
        {"encoding": "utf-8"},
        {"encoding": "utf-8", "export_empty_fields": True},
        {"encoding": "utf-8", "fields_to_export": ["title"]},
        {"encoding": "utf-8", "fields_to_export": {"title": "headline", "url": "url"}},
        {},
    ],
)
def test_output_is_scrapys_for_the_same_item(options: dict[str, object]) -> None:
    item = full_article()
    ours = export(RecordJsonLinesExporter, item, **options)
    assert ours == export(JsonLinesItemExporter, item, **options)
    record = json.loads(ours)
    if "fields_to_export" not in options:
        assert record["authors"][0] == {"name": "Ada Ümit", "url": "https://taz.de/!a1/"}
        assert record["related"][0]["article_id"] == "2"


def test_the_item_is_left_as_it_was() -> None:
    item = full_article()
    export(RecordJsonLinesExporter, item, encoding="utf-8")
    assert item == full_article()
    assert isinstance(item.authors[0], Author)
