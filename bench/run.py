"""``make bench``: extraction, crawl, memory and JOBDIR figures against baselines, in one run.

Prints figures, never fails on a target (it is not a test); exits 1 only when a crawl's
article count differs from the generated graph's reachable count, since then its speed
means nothing. Server and crawler are pinned to different cores where there are two.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from testsite.real_pages import real_pages_dir

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

ROOT = Path(__file__).resolve().parents[1]
REAL_PAGES = real_pages_dir(ROOT)
PYTHON = sys.executable
CONCURRENCY = 16
SITE_SEED = 1
# The crawl settings of the benchmark: no politeness delays, limits far above the site.
CRAWL_SETTINGS = {
    "CONCURRENT_REQUESTS": str(CONCURRENCY),
    "CONCURRENT_REQUESTS_PER_DOMAIN": str(CONCURRENCY),
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "LOG_LEVEL": "INFO",
    "TAZ_CRAWL_ID": "bench",
}
CRAWLER_CPU, SERVER_CPU = 0, 1
# Without the WARC archive and the state store (runs, incremental export): the plain client
# does neither, so the comparison is extraction + pipelines + feeds against the same.
LEAN = {"TAZ_WARC_FILE": "", "TAZ_STATE_DB": "", "TAZ_JOBDIR": ""}


# -- figures ---------------------------------------------------------------------------


def spread(values: list[float]) -> str:
    """Median with min-max and the run count: "123.4 (118.0-130.2, n=3)"."""
    if not values:
        return "n/a"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:.1f} (n=1)"
    return f"{med:.1f} ({min(values):.1f}-{max(values):.1f}, n={len(values)})"


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def pair_ratios(ours: list[float], theirs: list[float]) -> list[float]:
    """Each run's figure over its pair's, taken in the same run."""
    return [a / b for a, b in zip(ours, theirs, strict=True) if b]


def ratio_spread(ratios: list[float], percent: bool = False) -> str:
    """The median of paired ratios with their min-max and count: "83% (79-88%, n=3)"."""
    if not ratios:
        return "n/a"
    if percent:
        low, med, high = (f"{100 * v:.0f}" for v in (min(ratios), median(ratios), max(ratios)))
        return f"{med}% ({low}-{high}%, n={len(ratios)})"
    low, med, high = (f"{v:.2f}" for v in (min(ratios), median(ratios), max(ratios)))
    return f"{med}x ({low}-{high}x, n={len(ratios)})"


def run_ratio(figures: dict[str, list[float]], baseline: str) -> list[float]:
    """Our rate over ``baseline``'s, run by run (the methods took turns within each run)."""
    return pair_ratios(figures["tazcrawler"], figures[baseline])


def verdict(ok: bool) -> str:
    return "holds" if ok else "MISSED"


def machine() -> str:
    model = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        model = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
            model,
        )
    memory = ""
    with contextlib.suppress(OSError), open("/proc/meminfo") as meminfo:
        memory = f", {int(meminfo.readline().split()[1]) // 1024} MiB RAM"
    load = ", load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return f"{os.cpu_count()} CPUs ({model}){memory}{load}, Python {platform.python_version()}"


# -- processes ---------------------------------------------------------------------------


# The cores this run may use, read once at the start: while the extraction loop runs pinned
# to one core, this process's own affinity names only that core. Asking it again then made
# every later step (server, crawls, both re-extractions) run on CPU 0 alone: two
# re-extraction workers came out at 0.94x one instead of 1.89x.
CPUS = frozenset(os.sched_getaffinity(0)) if hasattr(os, "sched_setaffinity") else frozenset()


def can_pin() -> bool:
    return len(CPUS) >= 2


def pin_self(cpu: int) -> None:
    """Run this process on ``cpu`` alone (the extraction loops), where pinning is possible."""
    if can_pin():
        os.sched_setaffinity(0, {cpu})


def unpin_self() -> None:
    """Run this process, and what it starts from now on, on all the run's cores again."""
    if can_pin():
        os.sched_setaffinity(0, CPUS)


def pinned(cpu: int) -> Callable[[], None] | None:
    if not can_pin():
        return None
    return lambda: os.sched_setaffinity(0, {cpu})


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}


