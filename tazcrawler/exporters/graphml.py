"""The link graph as GraphML, written by networkx when the feed closes."""

from __future__ import annotations

from typing import IO, Any

import networkx as nx
from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from tazcrawler.exporters.links import edges

__all__ = ["GraphMLExporter"]


class GraphMLExporter(BaseItemExporter):
    """Nodes are articles (``crawled`` false for those only linked to), edges related links.

    GraphML is one XML document, so the graph is held until the feed closes; it holds ids,
    URLs and titles only, a few hundred bytes an article.
    """

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.graph = nx.DiGraph()

    def export_item(self, item: Any) -> None:
        article = ItemAdapter(item)
        # GraphML has no null: a missing title is the empty string.
        self.graph.add_node(
            article["article_id"],
            url=article["canonical_url"],
            title=article["title"] or "",
            crawled=True,
            depth=article["depth"],
        )
        for edge in edges(item):
            target = edge["target_id"]
            if target not in self.graph:
                self.graph.add_node(
                    target, url=edge["target_url"], title=edge["title"] or "", crawled=False
                )
            self.graph.add_edge(
                edge["source_id"],
                target,
                title=edge["title"] or "",
                position=edge["position"],
                source_depth=edge["source_depth"],
            )

    def finish_exporting(self) -> None:
        nx.write_graphml(self.graph, self.file, encoding=self.encoding or "utf-8")
