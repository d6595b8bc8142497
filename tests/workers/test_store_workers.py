"""Several `scrapy crawl` workers of one crawl over the shared Redis store, against the site.

Each worker has its own seeds and its own in-process frontier (the shared frontier is tested
elsewhere): what they share is the store, the crawl id and the output folder.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections import deque
from typing import TYPE_CHECKING, Any

import pytest

from tazcrawler.provenance import new_crawl_id
from tests.conftest import ROOT, crawl_command, read_lines, start_site, stop
from testsite.generate import GeneratedSite

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ARTICLES = 300
SITE = GeneratedSite(ARTICLES)
WORKERS = ("w1", "w2", "w3")


@pytest.fixture(scope="module")
def generated_site() -> Iterator[str]:
    process, base_url = start_site("testsite", "--articles", str(ARTICLES))
    yield base_url
    stop(process)


def reachable(seed: str, max_depth: int) -> set[str]:
    depths = {seed: 0}
    queue = deque([seed])
    while queue:
        current = queue.popleft()
        if depths[current] == max_depth:
            continue
        for target in SITE.related_ids(current):
            if target not in depths and SITE.index(target) is not None:
                depths[target] = depths[current] + 1
                queue.append(target)
    return set(depths)


def apart_seeds(count: int, max_depth: int) -> list[str]:
    """Seeds none of which another reaches within ``max_depth``: a seed reached by another
    worker's link first is queued as that link, not as a seed (docs/workers.md), and in a
    re-run a link to a known article is not due, where a seed always is."""
    ids = [str(i) for i in SITE.article_ids()]
    chosen: list[str] = []
    regions: list[set[str]] = []
    for candidate in ids[:: len(ids) // 40]:
        region = reachable(candidate, max_depth)
        if all(candidate not in r for r in regions) and not region & set(chosen):
            chosen.append(candidate)
            regions.append(region)
        if len(chosen) == count:
            return chosen
    raise AssertionError(f"the site has no {count} seeds that do not reach each other")


def worker_command(
    site: str, output: Path, redis_url: str, crawl_id: str, worker: str, seed: str, *extra: str
) -> list[str]:
    """``scrapy crawl`` as one worker of crawl ``crawl_id`` over the shared Redis store."""
    return crawl_command(
        site,
        output,
        *("-a", f"seed={site}/!{seed}/", "-a", "max_depth=3"),
        *("-s", f"TAZ_WORKER={worker}", "-s", f"TAZ_CRAWL_ID={crawl_id}"),
        *("-s", "TAZ_STATE_STORE=tazcrawler.runs.redis_store.RedisStore"),
        *("-s", f"REDIS_URL={redis_url}", *extra),
    )


def crawl_workers(
    site: str, output: Path, redis_url: str, crawl_id: str, seeds: dict[str, str]
) -> dict[str, subprocess.CompletedProcess[str]]:
    processes = {
        worker: subprocess.Popen(
            worker_command(
                site, output, redis_url, crawl_id, worker, seed, "-a", "max_articles=1000"
            ),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for worker, seed in seeds.items()
    }
    results = {}
    for worker, process in processes.items():
        out, err = process.communicate(timeout=240)
        results[worker] = subprocess.CompletedProcess(process.args, process.returncode, out, err)
    return results


def manifest(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_workers_share_one_run_then_a_rerun_fetches_only_what_is_due(
    generated_site: str, redis_url: str, tmp_path: Path
) -> None:
    seeds = dict(zip(WORKERS, apart_seeds(len(WORKERS), 3), strict=True))
    expected = set().union(*(reachable(s, 3) for s in seeds.values()))
    output = tmp_path / "out"
    first_id = new_crawl_id()

    results = crawl_workers(generated_site, output, redis_url, first_id, seeds)

    for worker, result in results.items():
        assert result.returncode == 0, (worker, result.stderr[-3000:])
    run = output / "runs" / first_id
    run_manifest = manifest(run)
    assert run_manifest["status"] == "finished"
    assert run_manifest["workers"] == dict.fromkeys(WORKERS, "finished")
    assert not (run / "INCOMPLETE").exists()
    merged = read_lines(run / "articles.jsonl")
    merged_ids = [r["article_id"] for r in merged]
    assert len(merged_ids) == len(set(merged_ids))  # each article once
    assert set(merged_ids) == expected
    assert {r["version"] for r in merged} == {1}
    # Every worker exported its share into its own folder; together, each article once.
    shares = [read_lines(run / "workers" / w / "articles.jsonl") for w in WORKERS]
    assert sum(len(s) for s in shares) == len(expected)
    assert all(shares)
    assert run_manifest["health"]["healthy"] is True
    checks = {c["name"]: c["value"] for c in run_manifest["health"]["checks"]}
    assert checks["articles"] == len(expected)
    assert {r["article_id"] for r in read_lines(output / "articles.jsonl")} == expected
    assert sorted(p.name for p in (output / "warc").iterdir()) == [
        f"{first_id}-{w}.warc.gz" for w in WORKERS
    ]

    # Again, the same seeds, a new crawl id: the seeds are fetched (always due), the rest
    # is known to the shared store and answered from it.
    second_id = new_crawl_id()
    assert second_id != first_id
    again = crawl_workers(generated_site, output, redis_url, second_id, seeds)
    for worker, result in again.items():
        assert result.returncode == 0, (worker, result.stderr[-3000:])
    rerun = output / "runs" / second_id
    assert manifest(rerun)["status"] == "finished"
    assert read_lines(rerun / "articles.jsonl") == []
    # The seeds only; which worker fetches which is the shared frontier's choice.
    stats = [manifest(rerun / "workers" / worker)["stats"] for worker in WORKERS]
    assert sum(s.get("taz/articles/extracted", 0) for s in stats) == len(seeds)
    assert sum(s.get("taz/versioning/unchanged", 0) for s in stats) == len(seeds)
    assert manifest(run)["status"] == "finished"  # the first run is not abandoned


@pytest.mark.parametrize(
    ("settings", "live", "needle"),
    [
        (("-s", "TAZ_WORKER=w1", "-s", "TAZ_CRAWL_ID=20260101T000000Z-x"), False, "refused"),
        (("-s", "TAZ_WORKER=w1"), True, "TAZ_WORKER=w1 needs TAZ_CRAWL_ID"),
    ],
    ids=["unreachable", "no-crawl-id"],
)
def test_a_worker_that_cannot_share_the_run_says_why_in_one_line(
    site: str, tmp_path: Path, settings: tuple[str, ...], live: bool, needle: str
) -> None:
    from testsite.redis_server import RedisServer

    with RedisServer() as server:
        if live:
            url = server.url
            result = _start_worker(site, tmp_path, url, settings)
        else:
            gone = server.url
    if not live:
        result = _start_worker(site, tmp_path, gone, settings)  # nothing listens there now
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    (line,) = [x for x in result.stderr.splitlines() if needle in x]
    assert line.startswith("scrapy crawl: ")
    assert not (tmp_path / "runs").exists()


def _start_worker(
    site: str, output: Path, redis_url: str, settings: tuple[str, ...]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(
            site,
            output,
            *("-a", f"seed={site}/!1000001/", "-s", "TAZ_WARC_FILE="),
            *("-s", "TAZ_STATE_STORE=tazcrawler.runs.redis_store.RedisStore"),
            *("-s", f"REDIS_URL={redis_url}", *settings),
        ),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_worker_killed_and_started_again_completes_the_run(
    generated_site: str, redis_url: str, tmp_path: Path
) -> None:
    ids = [str(i) for i in SITE.article_ids()]
    seeds = {"w1": SITE.seed_id, "w2": ids[len(ids) // 2]}
    expected = set().union(*(reachable(s, 3) for s in seeds.values()))
    output = tmp_path / "out"
    crawl_id = new_crawl_id()
    slow = ("-s", "DOWNLOAD_DELAY=0.05")  # long enough to be killed in the middle

    def start(worker: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            worker_command(
                generated_site,
                output,
                *(redis_url, crawl_id, worker, seeds[worker]),
                *("-s", "TAZ_WARC_FILE=", *slow),
            ),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    w1, w2 = start("w1"), start("w2")
    w1_file = output / "runs" / crawl_id / "workers" / "w1" / "articles.jsonl"
    deadline = time.monotonic() + 120
    while not (w1_file.exists() and w1_file.read_bytes().count(b"\n") >= 20):
        assert w1.poll() is None, "w1 ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    w1.kill()
    w1.wait()
    assert w2.wait(timeout=240) == 0, w2.stderr.read()[-3000:] if w2.stderr else ""
    run = output / "runs" / crawl_id
    # w1 is still in the run: it is not over, and nothing is merged yet.
    assert (run / "INCOMPLETE").exists()
    assert not (run / "articles.jsonl").exists()

    again = start("w1")
    _, err = again.communicate(timeout=240)
    assert again.returncode == 0, err[-3000:]
    assert manifest(run / "workers" / "w1")["resumed_from"] == "killed"
    assert manifest(run)["status"] == "finished"
    merged = [r["article_id"] for r in read_lines(run / "articles.jsonl")]
    assert len(merged) == len(set(merged))
    assert set(merged) == expected
