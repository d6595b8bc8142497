"""A crawl of a site whose template taz.de never used: every article is still exported,
read by the fallback, and the run is unhealthy by name ("layout drift")."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING

import pytest

from tazcrawler.commands.crawl import UNHEALTHY_EXIT_CODE
from tests.pages._fixtures import FIXTURES
from tests.runs.helpers import crawl, manifest, runs, serving

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# The unknown-template fixture as the pattern of every page: its id and its two related
# links replaced. Page k (article id 1000000 + k) links to 2k and 2k + 1: a binary tree.
TEMPLATE = (FIXTURES / "generic_unknown.html").read_text(encoding="utf-8")
PAGES = 63  # depth 0 to 5 from the seed, k = 1


def _page(k: int) -> bytes:
    html = TEMPLATE.replace("6109001", str(1000000 + k))
    for old, child in (("/Verkehrswende/!6100001/", 2 * k), ("/Parkplaetze/!6100002/", 2 * k + 1)):
        html = html.replace(old, f"/Artikel-{child}/!{1000000 + child}/" if child <= PAGES else "")
    return html.encode("utf-8")


class _Redesigned(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        ident = self.path.rstrip("/").rsplit("!", 1)[-1]
        k = int(ident) - 1000000 if ident.isdigit() else 0
        if not 1 <= k <= PAGES:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = _page(k)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def redesigned_site() -> Iterator[str]:
    with serving(_Redesigned) as base_url:
        yield base_url


def test_a_redesigned_site_is_read_and_named_as_drift(redesigned_site: str, tmp_path: Path) -> None:
    result = crawl(redesigned_site, tmp_path, "-a", "max_depth=5", "-s", "TAZ_HEALTH_MAX_ERRORS=0")
    assert result.returncode == UNHEALTHY_EXIT_CODE, result.stderr[-3000:]
    (run,) = runs(tmp_path)
    data = manifest(run)
    assert data["stats"]["taz/fields/articles"] == PAGES
    assert data["stats"]["taz/fields/read_by_fallback"] == PAGES
    assert data["stats"]["taz/fields/paragraphs/fallback"] == PAGES
    # Nothing lost: every page an article, each with its body.
    lines = (run / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines]
    assert len(articles) == PAGES
    assert all(len(a["paragraphs"]) == 4 for a in articles)
    assert {a["extraction"]["layout"] for a in articles} == {"generic"}
    health = data["health"]
    assert health["failed"] == ["drift/fallback"]
    (check,) = [c for c in health["checks"] if c["name"] == "drift/fallback"]
    assert check["message"].startswith("layout drift: 100% of articles read by the fallback")
    assert "layout drift: 100% of articles read by the fallback" in result.stderr
