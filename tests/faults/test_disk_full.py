"""End to end: a crawl whose output folder is on a 2 MB file system that fills up.

Before, ENOSPC went up into Scrapy's engine and the crawl hung with its lock held, or went
on fetching every page while each item failed. Now it stops promptly with finish reason
``disk_full`` (``taz/disk_full/<where>`` in the stats, one error line naming the file),
leaves no torn line or record and no ``.tmp`` file, and exits 4.
"""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

from tazcrawler.commands.crawl import DISK_FULL_EXIT_CODE
from tazcrawler.urls import article_id
from tests.conftest import crawl_command
from tests.faults.conftest import GENERATED_ARTICLES, dumped_stats, jsonl, run_logged, tmp_files

if TYPE_CHECKING:
    from pathlib import Path

SEED = "3000000"
# A crawl of 3,000 articles writes about 450 MB of pages: minutes on the local site, so a
# crawl that has not stopped long before is one that did not notice the full disk.
TIMEOUT = 240


def crawl_into(site: str, output: Path, log: Path, *args: str) -> dict:
    command = crawl_command(
        site,
        output,
        *("-a", f"seed={site}/!{SEED}/", "-a", "max_depth=100"),
        *("-a", f"max_articles={GENERATED_ARTICLES}"),
        *("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"),
        *args,
    )
    return run_logged(command, log, TIMEOUT)


def assert_stopped_for_disk_full(result: dict, where: str) -> dict:
    log = result["log"]
    stats = dumped_stats(log)
    assert stats["finish_reason"] == "disk_full", log[-3000:]
    assert stats.get(f"taz/disk_full/{where}", 0) >= 1, {
        k: v for k, v in stats.items() if "disk_full" in k
    }
    assert "Closing spider (disk_full)" in log
    assert len([line for line in log.splitlines() if "Disk full writing" in line]) == 1
    assert "Traceback" not in log, log[log.index("Traceback") - 500 :][:3000]
    assert result["status"] == DISK_FULL_EXIT_CODE
    # Promptly: far fewer pages than the site has were fetched after the disk filled.
    assert stats["item_scraped_count"] < GENERATED_ARTICLES / 2
    return stats


def test_full_disk_under_the_archive_stops_the_crawl(
    big_site: str, small_disk: Path, tmp_path: Path
) -> None:
    """The WARC fills the disk first: 150 KB a page against a 1 KB record."""
    result = crawl_into(big_site, small_disk, tmp_path / "crawl.log", "-s", "TAZ_STATE_DB=")
    assert_stopped_for_disk_full(result, "warc")
    # The archive ends at its last whole record: every record in it reads back complete.
    from warcio.archiveiterator import ArchiveIterator

    (warc,) = (small_disk / "warc").glob("*.warc.gz")
    with warc.open("rb") as stream:
        records = [(r.rec_type, len(r.content_stream().read())) for r in ArchiveIterator(stream)]
    assert records[0][0] == "warcinfo"
    assert sum(1 for kind, _ in records if kind == "response") > 1
    for line in (small_disk / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)
    assert tmp_files(small_disk) == []


def test_full_disk_under_the_feeds_leaves_no_torn_line(
    big_site: str, small_disk: Path, tmp_path: Path
) -> None:
    """No archive, no job folder, no store: the article file fills the disk."""
    result = crawl_into(
        big_site,
        small_disk,
        tmp_path / "crawl.log",
        *("-s", "TAZ_STATE_DB=", "-s", "TAZ_WARC_FILE=", "-s", "TAZ_JOBDIR="),
    )
    stats = assert_stopped_for_disk_full(result, "feed")
    text = (small_disk / "articles.jsonl").read_text(encoding="utf-8")
    assert text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    # Every line whole; the items that met the full disk are counted, not in the file.
    assert len(lines) > 100
    assert len(lines) + stats["taz/disk_full/feed"] >= stats["item_scraped_count"]
    links = (small_disk / "links.jsonl").read_text(encoding="utf-8")
    assert not links or links.endswith("\n")
    for line in links.splitlines():
        json.loads(line)
    assert tmp_files(small_disk) == []


