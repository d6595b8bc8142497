"""ArticleDupeFilter's rule in Redis, shared by every worker of a crawl."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy_redis.dupefilter import RFPDupeFilter

from tazcrawler.frontier.dupefilter import continues, request_key

if TYPE_CHECKING:
    from scrapy import Request, Spider

__all__ = ["RedisArticleDupeFilter"]

# KEYS: the hash article id -> shallowest depth scheduled. ARGV: article id, depth.
# A check and a write in one step: two workers that find one article at once schedule it once.
_SEEN = """
local known = redis.call('HGET', KEYS[1], ARGV[1])
if known and tonumber(known) <= tonumber(ARGV[2]) then return 1 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 0
"""


class RedisArticleDupeFilter(RFPDupeFilter):  # type: ignore[misc]  # scrapy-redis is untyped
    """scrapy-redis's dupefilter, by article id like ``ArticleDupeFilter``.

    scrapy-redis fingerprints URLs, so ``/Slug/!id/``, ``/!id/`` and ``&s=`` forms of one
    article would be three requests. Here an article request is a duplicate when the article
    was scheduled at the same depth or shallower, by any worker (a hash of best depths at
    ``key`` + ``:articles``); a shallower one is let in, and the queue hands out the first
    of them only. Other URLs keep scrapy-redis's fingerprint set at ``key``.
    """

    def __init__(self, server: object, key: str, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.articles_key = f"{key}:articles"
        self._seen = server.register_script(_SEEN)  # type: ignore[attr-defined]

    def request_seen(self, request: Request) -> bool:
        key = request_key(request)
        if key is None:
            return bool(super().request_seen(request))
        if continues(request):
            return False
        depth = request.meta.get("depth", 0)
        return bool(self._seen(keys=[self.articles_key], args=[key, depth]))

    def clear(self) -> None:
        self.server.delete(self.key, self.articles_key)

    def close(self, reason: str = "") -> None:
        # scrapy-redis deletes the shared set here; the scheduler decides (SCHEDULER_PERSIST).
        pass

    def log(self, request: Request, spider: Spider) -> None:
        super().log(request, spider)
        if request_key(request) is not None:
            spider.crawler.stats.inc_value("taz/related/already_requested")
