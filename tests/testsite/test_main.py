"""``python -m testsite`` as a process, the way Scrapy's tests run their mock server."""

from __future__ import annotations

import re
import select
import signal
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.testsite.helpers import dedup, fetch, href_id, related_block_hrefs
from testsite import ARTICLES, SEED_ID, related_ids

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
    proc.send_signal(signal.SIGTERM)
    # wait() before communicate(): communicate() closes stdin, which alone would stop it.
    assert proc.wait(timeout=10) == 0
    out, err = proc.communicate()
    # Nothing but the base URL on stdout; one log line per request on stderr.
    assert out == ""
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
