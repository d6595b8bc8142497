"""Fault endpoints of the test site: hostile pages and misbehaving HTTP, reached from one seed.

Modelled on Scrapy's own test mock server (``tests/mockserver``): each fault is an article URL
(``/<Slug>/!<id>/``) so that the spider follows it from the related block of the hostile seed
article ``HOSTILE_SEED_ID``. ``FAULTS`` says, per fault, what a crawl must make of it: a good
article that is exported (``"article"``) or the reason it is counted under
``taz/fetch_failed/<reason>``. None of these ids is linked from the sample graph of
``SEED_ID``, so a crawl from there never meets them.
"""

from __future__ import annotations

import functools
import gzip
import re
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from testsite import render_new, render_old
from testsite.content import AUTHORS
from testsite.model import BERLIN, Article, RelatedLink

if TYPE_CHECKING:
    from collections.abc import Callable
    from http.server import BaseHTTPRequestHandler

__all__ = [
    "FAULTS",
    "HOSTILE_SEED_ID",
    "MANY_LINKS",
    "MISSING_PATH",
    "ROBOTS_DISALLOWED_PATH",
    "SAME_LINKS",
    "Fault",
    "fault_articles",
    "serve_fault",
]

HOSTILE_SEED_ID = "1000500"
# Disallowed by the test site's robots.txt ("Disallow: /Archiv-Suche/private/").
ROBOTS_DISALLOWED_PATH = "/Archiv-Suche/private/!1000540/"
# An article id with no page behind it: the site answers 404.
MISSING_PATH = "/Gibt-es-nicht/!1000541/"

HUGE_SIZE = 50 * 1024 * 1024  # the "50 MB page"
BOMB_SIZE = 512 * 1024 * 1024  # what each bomb inflates to; about 0.5 MB and 0.1 MB on the wire
NESTING_DEPTH = 5000
MANY_LINKS = 10_000
SAME_LINKS = 500
# A fault that keeps a connection open gives up after this long, whoever is on the other end.
HOLD_SECONDS = 30.0


@dataclass(frozen=True)
class Fault:
    """One fault endpoint: its URL path, how it answers, and what a crawl must make of it."""

    article_id: str
    slug: str
    serve: Callable[[BaseHTTPRequestHandler, str], None]  # (handler, base URL)
    #: "article" (exported) or the ``taz/fetch_failed/<reason>`` the crawl counts.
    outcome: str

    @property
    def path(self) -> str:
        return f"/{self.slug}/!{self.article_id}/"


# --- Articles whose pages are hostile but hold a good article -----------------------------
# Their text stays within ISO-8859-1 (no typographic dashes or quotes), so that the Latin-1
# pages can carry every character as a byte and umlauts can come out right.


def _article(
    article_id: str,
    slug: str,
    title: str,
    related: tuple[RelatedLink, ...] = (),
    layout: str = "new",
) -> Article:
    return Article(
        article_id=article_id,
        slug=slug,
        layout=layout,
        related=related,
        kind="report",
        kicker="Störfall",
        title=title,
        teaser=f"Eine Seite, die dem Crawler übel mitspielt: {title}.",
        published=datetime(2025, 3, 4, 8, 15, tzinfo=BERLIN),
        ressort="/Gesellschaft/Medien/!p4630/",
        authors=(AUTHORS["90001"], AUTHORS["90005"]),
        paragraphs=(
            "Größere Straßenbäume überstehen die Hitze des Sommers besser, sagen die Gärtner.",
            "Übermäßig viel Wasser schadet ihnen aber auch; ähnlich äußern sich die Förster.",
        ),
    )


def _link(fault: Fault) -> RelatedLink:
    return RelatedLink(fault.path, title=fault.slug.replace("-", " "), kicker="Störfall")


def _render(article: Article, base: str) -> str:
    renderer = render_old if article.layout == "old" else render_new
    return renderer.render_article(article, base)


def _send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    content_type: str = "text/html; charset=utf-8",
    headers: tuple[tuple[str, str], ...] = (),
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    for name, value in headers:
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _closing(
    handler: BaseHTTPRequestHandler, status: int = 200, headers: tuple[tuple[str, str], ...] = ()
) -> None:
    """Start a response on a connection closed after it; with no length or chunking in
    ``headers``, the body ends only when the connection does."""
    handler.close_connection = True
    handler.send_response(status)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Connection", "close")
    for name, value in headers:
        handler.send_header(name, value)
    handler.end_headers()


