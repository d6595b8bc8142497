"""Scheduled-crawl test helpers: ``scrapy crawl`` runs and what they leave in the run folders."""

from __future__ import annotations

import json
import subprocess
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

from tests.conftest import ROOT
from tests.conftest import crawl_command as base_crawl_command
from testsite.content import ARTICLES
from testsite.oracle import bfs_depths

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SEED = "1000001"


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


def runs(output: Path) -> list[Path]:
    return sorted(p for p in (output / "runs").iterdir() if p.is_dir())


def manifest(run: Path) -> dict[str, Any]:
    return json.loads((run / "manifest.json").read_text(encoding="utf-8"))


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A site of the test's own on 127.0.0.1 answering with ``handler``; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
