"""The link graph exporters: edge list and GraphML agree, networkx reads the GraphML."""

from __future__ import annotations

import io
import json

import networkx as nx

from tazcrawler.exporters.graphml import GraphMLExporter
from tazcrawler.exporters.links import LinksExporter
from tazcrawler.items import Article, RelatedArticle


def article(
    article_id: str, related: list[str], depth: int = 0, title: str | None = None
) -> Article:
    return Article(
        article_id=article_id,
        url=f"http://127.0.0.1:1/Slug/!{article_id}/",
        canonical_url=f"https://taz.de/!{article_id}/",
        title=title if title is not None else f"Titel {article_id} – Überblick",
        depth=depth,
        related=[
            RelatedArticle(
                article_id=target,
                url=f"http://127.0.0.1:1/X/!{target}/",
                canonical_url=f"https://taz.de/!{target}/",
                position=position,
                title=f"Verwandt {target}",
            )
            for position, target in enumerate(related, 1)
        ],
    )


def export(exporter_cls: type, items: list[Article]) -> bytes:
    file = io.BytesIO()
    exporter = exporter_cls(file, encoding="utf-8")
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return file.getvalue()


ITEMS = [
    article("1", ["2", "3"]),
    article("2", ["1", "4"], depth=1),
    article("3", [], depth=1, title=""),
]


def test_links_are_one_line_per_related_entry_unescaped() -> None:
    lines = export(LinksExporter, ITEMS).decode("utf-8").splitlines()
    edges = [json.loads(line) for line in lines]
    assert [(e["source_id"], e["target_id"], e["position"]) for e in edges] == [
        ("1", "2", 1),
        ("1", "3", 2),
        ("2", "1", 1),
        ("2", "4", 2),
    ]
    assert edges[2] == {
        "source_id": "2",
        "source_url": "https://taz.de/!2/",
        "target_id": "1",
        "target_url": "https://taz.de/!1/",
        "title": "Verwandt 1",
        "position": 1,
        "source_depth": 1,
    }


def test_graphml_marks_linked_but_not_crawled_articles() -> None:
    graph = nx.read_graphml(io.BytesIO(export(GraphMLExporter, ITEMS)))
    assert set(graph.nodes) == {"1", "2", "3", "4"}
    assert {n: d["crawled"] for n, d in graph.nodes(data=True)} == {
        "1": True,
        "2": True,
        "3": True,
        "4": False,
    }
    assert set(graph.edges) == {("1", "2"), ("1", "3"), ("2", "1"), ("2", "4")}
    assert graph.nodes["1"]["label"] == "Titel 1 – Überblick"
    assert "label" not in graph.nodes["3"]  # no title: no label, Gephi shows the id
    assert graph.nodes["4"]["url"] == "https://taz.de/!4/"
    assert graph.nodes["2"]["depth"] == 1
    assert "depth" not in graph.nodes["4"]  # only linked to: depth unknown
    assert graph.edges["2", "4"]["position"] == 2


def test_a_node_first_linked_then_crawled_becomes_crawled() -> None:
    items = [article("1", ["2"]), article("2", [], depth=1, title="Echter Titel")]
    graph = nx.read_graphml(io.BytesIO(export(GraphMLExporter, items)))
    assert graph.nodes["2"]["crawled"] is True
    assert graph.nodes["2"]["label"] == "Echter Titel"


def test_an_empty_crawl_writes_a_readable_empty_graph() -> None:
    graph = nx.read_graphml(io.BytesIO(export(GraphMLExporter, [])))
    assert graph.number_of_nodes() == 0


def test_an_entry_without_a_link_draws_no_edge() -> None:
    # A rendered text edition names a related article's title, not its link.
    item = article("5", ["6"])
    item.related.append(RelatedArticle(article_id=None, url=None, position=2, title="Ohne Link"))
    edges = [json.loads(line) for line in export(LinksExporter, [item]).splitlines()]
    assert [(e["source_id"], e["target_id"]) for e in edges] == [("5", "6")]
    graph = nx.read_graphml(io.BytesIO(export(GraphMLExporter, [item])))
    assert sorted(graph.edges) == [("5", "6")]
