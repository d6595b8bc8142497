"""End to end: ``scrapy crawl taz`` over the test site's fault endpoints, from the hostile seed.

Every fault is met once: the crawl finishes, exports every good article, counts each fault
under its key and logs it once, and the bombs and the 50 MB page cost no memory to speak of.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

from tazcrawler.pages._related import MAX_RELATED
from tazcrawler.schema import article_validator
from tests.conftest import ROOT, crawl_command
from testsite.content import SEED_ID
from testsite.faults import (
    FAULTS,
    HOSTILE_SEED_ID,
    MANY_LINKS,
    MISSING_PATH,
    ROBOTS_DISALLOWED_PATH,
    SAME_LINKS,
    fault_articles,
)

if TYPE_CHECKING:
    from pathlib import Path

# Small limits, so that time-outs and size limits are met in seconds. The 10,000-link page
# weighs 2.2 MB, the bombs inflate to 512 MB and the huge page is 50 MB.
LIMITS = {
    "DOWNLOAD_TIMEOUT": "2",
    "RETRY_TIMES": "1",
    "DOWNLOAD_MAXSIZE": str(3 << 20),
    "DOWNLOAD_WARNSIZE": str(3 << 20),
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "LOG_LEVEL": "DEBUG",
}
GOOD = fault_articles()
# What the crawl must say it skipped: each fault's reason, and two plain ones.
FAILED = Counter(f.outcome for f in FAULTS.values() if f.outcome != "article")
FAILED.update(["robots_txt", "http_404"])
FAILED_PATHS = {
    **{f.path: f.outcome for f in FAULTS.values() if f.outcome != "article"},
    ROBOTS_DISALLOWED_PATH: "robots_txt",
    MISSING_PATH: "http_404",
}


def crawl(site: str, output: Path, seed: str, *args: str) -> dict[str, Any]:
    """Run the crawl as a subprocess; its peak RSS (ru_maxrss of that one child) in bytes."""
    settings = [a for name, value in LIMITS.items() for a in ("-s", f"{name}={value}")]
    command = crawl_command(site, output, "-a", f"seed={site}/!{seed}/", *settings, *args)
    log = output / "crawl.log"
    with log.open("w") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        # wait4 reports the resources of this child alone; Linux gives ru_maxrss in KiB.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8")
    assert process.returncode == 0, text[-3000:]
    return {
        "log": text,
        "peak_rss": usage.ru_maxrss * 1024,
        "stats": json.loads((output / "stats.json").read_text()),
        "articles": [
            json.loads(line)
            for line in (output / "articles.jsonl").read_text(encoding="utf-8").splitlines()
        ],
    }


@pytest.fixture(scope="module")
def hostile(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    output = tmp_path_factory.mktemp("hostile")
    return crawl(site, output, HOSTILE_SEED_ID, "-a", "max_depth=1")


def test_the_crawl_finishes(hostile: dict[str, Any]) -> None:
    stats = hostile["stats"]
    assert stats["finish_reason"] == "finished"
    assert "log_count/ERROR" not in stats, re.findall(r".*\bERROR\b.*", hostile["log"])[:5]
    assert "Traceback" not in hostile["log"]


def test_every_good_article_is_exported_intact(hostile: dict[str, Any]) -> None:
    exported = {a["article_id"]: a for a in hostile["articles"]}
    assert sorted(exported) == sorted(GOOD)
    validator = article_validator()
    for article_id, article in exported.items():
        assert list(validator.iter_errors(article)) == []
        expected = GOOD[article_id]
        # Umlauts right in the Latin-1 pages, every paragraph of the deeply nested one.
        assert (article["kicker"], article["title"]) == (expected.kicker, expected.title)
        assert article["paragraphs"] == list(expected.paragraphs)
        assert [a["name"] for a in article["authors"]] == [a.name for a in expected.authors]
    assert exported["1000513"]["truncated"] == "depth_limit"
    assert [a for a, r in exported.items() if r["truncated"]] == ["1000513"]
    assert len(exported["1000515"]["related"]) == MAX_RELATED
    assert len(exported["1000514"]["related"]) == 1


def test_each_fault_is_counted_and_nothing_else(hostile: dict[str, Any]) -> None:
    stats = hostile["stats"]
    beyond_depth = sum(
        min(len({link.target_id for link in a.related}), MAX_RELATED)
        for i, a in GOOD.items()
        if i != HOSTILE_SEED_ID
    )
    expected = {
        "taz/articles/extracted": len(GOOD),
        "taz/validation/valid": len(GOOD),
        "taz/charset/repaired": 1,
        # The nesting before </body> stops the parser there: flagged, though only the page's
        # end (after the article) is lost (tests/faults/test_early_end.py has one that loses
        # the related block).
        "taz/pages/truncated/depth_limit": 1,
        "taz/related/skipped/duplicate": SAME_LINKS - 1,
        "taz/related/skipped/over_limit": MANY_LINKS - MAX_RELATED,
        "taz/related/beyond_max_depth": beyond_depth,
        **{f"taz/fetch_failed/{reason}": count for reason, count in FAILED.items()},
    }
    # The namespaces that say what was skipped and why (not how text and dates were tidied).
    watched = ("fetch_failed", "related", "pages", "charset", "articles", "validation")
    counted = {
        k: v for k, v in stats.items() if k.startswith("taz/") and k.split("/")[1] in watched
    }
    assert counted == expected
    assert stats["item_scraped_count"] == len(GOOD)
    assert "item_dropped_count" not in stats
    assert stats["robotstxt/forbidden"] == 1
    assert stats["retry/reason_count/500 Internal Server Error"] == 1
    # Off-site redirects and loops end in the errback, not silently in Scrapy's filters.
    assert "offsite/filtered" not in stats
    assert "dupefilter/filtered" not in stats


def test_each_fault_is_logged_once_with_url_and_reason(hostile: dict[str, Any], site: str) -> None:
    log = hostile["log"]
    skipped = re.findall(r"Skipped (\S+): fetch failed \((\w+)\)", log)
    assert Counter(skipped) == Counter((site + p, reason) for p, reason in FAILED_PATHS.items())
    assert len(re.findall(r"Read \S+!1000510/ as windows-1252", log)) == 1
    hub = f"{site}{GOOD[HOSTILE_SEED_ID].path}"
    # Named by the page that held them (the hub itself is their target too).
    held = f"{site}{GOOD['1000514'].path}"
    assert log.count(f"Skipped {SAME_LINKS - 1} related entries of {held}: duplicate ({hub})") == 1
    assert len(re.findall(r"Skipped \d+ related entries of \S+!1000515/", log)) == 1


def test_no_request_leaves_the_site(hostile: dict[str, Any], site: str) -> None:
    requested = re.findall(r"<GET (\S+?)>", hostile["log"])
    assert requested
    assert all(url.startswith(f"{site}/") for url in requested), requested
    crawled = re.findall(r"Crawled \(\d+\) <GET (\S+?)>", hostile["log"])
    assert not [url for url in crawled if ROBOTS_DISALLOWED_PATH in url]


def test_bombs_and_huge_pages_cost_little_memory(
    hostile: dict[str, Any], site: str, tmp_path: Path
) -> None:
    clean = crawl(site, tmp_path, SEED_ID)
    assert clean["stats"]["finish_reason"] == "finished"
    grown = hostile["peak_rss"] - clean["peak_rss"]
    print(f"peak RSS: clean {clean['peak_rss'] >> 20} MB, hostile {hostile['peak_rss'] >> 20} MB")
    assert grown < 100 << 20, f"peak RSS {grown >> 20} MB above a clean crawl's"
