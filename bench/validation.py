"""Schema validation per record: jsonschema-rs (the pipeline's check) against jsonschema.

    python -m bench.validation [articles.jsonl]

Without a file, the records are made from generated pages by the page object and all
pipelines, as a crawl makes them. Prints microseconds a valid record and the ratio.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable


def generated_records(count: int) -> list[dict[str, Any]]:
    from tazcrawler.offline import extract_html
    from testsite.generate import GeneratedSite

    site, base = GeneratedSite(max(count, 10), seed=1), "http://127.0.0.1:8000"
    return [extract_html(site.page(i, base), base + site.article(i).path) for i in range(count)]


def per_record_us(check: Callable[[Any], bool], records: list[dict[str, Any]], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        for record in records:
            if not check(record):
                raise SystemExit(f"not valid: {record.get('article_id')}")
        best = min(best, time.perf_counter() - started)
    return best / len(records) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.validation", description=__doc__)
    parser.add_argument("records", nargs="?", type=Path, help="an articles.jsonl of a crawl")
    parser.add_argument("--articles", type=int, default=500, help="generated records")
    parser.add_argument("--runs", type=int, default=5, help="best of this many passes")
    args = parser.parse_args(argv)

    from tazcrawler.schema import article_checker, article_validator

    if args.records:
        lines = args.records.read_text(encoding="utf-8").splitlines()
        records, source = [json.loads(line) for line in lines], str(args.records)
    else:
        records, source = generated_records(args.articles), "generated pages"
    fast = per_record_us(article_checker().is_valid, records, args.runs)
    slow = per_record_us(article_validator().is_valid, records, 1)
    print(f"[validation] {len(records)} records ({source}), Draft 2020-12 with formats")
    print(f"  jsonschema-rs (pipeline): {fast:.1f} µs a record")
    print(f"  jsonschema (baseline):    {slow:.1f} µs a record ({slow / fast:.0f}x slower)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
