"""Runs as units: each crawl writes into its own folder with a manifest, and can be resumed."""

from __future__ import annotations

import fcntl
import json
import logging
import platform
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.extensions.feedexport import FileFeedStorage

from tazcrawler import __version__
from tazcrawler.dataset import (
    ARTICLES,
    INCOMPLETE,
    MANIFEST,
    Repair,
    consolidate,
    repair_jsonl,
    write_graph_files,
    write_json,
)
from tazcrawler.extensions import output_path
from tazcrawler.schema import SCHEMA_VERSION
from tazcrawler.state import StateStore, Visit, utc_now
from tazcrawler.urls import article_id

if TYPE_CHECKING:
    from typing import IO

    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["RunFeedStorage", "RunManager"]

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
    """Own the state store and the run folder ``<TAZ_OUTPUT_DIR>/runs/<crawl_id>/``.

    At start: resume the unfinished run of the same arguments (its id, folder and JOBDIR) or
    start a new one; repair the articles file of a killed run and roll back what the store
    recorded beyond it. At the end: write ``manifest.json``, rebuild the graph files of a
    resumed run from its articles, and on a finished run publish the consolidated dataset at
    ``<TAZ_OUTPUT_DIR>/articles.jsonl``, ``links.jsonl``, ``graph.graphml``.
    """

    def __init__(
        self,
        crawler: Crawler,
        store: StateStore,
        output_dir: Path,
        jobdir: Path | None,
        *,
        resume: bool,
        publish: bool,
    ) -> None:
        self.crawler = crawler
        self.store = store
        self.output_dir = output_dir
        self.jobdir = jobdir
        self.publish = publish
        self.started = self.attempt_started = utc_now()
        self.attempts: list[dict[str, Any]] = []
        self.repair = Repair()
        self.rolled_back = 0
        self.resumed_from: str | None = None  # "killed" or "interrupted"
        self.lock: IO[bytes] | None = None
        self.prior_visits: list[Visit] = []
        spider = crawler.spider
        params = spider.params  # type: ignore[union-attr]
        self.arguments = {
            "seeds": list(params.seeds),
            "max_depth": params.max_depth,
            "max_articles": params.max_articles,
        }
        # Seeds compared by article id: the same crawl against another host (a mirror, the
        # sample site on a new port) is still the same crawl.
        match = {**self.arguments, "seeds": [article_id(s) for s in params.seeds]}
        unfinished = store.unfinished_run()
        explicit = crawler.settings.get("TAZ_CRAWL_ID")
        if (
            unfinished is not None
            and resume
            and unfinished.arguments.get("match") == match
            and explicit in (None, "", unfinished.crawl_id)
        ):
            self.crawl_id = unfinished.crawl_id
            self.run_dir = output_dir / "runs" / self.crawl_id
            self.resumed_from = "killed" if unfinished.status == "running" else "interrupted"
            self.started = unfinished.started
            self._load_attempts()
            self._reconcile()
            self.prior_visits = store.visits(self.crawl_id)
            if self.resumed_from == "killed":
                # Scrapy does not support resuming from a JOBDIR after an unclean stop; the
                # store rebuilds the frontier instead (IncrementalMiddleware).
                self._drop_jobdir()
            logger.info("Resuming run %s (%s before)", self.crawl_id, self.resumed_from)
        else:
            if unfinished is not None:
                self._abandon(unfinished.crawl_id)
            self.crawl_id = spider.crawl_id  # type: ignore[union-attr]
            self.run_dir = output_dir / "runs" / self.crawl_id
            self._drop_jobdir()
        store.start_run(self.crawl_id, {"match": match, "spider": self.arguments}, self.started)
        self.run_dir.mkdir(parents=True, exist_ok=True)
        (self.run_dir / INCOMPLETE).write_text(
            "This run has not finished; see manifest.json.\n", encoding="utf-8"
        )
        # The spider exists before the extensions: point it at this run. Its crawl id goes
        # into every record; FEEDS fill "%(output_dir)s" from its output_dir attribute.
        spider.crawl_id = self.crawl_id  # type: ignore[union-attr]
        spider.output_dir = str(self.run_dir)  # type: ignore[union-attr]
        self._write_manifest(status="running")

    @property
    def resumed(self) -> bool:
        return self.resumed_from is not None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunManager:
        settings = crawler.settings
        output_dir = Path(settings.get("TAZ_OUTPUT_DIR"))
        db = output_path(settings, "TAZ_STATE_DB", "state.sqlite3")
        if db is None:
            # Chosen, not a mistake (replays, debugging commands): no "Disabled" warning.
            logger.info("No state store (TAZ_STATE_DB is empty): no runs, no revisit schedule")
            raise NotConfigured
        if not hasattr(crawler.spider, "params"):
            raise NotConfigured("the spider has no crawl parameters")
        lock = _lock(output_dir)
        # A JOBDIR set directly wins over TAZ_JOBDIR.
        jobdir = (
            Path(settings.get("JOBDIR"))
            if settings.get("JOBDIR")
            else output_path(settings, "TAZ_JOBDIR", "job")
        )
        if jobdir is not None and not settings.get("JOBDIR"):
            # Extensions are built before the settings freeze and before the scheduler and
            # SpiderState read JOBDIR, so the run's job folder can be set here.
            settings.set("JOBDIR", str(jobdir), priority="spider")
        manager = cls(
            crawler,
            StateStore(db),
            output_dir,
            jobdir,
            resume=settings.getbool("TAZ_RESUME"),
            publish=settings.getbool("TAZ_PUBLISH_LATEST"),
        )
        manager.lock = lock
        crawler.signals.connect(manager.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(manager.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(manager.engine_stopped, signal=signals.engine_stopped)
        return manager

    # --- start ------------------------------------------------------------------------

    def _load_attempts(self) -> None:
        path = self.run_dir / MANIFEST
        if path.exists():
            try:
                self.attempts = json.loads(path.read_text(encoding="utf-8")).get("attempts", [])
            except ValueError:
                self.attempts = []

    def _reconcile(self) -> None:
        records, self.repair = repair_jsonl(self.run_dir / ARTICLES)
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
        from tazcrawler.extensions.health import COVERAGE_FIELDS

        checked = [v for v in self.prior_visits if v.outcome in ("exported", "unchanged")]
        totals = {"taz/health/articles": len(checked)}
        for name, field in COVERAGE_FIELDS.items():
            totals[f"taz/health/coverage/{name}"] = sum(field in v.filled for v in checked)
        totals["log_count/ERROR"] = sum(
            a.get("stats", {}).get("log_count/ERROR", 0) for a in self.attempts
        )
        return totals

    # --- signals ----------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        from tazcrawler.extensions.health import Health

        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("taz/run/crawl_id", self.crawl_id)
        if self.resumed:
            stats.set_value("taz/run/resumed_from", self.resumed_from)
            stats.set_value("taz/run/repair/discarded_lines", self.repair.discarded_lines)
            stats.set_value("taz/run/repair/duplicate_lines", self.repair.duplicate_lines)
            stats.set_value("taz/run/repair/rolled_back", self.rolled_back)
        health = self.crawler.get_extension(Health)
        if health is not None:
            health.prior_counts = self.prior_counts

    def spider_closed(self, spider: Spider) -> None:
        # Connected before SpiderState (a lower EXTENSIONS order), so this lands in the
        # JOBDIR's spider.state that SpiderState saves next: a clean stop keeps the ids.
        state = getattr(spider, "state", None)
        if isinstance(state, dict):
            state["taz_requested_ids"] = set(getattr(spider, "requested_ids", ()))

    def engine_stopped(self) -> None:
        # After spider_closed: the feeds are closed and the stats final.
        from tazcrawler.extensions.health import Health

        stats = self.crawler.stats
        assert stats is not None
        reason = stats.get_value("finish_reason") or "unknown"
        status = "finished" if reason == "finished" else "interrupted"
        if self.resumed:
            # Earlier attempts' links and graph were written by other processes.
            records, _ = repair_jsonl(self.run_dir / ARTICLES)
            write_graph_files(records, self.run_dir)
        health = self.crawler.get_extension(Health)
        verdict = health.verdict if health is not None else None
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
            if self.publish:
                published = consolidate(self.output_dir)
        self.store.end_run(self.crawl_id, status, utc_now() if status == "finished" else None)
        self._write_manifest(
            status=status,
            finish_reason=reason,
            health=verdict.as_dict() if verdict is not None else None,
            published=published,
        )
        self.store.close()
        if self.lock is not None:
            self.lock.close()

    # --- manifest ---------------------------------------------------------------------

    def _write_manifest(self, *, status: str, **extra: Any) -> None:
        settings = self.crawler.settings
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        manifest = {
            "crawl_id": self.crawl_id,
            "status": status,
            "finished": status == "finished",
            "started": self.started,
            "ended": utc_now() if status != "running" else None,
            "arguments": self.arguments,
            "settings": {name: settings.get(name) for name in _MANIFEST_SETTINGS},
            "state_db": str(self.store.path),
            "versions": {
                "tazcrawler": __version__,
                "scrapy": scrapy.__version__,
                "schema": SCHEMA_VERSION,
                "python": platform.python_version(),
            },
            "files": {
                name: (self.run_dir / name).exists()
                for name in ("articles.jsonl", "links.jsonl", "graph.graphml")
            },
            "article_lines": _count_lines(self.run_dir / ARTICLES),
            "resumed": len(self.attempts) > 1 or self.resumed,
            "finish_reason": None,
            "health": None,
            "stats": stats,
            "attempts": self.attempts,
            **extra,
        }
        write_json(self.run_dir / MANIFEST, manifest)


def _lock(output_dir: Path) -> IO[bytes]:
    """Hold ``<output_dir>/.lock`` for this process's lifetime (the OS frees it at any exit).

    Two crawls on one output folder would both take the unfinished run for their own; the
    lock makes the second fail at start. A run marked running whose lock is free was killed.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    file = (output_dir / ".lock").open("ab")
    try:
        fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        file.close()
        raise RuntimeError(
            f"another crawl is running with TAZ_OUTPUT_DIR={output_dir} (it holds {file.name})"
        ) from None
    return file


def _count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as file:
        return sum(1 for _ in file)


class RunFeedStorage(FileFeedStorage):
    """Local feed files that suit a resumable run.

    A resumed run appends to its articles file instead of overwriting what the earlier
    attempts wrote; JSON lines files are written unbuffered, one write per record, so a
    killed process leaves at most its last line torn (the run manager repairs that).
    """

    def __init__(
        self,
        uri: str,
        *,
        feed_options: dict[str, Any] | None = None,
        crawler: Crawler | None = None,
    ) -> None:
        super().__init__(uri, feed_options=feed_options)
        self.crawler = crawler
        self.unbuffered = self.path.endswith(".jsonl")

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> RunFeedStorage:
        return cls(uri, feed_options=feed_options, crawler=crawler)

    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        # Looked up here, not in from_crawler: FeedExporter builds storages while the
        # extensions are still being built.
        run = self.crawler.get_extension(RunManager) if self.crawler is not None else None
        mode = self.write_mode
        if run is not None and run.resumed and path.parent == run.run_dir:
            mode = "ab"
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(mode, buffering=0 if self.unbuffered else -1)
