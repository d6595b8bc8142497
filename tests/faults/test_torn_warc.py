"""End to end: ``tazcrawler reextract`` over archives that are torn, tampered with or no WARC.

Before, the replay took every response record as it came: a WARC cut in half re-extracted
half the articles with exit 0 and "healthy", and a record cut short was served as a 200.
Now a torn record (cut short, or a digest that does not match) is never served, another
archive's copy answers, what is lacking makes the run unhealthy, and a file that is no WARC
at all is refused in one line.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from tazcrawler.commands.crawl import UNHEALTHY_EXIT_CODE
from tests.conftest import ROOT, crawl_command
from tests.faults.conftest import GENERATED_ARTICLES

if TYPE_CHECKING:
    from pathlib import Path

SEED = "3000000"
# Fields that differ between a crawl and its re-extraction by design: the time and id of
# the run, and which link first led to a page (the live crawl fetches 8 pages at once,
# the replay one at a time).
_PER_RUN = {"crawled_at", "crawl_id", "referrer", "referrer_id", "depth"}


@pytest.fixture(scope="module")
def live(big_site: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A crawl of the whole generated site, archived: the articles and the one WARC."""
    output = tmp_path_factory.mktemp("live")
    command = crawl_command(
        big_site,
        output,
        *("-a", f"seed={big_site}/!{SEED}/", "-a", "max_depth=100"),
        *("-a", f"max_articles={2 * GENERATED_ARTICLES}"),  # all of the site: no limit met
        *("-s", "TAZ_STATE_DB=", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"),
    )
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    (warc,) = (output / "warc").glob("*.warc.gz")
    articles = {a["article_id"]: a for a in _lines(output / "articles.jsonl")}
    assert len(articles) > GENERATED_ARTICLES * 0.9
    return {"warc": warc, "articles": articles}


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def reextract(output: Path, *warcs: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "tazcrawler.cli", "reextract", *map(str, warcs)]
    command += ["--output", str(output)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    stats_file = output / "stats.json"
    articles = output / "articles.jsonl"
    return {
        "status": result.returncode,
        "log": result.stderr,
        "stats": json.loads(stats_file.read_text()) if stats_file.exists() else None,
        "articles": {a["article_id"]: a for a in _lines(articles)} if articles.exists() else {},
    }


def assert_exactly_as_crawled(replayed: dict[str, Any], live: dict[str, Any]) -> None:
    """Every re-extracted article is the live crawl's, field for field: nothing torn."""
    for article_id, article in replayed.items():
        expected = live["articles"][article_id]
        assert {k: v for k, v in article.items() if k not in _PER_RUN} == {
            k: v for k, v in expected.items() if k not in _PER_RUN
        }


def records(warc: Path) -> list[tuple[int, str, str]]:
    """(offset, type and status, target URI) of every record; each is its own gzip member."""
    with warc.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        return [
            (
                iterator.get_record_offset(),
                f"{r.rec_type} {r.http_headers.get_statuscode() if r.http_headers else ''}",
                r.rec_headers.get_header("WARC-Target-URI") or "",
            )
            for r in iterator
        ]


def cut_in_half(warc: Path) -> bytes:
    """The file cut inside the gzip member that holds its middle byte, half way through it.

    Cut at the middle byte itself, a run met the last bytes of a member, after the record's
    block: the record read whole, and nothing was torn.
    """
    data = warc.read_bytes()
    with warc.open("rb") as stream:
        iterator = ArchiveIterator(stream)
        for _ in iterator:
            start = iterator.get_record_offset()
            end = start + iterator.get_record_length()
            if end > len(data) // 2:
                return data[: (start + end) // 2]
    raise AssertionError("no record holds the middle of the file")


def test_a_warc_cut_in_half_is_unhealthy_and_serves_no_torn_page(
    live: dict[str, Any], tmp_path: Path
) -> None:
    half = tmp_path / "half.warc.gz"
    half.write_bytes(cut_in_half(live["warc"]))
    run = reextract(tmp_path / "out", half)
    assert run["status"] == UNHEALTHY_EXIT_CODE, run["log"][-3000:]
    stats = run["stats"]
    assert stats["taz/replay/torn"] == 1
    assert stats["taz/replay/missing"] > 0
    assert stats["taz/health/failed/replay"] == 1
    assert run["log"].count(f"skipped 1 torn records in {half}") == 1
    assert "Crawl is UNHEALTHY" in run["log"]
    assert "Traceback" not in run["log"]
    # Half the articles, each one whole; what was lost is counted, not exported half.
    assert len(live["articles"]) / 3 < len(run["articles"]) < len(live["articles"])
    assert_exactly_as_crawled(run["articles"], live)


def test_the_next_archives_copy_replaces_a_torn_one(live: dict[str, Any], tmp_path: Path) -> None:
    half = tmp_path / "half.warc.gz"
    half.write_bytes(cut_in_half(live["warc"]))
    # The torn archive first: before, the first archive with a URL answered for it.
    run = reextract(tmp_path / "out", half, live["warc"])
    assert run["status"] == 0, run["log"][-3000:]
    assert run["stats"]["taz/replay/torn"] == 1
    assert "taz/replay/missing" not in run["stats"]
    assert sorted(run["articles"]) == sorted(live["articles"])
    assert_exactly_as_crawled(run["articles"], live)


def test_a_record_whose_digest_fails_is_not_served(live: dict[str, Any], tmp_path: Path) -> None:
    """One article page's body changed by a byte, same length: only its digests tell."""
    data = live["warc"].read_bytes()
    found = records(live["warc"])
    # An article page in the middle of the archive; its member ends where the next begins.
    index = next(
        i
        for i in range(len(found) // 2, len(found))
        # An article's own page (a 200 at its slug URL), not the short URL's redirect.
        if found[i][1] == "response 200" and re.search(r"/[^/!]+/!30\d+/$", found[i][2])
    )
    (start, _, url), end = found[index], found[index + 1][0]
    record = gzip.decompress(data[start:end])
    tampered = record.replace(b"<p>", b"<q>", 1)
    assert tampered != record
    assert len(tampered) == len(record)
    bad = tmp_path / "tampered.warc.gz"
    bad.write_bytes(data[:start] + gzip.compress(tampered) + data[end:])
    run = reextract(tmp_path / "out", bad)
    assert run["status"] == UNHEALTHY_EXIT_CODE, run["log"][-3000:]
    assert run["stats"]["taz/replay/torn"] == 1
    assert "digest failed" in run["log"]
    article_id = url.rstrip("/").rsplit("!", 1)[1]
    assert article_id not in run["articles"]
    assert len(run["articles"]) >= len(live["articles"]) - 30  # it and what only it linked
    assert_exactly_as_crawled(run["articles"], live)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty, it holds no WARC record"),
        (bytes(range(256)) * 64, "not a WARC file"),
        (gzip.compress(b"\x00\xff binary, not a WARC\n" * 100), "not a WARC file"),
    ],
    ids=["empty", "binary", "gzip-not-warc"],
)
def test_a_file_that_is_no_warc_is_one_line_exit_2(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(content)
    run = reextract(tmp_path / "out", path)
    assert run["status"] == 2
    (line,) = run["log"].splitlines()
    assert line.startswith(f"tazcrawler: {path}: {message}")
    assert line.isprintable()
    assert "no seed given" not in run["log"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [(bytes(range(256)) * 64, "holds no readable WARC record"), (None, "no such WARC file")],
    ids=["noise", "absent"],
)
def test_scrapy_crawl_replaying_a_file_that_is_no_warc(
    big_site: str, tmp_path: Path, content: bytes | None, message: str
) -> None:
    """``scrapy crawl`` with REPLAY_WARC: one error line naming the file, unhealthy, exit 3."""
    path = tmp_path / "noise.warc.gz"
    if content is not None:
        path.write_bytes(content)
    output = tmp_path / "out"
    command = crawl_command(
        big_site, output, "-a", f"seed={big_site}/!{SEED}/", "-s", f"REPLAY_WARC={path}"
    )
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == UNHEALTHY_EXIT_CODE, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if " ERROR: " in line]
    assert len(errors) == 1
    assert message in errors[0]
    assert str(path) in errors[0]
    assert "Traceback" not in result.stderr
    assert "\\x" not in result.stderr
    stats = json.loads((output / "stats.json").read_text())
    assert stats["taz/replay/unreadable_files"] == 1
    assert stats["taz/health/failed/replay"] == 1