def _page_fault(article: Article, transform: Callable[[str], str]) -> Callable[..., None]:
    def serve(handler: BaseHTTPRequestHandler, base: str) -> None:
        _send(handler, 200, transform(_render(article, base)).encode("utf-8"))

    return serve


# --- Charsets ---------------------------------------------------------------------------
_META_CHARSET = re.compile(
    r"<meta\s+(?:charset|http-equiv=\"content-type\")[^>]*>(?:</meta>)?", re.I
)

LATIN1_AS_UTF8 = _article("1000510", "Latin-1-als-UTF-8", "Grüße aus Köln, erklärt als UTF-8")
LATIN1_UNDECLARED = _article("1000511", "Latin-1-ohne-Angabe", "Müßiggang in Düsseldorf")


def _latin1(html: str) -> bytes:
    # Characters Latin-1 has no byte for become character references, as a CMS would write.
    return html.encode("latin-1", "xmlcharrefreplace")


def _serve_latin1_as_utf8(handler: BaseHTTPRequestHandler, base: str) -> None:
    _send(handler, 200, _latin1(_render(LATIN1_AS_UTF8, base)))


def _serve_latin1_undeclared(handler: BaseHTTPRequestHandler, base: str) -> None:
    html = _META_CHARSET.sub("", _render(LATIN1_UNDECLARED, base))
    _send(handler, 200, _latin1(html), content_type="text/html")


