"""A run's life: start or resume, the run folder and its INCOMPLETE marker, the manifest."""

from __future__ import annotations

import json
import logging
import platform
import shutil
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.settings import SETTINGS_PRIORITIES

from tazcrawler import __version__
from tazcrawler.diskfull import is_disk_full
from tazcrawler.extensions import output_path
from tazcrawler.provenance import new_crawl_id
from tazcrawler.runs.arguments import RUN_PRIORITY, run_arguments
from tazcrawler.runs.clock import utc_now
from tazcrawler.runs.dataset import (
    ARTICLES,
    INCOMPLETE,
    MANIFEST,
    WORKERS,
    Repair,
    consolidate,
    merge_workers,
    read_articles,
    repair_jsonl,
    worker_dirs,
    write_graph_files,
    write_json,
)
from tazcrawler.runs.health import (
    BEFORE,
    COVERAGE_FIELDS,
    VERDICT_GIVEN,
    evaluate,
    health_thresholds,
)
from tazcrawler.runs.store import StoreError, open_store, store_path
from tazcrawler.schema import SCHEMA_VERSION
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

    from tazcrawler.runs.health import Verdict
    from tazcrawler.runs.store import RunRecord, StateStore, Visit

__all__ = ["RunManager"]

logger = logging.getLogger(__name__)

# Settings worth knowing when reading a run's output later.
_MANIFEST_SETTINGS = (
    "TAZ_BASE_URL",
    "TAZ_CANONICAL_BASE",
    "TAZ_MAX_DEPTH",
    "TAZ_MAX_ARTICLES",
    "TAZ_OUTPUT_DIR",
    "TAZ_STATE_DB",
    "TAZ_REVISIT_INTERVAL",
    "TAZ_RESUME",
    "JOBDIR",
    "TAZ_HEALTH_FINISH_REASONS",
    "TAZ_HEALTH_MAX_ERRORS",
    "TAZ_HEALTH_MIN_ARTICLES",
    "TAZ_HEALTH_MIN_COVERAGE",
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "DOWNLOAD_DELAY",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "RETRY_TIMES",
)