def run_measured(command: list[str], log: Path, cpu: int | None) -> tuple[int, float, Any]:
    """Run ``command`` pinned to ``cpu`` (None: any); exit status, wall seconds, rusage."""
    with open(log, "wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env(),
            stdout=err,
            stderr=err,
            preexec_fn=None if cpu is None else pinned(cpu),
        )
        # wait4: the rusage of this child alone (CPU seconds, peak RSS), not of all children.
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.perf_counter() - started, usage


@contextlib.contextmanager
def site_server(articles: int) -> Iterator[str]:
    """The generated site in its own process on SERVER_CPU; yields the base URL."""
    command = [PYTHON, "-m", "testsite", "--articles", str(articles)]
    command += ["--seed", str(SITE_SEED)]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=pinned(SERVER_CPU),
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=30)


# -- extraction --------------------------------------------------------------------------


def paired_rates(
    methods: dict[str, Callable[[bytes, str], object]],
    pages: list[tuple[bytes, str]],
    seconds: float = 1.0,
    turn: float = 0.2,
) -> dict[str, float]:
    """Pages per CPU second of each method over ``pages``, the methods taking short turns.

    CPU time of this process, not wall time: the loop runs pinned to one core. Each method
    runs whole passes over the pages for ``turn`` seconds, hot as in a loop of its own; the
    methods alternate until each has ``seconds``, so that a change in what else the shared
    machine does (it moved whole runs by a quarter) falls on all of them alike.
    """
    spent = dict.fromkeys(methods, 0.0)
    done = dict.fromkeys(methods, 0)
    while min(spent.values()) < seconds:
        for name, function in methods.items():
            started = time.process_time()
            while time.process_time() - started < turn:
                for body, url in pages:
                    function(body, url)
                done[name] += len(pages)
            spent[name] += time.process_time() - started
    return {name: done[name] / spent[name] for name in methods}


def baselines() -> dict[str, Callable[[bytes, str], object]]:
    """What the extraction is measured against (tests/test_bench_baselines.py runs each)."""
    import lxml.html
    import trafilatura

    return {
        "lxml": lambda body, url: lxml.html.fromstring(body),
        "trafilatura": lambda body, url: trafilatura.bare_extraction(body, url=url, fast=True),
        # Context, not a target: bare_extraction skips title, author and date unless asked,
        # and ours extracts them; this is the like-for-like call.
        "trafilatura+metadata": lambda body, url: trafilatura.bare_extraction(
            body, url=url, fast=True, with_metadata=True
        ),
    }


def generated_pages() -> list[tuple[bytes, str]]:
    from testsite.generate import GeneratedSite

    site = GeneratedSite(10_000, SITE_SEED)
    base = "http://127.0.0.1:8000"
    return [(site.page(i, base), base + site.article(i).path) for i in range(40)]


def our_extraction() -> Callable[[bytes, str], object]:
    """Page object and every pipeline on one page, as the spider runs them."""
    from bench.extract import Extractor

    extractor = Extractor()

    def ours(body: bytes, url: str) -> object:
        extractor.forget()
        item = extractor(body, url)
        assert item is not None, url
        return item

    return ours


def bench_extraction(runs: int) -> dict[str, dict[str, list[float]]]:
    pin_self(CRAWLER_CPU)
    real = [
        (path.read_bytes(), "https://taz.de/Bench/!5928990/")
        for path in sorted(REAL_PAGES.glob("*.html"))
    ]
    generated = generated_pages()
    ours = our_extraction()

    methods: dict[str, Callable[[bytes, str], object]] = {"tazcrawler": ours, **baselines()}
    results: dict[str, dict[str, list[float]]] = {}
    for name, pages in (("real", real), ("generated", generated)):
        if not pages:
            print(f"  no {name} pages found ({REAL_PAGES})")
            continue
        results[name] = {method: [] for method in methods}
        for function in methods.values():
            function(*pages[0])  # warm-up: imports, compiled XPaths, the schema
        for _ in range(runs):
            for method, pages_per_second in paired_rates(methods, pages).items():
                results[name][method].append(pages_per_second)
        sizes = [len(body) for body, _ in pages]
        print(
            f"  {name}: {len(pages)} pages, {min(sizes) // 1000}-{max(sizes) // 1000} KB; "
            + "; ".join(f"{m} {spread(v)} pages/s" for m, v in results[name].items())
        )
    return results


