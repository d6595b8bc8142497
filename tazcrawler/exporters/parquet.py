"""Articles and links as Parquet files typed by the Arrow schema (tazcrawler.schema.arrow)."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

import pyarrow.parquet as pq
from scrapy.exporters import BaseItemExporter

from tazcrawler.exporters.links import edges
from tazcrawler.items import as_record
from tazcrawler.schema.arrow import LINK_SCHEMA, article_schema, articles_table, links_table

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["ArticlesParquetExporter", "LinksParquetExporter"]

# Rows held before a row group is written: about 8 KB of Python objects a record, so a
# row group costs some 16 MB of memory, and a reader still skips through a large file.
ROW_GROUP_SIZE = 2000


class _ParquetExporter(BaseItemExporter):
    schema: pa.Schema

    def __init__(self, file: IO[bytes], *, row_group_size: int = ROW_GROUP_SIZE, **kwargs: Any):
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.row_group_size = row_group_size
        self.rows: list[dict[str, Any]] = []
        self.writer: pq.ParquetWriter | None = None

    def start_exporting(self) -> None:
        # Opened here, so an empty crawl still writes a valid file with the full schema.
        self.writer = pq.ParquetWriter(self.file, self.schema, compression="zstd")

    def rows_of(self, item: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def table(self, rows: list[dict[str, Any]]) -> pa.Table:
        raise NotImplementedError

    def export_item(self, item: Any) -> None:
        self.rows.extend(self.rows_of(item))
        if len(self.rows) >= self.row_group_size:
            self._flush()

    def finish_exporting(self) -> None:
        self._flush()
        assert self.writer is not None
        self.writer.close()  # writes the footer; the feed storage closes the file

    def _flush(self) -> None:
        if self.rows:
            assert self.writer is not None
            self.writer.write_table(self.table(self.rows))
            self.rows = []


class ArticlesParquetExporter(_ParquetExporter):
    """``articles.parquet``: one row an article, columns and types as in the JSON Schema."""

    schema = article_schema()

    def rows_of(self, item: Any) -> list[dict[str, Any]]:
        return [as_record(item)]

    def table(self, rows: list[dict[str, Any]]) -> pa.Table:
        return articles_table(rows)


class LinksParquetExporter(_ParquetExporter):
    """``links.parquet``: one row a related-article link, as ``links.jsonl``."""

    schema = LINK_SCHEMA

    def rows_of(self, item: Any) -> list[dict[str, Any]]:
        return edges(item)

    def table(self, rows: list[dict[str, Any]]) -> pa.Table:
        return links_table(rows)
