"""A run made unhealthy on purpose exits non-zero and its manifest says why."""

from __future__ import annotations

from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

import pytest

from tazcrawler.commands.crawl import UNHEALTHY_EXIT_CODE
from tazcrawler.runs.health import evaluate
from tests.runs.helpers import crawl, manifest, runs, serving

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


class _Broken(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>Internal Server Error</body></html>"
        self.send_response(500)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def broken_site() -> Iterator[str]:
    """A site that answers 500 to everything, robots.txt included."""
    with serving(_Broken) as base_url:
        yield base_url


def test_a_site_answering_500_gives_an_unhealthy_run(broken_site: str, tmp_path: Path) -> None:
    result = crawl(broken_site, tmp_path, "-s", "RETRY_TIMES=0")
    assert result.returncode == UNHEALTHY_EXIT_CODE, result.stderr[-3000:]
    (run,) = runs(tmp_path)
    data = manifest(run)
    assert data["status"] == "finished"
    assert data["finish_reason"] == "finished"
    assert data["health"]["healthy"] is False
    assert "articles" in data["health"]["failed"]
    failed = {c["name"]: c for c in data["health"]["checks"] if not c["ok"]}
    assert "0 articles extracted" in failed["articles"]["message"]
    assert data["stats"]["taz/fetch_failed/http_500"] == 1
    assert "Crawl is UNHEALTHY: articles" in result.stderr


def test_a_healthy_run_passes_every_check(site: str, tmp_path: Path) -> None:
    result = crawl(site, tmp_path, "-a", "max_depth=1")
    assert result.returncode == 0, result.stderr[-3000:]
    health = manifest(runs(tmp_path)[0])["health"]
    assert health["healthy"] is True
    assert health["failed"] == []
    names = [c["name"] for c in health["checks"]]
    assert names[:3] == ["finish_reason", "errors", "articles"]
    assert {f"coverage/{f}" for f in ("title", "date", "authors", "body", "related")} <= set(names)


def test_each_failed_check_is_named() -> None:
    counts = {
        "log_count/ERROR": 3,
        "taz/health/articles": 10,
        "taz/health/coverage/title": 10,
        "taz/health/coverage/date": 2,
    }
    verdict = evaluate(
        counts,
        "shutdown",
        finish_reasons=["finished"],
        max_errors=0,
        min_articles=1,
        min_coverage={"title": 0.9, "date": 0.9},
    )
    assert [c.name for c in verdict.failed] == ["finish_reason", "errors", "coverage/date"]
    assert not verdict.healthy
