"""The link graph as GEXF 1.3, Gephi's own format, with each article on Gephi's timeline."""

from __future__ import annotations

from typing import IO, Any

from scrapy.exporters import BaseItemExporter

from tazcrawler import __version__
from tazcrawler.exporters._graph import Graph
from tazcrawler.exporters._xml import attribute, text

__all__ = ["GEXF_NS", "GexfExporter"]

GEXF_NS = "http://gexf.net/1.3"
# (attribute id = title, GEXF type) for the Node fields after url and title, which are the
# node's label and its "url" attribute. `published` is also the node's start: Gephi's
# timeline shows an article from its publication on.
NODE_ATTRIBUTES = (
    ("crawled", "boolean"),
    ("depth", "integer"),
    ("section", "string"),
    ("published", "string"),
    ("kicker", "string"),
    ("authors", "string"),
)
EDGE_ATTRIBUTES = (("position", "integer"), ("source_depth", "integer"))


class GexfExporter(BaseItemExporter):
    """Nodes are articles labelled by title, edges the related links (labelled by link text).

    The graph is dynamic: a node's ``start`` is its ``published`` time with its Berlin
    offset; an article without a date (or only linked to) has no start and is there all
    the time. Unknown values have no ``<attvalue>``.

    ``timeformat`` is "date", not "dateTime": networkx 3.6's reader fails on "dateTime"
    (KeyError), Gephi reads the full timestamps under either and only shows them as days.
    """

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.graph = Graph()

    def export_item(self, item: Any) -> None:
        self.graph.add(item)

    def finish_exporting(self) -> None:
        write = self._write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        write(f'<gexf xmlns="{GEXF_NS}" version="1.3">\n')
        write(f"<meta><creator>tazcrawler {text(__version__)}</creator>")
        write("<description>taz.de articles linked by their related-article blocks</description>")
        write("</meta>\n")
        write(
            '<graph defaultedgetype="directed" mode="dynamic" timeformat="date" '
            'timezone="Europe/Berlin">\n'
        )
        write('<attributes class="node" mode="static">\n')
        write('<attribute id="url" title="url" type="anyURI"/>\n')
        for name, kind in NODE_ATTRIBUTES:
            write(f'<attribute id="{name}" title="{name}" type="{kind}"/>\n')
        write('</attributes>\n<attributes class="edge" mode="static">\n')
        for name, kind in EDGE_ATTRIBUTES:
            write(f'<attribute id="{name}" title="{name}" type="{kind}"/>\n')
        write("</attributes>\n")
        write(f'<nodes count="{len(self.graph.nodes)}">\n')
        for node_id, node in self.graph.nodes.items():
            label = f" label={attribute(node.title)}" if node.title else ""
            start = f' start="{node.published}"' if node.published else ""
            values = [("url", node.url)] + [(n, getattr(node, n)) for n, _ in NODE_ATTRIBUTES]
            write(f"<node id={attribute(node_id)}{label}{start}>{_attvalues(values)}</node>\n")
        write(f'</nodes>\n<edges count="{self.graph.edge_count}">\n')
        for number, edge in enumerate(self.graph.edges()):
            label = f" label={attribute(edge.title)}" if edge.title else ""
            source, target = attribute(edge.source), attribute(edge.target)
            values = [("position", edge.position), ("source_depth", edge.source_depth)]
            write(
                f'<edge id="{number}" source={source} target={target}{label}>'
                f"{_attvalues(values)}</edge>\n"
            )
        write("</edges>\n</graph>\n</gexf>\n")
        self.graph.close()

    def _write(self, chunk: str) -> None:
        self.file.write(chunk.encode("utf-8"))


def _attvalues(values: list[tuple[str, Any]]) -> str:
    parts = []
    for key, value in values:
        if value is None:
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        parts.append(f'<attvalue for="{key}" value={attribute(str(value))}/>')
    return f"<attvalues>{''.join(parts)}</attvalues>" if parts else ""
