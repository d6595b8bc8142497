"""One crawl output shared by the data-tool tests: two runs of a generated site, a version 2.

The first run crawls a generated site of 400 articles (300 at most); the second crawls the
same ids with other content (another site seed), so most articles change and get a version 2
with a ``previous_sha256``. Built once per test session, also under pytest-xdist (a file
lock, as pytest-xdist documents for session fixtures).
"""

from __future__ import annotations

import json
import os
import subprocess
from typing import TYPE_CHECKING

import pytest
from filelock import FileLock

from tests.conftest import ROOT, crawl_command, start_site, stop

if TYPE_CHECKING:
    from pathlib import Path

# Before the test modules import datasets, which reads it once: never ask the Hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ARTICLES = 400
MAX_ARTICLES = 300
SEED_ID = "3000000"


def _crawl(site_seed: int, output: Path, log: Path, *extra: str) -> None:
    process, base = start_site("testsite", "--articles", str(ARTICLES), "--seed", str(site_seed))
    try:
        command = crawl_command(
            base,
            output,
            *("-a", f"seed={base}/!{SEED_ID}/", "-a", "max_depth=10"),
            *("-a", f"max_articles={MAX_ARTICLES}", "-s", f"TAZ_MAX_ARTICLES={MAX_ARTICLES}"),
            *("-s", "TAZ_WARC_FILE=", "-s", "LOGSTATS_INTERVAL=1", "-s", "TAZ_REVISIT_INTERVAL=0"),
            *extra,
        )
        result = subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
        )
    finally:
        stop(process)
    log.write_text(result.stderr, encoding="utf-8")
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The output folder: ``runs/<run 1>``, ``runs/<run 2>``, the consolidated dataset."""
    shared = (
        tmp_path_factory.getbasetemp()
        if worker_id == "master"
        else (tmp_path_factory.getbasetemp().parent)
    )
    output = shared / "datatools-output"
    with FileLock(str(shared / "datatools-output.lock")):
        if not (output / "done").exists():
            _crawl(0, output, shared / "datatools-run1.log", "-o", str(shared / "flat.csv"))
            _crawl(1, output, shared / "datatools-run2.log")
            (output / "done").write_text("", encoding="utf-8")
    return output


@pytest.fixture(scope="session")
def runs(crawled: Path) -> list[Path]:
    return sorted(p for p in (crawled / "runs").iterdir() if p.is_dir())


@pytest.fixture(scope="session")
def run_log(crawled: Path) -> str:
    return (crawled.parent / "datatools-run1.log").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def flat_csv(crawled: Path) -> Path:
    return crawled.parent / "flat.csv"


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
