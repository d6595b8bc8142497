"""Fixtures of the scheduled-crawl tests."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import start_site, stop

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Iterator
    from pathlib import Path


@pytest.fixture
def edited_site(tmp_path: Path) -> Iterator[Any]:
    """A factory for test sites with edited articles (stopped after the test)."""
    processes: list[subprocess.Popen[str]] = []

    def make(edits: dict[str, Any]) -> str:
        path = tmp_path / f"edits-{len(processes)}.json"
        path.write_text(json.dumps(edits), encoding="utf-8")
        process, base_url = start_site("testsite.edits", str(path))
        processes.append(process)
        return base_url

    yield make
    for process in processes:
        stop(process)
