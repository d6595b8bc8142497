"""Re-runs and restarts on the generated site, at the sizes users run: breadth first, exactly.

Every article a run checks, fetched or known, must get its shortest distance from the seed,
as the site's own breadth-first walk gives it (``GeneratedSite.reachable``), whether the run
is a first crawl, a re-run with nothing due, or either of them killed and restarted.
"""

from __future__ import annotations

import subprocess
import time
from typing import TYPE_CHECKING

import pytest

from tazcrawler.runs.sqlite import SQLiteStore
from tests.conftest import ROOT, crawl_command, read_lines, start_site, stop
from tests.runs.helpers import manifest, runs
from testsite.generate import GeneratedSite

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ARTICLES = 3000


@pytest.fixture(scope="module")
def generated() -> Iterator[tuple[str, GeneratedSite]]:
    process, base_url = start_site("testsite", "--articles", str(ARTICLES))
    yield base_url, GeneratedSite(ARTICLES)
    stop(process)


def command(site: str, output: Path, max_depth: int, *args: str) -> list[str]:
    return crawl_command(
        site,
        output,
        *("-a", f"seed={site}/!{GeneratedSite(ARTICLES).seed_id}/"),
        *("-a", f"max_depth={max_depth}", "-a", "max_articles=100000"),
        *("-s", "TAZ_WARC_FILE=", "-s", "LOG_LEVEL=INFO"),
        *args,
    )


def crawl(site: str, output: Path, max_depth: int) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command(site, output, max_depth),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def visits(output: Path, crawl_id: str) -> dict[str, int]:
    store = SQLiteStore(output / "state.sqlite3")
    try:
        return {v.article_id: v.depth for v in store.visits(crawl_id)}
    finally:
        store.close()


def exported_depths(run: Path) -> dict[str, int]:
    lines = read_lines(run / "articles.jsonl")
    depths = {a["article_id"]: a["depth"] for a in lines}
    assert len(depths) == len(lines), "an article exported twice"
    return depths


def kill_when(process: subprocess.Popen[bytes], reached: object, what: str) -> None:
    """SIGKILL the crawl once ``reached()`` is true (polled; the crawl must still run)."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the crawl ended before {what}"
        if reached():  # type: ignore[operator]
            process.kill()
            process.wait(timeout=10)
            return
        time.sleep(0.005)
    pytest.fail(f"not {what} within 300 s")


@pytest.mark.parametrize("max_depth", [3, 1000])
def test_a_rerun_with_nothing_due_checks_every_article_at_its_depth(
    generated: tuple[str, GeneratedSite], tmp_path: Path, max_depth: int
) -> None:
    site, oracle = generated
    expected = oracle.reachable(max_depth)
    crawl(site, tmp_path, max_depth)
    (first,) = runs(tmp_path)
    assert exported_depths(first) == expected
    # A related link to an article the crawl has scheduled already is counted and dropped
    # before it becomes a request: few ever reach the scheduler's dupefilter.
    stats = manifest(first)["stats"]
    already = stats["taz/related/already_requested"]
    assert already > len(expected) // 10
    assert stats.get("dupefilter/filtered", 0) * 10 < already

    second = crawl(site, tmp_path, max_depth)
    run = runs(tmp_path)[-1]
    assert visits(tmp_path, run.name) == expected
    data = manifest(run)
    assert data["status"] == "finished"
    assert data["health"]["healthy"] is True
    assert data["stats"]["taz/incremental/not_due"] == len(expected) - 1  # all but the seed
    assert data["stats"]["taz/articles/extracted"] == 1  # the seed, always fetched
    assert "RecursionError" not in second.stderr

    # The same re-run, killed in the middle and restarted, still checks each article once,
    # at its depth.
    third = subprocess.Popen(
        command(site, tmp_path, max_depth),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    half = len(expected) // 2

    def half_checked() -> bool:
        candidates = runs(tmp_path)
        if len(candidates) < 3:
            return False
        try:
            return len(visits(tmp_path, candidates[-1].name)) >= half
        except Exception:  # the run's store rows are being written: look again
            return False

    kill_when(third, half_checked, f"{half} articles checked")
    killed = runs(tmp_path)[-1]
    assert manifest(killed)["status"] == "running"
    restarted = crawl(site, tmp_path, max_depth)
    assert "Resuming run" in restarted.stderr
    assert runs(tmp_path)[-1] == killed, "the restart resumed the killed run"
    assert visits(tmp_path, killed.name) == expected
    assert manifest(killed)["status"] == "finished"
    assert read_lines(killed / "articles.jsonl") == []  # nothing changed: nothing exported


@pytest.mark.parametrize("kill_after_lines", [50, 600, 1500])
def test_kill_9_of_a_depth_limited_crawl_then_restart_gives_the_uninterrupted_set(
    generated: tuple[str, GeneratedSite], tmp_path: Path, kill_after_lines: int
) -> None:
    site, oracle = generated
    expected = oracle.reachable(5)
    assert len(expected) > kill_after_lines
    process = subprocess.Popen(
        command(site, tmp_path, 5),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def written() -> bool:
        files = list((tmp_path / "runs").glob("*/articles.jsonl"))
        return bool(files) and files[0].read_bytes().count(b"\n") >= kill_after_lines

    kill_when(process, written, f"{kill_after_lines} lines written")
    result = crawl(site, tmp_path, 5)
    assert "Resuming run" in result.stderr
    (run,) = runs(tmp_path)
    assert exported_depths(run) == expected
    data = manifest(run)
    assert data["status"] == "finished"
    assert data["health"]["healthy"] is True
    assert data["attempts"][-1]["resumed_from"] == "killed"
    # The killed attempt has its entry too, though it never wrote one.
    assert [a["finish_reason"] for a in data["attempts"]] == ["killed", "finished"]
