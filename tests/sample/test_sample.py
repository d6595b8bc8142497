"""The bundled sample: ``make crawl`` replays its WARC with no server and no network."""

from __future__ import annotations

import json
import re
import sys
from typing import TYPE_CHECKING, Any

import networkx as nx
import pytest
from warcio.archiveiterator import ArchiveIterator

from tazcrawler.cli import main
from tazcrawler.sample import SAMPLE_BASE_URL, SAMPLE_WARC
from tests.archive._offline import run_offline
from tests.conftest import ROOT
from testsite.content import ARTICLES, SEED_ID
from testsite.oracle import bfs_depths
from testsite.record_sample import main as record_sample

if TYPE_CHECKING:
    from pathlib import Path


def test_make_crawl_runs_the_sample_command() -> None:
    recipe = re.search(r"^crawl:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert recipe is not None
    assert recipe.group(1) == "$(BIN)/tazcrawler sample --output output"


def test_make_sample_warc_records_with_the_test_site_outside_the_package() -> None:
    recipe = re.search(r"^sample-warc:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.M)
    assert recipe is not None
    assert recipe.group(1).startswith("$(BIN)/python -m testsite.record_sample ")


def test_the_sample_crawl_needs_no_network_and_no_server(tmp_path: Path) -> None:
    output = tmp_path / "output"
    command = [sys.executable, "-m", "tazcrawler.cli", "sample", "--output", str(output)]
    # Twice into the same folder: a second run extracts everything again, too.
    run_offline(command, tmp_path)
    run = run_offline(command, tmp_path)
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    assert run.attempts == []
    assert run.armed == 2, "tazcrawler and its scrapy crawl, both without network"
    assert "taz-testsite" not in run.result.stderr
    # A replay reaches no site: nothing to warn about, and no state store is intended.
    assert "TAZ_CONTACT" not in run.result.stderr
    assert "Disabled" not in run.result.stderr
    assert " WARNING: " not in run.result.stderr.replace("WARNING: Skipped", "")
    articles = [json.loads(line) for line in (output / "articles.jsonl").read_text().splitlines()]
    reachable = {i for i, depth in bfs_depths(SEED_ID).items() if depth <= 3 and i in ARTICLES}
    assert {a["article_id"] for a in articles} == reachable
    assert all(a["url"].startswith(f"{SAMPLE_BASE_URL}/") for a in articles)
    assert all(a["canonical_url"].startswith(f"{SAMPLE_BASE_URL}/!") for a in articles)
    assert (output / "links.jsonl").read_text().count("\n") > len(articles)
    graph = nx.read_graphml(output / "graph.graphml")
    assert set(graph.nodes) >= reachable
    stats = json.loads((output / "stats.json").read_text())
    assert "taz/replay/missing" not in stats


def test_sample_passes_spider_arguments_and_settings_to_scrapy(tmp_path: Path) -> None:
    # The example of its own --help: -a and -s, as scrapy crawl takes them.
    output = tmp_path / "output"
    command = [sys.executable, "-m", "tazcrawler.cli", "sample", "--output", str(output)]
    run = run_offline([*command, "-a", "max_depth=1", "-s", "LOG_LEVEL=INFO"], tmp_path)
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    articles = [json.loads(line) for line in (output / "articles.jsonl").read_text().splitlines()]
    expected = {i for i, depth in bfs_depths(SEED_ID).items() if depth <= 1 and i in ARTICLES}
    assert {a["article_id"] for a in articles} == expected
    assert expected < {i for i, depth in bfs_depths(SEED_ID).items() if i in ARTICLES}
    assert " DEBUG: " not in run.result.stderr
    assert "Overridden settings:" in run.result.stderr  # INFO still shown


def test_sample_refuses_what_scrapy_would_not_take(tmp_path: Path, capsys: Any) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["sample", "--output", str(tmp_path), "--", "-a", "max_depth=1"])
    assert exited.value.code == 2
    assert "unrecognized arguments: -- -a max_depth=1" in capsys.readouterr().err


def archived(path: Path) -> list[tuple[Any, ...]]:
    """What a WARC holds, without what differs on every recording (dates, record ids)."""
    with path.open("rb") as stream:
        return [
            (
                record.rec_type,
                record.rec_headers.get_header("WARC-Target-URI"),
                record.http_headers and record.http_headers.get_statuscode(),
                record.rec_headers.get_header("WARC-Payload-Digest"),
            )
            for record in ArchiveIterator(stream)
            if record.rec_type in ("response", "request")
        ]


def test_the_bundled_archive_is_what_the_record_command_makes(tmp_path: Path) -> None:
    # Fails when the test site's pages changed: run `make sample-warc` and commit the file.
    warc = tmp_path / "sample.warc.gz"
    assert record_sample([str(warc), "--output", str(tmp_path / "out")]) == 0
    responses = [r for r in archived(warc) if r[0] == "response"]
    assert archived(warc) == archived(SAMPLE_WARC)
    assert len(responses) > len(bfs_depths(SEED_ID)) / 2


def test_reextract_needs_existing_files(tmp_path: Path, capsys: Any) -> None:
    assert main(["reextract", str(tmp_path / "nope.warc.gz"), "--output", str(tmp_path)]) == 2
    assert "no such WARC file" in capsys.readouterr().err
