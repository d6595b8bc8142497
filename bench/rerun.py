"""The scheduled re-run at scale: a first crawl with the state store, then the same crawl
again with nothing due, over a generated site (default 100,000 articles).

``python -m bench.rerun [--articles N]`` prints the wall time, CPU time and peak RSS of both
runs and their ratio; ``make bench`` runs it after ``bench.run``. The first crawl fetches and
exports every reachable article; the re-run fetches only the seed and answers every other
article from the store, breadth first through the scheduler, and must check each one.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.run import CRAWL_SETTINGS, CRAWLER_CPU, PYTHON, SITE_SEED, run_measured, site_server


def crawl(base: str, seed: str, output: Path, label: str) -> dict[str, float]:
    settings = {
        **CRAWL_SETTINGS,
        "TAZ_CRAWL_ID": "",
        "TAZ_BASE_URL": base,
        "TAZ_OUTPUT_DIR": str(output),
        "TAZ_WARC_FILE": "",
    }
    command = [PYTHON, "-m", "scrapy", "crawl", "taz", "-a", f"seed={seed}"]
    command += ["-a", "max_depth=100000", "-a", "max_articles=10000000"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    status, wall, usage = run_measured(command, output / f"{label}.log", CRAWLER_CPU)
    stats = json.loads((output / "stats.json").read_text())
    return {
        "status": status,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "extracted": int(stats.get("taz/articles/extracted", 0)),
        "not_due": int(stats.get("taz/incremental/not_due", 0)),
    }


def checked(output: Path) -> tuple[int, int]:
    """Articles each of the two runs checked (the store's visits), oldest run first."""
    db = sqlite3.connect(output / "state.sqlite3")
    rows = db.execute(
        "SELECT r.crawl_id, COUNT(v.article_id) FROM runs r LEFT JOIN visits v"
        " ON v.crawl_id = r.crawl_id GROUP BY r.crawl_id ORDER BY r.started, r.crawl_id"
    ).fetchall()
    db.close()
    return rows[0][1], rows[1][1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rerun", description=__doc__)
    parser.add_argument("--articles", type=int, default=100_000, help="site size")
    args = parser.parse_args(argv)
    from testsite.generate import FIRST_ID, GeneratedSite

    expected = len(GeneratedSite(args.articles, SITE_SEED).reachable())
    work = Path(tempfile.mkdtemp(prefix="tazrerun-"))
    print(f"[re-run] N={args.articles}: {expected} articles reachable; state store on")
    started = time.perf_counter()
    with site_server(args.articles) as base:
        seed = f"{base}/!{FIRST_ID}/"
        first = crawl(base, seed, work, "first")
        second = crawl(base, seed, work, "second")
    in_first, in_second = checked(work)
    shutil.rmtree(work, ignore_errors=True)
    for label, run in (("first crawl", first), ("re-run, nothing due", second)):
        print(
            f"  {label}: exit {run['status']}, {run['wall']:.0f} s wall, {run['cpu']:.0f} s CPU, "
            f"peak RSS {run['peak_rss_mb']:.0f} MB, {run['extracted']} fetched and extracted, "
            f"{run['not_due']} answered from the store"
        )
    print(
        f"  re-run/first: wall {second['wall'] / first['wall']:.0%}, "
        f"peak RSS {second['peak_rss_mb'] / first['peak_rss_mb']:.0%}"
    )
    ok = in_first == in_second == expected
    print(
        f"  articles checked: first {in_first}, re-run {in_second}, reachable {expected}: "
        f"{'holds' if ok else 'MISSED'}"
    )
    print(f"  total time: {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
