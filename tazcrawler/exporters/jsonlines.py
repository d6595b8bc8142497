"""JSON Lines of article records: Scrapy's exporter, handed plain dicts."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonLinesItemExporter

from tazcrawler.items import as_record

__all__ = ["RecordJsonLinesExporter"]


class RecordJsonLinesExporter(JsonLinesItemExporter):
    """Scrapy's JsonLinesItemExporter, with each item converted by ``as_record`` first.

    The output is the same. Scrapy's JSON encoder converts each nested dataclass (authors,
    related articles, image) through ItemAdapter in a Python callback from the C encoder:
    6% of a crawl's CPU time (BENCHMARKS.md).
    """

    def export_item(self, item: Any) -> None:
        super().export_item(as_record(item))
