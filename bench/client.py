"""The baseline crawler: plain aiohttp, breadth first along related links, same extraction.

``python -m bench.client SEED_URL --concurrency 16`` prints one JSON line: articles,
responses, elapsed seconds. ``--fetch-only URLS_FILE`` only fetches the listed URLs (the
server's own rate, no extraction).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from typing import Any

import aiohttp

from tazcrawler.urls import article_id


async def crawl(seed: str, concurrency: int, output: str | None) -> dict[str, Any]:
    """Breadth first from ``seed``, each article id fetched once, like the spider."""
    from bench.extract import Extractor

    extract = Extractor()
    seen = {article_id(seed)}
    queue: asyncio.Queue[str] = asyncio.Queue()
    queue.put_nowait(seed)
    counts = {"articles": 0, "responses": 0, "failed": 0}
    sink = open(output, "w", encoding="utf-8") if output else None  # noqa: SIM115
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            while True:
                url = await queue.get()
                try:
                    async with session.get(url) as response:
                        body = await response.read()
                        status, final_url = response.status, str(response.url)
                    counts["responses"] += 1
                    if status != 200:
                        counts["failed"] += 1
                        continue
                    # On the event loop, as Scrapy runs its callbacks on the reactor thread.
                    item = extract(body, final_url)
                    if item is None:
                        continue
                    counts["articles"] += 1
                    if sink is not None:
                        sink.write(json.dumps(item, ensure_ascii=False) + "\n")
                    for link in item["related"]:
                        target = link["article_id"]
                        if target and target not in seen:
                            seen.add(target)
                            queue.put_nowait(link["url"])
                finally:
                    queue.task_done()

        started = time.perf_counter()
        workers = [asyncio.create_task(worker()) for _ in range(concurrency)]
        await queue.join()
        elapsed = time.perf_counter() - started
        for task in workers:
            task.cancel()
    if sink is not None:
        sink.close()
    return {**counts, "elapsed": elapsed}


async def fetch_all(urls: list[str], concurrency: int) -> dict[str, Any]:
    """Fetch ``urls`` as fast as the server answers; no parsing."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    total = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            nonlocal total
            while not queue.empty():
                async with session.get(queue.get_nowait()) as response:
                    total += len(await response.read())

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"responses": len(urls), "bytes": total, "elapsed": elapsed}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.client")
    parser.add_argument("seed", nargs="?", help="seed article URL (crawl mode)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--output", help="write the articles as JSON lines here")
    parser.add_argument("--fetch-only", metavar="URLS_FILE", help="only fetch these URLs")
    args = parser.parse_args(argv)
    if args.fetch_only:
        with open(args.fetch_only, encoding="utf-8") as lines:
            urls = [line.strip() for line in lines if line.strip()]
        result = asyncio.run(fetch_all(urls, args.concurrency))
    else:
        result = asyncio.run(crawl(args.seed, args.concurrency, args.output))
    print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
