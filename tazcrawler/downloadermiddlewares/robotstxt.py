"""robots.txt for both editions: a gopher request obeys the web site's robots.txt."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares import robotstxt

from tazcrawler.downloadhandlers.gopher import selector_of
from tazcrawler.pages.text_edition import is_text_edition_url

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

__all__ = ["RobotsTxtMiddleware", "web_url"]


def web_url(gopher_url: str, base_url: str) -> str:
    """The web URL robots.txt rules are matched against for a gopher URL: the selector
    as a path on ``base_url``.

    >>> web_url("gopher://taz.de/1/Slug/!5928990", "https://taz.de")
    'https://taz.de/Slug/!5928990'
    """
    return base_url.rstrip("/") + (selector_of(gopher_url)[1] or "/")


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

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if is_text_edition_url(request.url) and not request.meta.get("dont_obey_robotstxt"):
            web_request = request.replace(url=web_url(request.url, self.base_url))
            self.process_request_2(await self.robot_parser(web_request), web_request)
            return
        await super().process_request(request)
