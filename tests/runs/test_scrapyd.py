"""scrapyd: a real server on 127.0.0.1, the project deployed with scrapyd-deploy, one job."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from tests.conftest import ROOT, read_lines
from tests.runs.helpers import SEED, manifest, reachable_articles, runs

if TYPE_CHECKING:
    from collections.abc import Iterator

BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urlencode(data).encode() if data is not None else None
    with urlopen(f"{base}/{endpoint}", data=body, timeout=30) as response:
        result = json.load(response)
    assert result["status"] == "ok", result
    return result


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[str]:
    """A scrapyd server in its own working folder; yields its URL."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        "poll_interval = 0.2\n"
        f"eggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\n"
        "items_dir =\n",
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [BIN / "scrapyd", "--pidfile=", "--logfile", str(home / "scrapyd.log")],
        cwd=home,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            api(base, "daemonstatus.json")
            break
        except OSError:
            assert process.poll() is None, (home / "scrapyd.log").read_text()
            assert time.monotonic() < deadline, "scrapyd did not start"
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=20)


def deploy(base: str, tmp_path: Path) -> None:
    """scrapyd-deploy from a copy of the project, so the build leaves the checkout alone."""
    project = tmp_path / "project"
    shutil.copytree(
        ROOT / "tazcrawler",
        project / "tazcrawler",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    config = (ROOT / "scrapy.cfg").read_text(encoding="utf-8")
    assert "url = http://127.0.0.1:6800/" in config, "scrapy.cfg's [deploy] names scrapyd"
    (project / "scrapy.cfg").write_text(
        config.replace("http://127.0.0.1:6800/", f"{base}/"), encoding="utf-8"
    )
    result = subprocess.run(
        [BIN / "scrapyd-deploy", "--version", "test"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"status": "ok"' in result.stdout, result.stdout + result.stderr


def test_scrapyd_runs_the_deployed_spider(site: str, scrapyd: str, tmp_path: Path) -> None:
    deploy(scrapyd, tmp_path)
    assert api(scrapyd, "listspiders.json?project=tazcrawler")["spiders"] == ["taz"]

    output = tmp_path / "output"
    job = api(
        scrapyd,
        "schedule.json",
        [
            ("project", "tazcrawler"),
            ("spider", "taz"),
            ("seed", f"{site}/!{SEED}/"),
            ("setting", f"TAZ_BASE_URL={site}"),
            ("setting", f"TAZ_OUTPUT_DIR={output}"),
            ("setting", "DOWNLOAD_DELAY=0"),
            ("setting", "AUTOTHROTTLE_ENABLED=False"),
        ],
    )["jobid"]
    deadline = time.monotonic() + 120
    while True:
        jobs = api(scrapyd, "listjobs.json?project=tazcrawler")
        finished = [j for j in jobs["finished"] if j["id"] == job]
        if finished:
            break
        assert time.monotonic() < deadline, f"job {job} did not finish: {jobs}"
        time.sleep(0.3)

    (run,) = runs(output)
    data = manifest(run)
    assert data["status"] == "finished"
    assert data["health"]["healthy"] is True
    assert {a["article_id"] for a in read_lines(run / "articles.jsonl")} == reachable_articles()
    assert {a["article_id"] for a in read_lines(output / "articles.jsonl")} == reachable_articles()
    # The job ran the deployed egg, with scrapyd's own job id passed as "_job".
    log = next((tmp_path / "scrapyd" / "logs" / "tazcrawler" / "taz").glob(f"{job}.log"))
    assert "Crawl is healthy" in log.read_text(encoding="utf-8")
