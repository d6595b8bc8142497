"""``scrapy crawl`` that checks the taz spider's arguments first and exits non-zero when
the run's health verdict is unhealthy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from tazcrawler.diskfull import DISK_FULL
from tazcrawler.extensions.health import Health
from tazcrawler.spiders._params import ArgumentError, CrawlParams
from tazcrawler.spiders.taz import TazSpider

if TYPE_CHECKING:
    import argparse

__all__ = ["DISK_FULL_EXIT_CODE", "UNHEALTHY_EXIT_CODE", "Command"]

# 1 is Scrapy's "could not start", 2 its usage error; 3 tells cron an unhealthy run, 4 that
# the disk filled up (docs/faults.md).
UNHEALTHY_EXIT_CODE = 3
DISK_FULL_EXIT_CODE = 4


class Command(ScrapyCrawlCommand):
    """Scrapy's crawl command, unchanged, plus the exit status of the health verdict.

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
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        try:
            health = crawler.get_extension(Health)
        except RuntimeError:  # the crawler stopped before its extensions were built
            health = None
        if health is not None and health.verdict is not None and not health.verdict.healthy:
            self.exitcode = UNHEALTHY_EXIT_CODE
        if crawler.stats is not None and crawler.stats.get_value("finish_reason") == DISK_FULL:
            self.exitcode = DISK_FULL_EXIT_CODE