def test_full_disk_under_the_job_folder_stops_the_crawl(
    big_site: str, tiny_disk: Path, tmp_path: Path
) -> None:
    """The JOBDIR alone on a tiny disk: its request queue and seen file fill it."""
    output = tmp_path / "out"
    result = crawl_into(
        big_site,
        output,
        tmp_path / "crawl.log",
        *("-s", "TAZ_STATE_DB=", "-s", "TAZ_WARC_FILE=", "-s", f"JOBDIR={tiny_disk}"),
    )
    stats = assert_stopped_for_disk_full(result, "job_queue")
    # What was extracted before the stop is exported whole.
    lines = [json.loads(line) for line in (output / "articles.jsonl").read_text().splitlines()]
    assert len(lines) == stats["item_scraped_count"]


def test_full_disk_under_a_scheduled_run_leaves_it_incomplete(
    big_site: str, small_disk: Path, tmp_path: Path
) -> None:
    """The default setup (state store, runs, JOBDIR, WARC) on the small disk.

    What the run code makes of it beyond this (the store and the manifest after the stop,
    the next run completing the set) is tested with the run code.
    """
    result = crawl_into(big_site, small_disk, tmp_path / "crawl.log")
    stats = dumped_stats(result["log"])
    assert stats["finish_reason"] == "disk_full"
    assert result["status"] == DISK_FULL_EXIT_CODE
    assert stats["item_scraped_count"] < GENERATED_ARTICLES / 2
    (run,) = (small_disk / "runs").iterdir()
    assert (run / "INCOMPLETE").exists()
    for line in (run / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)
    assert tmp_files(small_disk) == []


def test_a_run_after_space_is_freed_completes_the_set(
    big_site: str, small_disk: Path, tmp_path: Path
) -> None:
    """The default setup fills the disk, space is freed, the same command runs again.

    The second run resumes the first: every article the site has within the limits is in the
    consolidated dataset exactly once, the archives read back whole, and nothing half-written
    is left. No max_articles cut (it counts requests, 404s among them): the whole site.
    """
    from warcio.archiveiterator import ArchiveIterator

    from testsite.generate import GeneratedSite

    everything = ("-a", "max_articles=100000")
    first = crawl_into(big_site, small_disk, tmp_path / "first.log", *everything)
    assert first["status"] == DISK_FULL_EXIT_CODE, first["log"][-3000:]
    (run,) = (small_disk / "runs").iterdir()
    assert (run / "INCOMPLETE").exists()
    assert not (small_disk / "articles.jsonl").exists()
    before = {r["article_id"] for r in jsonl(run / "articles.jsonl")}

    # Space freed: the same file system, grown, with everything the first run left on it.
    subprocess.run(["mount", "-o", "remount,size=1g", str(small_disk)], check=True)
    second = crawl_into(big_site, small_disk, tmp_path / "second.log", *everything)
    assert second["status"] == 0, second["log"][-3000:]
    assert f"Resuming run {run.name}" in second["log"]
    assert "Traceback" not in second["log"]

    expected = set(GeneratedSite(GENERATED_ARTICLES).reachable(100))
    records = jsonl(small_disk / "articles.jsonl")
    ids = [r["article_id"] for r in records]
    assert len(ids) == len(set(ids))
    assert set(ids) == expected
    assert before <= set(ids)
    assert not (run / "INCOMPLETE").exists()
    manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "finished"
    # The first attempt could not write its manifest on the full disk: it reads as killed.
    assert [a["finish_reason"] for a in manifest["attempts"]][1:] == ["finished"]
    assert len(manifest["attempts"]) == 2
    # Both attempts' archives end at a whole record and hold every article between them.
    archived = set()
    for warc in sorted(small_disk.rglob("*.warc.gz")):
        with warc.open("rb") as stream:
            for record in ArchiveIterator(stream):
                record.content_stream().read()
                if record.rec_type == "response":
                    archived.add(record.rec_headers.get_header("WARC-Target-URI"))
    archived_ids = {article_id(url) for url in archived} - {None}
    assert expected <= archived_ids
    assert tmp_files(small_disk) == []
