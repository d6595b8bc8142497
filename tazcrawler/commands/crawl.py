"""``scrapy crawl`` that checks the taz spider's arguments first, says in one line why a crawl
could not start, and exits non-zero when the run's health verdict is unhealthy."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from tazcrawler.diskfull import DISK_FULL
from tazcrawler.frontier.redis_addon import WorkerSetupError
from tazcrawler.frontier.redis_scheduler import FrontierUnavailable
from tazcrawler.runs.lock import FolderLocked, OutputFolderError
from tazcrawler.runs.store import StoreError
from tazcrawler.spiders._params import ArgumentError, CrawlParams
from tazcrawler.spiders.taz import TazSpider

if TYPE_CHECKING:
    import argparse

__all__ = ["DISK_FULL_EXIT_CODE", "FOLDER_LOCKED_EXIT_CODE", "UNHEALTHY_EXIT_CODE", "Command"]

# 1 is Scrapy's "could not start", 2 its usage error; 3 tells cron an unhealthy run, 4 that
# the disk filled up (docs/faults.md).
UNHEALTHY_EXIT_CODE = 3
DISK_FULL_EXIT_CODE = 4
# sysexits' EX_TEMPFAIL: another crawl holds the output folder; try again later.
FOLDER_LOCKED_EXIT_CODE = 75


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl command, plus clear start-up failures and the health verdict's status.

    Scrapy's own command sets ``exitcode`` only when the crawler failed to start; it
    overrides the built-in of the same name because COMMANDS_MODULE comes last.
    """

    def short_desc(self) -> str:
        return "Run a spider of the project; exit 3 if its health verdict is unhealthy"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        if issubclass(crawler.spidercls, TazSpider):
            # Checked again by the spider (scrapyd starts it without this command); here a
            # bad argument is a usage error: one clear line and exit 2, not a traceback.
            try:
                CrawlParams.from_arguments(opts.spargs, crawler.settings)
            except ArgumentError as exc:
                raise UsageError(str(exc), print_help=False) from exc
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        failure: list[BaseException] = []
        _on_failure(started, failure.append)
        self.crawler_process.start()
        if failure:
            error = failure[0]
            if isinstance(
                error, (OutputFolderError, StoreError, FrontierUnavailable, WorkerSetupError)
            ):
                print(f"scrapy crawl: {error}", file=sys.stderr)
            else:
                print(f"scrapy crawl: could not start: {error!r}", file=sys.stderr)
            locked = isinstance(error, FolderLocked)
            self.exitcode = FOLDER_LOCKED_EXIT_CODE if locked else 1
            return
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        stats = crawler.stats
        # A worker's own part, and for the last worker of a crawl the merged run's too.
        verdicts = ("taz/health/verdict", "taz/health/run_verdict")
        if stats is not None and "unhealthy" in [stats.get_value(k) for k in verdicts]:
            self.exitcode = UNHEALTHY_EXIT_CODE
        if stats is not None and stats.get_value("finish_reason") == DISK_FULL:
            self.exitcode = DISK_FULL_EXIT_CODE


def _on_failure(started: Any, record: Any) -> None:
    """Keep the exception a crawl failed to start with, instead of letting it go unretrieved
    (asyncio then prints "Task exception was never retrieved" and a traceback)."""
    if hasattr(started, "addErrback"):  # a Deferred (the Twisted reactor)
        started.addErrback(lambda failure: record(failure.value))
    else:  # an asyncio Task or Future
        started.add_done_callback(
            lambda task: (
                None if task.cancelled() or not task.exception() else record(task.exception())
            )
        )
