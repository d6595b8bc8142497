"""The link graph for a reader: a summary (components, hubs, PageRank) and a picture."""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Summary", "draw_neighbourhood", "format_summary", "read_graph", "summarize"]

TOP = 10


@dataclass(frozen=True)
class Summary:
    nodes: int
    edges: int
    crawled: int
    dangling: int
    components: int
    largest_component: int
    # (node id, in-degree) and (node id, PageRank), highest first.
    hubs: list[tuple[str, int]]
    pagerank: list[tuple[str, float]]
    # depth -> crawled articles; None counts the nodes only linked to.
    depths: dict[int | None, int]
    titles: dict[str, str]


def read_graph(path: Path) -> nx.DiGraph:
    """``graph.graphml`` as networkx reads it (typed attributes, string node ids)."""
    return nx.read_graphml(path)


def summarize(graph: nx.DiGraph, top: int = TOP) -> Summary:
    """The numbers ``tazcrawler graph`` prints; PageRank is networkx's, damping 0.85."""
    crawled = sum(1 for _, c in graph.nodes(data="crawled") if c)
    components = list(nx.weakly_connected_components(graph))
    hubs = sorted(graph.in_degree(), key=lambda pair: (-pair[1], pair[0]))[:top]
    ranks = nx.pagerank(graph) if len(graph) else {}
    pagerank = sorted(ranks.items(), key=lambda pair: (-pair[1], pair[0]))[:top]
    depths = Counter(graph.nodes[n].get("depth") for n in graph)
    return Summary(
        nodes=graph.number_of_nodes(),
        edges=graph.number_of_edges(),
        crawled=crawled,
        dangling=graph.number_of_nodes() - crawled,
        components=len(components),
        largest_component=max(map(len, components), default=0),
        hubs=hubs,
        pagerank=pagerank,
        depths=dict(sorted(depths.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
        titles={n: graph.nodes[n].get("label") or "" for n, _ in [*hubs, *pagerank]},
    )


def format_summary(summary: Summary) -> str:
    """The summary as the lines ``tazcrawler graph`` prints."""
    lines = [
        f"nodes: {summary.nodes} ({summary.crawled} crawled, {summary.dangling} only linked to)",
        f"edges: {summary.edges}",
        f"weak components: {summary.components} (largest: {summary.largest_component} nodes)",
        "",
        "in-degree hubs:",
        *(f"  {d:4d}  {n}  {_short(summary.titles[n])}" for n, d in summary.hubs),
        "",
        "PageRank, top 10:",
        *(f"  {r:.5f}  {n}  {_short(summary.titles[n])}" for n, r in summary.pagerank),
        "",
        "depth histogram (crawled articles; - = only linked to):",
    ]
    widest = max(summary.depths.values(), default=1)
    for depth, count in summary.depths.items():
        bar = "#" * max(1, round(40 * count / widest))
        lines.append(f"  {'-' if depth is None else depth:>3}  {count:5d}  {bar}")
    return "\n".join(lines)


def _short(title: str, width: int = 60) -> str:
    return textwrap.shorten(title, width, placeholder="…") if title else "(no title)"


def seed_of(graph: nx.DiGraph) -> str | None:
    """The crawl's start article: depth 0; of several seeds the most linked one."""
    seeds = [n for n, d in graph.nodes(data="depth") if d == 0]
    return max(seeds, key=lambda n: (graph.degree(n), n)) if seeds else None


def draw_neighbourhood(
    graph: nx.DiGraph, seed: str, paths: list[Path], *, max_nodes: int = 40
) -> None:
    """Draw the seed and the articles nearest to it (links both ways), as PNG or SVG.

    The seed's direct neighbours are labelled with their titles; nodes further out are
    coloured by depth only, so that the picture stays readable at ``max_nodes``.
    """
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    undirected = graph.to_undirected(as_view=True)
    distance = nx.single_source_shortest_path_length(undirected, seed, cutoff=2)
    chosen = sorted(distance, key=lambda n: (distance[n], -graph.degree(n), n))[:max_nodes]
    sub = graph.subgraph(chosen)
    labelled = [n for n in chosen if distance[n] <= 1]

    layout = nx.kamada_kawai_layout(sub.to_undirected()) if len(sub) > 2 else nx.spring_layout(sub)
    figure, axes = plt.subplots(figsize=(16, 11), dpi=110)
    colours = {0: "#c0392b", 1: "#e67e22", 2: "#2980b9"}
    for depth_group in sorted({distance[n] for n in chosen}):
        nodes = [n for n in chosen if distance[n] == depth_group]
        nx.draw_networkx_nodes(
            sub,
            layout,
            nodelist=nodes,
            node_size=[900 if n == seed else 380 if distance[n] == 1 else 160 for n in nodes],
            node_color=colours.get(depth_group, "#7f8c8d"),
            edgecolors=["#222" if sub.nodes[n].get("crawled") else "#bbb" for n in nodes],
            linewidths=1.2,
            label={0: "start article", 1: "one link away", 2: "two links away"}[depth_group],
            ax=axes,
        )
    nx.draw_networkx_edges(
        sub, layout, edge_color="#95a5a6", width=0.9, arrowsize=11, node_size=380, ax=axes
    )
    labels = {n: textwrap.fill(_short(sub.nodes[n].get("label") or n, 48), 24) for n in labelled}
    nx.draw_networkx_labels(
        sub,
        # Above the node, the seed's label further up: its node is drawn larger.
        {n: (x, y + (0.07 if n == seed else 0.045)) for n, (x, y) in layout.items()},
        labels=labels,
        font_size=8.5,
        bbox={"boxstyle": "round,pad=0.25", "fc": "white", "ec": "#ccc", "alpha": 0.9},
        verticalalignment="bottom",
        ax=axes,
    )
    title = _short(graph.nodes[seed].get("label") or seed, 90)
    axes.set_title(
        f"Around “{title}”: {len(sub)} of {len(graph)} articles, links of “Mehr zum Thema”",
        fontsize=13,
    )
    axes.legend(loc="lower left", scatterpoints=1, markerscale=0.6, frameon=False)
    axes.set_axis_off()
    axes.margins(0.08)
    figure.tight_layout()
    for path in paths:
        figure.savefig(path)
    plt.close(figure)
