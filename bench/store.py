"""The state store's cost per page: the shared Redis store against the embedded SQLite one.

``python -m bench.store [--articles N]`` makes the store calls a crawl makes for each page, on
both backends in this process: a first run (the revisit middleware's ``standing``, the
versioning pipeline's ``visited``, ``current`` and ``record_version``), then a re-run where
nothing is due (``standing``, ``record_known``, ``current``). It prints the time per page of
each and the ratio Redis / SQLite. Redis is a real redis-server on 127.0.0.1
(``testsite.redis_server``), so a round trip is a local socket's; across machines add the
network's round trip per call.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tazcrawler.runs.redis_store import RedisStore
from tazcrawler.runs.sqlite import SQLiteStore
from tazcrawler.runs.store import ArticleState
from testsite.redis_server import RedisServer

if TYPE_CHECKING:
    from tazcrawler.runs.store import StateStore

FIRST, SECOND = "20260101T000000Z-first", "20260102T000000Z-again"


def first_run(store: StateStore, ids: list[str]) -> None:
    now = "2026-01-01T00:00:00Z"
    for article_id in ids:
        store.standing(FIRST, article_id, 86400, now)
        store.visited(FIRST, article_id)
        known = store.current(article_id)
        store.record_version(
            FIRST,
            ArticleState(
                article_id=article_id,
                url=f"https://taz.de/!{article_id}/",
                content_sha256="a" * 64,
                version=1 if known is None else known.version + 1,
                first_seen=now,
                last_seen=now,
                published="2026-01-01T00:00:00+01:00",
                modified=None,
                related=tuple((str(int(article_id) + k), f"https://taz.de/!{k}/") for k in (1, 2)),
            ),
            depth=1,
            filled=("authors", "paragraphs", "published", "related", "title"),
        )


def rerun(store: StateStore, ids: list[str]) -> None:
    for article_id in ids:
        assert store.standing(SECOND, article_id, 86400, "2026-01-01T01:00:00Z") == "not_due"
        store.record_known(SECOND, article_id, 1)
        store.current(article_id)


def measure(store: StateStore, ids: list[str]) -> tuple[float, float]:
    store.verify()
    start = time.perf_counter()
    first_run(store, ids)
    middle = time.perf_counter()
    rerun(store, ids)
    end = time.perf_counter()
    store.close()
    return (middle - start) / len(ids), (end - middle) / len(ids)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store", description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    args = parser.parse_args(argv)
    ids = [str(1_000_000 + n) for n in range(args.articles)]
    with tempfile.TemporaryDirectory() as folder, RedisServer() as server:
        sqlite = measure(SQLiteStore(Path(folder) / "state.sqlite3"), ids)
        shared = measure(RedisStore(server.url), ids)
    print(f"state store per page, {args.articles} articles (microseconds)")
    print(f"{'':10} {'first run':>10} {'re-run':>10}")
    print(f"{'sqlite':10} {sqlite[0] * 1e6:10.0f} {sqlite[1] * 1e6:10.0f}")
    print(f"{'redis':10} {shared[0] * 1e6:10.0f} {shared[1] * 1e6:10.0f}")
    print(f"{'ratio':10} {shared[0] / sqlite[0]:10.2f} {shared[1] / sqlite[1]:10.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
