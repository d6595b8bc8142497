"""Several workers on one frontier: real scrapy processes, a real Redis, the generated site.

Every crawl must give the site's breadth-first set of articles (``GeneratedSite.reachable``,
which a plain one-process crawl gives too: the first case), each article fetched once by the
site's own request log, when workers share the crawl, die with kill -9, or all die and the
crawl is started again.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tazcrawler.urls import article_id
from tests.conftest import ROOT, crawl_command
from testsite.generate import GeneratedSite
from testsite.server import Response, serve

if TYPE_CHECKING:
    from collections.abc import Iterator

ARTICLES = 1000
MAX_DEPTH = 4  # 468 of the site's articles
SITE = GeneratedSite(ARTICLES)
EXPECTED = SITE.reachable(MAX_DEPTH)
# "127.0.0.1 - "GET /Slug/!3000012/ HTTP/1.1" 200 -": BaseHTTPRequestHandler's log line.
LOG_LINE = re.compile(r'"GET (?P<path>\S+) HTTP/1\.1" (?P<status>\d+)')


class Site:
    """``python -m testsite --articles 1000``, its request log (stderr) in a file."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self._file = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "testsite", "--articles", str(ARTICLES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._file,
            text=True,
            cwd=ROOT,
        )
        assert self.process.stdout is not None
        self.base = self.process.stdout.readline().strip()
        assert self.base.startswith("http://127.0.0.1:"), self.base

    def article_fetches(self) -> Counter[str]:
        """How often each article page was served (200) to the crawlers."""
        fetched: Counter[str] = Counter()
        for line in self.log.read_text().splitlines():
            match = LOG_LINE.search(line)
            if match and match["status"] == "200":
                key = article_id(self.base + match["path"])
                if key is not None:
                    fetched[key] += 1
        return fetched

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self._file.close()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    served = Site(tmp_path / "requests.log")
    yield served
    served.stop()


def scrapy_args(site: str, *extra: str) -> list[str]:
    return [
        *("-a", f"seed={site}/!{SITE.seed_id}/"),
        *("-a", f"max_depth={MAX_DEPTH}", "-a", "max_articles=100000"),
        *("-s", f"TAZ_CANONICAL_BASE={site}", "-s", "TAZ_WARC_FILE="),
        *("-s", "LOG_LEVEL=INFO", "-s", "TAZ_HEALTH_ENABLED=False"),
        *extra,
    ]


def worker(site: str, output: Path, redis_url: str, crawl: str, name: str, *extra: str) -> Any:
    """One worker, started the several-machines way: ``scrapy crawl`` with REDIS_URL."""
    command = crawl_command(
        site,
        output,
        *scrapy_args(site, *extra),
        *("-s", f"REDIS_URL={redis_url}", "-s", f"TAZ_CRAWL_ID={crawl}"),
        *("-s", f"TAZ_WORKER={name}", "-s", "TAZ_LEASE_SECONDS=3"),
    )
    log = (output.parent / f"{name}.log").open("a")
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=log)


def worker_files(output: Path) -> list[Path]:
    return sorted(output.glob("runs/*/workers/*/articles.jsonl"))


def read_records(path: Path) -> list[dict[str, Any]]:
    """Every line of a worker's articles, each valid JSON; a killed worker may have left its
    last line torn (written again by whoever fetched that article after its lease)."""
    data = path.read_bytes()
    lines = data.split(b"\n")
    if lines[-1]:
        lines = lines[:-1]
    return [json.loads(line) for line in lines if line]


def merged(files: list[Path]) -> tuple[dict[str, int], int]:
    """The articles by id (with their depths), and how many lines there were in all."""
    records = [record for path in files for record in read_records(path)]
    return {r["article_id"]: r["depth"] for r in records}, len(records)


def wait_all(processes: list[Any], timeout: float = 600) -> list[int]:
    deadline = time.monotonic() + timeout
    return [p.wait(timeout=max(1, deadline - time.monotonic())) for p in processes]


