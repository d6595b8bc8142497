"""Scheduled-crawl test helpers: test sites in subprocesses and ``scrapy crawl`` runs."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

from tazcrawler.testsite.content import ARTICLES, bfs_depths
from tests.conftest import ROOT
from tests.conftest import crawl_command as base_crawl_command

if TYPE_CHECKING:
    from pathlib import Path

SEED = "1000001"


def start_site(*module_args: str) -> tuple[subprocess.Popen[str], str]:
    """``python -m <module_args>``: a test site; returns the process and its base URL."""
    process = subprocess.Popen(
        [sys.executable, "-m", *module_args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    assert process.stdout is not None
    base_url = process.stdout.readline().strip()
    assert base_url.startswith("http://127.0.0.1:"), f"site did not start: {base_url!r}"
    return process, base_url


def stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    process.wait(timeout=10)


def crawl_command(site: str, output: Path, *args: str) -> list[str]:
    # No WARC archive: these tests are about runs, and it would only cost time.
    return base_crawl_command(
        site, output, "-a", f"seed={site}/!{SEED}/", "-s", "TAZ_WARC_FILE=", *args
    )


def crawl(site: str, output: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(site, output, *args),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def reachable_articles(max_depth: int = 3) -> set[str]:
    """The article ids an uninterrupted crawl from the seed exports (from the site's data)."""
    return {i for i, d in bfs_depths(SEED).items() if d <= max_depth and i in ARTICLES}


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSON lines file, parsed (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def runs(output: Path) -> list[Path]:
    return sorted(p for p in (output / "runs").iterdir() if p.is_dir())


def manifest(run: Path) -> dict[str, Any]:
    return json.loads((run / "manifest.json").read_text(encoding="utf-8"))
