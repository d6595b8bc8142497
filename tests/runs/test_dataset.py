"""Run folders: repairing a killed run's articles file, consolidating runs (and its command)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import networkx as nx

from tazcrawler.cli import main
from tazcrawler.runs.dataset import consolidate, repair_jsonl

if TYPE_CHECKING:
    from pathlib import Path


def record(
    article_id: str, version: int, related: tuple[str, ...] = (), **extra: Any
) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "url": f"https://taz.de/!{article_id}/",
        "canonical_url": f"https://taz.de/!{article_id}/",
        "title": f"Artikel {article_id}",
        "depth": 0,
        "related": [
            {
                "article_id": r,
                "url": f"https://taz.de/!{r}/",
                "position": i + 1,
                "title": None,
                "kicker": None,
                "teaser": None,
                "canonical_url": f"https://taz.de/!{r}/",
            }
            for i, r in enumerate(related)
        ],
        "version": version,
        **extra,
    }


def write_run(
    output: Path, crawl_id: str, records: list[dict[str, Any]], tail: bytes = b""
) -> Path:
    run = output / "runs" / crawl_id
    run.mkdir(parents=True)
    lines = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    (run / "articles.jsonl").write_bytes(lines + tail)
    return run


def test_repair_discards_a_torn_line_and_duplicates(tmp_path: Path) -> None:
    run = write_run(tmp_path, "r1", [record("1", 1), record("2", 1), record("1", 1)], b'{"artic')
    records, repair = repair_jsonl(run / "articles.jsonl")
    assert [r["article_id"] for r in records] == ["1", "2"]
    assert (repair.discarded_lines, repair.duplicate_lines) == (1, 1)
    assert repair.discarded_bytes == len(b'{"artic')
    assert (run / "articles.jsonl").read_bytes().count(b"\n") == 2
    assert not repair_jsonl(run / "articles.jsonl")[1]  # now clean: nothing to do


def test_consolidate_keeps_the_latest_version_and_merges_the_graph(tmp_path: Path) -> None:
    write_run(tmp_path, "20260101T000000Z-a", [record("1", 1, ("2",)), record("2", 1)])
    write_run(
        tmp_path, "20260102T000000Z-b", [record("1", 2, ("2", "3")), record("3", 1)], b'{"torn'
    )
    assert consolidate(tmp_path) == {"runs": 2, "articles": 3}
    lines = [json.loads(x) for x in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert [(r["article_id"], r["version"]) for r in lines] == [("1", 2), ("2", 1), ("3", 1)]
    graph = nx.read_graphml(tmp_path / "graph.graphml")
    assert set(graph.edges) == {("1", "2"), ("1", "3")}
    links = [json.loads(x) for x in (tmp_path / "links.jsonl").read_text().splitlines()]
    assert [(e["source_id"], e["target_id"]) for e in links] == [("1", "2"), ("1", "3")]


def test_consolidate_command(tmp_path: Path, capsys: Any) -> None:
    write_run(tmp_path, "20260101T000000Z-a", [record("1", 1)])
    assert main(["consolidate", "--output", str(tmp_path), "--to", str(tmp_path / "ds")]) == 0
    assert "1 articles from 1 runs" in capsys.readouterr().out
    assert (tmp_path / "ds" / "articles.jsonl").exists()
    assert main(["consolidate", "--output", str(tmp_path / "none")]) == 2
