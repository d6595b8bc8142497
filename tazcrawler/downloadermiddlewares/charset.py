"""Pages declared UTF-8 whose bytes are not UTF-8 are read as Windows-1252 (Latin-1)."""

from __future__ import annotations

import codecs
import logging
from typing import TYPE_CHECKING

from scrapy.http import TextResponse

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.statscollectors import StatsCollector

__all__ = ["CharsetRepairMiddleware", "proven_utf8"]

logger = logging.getLogger(__name__)

# The body last proven UTF-8 by this middleware in a re-extraction worker, which the replay
# then answers its request with (tazcrawler/archive/replay.py): the very bytes object, so
# that it is not decoded a second time (2.6% of the replay's main thread, py-spy).
_proven: list[bytes] = []


def proven_utf8(body: bytes) -> None:
    """Take ``body`` (this object, not equal bytes) as passing the strict UTF-8 decode."""
    _proven[:] = [body]


class CharsetRepairMiddleware:
    """Repair the one mislabelling the bytes can prove: "UTF-8" on a Latin-1 page.

    Scrapy trusts a declared charset and replaces undecodable bytes, so "Grüße" in Latin-1
    under a UTF-8 label becomes "Gr��e". Latin-1 text with umlauts is almost never valid
    UTF-8, so a failed strict decode is proof enough; Windows-1252 is what browsers read
    for Latin-1. Pages without a charset need nothing: Scrapy already tries UTF-8, then
    Windows-1252. Counted as ``taz/charset/repaired``.
    """

    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CharsetRepairMiddleware:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if not isinstance(response, TextResponse):
            return response
        if codecs.lookup(response.encoding).name != "utf-8":
            return response
        if _proven and response.body is _proven[0]:
            return response
        try:
            response.body.decode("utf-8")
        except UnicodeDecodeError:
            self.stats.inc_value("taz/charset/repaired")
            logger.info("Read %s as windows-1252: declared UTF-8, bytes are not", response.url)
            return response.replace(encoding="cp1252")
        return response
