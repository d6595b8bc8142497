"""The ``tazcrawler`` command: ``extract`` one saved page, ``sample`` crawl the bundled site."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from tazcrawler.offline import ExtractionError, extract_html

__all__ = ["main"]

SAMPLE_SEED_ID = "1000001"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tazcrawler", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser(
        "extract", help="run the page object and all pipelines on one saved page; print JSON"
    )
    extract.add_argument("page", type=Path, help="a saved taz.de page (HTML file)")
    extract.add_argument("--url", required=True, help="the URL the page was fetched from")

    sample = commands.add_parser(
        "sample", help="crawl the bundled offline sample site (started and stopped here)"
    )
    sample.add_argument("--output", default="output", help="output folder (default: output)")
    sample.add_argument(
        "scrapy_args",
        nargs=argparse.REMAINDER,
        help="further arguments for scrapy crawl, e.g. -a max_depth=1",
    )

    args = parser.parse_args(argv)
    if args.command == "extract":
        return _extract(args.page, args.url)
    return _sample(args.output, args.scrapy_args)


def _extract(page: Path, url: str) -> int:
    try:
        body = page.read_bytes()
    except OSError as exc:
        print(f"tazcrawler extract: cannot read {page}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        article = extract_html(body, url)
    except ExtractionError as exc:
        print(f"tazcrawler extract: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(article, ensure_ascii=False, indent=2))
    return 0


def _sample(output: str, scrapy_args: list[str]) -> int:
    from tazcrawler.testsite import serve

    with serve() as base_url:
        command = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "taz",
            "-a",
            f"seed={base_url}/!{SAMPLE_SEED_ID}/",
            "-s",
            f"TAZ_BASE_URL={base_url}",
            "-s",
            f"TAZ_OUTPUT_DIR={output}",
            # The local site needs no politeness; the live defaults stay as they are.
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
            *scrapy_args,
        ]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tazcrawler.settings"}
        return subprocess.run(command, env=env, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
