"""``tazcrawler crawl --workers N``: N ``scrapy crawl`` workers of one crawl on this machine."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import redis

from tazcrawler.provenance import new_crawl_id

if TYPE_CHECKING:
    from types import FrameType

__all__ = ["run_workers", "split_workers"]

_PROG = "tazcrawler crawl"
SHARED_STORE = "tazcrawler.runs.redis_store.RedisStore"


def split_workers(arguments: list[str]) -> tuple[int | None, list[str]]:
    """``--workers N`` (or ``--workers=N``) out of ``arguments``, and the rest for scrapy."""
    rest: list[str] = []
    workers: str | None = None
    items = iter(arguments)
    for argument in items:
        if argument == "--workers":
            workers = next(items, "")
        elif argument.startswith("--workers="):
            workers = argument.partition("=")[2]
        else:
            rest.append(argument)
    if workers is None:
        return None, rest
    if not workers.isdigit() or int(workers) < 1:
        raise ValueError(f"--workers needs a number of workers, 1 or more, not {workers!r}")
    return int(workers), rest


def _setting(arguments: list[str], name: str) -> str | None:
    """The last ``-s NAME=VALUE`` of ``arguments`` (scrapy's rule: the last one wins)."""
    value = None
    for flag, given in itertools.pairwise(arguments):
        if flag == "-s" and given.startswith(f"{name}="):
            value = given.partition("=")[2]
    return value


def run_workers(count: int, arguments: list[str]) -> int:
    """Start ``count`` workers with ``arguments``, wait for all; the worst exit status.

    Each is ``scrapy crawl taz ARGUMENTS -s TAZ_CRAWL_ID=<id> -s TAZ_WORKER=w<i>``, with
    REDIS_URL from ``-s REDIS_URL=`` or the environment, and the Redis state store unless
    the arguments name a store (``TAZ_STATE_STORE``) or none (``TAZ_STATE_DB=``). SIGINT
    and SIGTERM are passed on, so each worker stops cleanly and the crawl can be started
    again with its id.
    """
    url = _setting(arguments, "REDIS_URL") or os.environ.get("REDIS_URL", "")
    if not url:
        print(
            f"{_PROG}: --workers needs REDIS_URL (-s REDIS_URL=redis://host:port/0)",
            file=sys.stderr,
        )
        return 2
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5).ping()
    except (redis.RedisError, ValueError) as exc:
        print(f"{_PROG}: REDIS_URL {url}: {exc}", file=sys.stderr)
        return 2
    crawl_id = _setting(arguments, "TAZ_CRAWL_ID") or new_crawl_id()
    shared_state: tuple[str, ...] = ()
    if _setting(arguments, "TAZ_STATE_STORE") is None and _setting(arguments, "TAZ_STATE_DB") != "":
        # The workers share what they know in the frontier's Redis: one run, its versions,
        # revisits and verdict, merged by the last worker (docs/workers.md, Shared state).
        shared_state = ("-s", f"TAZ_STATE_STORE={SHARED_STORE}")
    env = {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": os.environ.get("SCRAPY_SETTINGS_MODULE", "tazcrawler.settings"),
    }
    processes = []
    for number in range(1, count + 1):
        worker = f"w{number}"
        command = [
            *(sys.executable, "-m", "scrapy", "crawl", "taz", *arguments),
            *("-s", f"REDIS_URL={url}", "-s", f"TAZ_CRAWL_ID={crawl_id}"),
            *("-s", f"TAZ_WORKER={worker}"),
            *shared_state,
            # One stream on the terminal: each line says whose it is.
            *("-s", f"LOG_FORMAT=%(asctime)s {worker} [%(name)s] %(levelname)s: %(message)s"),
        ]
        processes.append(subprocess.Popen(command, env=env))
    print(f"{_PROG}: {count} workers of crawl {crawl_id}", file=sys.stderr)

    def forward(signum: int, frame: FrameType | None) -> None:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signum)

    previous = {s: signal.signal(s, forward) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        codes = [process.wait() for process in processes]
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    # A worker killed by a signal has a negative code: still a failure.
    return max((abs(code) for code in codes), default=0)
