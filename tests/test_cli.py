"""``tazcrawler extract``: page object and all pipelines on one saved page, as a command."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from tazcrawler.schema import article_validator
from tests.pages._fixtures import FIXTURES, REAL_FILES, REAL_URL, fixture_url

if TYPE_CHECKING:
    from pathlib import Path

# Fields whose values differ between the two saved copies of !5928990 because the site
# changed between the crawls (2023-04-28 and 2024-10-23) or because one layout lacks them.
# The new layout has no dateModified.
ONLY_ONE_LAYOUT = {"modified", "modified_utc", "modified_raw", "modified_precision"}
CHANGED_ON_THE_SITE = {"tags", "related"}  # a tag renamed, the related block re-curated
PER_RESPONSE = {"layout", "response_sha256", "extraction"}


def extract(page: Path, url: str | None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tazcrawler.cli", "extract", str(page)]
    if url is not None:
        command += ["--url", url]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)


def test_a_text_edition_needs_no_url(seed_article: Path) -> None:
    result = extract(seed_article, None)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["article_id"], record["url"]) == (None, seed_article.resolve().as_uri())
    assert (record["layout"], record["title"], record["published"]) == (
        "text",
        "„Kalifat“ am Ende",
        "2017-11-09",
    )
    assert len(record["paragraphs"]) == 5
    assert len(record["related"]) == 4
    assert list(article_validator().iter_errors(record)) == []


def test_a_text_edition_takes_its_id_from_a_gopher_url(seed_article: Path) -> None:
    result = extract(seed_article, "gopher://taz.de/1/!4605837")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["article_id"] == "4605837"


def test_an_html_page_without_url_is_one_clear_line() -> None:
    result = extract(FIXTURES / "tag_page.html", None)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"tazcrawler extract: {FIXTURES / 'tag_page.html'} is HTML: give --url, "
        "the URL it was fetched from"
    ]


def test_a_text_that_is_no_article_is_refused_with_its_reason(tmp_path: Path) -> None:
    menu = tmp_path / "menu.txt"
    menu.write_bytes(b"3'/!1' does not exist\t\terror.host\t1\r\n.\r\n")
    result = extract(menu, None)
    assert result.returncode == 1
    assert "not a text-edition article (the server answered with an error item" in result.stderr
    assert result.stdout == ""


@pytest.fixture(scope="module")
def real_articles(real_pages_dir: Path) -> dict[str, dict[str, Any]]:
    articles = {}
    for layout, name in REAL_FILES.items():
        result = extract(real_pages_dir / name, REAL_URL)
        assert result.returncode == 0, result.stderr
        articles[layout] = json.loads(result.stdout)
    return articles


@pytest.mark.parametrize("layout", ["old", "new"])
def test_extract_prints_the_normalised_article(
    real_articles: dict[str, dict[str, Any]], layout: str
) -> None:
    article = real_articles[layout]
    assert list(article_validator().iter_errors(article)) == []
    assert article["layout"] == layout
    assert article["kicker"] == "Entwurf des Selbstbestimmungsgesetzes"
    assert article["title"] == "Ein bisschen Fortschritt"
    assert [a["name"] for a in article["authors"]] == ["Nicole Opitz"]
    assert article["published"] == "2023-04-28T18:41:00+02:00"
    assert article["published_utc"] == "2023-04-28T16:41:00Z"
    assert article["teaser"].startswith("Das alte, diskriminierende Transsexuellengesetz")
    assert len(article["paragraphs"]) == 7
    assert article["paragraphs"][0].startswith("Na endlich! Es gibt einen Referentenentwurf")
    assert "Geschlechtseintrag sowie" in article["paragraphs"][4]  # soft hyphen gone
    assert article["subheadings"] == [{"text": "Sonderklausel beim Hausrecht", "position": 5}]
    assert not {"taz", "tageszeitung"} & {t.lower() for t in article["tags"]}
    assert "Transgender" in article["tags"]
    assert article["canonical_url"] == "https://taz.de/!5928990/"
    assert [r["position"] for r in article["related"]] == [1, 2, 3]


def test_both_layouts_give_the_same_article(real_articles: dict[str, dict[str, Any]]) -> None:
    old, new = real_articles["old"], real_articles["new"]
    differing = {f for f in old if old[f] != new[f] and f != "crawled_at"}
    assert differing == ONLY_ONE_LAYOUT | CHANGED_ON_THE_SITE | PER_RESPONSE
    assert old["modified"] == "2023-04-28T18:57:43+02:00"
    assert new["modified"] is None
    # Both blocks hold !5931168 under the same title: only the selection changed.
    shared = {r["article_id"]: r["title"] for r in old["related"]}
    assert {r["article_id"]: r["title"] for r in new["related"] if r["article_id"] in shared} == {
        "5931168": "Selbstbestimmung rückt näher"
    }


def test_a_page_that_is_not_an_article_is_refused() -> None:
    result = extract(FIXTURES / "tag_page.html", fixture_url("tag_page"))
    assert result.returncode == 1
    assert "not an article page (page kind: tag; no article id in the markup" in result.stderr
    assert result.stdout == ""


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = extract(tmp_path / "nope.html", REAL_URL)
    assert result.returncode == 2
    assert "cannot read" in result.stderr


def test_graph_without_a_graph_is_one_clear_line(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tazcrawler.cli", "graph", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr == f"tazcrawler graph: no graph.graphml in {tmp_path}\n"
