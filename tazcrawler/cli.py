"""The ``tazcrawler`` command: ``extract`` one page, ``sample`` crawl the sample, ``reextract``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tazcrawler import reextract as archived
from tazcrawler.offline import ExtractionError, extract_html
from tazcrawler.sample import SAMPLE_WARC

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tazcrawler", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    extract = commands.add_parser(
        "extract", help="run the page object and all pipelines on one saved page; print JSON"
    )
    extract.add_argument("page", type=Path, help="a saved taz.de page (HTML file)")
    extract.add_argument("--url", required=True, help="the URL the page was fetched from")

    sample = commands.add_parser(
        "sample",
        help="crawl the bundled sample: replay its WARC offline (--live: the local test site)",
    )
    sample.add_argument("--output", default="output", help="output folder (default: output)")
    mode = sample.add_mutually_exclusive_group()
    mode.add_argument(
        "--live", action="store_true", help="crawl the local test site instead (started here)"
    )
    mode.add_argument(
        "--record",
        nargs="?",
        const=str(SAMPLE_WARC),
        metavar="WARC",
        help="crawl the local test site and archive it as the bundled sample (or to WARC)",
    )
    sample.add_argument(
        "scrapy_args",
        nargs=argparse.REMAINDER,
        help="further arguments for scrapy crawl, e.g. -a max_depth=1",
    )

    reextract = commands.add_parser(
        "reextract",
        help="run extraction again over archived crawls (WARC files), offline, into --output",
    )
    reextract.add_argument("warcs", type=Path, nargs="+", metavar="WARC", help="WARC files")
    reextract.add_argument("--output", required=True, help="output folder")
    reextract.add_argument(
        "--workers",
        type=_positive,
        default=archived.cores(),
        help="processes that read the archived pages ahead (default: the cores, here "
        f"{archived.cores()}); the output is that of one",
    )
    reextract.add_argument(
        "--scrapy",
        dest="scrapy_args",
        nargs=argparse.REMAINDER,
        default=[],
        help="further arguments for scrapy crawl, e.g. --scrapy -s LOG_LEVEL=DEBUG",
    )

    consolidate = commands.add_parser(
        "consolidate",
        help="build the dataset across runs: latest version of each article, merged graph",
    )
    consolidate.add_argument(
        "--output", default="output", help="the crawl's output folder (default: output)"
    )
    consolidate.add_argument(
        "--to", type=Path, help="write the dataset here (default: the output folder itself)"
    )

    args = parser.parse_args(argv)
    if args.command == "extract":
        return _extract(args.page, args.url)
    if args.command == "consolidate":
        return _consolidate(Path(args.output), args.to)
    if args.command == "reextract":
        return archived.reextract(args.warcs, args.output, args.scrapy_args, workers=args.workers)
    if args.live or args.record:
        return archived.crawl_sample(args.output, args.scrapy_args, record=args.record)
    return archived.replay_sample(args.output, args.scrapy_args)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return number


def _consolidate(output: Path, target: Path | None) -> int:
    from tazcrawler.runs.dataset import consolidate

    if not (output / "runs").is_dir():
        print(f"tazcrawler consolidate: no runs in {output}/runs", file=sys.stderr)
        return 2
    counts = consolidate(output, target)
    print(f"{counts['articles']} articles from {counts['runs']} runs -> {target or output}")
    return 0


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


if __name__ == "__main__":
    sys.exit(main())
