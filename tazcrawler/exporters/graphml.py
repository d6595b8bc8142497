"""The link graph as GraphML, written when the feed closes (GraphML lists nodes first)."""

from __future__ import annotations

from typing import IO, Any

from scrapy.exporters import BaseItemExporter

from tazcrawler.exporters._graph import Graph
from tazcrawler.exporters._xml import attribute, text

__all__ = ["EDGE_KEYS", "GRAPHML_NS", "NODE_KEYS", "GraphMLExporter"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# (key id = attribute name, GraphML type), in the order of a Node's fields. Gephi takes a
# node key named "label" (or, after yEd, "d3") as the node's label: the title is "label".
NODE_KEYS = (
    ("url", "string"),
    ("label", "string"),
    ("crawled", "boolean"),
    ("depth", "int"),
    ("section", "string"),
    ("published", "string"),
    ("kicker", "string"),
    ("authors", "string"),
)
# Key ids are unique across the document, so the edge's title is the key "link_title".
# Gephi would take an edge key "label", "d7", "id" or "weight" for itself: none is used.
EDGE_KEYS = (
    ("link_title", "title", "string"),
    ("position", "position", "int"),
    ("source_depth", "source_depth", "int"),
)


class GraphMLExporter(BaseItemExporter):
    """Nodes are articles (``crawled`` false for those only linked to), edges related links.

    A value that is unknown (the depth of an article not crawled, a missing date) has no
    ``<data>`` element, which every reader takes as absent. The XML is written as text: the
    namespace is declared once on the root, not repeated on every element as lxml's
    incremental writer did (22% of the file).
    """

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.graph = Graph()

    def export_item(self, item: Any) -> None:
        self.graph.add(item)

    def finish_exporting(self) -> None:
        write = self._write
        write("<?xml version='1.0' encoding='utf-8'?>\n")
        write(f'<graphml xmlns="{GRAPHML_NS}">\n')
        for name, kind in NODE_KEYS:
            write(f'<key id="{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n')
        for key, name, kind in EDGE_KEYS:
            write(f'<key id="{key}" for="edge" attr.name="{name}" attr.type="{kind}"/>\n')
        write('<graph edgedefault="directed">\n')
        for node_id, node in self.graph.nodes.items():
            data = "".join(
                _data(name, value) for (name, _), value in zip(NODE_KEYS, node, strict=True)
            )
            write(f"<node id={attribute(node_id)}>{data}</node>\n")
        for edge in self.graph.edges():
            data = _data("link_title", edge.title) + _data("position", edge.position)
            data += _data("source_depth", edge.source_depth)
            source, target = attribute(edge.source), attribute(edge.target)
            write(f"<edge source={source} target={target}>{data}</edge>\n")
        write("</graph>\n</graphml>\n")
        self.graph.close()

    def _write(self, chunk: str) -> None:
        self.file.write(chunk.encode("utf-8"))


def _data(key: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        value = "true" if value else "false"
    return f'<data key="{key}">{text(str(value))}</data>'
