"""Extraction cost in CPU instructions, counted by valgrind: a figure the machine's load
does not move.

    python -m bench.instructions [--pages 10] [--methods tazcrawler,lxml] [--baseline DIR]

Wall and CPU time on a shared machine move by tens of percent from run to run (BENCHMARKS.md);
callgrind counts the instructions a process executes, the same on a loaded machine as on an
idle one. Not quite the same from run to run: libxml2 seeds its dictionary's hash at random
in each process, so the same code's count of a generated page moves by up to 0.4 M (1.5%):
compare two versions over several runs each, or without libxml2's dictionary lookup (in
callgrind_annotate's list). Each method runs in its own process under ``valgrind
--tool=callgrind``, warmed up (two passes over the pages: imports, compiled XPaths, the
schema), and only the loop over the
pages is counted: it runs inside ``functools.reduce``, and callgrind collects only while that
C function runs (``--toggle-collect``). Printed: instructions a page for each method and page
set, and ours as a share of lxml's parse (``lxml.html.fromstring``, the wall benchmark's
baseline). ``--baseline DIR`` counts another checkout's extraction too (e.g. one made with
``git archive <commit> | tar -x -C DIR``). Needs valgrind (``apt-get install valgrind``);
about a minute a process under load. Not a test, and not part of ``make bench``.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SITE_SEED = 1
COLLECTED = re.compile(r"Collected : (\d+)")


def _pages(root: Path, kind: str, count: int) -> list[tuple[bytes, str]]:
    from testsite.generate import GeneratedSite
    from testsite.real_pages import real_pages_dir

    if kind == "real":
        return [
            (path.read_bytes(), "https://taz.de/Bench/!5928990/")
            for path in sorted(real_pages_dir(root).glob("*.html"))
        ]
    site = GeneratedSite(10_000, SITE_SEED)
    base = "http://127.0.0.1:8000"
    return [(site.page(i, base), base + site.article(i).path) for i in range(count)]


def _method(name: str) -> Any:
    if name == "tazcrawler":
        from bench.extract import Extractor

        extractor = Extractor()

        def ours(body: bytes, url: str) -> object:
            extractor.forget()
            item = extractor(body, url)
            assert item is not None, url
            return item

        return ours
    from bench.run import baselines

    return baselines()[name]


def worker(root: Path, kind: str, count: int, name: str) -> None:
    """Run ``name`` over the pages, the counted loop inside functools.reduce."""
    sys.path.insert(0, str(root))
    for module in [m for m in sys.modules if m.split(".")[0] in ("bench", "tazcrawler")]:
        del sys.modules[module]
    os.chdir(root)
    import tazcrawler

    assert Path(tazcrawler.__file__).resolve().is_relative_to(root), tazcrawler.__file__
    pages = _pages(root, kind, count)
    function = _method(name)
    for _ in range(2):
        for body, url in pages:
            function(body, url)
    functools.reduce(lambda _, page: function(*page), pages, None)
    print(len(pages))


def count(root: Path, kind: str, pages: int, name: str) -> tuple[int, int]:
    """(instructions counted, pages) for one method in its own process under callgrind."""
    with tempfile.TemporaryDirectory() as folder:
        command = [
            "valgrind",
            "--tool=callgrind",
            "--collect-atstart=no",
            "--toggle-collect=functools_reduce",
            f"--callgrind-out-file={folder}/callgrind.out",
            sys.executable,
            "-m",
            "bench.instructions",
            "--worker",
            f"{root},{kind},{pages},{name}",
        ]
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(root)},
            check=True,
        )
    found = COLLECTED.search(result.stderr)
    assert found, result.stderr[-2000:]
    return int(found.group(1)), int(result.stdout.split()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.instructions", description=__doc__)
    parser.add_argument("--pages", type=int, default=10, help="generated pages (default 10)")
    parser.add_argument("--methods", default="tazcrawler,lxml", help="also: trafilatura")
    parser.add_argument("--baseline", type=Path, help="another checkout's extraction too")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        root, kind, pages, name = args.worker.split(",")
        worker(Path(root), kind, int(pages), name)
        return 0
    if shutil.which("valgrind") is None:
        print("bench.instructions needs valgrind (apt-get install valgrind)", file=sys.stderr)
        return 2
    runs = [(ROOT, name) for name in args.methods.split(",")]
    if args.baseline:
        runs.append((args.baseline.resolve(), "tazcrawler"))
    for kind in ("real", "generated"):
        per_page: dict[str, float] = {}
        for root, name in runs:
            label = name if root == ROOT else f"{name} ({root})"
            instructions, pages = count(root, kind, args.pages, name)
            if not pages:
                print(f"  {kind}: no pages for {label} (TAZCRAWLER_REAL_PAGES?)")
                continue
            per_page[label] = instructions / pages
            print(
                f"  {kind}: {label} {instructions / pages / 1e6:.2f} M instructions a page",
                flush=True,
            )
        if "tazcrawler" in per_page and "lxml" in per_page:
            share = per_page["lxml"] / per_page["tazcrawler"]
            print(f"  {kind}: tazcrawler at {share:.1%} of lxml's parse rate, in instructions")
        for label, value in per_page.items():
            if label.startswith("tazcrawler (") and "tazcrawler" in per_page:
                change = per_page["tazcrawler"] / value - 1
                print(f"  {kind}: tazcrawler {change:+.1%} against {label}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
