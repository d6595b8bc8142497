"""The ``tazcrawler`` command: ``crawl``, ``extract`` or ``explain`` one page, ``sample``,
``reextract``, ``consolidate``, ``graph``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from tazcrawler import reextract as archived
from tazcrawler.archive.ahead import MIN_BYTES_AHEAD
from tazcrawler.offline import ExtractionError, extract_html, extract_text, project_settings
from tazcrawler.pages.text_edition import is_text_edition_url

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tazcrawler", description="Crawl taz.de into a clean, reproducible dataset."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    # Listed for --help only: main() hands everything after "crawl" to scrapy untouched.
    commands.add_parser(
        "crawl",
        help="scrapy crawl taz with this project's settings, from any folder "
        "(e.g. crawl -a seed=URL -s TAZ_CONTACT=you@example.org); --workers N: N workers "
        "on one frontier in Redis (-s REDIS_URL=...)",
        add_help=False,
    )

    extract = commands.add_parser(
        "extract", help="run the page object and all pipelines on one saved page; print JSON"
    )
    extract.add_argument(
        "page", type=Path, help="a saved taz.de page (HTML) or text edition (gopher menu)"
    )
    extract.add_argument(
        "--url",
        help="the URL the page was fetched from (needed for HTML; a gopher URL for a menu)",
    )

    explain = commands.add_parser(
        "explain",
        help="show, for each field of one saved page, its value and the layer that gave it",
    )
    explain.add_argument("page", type=Path, help="a saved taz.de page (HTML file)")
    explain.add_argument("--url", required=True, help="the URL the page was fetched from")

    sample = commands.add_parser(
        "sample", help="crawl the bundled sample: replay its WARC offline, no network"
    )
    sample.add_argument("--output", default="output", help="output folder (default: output)")
    sample.add_argument(
        "-a",
        dest="spider_args",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a spider argument for scrapy crawl, e.g. -a max_depth=1",
    )
    sample.add_argument(
        "-s",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for scrapy crawl, e.g. -s LOG_LEVEL=INFO",
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
        help="processes that read the archived pages ahead (default: one per core, for "
        f"archives of {MIN_BYTES_AHEAD >> 20} MiB or more); the output is that of one",
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

    graph = commands.add_parser(
        "graph",
        help="summarise the link graph of an output folder and draw the seed's neighbourhood",
    )
    graph.add_argument("output", type=Path, help="an output folder (with graph.graphml)")
    graph.add_argument(
        "--picture",
        type=Path,
        help="where to draw, without suffix: writes .png and .svg "
        "(default: OUTPUT/graph-neighbourhood)",
    )

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["crawl"]:
        return _crawl(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "graph":
        return _graph(args.output, args.picture)
    if args.command == "extract":
        return _extract(args.page, args.url)
    if args.command == "explain":
        return _explain(args.page, args.url)
    if args.command == "consolidate":
        return _consolidate(Path(args.output), args.to)
    if args.command == "reextract":
        return archived.reextract(args.warcs, args.output, args.scrapy_args, workers=args.workers)
    scrapy_args = [
        *(part for argument in args.spider_args for part in ("-a", argument)),
        *(part for setting in args.settings for part in ("-s", setting)),
    ]
    return archived.replay_sample(args.output, scrapy_args)


def _crawl(arguments: list[str]) -> int:
    """``scrapy crawl taz ARGUMENTS`` in this process, with this project's settings."""
    # Scrapy finds a project by a scrapy.cfg in the working folder or by this variable; an
    # installed tazcrawler has no scrapy.cfg beside the user's folder. A module the user
    # names (their own settings on top of ours) wins.
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "tazcrawler.settings")
    from scrapy.cmdline import execute

    if arguments[:1] == ["taz"]:  # "tazcrawler crawl taz ...", as one would type scrapy crawl
        arguments = arguments[1:]
    from tazcrawler.commands._workers import run_workers, split_workers

    try:
        workers, arguments = split_workers(arguments)
    except ValueError as exc:
        print(f"tazcrawler crawl: {exc}", file=sys.stderr)
        return 2
    if workers is not None:
        return run_workers(workers, arguments)
    try:
        execute(["scrapy", "crawl", "taz", *arguments])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    return 0


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


def _explain(page: Path, url: str) -> int:
    from tazcrawler.explain import explain_page
    from tazcrawler.pages import ArticlePage

    try:
        body = page.read_bytes()
    except OSError as exc:
        print(f"tazcrawler explain: cannot read {page}: {exc.strerror}", file=sys.stderr)
        return 2
    print(explain_page(ArticlePage.from_html(url, body)))
    return 0


def _graph(output: Path, picture: Path | None) -> int:
    from tazcrawler import graph as links

    path = output / "graph.graphml"
    if not path.is_file():
        print(f"tazcrawler graph: no graph.graphml in {output}", file=sys.stderr)
        return 2
    network = links.read_graph(path)
    print(links.format_summary(links.summarize(network)))
    seed = links.seed_of(network)
    if seed is None:
        print("no start article (depth 0) in the graph: nothing drawn")
        return 0
    stem = picture or output / "graph-neighbourhood"
    files = [stem.with_name(f"{stem.name}.png"), stem.with_name(f"{stem.name}.svg")]
    links.draw_neighbourhood(network, seed, files)
    print("", *(f"drawn: {file}" for file in files), sep="\n")
    return 0


def _extract(page: Path, url: str | None) -> int:
    # The crawl's own bound on a page: /dev/zero or a pipe must not be read without end.
    limit = project_settings().getint("DOWNLOAD_MAXSIZE")
    try:
        with page.open("rb") as file:
            body = file.read(limit + 1)
    except OSError as exc:
        print(f"tazcrawler extract: cannot read {page}: {exc.strerror}", file=sys.stderr)
        return 2
    if len(body) > limit:
        print(
            f"tazcrawler extract: {page} is larger than {limit} bytes (DOWNLOAD_MAXSIZE), "
            "not an article page",
            file=sys.stderr,
        )
        return 2
    # An HTML page starts with markup; the text edition never does.
    is_html = body.lstrip()[:1] == b"<"
    if url is None and is_html:
        print(
            f"tazcrawler extract: {page} is HTML: give --url, the URL it was fetched from",
            file=sys.stderr,
        )
        return 2
    try:
        if is_html and not is_text_edition_url(url or ""):
            article = extract_html(body, url or "")
        else:
            article = extract_text(body, url or page.resolve().as_uri())
    except ExtractionError as exc:
        print(f"tazcrawler extract: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(article, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
