"""articles.parquet and links.parquet as pyarrow, pandas, polars and duckdb read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tazcrawler.schema.arrow import LINK_SCHEMA, article_schema
from tests.datatools._dates import assert_same_berlin_time, offsets
from tests.datatools.conftest import records

if TYPE_CHECKING:
    from pathlib import Path


def test_parquet_has_the_arrow_schema_in_every_run_and_the_dataset(crawled: Path, runs):
    for folder in [crawled, *runs]:
        assert pq.read_schema(folder / "articles.parquet").equals(article_schema())
        assert pq.read_schema(folder / "links.parquet").equals(LINK_SCHEMA)
        table = pq.read_table(folder / "articles.parquet")
        assert table.num_rows == len(records(folder / "articles.jsonl"))


def test_previous_sha256_is_a_string_column_even_when_all_null(runs):
    first = pq.read_table(runs[0] / "articles.parquet")
    assert first.column("previous_sha256").null_count == first.num_rows
    assert first.schema.field("previous_sha256").type == pa.string()
    second = pq.read_table(runs[1] / "articles.parquet")
    assert second.column("previous_sha256").null_count < second.num_rows  # versions 2


def test_pandas_reads_string_ids_zone_aware_dates_and_integer_depth(crawled: Path):
    expected = records(crawled / "articles.jsonl")
    frame = pd.read_parquet(crawled / "articles.parquet")
    assert len(frame) == len(expected) >= 250
    assert pd.api.types.is_string_dtype(frame["article_id"])
    assert pd.api.types.is_string_dtype(frame["referrer_id"])
    assert frame["depth"].dtype == "int64"
    assert str(frame["published"].dtype) == "datetime64[ms, Europe/Berlin]"
    assert str(frame["published_utc"].dtype) == "datetime64[ms, UTC]"
    assert pd.api.types.is_string_dtype(frame["published_raw"])
    assert offsets([r["published"] for r in expected]) == {"+01:00", "+02:00"}
    for row, record in zip(frame.itertuples(), expected, strict=True):
        assert row.article_id == record["article_id"]
        assert row.referrer_id == record["referrer_id"] or record["referrer_id"] is None
        assert row.depth == record["depth"]
        assert_same_berlin_time(row.published, record["published"])
        assert_same_berlin_time(
            row.modified if row.modified is not pd.NaT else None, record["modified"]
        )
    first = frame.iloc[0]
    assert list(first["authors"][0]) == ["name", "url"]
    assert first["related"][0]["article_id"] == expected[0]["related"][0]["article_id"]


# pandas 3.1 warns of its own convert_dates default even when dtype=False turns it off.
@pytest.mark.filterwarnings("ignore:The 'convert_dates' keyword")
def test_the_pandas_dtype_recipe_for_json_lines(crawled: Path):
    # docs/data-tools.md: reading the JSON Lines with pandas keeps ids and dates.
    frame = pd.read_json(
        crawled / "articles.jsonl",
        lines=True,
        dtype={
            "article_id": "string",
            "referrer_id": "string",
            "published_raw": "string",
            "modified_raw": "string",
        },
        convert_dates=False,
    )
    for column in ("published", "modified"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert("Europe/Berlin")
    expected = records(crawled / "articles.jsonl")
    assert frame["article_id"].tolist() == [r["article_id"] for r in expected]
    assert frame["referrer_id"].dtype == "string"
    assert frame["published_raw"].tolist() == [r["published_raw"] for r in expected]
    for value, record in zip(frame["published"], expected, strict=True):
        assert_same_berlin_time(None if pd.isna(value) else value, record["published"])


def test_polars_stacks_the_runs_with_the_schema_types(crawled: Path, runs):
    frame = pl.read_parquet([run / "articles.parquet" for run in runs])
    assert frame.height == sum(len(records(run / "articles.jsonl")) for run in runs)
    assert frame.schema["article_id"] == pl.String
    assert frame.schema["previous_sha256"] == pl.String
    assert frame.schema["published"] == pl.Datetime("ms", "Europe/Berlin")
    assert frame.schema["depth"] == pl.Int64
    assert frame.schema["version"] == pl.Int64
    assert frame.filter(pl.col("version") == 2).height > 100
    expected = {
        (r["article_id"], r["version"]): r for run in runs for r in records(run / "articles.jsonl")
    }
    for row in frame.select("article_id", "version", "published").iter_rows(named=True):
        assert_same_berlin_time(
            row["published"], expected[row["article_id"], row["version"]]["published"]
        )


def test_duckdb_queries_the_runs_with_the_schema_types(runs):
    pattern = str(runs[0].parent / "*" / "articles.parquet")
    connection = duckdb.connect()
    connection.execute("SET TimeZone = 'Europe/Berlin'")
    described = dict(
        (name, kind)
        for name, kind, *_ in connection.execute(f"DESCRIBE SELECT * FROM '{pattern}'").fetchall()
    )
    assert described["article_id"] == "VARCHAR"
    assert described["previous_sha256"] == "VARCHAR"
    assert described["published"] == "TIMESTAMP WITH TIME ZONE"
    assert described["depth"] == "BIGINT"
    assert described["authors"] == 'STRUCT("name" VARCHAR, url VARCHAR)[]'
    rows = connection.execute(
        f"SELECT article_id, version, published FROM '{pattern}' ORDER BY article_id, version"
    ).fetchall()
    expected = {
        (r["article_id"], r["version"]): r for run in runs for r in records(run / "articles.jsonl")
    }
    assert len(rows) == len(expected)
    for article_id, version, published in rows:
        assert_same_berlin_time(published, expected[article_id, version]["published"])
    changed = connection.execute(
        f"SELECT count(*) FROM '{pattern}' WHERE previous_sha256 IS NOT NULL"
    ).fetchone()
    assert changed[0] > 100


def test_links_parquet_is_the_edge_list(crawled: Path):
    frame = pd.read_parquet(crawled / "links.parquet")
    expected = records(crawled / "links.jsonl")
    assert frame.to_dict("records") == [
        {k: (v if v is not None else None) for k, v in e.items()} for e in expected
    ]
    assert frame["position"].dtype == "int64"
    assert pd.api.types.is_string_dtype(frame["target_id"])