# --- Broken structure -------------------------------------------------------------------
MALFORMED_JSON_LD = _article("1000512", "Kaputtes-JSON-LD", "Strukturierte Daten, zerbrochen")
_LD_SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _break_json_ld(html: str) -> str:
    match = next(m for m in _LD_SCRIPT.finditer(html) if '"NewsArticle"' in m.group(1))
    cut = match.group(1)[: len(match.group(1)) // 2]
    broken = (
        f'<script type="application/ld+json">{cut}</script>'
        # Nesting deeper than Python's recursion limit, and valid JSON of the wrong shapes.
        f'<script type="application/ld+json">{"[" * 100_000}</script>'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": 42, '
        '"author": [null, 1, {"name": []}], "datePublished": {"x": 1}, "keywords": 7, '
        '"image": [[]], "@graph": "x"}</script>'
        '<script type="application/ld+json">[1, "x", null]</script>'
    )
    return html[: match.start()] + broken + html[match.end() :]


NESTED = _article("1000513", "Tief-verschachtelt", "Ein Absatz in 5000 Schachteln")


def _nest(html: str) -> str:
    # Inside the second paragraph (the first starts with a drop cap): inline elements nested
    # deeper than Python's recursion limit, within what the HTML parser keeps (2048 levels).
    where = html.index(NESTED.paragraphs[1][:30])
    html = html[:where] + "<span>" * 1500 + "</span>" * 1500 + html[where:]
    # At the end: deeper than the parser goes; it drops what follows, and nothing does.
    nested = '<div class="nest">' * NESTING_DEPTH + "innen" + "</div>" * NESTING_DEPTH
    end = html.rindex("</body>")
    return html[:end] + nested + html[end:]


# The target of the 500 identical links: the hub itself, so no extra article is needed.
SAME_LINK_TARGET = f"/Alles-was-schiefgeht/!{HOSTILE_SEED_ID}/"
SAME_TARGET = _article(
    "1000514",
    "Fuenfhundertmal-dasselbe",
    "Fünfhundertmal derselbe Link",
    related=tuple(RelatedLink(SAME_LINK_TARGET, title="Immer wieder") for _ in range(SAME_LINKS)),
)
MANY_RELATED = _article(
    "1000515",
    "Zehntausend-Links",
    "Zehntausend verwandte Artikel",
    related=tuple(
        RelatedLink(f"/Artikel-{n}/!{2_000_000 + n}/", title=f"Nummer {n}")
        for n in range(MANY_LINKS)
    ),
    # The old layout's related entries are the smallest: about 2.5 MB for all of them.
    layout="old",
)
FLAKY = _article("1000516", "Erst-500-dann-200", "Beim zweiten Versuch klappt es")

_flaky_lock = threading.Lock()
_flaky_requests = 0


def _serve_flaky(handler: BaseHTTPRequestHandler, base: str) -> None:
    # Every other request fails: a crawl that retries once gets the article.
    global _flaky_requests
    with _flaky_lock:
        _flaky_requests += 1
        fail = _flaky_requests % 2 == 1
    if fail:
        _send(handler, 500, b"<html><body>Interner Fehler</body></html>")
    else:
        _send(handler, 200, _render(FLAKY, base).encode("utf-8"))


# --- HTTP faults ------------------------------------------------------------------------
DRIP = _article("1000527", "Tropfender-Text", "Byte für Byte")


def _serve_truncated(handler: BaseHTTPRequestHandler, base: str) -> None:
    # Content-Length promises the whole page; the connection closes after half of it.
    body = _render(DRIP, base).encode("utf-8")
    _closing(handler, headers=(("Content-Length", str(len(body))),))
    handler.wfile.write(body[: len(body) // 2])


def _serve_reset(handler: BaseHTTPRequestHandler, base: str) -> None:
    # Chunked, as taz's servers send pages: the reset comes between two chunks. (A body
    # delimited by the connection's end cannot tell a reset from the end: Twisted flags it
    # "partial", and only the page's content can show the loss.)
    body = _render(DRIP, base).encode("utf-8")
    _closing(handler, headers=(("Transfer-Encoding", "chunked"),))
    half = body[: len(body) // 2]
    handler.wfile.write(f"{len(half):x}\r\n".encode() + half + b"\r\n")
    # SO_LINGER 0: close() sends RST, not FIN, like a crashed server or a middlebox.
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()


def _hold(handler: BaseHTTPRequestHandler) -> None:
    """Wait until the client closes the connection (or HOLD_SECONDS pass)."""
    handler.close_connection = True
    select.select([handler.connection], [], [], HOLD_SECONDS)


def _serve_never(handler: BaseHTTPRequestHandler, base: str) -> None:
    _hold(handler)  # the request was read; no response ever comes


def _serve_drip(handler: BaseHTTPRequestHandler, base: str) -> None:
    body = _render(DRIP, base).encode("utf-8")
    _closing(handler, headers=(("Content-Length", str(len(body))),))
    deadline = time.monotonic() + HOLD_SECONDS
    try:
        for start in range(0, len(body), 16):
            if time.monotonic() > deadline:
                return
            handler.wfile.write(body[start : start + 16])
            time.sleep(0.1)
    except OSError:
        return  # the client gave up


def _serve_huge(handler: BaseHTTPRequestHandler, base: str) -> None:
    # No Content-Length: the client learns the size only by counting what arrives.
    _closing(handler)
    chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
    try:
        handler.wfile.write(b"<html><body>")
        for _ in range(HUGE_SIZE // len(chunk)):
            handler.wfile.write(chunk)
    except OSError:
        return  # the client gave up, as it should


@functools.cache
def _gzip_bomb() -> bytes:
    # A gzip file may hold several members; 8 MiB of zeros compress to 8 KB each.
    member = gzip.compress(b"\0" * (8 << 20), compresslevel=9)
    return member * (BOMB_SIZE // (8 << 20))


@functools.cache
def _brotli_bomb() -> bytes:
    import brotli  # installed with Scrapy; only this fault needs it

    compressor = brotli.Compressor(quality=1, lgwin=24)
    zeros = b"\0" * (1 << 20)
    return b"".join(
        [*(compressor.process(zeros) for _ in range(BOMB_SIZE >> 20)), compressor.finish()]
    )


def _serve_bomb(encoding: str, body: Callable[[], bytes]) -> Callable[..., None]:
    def serve(handler: BaseHTTPRequestHandler, base: str) -> None:
        _send(handler, 200, body(), headers=(("Content-Encoding", encoding),))

    return serve


def _redirect(location: Callable[[str, str], str]) -> Callable[..., None]:
    """A 302 to ``location(base, request path with query)``."""

    def serve(handler: BaseHTTPRequestHandler, base: str) -> None:
        _send(handler, 302, headers=(("Location", location(base, handler.path)),))

    return serve


def _loop_location(base: str, target: str) -> str:
    # A -> A?hop -> A: a loop of two URLs, as misconfigured rewrite rules make.
    path = urlsplit(target).path
    return f"{base}{path}" if urlsplit(target).query else f"{base}{path}?hop"


def _endless_location(base: str, target: str) -> str:
    # A new URL every time: only a limit on redirects ends it.
    parts = urlsplit(target)
    hop = int(parts.query.removeprefix("hop=") or 0) if parts.query.startswith("hop=") else 0
    return f"{base}{parts.path}?hop={hop + 1}"


def _loopback_location(base: str, target: str) -> str:
    # Another loopback address: an internal service, as far as the crawler can tell. Tests
    # never name an address outside 127.0.0.0/8; the rule is the same for 10.x and 192.168.x.
    port = urlsplit(base).port
    return f"http://127.0.0.2:{port}/Intern/!1000001/"


def _serve_503(handler: BaseHTTPRequestHandler, base: str) -> None:
    _send(handler, 503, b"<html><body>Wartung</body></html>", headers=(("Retry-After", "1"),))


FAULTS: dict[str, Fault] = {
    f.article_id: f
    for f in (
        Fault("1000510", LATIN1_AS_UTF8.slug, _serve_latin1_as_utf8, "article"),
        Fault("1000511", LATIN1_UNDECLARED.slug, _serve_latin1_undeclared, "article"),
        Fault(
            "1000512",
            MALFORMED_JSON_LD.slug,
            _page_fault(MALFORMED_JSON_LD, _break_json_ld),
            "article",
        ),
        Fault("1000513", NESTED.slug, _page_fault(NESTED, _nest), "article"),
        Fault("1000514", SAME_TARGET.slug, _page_fault(SAME_TARGET, str), "article"),
        Fault("1000515", MANY_RELATED.slug, _page_fault(MANY_RELATED, str), "article"),
        Fault("1000516", FLAKY.slug, _serve_flaky, "article"),
        Fault("1000520", "Abgeschnitten", _serve_truncated, "data_loss"),
        Fault("1000521", "Verbindung-zurueckgesetzt", _serve_reset, "data_loss"),
        Fault("1000522", "Keine-Antwort", _serve_never, "timeout"),
        Fault("1000523", "Tropfen", _serve_drip, "timeout"),
        Fault("1000524", "Fuenfzig-Megabyte", _serve_huge, "too_large"),
        Fault("1000525", "Gzip-Bombe", _serve_bomb("gzip", _gzip_bomb), "too_large_decompressed"),
        Fault("1000526", "Brotli-Bombe", _serve_bomb("br", _brotli_bomb), "too_large_decompressed"),
        Fault("1000530", "Umleitung-im-Kreis", _redirect(_loop_location), "redirect_loop"),
        Fault("1000531", "Endlose-Umleitung", _redirect(_endless_location), "too_many_redirects"),
        Fault(
            "1000532",
            "Umleitung-woandershin",
            _redirect(lambda base, target: "http://example.invalid/Anderswo/!1000001/"),
            "redirect_off_site",
        ),
        Fault(
            "1000533", "Umleitung-nach-intern", _redirect(_loopback_location), "redirect_private"
        ),
        Fault("1000534", "Dauerhaft-503", _serve_503, "http_503"),
    )
}

_ARTICLES = {
    a.article_id: a
    for a in (
        LATIN1_AS_UTF8,
        LATIN1_UNDECLARED,
        MALFORMED_JSON_LD,
        NESTED,
        SAME_TARGET,
        MANY_RELATED,
        FLAKY,
    )
}

HOSTILE_SEED = _article(
    HOSTILE_SEED_ID,
    "Alles-was-schiefgeht",
    "Alles, was schiefgehen kann",
    related=(
        *(_link(f) for f in FAULTS.values()),
        RelatedLink(ROBOTS_DISALLOWED_PATH, title="Gesperrt durch robots.txt"),
        RelatedLink(MISSING_PATH, title="Gibt es nicht"),
    ),
)


def fault_articles() -> dict[str, Article]:
    """The good articles of the hostile site by id, the seed included."""
    return {HOSTILE_SEED_ID: HOSTILE_SEED, **_ARTICLES}


_ID_RE = re.compile(r"/!(\d+)")


def serve_fault(handler: BaseHTTPRequestHandler, target: str, base: str) -> bool:
    """Answer ``target`` if it is a fault endpoint (or the hostile seed); False if not."""
    match = _ID_RE.search(urlsplit(target).path)
    if match is None:
        return False
    article_id = match.group(1)
    if article_id == HOSTILE_SEED_ID:
        _send(handler, 200, _render(HOSTILE_SEED, base).encode("utf-8"))
        return True
    fault = FAULTS.get(article_id)
    if fault is None:
        return False
    fault.serve(handler, base)
    return True
