"""``-o articles.csv``: one flat row an article, never a Python repr."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pandas as pd

from tazcrawler.exporters.csv import LIST_SEPARATOR
from tazcrawler.schema import load_schema
from tests.datatools.conftest import records

if TYPE_CHECKING:
    from pathlib import Path


def test_the_csv_is_flat_and_reads_back(flat_csv: Path, runs):
    text = flat_csv.read_text(encoding="utf-8")
    assert "Author(" not in text
    assert "RelatedArticle(" not in text
    frame = pd.read_csv(flat_csv, dtype=str, keep_default_na=False)
    expected = records(runs[0] / "articles.jsonl")
    assert list(frame.columns) == list(load_schema()["properties"])
    assert len(frame) == len(expected)
    for row, record in zip(frame.to_dict("records"), expected, strict=True):
        assert row["article_id"] == record["article_id"]
        assert json.loads(row["authors"]) == record["authors"]
        assert json.loads(row["related"]) == record["related"]
        assert (json.loads(row["image"]) if row["image"] else None) == record["image"]
        assert (row["tags"].split(LIST_SEPARATOR) if row["tags"] else []) == record["tags"]
        assert row["paragraphs"].split(LIST_SEPARATOR) == record["paragraphs"]
        assert row["published"] == (record["published"] or "")
        assert int(row["depth"]) == record["depth"]
