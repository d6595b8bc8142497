"""One politeness budget for a site across every worker that shares a Redis.

Scrapy's DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN hold per process, so N workers
would put N times the load on the site. This middleware makes them hold for all workers
together: before a request goes to the network it takes one of the site's
CONCURRENT_REQUESTS_PER_DOMAIN in-flight slots (a lease that expires, so a killed worker's
slot comes back) and the next start time of the site's schedule, DOWNLOAD_DELAY after the one
before (a token bucket one token deep, which is what Scrapy's fixed delay is). Both are one Lua
script on Redis's clock. The budget is per site, not per crawl: several crawls sharing a Redis
share it too.

It awaits Redis with redis.asyncio, so a worker's event loop keeps downloading and parsing
while it waits. scrapy-redis's scheduler calls block the loop: a pop and an acknowledgement,
the two a request costs, took 1.4 ms together (bench/workers.py, a local redis-server, two
busy cores), against some 24 ms of CPU an article takes (990 articles, 23 s); a wait for a slot
lasts up to DOWNLOAD_DELAY and must not block.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING

import redis.asyncio as aioredis
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["SharedBudgetMiddleware"]

# KEYS: the site's slots (token -> expiry ms), its next start time (ms).
# ARGV: token, slots, slot lease ms, delay ms.
# Returns -1 when every slot is taken, else the ms to wait before the request may go.
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
local delay = tonumber(ARGV[4])
local at = math.max(now, tonumber(redis.call('GET', KEYS[2]) or 0))
redis.call('SET', KEYS[2], at + delay, 'PX', delay + 60000)
return at - now
"""

_META = "taz_budget_slot"


class SharedBudgetMiddleware:
    """Hold every worker of every crawl on one Redis to one crawler's budget per site.

    Enabled by the Redis frontier (``REDIS_URL``) unless ``TAZ_SHARED_BUDGET`` is False.
    """

    def __init__(
        self,
        url: str,
        *,
        prefix: str = "tazcrawler",
        delay: float = 1.0,
        slots: int = 2,
        slot_lease: float = 60.0,
        poll: float = 0.02,
    ) -> None:
        self.server = aioredis.Redis.from_url(url)
        self.prefix = prefix
        self.delay_ms = int(delay * 1000)
        self.slots = max(1, slots)
        self.slot_lease_ms = int(slot_lease * 1000)
        self.poll = poll
        self._take = self.server.register_script(_TAKE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not settings.get("REDIS_URL") or not settings.getbool("TAZ_SHARED_BUDGET"):
            raise NotConfigured
        middleware = cls(
            settings.get("REDIS_URL"),
            prefix=settings.get("TAZ_REDIS_PREFIX") or "tazcrawler",
            delay=settings.getfloat("DOWNLOAD_DELAY"),
            slots=settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
            # A slot outlives the longest download, then comes back if its worker died.
            slot_lease=settings.getfloat("DOWNLOAD_TIMEOUT") + 30,
        )
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    async def process_request(self, request: Request) -> None:
        site = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        key = f"{self.prefix}:budget:{site}"
        token = uuid.uuid4().hex
        while True:
            wait = int(
                await self._take(
                    keys=[f"{key}:slots", f"{key}:next"],
                    args=[token, self.slots, self.slot_lease_ms, self.delay_ms],
                )
            )
            if wait >= 0:
                break
            await asyncio.sleep(self.poll)
        request.meta[_META] = (f"{key}:slots", token)
        if wait:
            await asyncio.sleep(wait / 1000)

    async def process_response(self, request: Request, response: Response) -> Response:
        await self._release(request)
        return response

    async def process_exception(self, request: Request, exception: Exception) -> None:
        await self._release(request)

    async def _release(self, request: Request) -> None:
        held: tuple[str, str] | None = request.meta.pop(_META, None)
        if held is not None:
            await self.server.zrem(*held)

    async def close(self) -> None:
        await self.server.aclose()
