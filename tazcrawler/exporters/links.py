"""The link graph as an edge list: one JSON line per related-article link."""

from __future__ import annotations

import json
from typing import IO, Any

from scrapy.exporters import BaseItemExporter

from tazcrawler.items import as_record

__all__ = ["LinksExporter", "edges"]


def edges(item: Any) -> list[dict[str, Any]]:
    """The edges an article (an item or its record) contributes: one per related entry."""
    article = item if isinstance(item, dict) else as_record(item)
    return [
        {
            "source_id": article["article_id"],
            "source_url": article.get("canonical_url") or article["url"],
            "target_id": link["article_id"],
            "target_url": link.get("canonical_url") or link["url"],
            "title": link.get("title"),
            "position": link["position"],
            "source_depth": article.get("depth"),
        }
        # A record of an older schema may lack a field: then it is empty.
        for link in article.get("related") or ()
    ]


class LinksExporter(BaseItemExporter):
    """Writes ``links.jsonl``; FEEDS hands it the same article items as ``articles.jsonl``."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file

    def export_item(self, item: Any) -> None:
        for edge in edges(item):
            line = json.dumps(edge, ensure_ascii=False) + "\n"
            self.file.write(line.encode(self.encoding or "utf-8"))
