"""Fixtures shared by the whole suite."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from testsite import real_pages

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def real_pages_dir() -> Path:
    """The real taz.de pages in ../shared/fixtures/real (never copied into this repository)."""
    path = real_pages.real_pages_dir(ROOT)
    if not path.is_dir():
        # Not a skip: CI has these pages, and a missing copy must fail loudly.
        tried = ", ".join(map(str, real_pages.real_pages_candidates(ROOT)))
        pytest.fail(f"real taz pages not found (tried {tried}); set TAZCRAWLER_REAL_PAGES")
    return path


@pytest.fixture(scope="session")
def seed_article(real_pages_dir: Path) -> Path:
    """../shared/seed-article.txt, the text edition the project was specified from: found
    beside the real pages (the shared folder holds both); never copied here."""
    path = real_pages_dir.parent.parent / "seed-article.txt"
    if not path.is_file():
        pytest.fail(f"the seed article is not at {path}; set TAZCRAWLER_REAL_PAGES")
    return path


def start_site(*module_args: str) -> tuple[subprocess.Popen[str], str]:
    """``python -m <module_args>``: a test site (web or gopher); returns the process and its
    base URL."""
    # The port is read from the server's first line of stdout, as Scrapy's own mock server does.
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
    assert base_url.startswith(("http://127.0.0.1:", "gopher://127.0.0.1:")), (
        f"site did not start: {base_url!r}"
    )
    return process, base_url


def stop(process: subprocess.Popen[Any]) -> None:
    process.terminate()
    process.wait(timeout=10)


def read_lines(path: Path) -> list[dict[str, Any]]:
    """Every line of a JSON lines file, parsed (a line that is not JSON fails the test)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """The local taz test site, a real HTTP server in a subprocess; yields its base URL."""
    process, base_url = start_site("testsite")
    yield base_url
    stop(process)


def crawl_command(site: str, output: Path, *args: str) -> list[str]:
    """``scrapy crawl taz`` against the local test site, writing into ``output``."""
    return [
        *(sys.executable, "-m", "scrapy", "crawl", "taz"),
        *("-s", f"TAZ_BASE_URL={site}", "-s", f"TAZ_OUTPUT_DIR={output}"),
        # The local site needs none of the live site's politeness delays.
        *("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"),
        *args,
    ]
