"""A text-edition crawl archives gopher answers as WARC resource records; reextract replays
them offline into the same output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.archive._offline import Run, run_offline
from tests.archive.test_archive_and_replay import CRAWL_TIME
from tests.conftest import ROOT, start_site, stop
from testsite.content import SEED_ID

if TYPE_CHECKING:
    from collections.abc import Iterator

WARCIO = str(Path(sys.executable).with_name("warcio"))
HEALTH = 'TAZ_HEALTH_MIN_COVERAGE={"title": 0.95, "date": 0.9, "body": 0.95, "related": 0.25}'


@pytest.fixture(scope="module")
def gopher_site() -> Iterator[str]:
    process, base = start_site("testsite.gopher")
    yield base
    stop(process)


@pytest.fixture(scope="module")
def live(site: str, gopher_site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    # One request at a time, as the replay makes them (see test_archive_and_replay).
    output = tmp_path_factory.mktemp("gopher-live")
    warc = output / "live.warc.gz"
    command = [
        *(sys.executable, "-m", "scrapy", "crawl", "taz"),
        *("-a", f"seed={gopher_site}/1/!{SEED_ID}", "-a", "max_depth=20"),
        *("-s", f"TAZ_BASE_URL={site}", "-s", f"TAZ_OUTPUT_DIR={output}"),
        *("-s", f"TAZ_WARC_FILE={warc}", "-s", "TAZ_STATE_DB=", "-s", HEALTH),
        *("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"),
        *("-s", "CONCURRENT_REQUESTS=1"),
    ]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    with warc.open("rb") as stream:
        records = [
            (r.rec_type, r.rec_headers, r.content_stream().read()) for r in ArchiveIterator(stream)
        ]
    return {"output": output, "warc": warc, "records": records}


def test_gopher_answers_are_resource_records_with_their_selector(
    live: dict[str, Any], gopher_site: str
) -> None:
    gopher = [(h, body) for kind, h, body in live["records"] if kind == "resource"]
    assert len(gopher) > 10
    for headers, body in gopher:
        uri = headers.get_header("WARC-Target-URI")
        assert uri.startswith(f"{gopher_site}/1/")
        assert headers.get_header("Gopher-Selector") == uri.removeprefix(f"{gopher_site}/1")
        assert headers.get_header("Gopher-Item-Type") == "1"
        assert headers.get_header("Content-Type") == "text/x-gopher-menu; charset=utf-8"
        assert headers.get_header("WARC-IP-Address") == "127.0.0.1"
        assert body.endswith(b"\r\n.\r\n")
    seed = next(body for h, body in gopher if h.get_header("Gopher-Selector") == f"/!{SEED_ID}")
    assert seed.startswith(b"i# taz.de -- ")
    # No request or response records for gopher: WARC has no such type for it.
    assert not [
        h for kind, h, _ in live["records"]
        if kind in ("request", "response") and h.get_header("WARC-Target-URI").startswith("gopher:")
    ]  # fmt: skip
    # The web site's robots.txt, which governs the gopher requests, is archived as usual.
    assert any(
        kind == "response" and h.get_header("WARC-Target-URI").endswith("/robots.txt")
        for kind, h, _ in live["records"]
    )


def test_warcio_checks_the_gopher_archive(live: dict[str, Any]) -> None:
    check = subprocess.run(
        [WARCIO, "check", "-v", str(live["warc"])],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "fail" not in check.stdout.replace("digest pass", "")


@pytest.fixture(scope="module")
def replay(live: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Run:
    output = tmp_path_factory.mktemp("gopher-replay")
    command = [sys.executable, "-m", "tazcrawler.cli", "reextract", str(live["warc"])]
    run = run_offline([*command, "--output", str(output), "--scrapy", "-s", HEALTH], output)
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    run.output = output  # type: ignore[attr-defined]
    return run


@pytest.mark.parametrize("name", ["articles.jsonl", "links.jsonl", "graph.graphml"])
def test_reextract_gives_the_output_of_the_gopher_crawl(
    live: dict[str, Any], replay: Run, name: str
) -> None:
    live_text = (live["output"] / name).read_text(encoding="utf-8")
    replayed = (replay.output / name).read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert live_text.count("1000") > 10  # article ids: the crawl reached the site
    if name == "articles.jsonl":
        assert live_text.count('"layout": "text"') == len(live_text.splitlines()) > 10
    assert CRAWL_TIME.sub("", replayed) == CRAWL_TIME.sub("", live_text)


def test_reextract_opens_no_socket(replay: Run) -> None:
    assert replay.armed >= 2
    assert replay.attempts == []
