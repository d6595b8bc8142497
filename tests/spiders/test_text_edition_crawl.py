"""End to end: the text edition crawled over gopher gives what the web edition gives."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING, Any

import pytest

from tazcrawler.schema import article_validator
from tests.conftest import ROOT, crawl_command, read_lines, start_site, stop
from testsite.content import ARTICLES, MISSING_ID, SEED_ID, TRAP_IDS
from testsite.gopher import FAULTS
from testsite.oracle import bfs_depths

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Deep enough to reach every article the seed leads to (the default, 3, does not).
DEPTH = "max_depth=20"


@pytest.fixture(scope="module")
def gopher_site() -> Iterator[str]:
    process, base = start_site("testsite.gopher")
    yield base
    stop(process)


@pytest.fixture(scope="module")
def gopher_fault_site() -> Iterator[str]:
    process, base = start_site("testsite.gopher", "--faults")
    yield base
    stop(process)


def crawl(site: str, output: Path, *args: str) -> dict[str, Any]:
    # The web site is TAZ_BASE_URL in every crawl: its robots.txt governs gopher too.
    # No health setting: with gopher seeds the text edition's missing authors are no fault.
    command = crawl_command(site, output, "-a", DEPTH, *args)
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=180, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return {
        "log": result.stderr,
        "articles": read_lines(output / "articles.jsonl"),
        "links": read_lines(output / "links.jsonl"),
        "stats": json.loads((output / "stats.json").read_text()),
    }


@pytest.fixture(scope="module")
def web(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return crawl(site, tmp_path_factory.mktemp("web"), "-a", f"seed={site}/!{SEED_ID}/")


@pytest.fixture(scope="module")
def text(site: str, gopher_site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    seed = f"{gopher_site}/1/!{SEED_ID}"
    return crawl(site, tmp_path_factory.mktemp("text"), "-a", f"seed={seed}")


def edges(crawled: dict[str, Any]) -> set[tuple[str, str, int, str]]:
    return {(e["source_id"], e["target_id"], e["position"], e["title"]) for e in crawled["links"]}


def test_both_editions_give_the_same_articles(web: dict[str, Any], text: dict[str, Any]) -> None:
    expected = {i for i in bfs_depths(SEED_ID) if i in ARTICLES}
    web_ids = sorted(a["article_id"] for a in web["articles"])
    text_ids = sorted(a["article_id"] for a in text["articles"])
    assert web_ids == text_ids == sorted(expected)
    depths = {a["article_id"]: a["depth"] for a in web["articles"]}
    assert {a["article_id"]: a["depth"] for a in text["articles"]} == depths


def test_both_editions_give_the_same_graph(web: dict[str, Any], text: dict[str, Any]) -> None:
    assert edges(text) == edges(web)
    assert len(edges(web)) > len(web["articles"])


def test_text_records_are_text_edition_records(text: dict[str, Any], gopher_site: str) -> None:
    validator = article_validator()
    for article in text["articles"]:
        assert list(validator.iter_errors(article)) == []
        assert article["layout"] == "text"
        assert article["url"].startswith(f"{gopher_site}/1/")
        assert article["canonical_url"] == f"https://taz.de/!{article['article_id']}/"
        assert article["paragraphs"]
    # Related links are followed over gopher, the edition the crawl started in.
    assert all(r["url"].startswith("gopher://") for a in text["articles"] for r in a["related"])


def test_the_same_texts_read_from_both_editions(web: dict[str, Any], text: dict[str, Any]) -> None:
    by_id = {a["article_id"]: a for a in web["articles"]}
    for article in text["articles"]:
        other = by_id[article["article_id"]]
        for field in ("kicker", "title", "teaser", "paragraphs", "dateline", "tags"):
            assert article[field] == other[field], (article["article_id"], field)
        assert article["published"] == other["published"][:10]


def test_a_missing_article_is_an_error_item_over_gopher(
    web: dict[str, Any], text: dict[str, Any]
) -> None:
    assert MISSING_ID in bfs_depths(SEED_ID)
    assert web["stats"]["taz/fetch_failed/http_404"] == 1
    assert text["stats"]["taz/pages/not_article/error"] == 1
    assert f"/1/!{MISSING_ID}: the server answered with an error item" in text["log"]


@pytest.fixture(scope="module")
def faulty(
    site: str, gopher_fault_site: str, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    # A second seed the web site's robots.txt forbids ("Disallow: /Archiv-Suche/private/").
    base = gopher_fault_site
    seeds = f"{base}/1/!{SEED_ID},{base}/1/Archiv-Suche/private/!{TRAP_IDS[0]}"
    return crawl(
        site,
        tmp_path_factory.mktemp("faults"),
        *(
            "-a",
            f"seed={seeds}",
            "-s",
            "DOWNLOAD_TIMEOUT=2",
            "-s",
            "RETRY_TIMES=1",
            "-s",
            "LOG_LEVEL=DEBUG",
        ),
    )


def test_every_fault_is_survived_and_no_good_article_lost(
    faulty: dict[str, Any], text: dict[str, Any]
) -> None:
    assert sorted(a["article_id"] for a in faulty["articles"]) == sorted(
        a["article_id"] for a in text["articles"]
    )
    assert not {a["article_id"] for a in faulty["articles"]} & set(FAULTS.values())


@pytest.mark.parametrize(
    ("fault", "stat", "logged"),
    [
        ("no-terminator", "taz/fetch_failed/data_loss", "fetch failed (data_loss)"),
        ("huge", "taz/fetch_failed/too_large", "fetch failed (too_large)"),
        ("silent", "taz/fetch_failed/timeout", "fetch failed (timeout)"),
        ("reset", "taz/fetch_failed/connection_lost", "fetch failed (connection_lost)"),
        ("junk", "taz/pages/not_article/not_text", "binary data, not a text menu"),
        ("error", "taz/pages/not_article/error", "answered with an error item: Interner Fehler"),
    ],
)
def test_each_fault_is_counted_and_logged(
    faulty: dict[str, Any], gopher_fault_site: str, fault: str, stat: str, logged: str
) -> None:
    assert faulty["stats"][stat] >= 1
    url = f"{gopher_fault_site}/1/fault/{fault}/!{FAULTS[fault]}"
    assert f"Skipped {url}: " in faulty["log"]
    assert logged in faulty["log"].split(f"Skipped {url}: ", 1)[1].split("\n", 1)[0]


def test_robots_txt_of_the_web_site_governs_gopher(
    faulty: dict[str, Any], site: str, gopher_fault_site: str
) -> None:
    assert faulty["stats"]["taz/fetch_failed/robots_txt"] == 1
    assert faulty["stats"]["robotstxt/forbidden"] == 1
    assert faulty["stats"]["robotstxt/request_count"] == 1
    # Asked of the web site, never of gopher (which would get the selector "obots.txt").
    assert f"Crawled (200) <GET {site}/robots.txt>" in faulty["log"]
    gopher_requests = [
        line for line in faulty["log"].splitlines() if f"<GET {gopher_fault_site}" in line
    ]
    assert gopher_requests
    assert not [line for line in gopher_requests if "robots" in line]


# A generated site: hundreds of articles, hubs, cycles, short URLs and missing articles
# (2000 checked by hand, docs/text-edition.md; 300 keep the suite's time).
GENERATED = "300"
GENERATED_SEED = "3000000"


@pytest.fixture(scope="module")
def generated_sites() -> Iterator[tuple[str, str]]:
    web_process, web_base = start_site("testsite", "--articles", GENERATED)
    gopher_process, gopher_base = start_site("testsite.gopher", "--articles", GENERATED)
    yield web_base, gopher_base
    stop(gopher_process)
    stop(web_process)


def test_a_generated_site_gives_the_same_graph_in_both_editions(
    generated_sites: tuple[str, str], tmp_path: Path
) -> None:
    web_base, gopher_base = generated_sites
    limits = ("-a", "max_depth=1000", "-a", "max_articles=5000")
    web = crawl(web_base, tmp_path / "web", "-a", f"seed={web_base}/!{GENERATED_SEED}/", *limits)
    text = crawl(
        web_base, tmp_path / "text", "-a", f"seed={gopher_base}/1/!{GENERATED_SEED}", *limits
    )
    web_ids = sorted(a["article_id"] for a in web["articles"])
    assert len(web_ids) > 250
    assert sorted(a["article_id"] for a in text["articles"]) == web_ids
    assert edges(text) == edges(web)
    assert text["stats"]["taz/pages/not_article/error"] == web["stats"]["taz/fetch_failed/http_404"]


def test_a_second_scheduled_run_follows_the_stored_gopher_links(
    site: str, gopher_site: str, tmp_path: Path
) -> None:
    seed = f"seed={gopher_site}/1/!{SEED_ID}"
    first = crawl(site, tmp_path, "-a", seed)
    second = crawl(site, tmp_path, "-a", seed)
    assert first["stats"]["taz/versioning/new"] == len(first["articles"]) > 10
    # The seed is checked again; the rest is not due, and its stored related links (gopher
    # URLs) lead the run on: none of them may turn into a request to the web site.
    assert second["stats"]["taz/versioning/unchanged"] == 1
    assert second["stats"]["taz/incremental/not_due"] == len(first["articles"]) - 1
    assert not any(key.startswith("taz/fetch_failed/") for key in second["stats"])
    assert f"Skipped {site}" not in second["log"]