def lines_in(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


@pytest.mark.parametrize("workers", [0, 1, 2, 4])
def test_workers_crawl_what_one_crawl_does(
    site: Site, redis_url: str, tmp_path: Path, workers: int
) -> None:
    """0: the plain crawl (no Redis); 1, 2, 4: ``tazcrawler crawl --workers N``."""
    output = tmp_path / "out"
    if workers:
        command = [
            str(Path(sys.executable).with_name("tazcrawler")),
            *("crawl", "--workers", str(workers)),
            *scrapy_args(site.base, "-s", f"TAZ_BASE_URL={site.base}"),
            *("-s", f"TAZ_OUTPUT_DIR={output}", "-s", f"REDIS_URL={redis_url}"),
            *("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"),
        ]
        files_of = worker_files
    else:
        command = crawl_command(site.base, output, *scrapy_args(site.base), "-s", "TAZ_STATE_DB=")
        files_of = lambda out: [out / "articles.jsonl"]  # noqa: E731
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    files = files_of(output)
    assert len(files) == max(workers, 1)
    depths, lines = merged(files)
    assert depths == EXPECTED  # the same articles, each at its shortest distance
    assert lines == len(EXPECTED)  # none written twice
    assert site.article_fetches() == Counter(dict.fromkeys(EXPECTED, 1))


def test_workers_share_one_run_and_a_rerun_fetches_only_the_seed(
    site: Site, redis_url: str, tmp_path: Path
) -> None:
    """``--workers 2`` with its default, the Redis state store: the last worker merges one
    dataset with each article once and one verdict; the same command again fetches only
    the seed (always due), the rest is known to the shared store."""
    output = tmp_path / "out"
    command = [
        str(Path(sys.executable).with_name("tazcrawler")),
        *("crawl", "--workers", "2"),
        *("-a", f"seed={site.base}/!{SITE.seed_id}/"),
        *("-a", f"max_depth={MAX_DEPTH}", "-a", "max_articles=100000"),
        *("-s", f"TAZ_BASE_URL={site.base}", "-s", f"TAZ_CANONICAL_BASE={site.base}"),
        *("-s", f"TAZ_OUTPUT_DIR={output}", "-s", f"REDIS_URL={redis_url}"),
        *("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"),
        *("-s", "TAZ_WARC_FILE=", "-s", "TAZ_HEALTH_MAX_ERRORS=1000"),
    ]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-3000:]
    (run,) = [p for p in (output / "runs").iterdir() if p.is_dir()]
    records = read_records(output / "articles.jsonl")  # the consolidated dataset
    assert {r["article_id"]: r["depth"] for r in records} == EXPECTED
    assert len(records) == len(EXPECTED)
    assert sorted(p.name for p in (run / "workers").iterdir()) == ["w1", "w2"]
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "finished"
    assert manifest["health"]["healthy"], manifest["health"]
    fetched_once = site.article_fetches()
    assert fetched_once == Counter(dict.fromkeys(EXPECTED, 1))

    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr[-3000:]
    fetched_twice = site.article_fetches()
    assert fetched_twice - fetched_once == Counter({SITE.seed_id: 1})
    rerun = [p for p in (output / "runs").iterdir() if p.is_dir() and p != run]
    assert len(rerun) == 1
    assert read_records(rerun[0] / "articles.jsonl") == []  # nothing changed on the site
    assert len(read_records(output / "articles.jsonl")) == len(EXPECTED)


def test_kill_one_worker_loses_nothing(site: Site, redis_url: str, tmp_path: Path) -> None:
    output = tmp_path / "out"
    processes = [worker(site.base, output, redis_url, "k1", f"w{n}") for n in (1, 2, 3)]
    victim = output / "runs/k1/workers/w2/articles.jsonl"
    deadline = time.monotonic() + 300
    while lines_in(victim) < 100:
        assert time.monotonic() < deadline
        assert processes[1].poll() is None
        time.sleep(0.05)
    processes[1].send_signal(signal.SIGKILL)
    codes = wait_all(processes)
    assert codes[0] == codes[2] == 0
    assert codes[1] == -signal.SIGKILL
    depths, lines = merged(worker_files(output))
    assert depths == EXPECTED
    fetched = site.article_fetches()
    assert set(fetched) == set(EXPECTED)
    # What w2 held when it died (at most its CONCURRENT_REQUESTS, 16) may be fetched again
    # by another worker; anything else fetched or written twice is a bug.
    twice = [key for key, count in fetched.items() if count > 1]
    assert len(twice) <= 16
    assert lines - len(EXPECTED) <= len(twice)


