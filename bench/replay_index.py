"""Cost of checking every record when a replay builds its index, against reading headers only.

``python -m bench.replay_index [--articles N] [--runs R]``: writes a WARC of N generated
article pages (real page size, gzip members at the crawl's level), then times building the
index the old way (each record's headers, the rest skipped by warcio) and the checked way
(``tazcrawler.archive._check.checked_records``: every block read, its length and SHA-1
digests checked), and prints both and their ratio. Not a test: it never fails.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from io import BytesIO
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tazcrawler.archive._check import checked_records
from tazcrawler.archive.writer import GzipMembers
from tazcrawler.settings import TAZ_WARC_GZIP_LEVEL
from testsite.generate import GeneratedSite

BASE = "http://taz-bench.test"


def write_warc(path: Path, articles: int) -> int:
    site = GeneratedSite(articles)
    with path.open("wb") as file:
        writer = WARCWriter(GzipMembers(file, TAZ_WARC_GZIP_LEVEL), gzip=False)
        for index in range(articles):
            body = site.page(index, BASE)
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"{BASE}/a/!{site.article_ids()[index]}/",
                "response",
                payload=BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
            writer.write_record(record)
    return path.stat().st_size


def headers_only(path: Path) -> int:
    """What WarcIndex did before: the headers of each response, its block left unread."""
    count = 0
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response" and record.http_headers is not None:
                count += 1
    return count


def checked(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(1 for c in checked_records(stream) if c.problem is None)


def timed(function: object, path: Path, runs: int) -> tuple[float, int]:
    times, result = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        result = function(path)  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.replay_index")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "bench.warc.gz"
        size = write_warc(path, args.articles)
        old, n_old = timed(headers_only, path, args.runs)
        new, n_new = timed(checked, path, args.runs)
    print(f"WARC of {args.articles} pages, {size / 1e6:.1f} MB, median of {args.runs} runs")
    print(f"  headers only (before): {old:.2f} s  ({n_old} responses)")
    print(f"  every record checked:  {new:.2f} s  ({n_new} whole records)")
    print(f"  ratio checked / headers only: {new / old:.2f}")


if __name__ == "__main__":
    main()
