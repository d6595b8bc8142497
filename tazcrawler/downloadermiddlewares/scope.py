"""Redirects stay on the configured site: no other host, no private address, no loops."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin

from scrapy.exceptions import IgnoreRequest, NotConfigured
from w3lib.url import safe_url_string

from tazcrawler.urls import is_on_site, is_private_address

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response

__all__ = ["RedirectOutOfScope", "RedirectScopeMiddleware"]

_REDIRECTS = frozenset({301, 302, 303, 307, 308})


class RedirectOutOfScope(IgnoreRequest):
    """A redirect the crawl does not follow; ``reason`` names why, for the stats."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class RedirectScopeMiddleware:
    """Refuse a redirect before Scrapy's RedirectMiddleware builds the next request.

    Scrapy's OffsiteMiddleware filters an off-site redirect only when the new request is
    scheduled, which drops it without calling the errback (the article would vanish from the
    stats), and it compares host names only, not ports. A loop back to a URL already in the
    chain is dropped as a duplicate by the scheduler, also silently. Raising IgnoreRequest
    here, in ``process_response``, reaches the request's errback with a reason instead.
    Its order (650) is above RedirectMiddleware's (600), so its ``process_response`` runs
    before RedirectMiddleware's does.
    """

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectScopeMiddleware:
        if not crawler.settings.getbool("REDIRECT_ENABLED"):
            raise NotConfigured
        return cls(crawler.settings.get("TAZ_BASE_URL"))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        location = response.headers.get("Location")
        if response.status not in _REDIRECTS or not location or request.meta.get("dont_redirect"):
            return response
        # As RedirectMiddleware resolves it ("//host/x" takes the request's scheme).
        target = urldefrag(urljoin(request.url, safe_url_string(location))).url
        if not is_on_site(target, self.base_url):
            reason = "redirect_private" if is_private_address(target) else "redirect_off_site"
            raise RedirectOutOfScope(
                reason, f"redirect to {target} leaves the configured site {self.base_url}"
            )
        chain = [urldefrag(u).url for u in (*request.meta.get("redirect_urls", ()), request.url)]
        if target in chain:
            raise RedirectOutOfScope("redirect_loop", f"redirect loop back to {target}")
        return response
