"""Nodes and edges of the link graph, gathered from article items for the graph exporters."""

from __future__ import annotations

import json
import tempfile
from typing import TYPE_CHECKING, Any, NamedTuple

from tazcrawler.exporters.links import edges
from tazcrawler.items import as_record

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["AUTHOR_SEPARATOR", "Edge", "Graph", "Node"]

# Graph formats have no lists that every tool reads alike: authors go into one string.
AUTHOR_SEPARATOR = "; "


class Node(NamedTuple):
    """An article; ``crawled`` False for one only linked to (then most values are unknown)."""

    url: str
    title: str | None
    crawled: bool
    depth: int | None = None
    section: str | None = None
    published: str | None = None
    kicker: str | None = None
    authors: str | None = None


class Edge(NamedTuple):
    source: str
    target: str
    title: str | None
    position: int
    source_depth: int


class Graph:
    """The nodes in memory, the edges in a temporary file until the formats write them.

    Both graph formats list every node before the first edge, so nothing can be written
    before the feed closes. A networkx graph held until then cost about 2 KB an article
    (206 MB at 100,000 articles, BENCHMARKS.md); a tuple a node and a line an edge do not.
    """

    def __init__(self) -> None:
        # id -> Node; an id first seen as a link target is replaced when its article is.
        self.nodes: dict[str, Node] = {}
        self.edge_count = 0
        # Closed in close(): it lives as long as the feed, not a with-block.
        self._edges = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def add(self, item: Any) -> None:
        article = item if isinstance(item, dict) else as_record(item)
        # A record of an older schema may lack a field: then it is unknown.
        names = [a["name"] for a in article.get("authors") or ()]
        self.nodes[article["article_id"]] = Node(
            url=article.get("canonical_url") or article["url"],
            title=article.get("title") or None,
            crawled=True,
            depth=article.get("depth"),
            section=article.get("section"),
            published=article.get("published"),
            kicker=article.get("kicker"),
            authors=AUTHOR_SEPARATOR.join(names) if names else None,
        )
        # edges() leaves out entries without a link (a rendered text edition's): pair the rest.
        linked = [r for r in article.get("related") or () if r.get("article_id") is not None]
        for link, edge in zip(linked, edges(article), strict=True):
            target = edge["target_id"]
            if target not in self.nodes:
                self.nodes[target] = Node(
                    edge["target_url"], edge["title"] or None, False, kicker=link.get("kicker")
                )
            row = [edge["source_id"], target, edge["title"], edge["position"], edge["source_depth"]]
            self._edges.write(json.dumps(row, ensure_ascii=False) + "\n")
            self.edge_count += 1

    def edges(self) -> Iterator[Edge]:
        self._edges.seek(0)
        for line in self._edges:
            yield Edge(*json.loads(line))

    def close(self) -> None:
        self._edges.close()
