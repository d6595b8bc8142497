"""End to end: ``scrapy crawl taz`` as a subprocess against the local taz test site."""

from __future__ import annotations

import json
import re
import subprocess
from collections import Counter
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest

from tazcrawler.schema import article_validator
from tazcrawler.urls import article_id
from tests.conftest import ROOT, crawl_command, read_lines
from testsite.content import ARTICLES, DEPUBLISHED, SEED_ID, TRAP_IDS
from testsite.oracle import bfs_depths, related_ids

if TYPE_CHECKING:
    from pathlib import Path

SEED = SEED_ID


def crawl(site: str, output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = crawl_command(site, output, "-s", "LOG_LEVEL=DEBUG", *args)
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def expected_fetches(max_depth: int) -> dict[str, int]:
    """Article ids a breadth-first crawl must request, with their depth, from the site's data."""
    return {i: depth for i, depth in bfs_depths(SEED_ID).items() if depth <= max_depth}


@pytest.fixture(scope="module")
def default_crawl(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("crawl")
    result = crawl(site, output, "-a", f"seed={site}/!{SEED}/")
    assert result.returncode == 0, result.stderr[-3000:]
    return {
        "output": output,
        "log": result.stderr,
        "articles": read_lines(output / "articles.jsonl"),
        "links": read_lines(output / "links.jsonl"),
        "graph": nx.read_graphml(output / "graph.graphml"),
        "stats": json.loads((output / "stats.json").read_text()),
    }


def test_crawl_exports_exactly_the_reachable_articles(default_crawl: dict[str, Any]) -> None:
    articles = {i for i in expected_fetches(max_depth=3) if i in ARTICLES}
    exported = [a["article_id"] for a in default_crawl["articles"]]
    assert sorted(exported) == sorted(articles)
    assert not set(exported) & set(TRAP_IDS), "followed a link outside the related blocks"
    assert max(bfs_depths(SEED).values()) > 3, "the site must reach beyond the default depth"


def test_crawl_records_depth_and_referrer(default_crawl: dict[str, Any]) -> None:
    fetched = expected_fetches(max_depth=3)
    by_id = {a["article_id"]: a for a in default_crawl["articles"]}
    for article in by_id.values():
        assert article["depth"] == fetched[article["article_id"]]
        if article["depth"] == 0:
            assert article["referrer_id"] is None
        else:
            referrer = by_id[article["referrer_id"]]
            assert referrer["depth"] == article["depth"] - 1
            assert article["article_id"] in {r["article_id"] for r in referrer["related"]}


def test_crawl_fetches_each_article_once(default_crawl: dict[str, Any]) -> None:
    crawled = re.findall(r"Crawled \((\d+)\) <GET ([^>]+)>", default_crawl["log"])
    ids = Counter(article_id(url) for _, url in crawled if article_id(url))
    assert ids, "no article fetched"
    assert max(ids.values()) == 1, ids


def test_articles_validate_against_the_schema(default_crawl: dict[str, Any]) -> None:
    validator = article_validator()
    for article in default_crawl["articles"]:
        assert list(validator.iter_errors(article)) == []


def test_links_are_the_related_blocks_of_the_exported_articles(
    default_crawl: dict[str, Any],
) -> None:
    edges = default_crawl["links"]
    for article in default_crawl["articles"]:
        source = article["article_id"]
        own = sorted((e for e in edges if e["source_id"] == source), key=lambda e: e["position"])
        assert [e["target_id"] for e in own] == related_ids(source)
        assert all(e["source_depth"] == article["depth"] for e in own)
    assert len(edges) == sum(len(related_ids(a["article_id"])) for a in default_crawl["articles"])


def test_graphml_agrees_with_the_jsonl_files(default_crawl: dict[str, Any]) -> None:
    graph = default_crawl["graph"]
    crawled = {a["article_id"] for a in default_crawl["articles"]}
    edges = {(e["source_id"], e["target_id"]) for e in default_crawl["links"]}
    assert set(graph.edges) == edges
    assert graph.number_of_edges() == len(default_crawl["links"])
    assert set(graph.nodes) == crawled | {t for _, t in edges}
    assert {n for n, data in graph.nodes(data=True) if data["crawled"]} == crawled


def block_entries(article_ids: set[str], marker: str) -> int:
    """How many related entries of these articles have ``marker`` in their href (site data)."""
    return sum(marker in link.href for i in article_ids for link in ARTICLES[i].related)


def test_stats_say_what_was_skipped_and_why(default_crawl: dict[str, Any]) -> None:
    stats = default_crawl["stats"]
    fetched = expected_fetches(max_depth=3)
    exported = {a["article_id"] for a in default_crawl["articles"]}
    at_limit = {a["article_id"] for a in default_crawl["articles"] if a["depth"] == 3}
    missing = [i for i in fetched if i not in ARTICLES and i not in DEPUBLISHED]
    assert missing, "the default crawl must meet a 404"
    assert stats["finish_reason"] == "finished"
    assert stats["taz/articles/extracted"] == len(exported)
    assert stats["item_scraped_count"] == len(exported)
    assert stats["taz/fetch_failed/http_404"] == len(missing)
    assert stats["taz/pages/not_article/ressort"] == len(set(fetched) & set(DEPUBLISHED))
    assert stats["taz/related/skipped/off_site"] == block_entries(exported, "example.org")
    assert stats["taz/related/skipped/not_article/tag"] == block_entries(exported, "/!t")
    assert stats["taz/related/beyond_max_depth"] == sum(len(related_ids(i)) for i in at_limit)
    assert "log_count/ERROR" not in stats
    for missing_id in missing:
        assert (
            len(
                re.findall(
                    rf"Skipped \S+!{missing_id}/: fetch failed \(http_404\)", default_crawl["log"]
                )
            )
            == 1
        )


def test_max_depth_zero_crawls_only_the_seed(site: str, tmp_path: Path) -> None:
    result = crawl(site, tmp_path, "-a", f"seed={site}/!{SEED}/", "-a", "max_depth=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert [a["article_id"] for a in read_lines(tmp_path / "articles.jsonl")] == [SEED]
    graph = nx.read_graphml(tmp_path / "graph.graphml")
    assert graph.number_of_nodes() == 1 + len(related_ids(SEED))


def test_max_articles_caps_the_requests(site: str, tmp_path: Path) -> None:
    result = crawl(site, tmp_path, "-a", f"seed={site}/!{SEED}/", "-a", "max_articles=3")
    assert result.returncode == 0, result.stderr[-3000:]
    exported = [a["article_id"] for a in read_lines(tmp_path / "articles.jsonl")]
    assert 1 <= len(exported) <= 3
    assert SEED in exported


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["-a", "seed=https://example.com/x"], "seed"),
        (["-a", "seed=https://taz.de/Politik/!p4615/"], "seed"),
        (["-a", "seeds_file=/nonexistent/seeds.txt"], "seeds_file"),
        (["-a", "seed=SITE/!1000001/", "-a", "max_depth=-1"], "max_depth"),
        (["-a", "seed=SITE/!1000001/", "-a", "max_dept=2"], "max_dept"),
        ([], "seed"),
    ],
)
def test_bad_arguments_stop_before_any_request(
    site: str, tmp_path: Path, arguments: list[str], named: str
) -> None:
    result = crawl(site, tmp_path, *(a.replace("SITE", site) for a in arguments))
    assert result.returncode == 2  # a usage error, as for Scrapy's own bad options
    assert f"argument '{named}'" in result.stderr
    assert "Crawled (" not in result.stderr
    assert not (tmp_path / "articles.jsonl").exists()
