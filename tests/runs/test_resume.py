"""Stop, kill, resume: a restarted run ends with exactly the articles of an uninterrupted one."""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import networkx as nx
import pyarrow.parquet as pq
import pytest

from tazcrawler.commands.crawl import FOLDER_LOCKED_EXIT_CODE
from tazcrawler.runs.sqlite import SQLiteStore as StateStore
from tests.conftest import ROOT, read_lines
from tests.runs.helpers import (
    crawl,
    crawl_command,
    manifest,
    reachable_articles,
    runs,
)

if TYPE_CHECKING:
    from pathlib import Path

# Slow enough (one request at a time, a fixed delay) that the kill points below are reached
# one after another, never skipped: the crawl takes some 4 s instead of a fraction of one.
SLOW = (
    "-s",
    "DOWNLOAD_DELAY=0.25",
    "-s",
    "RANDOMIZE_DOWNLOAD_DELAY=False",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=1",
)


def start_slow(site: str, output: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        crawl_command(site, output, *SLOW, *args),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_lines(process: subprocess.Popen[bytes], output: Path, lines: int) -> None:
    """Wait until the running crawl has written ``lines`` article lines (0: its manifest)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the crawl ended before the kill point"
        found = list((output / "runs").glob("*/articles.jsonl"))
        if lines == 0 and list((output / "runs").glob("*/manifest.json")):
            return
        if found and found[0].read_bytes().count(b"\n") >= lines:
            return
        time.sleep(0.01)
    pytest.fail(f"no {lines} article lines within 60 s")


@pytest.fixture(scope="module")
def uninterrupted(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("uninterrupted")
    result = crawl(site, output)
    assert result.returncode == 0, result.stderr[-3000:]
    (run,) = runs(output)
    return {
        "articles": {a["article_id"]: a for a in read_lines(run / "articles.jsonl")},
        "links": read_lines(run / "links.jsonl"),
    }


def assert_same_as_uninterrupted(output: Path, uninterrupted: dict[str, Any]) -> dict[str, Any]:
    (run,) = runs(output)  # the restart resumed the run, it did not start another
    lines = read_lines(run / "articles.jsonl")  # every line is JSON
    counts = Counter(a["article_id"] for a in lines)
    assert max(counts.values()) == 1, f"duplicate lines: {counts}"
    assert set(counts) == set(uninterrupted["articles"]) == reachable_articles()
    for article in lines:
        expected = uninterrupted["articles"][article["article_id"]]
        assert article["content_sha256"] == expected["content_sha256"]
        assert article["version"] == 1
    key = lambda e: (e["source_id"], e["position"])  # noqa: E731
    assert sorted(read_lines(run / "links.jsonl"), key=key) == sorted(
        uninterrupted["links"], key=key
    )
    graph = nx.read_graphml(run / "graph.graphml")
    assert {n for n, d in graph.nodes(data=True) if d["crawled"]} == set(counts)
    # Parquet cannot be appended to: the resumed run rebuilt it from all its lines.
    parquet = pq.read_table(run / "articles.parquet", columns=["article_id"])
    assert sorted(parquet.column("article_id").to_pylist()) == sorted(counts)
    # The published dataset is the same article set.
    assert {a["article_id"] for a in read_lines(output / "articles.jsonl")} == set(counts)
    data = manifest(run)
    assert data["status"] == "finished"
    assert data["health"]["healthy"] is True
    assert not (run / "INCOMPLETE").exists()
    return data


@pytest.mark.parametrize("kill_after_lines", [0, 1, 4, 8], ids=["start", "early", "middle", "last"])
def test_kill_9_then_restart_gives_the_uninterrupted_articles(
    site: str, tmp_path: Path, uninterrupted: dict[str, Any], kill_after_lines: int
) -> None:
    assert kill_after_lines < len(uninterrupted["articles"])
    process = start_slow(site, tmp_path)
    wait_for_lines(process, tmp_path, kill_after_lines)
    process.kill()
    process.wait(timeout=10)
    (run,) = runs(tmp_path)
    assert manifest(run)["status"] == "running"  # what a killed run leaves behind
    assert (run / "INCOMPLETE").exists()

    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Resuming run" in result.stderr
    data = assert_same_as_uninterrupted(tmp_path, uninterrupted)
    assert data["attempts"][-1]["resumed_from"] == "killed"


def test_a_run_killed_after_its_last_line_resumes_to_a_healthy_end(
    site: str, tmp_path: Path, uninterrupted: dict[str, Any]
) -> None:
    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    (run,) = runs(tmp_path)
    # What a kill between the last article and the end of the run leaves: the store still
    # says running. (Hard to hit with a real kill: the window is milliseconds.)
    store = StateStore(tmp_path / "state.sqlite3")
    store.end_run(run.name, "running", None)
    store.close()

    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    data = assert_same_as_uninterrupted(tmp_path, uninterrupted)
    attempt = data["attempts"][-1]
    assert attempt["resumed_from"] == "killed"
    assert "taz/articles/extracted" not in attempt["stats"]  # nothing left to fetch
    # Judged on the whole run: the articles of the attempt before count.
    assert {c["name"]: c["value"] for c in data["health"]["checks"]}["articles"] == len(
        uninterrupted["articles"]
    )


def test_a_torn_last_line_and_a_lost_line_are_repaired(
    site: str, tmp_path: Path, uninterrupted: dict[str, Any]
) -> None:
    process = start_slow(site, tmp_path)
    wait_for_lines(process, tmp_path, 4)
    process.kill()
    process.wait(timeout=10)
    (run,) = runs(tmp_path)
    path = run / "articles.jsonl"
    lines = path.read_bytes().splitlines(keepends=True)
    # As if the process died inside its last write: the last record recorded in the state
    # store never reached the file, and the one after it only half.
    path.write_bytes(b"".join(lines[:-1]) + lines[-1][:40])

    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "discarded 1 incomplete line(s)" in result.stderr
    data = assert_same_as_uninterrupted(tmp_path, uninterrupted)
    attempt = data["attempts"][-1]
    assert attempt["repaired"]["discarded_lines"] == 1
    assert attempt["rolled_back"] >= 1
    assert attempt["stats"]["taz/run/repair/discarded_lines"] == 1


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_clean_stop_then_restart_gives_the_uninterrupted_articles(
    site: str, tmp_path: Path, uninterrupted: dict[str, Any], signum: int
) -> None:
    process = start_slow(site, tmp_path)
    wait_for_lines(process, tmp_path, 3)
    process.send_signal(signum)
    assert process.wait(timeout=60) != 0  # an interrupted run is not a healthy one
    (run,) = runs(tmp_path)
    stopped = manifest(run)
    assert stopped["status"] == "interrupted"
    assert stopped["finish_reason"] == "shutdown"
    assert "finish_reason" in stopped["health"]["failed"]
    assert (tmp_path / "job").is_dir(), "the clean stop keeps Scrapy's JOBDIR"

    result = crawl(site, tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    data = assert_same_as_uninterrupted(tmp_path, uninterrupted)
    assert data["attempts"][-1]["resumed_from"] == "interrupted"
    assert [a["finish_reason"] for a in data["attempts"]] == ["shutdown", "finished"]
    assert not (tmp_path / "job").exists(), "a finished run leaves no JOBDIR behind"


def test_other_arguments_abandon_the_unfinished_run(site: str, tmp_path: Path) -> None:
    # Slower still: the crawl must outlast a second crawl's start below.
    process = start_slow(site, tmp_path, "-s", "DOWNLOAD_DELAY=1")
    wait_for_lines(process, tmp_path, 2)
    # A second crawl on the same output folder while the first runs: refused at start.
    busy = crawl(site, tmp_path, "-a", "max_depth=1")
    assert busy.returncode == FOLDER_LOCKED_EXIT_CODE
    # One line that names the folder and the process holding it; no traceback.
    (line,) = [x for x in busy.stderr.splitlines() if "another crawl" in x]
    assert f"(process {process.pid})" in line
    assert str(tmp_path) in line
    assert "Traceback" not in busy.stderr
    assert "never retrieved" not in busy.stderr
    process.kill()
    process.wait(timeout=10)

    result = crawl(site, tmp_path, "-a", "max_depth=1")
    assert result.returncode == 0, result.stderr[-3000:]
    killed, new = runs(tmp_path)
    assert manifest(killed)["status"] == "abandoned"
    assert (killed / "INCOMPLETE").exists()
    assert manifest(new)["status"] == "finished"
    assert manifest(new)["arguments"]["max_depth"] == 1
    # The abandoned run's complete lines are versions like any other: in the dataset, once.
    dataset = [a["article_id"] for a in read_lines(tmp_path / "articles.jsonl")]
    assert len(dataset) == len(set(dataset))
    assert set(dataset) >= {a["article_id"] for a in read_lines(killed / "articles.jsonl")}
