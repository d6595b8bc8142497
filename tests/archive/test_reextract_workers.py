"""``tazcrawler reextract --workers N`` writes the files of one worker, on an archive of
hundreds of articles recorded as crawls record them: many requests at a time, so the
archive's order is not the replay's."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tazcrawler.archive.ahead import MIN_BYTES_AHEAD, usable_cores
from tazcrawler.sample import SAMPLE_WARC
from tests.archive._offline import run_offline
from tests.conftest import ROOT, crawl_command, start_site, stop
from testsite.generate import FIRST_ID

ARTICLES = 500
CRAWL_TIME = re.compile(r'"(crawled_at|crawl_id)": "[^"]*", ')
# Stats that differ between any two runs (clock, memory), and the workers' own count.
VARYING = re.compile(r"^(elapsed_time_seconds|start_time|finish_time|memusage/.*|.*_per_minute)$")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("recorded")
    warc = output / "crawl.warc.gz"
    process, base = start_site("testsite", "--articles", str(ARTICLES))
    try:
        command = crawl_command(base, output, "-a", f"seed={base}/!{FIRST_ID}/")
        # The whole site: at 16 requests at a time, which articles of the last level a
        # limit keeps depends on timing, and the replay would ask for others (lost responses).
        command += ["-a", "max_depth=1000", "-a", "max_articles=100000"]
        command += ["-s", f"TAZ_WARC_FILE={warc}", "-s", "TAZ_STATE_DB="]
        command += ["-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
        )
    finally:
        stop(process)
    assert result.returncode == 0, result.stderr[-3000:]
    return warc


def reextract(archive: Path, output: Path, workers: int | None) -> dict[str, Any]:
    command = [sys.executable, "-m", "tazcrawler.cli", "reextract", str(archive)]
    command += ["--output", str(output)]
    if workers is not None:
        command += ["--workers", str(workers)]
    run = run_offline(command, output, timeout=600)
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    assert run.attempts == []
    return json.loads((output / "stats.json").read_text())


@pytest.fixture(scope="module")
def runs(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    outputs = {}
    for workers in (1, 2, 3):
        outputs[workers] = tmp_path_factory.mktemp(f"workers{workers}")
        reextract(archive, outputs[workers], workers)
    return outputs


def articles(output: Path) -> str:
    return CRAWL_TIME.sub("", (output / "articles.jsonl").read_text(encoding="utf-8"))


def stats(output: Path) -> dict[str, Any]:
    found = json.loads((output / "stats.json").read_text())
    return {k: v for k, v in found.items() if not VARYING.match(k)}


def test_the_archive_is_big_and_out_of_replay_order(runs: dict[int, Path]) -> None:
    lines = [json.loads(line) for line in articles(runs[1]).splitlines()]
    assert len(lines) > 400
    assert max(line["depth"] for line in lines) >= 3
    assert sum(line["referrer"] is not None for line in lines) == len(lines) - 1


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_write_the_files_of_one(runs: dict[int, Path], workers: int) -> None:
    one, many = runs[1], runs[workers]
    assert articles(many) == articles(one)
    for name in ("links.jsonl", "graph.graphml"):
        assert (many / name).read_bytes() == (one / name).read_bytes(), name
    found = stats(many)
    # Every article was read ahead by the workers, none by the crawl process itself.
    assert found.pop("taz/reextract/read_ahead") == found["taz/articles/extracted"]
    assert found == stats(one)


def test_one_worker_reads_every_page_in_the_crawl_process(runs: dict[int, Path]) -> None:
    assert "taz/reextract/read_ahead" not in stats(runs[1])


def test_by_default_an_archive_this_big_is_read_ahead_on_every_core(
    archive: Path, runs: dict[int, Path], tmp_path: Path
) -> None:
    assert archive.stat().st_size >= MIN_BYTES_AHEAD
    found = reextract(archive, tmp_path, None)
    assert articles(tmp_path) == articles(runs[1])
    if usable_cores() > 1:
        assert found["taz/reextract/read_ahead"] == found["taz/articles/extracted"]
    else:  # one core: the replay reads every page itself
        assert "taz/reextract/read_ahead" not in found


def test_by_default_a_small_archive_is_read_in_the_replay_process(tmp_path: Path) -> None:
    found = reextract(SAMPLE_WARC, tmp_path, None)
    assert found["taz/articles/extracted"] > 0
    assert "taz/reextract/read_ahead" not in found


def test_the_replay_is_the_same_on_every_run(archive: Path, runs: dict[int, Path]) -> None:
    again = runs[2].parent / "again"
    again.mkdir()
    reextract(archive, again, 2)
    assert articles(again) == articles(runs[2])


def test_workers_must_be_a_positive_number(archive: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tazcrawler.cli", "reextract", str(archive)]
    result = subprocess.run(
        [*command, "--output", str(tmp_path), "--workers", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "--workers: must be 1 or more, not 0" in result.stderr
    assert "Traceback" not in result.stderr


def children(pid: int) -> list[int]:
    """The live child processes of ``pid``, from /proc (a zombie has ended)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended while read
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_the_workers_end_with_a_replay_killed_with_sigkill(archive: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tazcrawler.cli", "reextract", str(archive)]
    command += ["--output", str(tmp_path), "--workers", "2"]
    cli = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while len(workers) < 2:  # the pool's two workers, beside its resource tracker
            assert time.monotonic() < deadline, "the replay started no workers"
            assert cli.poll() is None, "the replay ended before its workers were seen"
            replays = children(cli.pid)
            workers = [pid for replay in replays for pid in children(replay)]
            time.sleep(0.1)
        os.kill(replays[0], signal.SIGKILL)
        deadline = time.monotonic() + 20
        while any(alive(pid) for pid in workers):
            assert time.monotonic() < deadline, "workers outlived the killed replay"
            time.sleep(0.2)
    finally:
        cli.kill()
        cli.wait()
