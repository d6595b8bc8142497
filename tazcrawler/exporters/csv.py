"""Flat CSV exports: articles one row each (``-o articles.csv``) and the edge list."""

from __future__ import annotations

import json
from typing import Any

from scrapy.exporters import CsvItemExporter

from tazcrawler.exporters.links import edges
from tazcrawler.items import as_record
from tazcrawler.schema import load_schema

__all__ = ["LIST_SEPARATOR", "ArticlesCsvExporter", "LinksCsvExporter", "flat_record"]

# Lists of text (tags, paragraphs) become one cell, the items joined by a line break: the
# schema's text pattern allows no line break inside an item, so the split is exact.
LIST_SEPARATOR = "\n"


def flat_record(record: dict[str, Any]) -> dict[str, Any]:
    """A record with one plain value a column: text lists joined, nested values as JSON.

    CSV has no null: an empty cell is null (text in a record is never empty).

    >>> row = flat_record({"tags": ["Mieten", "Berlin"], "authors": [{"name": "A", "url": None}],
    ...                    "image": None, "depth": 1, "section": None})
    >>> row["tags"], row["authors"], row["image"], row["depth"], row["section"]
    ('Mieten\\nBerlin', '[{"name": "A", "url": null}]', '', 1, '')
    """
    row: dict[str, Any] = {}
    for name, value in record.items():
        if value is None:
            row[name] = ""
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            row[name] = LIST_SEPARATOR.join(value)
        elif isinstance(value, list | dict):
            row[name] = json.dumps(value, ensure_ascii=False)
        else:
            row[name] = value
    return row


class _CsvExporter(CsvItemExporter):
    FIELDS: tuple[str, ...]

    def __init__(self, file: Any, **kwargs: Any) -> None:
        # FEED_EXPORT_FIELDS still picks and renames; by default every column, in order.
        kwargs["fields_to_export"] = kwargs.get("fields_to_export") or list(self.FIELDS)
        super().__init__(file, **kwargs)

    def start_exporting(self) -> None:
        # The header now, not with the first row: an empty crawl still gets its columns.
        if self.include_headers_line:
            self._headers_not_written = False
            self._write_headers_and_set_fields_to_export({})


class ArticlesCsvExporter(_CsvExporter):
    """Scrapy's CSV exporter, handed flat rows: never a Python repr of an author or image."""

    FIELDS = tuple(load_schema()["properties"])

    def export_item(self, item: Any) -> None:
        super().export_item(flat_record(as_record(item)))


class LinksCsvExporter(_CsvExporter):
    """``links.csv``: the edge list with a ``source`` and a ``target`` column, as Gephi's
    spreadsheet importer and ``pandas.read_csv`` expect."""

    FIELDS = ("source", "target", "position", "title", "source_depth", "source_url", "target_url")

    def export_item(self, item: Any) -> None:
        for edge in edges(item):
            edge["source"], edge["target"] = edge.pop("source_id"), edge.pop("target_id")
            super().export_item({k: "" if v is None else v for k, v in edge.items()})