# -- crawls ------------------------------------------------------------------------------


def project_extensions() -> dict[str, Any]:
    """The project's EXTENSIONS: -s EXTENSIONS=... replaces the dict, so the probe joins it."""
    from tazcrawler.offline import project_settings

    return dict(project_settings().getdict("EXTENSIONS"))


def crawl_command(base: str, seed: str, output: Path, extra: dict[str, str]) -> list[str]:
    settings = {
        **CRAWL_SETTINGS,
        "TAZ_BASE_URL": base,
        "TAZ_OUTPUT_DIR": str(output),
        "TAZ_STATS_FILE": str(output / "stats.json"),
        "EXTENSIONS": json.dumps({**project_extensions(), "bench.probe.FrontierProbe": 0}),
        "BENCH_PROBE_FILE": str(output / "probe.json"),
        **extra,
    }
    command = [PYTHON, "-m", "scrapy", "crawl", "taz", "-a", f"seed={seed}"]
    command += ["-a", "max_depth=100000", "-a", "max_articles=10000000"]
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def run_crawl(base: str, seed: str, work: Path, label: str, extra: dict[str, str]) -> dict:
    output = work / label
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    status, wall, usage = run_measured(
        crawl_command(base, seed, output, extra), output / "crawl.log", CRAWLER_CPU
    )
    stats: dict[str, Any] = {}
    with contextlib.suppress(OSError, ValueError):
        stats = json.loads((output / "stats.json").read_text())
    samples: list[list[float]] = []
    with contextlib.suppress(OSError, ValueError):
        samples = json.loads((output / "probe.json").read_text())["samples"]
    articles = int(stats.get("taz/articles/extracted", 0))
    elapsed = float(stats.get("elapsed_time_seconds") or wall)
    cpu = usage.ru_utime + usage.ru_stime
    result = {
        "status": status,
        "articles": articles,
        "exported": int(stats.get("item_scraped_count", 0)),
        "responses": int(stats.get("response_received_count", 0)),
        "elapsed": elapsed,
        "wall": wall,
        "rate": articles / elapsed if elapsed else 0.0,
        "cpu_per_page_ms": 1000 * cpu / articles if articles else float("nan"),
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "peak_queued": max((int(s[1]) for s in samples), default=0),
        "samples": samples,
        "log": str(output / "crawl.log"),
    }
    shutil.rmtree(output / "job", ignore_errors=True)
    return result


def run_client(seed: str, work: Path) -> dict:
    log = work / "client.log"
    output = work / "client.jsonl"
    command = [PYTHON, "-m", "bench.client", seed, "--concurrency", str(CONCURRENCY)]
    status, _, usage = run_measured([*command, "--output", str(output)], log, CRAWLER_CPU)
    result = json.loads(log.read_text().strip().splitlines()[-1])
    result["status"] = status
    result["rate"] = result["articles"] / result["elapsed"]
    result["cpu_per_page_ms"] = 1000 * (usage.ru_utime + usage.ru_stime) / result["articles"]
    return result


def run_reextract(archive: Path, work: Path, workers: int) -> dict:
    """``tazcrawler reextract`` over ``archive``: one worker pinned to the crawler's core,
    more on any core. Rates: articles a second of Scrapy's elapsed time, and a CPU second
    of the process (with one worker: every CPU second the re-extraction took, start-up
    included, comparable with the extraction loop's pages per CPU second)."""
    output = work / f"reextract{workers}"
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    command = [PYTHON, "-m", "tazcrawler.cli", "reextract", str(archive), "--output", str(output)]
    command += ["--workers", str(workers), "--scrapy", "-s", "LOG_LEVEL=INFO"]
    status, wall, usage = run_measured(
        command, output / "reextract.log", CRAWLER_CPU if workers == 1 else None
    )
    stats = json.loads((output / "stats.json").read_text())
    articles = int(stats.get("taz/articles/extracted", 0))
    elapsed = float(stats.get("elapsed_time_seconds") or wall)
    return {
        "status": status,
        "articles": articles,
        "read_ahead": int(stats.get("taz/reextract/read_ahead", 0)),
        "rate": articles / elapsed if elapsed else 0.0,
        "cpu_rate": articles / (usage.ru_utime + usage.ru_stime),
        "log": str(output / "reextract.log"),
    }


