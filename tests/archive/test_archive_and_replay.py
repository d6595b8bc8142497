"""A live crawl of the local site writes a WARC; replaying it gives the same output, offline.

All commands run as subprocesses, the replays with every connection and name lookup blocked
(``_offline.run_offline``), so "no network" is proven, not assumed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tazcrawler.commands.crawl import UNHEALTHY_EXIT_CODE
from tests.archive._offline import Run, run_offline
from tests.conftest import ROOT
from testsite.content import ARTICLES, MISSING_ID, SEED_ID

if TYPE_CHECKING:
    from collections.abc import Iterator

WARCIO = str(Path(sys.executable).with_name("warcio"))
# Crawl-time fields: when the article was extracted, and the id of the run that did it.
# Everything else, response_sha256 included (the replay hands the spider the very bytes the
# live crawl received), must come out of the replay byte for byte.
CRAWL_TIME = re.compile(r'"(crawled_at|crawl_id)": "[^"]*", ')


def scrapy_crawl(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scrapy", "crawl", "taz", *args]
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def records(path: Path) -> Iterator[Any]:
    with path.open("rb") as stream:
        yield from ArchiveIterator(stream)


@pytest.fixture(scope="module")
def live(site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A live crawl of the local site, archived. One request at a time, as the replay does:
    with two at once, which of two same-depth articles first links a third (its referrer)
    would depend on timing, and the comparison below would test the clock."""
    output = tmp_path_factory.mktemp("live")
    warc = output / "live.warc.gz"
    result = scrapy_crawl(
        "-a", f"seed={site}/!{SEED_ID}/",
        "-s", f"TAZ_BASE_URL={site}",
        "-s", f"TAZ_OUTPUT_DIR={output}",
        "-s", f"TAZ_WARC_FILE={warc}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "CONCURRENT_REQUESTS=1",
        # No state store, as in reextract: its version fields tell earlier runs into the
        # same folder apart, which is not what this comparison is about.
        "-s", "TAZ_STATE_DB=",
        "-s", "LOG_LEVEL=DEBUG",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return {"output": output, "warc": warc, "log": result.stderr}


@pytest.fixture(scope="module")
def replay(live: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Run:
    """``tazcrawler reextract`` over the live crawl's WARC, with no network."""
    output = tmp_path_factory.mktemp("replay")
    command = [sys.executable, "-m", "tazcrawler.cli", "reextract", str(live["warc"])]
    run = run_offline([*command, "--output", str(output)], output)
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    run.output = output  # type: ignore[attr-defined]
    return run


def test_the_crawl_archives_every_response_with_its_request(live: dict[str, Any]) -> None:
    # Scrapy logs each response once: "Crawled (200) <GET url>" or, for a redirect,
    # "Redirecting (301) to <GET target> from <GET url>".
    crawled = re.findall(r"Crawled \((\d+)\) <GET ([^>]+)>", live["log"])
    crawled += re.findall(r"Redirecting \((\d+)\) to <GET [^>]+> from <GET ([^>]+)>", live["log"])
    responses, requests = {}, {}
    for record in records(live["warc"]):
        uri = record.rec_headers.get_header("WARC-Target-URI")
        if record.rec_type == "response":
            responses[uri] = (record.http_headers.get_statuscode(), record.rec_headers)
        elif record.rec_type == "request":
            requests[uri] = record.rec_headers.get_header("WARC-Concurrent-To")
    assert sorted(responses) == sorted(url for _, url in crawled)
    assert {url: status for status, url in crawled} == {u: s for u, (s, _) in responses.items()}
    for uri, (_, headers) in responses.items():
        assert requests[uri] == headers.get_header("WARC-Record-ID")
    statuses = {status for status, _ in crawled}
    assert {"200", "301", "404"} <= statuses, "robots.txt, redirects and 404s are archived too"
    assert any(url.endswith("/robots.txt") for url in responses)


def test_the_warcinfo_record_says_how_to_run_the_crawl_again(live: dict[str, Any]) -> None:
    first = next(records(live["warc"]))
    assert first.rec_type == "warcinfo"
    fields = first.content_stream().read().decode()
    assert re.search(rf"tazcrawler-seeds: http://127\.0\.0\.1:\d+/!{SEED_ID}/", fields)
    assert "tazcrawler-max-depth: 3" in fields
    assert "software: tazcrawler/" in fields


def test_warcio_indexes_and_checks_the_archive(live: dict[str, Any]) -> None:
    index = subprocess.run(
        [WARCIO, "index", "-f", "warc-type,warc-target-uri,http:status", str(live["warc"])],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert index.returncode == 0, index.stderr
    entries = [json.loads(line) for line in index.stdout.splitlines()]
    assert entries[0]["warc-type"] == "warcinfo"
    assert {e["warc-type"] for e in entries} == {"warcinfo", "response", "request"}
    check = subprocess.run(
        [WARCIO, "check", "-v", str(live["warc"])],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout
    assert "fail" not in check.stdout.replace("digest pass", "")


@pytest.mark.parametrize("name", ["articles.jsonl", "links.jsonl", "graph.graphml"])
def test_replay_gives_the_output_of_the_live_crawl(
    live: dict[str, Any], replay: Run, name: str
) -> None:
    live_text = (live["output"] / name).read_text(encoding="utf-8")
    replayed = (replay.output / name).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert len(live_text.splitlines()) > 1
    assert CRAWL_TIME.sub("", replayed) == CRAWL_TIME.sub("", live_text)


def test_replay_opens_no_socket(replay: Run) -> None:
    assert replay.armed >= 2, "the guard must run in tazcrawler and in its scrapy child"
    assert replay.attempts == []
    stats = json.loads((replay.output / "stats.json").read_text())  # type: ignore[attr-defined]
    assert stats["taz/replay/responses"] > len(ARTICLES) / 2
    assert "taz/replay/missing" not in stats
    assert stats["taz/fetch_failed/http_404"] == 1, f"!{MISSING_ID} was a 404 live, and is again"


def replay_crawl(live: dict[str, Any], tmp_path: Path, seeds: str, *args: str) -> Run:
    base = re.search(r"http://127\.0\.0\.1:\d+", seeds)
    assert base is not None
    command = [
        sys.executable, "-m", "scrapy", "crawl", "taz",
        "-a", f"seed={seeds}",
        "-s", f"TAZ_BASE_URL={base.group()}",
        "-s", f"TAZ_OUTPUT_DIR={tmp_path}",
        "-s", f"REPLAY_WARC={live['warc']}",
        *args,
    ]  # fmt: skip
    return run_offline(command, tmp_path)


def test_a_url_missing_from_the_archive_fails_alone(
    site: str, live: dict[str, Any], tmp_path: Path
) -> None:
    missing = f"{site}/Nicht-archiviert/!1999999/"
    run = replay_crawl(live, tmp_path, f"{site}/!{SEED_ID}/,{missing}")
    # Every other article is extracted; the replay as a whole lacks one, so it is unhealthy.
    assert run.result.returncode == UNHEALTHY_EXIT_CODE, run.result.stderr[-3000:]
    assert f"not in the replay archive (REPLAY_WARC): {missing}" in run.result.stderr
    stats = json.loads((tmp_path / "stats.json").read_text())
    assert stats["taz/replay/missing"] == 1
    assert stats["taz/health/failed/replay"] == 1
    assert stats["taz/fetch_failed/not_archived"] == 1
    exported = (tmp_path / "articles.jsonl").read_text().splitlines()
    assert len(exported) == len((live["output"] / "articles.jsonl").read_text().splitlines())
    assert run.attempts == []
    assert run.armed == 1


def test_the_network_is_used_only_when_asked(
    site: str, live: dict[str, Any], tmp_path: Path
) -> None:
    # Also shows that the guard sees Scrapy's own connections: this one is blocked and logged.
    missing = f"{site}/Nicht-archiviert/!1999999/"
    seeds = f"{site}/!{SEED_ID}/,{missing}"
    run = replay_crawl(live, tmp_path, seeds, "-s", "REPLAY_FALLBACK_TO_NETWORK=True")
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    stats = json.loads((tmp_path / "stats.json").read_text())
    # Once, and once more for each retry (RetryMiddleware sends it again).
    assert stats["taz/replay/network_fallback"] >= 1
    assert "taz/replay/missing" not in stats
    assert run.attempts, "the fallback request should have tried the network"
