"""Workers on one Redis frontier against the in-process frontier, on the generated site.

``python -m bench.workers [--articles N]`` crawls the whole site (default 2,000 articles)
with the politeness budget lifted (no delays, 16 at a time, TAZ_SHARED_BUDGET off): once in
one process with the in-process frontier, then with the Redis frontier as 1, 2 and 4
workers (``tazcrawler crawl --workers N``). It prints each one's wall time and articles a
second, and its ratio to the in-process crawl; then what one blocking scrapy-redis call
costs the event loop (a pop and an acknowledgement, each a round trip).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis
import scrapy

from bench.run import CRAWL_SETTINGS, LEAN, PYTHON, ROOT, SITE_SEED, site_server
from tazcrawler.frontier.redis_queue import LeasedPriorityQueue
from testsite.generate import GeneratedSite
from testsite.redis_server import RedisServer

TAZCRAWLER = str(Path(PYTHON).with_name("tazcrawler"))


def crawl(base: str, seed: str, output: Path, workers: int, redis_url: str) -> tuple[float, int]:
    """Wall seconds and articles written."""
    settings = {
        **CRAWL_SETTINGS,
        **LEAN,
        "TAZ_CRAWL_ID": f"bench-{workers}",
        "TAZ_BASE_URL": base,
        "TAZ_OUTPUT_DIR": str(output),
        "TAZ_HEALTH_ENABLED": "False",
        "TAZ_SHARED_BUDGET": "False",
    }
    if workers:
        settings["REDIS_URL"] = redis_url
        command = [TAZCRAWLER, "crawl", "--workers", str(workers)]
    else:
        command = [PYTHON, "-m", "scrapy", "crawl", "taz"]
    command += ["-a", f"seed={seed}", "-a", "max_depth=100000", "-a", "max_articles=10000000"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    with (output.parent / f"{output.name}.log").open("wb") as log:
        started = time.perf_counter()
        status = subprocess.run(command, cwd=ROOT, stdout=log, stderr=log, check=False)
        wall = time.perf_counter() - started
    if status.returncode:
        sys.exit(f"crawl with {workers} workers failed; see {output}.log")
    files = (
        output.glob("runs/*/workers/*/articles.jsonl") if workers else [output / "articles.jsonl"]
    )
    return wall, sum(path.read_bytes().count(b"\n") for path in files)


class _Spider(scrapy.Spider):
    name = "bench"

    def parse(self, response: object) -> None:
        pass


def call_cost(redis_url: str, calls: int = 2000) -> float:
    """Milliseconds the event loop is blocked by one pop plus one acknowledgement."""
    queue = LeasedPriorityQueue(redis.Redis.from_url(redis_url), _Spider(), "bench:requests")
    for number in range(calls):
        queue.push(scrapy.Request(f"http://127.0.0.1/Slug/!{number}/", meta={"depth": 0}))
    started = time.perf_counter()
    for _ in range(calls):
        queue.ack([queue.lease().entry])
    return (time.perf_counter() - started) / calls * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.workers", description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args(argv)
    site = GeneratedSite(args.articles, SITE_SEED)
    rows = []
    with RedisServer() as server, site_server(args.articles) as base:
        seed = f"{base}/!{site.seed_id}/"
        with tempfile.TemporaryDirectory(prefix="bench-workers-") as folder:
            for workers in (0, 1, 2, 4):
                wall, articles = crawl(
                    base, seed, Path(folder) / f"w{workers}", workers, server.url
                )
                rows.append((workers, wall, articles))
        cost = call_cost(server.url)
    baseline = rows[0][2] / rows[0][1]
    print(f"{args.articles} articles, budget lifted, 2 cores shared by crawlers and site")
    print(f"{'frontier':<26}{'wall s':>8}{'articles':>10}{'art/s':>8}{'ratio':>7}")
    for workers, wall, articles in rows:
        label = "in-process, 1 process" if not workers else f"Redis, {workers} worker(s)"
        rate = articles / wall
        print(f"{label:<26}{wall:>8.1f}{articles:>10}{rate:>8.1f}{rate / baseline:>7.2f}")
    print(f"one blocking pop + acknowledgement: {cost:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
