"""Extraction speed of this checkout against another one, paired, and the fallback's cost.

    python -m bench.layers --baseline DIR [--seconds 3]

DIR is another checkout of the project (e.g. ``git archive <commit> | tar -x -C DIR``). Two
worker processes, one per checkout, extract the same pages (the real pages and 40 pages of
the generated site, as ``make bench`` does) with bench/extract.py's ``Extractor``: page
object and every pipeline. They take turns of 0.2 s CPU time on one core, so that whatever
else the shared machine does falls on both alike. Printed: pages per CPU second of each, the
ratio, the share of a bare lxml parse, and the cost of the generic fallback's body
(trafilatura) per real page, which only pages of an unknown template pay.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SITE_SEED = 1
TURN = 0.2


def _pages(root: Path) -> dict[str, list[tuple[bytes, str]]]:
    from testsite.generate import GeneratedSite
    from testsite.real_pages import real_pages_dir

    real = [
        (path.read_bytes(), "https://taz.de/Bench/!5928990/")
        for path in sorted(real_pages_dir(root).glob("*.html"))
    ]
    site = GeneratedSite(10_000, SITE_SEED)
    base = "http://127.0.0.1:8000"
    generated = [(site.page(i, base), base + site.article(i).path) for i in range(40)]
    return {"real": real, "generated": generated}


def _methods(with_fallback: bool) -> dict[str, Any]:
    import lxml.html

    from bench.extract import Extractor

    extractor = Extractor()

    def ours(body: bytes, url: str) -> object:
        extractor.forget()
        item = extractor(body, url)
        assert item is not None, url
        return item

    methods = {"extract": ours, "lxml": lambda body, url: lxml.html.fromstring(body)}
    if with_fallback:
        from tazcrawler.pages import ArticlePage, _fallback

        def fallback(body: bytes, url: str) -> object:
            page = ArticlePage.from_html(url, body)
            return _fallback.body(page.selector.root, {page.title() or ""})

        methods["fallback"] = fallback
    return methods


def worker(root: Path, with_fallback: bool) -> None:
    """Answer "<pages> <method>" lines on stdin with "<pages done> <CPU seconds>"."""
    sys.path.insert(0, str(root))
    # The bench package of that checkout, not the one this module was started from.
    for name in [m for m in sys.modules if m == "bench" or m.startswith("bench.")]:
        del sys.modules[name]
    os.chdir(root)
    pages = _pages(root)
    import tazcrawler

    assert Path(tazcrawler.__file__).resolve().is_relative_to(root), tazcrawler.__file__
    methods = _methods(with_fallback)
    for kind in pages.values():
        for method in methods.values():
            method(*kind[0])  # warm-up: imports, compiled XPaths, the schema
    print(json.dumps(sorted(methods)), flush=True)
    for line in sys.stdin:
        kind, name = line.split()
        function, done = methods[name], 0
        started = time.process_time()
        while time.process_time() - started < TURN:
            for body, url in pages[kind]:
                function(body, url)
            done += len(pages[kind])
        print(done, time.process_time() - started, flush=True)


def _start(root: Path, *options: str) -> tuple[subprocess.Popen[str], list[str]]:
    # Both on one core, so that they take turns on the same one.
    cpu = ["taskset", "-c", "0"] if shutil.which("taskset") else []
    process = subprocess.Popen(
        [*cpu, sys.executable, "-m", "bench.layers", "--worker", str(root), *options],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert process.stdout is not None
    return process, json.loads(process.stdout.readline())


def _turn(process: subprocess.Popen[str], kind: str, method: str) -> tuple[int, float]:
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write(f"{kind} {method}\n")
    process.stdin.flush()
    done, seconds = process.stdout.readline().split()
    return int(done), float(seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.layers", description=__doc__)
    parser.add_argument("--baseline", type=Path, help="another checkout to compare against")
    parser.add_argument("--seconds", type=float, default=3.0, help="CPU seconds per figure")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--fallback", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker(args.worker, args.fallback)
        return 0
    if args.baseline is None:
        parser.error("--baseline DIR is required")
    here, _ = _start(ROOT)
    base, _ = _start(args.baseline.resolve())
    # Its own process: importing trafilatura adds objects that every GC pass of the
    # others would walk, a cost a crawl pays only once the fallback is needed.
    fallback, _ = _start(ROOT, "--fallback")
    for kind in ("real", "generated"):
        turns = [(here, "extract"), (base, "extract"), (here, "lxml")]
        if kind == "real":
            turns.append((fallback, "fallback"))
        totals = {index: [0, 0.0] for index in range(len(turns))}
        while min(seconds for _, seconds in totals.values()) < args.seconds:
            for index, (process, method) in enumerate(turns):
                done, seconds = _turn(process, kind, method)
                totals[index][0] += done
                totals[index][1] += seconds
        rate = {index: done / seconds for index, (done, seconds) in totals.items()}
        print(
            f"{kind}: this checkout {rate[0]:.1f} pages/s, baseline {rate[1]:.1f} pages/s, "
            f"ratio {rate[0] / rate[1]:.3f}; bare lxml parse {rate[2]:.1f} pages/s "
            f"(ours {rate[0] / rate[2]:.0%} of it, baseline {rate[1] / rate[2]:.0%})"
        )
        if len(turns) == 4:
            fallback_ms, extract_ms = 1000 / rate[3], 1000 / rate[0]
            print(
                f"{kind}: the fallback's body (trafilatura) {fallback_ms:.1f} ms a page, "
                f"{fallback_ms / extract_ms:.1f}x a whole extraction ({extract_ms:.1f} ms); "
                "paid only by pages whose layout gives no body"
            )
    for process in (here, base, fallback):
        assert process.stdin is not None
        process.stdin.close()
        process.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
