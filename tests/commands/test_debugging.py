"""``scrapy shell``, ``parse`` and ``check`` on the bundled archive: offline, leaving no files."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from warcio.warcwriter import WARCWriter

from tazcrawler.sample import SAMPLE_BASE_URL, SAMPLE_WARC
from tazcrawler.schema import article_validator
from tests.archive._offline import run_offline
from testsite.content import SEED_ID
from testsite.oracle import related_ids

if TYPE_CHECKING:
    from pathlib import Path

SCRAPY = [sys.executable, "-m", "scrapy"]
SEED = f"{SAMPLE_BASE_URL}/!{SEED_ID}/"


def test_shell_shows_the_normalised_article(tmp_path: Path) -> None:
    output = tmp_path / "output"
    run = run_offline(
        [
            *SCRAPY, "shell", SEED,
            "-s", f"REPLAY_WARC={SAMPLE_WARC}",
            "-s", f"TAZ_OUTPUT_DIR={output}",
            "-c", "article(response)",
        ],
        tmp_path,
    )  # fmt: skip
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    article = json.loads(run.result.stdout)
    assert list(article_validator().iter_errors(article)) == []
    assert article["article_id"] == SEED_ID
    assert article["title"] == "Der Bezirk zieht die Notbremse"
    # The site settings come from the archive's warcinfo: the sample's own canonical base.
    assert article["canonical_url"] == SEED
    assert article["published_utc"] == "2024-11-14T08:12:00Z"
    assert "\n  " in run.result.stdout, "shown indented"
    assert (run.attempts, run.armed) == ([], 1)
    assert not output.exists(), "the shell writes no feeds, stats or archive"


def test_shell_explains_where_each_field_came_from(tmp_path: Path) -> None:
    run = run_offline(
        [
            *SCRAPY, "shell", SEED,
            "-s", f"REPLAY_WARC={SAMPLE_WARC}",
            "-s", f"TAZ_OUTPUT_DIR={tmp_path / 'output'}",
            "-c", "explain(response)",
        ],
        tmp_path,
    )  # fmt: skip
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    lines = run.result.stdout.splitlines()
    assert lines[0].endswith(f"/!{SEED_ID}/")  # after the redirect to the slug URL
    assert lines[1].startswith("page kind: article, layout: ")
    assert "title        Der Bezirk zieht die Notbremse" in lines
    assert any(line.strip().startswith("from ") for line in lines)


def test_parse_prints_the_article_and_the_requests_it_would_follow(tmp_path: Path) -> None:
    output = tmp_path / "output"
    run = run_offline(
        [
            *SCRAPY, "parse", "--spider", "taz", "-c", "parse_article", SEED,
            "-s", f"REPLAY_WARC={SAMPLE_WARC}",
            "-s", f"TAZ_OUTPUT_DIR={output}",
        ],
        tmp_path,
    )  # fmt: skip
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    stdout = run.result.stdout
    items, _, requests = stdout.partition("# Requests")
    assert f"'article_id': '{SEED_ID}'" in items
    assert "'title': 'Der Bezirk zieht die Notbremse'" in items
    followed = [line for line in requests.splitlines() if "<GET " in line]
    # The related block minus what the spider skips (a tag page in this one).
    assert len(followed) == 3
    assert all(any(f"!{i}/" in line for line in followed) for i in related_ids(SEED_ID)[:2])
    assert (run.attempts, run.armed) == ([], 1)
    assert not output.exists(), "parse must not overwrite the crawl's output files"


def test_check_runs_the_contracts_offline(tmp_path: Path) -> None:
    run = run_offline([*SCRAPY, "check", "taz"], tmp_path)
    assert run.result.returncode == 0, run.result.stderr[-3000:]
    assert "Ran 4 contracts" in run.result.stderr
    assert run.result.stderr.rstrip().endswith("OK")
    assert (run.attempts, run.armed) == ([], 1)


def test_check_fails_when_the_archive_lacks_the_page(tmp_path: Path) -> None:
    empty = tmp_path / "empty.warc.gz"
    with empty.open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        writer.write_record(writer.create_warcinfo_record(empty.name, {"software": "test"}))
    run = run_offline(
        [*SCRAPY, "check", "taz", "-s", f"REPLAY_WARC={empty}", "-s", "LOG_ENABLED=True"],
        tmp_path,
    )
    assert run.result.returncode == 1
    assert "not in the replay archive" in run.result.stderr
    assert run.attempts == []
