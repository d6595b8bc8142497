"""End to end: input files that are not what they should be, given to ``scrapy crawl`` and
``tazcrawler extract``.

Before, a UTF-16 or binary seeds file ended in a UnicodeDecodeError traceback, a BOM became
part of the first URL, and ``/dev/zero`` was read until the kernel killed the process. Now
each ends in one line naming the file and what to do (exit 2), with bounded memory, and a
BOM is dropped.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT, crawl_command
from testsite.content import ARTICLES, SEED_ID

if TYPE_CHECKING:
    from pathlib import Path

# Peak RSS of a crawl that reads its seeds and stops: about 100 MB with Scrapy loaded.
# Reading /dev/zero to its end would pass any bound; reading the whole 32 MB limit twice
# over would pass this one.
MAX_RSS = 200 << 20


def run_measured(command: list[str], tmp_path: Path) -> tuple[int, str, int]:
    log = tmp_path / "stderr.txt"
    # Started from a small launcher, not from this test process: a child's peak RSS counts
    # the memory of the process it was forked from, and a pytest worker that has loaded
    # pyarrow and pandas for other tests weighs some 400 MB.
    with log.open("w") as stderr:
        launched = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, *command],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            check=True,
        )
    status, maxrss = map(int, launched.stdout.split())
    return status, log.read_text(), maxrss * 1024


_LAUNCHER = """
import os, subprocess, sys
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(process.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("\ufeffhttp://x/!1/\n".encode("utf-16"), "is UTF-16 text; save it as UTF-8"),
        (bytes(range(128, 256)) * 8, "is not UTF-8 text (byte 0); save it as UTF-8"),
        (b"http://x/!1/\n\x00\x00\x00\n", "holds NUL bytes: binary, not URLs"),
    ],
    ids=["utf-16", "binary", "nul"],
)
def test_an_undecodable_seeds_file_is_one_line(
    site: str, tmp_path: Path, content: bytes, problem: str
) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_bytes(content)
    status, log, rss = run_measured(
        crawl_command(site, tmp_path / "out", "-a", f"seeds_file={seeds}"), tmp_path
    )
    assert status == 2
    errors = [line for line in log.splitlines() if "error:" in line]
    assert errors == [f"__main__.py: error: argument 'seeds_file': '{seeds}' {problem}"]
    assert "Traceback" not in log
    assert rss < MAX_RSS


def test_seeds_file_dev_zero_stops_with_bounded_memory(site: str, tmp_path: Path) -> None:
    status, log, rss = run_measured(
        crawl_command(site, tmp_path / "out", "-a", "seeds_file=/dev/zero"), tmp_path
    )
    print(f"peak RSS of scrapy crawl -a seeds_file=/dev/zero: {rss >> 20} MB")
    assert status == 2
    assert "argument 'seeds_file': '/dev/zero' is larger than 32 MB" in log
    assert "Traceback" not in log
    assert rss < MAX_RSS


def test_extract_dev_zero_stops_with_bounded_memory(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "tazcrawler.cli", "extract", "/dev/zero"]
    status, log, rss = run_measured([*command, "--url", "https://taz.de/!1/"], tmp_path)
    print(f"peak RSS of tazcrawler extract /dev/zero: {rss >> 20} MB")
    assert status == 2
    assert log.splitlines() == [
        "tazcrawler extract: /dev/zero is larger than 10485760 bytes (DOWNLOAD_MAXSIZE), "
        "not an article page"
    ]
    assert rss < MAX_RSS


def test_a_bom_is_not_part_of_the_first_url(site: str, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"# from a Windows editor\n{site}{ARTICLES[SEED_ID].path}\n", "utf-8-sig")
    assert seeds.read_bytes().startswith(b"\xef\xbb\xbf")
    output = tmp_path / "out"
    command = crawl_command(
        site, output, "-a", f"seeds_file={seeds}", "-a", "max_depth=0", "-s", "TAZ_STATE_DB="
    )
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    (record,) = [json.loads(line) for line in (output / "articles.jsonl").read_text().splitlines()]
    assert record["article_id"] == SEED_ID
    assert record["url"] == site + ARTICLES[SEED_ID].path
