"""The test site's routing and its HTTP server (a ThreadingHTTPServer on 127.0.0.1)."""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from testsite import faults, faults_more, feeds, render_new, render_old
from testsite.content import ARTICLES, DEPUBLISHED

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from testsite.model import Article

__all__ = ["Response", "SiteServer", "make_server", "render_article", "route", "serve"]

ROBOTS_TXT = b"User-agent: *\nDisallow: /Archiv-Suche/private/\n"
HTML = "text/html; charset=utf-8"

# "/Slug/!1000001/", "/Archiv-Suche/!1000001&s=x&SuchRahmen=Print", "/!1000001" (short form).
ARTICLE_PATH_RE = re.compile(r"^(?P<prefix>(?:/[^/!]+)*)/!(?P<id>\d+)(?:[&;][^/]*)?/?$")
# "/Politik/!p4615/", "/Schwerpunkt-Wohnungsnot/!t5200001//", "/Lena-Brodersen/!a90001/".
_PAGE_RE = re.compile(r"^(?P<prefix>(?:/[^/!]+)*)/!(?P<kind>[pta])(?P<id>\d+)/*$")
# A Host header may only name a host and port; anything else would end up inside pages.
_HOST_RE = re.compile(r"^[A-Za-z0-9.\-]+(?::\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](?::\d{1,5})?$")


@dataclass(frozen=True)
class Response:
    status: int
    body: bytes = b""
    content_type: str = HTML
    location: str | None = None


def render_article(article: Article, base: str) -> str:
    """An article page in its own layout; absolute URLs in it start with ``base``."""
    renderer = render_old if article.layout == "old" else render_new
    return renderer.render_article(article, base)


# Rendering is deterministic, so a page is rendered once per (page, base URL).
@functools.lru_cache(maxsize=8192)
def _page(kind: str, key: str, slug: str, base: str) -> bytes:
    if kind == "article":
        html = render_article(ARTICLES[key], base)
    elif kind == "t":
        html = render_new.render_tag_page(key, slug, base)
    elif kind == "p":
        html = render_new.render_ressort_page(key, slug, base)
    elif kind == "a":
        html = render_new.render_author_page(key, slug, base)
    elif kind == "front":
        html = render_new.render_front_page(base)
    else:
        html = render_new.render_error_page(base)
    return html.encode("utf-8")


def route(target: str, base: str) -> Response:
    """What the site answers to a GET of ``target`` (path and query) for base URL ``base``.

    >>> route("/!1000003/", "http://127.0.0.1:8000").location
    'http://127.0.0.1:8000/Neubau-am-Kanal/!1000003/'
    """
    path = urlsplit(target).path
    if path == "/robots.txt":
        return Response(200, ROBOTS_TXT, "text/plain; charset=utf-8")
    if path == "/":
        return Response(200, _page("front", "", "", base))
    match = ARTICLE_PATH_RE.match(path)
    if match:
        article_id = match.group("id")
        if article_id in DEPUBLISHED:
            return Response(301, location=f"{base}{DEPUBLISHED[article_id]}")
        if article_id not in ARTICLES:
            return Response(404, _page("error", "", "", base))
        if not match.group("prefix"):
            # Short form "/!<id>/": taz redirects to the speaking URL.
            return Response(301, location=f"{base}{ARTICLES[article_id].path}")
        # Like the real site: any slug, "&s=" suffix or missing slash serves the article.
        return Response(200, _page("article", article_id, "", base))
    match = _PAGE_RE.match(path)
    if match:
        slug = match.group("prefix").lstrip("/")
        return Response(200, _page(match.group("kind"), match.group("id"), slug, base))
    return Response(404, _page("error", "", "", base))


class _Handler(BaseHTTPRequestHandler):
    server: SiteServer
    # Keep-alive: Scrapy reuses connections, and a new one per page would slow big crawls.
    protocol_version = "HTTP/1.1"
    server_version = "taz-testsite/1.0"
    # An idle keep-alive connection must not hold its thread forever.
    timeout = 30

    def do_GET(self) -> None:
        # Fault endpoints (truncated, slow, huge, bombs, redirects ...) write raw responses.
        if faults.serve_fault(self, self.path, self._base_url()):
            return
        if faults_more.serve_fault(self, self.path, self._base_url()):
            return
        if self.server.listings.serve(self, self.path, self._base_url()):
            return
        response = self.server.route(self.path, self._base_url())
        self.send_response(response.status)
        if response.location is not None:
            self.send_header("Location", response.location)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        self.wfile.write(response.body)

    def _base_url(self) -> str:
        host = self.headers.get("Host", "")
        if not _HOST_RE.match(host):
            address, port = self.server.server_address[:2]
            host = f"{address}:{port}"
        return f"http://{host}"

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log_requests:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")
            sys.stderr.flush()


class SiteServer(ThreadingHTTPServer):
    """The taz test site; each request is handled in its own daemon thread."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        *,
        log_requests: bool = False,
        site: Callable[[str, str], Response] | None = None,
        listings: feeds.Listings | None = None,
    ) -> None:
        super().__init__(address, _Handler)
        self.log_requests = log_requests
        # The sample site by default; a generated one (generate.GeneratedSite.route and
        # .listings) if given.
        self.route = site or route
        self.listings = listings or feeds.SAMPLE

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


def make_server(
    host: str = "127.0.0.1", port: int = 0, *, log_requests: bool = False
) -> ThreadingHTTPServer:
    """A bound, not yet serving test-site server; port 0 picks a free port."""
    return SiteServer((host, port), log_requests=log_requests)


@contextlib.contextmanager
def serve(
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    log_requests: bool = False,
    site: Callable[[str, str], Response] | None = None,
    listings: feeds.Listings | None = None,
) -> Iterator[str]:
    """Serve the test site in a background thread, yielding its base URL "http://host:port".

    >>> from urllib.request import urlopen
    >>> with serve() as base:
    ...     urlopen(f"{base}/robots.txt").status
    200
    """
    server = SiteServer((host, port), log_requests=log_requests, site=site, listings=listings)
    thread = threading.Thread(target=server.serve_forever, name="taz-testsite", daemon=True)
    thread.start()
    try:
        yield server.base_url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