def server_rate(base: str, urls: list[str], work: Path) -> float:
    listing = work / "urls.txt"
    listing.write_text("\n".join(urls))
    log = work / "hammer.log"
    command = [PYTHON, "-m", "bench.client", "--fetch-only", str(listing)]
    run_measured([*command, "--concurrency", str(CONCURRENCY)], log, CRAWLER_CPU)
    result = json.loads(log.read_text().strip().splitlines()[-1])
    return result["responses"] / result["elapsed"]


def check_count(label: str, result: dict, expected: int) -> bool:
    ok = result["status"] == 0 and result["articles"] == expected
    exported = result.get("exported", result["articles"])
    ok = ok and exported == expected
    if not ok:
        print(
            f"  COUNT MISMATCH in {label}: {result['articles']} articles extracted, "
            f"{exported} exported, exit status {result['status']}, expected {expected} "
            f"(log: {result.get('log', '-')})"
        )
    return ok


# -- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000, help="site of the crawls")
    parser.add_argument("--runs", type=int, default=3, help="runs per crawl figure")
    parser.add_argument("--jobdir-runs", type=int, default=2, help="runs with JOBDIR on")
    parser.add_argument("--extraction-runs", type=int, default=5)
    parser.add_argument("--big", type=int, default=100_000, help="site of the memory run")
    parser.add_argument(
        "--big-seconds", type=int, default=120, help="the memory run stops after this long"
    )
    parser.add_argument(
        "--default-articles",
        type=int,
        default=10_000,
        help="articles of each crawl with the project's default features",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    ok = True

    from testsite.generate import FIRST_ID, GeneratedSite

    print(f"machine: {machine()}")
    print(f"pinning: {'crawler cpu 0, server cpu 1' if can_pin() else 'not possible'}")
    print("\n[extraction] one core, page object + all pipelines vs bare parse vs trafilatura")
    extraction = bench_extraction(args.extraction_runs)
    from bench import validation

    print()
    validation.main(["--articles", "500"])
    unpin_self()

    work = Path(tempfile.mkdtemp(prefix="tazbench-"))
    site = GeneratedSite(args.articles, SITE_SEED)
    expected = len(site.reachable())
    crawls: list[dict] = []
    jobdir: list[dict] = []
    clients: list[dict] = []
    defaults: list[dict] = []
    reextract_one: list[dict] = []
    reextract_two: list[dict] = []
    print(
        f"\n[crawl] N={args.articles}: {expected} articles reachable from the seed "
        f"(the count every full crawl must reach), concurrency {CONCURRENCY}; "
        f"scrapy without the WARC archive and state store (the client does neither)"
    )
    with site_server(args.articles) as base:
        seed = f"{base}/!{FIRST_ID}/"
        urls = [base + site.article(i).path for i in range(min(args.articles, 4000))]
        server = server_rate(base, urls, work)
        print(f"  server alone (plain client, no parsing, cold): {server:.0f} pages/s")
        for run in range(args.runs):
            # Interleaved, so that drifting load from other processes hits all three alike.
            crawl = run_crawl(base, seed, work, f"crawl{run}", LEAN)
            ok &= check_count("scrapy crawl", crawl, expected)
            crawls.append(crawl)
            client = run_client(seed, work)
            ok &= check_count("plain client", client, expected)
            clients.append(client)
            line = (
                f"  run {run + 1}: scrapy {crawl['rate']:.1f} pages/s "
                f"({crawl['cpu_per_page_ms']:.2f} ms CPU/page, peak RSS "
                f"{crawl['peak_rss_mb']:.0f} MB, peak queue {crawl['peak_queued']}); "
                f"plain client {client['rate']:.1f} pages/s "
                f"({client['cpu_per_page_ms']:.2f} ms CPU/page)"
            )
            if run < args.jobdir_runs:
                job_settings = {**LEAN, "TAZ_JOBDIR": "", "JOBDIR": str(work / "job")}
                job = run_crawl(base, seed, work, f"jobdir{run}", job_settings)
                shutil.rmtree(work / "job", ignore_errors=True)
                ok &= check_count("scrapy crawl with JOBDIR", job, expected)
                jobdir.append(job)
                line += f"; with JOBDIR {job['rate']:.1f} pages/s"
            # The crawl as users run it: the project's defaults, archive and state store
            # included, in every run, so that its ratio to the lean crawl is paired.
            archive = work / f"default{run}.warc.gz"
            default = run_crawl(
                base,
                seed,
                work,
                f"default{run}",
                {
                    "CLOSESPIDER_ITEMCOUNT": str(args.default_articles),
                    "TAZ_WARC_FILE": str(archive),
                },
            )
            defaults.append(default)
            line += (
                f"; project defaults (WARC, state store, JOBDIR), first {default['articles']} "
                f"articles, {default['rate']:.1f} pages/s ({default['cpu_per_page_ms']:.2f} ms "
                f"CPU/page)"
            )
            print(f"{line}; {time.perf_counter() - started:.0f} s so far")

    # The last defaults crawl's archive, extracted again; one worker against the extraction
    # loop on one core, two workers against one, each round in turn.
    print(
        f"\n[re-extraction] the last defaults crawl's archive ({archive.stat().st_size >> 20} MB)"
    )
    generated, ours = generated_pages(), our_extraction()
    single: list[float] = []
    for run in range(args.runs):
        pin_self(CRAWLER_CPU)
        single.append(paired_rates({"tazcrawler": ours}, generated)["tazcrawler"])
        unpin_self()
        for workers, results in ((1, reextract_one), (2, reextract_two)):
            result = run_reextract(archive, work, workers)
            first = (reextract_one or [result])[0]
            # The same archive gives the same articles, with any number of workers.
            if result["status"] != 0 or result["articles"] != first["articles"]:
                print(f"  RE-EXTRACTION FAILED or differs: {result}")
                ok = False
            results.append(result)
        print(
            f"  run {run + 1}: extraction loop {single[-1]:.1f} pages/CPU s; one worker "
            f"{reextract_one[-1]['cpu_rate']:.1f} pages/CPU s, {reextract_one[-1]['rate']:.1f} "
            f"pages/s; two workers {reextract_two[-1]['rate']:.1f}"
            f" pages/s ({reextract_two[-1]['read_ahead']} of {reextract_two[-1]['articles']} "
            f"read ahead); {time.perf_counter() - started:.0f} s so far"
        )

    print(f"\n[memory] N={args.big}: one crawl, stopped after {args.big_seconds} s")
    with site_server(args.big) as base:
        big = run_crawl(
            base,
            f"{base}/!{FIRST_ID}/",
            work,
            "big",
            {**LEAN, "CLOSESPIDER_TIMEOUT": str(args.big_seconds)},
        )
    print(
        f"  {big['articles']} articles in {big['elapsed']:.0f} s ({big['rate']:.1f} pages/s), "
        f"peak RSS {big['peak_rss_mb']:.0f} MB, peak queue {big['peak_queued']} requests"
    )
    for sample in big["samples"][:: max(1, len(big["samples"]) // 8)]:
        print(
            f"    queued {int(sample[1]):>6}  responses {int(sample[2]):>6}  RSS "
            f"{sample[3] / 2**20:6.0f} MB"
        )
    shutil.rmtree(work, ignore_errors=True)

    # -- summary --------------------------------------------------------------------------
    # Every ratio is taken run by run between figures of the same run, then its median,
    # min-max and count are printed; a target holds when the median meets it.
    print("\n[summary] median (min-max, runs) of paired ratios; targets from issues 4 and 17")
    for name, figures in extraction.items():
        lxml_ratio = run_ratio(figures, "lxml")
        traf_ratio = run_ratio(figures, "trafilatura")
        print(
            f"  extraction, {name} pages: {spread(figures['tazcrawler'])} pages/s; "
            f"vs bare lxml parse {ratio_spread(lxml_ratio, percent=True)} (target >= 50%: "
            f"{verdict(median(lxml_ratio) >= 0.5)}); vs trafilatura fast "
            f"{ratio_spread(traf_ratio)} (target >= 6x: {verdict(median(traf_ratio) >= 6)}); "
            f"vs trafilatura fast with metadata "
            f"{ratio_spread(run_ratio(figures, 'trafilatura+metadata'))}"
        )
    rates = [c["rate"] for c in crawls]
    print(
        f"  crawl N={args.articles}: {spread(rates)} pages/s "
        f"(target >= 100: {verdict(median(rates) >= 100)}), "
        f"{spread([c['cpu_per_page_ms'] for c in crawls])} ms CPU/page"
    )
    to_client = pair_ratios(rates, [c["rate"] for c in clients])
    cpu_to_client = pair_ratios(
        [c["cpu_per_page_ms"] for c in crawls], [c["cpu_per_page_ms"] for c in clients]
    )
    print(
        f"  plain aiohttp client, same URLs, concurrency and extraction: "
        f"{spread([c['rate'] for c in clients])} pages/s, "
        f"{spread([c['cpu_per_page_ms'] for c in clients])} ms CPU/page; scrapy/client "
        f"{ratio_spread(to_client, percent=True)} (target >= 80%: "
        f"{verdict(median(to_client) >= 0.8)}); CPU a page scrapy/client "
        f"{ratio_spread(cpu_to_client)} (target <= 1.4x: {verdict(median(cpu_to_client) <= 1.4)})"
    )
    over_server = pair_ratios([server] * len(rates), rates)
    print(
        f"  server alone: {server:.0f} pages/s = {ratio_spread(over_server)} the crawl "
        f"(must be >= 3x: {verdict(median(over_server) >= 3)})"
    )
    if jobdir:
        job_ratio = pair_ratios([c["rate"] for c in jobdir], rates[: len(jobdir)])
        print(
            f"  JOBDIR on: {spread([c['rate'] for c in jobdir])} pages/s; on/off "
            f"{ratio_spread(job_ratio, percent=True)} (cost target <= 15%: "
            f"{verdict(median(job_ratio) >= 0.85)})"
        )
    default_ratio = pair_ratios([c["rate"] for c in defaults], rates)
    print(
        f"  project defaults (WARC, state store, JOBDIR): {spread([c['rate'] for c in defaults])} "
        f"pages/s, {spread([c['cpu_per_page_ms'] for c in defaults])} ms CPU/page; "
        f"{ratio_spread(default_ratio, percent=True)} of the lean crawl "
        f"(target >= 85%: {verdict(median(default_ratio) >= 0.85)})"
    )
    one_cpu = [r["cpu_rate"] for r in reextract_one]
    one_to_loop = pair_ratios(one_cpu, single)
    one = [r["rate"] for r in reextract_one]
    two_to_one = pair_ratios([r["rate"] for r in reextract_two], one)
    print(
        f"  re-extraction of {reextract_one[-1]['articles']} archived articles: one worker "
        f"{spread(one_cpu)} pages/CPU s = {ratio_spread(one_to_loop, percent=True)} of the "
        f"extraction loop on one core ({spread(single)} pages/CPU s; target >= 90%: "
        f"{verdict(median(one_to_loop) >= 0.9)}); elapsed: one worker {spread(one)} pages/s, "
        f"two workers {spread([r['rate'] for r in reextract_two])} pages/s = "
        f"{ratio_spread(two_to_one)} one (target >= 1.8x: {verdict(median(two_to_one) >= 1.8)}; "
        f"wall time, so only on an otherwise idle machine)"
    )
    small_rss = median([c["peak_rss_mb"] for c in crawls])
    small_queue = median([c["peak_queued"] for c in crawls])
    print(
        f"  peak RSS: N={args.articles} {spread([c['peak_rss_mb'] for c in crawls])} MB "
        f"(peak queue {small_queue:.0f}); N={args.big} {big['peak_rss_mb']:.0f} MB "
        f"(peak queue {big['peak_queued']}; target <= 400 MB: "
        f"{verdict(big['peak_rss_mb'] <= 400)})"
    )
    if big["peak_queued"] > small_queue:
        per_request = (big["peak_rss_mb"] - small_rss) * 2**20 / (big["peak_queued"] - small_queue)
        print(
            f"  bytes per queued request (RSS difference over queue difference, everything "
            f"that grows with the frontier included): {per_request:.0f}"
        )
    print(f"  article counts equal the reachable count: {verdict(ok)}")
    print(f"\ntotal time: {time.perf_counter() - started:.0f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
