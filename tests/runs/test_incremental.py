"""Incremental runs against the local site: unchanged exports nothing, changes are versions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from tazcrawler.schema import article_validator
from tests.conftest import read_lines
from tests.runs.helpers import crawl, manifest, reachable_articles, runs
from testsite.oracle import bfs_depths

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

CHANGED_TEXT = "1000003"  # depth 1: one more paragraph
NEW_LINK_FROM = "1000004"  # depth 2: a related link to an article no crawl reached before
NEWLY_REACHABLE = "1000014"
EDITS = {
    CHANGED_TEXT: {"append_paragraph": "Nachtrag: Der Bezirk hat inzwischen entschieden."},
    NEW_LINK_FROM: {"add_related": ["/In-eigener-Sache/!1000014/"]},
}


def test_unchanged_site_exports_nothing_then_changes_are_new_versions(
    site: str, edited_site: Callable[[dict[str, Any]], str], tmp_path: Path
) -> None:
    assert NEWLY_REACHABLE not in bfs_depths(), "the new link must reach a new article"
    output = tmp_path / "out"

    first = crawl(site, output)
    assert first.returncode == 0, first.stderr[-3000:]
    second = crawl(site, output)
    assert second.returncode == 0, second.stderr[-3000:]
    run1, run2 = runs(output)
    first_articles = read_lines(run1 / "articles.jsonl")
    assert {a["article_id"] for a in first_articles} == reachable_articles()
    assert {a["version"] for a in first_articles} == {1}
    assert all(a["previous_sha256"] is None for a in first_articles)
    # Second run: the seed is checked (always fetched), nothing is exported.
    assert read_lines(run2 / "articles.jsonl") == []
    assert read_lines(run2 / "links.jsonl") == []
    stats = manifest(run2)["stats"]
    assert stats["taz/versioning/unchanged"] == 1
    assert stats["taz/articles/extracted"] == 1
    assert manifest(run2)["health"]["healthy"] is True

    changed_site = edited_site(EDITS)
    third = crawl(changed_site, output, "-s", "TAZ_REVISIT_INTERVAL=0")
    assert third.returncode == 0, third.stderr[-3000:]
    run3 = runs(output)[-1]
    exported = {a["article_id"]: a for a in read_lines(run3 / "articles.jsonl")}
    assert {i: a["version"] for i, a in exported.items()} == {
        CHANGED_TEXT: 2,
        NEW_LINK_FROM: 2,
        NEWLY_REACHABLE: 1,
    }
    before = {a["article_id"]: a for a in first_articles}
    for article_id in (CHANGED_TEXT, NEW_LINK_FROM):
        assert exported[article_id]["previous_sha256"] == before[article_id]["content_sha256"]
        assert exported[article_id]["content_sha256"] != before[article_id]["content_sha256"]
    assert exported[NEWLY_REACHABLE]["previous_sha256"] is None
    validator = article_validator()
    for article in exported.values():
        assert list(validator.iter_errors(article)) == []

    # The consolidated dataset at the top level: every article once, in its latest version.
    dataset = {a["article_id"]: a for a in read_lines(output / "articles.jsonl")}
    assert set(dataset) == reachable_articles() | {NEWLY_REACHABLE}
    assert dataset[CHANGED_TEXT]["version"] == 2
    assert dataset[NEWLY_REACHABLE]["version"] == 1
    graph = nx.read_graphml(output / "graph.graphml")
    assert graph.has_edge(NEW_LINK_FROM, NEWLY_REACHABLE)
    assert graph.nodes[NEWLY_REACHABLE]["crawled"] is True
    edges = read_lines(output / "links.jsonl")
    assert len(edges) == sum(len(a["related"]) for a in dataset.values())


def test_without_a_state_store_a_crawl_exports_everything_in_place(
    site: str, tmp_path: Path
) -> None:
    for _ in range(2):
        result = crawl(site, tmp_path, "-s", "TAZ_STATE_DB=", "-a", "max_depth=1")
        assert result.returncode == 0, result.stderr[-3000:]
        articles = read_lines(tmp_path / "articles.jsonl")
        assert len(articles) == sum(1 for d in bfs_depths().values() if d <= 1)
        assert {a["version"] for a in articles} == {None}
    assert not (tmp_path / "runs").exists()
    assert not (tmp_path / "state.sqlite3").exists()
