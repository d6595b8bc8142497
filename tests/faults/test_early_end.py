"""End to end: pages that end early, crawled by ``scrapy crawl`` and read by ``tazcrawler extract``.

Before, markup nested past the HTML parser's limit inside the body cut the page silently
(exported with ``related: []``), and a page cut short was exported as whole, its last
paragraph "Da". Now both are counted (``taz/pages/truncated/<why>``), logged, and flagged
in the record (``truncated``), or refused with ``TAZ_TRUNCATED_PAGES=refuse``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any
from urllib.request import urlopen

import pytest

from tazcrawler.schema import article_validator
from tests.conftest import ROOT, crawl_command, read_lines
from testsite.content import ARTICLES, SEED_ID
from testsite.faults_more import CUT_SHORT, DEEP_IN_BODY, PAGES

if TYPE_CHECKING:
    from pathlib import Path


def crawl(site: str, output: Path, *args: str) -> dict[str, Any]:
    seeds = ",".join(site + path for path in [*PAGES, ARTICLES[SEED_ID].path])
    command = crawl_command(
        site, output, "-a", f"seed={seeds}", "-a", "max_depth=0", "-s", "TAZ_STATE_DB=", *args
    )
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return {
        "log": result.stderr,
        "stats": json.loads((output / "stats.json").read_text()),
        "articles": {a["article_id"]: a for a in read_lines(output / "articles.jsonl")},
    }


@pytest.fixture(scope="module")
def flagged(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return crawl(site, tmp_path_factory.mktemp("flagged"))


def test_the_pages_are_what_they_claim(site: str) -> None:
    """The cut page's Content-Length is honest, and the nesting sits inside the body."""
    with urlopen(site + CUT_SHORT.path) as response:
        body = response.read()
        assert int(response.headers["Content-Length"]) == len(body)
    assert b"</body>" not in body
    assert b"</html>" not in body
    with urlopen(site + DEEP_IN_BODY.path) as response:
        deep = response.read().decode("utf-8")
    assert deep.index('class="nest"') < deep.index("Mehr zum Thema") < deep.rindex("</body>")


def test_each_early_end_is_counted_logged_and_flagged(flagged: dict[str, Any], site: str) -> None:
    stats, articles = flagged["stats"], flagged["articles"]
    assert stats["taz/pages/truncated/depth_limit"] == 1
    assert stats["taz/pages/truncated/unclosed"] == 1
    expected = [DEEP_IN_BODY.article.article_id, CUT_SHORT.article.article_id, SEED_ID]
    assert sorted(articles) == sorted(expected)
    for page in PAGES.values():
        record = articles[page.article.article_id]
        assert record["truncated"] == page.why
        assert flagged["log"].count(f"Page {site}{page.path} ends early ({page.why})") == 1
    # The whole page beside them is not flagged, and every record fits the schema.
    assert articles[SEED_ID]["truncated"] is None
    validator = article_validator()
    assert [list(validator.iter_errors(a)) for a in articles.values()] == [[], [], []]


def test_the_flag_says_what_the_record_lacks(flagged: dict[str, Any]) -> None:
    deep = flagged["articles"][DEEP_IN_BODY.article.article_id]
    # Both render the seed article's text; its whole page is the measure.
    whole = flagged["articles"][SEED_ID]
    # Read up to the nesting: every paragraph; not the related block after it.
    assert deep["paragraphs"] == whole["paragraphs"]
    assert deep["related"] == []
    assert whole["related"]
    cut = flagged["articles"][CUT_SHORT.article.article_id]
    assert cut["paragraphs"] == [*whole["paragraphs"][:-1], whole["paragraphs"][-1][:2]]


def test_refused_when_asked(site: str, tmp_path: Path) -> None:
    run = crawl(site, tmp_path, "-s", "TAZ_TRUNCATED_PAGES=refuse")
    assert sorted(run["articles"]) == [SEED_ID]
    assert run["stats"]["taz/pages/refused/truncated"] == 2
    assert run["stats"]["taz/pages/truncated/unclosed"] == 1
    assert "item_dropped_count" not in run["stats"]


def test_extract_flags_a_saved_page_cut_short(site: str, tmp_path: Path) -> None:
    page = tmp_path / "cut.html"
    with urlopen(site + CUT_SHORT.path) as response:
        page.write_bytes(response.read())
    command = [sys.executable, "-m", "tazcrawler.cli", "extract", str(page)]
    command += ["--url", site + CUT_SHORT.path]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["truncated"] == "unclosed"
