"""Reading a full-size sitemap (50,000 URLs, the protocol's maximum) into seeds.

``python -m bench.listings [--urls N] [--repeat R]`` prints the best time of R rounds of
Scrapy's bare ``Sitemap`` iteration (the baseline: what ``SitemapSpider`` does), of
``read_listing`` (the same parse plus dates and absolute URLs) and of ``read_listing`` with
the ``SeedFilter``, and their ratios to the baseline.
"""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from scrapy.http import XmlResponse
from scrapy.utils.sitemap import Sitemap

from tazcrawler.discovery import SeedFilter, read_listing

if TYPE_CHECKING:
    from collections.abc import Callable

BASE = "https://taz.de"


def sitemap(urls: int) -> bytes:
    rows = "".join(
        f"<url><loc>{BASE}/Artikel-{i}/!{4_000_000 + i}/</loc>"
        f"<lastmod>2026-11-30T{i % 24:02d}:00:00+01:00</lastmod></url>"
        for i in range(urls)
    )
    return f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'.encode()


def best(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.listings")
    parser.add_argument("--urls", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    body = sitemap(args.urls)
    response = XmlResponse(f"{BASE}/sitemap.xml", body=body)

    def seeds() -> None:
        chooser = SeedFilter(BASE, None, args.urls)
        for entry in read_listing(response, len(body) + 1).entries:
            chooser.skip_reason(entry)

    baseline = best(lambda: sum(1 for _ in Sitemap(body)), args.repeat)
    figures = {
        "scrapy Sitemap (baseline)": baseline,
        "read_listing": best(lambda: read_listing(response, len(body) + 1), args.repeat),
        "read_listing + SeedFilter": best(seeds, args.repeat),
    }
    print(f"{args.urls} URLs, {len(body) / 1e6:.1f} MB, best of {args.repeat}")
    for name, seconds in figures.items():
        print(f"{name:28} {seconds:7.3f} s  {seconds / baseline:5.2f}x baseline")


if __name__ == "__main__":
    main()
