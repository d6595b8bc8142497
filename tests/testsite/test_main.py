"""``python -m testsite`` as a process, the way Scrapy's tests run their mock server."""

from __future__ import annotations

import json
import re
import select
import shlex
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.testsite.helpers import dedup, fetch, href_id, related_block_hrefs
from testsite import ARTICLES, SEED_ID, related_ids
from testsite.__main__ import crawl_command
from testsite.generate import GeneratedSite

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parents[2]


def _start() -> tuple[subprocess.Popen[str], str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "testsite", "--port", "0"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    ready, _, _ = select.select([proc.stdout], [], [], 20)
    if not ready:
        proc.kill()
        pytest.fail("the test site printed no base URL within 20 s")
    return proc, proc.stdout.readline().rstrip("\n")


@pytest.fixture
def process() -> Iterator[tuple[subprocess.Popen[str], str]]:
    proc, base = _start()
    yield proc, base
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def test_prints_the_base_url_first_and_exits_0_on_sigterm(process):
    proc, base = process
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
    assert fetch(f"{base}/robots.txt").status == 200
    seed = fetch(f"{base}{ARTICLES[SEED_ID].path}")
    assert seed.status == 200
    ids = dedup([i for h in related_block_hrefs(seed.text) if (i := href_id(h, base))])
    assert ids == related_ids(SEED_ID)
    # After the base URL, the command that crawls the site, and nothing else.
    assert proc.stdout is not None
    command = proc.stdout.readline()
    assert shlex.split(command)[1:] == crawl_command(base, SEED_ID)[1:]
    assert f"'seed={base}/!{SEED_ID}/'" in command  # quoted: "!" is history expansion in bash
    proc.send_signal(signal.SIGTERM)
    # wait() before communicate(): communicate() closes stdin, which alone would stop it.
    assert proc.wait(timeout=10) == 0
    out, err = proc.communicate()
    assert out == ""
    # One log line per request on stderr.
    log = [line for line in err.splitlines() if line]
    assert len(log) == 2
    assert '"GET /robots.txt HTTP/1.1" 200' in log[0]


def test_exits_0_on_sigint(process):
    proc, _ = process
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=10) == 0


def test_exits_0_when_stdin_closes(process):
    proc, _ = process
    assert proc.stdin is not None
    proc.stdin.close()
    assert proc.wait(timeout=10) == 0


def test_the_printed_command_crawls_the_generated_site_under_its_own_base(tmp_path: Path):
    site = GeneratedSite(40, seed=5)
    proc = subprocess.Popen(
        [sys.executable, "-m", "testsite", "--articles", "40", "--seed", "5"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        command = shlex.split(proc.stdout.readline())
        assert command[1:4] == ["crawl", "-a", f"seed={base}/!{site.seed_id}/"]
        # As printed, from the checkout (the tazcrawler beside this interpreter).
        crawl = subprocess.run(
            [str(ROOT / command[0]) if "/" in command[0] else command[0], *command[1:]],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        proc.kill()
        proc.communicate()
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert "TAZ_OUTPUT_DIR=output/generated-40-5" in command
    lines = (tmp_path / "output" / "generated-40-5" / "articles.jsonl").read_text().splitlines()
    articles = [json.loads(line) for line in lines]
    assert len(articles) >= 10
    # Invented text never gets a taz.de canonical URL.
    assert all(a["canonical_url"] == f"{base}/!{a['article_id']}/" for a in articles)
    assert "TAZ_CONTACT" not in crawl.stderr
    assert "Disabled" not in crawl.stderr
