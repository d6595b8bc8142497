"""A crawl that cannot start says why in one line, with its documented status, losing nothing."""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import closing
from typing import TYPE_CHECKING

import pytest

from tests.conftest import ROOT
from tests.runs.helpers import crawl, crawl_command

if TYPE_CHECKING:
    from pathlib import Path


def one_line(stderr: str, needle: str) -> str:
    assert "Traceback" not in stderr
    assert "never retrieved" not in stderr
    (line,) = [x for x in stderr.splitlines() if needle in x]
    return line


@pytest.mark.parametrize("content", [b"", b"\x00not a database\xff" * 200], ids=["empty", "junk"])
def test_an_unusable_store_stops_the_crawl_before_any_request(
    site: str, tmp_path: Path, content: bytes
) -> None:
    store = tmp_path / "state.sqlite3"
    store.write_bytes(content)
    result = crawl(site, tmp_path)
    assert result.returncode == 1
    line = one_line(result.stderr, "the state store")
    assert str(store) in line
    assert "Crawled" not in result.stderr or "Crawled 0 pages" in result.stderr
    assert store.read_bytes() == content, "the store is left as it was"
    assert not (tmp_path / "runs").exists()


def test_a_store_with_damaged_pages_is_found_at_start(site: str, tmp_path: Path) -> None:
    first = crawl(site, tmp_path, "-a", "max_depth=1")
    assert first.returncode == 0, first.stderr[-2000:]
    store = tmp_path / "state.sqlite3"
    with closing(sqlite3.connect(store)) as db:  # everything into the main file
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(store.read_bytes())
    page = 4096
    assert len(data) > 3 * page
    data[2 * page : 3 * page] = b"\xa5" * page  # a b-tree page overwritten
    store.write_bytes(bytes(data))
    result = crawl(site, tmp_path)
    assert result.returncode == 1
    line = one_line(result.stderr, "the state store")
    assert "damaged" in line
    assert "taz/articles/extracted" not in result.stderr


def test_an_output_folder_that_cannot_be_made_is_one_line(site: str, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = subprocess.run(
        crawl_command(site, blocker / "out"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    line = one_line(result.stderr, "cannot use the output folder")
    assert str(blocker / "out") in line
