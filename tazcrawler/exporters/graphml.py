"""The link graph as GraphML, streamed with lxml's incremental writer when the feed closes."""

from __future__ import annotations

import json
import tempfile
from typing import IO, Any

from itemadapter import ItemAdapter
from lxml import etree
from scrapy.exporters import BaseItemExporter

from tazcrawler.exporters.links import edges

__all__ = ["GraphMLExporter"]

GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# (id, domain, name, GraphML type): what networkx.read_graphml turns back into typed values.
KEYS = (
    ("d0", "node", "url", "string"),
    ("d1", "node", "title", "string"),
    ("d2", "node", "crawled", "boolean"),
    ("d3", "node", "depth", "int"),
    ("d4", "edge", "title", "string"),
    ("d5", "edge", "position", "int"),
    ("d6", "edge", "source_depth", "int"),
)


class GraphMLExporter(BaseItemExporter):
    """Nodes are articles (``crawled`` false for those only linked to), edges related links.

    GraphML lists every node before the first edge, so nothing can be written before the
    feed closes. A networkx graph held until then cost about 2 KB an article (206 MB at
    100,000 articles, BENCHMARKS.md); instead the nodes are kept as small tuples and the
    edges wait in a temporary file, and the document is streamed out at the end.
    """

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        # id -> (url, title, crawled, depth); an id first seen as a link target is replaced
        # when its article is crawled.
        self.nodes: dict[str, tuple[str, str, bool, int | None]] = {}
        # Closed in finish_exporting: it lives as long as the feed, not a with-block.
        self.edges = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115

    def export_item(self, item: Any) -> None:
        article = ItemAdapter(item)
        # GraphML has no null: a missing title is the empty string.
        self.nodes[article["article_id"]] = (
            article["canonical_url"],
            article["title"] or "",
            True,
            article["depth"],
        )
        for edge in edges(item):
            target = edge["target_id"]
            if target not in self.nodes:
                self.nodes[target] = (edge["target_url"], edge["title"] or "", False, None)
            row = [edge["source_id"], target, edge["title"] or "", edge["position"]]
            self.edges.write(json.dumps([*row, edge["source_depth"]], ensure_ascii=False) + "\n")

    def finish_exporting(self) -> None:
        with etree.xmlfile(self.file, encoding="utf-8") as xf:
            xf.write_declaration()
            with xf.element(_tag("graphml"), nsmap={None: GRAPHML_NS}):
                for key, domain, name, kind in KEYS:
                    xf.write(
                        etree.Element(
                            _tag("key"),
                            {"id": key, "for": domain, "attr.name": name, "attr.type": kind},
                            nsmap={None: GRAPHML_NS},
                        )
                    )
                with xf.element(_tag("graph"), edgedefault="directed"):
                    for node_id, (url, title, crawled, depth) in self.nodes.items():
                        values = {"d0": url, "d1": title, "d2": str(crawled).lower()}
                        if depth is not None:
                            values["d3"] = str(depth)
                        xf.write(_element("node", {"id": node_id}, values))
                    self.edges.seek(0)
                    for line in self.edges:
                        source, target, title, position, depth = json.loads(line)
                        values = {"d4": title, "d5": str(position), "d6": str(depth)}
                        xf.write(_element("edge", {"source": source, "target": target}, values))
        self.edges.close()


def _element(tag: str, attributes: dict[str, str], values: dict[str, str]) -> etree._Element:
    element = etree.Element(_tag(tag), attributes, nsmap={None: GRAPHML_NS})
    for key, value in values.items():
        etree.SubElement(element, _tag("data"), key=key).text = value
    return element


def _tag(name: str) -> str:
    return f"{{{GRAPHML_NS}}}{name}"
