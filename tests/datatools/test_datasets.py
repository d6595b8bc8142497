"""Hugging Face ``datasets`` loads the Parquet dataset and the JSON Lines of all runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import datasets
import pytest
import yaml

from tazcrawler.card import hf_features
from tazcrawler.schema.arrow import LINK_SCHEMA, article_schema
from tests.datatools._dates import assert_same_berlin_time
from tests.datatools.conftest import records

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def load(tmp_path: Path):
    """``datasets.load_dataset`` with a cache of this test's own (``datasets`` reads its
    cache setting at import, and a cache of another session could answer instead)."""

    def load_dataset(*args, **kwargs):
        return datasets.load_dataset(*args, cache_dir=str(tmp_path / "cache"), **kwargs)

    return load_dataset


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("---\n")[1])


def test_the_card_features_are_what_datasets_writes_for_the_schema():
    for schema in (article_schema(), LINK_SCHEMA):
        assert hf_features(schema) == datasets.Features.from_arrow_schema(schema)._to_yaml_list()


def test_all_runs_load_as_one_dataset_after_a_version_2(runs, load):
    # runs/README.md names the runs' Parquet files and their features.
    loaded = load(str(runs[0].parent), split="train")
    expected = {
        (r["article_id"], r["version"]): r for run in runs for r in records(run / "articles.jsonl")
    }
    assert len(loaded) == len(expected)
    assert loaded.features["previous_sha256"] == datasets.Value("string")
    assert loaded.features["article_id"] == datasets.Value("string")
    assert loaded.features["published"] == datasets.Value("timestamp[ms, tz=Europe/Berlin]")
    assert loaded.features["published_raw"] == datasets.Value("string")
    assert loaded.features["depth"] == datasets.Value("int64")
    versions = [row["version"] for row in loaded]
    assert versions.count(2) > 100
    for row in loaded:
        record = expected[row["article_id"], row["version"]]
        assert_same_berlin_time(row["published"], record["published"])
        assert row["published_raw"] == record["published_raw"]
        assert row["previous_sha256"] == record["previous_sha256"]


def test_the_json_lines_of_all_runs_load_with_the_features_of_the_schema(runs, load):
    # Inferred, run 1's previous_sha256 is typed null and run 2's strings fail to cast.
    features = datasets.Features.from_arrow_schema(article_schema())
    files = [str(run / "articles.jsonl") for run in runs]
    loaded = load("json", data_files=files, features=features, split="train")
    assert loaded.features == features
    expected = [r for run in runs for r in records(run / "articles.jsonl")]
    assert len(loaded) == len(expected)
    for row, record in zip(loaded, expected, strict=True):
        assert row["article_id"] == record["article_id"]
        assert row["previous_sha256"] == record["previous_sha256"]
        assert_same_berlin_time(row["published"], record["published"])
        # Not published_raw: pyarrow's JSON reader parses date-like text (docs/data-tools.md).


def test_the_parquet_dataset_loads_with_its_types(crawled: Path, load):
    expected = records(crawled / "articles.jsonl")
    loaded = load("parquet", data_files=str(crawled / "articles.parquet"), split="train")
    assert loaded.features == datasets.Features.from_arrow_schema(article_schema())
    assert len(loaded) == len(expected)
    for row, record in zip(loaded, expected, strict=True):
        assert row["article_id"] == record["article_id"]
        assert_same_berlin_time(row["published"], record["published"])
        assert row["authors"] == record["authors"]
    # The folder itself, through its card: articles by default, links as a config.
    assert len(load(str(crawled), split="train")) == len(expected)
    links = load(str(crawled), "links", split="train")
    assert len(links) == len(records(crawled / "links.jsonl"))


def test_the_card_says_what_the_dataset_is(crawled: Path, runs):
    metadata = front_matter(crawled / "README.md")
    assert metadata["dataset_info"][0]["features"] == hf_features(article_schema())
    text = (crawled / "README.md").read_text(encoding="utf-8")
    articles = records(crawled / "articles.jsonl")
    dates = sorted(r["published"] for r in articles if r["published"])
    assert f"articles: {len(articles)} " in text
    assert f"published from {dates[0]} to {dates[-1]}" in text
    for run in runs:
        assert run.name in text
    assert "remain the copyright of their\nauthors and of taz" in text
    assert "tazcrawler 0.1.0" in text
