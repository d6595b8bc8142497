"""The link graph as an edge list: one JSON line per related-article link."""

from __future__ import annotations

import json
from typing import IO, Any

from scrapy.exporters import BaseItemExporter

from tazcrawler.diskfull import write_whole
from tazcrawler.items import as_record

__all__ = ["LinksExporter", "edges"]


def edges(item: Any) -> list[dict[str, Any]]:
    """The edges an article (an item or its record) contributes: one per entry of its
    related block that links an article (a rendered text edition names titles without
    links: no edge to draw)."""
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
        if link.get("article_id") is not None
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
