from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import redis

from testsite.redis_server import RedisServer


def test_the_server_answers_and_leaves_nothing_behind(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    client.set("k", "v")
    assert client.get("k") == b"v"
    assert client.config_get("save") == {"save": ""}
    assert client.config_get("bind")["bind"] == "127.0.0.1"


def test_stop_removes_its_folder_and_ends_the_process() -> None:
    server = RedisServer().start()
    folder = server._dir
    assert folder is not None
    assert folder.is_dir()
    server.stop()
    assert not folder.exists()
    try:
        redis.Redis.from_url(server.url, socket_connect_timeout=0.5).ping()
    except redis.ConnectionError:
        pass
    else:
        raise AssertionError("the server still answers after stop()")


def test_the_command_prints_its_url_and_stops_at_end_of_stdin() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "testsite.redis_server"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert process.stdout is not None
    assert process.stdin is not None
    url = process.stdout.readline().strip()
    assert url.startswith("redis://127.0.0.1:")
    assert redis.Redis.from_url(url).ping()
    process.stdin.close()
    assert process.wait(timeout=15) == 0
