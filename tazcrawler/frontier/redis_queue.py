"""scrapy-redis's priority queue with leases: a popped request is held, not gone, until done.

scrapy-redis pops a request by removing it from the sorted set, so a worker killed with
requests in hand loses them. Here a pop moves the request into a processing set scored by
its lease's expiry; the worker acknowledges it when the request is finished (downloaded and
parsed, its links queued) and renews the leases of those still in progress. A pop first
puts expired leases back into the queue, so the requests of a killed worker are fetched by
the others, or by a restart, once the lease has run out.

Every step is one Lua script, atomic in Redis, so that several workers never pop one
request twice, and the pop also does what ``BreadthFirstScheduler`` does in one process:

* breadth first: a request of queue score d (``-priority``, the depth with
  ``DEPTH_PRIORITY = 1``) goes out only when no leased request anywhere has a smaller score
  and no worker is still feeding seeds, so each article gets its shortest distance;
* each article once: the article ids handed out are a set; a request for one already
  handed out is dropped (it was queued again by a longer path, or by a second worker's
  seeds), unless it continues one handed out (a retry, a redirect) or is an expired lease;
* at most ``max_articles`` articles, counted across all workers by the same set.

A queue entry is ``<flag><article id>|<pickled request>``: the flag ``N`` (new), ``C``
(continues a handed-out request) or ``R`` (an expired lease, back in the queue) and the id
let the script decide without unpickling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy_redis.queue import PriorityQueue

from tazcrawler.frontier.dupefilter import continues, request_key

if TYPE_CHECKING:
    from scrapy import Request

__all__ = ["LeasedPriorityQueue", "PopResult"]

# Redis's clock, so that workers on several machines agree on when a lease expires.
_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: queue, processing (entry -> lease expiry, ms), scores (leased entry -> its queue
# score), handed (article ids), seeders (worker -> expiry of its "still seeding" mark).
# ARGV: lease ms, max_articles, most entries looked at in one call.
# Returns {entry or "", dropped as already handed out, dropped beyond max_articles}.
_POP = (
    _NOW
    + """
for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  local score = redis.call('ZSCORE', KEYS[3], entry) or 0
  redis.call('ZREM', KEYS[2], entry)
  redis.call('ZREM', KEYS[3], entry)
  if string.sub(entry, 1, 1) == 'N' then entry = 'R' .. string.sub(entry, 2) end
  redis.call('ZADD', KEYS[1], score, entry)
end
local already, beyond = 0, 0
local seeding = #redis.call('ZRANGEBYSCORE', KEYS[5], now, '+inf', 'LIMIT', 0, 1) > 0
for _ = 1, tonumber(ARGV[3]) do
  local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if #head == 0 then break end
  local entry, score = head[1], tonumber(head[2])
  local low = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
  if #low > 0 and tonumber(low[2]) < score then break end
  if seeding and score > 0 then break end
  redis.call('ZREM', KEYS[1], entry)
  local flag = string.sub(entry, 1, 1)
  local key = string.sub(entry, 2, string.find(entry, '|', 2, true) - 1)
  local go = true
  if flag == 'N' and key ~= '' then
    if redis.call('SADD', KEYS[4], key) == 0 then
      go, already = false, already + 1
    elseif redis.call('SCARD', KEYS[4]) > tonumber(ARGV[2]) then
      redis.call('SREM', KEYS[4], key)
      go, beyond = false, beyond + 1
    end
  end
  if go then
    redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), entry)
    redis.call('ZADD', KEYS[3], score, entry)
    return {entry, already, beyond}
  end
end
return {'', already, beyond}
"""
)

# KEYS: queue, the dupefilter's hash article id -> shallowest depth scheduled.
# ARGV: entry, score, article id, depth. Returns 1 if queued, 0 if a duplicate.
# The dupefilter's check and the push in one step: a worker killed between the two would
# leave an article marked as scheduled that no queue holds, and no one would fetch it.
_PUSH_UNSEEN = """
local known = redis.call('HGET', KEYS[2], ARGV[3])
if known and tonumber(known) <= tonumber(ARGV[4]) then return 0 end
redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
return 1
"""

# KEYS: queue, processing, scores. ARGV: the finished entries.
# A lease that expired and went back to the queue is taken out of it again: it is done.
_ACK = """
for _, entry in ipairs(ARGV) do
  if redis.call('ZREM', KEYS[2], entry) == 1 then
    redis.call('ZREM', KEYS[3], entry)
  else
    redis.call('ZREM', KEYS[1], 'R' .. string.sub(entry, 2), entry)
  end
end
"""

# KEYS: queue, processing, scores. ARGV: entries this worker gives back unfinished.
_RELEASE = """
for _, entry in ipairs(ARGV) do
  local score = redis.call('ZSCORE', KEYS[3], entry)
  if redis.call('ZREM', KEYS[2], entry) == 1 then
    redis.call('ZREM', KEYS[3], entry)
    if string.sub(entry, 1, 1) == 'N' then entry = 'R' .. string.sub(entry, 2) end
    redis.call('ZADD', KEYS[1], score or 0, entry)
  end
