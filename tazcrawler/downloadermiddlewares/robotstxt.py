"""robots.txt for both editions: a gopher request obeys the web site's robots.txt."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares import robotstxt
from scrapy.utils.misc import load_object

from tazcrawler.downloadhandlers.gopher import selector_of
from tazcrawler.pages.text_edition import is_text_edition_url

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

__all__ = ["NetworkErrorsWithoutTraceback", "RobotsTxtMiddleware", "web_url"]


def web_url(gopher_url: str, base_url: str) -> str:
    """The web URL robots.txt rules are matched against for a gopher URL: the selector
    as a path on ``base_url``.

    >>> web_url("gopher://taz.de/1/Slug/!5928990", "https://taz.de")
    'https://taz.de/Slug/!5928990'
    """
    return base_url.rstrip("/") + (selector_of(gopher_url)[1] or "/")


class NetworkErrorsWithoutTraceback(logging.Filter):
    """Drops the traceback from a log record whose exception is one of ``errors``.

    Scrapy logs a robots.txt that cannot be fetched (the site is down, refuses, times out)
    with its traceback: 70 lines of Twisted frames under a line that already names the
    request and the fault, which read as a crash. The line stays, and its level.
    """

    def __init__(self, errors: tuple[type[BaseException], ...]) -> None:
        super().__init__()
        self.errors = errors

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.errors):
            record.exc_info = None
            record.exc_text = None
        return True


class RobotsTxtMiddleware(robotstxt.RobotsTxtMiddleware):
    """Scrapy's middleware, except that a gopher request is judged by ``TAZ_BASE_URL``'s
    robots.txt for the same selector.

    robots.txt is a web convention: Scrapy would fetch ``gopher://host/robots.txt``, which
    asks the server for item type "r", selector "obots.txt". The text edition serves the
    same articles as the web site, so the site's own rules for them apply; a path the
    site forbids is not fetched over gopher either (``IgnoreRequest``, reason robots_txt).
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.base_url: str = crawler.settings.get("TAZ_BASE_URL")
        # The faults a retry would take as the network's: the same for robots.txt.
        errors = tuple(
            load_object(e) if isinstance(e, str) else e
            for e in crawler.settings.getlist("RETRY_EXCEPTIONS")
        )
        log = logging.getLogger(robotstxt.__name__)
        for old in [f for f in log.filters if isinstance(f, NetworkErrorsWithoutTraceback)]:
            log.removeFilter(old)
        log.addFilter(NetworkErrorsWithoutTraceback(errors))

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if is_text_edition_url(request.url) and not request.meta.get("dont_obey_robotstxt"):
            web_request = request.replace(url=web_url(request.url, self.base_url))
            self.process_request_2(await self.robot_parser(web_request), web_request)
            return
        await super().process_request(request)
