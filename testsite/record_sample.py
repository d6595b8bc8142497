"""Record the bundled sample archive again: ``python -m testsite.record_sample``.

Serves the test site on 127.0.0.1 and crawls it with ``scrapy crawl taz`` through that
server as an HTTP proxy, so the pages and the archive name the sample's reserved host
(``taz-sample.test``), not a port. Writes ``tazcrawler/sample/sample.warc.gz`` (or the WARC
given), which the installed ``tazcrawler sample`` replays; with ``--no-record`` it only
crawls. ``make sample-warc`` runs it; the wheel carries the archive, never the site.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tazcrawler.reextract import scrapy_crawl
from tazcrawler.sample import SAMPLE_BASE_URL, SAMPLE_SEED, SAMPLE_WARC
from testsite.server import serve

__all__ = ["crawl_sample", "main"]


def crawl_sample(output: str, scrapy_args: list[str], *, record: str | None = None) -> int:
    """Crawl the local test site live under the sample's host name; archive to ``record``."""
    arguments = [
        "-a",
        f"seed={SAMPLE_SEED}",
        "-s",
        f"TAZ_BASE_URL={SAMPLE_BASE_URL}",
        # Invented articles get canonical URLs on the sample's host, not on taz.de.
        "-s",
        f"TAZ_CANONICAL_BASE={SAMPLE_BASE_URL}",
        "-s",
        f"TAZ_OUTPUT_DIR={output}",
        # The local site needs no politeness; one request at a time keeps the order fixed.
        "-s",
        "DOWNLOAD_DELAY=0",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "CONCURRENT_REQUESTS=1",
        "-s",
        f"TAZ_CRAWL_ID={'sample' if record else ''}",
    ]
    if record:
        # Regenerating replaces the archive; a crawl never overwrites one by itself.
        Path(record).unlink(missing_ok=True)
        arguments += ["-s", f"TAZ_WARC_FILE={record}"]
    with serve() as base_url:
        # The test site as Scrapy's HTTP proxy: requests for http://taz-sample.test/... reach
        # it with that Host header, so the pages and the archive name that host, not a port.
        proxy = {"http_proxy": base_url, "no_proxy": "", "NO_PROXY": ""}
        return scrapy_crawl([*arguments, *scrapy_args], env=proxy)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m testsite.record_sample",
        description="Crawl the local test site as the bundled sample and archive it.",
    )
    parser.add_argument(
        "warc",
        nargs="?",
        default=str(SAMPLE_WARC),
        help="where to write the archive (default: the bundled %(default)s)",
    )
    parser.add_argument("--output", default="output/sample-record", help="output folder")
    parser.add_argument(
        "--no-record", action="store_true", help="crawl the site only, write no archive"
    )
    parser.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for the crawl, e.g. -s LOG_LEVEL=INFO",
    )
    args = parser.parse_args(argv)
    scrapy_args = [part for setting in args.settings for part in ("-s", setting)]
    return crawl_sample(args.output, scrapy_args, record=None if args.no_record else args.warc)


if __name__ == "__main__":
    sys.exit(main())
