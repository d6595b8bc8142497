from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from testsite.redis_server import RedisServer

if TYPE_CHECKING:
    from collections.abc import Iterator


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A real redis-server of its own for each test, gone with everything in it after."""
    with RedisServer() as server:
        yield server.url
