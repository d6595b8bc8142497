"""The link graph as an edge list: one JSON line per related-article link."""

from __future__ import annotations

import json
from typing import IO, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from tazcrawler.diskfull import write_whole

__all__ = ["LinksExporter", "edges"]


def edges(item: Any) -> list[dict[str, Any]]:
    """The edges an article contributes: one per entry of its related block."""
    article = ItemAdapter(item)
    return [
        {
            "source_id": article["article_id"],
            "source_url": article["canonical_url"],
            "target_id": link.article_id,
            "target_url": link.canonical_url or link.url,
            "title": link.title,
            "position": link.position,
            "source_depth": article["depth"],
        }
        for link in article["related"]
    ]


class LinksExporter(BaseItemExporter):
    """Writes ``links.jsonl``; FEEDS hands it the same article items as ``articles.jsonl``."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file

    def export_item(self, item: Any) -> None:
        # One write an article, whole or not at all: a full disk leaves no torn line.
        lines = "".join(json.dumps(edge, ensure_ascii=False) + "\n" for edge in edges(item))
        if lines:
            write_whole(self.file, lines.encode(self.encoding or "utf-8"))
