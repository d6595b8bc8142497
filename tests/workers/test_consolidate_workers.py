"""Merging the folders of a run's workers: each article once, links once, a torn line repaired;
and the health verdict of the merged run."""

from __future__ import annotations

import json
import random
from typing import TYPE_CHECKING, Any

import networkx as nx

from tazcrawler.runs.dataset import consolidate, merge_workers
from tazcrawler.runs.health import evaluate
from tazcrawler.runs.manager import merged_counts
from tazcrawler.runs.store import Visit
from tests.runs.test_dataset import record

if TYPE_CHECKING:
    from pathlib import Path

ARTICLES = 3000


def write_worker(run: Path, worker: str, records: list[dict[str, Any]], tail: bytes = b"") -> Path:
    folder = run / "workers" / worker
    folder.mkdir(parents=True)
    lines = b"".join(json.dumps(r).encode() + b"\n" for r in records)
    (folder / "articles.jsonl").write_bytes(lines + tail)
    return folder


def related(n: int) -> tuple[str, ...]:
    return tuple(str(1000 + (n * 7 + k) % ARTICLES) for k in (1, 2))


def test_merge_keeps_each_article_once_in_its_highest_version(tmp_path: Path) -> None:
    run = tmp_path / "runs" / "20260101T000000Z-w"
    rng = random.Random(7)
    expected: dict[str, int] = {}
    workers: dict[str, list[dict[str, Any]]] = {"w1": [], "w2": [], "w3": []}
    for n in range(ARTICLES):
        article_id = str(1000 + n)
        # Most articles by one worker, a fifth by two or three (a worker re-exported it after
        # a kill, or two crawls raced), some of them in a higher version.
        holders = rng.sample(sorted(workers), rng.choice([1, 1, 1, 1, 2, 3]))
        versions = [rng.randint(1, 3) for _ in holders]
        for worker, version in zip(holders, versions, strict=True):
            workers[worker].append(
                record(article_id, version, related(n), depth=n % 4, title=f"{worker} v{version}")
            )
        expected[article_id] = max(versions)
    torn = b'{"article_id": "999999", "version": 1, "tit'  # w2 was killed inside a write
    for worker, records in workers.items():
        rng.shuffle(records)
        write_worker(run, worker, records, torn if worker == "w2" else b"")

    counts = merge_workers(run)

    lines = (run / "articles.jsonl").read_bytes().splitlines()
    merged = [json.loads(line) for line in lines]
    assert counts == {
        "workers": 3,
        "articles": ARTICLES,
        "lines": sum(len(r) for r in workers.values()),
        "discarded_lines": 1,
    }
    ids = [r["article_id"] for r in merged]
    assert len(ids) == len(set(ids)) == ARTICLES
    assert {r["article_id"]: r["version"] for r in merged} == expected
    # Shallowest first, then by id: the same folders always merge to the same file.
    assert [(r["depth"], r["article_id"]) for r in merged] == sorted(
        (r["depth"], r["article_id"]) for r in merged
    )
    # A tie (one version in two folders) goes to the first worker by name.
    holders: dict[tuple[str, int], list[str]] = {}
    for worker, records in workers.items():
        for x in records:
            holders.setdefault((x["article_id"], x["version"]), []).append(worker)
    assert all(
        r["title"] == f"{holders[r['article_id'], r['version']][0]} v{r['version']}" for r in merged
    )
    # The torn line is gone from w2's own file too: every line there is whole.
    w2 = (run / "workers" / "w2" / "articles.jsonl").read_bytes()
    assert w2.endswith(b"\n")
    assert b"999999" not in w2
    links = [json.loads(x) for x in (run / "links.jsonl").read_text().splitlines()]
    pairs = [(e["source_id"], e["target_id"]) for e in links]
    assert len(pairs) == len(set(pairs)) == 2 * ARTICLES
    graph = nx.read_graphml(run / "graph.graphml")
    assert graph.number_of_edges() == 2 * ARTICLES
    assert merge_workers(run) == {**counts, "discarded_lines": 0}
    assert (run / "articles.jsonl").read_bytes() == b"\n".join(lines) + b"\n"


def test_consolidate_reads_a_run_whose_workers_are_not_merged_yet(tmp_path: Path) -> None:
    done = tmp_path / "runs" / "20260101T000000Z-a"
    done.mkdir(parents=True)
    (done / "articles.jsonl").write_text(json.dumps(record("1", 1)) + "\n")
    running = tmp_path / "runs" / "20260102T000000Z-b"
    write_worker(running, "w1", [record("1", 2), record("2", 1)])
    write_worker(running, "w2", [record("3", 1)], b'{"torn')
    assert consolidate(tmp_path) == {"runs": 2, "articles": 3}
    lines = [json.loads(x) for x in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert {(r["article_id"], r["version"]) for r in lines} == {("1", 2), ("2", 1), ("3", 1)}


def test_the_merged_verdict_counts_every_worker_and_the_store(tmp_path: Path) -> None:
    attempt = {"stats": {"log_count/ERROR": 1, "taz/health/articles": 99, "finish_reason": "x"}}
    manifests = [
        {"attempts": [attempt, {"stats": {"taz/health/before/log_count/ERROR": 5}}]},
        {"attempts": [{"finish_reason": "killed"}, attempt]},
        {"attempts": []},
    ]
    visits = [
        Visit("1", 0, "exported", ("title", "paragraphs")),
        Visit("2", 1, "unchanged", ("title",)),
        Visit("3", 1, "known"),  # not due: not an article this run extracted
    ]
    counts = merged_counts(manifests, visits)
    assert counts["log_count/ERROR"] == 2  # both workers' errors; "before" ones not twice
    assert counts["taz/health/articles"] == 2  # from the store, each article once
    assert counts["taz/health/coverage/title"] == 2
    assert counts["taz/health/coverage/body"] == 1
    options: dict[str, Any] = {
        "finish_reasons": ["finished"],
        "min_articles": 2,
        "min_coverage": {"title": 1.0},
    }
    verdict = evaluate(counts, "finished", max_errors=2, **options)
    assert verdict.healthy
    assert [c.name for c in evaluate(counts, "finished", max_errors=1, **options).failed] == [
        "errors"
    ]
