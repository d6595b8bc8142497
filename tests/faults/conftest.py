"""Fixtures of the fault tests: a generated site of thousands of articles, a small tmpfs."""

from __future__ import annotations

import ast
import json
import re
import subprocess
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import ROOT, start_site, stop

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

# Big enough that a crawl's output cannot fit a 2 MB disk: 150 KB pages, 1 KB records.
GENERATED_ARTICLES = 3000


@pytest.fixture(scope="session")
def big_site() -> Iterator[str]:
    """A generated taz test site of GENERATED_ARTICLES articles; yields its base URL."""
    process, base_url = start_site("testsite", "--articles", str(GENERATED_ARTICLES))
    yield base_url
    stop(process)


def mount_tmpfs(path: Path, size: str) -> None:
    """A tmpfs of ``size`` on ``path``: a real file system that fills up (CI runs as root)."""
    path.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        # Not a skip: the full-disk tests are the only check of that fault.
        pytest.fail(f"cannot mount a tmpfs on {path} (run as root): {result.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB file system, unmounted after the test."""
    yield from _mounted(tmp_path / "disk", "2m")


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KB file system (a JOBDIR's queue needs a few hundred bytes a request)."""
    yield from _mounted(tmp_path / "tiny", "256k")


def _mounted(path: Path, size: str) -> Iterator[Path]:
    mount_tmpfs(path, size)
    yield path
    subprocess.run(["umount", "-l", str(path)], check=False)


def run_logged(command: list[str], log: Path, timeout: float) -> dict[str, Any]:
    """Run ``command`` with stderr into ``log``; its exit status, log text and peak RSS."""
    with log.open("w") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr)
        try:
            stdout, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail(
                f"{command[2:5]} still running after {timeout} s:\n{log.read_text()[-3000:]}"
            )
    return {
        "status": process.returncode,
        "stdout": stdout.decode("utf-8", "replace"),
        "log": log.read_text(encoding="utf-8", errors="replace"),
    }


def dumped_stats(log: str) -> dict[str, Any]:
    """The stats Scrapy dumps into the log at the end of a crawl (there is no disk for a file)."""
    start = log.rindex("Dumping Scrapy stats:\n") + len("Dumping Scrapy stats:\n")
    # The dict ends where the next log line starts ("2026-12-01 08:29:55 [...").
    following = re.compile(r"^\d{4}-\d\d-\d\d ", re.M).search(log, start)
    text = log[start : following.start() if following else len(log)]
    # Scrapy pprints a dict; its values here are numbers, strings and datetimes.
    text = re.sub(r"datetime\.datetime\([^)]*\)", "None", text)
    return ast.literal_eval(text)


def jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def tmp_files(root: Path) -> list[str]:
    """Files left half-written under ``root`` (pathlib's glob includes dot files)."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*.tmp"))
