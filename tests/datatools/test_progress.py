"""The crawl's progress lines and its closing summary, as a user reads them in the log."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path


def test_progress_lines_say_how_far_the_crawl_is(run_log: str):
    lines = re.findall(r"\[tazcrawler\.extensions\.progress\] INFO: (Progress: .*)", run_log)
    assert lines
    pattern = re.compile(
        r"Progress: (\d+) of at most 300 articles \(\d+%\), (\d+) queued, depth (\d+|-), "
        r"failed (\d+), \d+ articles/min, (about .* left|limit reached|time left unknown)"
    )
    parsed = [pattern.fullmatch(line) for line in lines]
    assert all(parsed), lines
    exported = [int(m.group(1)) for m in parsed if m]
    assert exported == sorted(exported)
    assert "Crawled " not in run_log.split("Spider opened")[1].split("Closing spider")[0]


def test_the_summary_comes_before_the_stats(run_log: str, runs: list[Path]):
    summary = run_log.index("Crawl finished: ")
    assert summary < run_log.index("Dumping Scrapy stats")
    block = run_log[summary : run_log.index("Dumping Scrapy stats")]
    exported = int(re.search(r"'item_scraped_count': (\d+)", run_log).group(1))
    assert f"Crawl finished: {exported} articles exported" in block
    failed = re.findall(r"'taz/fetch_failed/(\w+)': (\d+)", run_log)
    for reason, count in failed:
        assert f"fetch_failed/{reason} {count}" in block
    for name in ("articles.jsonl", "articles.parquet", "graph.gexf"):
        assert re.search(rf"/runs/[^/]+/{name} \({exported} articles\)", block)
    # The edge lists count their rows: links, not the articles that hold them.
    links = (runs[0] / "links.jsonl").read_text(encoding="utf-8").count("\n")
    assert links > exported
    assert f"Crawl finished: {exported} articles exported, {links} related links" in block
    for name in ("links.jsonl", "links.parquet", "links.csv"):
        assert re.search(rf"/runs/[^/]+/{name} \({links} links\)", block)
    assert "Health: healthy" in block
