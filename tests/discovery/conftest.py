"""Fixtures of the discovery tests."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import start_site, stop

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable, Iterator
    from pathlib import Path


@pytest.fixture
def published_site(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """A factory for test sites with new articles published (stopped after the test); further
    arguments are ``python -m testsite``'s (``--articles N``)."""
    processes: list[subprocess.Popen[str]] = []

    def make(articles: list[dict[str, Any]], *site_args: str) -> str:
        path = tmp_path / f"published-{len(processes)}.json"
        path.write_text(json.dumps(articles), encoding="utf-8")
        process, base_url = start_site("testsite.publish", str(path), *site_args)
        processes.append(process)
        return base_url

    yield make
    for process in processes:
        stop(process)
