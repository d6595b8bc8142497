"""Run the taz test site: ``python -m testsite [--host H] [--port N] [--articles N]``.

The first line on stdout is the base URL ("http://127.0.0.1:PORT"), the way Scrapy's test
mock server announces its address; the second and last is the command that crawls the site
(its seed, the site and canonical base, no politeness delays). Requests are logged to
stderr, one line each. The server stops, exiting 0, on SIGTERM or SIGINT, or when stdin is a
pipe and reaches end of file (so it dies with a parent that forgets to stop it).
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import signal
import stat
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from testsite.content import SEED_ID
from testsite.server import serve

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["crawl_command", "main"]


def crawl_command(base: str, seed_id: str, output: str = "output/testsite") -> list[str]:
    """The ``tazcrawler crawl`` command line for the test site at ``base``.

    The invented articles get canonical URLs on the site itself (TAZ_CANONICAL_BASE), never
    taz.de ones; the output goes to its own folder (``output``), apart from real crawls and
    from the other sites (their run histories would mix).
    """
    return [
        _tazcrawler(),
        "crawl",
        *("-a", f"seed={base}/!{seed_id}/"),
        *("-s", f"TAZ_BASE_URL={base}"),
        *("-s", f"TAZ_CANONICAL_BASE={base}"),
        *("-s", f"TAZ_OUTPUT_DIR={output}"),
        # A local site needs none of the live site's politeness delays.
        *("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"),
    ]


def _tazcrawler() -> str:
    """How to call the tazcrawler command of this interpreter's environment from here."""
    beside = Path(sys.executable).with_name("tazcrawler")
    if not beside.exists() or shutil.which("tazcrawler") == str(beside):
        return "tazcrawler"
    relative = os.path.relpath(beside)
    return relative if not relative.startswith("..") else str(beside)


def _stdin_is_pipe() -> bool:
    # A terminal, /dev/null or a file must not stop the server: only a parent's pipe.
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (AttributeError, OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode)


def _watch_stdin(stop: threading.Event) -> None:
    # os.read, not sys.stdin: a daemon thread blocked inside a buffered reader holds its lock
    # and makes the interpreter abort at exit.
    try:
        while os.read(sys.stdin.fileno(), 65536):
            pass
    except (OSError, ValueError):
        pass
    stop.set()


def main_changed(
    change: Callable[[Any], None], usage: str | None, argv: list[str] | None = None
) -> int:
    """``python -m testsite.<module> FILE [ARGS]``: ``change`` applied to FILE's JSON, then
    the site served with ARGS; without FILE, ``usage`` on stderr and exit status 2."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(usage, file=sys.stderr)
        return 2
    change(json.loads(Path(args[0]).read_text(encoding="utf-8")))
    return main(args[1:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m testsite", description="Serve the local taz test site."
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument("--port", type=int, default=0, help="port to bind; 0 picks a free one")
    parser.add_argument(
        "--articles",
        type=int,
        metavar="N",
        help="serve a generated site of N articles (10..100000) instead of the sample site",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated site")
    args = parser.parse_args(argv)
    site, listings, seed_id, output = None, None, SEED_ID, "output/testsite"
    if args.articles is not None:
        from testsite.generate import GeneratedSite

        try:
            generated = GeneratedSite(args.articles, args.seed)
        except ValueError as exc:
            parser.error(str(exc))
        site, listings, seed_id = generated.route, generated.listings, generated.seed_id
        output = f"output/generated-{args.articles}-{args.seed}"

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    with serve(args.host, args.port, log_requests=True, site=site, listings=listings) as base:
        print(base, shlex.join(crawl_command(base, seed_id, output)), sep="\n", flush=True)
        if _stdin_is_pipe():
            watcher = threading.Thread(target=_watch_stdin, args=(stop,), name="stdin-eof")
            watcher.daemon = True
            watcher.start()
        # A timeout keeps the main thread responsive to signals on every platform.
        while not stop.wait(timeout=0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