class RunManager:
    """Own the run folder ``<TAZ_OUTPUT_DIR>/runs/<crawl_id>/`` and the run's record.

    At start (when the crawler builds it, before the settings freeze): resume the unfinished
    run of the same arguments or start a new one, and publish the decision as settings that
    the other components read: ``TAZ_CRAWL_ID``, ``TAZ_RUN_DIR``, ``TAZ_RUN_RESUMED`` and
    ``JOBDIR``. A resumed run's articles file is repaired and what the store recorded beyond
    it rolled back. At the end: the manifest, the graph files of a resumed run rebuilt from
    its articles, and on a finished run the consolidated dataset at the top of the folder.

    A worker (``TAZ_WORKER``) of a crawl several processes share (one ``TAZ_CRAWL_ID``, one
    shared store) joins the run instead: its files go to ``<run>/workers/<worker>/``, a
    worker back after a kill or a stop continues its own folder, and the last worker to
    leave merges the workers' folders into the run's files and judges the merged run.
    """

    def __init__(
        self,
        store: StateStore,
        stats: StatsCollector,
        settings_snapshot: dict[str, Any],
        *,
        output_dir: Path,
        jobdir: Path | None,
        arguments: dict[str, Any],
        crawl_id: str,
        explicit_id: str | None,
        resume: bool,
        publish: bool,
        worker: str = "",
        health: Mapping[str, Any] | None = None,
    ) -> None:
        self.store = store
        self.worker = worker
        self.health = health
        self.stats = stats
        self.settings_snapshot = settings_snapshot
        self.output_dir = output_dir
        self.jobdir = jobdir
        self.publish = publish
        self.arguments = arguments
        self.started = self.attempt_started = utc_now()
        self.attempts: list[dict[str, Any]] = []
        self.repair = Repair()
        self.rolled_back = 0
        self.resumed_from: str | None = None  # "killed" or "interrupted"
        self.prior_visits: list[Visit] = []
        self.verdict: Verdict | None = None
        # Seeds compared by article id: the same crawl against another host (a mirror, the
        # sample site on a new port) is still the same crawl.
        match = {**arguments, "seeds": [article_id(s) for s in arguments["seeds"]]}
        unfinished = store.unfinished_run()
        if worker:
            self._join(unfinished, crawl_id, resume=resume)
        elif (
            unfinished is not None
            and resume
            and unfinished.arguments.get("match") == match
            and explicit_id in (None, "", unfinished.crawl_id)
        ):
            self.crawl_id = unfinished.crawl_id
            self.run_dir = output_dir / "runs" / self.crawl_id
            self.resumed_from = "killed" if unfinished.status == "running" else "interrupted"
            self.started = unfinished.started
            self._load_attempts()
            self._reconcile()
            self.prior_visits = store.visits(self.crawl_id)
            logger.info("Resuming run %s (%s before)", self.crawl_id, self.resumed_from)
        else:
            if unfinished is not None:
                self._abandon(unfinished.crawl_id)
            self.crawl_id = crawl_id
            self.run_dir = output_dir / "runs" / self.crawl_id
        # Scrapy's JOBDIR queue cannot be trusted after a kill, and after a clean stop it
        # would hand out requests claimed at depths the resumed walk must work out again:
        # the store rebuilds every resumed run's frontier (ResumeMiddleware).
        self._drop_jobdir()
        store.start_run(self.crawl_id, {"match": match, "spider": arguments}, self.started)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        for folder in {self.run_dir, self.crawl_dir}:
            (folder / INCOMPLETE).write_text(
                "This run has not finished; see manifest.json.\n", encoding="utf-8"
            )
        self._write_manifest(status="running")

    @property
    def crawl_dir(self) -> Path:
        """The run's folder (a worker writes its own files below it)."""
        return self.output_dir / "runs" / self.crawl_id

    @property
    def resumed(self) -> bool:
        return self.resumed_from is not None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunManager:
        settings = crawler.settings
        db = store_path(settings)
        if db is None:
            raise NotConfigured("TAZ_STATE_DB is empty: no state, no runs")
        jobdir = (
            Path(settings.get("JOBDIR"))
            if settings.get("JOBDIR")
            else output_path(settings, "TAZ_JOBDIR", "job")
        )
        # A crawl id the user gave (-s TAZ_CRAWL_ID=...) decides which run this is; the one
        # the spider made up for a crawl without a store does not.
        given = settings.get("TAZ_CRAWL_ID")
        spider_set = (settings.getpriority("TAZ_CRAWL_ID") or 0) <= SETTINGS_PRIORITIES["spider"]
        explicit = None if spider_set else given
        worker = settings.get("TAZ_WORKER") or ""
        if worker and not explicit:
            raise StoreError(
                f"TAZ_WORKER={worker}: the workers of a crawl share its id; "
                "give every worker the same -s TAZ_CRAWL_ID=..."
            )
        if worker and jobdir is not None:
            jobdir = jobdir / worker  # each worker's queue of its own
        assert crawler.stats is not None
        store = open_store(settings, db)
        store.verify()
        # The two paths this manager settles below, as the manifest must record them.
        snapshot = {name: settings.get(name) for name in _MANIFEST_SETTINGS}
        snapshot["TAZ_STATE_DB"] = str(db)
        if jobdir is not None:
            snapshot["JOBDIR"] = str(jobdir)
        manager = cls(
            store,
            crawler.stats,
            snapshot,
            output_dir=Path(settings.get("TAZ_OUTPUT_DIR")),
            jobdir=jobdir,
            arguments=run_arguments(settings),
            crawl_id=given or new_crawl_id(),
            explicit_id=explicit,
            resume=settings.getbool("TAZ_RESUME"),
            publish=settings.getbool("TAZ_PUBLISH_LATEST"),
            worker=worker,
            health=health_thresholds(settings)
            if worker and settings.getbool("TAZ_HEALTH_ENABLED")
            else None,
        )
        # Extensions are built before the settings freeze, and before the scheduler, the
        # feeds, the pipelines and the middlewares read them: they learn the run from here.
        settings.set("TAZ_CRAWL_ID", manager.crawl_id, priority=RUN_PRIORITY)
        settings.set("TAZ_RUN_DIR", str(manager.run_dir), priority=RUN_PRIORITY)
        settings.set("TAZ_RUN_RESUMED", manager.resumed_from or "", priority=RUN_PRIORITY)
        settings.set("TAZ_STATE_DB", str(db), priority=RUN_PRIORITY)
        if jobdir is not None:
            settings.set("JOBDIR", str(jobdir), priority=RUN_PRIORITY)
        crawler.signals.connect(manager.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(manager.verdict_given, signal=VERDICT_GIVEN)
        crawler.signals.connect(manager.engine_stopped, signal=signals.engine_stopped)
        return manager

    # --- start ------------------------------------------------------------------------

    def _join(self, unfinished: RunRecord | None, crawl_id: str, *, resume: bool) -> None:
        # The crawl id, given to every worker, decides the run: the workers' arguments
        # differ (each its own seeds), so they are not compared.
        self.crawl_id = crawl_id
        self.run_dir = self.crawl_dir / WORKERS / self.worker
        same = unfinished is not None and unfinished.crawl_id == crawl_id
        if unfinished is not None and not same:
            self._abandon(unfinished.crawl_id)
        self.store.join_run(crawl_id, self.worker)
        if unfinished is None or not same:
            return
        self.started = unfinished.started
        own = self.run_dir / MANIFEST
        if resume and own.exists():
            # Back in the run after a kill or a stop: its own folder is continued.
            status = json.loads(own.read_text(encoding="utf-8")).get("status")
            self.resumed_from = "killed" if status == "running" else "interrupted"
            self._load_attempts()
            self._reconcile()
            self.prior_visits = self.store.visits(crawl_id)
            logger.info(
                "Worker %s back in run %s (%s before)", self.worker, crawl_id, self.resumed_from
            )
        else:
            logger.info("Worker %s joins run %s", self.worker, crawl_id)

    def _load_attempts(self) -> None:
        path = self.run_dir / MANIFEST
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        self.attempts = manifest.get("attempts", [])
        if manifest.get("status") == "running":
            # Killed: the attempt never wrote its entry. What is known of it goes in.
            self.attempts.append(
                {
                    "started": manifest.get("attempt_started"),
                    "ended": None,
                    "resumed_from": manifest.get("resumed_from"),
                    "finish_reason": "killed",
                    "article_lines": manifest.get("article_lines"),
                }
            )

    def _reconcile(self) -> None:
        records, self.repair = repair_jsonl(self.run_dir / ARTICLES)
        if self.worker:
            # What any worker wrote counts; the others' files are read, never rewritten
            # (they may be writing to them).
            for folder in worker_dirs(self.crawl_dir):
                if folder != self.run_dir:
                    records += read_articles(folder / ARTICLES)
        exported = {(r["article_id"], r.get("version")) for r in records}
        self.rolled_back = self.store.reconcile(self.crawl_id, exported)
        if self.repair:
            logger.warning(
                "Repaired %s: discarded %d incomplete line(s) (%d bytes), %d duplicate(s)",
                self.run_dir / ARTICLES,
                self.repair.discarded_lines,
                self.repair.discarded_bytes,
                self.repair.duplicate_lines,
            )
        if self.rolled_back:
            logger.info("%d article(s) recorded but not written: fetched again", self.rolled_back)

    def _abandon(self, crawl_id: str) -> None:
        run_dir = self.output_dir / "runs" / crawl_id
        records, repair = repair_jsonl(run_dir / ARTICLES)
        for folder in worker_dirs(run_dir):
            records += repair_jsonl(folder / ARTICLES)[0]
        self.store.reconcile(crawl_id, {(r["article_id"], r.get("version")) for r in records})
        self.store.end_run(crawl_id, "abandoned", None)
        manifest_path = run_dir / MANIFEST
        if manifest_path.exists():
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            manifest.update(status="abandoned", finished=False)
            if repair:
                manifest["repaired"] = repair.__dict__
            write_json(manifest_path, manifest)
        logger.warning("Run %s did not finish and has other arguments: abandoned", crawl_id)

    def _drop_jobdir(self) -> None:
        if self.jobdir is not None and self.jobdir.exists():
            shutil.rmtree(self.jobdir)

    def prior_counts(self) -> dict[str, int]:
        """Health counters of what this run did before this attempt.

        Articles and coverage come from the store, which also knows what a killed attempt
        did; errors from the manifest, which has the stats of cleanly stopped attempts.
        """
        checked = [v for v in self.prior_visits if v.outcome in ("exported", "unchanged")]
        totals = {"taz/health/articles": len(checked)}
        for name, field in COVERAGE_FIELDS.items():
            totals[f"taz/health/coverage/{name}"] = sum(field in v.filled for v in checked)
        totals["log_count/ERROR"] = sum(
            a.get("stats", {}).get("log_count/ERROR", 0) for a in self.attempts
        )
        return totals

    # --- signals ----------------------------------------------------------------------

    def spider_opened(self) -> None:
        stats = self.stats
        stats.set_value("taz/run/crawl_id", self.crawl_id)
        if self.resumed:
            stats.set_value("taz/run/resumed_from", self.resumed_from)
            stats.set_value("taz/run/repair/discarded_lines", self.repair.discarded_lines)
            stats.set_value("taz/run/repair/duplicate_lines", self.repair.duplicate_lines)
            stats.set_value("taz/run/repair/rolled_back", self.rolled_back)
            # The health verdict judges the whole run: it adds these to this attempt's.
            for key, value in self.prior_counts().items():
                stats.set_value(f"{BEFORE}{key}", value)

    def verdict_given(self, verdict: Verdict) -> None:
        self.verdict = verdict

    def engine_stopped(self) -> None:
        try:
            self._end()
        except (OSError, sqlite3.Error) as exc:
            if not is_disk_full(exc):
                raise
            # The run stays marked running and INCOMPLETE: the next start resumes it.
            logger.error("Disk full: the run's manifest and state were not updated (%s)", exc)
        finally:
            self.store.close()

    def _end(self) -> None:
        # After spider_closed: the feeds are closed, the stats final, the verdict given.
        stats = self.stats
        reason = stats.get_value("finish_reason") or "unknown"
        status = "finished" if reason == "finished" else "interrupted"

        if self.resumed:
            # Earlier attempts' links and graph were written by other processes.
            records, _ = repair_jsonl(self.run_dir / ARTICLES)
            write_graph_files(records, self.run_dir)
        self.attempts.append(
            {
                "started": self.attempt_started,
                "ended": utc_now(),
                "resumed_from": self.resumed_from,
                "repaired": self.repair.__dict__ if self.resumed else None,
                "rolled_back": self.rolled_back,
                "finish_reason": reason,
                "stats": stats.get_stats(),
            }
        )
        published = None
        if status == "finished":
            (self.run_dir / INCOMPLETE).unlink(missing_ok=True)
            self._drop_jobdir()
            if self.publish and not self.worker:
                published = consolidate(self.output_dir)
        if self.worker:
            others = self.store.leave_run(self.crawl_id, self.worker, status)
        else:
            self.store.end_run(self.crawl_id, status, utc_now() if status == "finished" else None)
        self._write_manifest(
            status=status,
            finish_reason=reason,
            health=self.verdict.as_dict() if self.verdict is not None else None,
            published=published,
        )
        if self.worker and not others:
            self._end_shared_run()

    def _end_shared_run(self) -> None:
        """The last worker out: merge the workers' folders, judge the merged run, end it.

        A worker killed and not restarted is still in the run (the store cannot tell a dead
        worker from a slow one): the run stays unfinished until that worker comes back.
        """
        workers = {
            folder.name: json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
            for folder in worker_dirs(self.crawl_dir)
            if (folder / MANIFEST).exists()
        }
        finished = all(m.get("status") == "finished" for m in workers.values())
        status = "finished" if finished else "interrupted"
        merged = merge_workers(self.crawl_dir)
        health = None
        if self.health is not None:
            reasons = [m.get("finish_reason") or "unknown" for m in workers.values()]
            reason = next((r for r in reasons if r != "finished"), "finished")
            counts = merged_counts(workers.values(), self.store.visits(self.crawl_id))
            verdict = evaluate(counts, reason, **self.health)
            health = verdict.as_dict()
            self.stats.set_value(
                "taz/health/run_verdict", "healthy" if verdict.healthy else "unhealthy"
            )
        published = None
        if finished:
            (self.crawl_dir / INCOMPLETE).unlink(missing_ok=True)
            if self.publish:
                published = consolidate(self.output_dir)
        ended = utc_now()
        self.store.end_run(self.crawl_id, status, ended if finished else None)
        write_json(
            self.crawl_dir / MANIFEST,
            {
                "crawl_id": self.crawl_id,
                "status": status,
                "finished": finished,
                "started": self.started,
                "ended": ended,
                "state_db": str(self.store.path),
                "workers": {name: m.get("status") for name, m in workers.items()},
                "merged": merged,
                "article_lines": _count_lines(self.crawl_dir / ARTICLES),
                "health": health,
                "published": published,
            },
        )
        logger.info(
            "Run %s %s: %d articles from %d workers",
            self.crawl_id,
            status,
            merged["articles"],
            merged["workers"],
        )

    # --- manifest ---------------------------------------------------------------------

    def _write_manifest(self, *, status: str, **extra: Any) -> None:
        manifest = {
            "crawl_id": self.crawl_id,
            "status": status,
            "finished": status == "finished",
            "started": self.started,
            "ended": utc_now() if status != "running" else None,
            "arguments": self.arguments,
            "settings": self.settings_snapshot,
            "state_db": str(self.store.path),
            "versions": {
                "tazcrawler": __version__,
                "scrapy": scrapy.__version__,
                "schema": SCHEMA_VERSION,
                "python": platform.python_version(),
            },
            "files": {name: (self.run_dir / name).exists() for name in _RUN_FILES},
            "article_lines": _count_lines(self.run_dir / ARTICLES),
            "resumed": len(self.attempts) > 1 or self.resumed,
            "attempt_started": self.attempt_started,
            "resumed_from": self.resumed_from,
            "finish_reason": None,
            "health": None,
            "stats": self.stats.get_stats(),
            "attempts": self.attempts,
            **extra,
        }
        write_json(self.run_dir / MANIFEST, manifest)


# What a run folder holds when its feeds are written (settings.FEEDS).
_RUN_FILES = (
    "articles.jsonl",
    "links.jsonl",
    "graph.graphml",
    "articles.parquet",
    "links.parquet",
    "graph.gexf",
    "links.csv",
)


def merged_counts(manifests: Iterable[Mapping[str, Any]], visits: list[Visit]) -> dict[str, Any]:
    """The health counters of a run of several workers: what the workers' attempts counted,
    summed, with articles and coverage from what the shared store recorded of the run (which
    also knows what a killed attempt checked, and counts an article once)."""
    counts: dict[str, Any] = {}
    for manifest in manifests:
        for attempt in manifest.get("attempts", []):
            for key, value in (attempt.get("stats") or {}).items():
                if isinstance(value, int) and not key.startswith(BEFORE):
                    counts[key] = counts.get(key, 0) + value
    checked = [v for v in visits if v.outcome in ("exported", "unchanged")]
    counts["taz/health/articles"] = len(checked)
    for name, field in COVERAGE_FIELDS.items():
        counts[f"taz/health/coverage/{name}"] = sum(field in v.filled for v in checked)
    return counts


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as file:
        return sum(1 for _ in file)