end
"""

# KEYS: processing, seeders. ARGV: lease ms, worker ("" when not seeding), entries.
_RENEW = (
    _NOW
    + """
local expiry = now + tonumber(ARGV[1])
if ARGV[2] ~= '' then redis.call('ZADD', KEYS[2], expiry, ARGV[2]) end
for i = 3, #ARGV do redis.call('ZADD', KEYS[1], 'XX', expiry, ARGV[i]) end
"""
)

# KEYS: queue, processing, seeders. How many requests are left anywhere: queued, leased, or
# about to come from a worker's seeds.
_PENDING = (
    _NOW
    + """
return redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])
  + #redis.call('ZRANGEBYSCORE', KEYS[3], now, '+inf', 'LIMIT', 0, 1)
"""
)


class PopResult:
    """What one pop gave: the request (None: nothing may go out now) and what it dropped."""

    __slots__ = ("already", "beyond", "entry", "request")

    def __init__(self, request: Request | None, entry: bytes, already: int, beyond: int):
        self.request = request
        self.entry = entry
        self.already = already
        self.beyond = beyond


class LeasedPriorityQueue(PriorityQueue):  # type: ignore[misc]  # scrapy-redis is untyped
    """``scrapy_redis.queue.PriorityQueue`` whose pops are leases (see the module).

    ``key`` is the queue's key; the processing set and the others are named after it.
    """

    def __init__(
        self,
        server: Any,
        spider: Any,
        key: str,
        serializer: Any = None,
        *,
        lease_seconds: float = 60.0,
        max_articles: int = 2**62,
        handed_key: str = "",
        batch: int = 100,
    ) -> None:
        super().__init__(server, spider, key, serializer)
        self.lease_ms = max(1, int(lease_seconds * 1000))
        self.max_articles = max_articles
        self.batch = batch
        self.processing_key = f"{self.key}:processing"
        self.scores_key = f"{self.key}:scores"
        self.seeders_key = f"{self.key}:seeders"
        self.handed_key = handed_key or f"{self.key}:handed"
        self._push_unseen = server.register_script(_PUSH_UNSEEN)
        self._pop = server.register_script(_POP)
        self._ack = server.register_script(_ACK)
        self._renew = server.register_script(_RENEW)
        self._release = server.register_script(_RELEASE)
        self._pending = server.register_script(_PENDING)

    def _encode_request(self, request: Request) -> bytes:
        key = request_key(request) or ""
        flag = b"C" if key and continues(request) else b"N"
        data: bytes = super()._encode_request(request)
        return flag + key.encode("ascii") + b"|" + data

    def _decode_request(self, entry: bytes) -> Request:
        return super()._decode_request(entry.split(b"|", 1)[1])  # type: ignore[no-any-return]

    def push(self, request: Request) -> None:
        self.server.zadd(self.key, {self._encode_request(request): -request.priority})

    def push_unseen(self, request: Request, key: str, depths_key: str) -> bool:
        """Push the request for article ``key`` unless the hash ``depths_key`` has the
        article at its depth or shallower (RedisArticleDupeFilter's rule); False if it has."""
        depth = request.meta.get("depth", 0)
        entry = self._encode_request(request)
        args = [entry, -request.priority, key, depth]
        return bool(self._push_unseen(keys=[self.key, depths_key], args=args))

    def pop(self, timeout: int = 0) -> Request | None:
        return self.lease().request

    def lease(self) -> PopResult:
        """Take the next request that may go out, as a lease, with what the pop dropped."""
        keys = [self.key, self.processing_key, self.scores_key, self.handed_key]
        entry, already, beyond = self._pop(
            keys=[*keys, self.seeders_key], args=[self.lease_ms, self.max_articles, self.batch]
        )
        request = self._decode_request(entry) if entry else None
        return PopResult(request, entry, int(already), int(beyond))

    def ack(self, entries: list[bytes]) -> None:
        """The leased requests ``entries`` are finished."""
        if entries:
            self._ack(keys=[self.key, self.processing_key, self.scores_key], args=entries)

    def release(self, entries: list[bytes]) -> None:
        """Give the leased requests ``entries`` back unfinished: the queue has them again
        at once, not when their leases expire."""
        if entries:
            self._release(keys=[self.key, self.processing_key, self.scores_key], args=entries)

    def renew(self, entries: list[bytes], seeder: str = "") -> None:
        """Extend the leases of ``entries`` (and ``seeder``'s mark that it is still seeding)."""
        if entries or seeder:
            self._renew(
                keys=[self.processing_key, self.seeders_key],
                args=[self.lease_ms, seeder, *entries],
            )

    def done_seeding(self, seeder: str) -> None:
        self.server.zrem(self.seeders_key, seeder)

    def pending(self) -> int:
        """Requests left anywhere in the crawl: queued, leased by any worker, or seeds."""
        keys = [self.key, self.processing_key, self.seeders_key]
        return int(self._pending(keys=keys))

    def clear(self) -> None:
        self.server.delete(
            self.key, self.processing_key, self.scores_key, self.seeders_key, self.handed_key
        )
