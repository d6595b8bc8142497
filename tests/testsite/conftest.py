"""Fixtures for the test-site tests: one in-process server per session."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from testsite import serve

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """Base URL of a running test site, "http://127.0.0.1:PORT"."""
    with serve() as base:
        yield base
