"""GraphML, GEXF and the edge CSV as networkx, igraph, pandas and Gephi's rules read them."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import igraph
import networkx as nx
import pandas as pd
import pytest
from lxml import etree
from PIL import Image

from tazcrawler.exporters.gexf import GEXF_NS
from tazcrawler.exporters.graphml import GRAPHML_NS
from tests.conftest import ROOT
from tests.datatools.conftest import records

# The GEXF 1.3 schema as published in the format's specification (gexf.net, CC BY 4.0).
GEXF_XSD = Path(__file__).parent / "gexf-1.3" / "gexf.xsd"


@pytest.fixture(scope="module")
def articles(crawled: Path) -> dict[str, dict]:
    return {r["article_id"]: r for r in records(crawled / "articles.jsonl")}


def gephi_graphml_labels(path: Path) -> dict[str, str]:
    """Node labels the way Gephi's GraphML importer finds them: a node key whose id, or
    else attr.name, is "label" or "d3" (yEd's) is the label; everything else a column."""
    tree = etree.parse(str(path))
    ns = {"g": GRAPHML_NS}
    label_keys = {
        key.get("id")
        for key in tree.iterfind("g:key[@for='node']", ns)
        if key.get("id") in ("label", "d3")
        or (key.get("id") not in ("label", "d3") and key.get("attr.name") in ("label", "d3"))
    }
    return {
        node.get("id"): data.text
        for node in tree.iterfind(".//g:node", ns)
        for data in node.iterfind("g:data", ns)
        if data.get("key") in label_keys
    }


def test_graphml_declares_the_namespace_once(crawled: Path):
    text = (crawled / "graph.graphml").read_text(encoding="utf-8")
    assert text.count("xmlns=") == 1
    assert not re.search(r'<key id="d\d+"', text)


def test_gephi_labels_the_graphml_nodes_with_titles(crawled: Path, articles):
    labels = gephi_graphml_labels(crawled / "graph.graphml")
    for article_id, record in articles.items():
        assert labels[article_id] == record["title"]
    assert len(labels) > len(articles)  # linked-only nodes carry their link's title


def test_networkx_reads_the_graphml_typed(crawled: Path, articles):
    graph = nx.read_graphml(crawled / "graph.graphml")
    links = records(crawled / "links.jsonl")
    assert graph.number_of_edges() == len({(e["source_id"], e["target_id"]) for e in links})
    for article_id, record in articles.items():
        node = graph.nodes[article_id]
        assert node["label"] == record["title"]
        assert node["depth"] == record["depth"]
        assert type(node["depth"]) is int
        assert node["crawled"] is True
        assert node.get("section") == record["section"]
        assert node.get("published") == record["published"]
        assert node.get("kicker") == record["kicker"]
        names = "; ".join(a["name"] for a in record["authors"]) or None
        assert node.get("authors") == names
    dangling = [n for n, crawled_ in graph.nodes(data="crawled") if not crawled_]
    assert dangling
    assert all("depth" not in graph.nodes[n] for n in dangling)
    assert all(isinstance(n, str) for n in graph)


def test_igraph_reads_the_graphml(crawled: Path, articles):
    native = igraph.Graph.Read_GraphML(str(crawled / "graph.graphml"))
    by_id = {v["id"]: v for v in native.vs}
    # igraph's core keeps every number as a double: depth 2 reads as 2.0, unknown as nan.
    for article_id, record in articles.items():
        assert by_id[article_id]["depth"] == record["depth"]
        assert by_id[article_id]["label"] == record["title"]
    # Through networkx the values keep their Python types.
    graph = igraph.Graph.from_networkx(nx.read_graphml(crawled / "graph.graphml"))
    depths = {v["_nx_name"]: v["depth"] for v in graph.vs if v["crawled"]}
    assert depths == {i: r["depth"] for i, r in articles.items()}
    assert all(type(d) is int for d in depths.values())


def test_gexf_validates_against_the_gexf_1_3_schema(crawled: Path):
    schema = etree.XMLSchema(etree.parse(str(GEXF_XSD)))
    document = etree.parse(str(crawled / "graph.gexf"))
    assert document.getroot().tag == f"{{{GEXF_NS}}}gexf"
    assert schema.validate(document), schema.error_log


def test_the_gexf_schema_rejects_a_broken_file(crawled: Path):
    schema = etree.XMLSchema(etree.parse(str(GEXF_XSD)))
    text = (crawled / "graph.gexf").read_text(encoding="utf-8")
    assert not schema.validate(
        etree.fromstring(text.replace('version="1.3"', 'version="9"').encode())
    )


def test_networkx_reads_the_gexf_with_times(crawled: Path, articles):
    graph = nx.read_gexf(crawled / "graph.gexf")
    assert graph.graph["mode"] == "dynamic"
    for article_id, record in articles.items():
        node = graph.nodes[article_id]
        assert node["label"] == record["title"]
        assert node["depth"] == record["depth"]
        assert type(node["depth"]) is int
        assert node.get("start") == record["published"]  # Gephi's timeline
    graphml = nx.read_graphml(crawled / "graph.graphml")
    assert set(graph.nodes) == set(graphml.nodes)
    assert set(graph.edges()) == set(graphml.edges)


def test_the_edge_csv_is_the_edge_list(crawled: Path):
    frame = pd.read_csv(crawled / "links.csv", dtype={"source": "string", "target": "string"})
    links = records(crawled / "links.jsonl")
    assert list(frame.columns[:2]) == ["source", "target"]
    assert frame["source"].tolist() == [e["source_id"] for e in links]
    assert frame["target"].tolist() == [e["target_id"] for e in links]
    assert frame["position"].tolist() == [e["position"] for e in links]


def test_the_graph_command_summarises_and_draws(crawled: Path, tmp_path: Path):
    picture = tmp_path / "around-seed"
    result = subprocess.run(
        [sys.executable, "-m", "tazcrawler.cli", "graph", str(crawled), "--picture", str(picture)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    out = result.stdout
    graph = nx.read_graphml(crawled / "graph.graphml")
    crawled_nodes = sum(1 for _, c in graph.nodes(data="crawled") if c)
    assert f"nodes: {len(graph)} ({crawled_nodes} crawled, {len(graph) - crawled_nodes} only" in out
    assert f"edges: {graph.number_of_edges()}" in out
    assert "weak components: 1 " in out
    # The printed PageRank is networkx's on the same graph, in its order.
    expected = sorted(nx.pagerank(graph).items(), key=lambda kv: -kv[1])[:10]
    section = out.split("PageRank, top 10:\n")[1].split("\n\n")[0].splitlines()
    printed = [(line.split()[1], float(line.split()[0])) for line in section]
    assert [n for n, _ in printed] == [n for n, _ in expected]
    for (_, shown), (_, rank) in zip(printed, expected, strict=True):
        assert shown == pytest.approx(rank, abs=5e-6)
    assert graph.nodes[expected[0][0]]["label"][:20] in section[0]
    depths = [d for _, d in graph.nodes(data="depth") if d is not None]
    for depth in set(depths):
        assert re.search(rf"^\s+{depth}\s+{depths.count(depth)}\s+#+$", out, re.M)
    with Image.open(picture.with_suffix(".png")) as image:
        assert image.format == "PNG"
        assert image.width >= 1200
        assert image.height >= 800
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20)
        assert colours is not None
        assert len(colours) > 50  # drawn, not blank
    svg = etree.parse(str(picture.with_suffix(".svg")))
    assert svg.getroot().tag == "{http://www.w3.org/2000/svg}svg"
