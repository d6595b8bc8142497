"""The Arrow schema follows the JSON Schema: derived from it, and refusing what it cannot map."""

from __future__ import annotations

import dataclasses
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tazcrawler.exporters.parquet import ArticlesParquetExporter, LinksParquetExporter
from tazcrawler.items import Article
from tazcrawler.schema import SCHEMA_VERSION, load_schema
from tazcrawler.schema.arrow import (
    BERLIN_TIMESTAMP,
    LINK_SCHEMA,
    UTC_TIMESTAMP,
    SchemaMappingError,
    arrow_schema,
    article_schema,
)


def test_every_field_of_the_json_schema_and_of_the_item_is_a_column_in_order():
    schema = load_schema()
    assert article_schema().names == list(schema["properties"])
    assert article_schema().names == [f.name for f in dataclasses.fields(Article)]


def test_types_follow_the_json_schema():
    schema = article_schema()
    assert schema.field("article_id").type == pa.string()
    assert schema.field("referrer_id").type == pa.string()
    assert schema.field("previous_sha256").type == pa.string()
    assert schema.field("published").type == BERLIN_TIMESTAMP
    assert schema.field("modified_utc").type == UTC_TIMESTAMP
    assert schema.field("published_raw").type == pa.string()
    assert schema.field("depth").type == pa.int64()
    assert schema.field("version").type == pa.int64()
    assert schema.field("tags").type == pa.list_(pa.string())
    authors = schema.field("authors").type
    assert authors.value_type == pa.struct([("name", pa.string()), ("url", pa.string())])
    image = schema.field("image").type
    assert [f.name for f in image.fields] == ["url", "caption", "credit", "caption_truncated"]
    related = schema.field("related").type.value_type
    assert related.field("position").type == pa.int64()
    assert schema.metadata[b"tazcrawler.schema_version"] == SCHEMA_VERSION.encode()


def test_a_field_added_to_the_json_schema_becomes_a_column():
    schema = load_schema()
    schema["properties"]["reading_minutes"] = {"type": ["integer", "null"]}
    schema["properties"]["keywords"] = {"type": "array", "items": {"$ref": "#/$defs/text"}}
    derived = arrow_schema(schema)
    assert derived.field("reading_minutes").type == pa.int64()
    assert derived.field("keywords").type == pa.list_(pa.string())


@pytest.mark.parametrize(
    "spec",
    [
        {"type": ["string", "integer"]},
        {"type": "number"},
        {"oneOf": [{"type": "string"}]},
        {"$ref": "#/$defs/nowhere"},
        {"enum": ["a", 1]},
    ],
)
def test_a_construct_without_an_arrow_type_is_refused(spec):
    schema = load_schema()
    schema["properties"]["new"] = spec
    with pytest.raises(SchemaMappingError):
        arrow_schema(schema)


@pytest.mark.parametrize("exporter", [ArticlesParquetExporter, LinksParquetExporter])
def test_an_empty_feed_is_a_typed_parquet_file(exporter):
    file = io.BytesIO()
    feed = exporter(file)
    feed.start_exporting()
    feed.finish_exporting()
    table = pq.read_table(io.BytesIO(file.getvalue()))
    assert table.num_rows == 0
    assert table.schema.equals(exporter.schema)
    assert exporter.schema in (article_schema(), LINK_SCHEMA)


def test_row_groups_are_written_as_items_come(tmp_path):
    record = {
        **dataclasses.asdict(Article(article_id="1", url="https://taz.de/!1/")),
        "canonical_url": "https://taz.de/!1/",
        "published": "2024-03-31T03:00:00+02:00",
        "schema_version": SCHEMA_VERSION,
    }
    file = io.BytesIO()
    feed = ArticlesParquetExporter(file, row_group_size=2)
    feed.start_exporting()
    for number in range(5):
        feed.export_item({**record, "article_id": str(number)})
    feed.finish_exporting()
    parquet = pq.ParquetFile(io.BytesIO(file.getvalue()))
    assert parquet.metadata.num_row_groups == 3
    frame = parquet.read().to_pandas()
    assert frame["article_id"].tolist() == ["0", "1", "2", "3", "4"]
    # The first hour of summer time: the wall time and offset survive.
    assert frame["published"][0].isoformat() == "2024-03-31T03:00:00+02:00"