def test_kill_all_workers_and_start_again(site: Site, redis_url: str, tmp_path: Path) -> None:
    output = tmp_path / "out"
    first = [worker(site.base, output, redis_url, "k2", f"w{n}") for n in (1, 2)]
    files = [output / f"runs/k2/workers/w{n}/articles.jsonl" for n in (1, 2)]
    deadline = time.monotonic() + 300
    while sum(map(lines_in, files)) < 150:
        assert time.monotonic() < deadline
        assert all(p.poll() is None for p in first)
        time.sleep(0.05)
    for process in first:
        process.send_signal(signal.SIGKILL)
    wait_all(first)
    before = sum(map(lines_in, files))
    assert before < len(EXPECTED)  # killed in the middle
    again = [worker(site.base, output, redis_url, "k2", f"w{n}") for n in (1, 2)]
    assert wait_all(again) == [0, 0]
    depths, lines = merged(files)
    assert depths == EXPECTED
    fetched = site.article_fetches()
    assert set(fetched) == set(EXPECTED)
    twice = [key for key, count in fetched.items() if count > 1]
    assert len(twice) <= 2 * 16  # at most what the two held when they died
    assert lines - len(EXPECTED) <= len(twice)


class TimedSite:
    """The generated site in this process, each page taking ``latency``; records when each
    request began and ended (the server's own log has no times)."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.spans: list[tuple[float, float]] = []
        self._lock = threading.Lock()

    def route(self, target: str, base: str) -> Response:
        began = time.monotonic()
        time.sleep(self.latency)
        response = SITE.route(target, base)
        with self._lock:
            self.spans.append((began, time.monotonic()))
        return response

    def most_in_flight(self) -> int:
        edges = sorted([(a, 1) for a, _ in self.spans] + [(b, -1) for _, b in self.spans])
        now = most = 0
        for _, step in edges:
            now += step
            most = max(most, now)
        return most

    def per_second(self) -> float:
        begins = sorted(a for a, _ in self.spans)
        return (len(begins) - 1) / (begins[-1] - begins[0])


@pytest.mark.parametrize("budget", [True, False])
def test_workers_share_one_politeness_budget(redis_url: str, tmp_path: Path, budget: bool) -> None:
    """Three workers with one crawler's DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN:
    together no faster and no wider than one crawler; without the shared budget, they are."""
    timed = TimedSite(latency=0.15)
    delay = 0.1
    with serve(site=timed.route) as base:
        politeness = [
            *("-s", f"TAZ_BASE_URL={base}", "-s", f"DOWNLOAD_DELAY={delay}"),
            *("-s", "RANDOMIZE_DOWNLOAD_DELAY=False", "-s", "AUTOTHROTTLE_ENABLED=False"),
            *("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", f"TAZ_SHARED_BUDGET={budget}"),
            *("-a", "max_depth=3"),  # 148 articles
        ]
        output = tmp_path / "out"
        processes = [worker(base, output, redis_url, "b", f"w{n}", *politeness) for n in (1, 2, 3)]
        # The extra "-a max_depth" comes last: scrapy keeps the last of a repeated argument.
        assert wait_all(processes) == [0, 0, 0]
    depths, _ = merged(worker_files(output))
    assert set(depths) == set(SITE.reachable(3))
    if budget:
        assert timed.most_in_flight() <= 2
        assert timed.per_second() <= 1 / delay * 1.05
    else:
        assert timed.most_in_flight() > 2
