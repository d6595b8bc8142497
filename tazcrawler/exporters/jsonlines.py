"""JSON Lines of article records: Scrapy's exporter, handed plain dicts."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonLinesItemExporter
from scrapy.utils.python import to_bytes

from tazcrawler.diskfull import write_whole
from tazcrawler.items import as_record

__all__ = ["RecordJsonLinesExporter"]


class RecordJsonLinesExporter(JsonLinesItemExporter):
    """Scrapy's JsonLinesItemExporter, with each item converted by ``as_record`` first.

    The output is the same. Scrapy's JSON encoder converts each nested dataclass (authors,
    related articles, image) through ItemAdapter in a Python callback from the C encoder,
    and its field-by-field walk of the item (for field serializers a record does not
    have) cost as much again: together 8% of a crawl's CPU time (BENCHMARKS.md).
    """

    def export_item(self, item: Any) -> None:
        record = as_record(item)
        if self.fields_to_export is not None:
            super().export_item(record)  # FEED_EXPORT_FIELDS picks and renames fields
            return
        # Whole or not at all: a full disk must not leave a torn last line.
        write_whole(self.file, to_bytes(self.encoder.encode(record) + "\n", self.encoding))
