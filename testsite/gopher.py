"""The test site's text edition: a gopher server (RFC 1436) on 127.0.0.1, asyncio TCP.

``python -m testsite.gopher [--port N] [--articles N] [--faults]`` serves the test site's
articles (the sample site, or a generated one) as gopher menus, the form taz.de serves:
``/!<id>`` and ``/<Slug>/!<id>`` an article (info lines; related articles and tags as
type-1 links), ``/!p…``, ``/!t…`` index menus, an unknown id an error item. The first line
on stdout is the base URL ("gopher://127.0.0.1:PORT"); the server stops on SIGTERM, SIGINT
or the end of a piped stdin, as the web test site does.

With ``--faults`` the seed's related block also links one article-like selector per fault
(``/fault/<name>/!<id>``): a menu without terminator, an error item, binary junk, a menu
larger than Scrapy's default DOWNLOAD_MAXSIZE, a server that never answers, a connection
reset halfway.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import re
import signal
import socket
import struct
import sys
import textwrap
import threading
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from testsite.__main__ import _stdin_is_pipe, _watch_stdin
from testsite._common import related_teaser
from testsite.content import ARTICLES, DEPUBLISHED, SEED_ID
from testsite.generate import GeneratedSite

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from testsite.content import Article

__all__ = ["FAULTS", "GopherSite", "main", "serve"]

WIDTH = 75
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_ARTICLE_RE = re.compile(r"^(?:/[^/!]+)*/!(?P<id>\d+)/?$")
_INDEX_RE = re.compile(r"^(?:/(?P<slug>[^/!]+))?/!(?P<kind>[pta])\d+/?$")
_FAULT_RE = re.compile(r"^/fault/(?P<name>[a-z-]+)/!(?P<id>\d+)$")
# name -> the id its selector carries: article-like, so a crawl follows it.
FAULTS = {
    "no-terminator": "1000201",
    "error": "1000202",
    "junk": "1000203",
    "huge": "1000204",
    "silent": "1000205",
    "reset": "1000206",
}
HUGE_BYTES = 11 * 1024 * 1024  # above Scrapy's and the project's DOWNLOAD_MAXSIZE (10 MB)


_BREAKS = re.compile(r"[\t\r\n]")


def _item(kind: str, text: str, selector: str = "", host: str = "error.host", port: int = 1) -> str:
    # Tabs and line ends inside a display string would break the item apart.
    display = _BREAKS.sub(" ", text)
    return f"{kind}{display}\t{selector}\t{host}\t{port}\r\n"


def _info(text: str) -> str:
    return _item("i", text)


def _wrapped(text: str, prefix: str = "") -> list[str]:
    return [
        prefix + line
        for line in textwrap.wrap(
            text, WIDTH - len(prefix), break_long_words=False, break_on_hyphens=False
        )
    ]


def _cut(text: str) -> str:
    """A line that overflows is cut with "…", as the proxies show it."""
    return text if len(text) <= WIDTH else text[: WIDTH - 1].rstrip() + "…"


class GopherSite:
    """The menus of one test site (``lookup`` finds an article by id) served from
    ``host:port``; ``faults`` adds the fault selectors to the seed's related block."""

    def __init__(
        self, lookup: Callable[[str], Article | None], seed_id: str, *, faults: bool = False
    ) -> None:
        self.lookup = lookup
        self.seed_id = seed_id
        self.faults = faults

    @classmethod
    def sample(cls, *, faults: bool = False) -> GopherSite:
        return cls(ARTICLES.get, SEED_ID, faults=faults)

    @classmethod
    def generated(cls, articles: int, seed: int = 0, *, faults: bool = False) -> GopherSite:
        site = GeneratedSite(articles, seed)

        def lookup(article_id: str) -> Article | None:
            index = site.index(article_id)
            return None if index is None else site.article(index)

        return cls(lookup, site.seed_id, faults=faults)

    def menu(self, selector: str, host: str, port: int) -> str:
        """The menu a selector answers, as text ("3" error item for an unknown one)."""
        match = _ARTICLE_RE.match(selector)
        if match and match["id"] in DEPUBLISHED:
            return self.index_menu("Politik", host, port)  # as the web site's 301 to a ressort
        article = self.lookup(match["id"]) if match else None
        if article is not None:
            return self.article_menu(article, host, port) + ".\r\n"
        match = _INDEX_RE.match(selector)
        if match or selector in ("", "/"):
            name = (match["slug"] or "Startseite") if match else "Startseite"
            return self.index_menu(name.replace("-", " "), host, port)
        return _item("3", f"'{selector}' does not exist") + ".\r\n"

    def index_menu(self, name: str, host: str, port: int) -> str:
        seed = self.lookup(self.seed_id)
        links = (
            [] if seed is None else [_item("1", seed.headline, f"/!{seed.article_id}", host, port)]
        )
        return _info(f"# taz.de -- {name}") + "".join(links) + ".\r\n"

    def article_menu(self, article: Article, host: str, port: int) -> str:
        """The article as taz's text edition carries it (without the terminator)."""
        lines = [_info(f"# taz.de -- {article.headline}")]
        lines += map(_info, _wrapped(article.teaser, "> "))
        if article.image is not None:
            lines.append(_info(_cut(f"Bild: {article.image.caption}")))
        headings = {s.position: s.text for s in article.subheadings}
        for position, paragraph in enumerate(article.plain_paragraphs):
            if position in headings:
                lines += [_info(f"## {headings[position]}"), _info("")]
            if position == 0 and article.dateline is not None:
                dateline = article.dateline
                paragraph = f"{dateline.location} {dateline.source} | {paragraph}"
            lines += [*map(_info, _wrapped(paragraph)), _info("")]
        day = article.published
        lines.append(_info(f"{day.day} {_MONTHS[day.month - 1]} {day.year}"))
        lines.append(_info("## TAGS"))
        lines += [_item("1", tag.name, f"/!t{tag.tag_id}", host, port) for tag in article.tags]
        lines.append(_info("## ARTIKEL ZUM THEMA"))
        for link in article.related:
            teaser = related_teaser(link, "")
            heading = f"{teaser.kicker}: {teaser.title}" if teaser.kicker else teaser.title
            if not link.on_site:
                lines.append(_item("h", heading, f"URL:{link.href}", host, port))
            elif link.target_id is not None:
                lines.append(_item("1", heading, f"/!{link.target_id}", host, port))
            else:
                path = urlsplit(link.href).path.rstrip("/")
                lines.append(_item("1", heading, path, host, port))
            lines += map(_info, _wrapped(teaser.teaser))
        if self.faults and article.article_id == self.seed_id:
            for name, fault_id in FAULTS.items():
                lines.append(
                    _item("1", f"Störung: {name}", f"/fault/{name}/!{fault_id}", host, port)
                )
        return "".join(lines)


async def _answer(
    site: GopherSite, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    host, port = writer.get_extra_info("sockname")[:2]
    try:
        request = await asyncio.wait_for(reader.readline(), timeout=30)
    except (TimeoutError, ConnectionError):
        writer.close()
        return
    selector = request.rstrip(b"\r\n").decode("utf-8", "replace")
    print(f"gopher {selector!r}", file=sys.stderr, flush=True)
    fault = _FAULT_RE.match(selector)
    name = fault["name"] if fault else None
    try:
        if name == "silent":
            await reader.read()  # until the client gives up and closes
        elif name == "reset":
            seed = site.lookup(site.seed_id)
            text = site.article_menu(seed, host, port) if seed else _info("x") * 200
            writer.write(text[: len(text) // 2].encode())
            await writer.drain()
            # SO_LINGER 0: close() sends a RST instead of a FIN.
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return
        elif name == "huge":
            line = _info("Viel zu viel Text. " * 3).encode()
            for _ in range(HUGE_BYTES // len(line) + 1):
                writer.write(line)
                await writer.drain()
            writer.write(b".\r\n")
        elif name == "junk":
            # Complete (terminated), but no text: the page object's case, not the handler's.
            writer.write(random.Random(selector).randbytes(4096) + b"\r\n.\r\n")
        elif name == "error":
            writer.write(_item("3", "Interner Fehler des Servers").encode() + b".\r\n")
        elif name == "no-terminator":
            seed = site.lookup(site.seed_id)
            writer.write((site.article_menu(seed, host, port) if seed else "").encode())
        else:
            writer.write(site.menu(selector, host, port).encode("utf-8"))
        await writer.drain()
    except ConnectionError:
        pass  # the client gave up (a huge menu past its limit)
    finally:
        writer.close()


@contextlib.contextmanager
def serve(site: GopherSite | None = None, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Serve ``site`` (the sample site) in a background thread; yields "gopher://host:port"."""
    site = site or GopherSite.sample()
    loop = asyncio.new_event_loop()
    started = threading.Event()
    holder: dict[str, asyncio.Server] = {}

    async def start() -> None:
        holder["server"] = await asyncio.start_server(lambda r, w: _answer(site, r, w), host, port)
        started.set()

    thread = threading.Thread(target=loop.run_forever, name="taz-gopher", daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop).result(timeout=10)
    server = holder["server"]
    bound_host, bound_port = server.sockets[0].getsockname()[:2]
    try:
        yield f"gopher://{bound_host}:{bound_port}"
    finally:

        async def stop() -> None:
            server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(timeout=10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m testsite.gopher", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--articles", type=int, metavar="N", help="a generated site of N")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated site")
    parser.add_argument("--faults", action="store_true", help="link the fault selectors")
    args = parser.parse_args(argv)
    if args.articles is None:
        site = GopherSite.sample(faults=args.faults)
    else:
        try:
            site = GopherSite.generated(args.articles, args.seed, faults=args.faults)
        except ValueError as exc:
            parser.error(str(exc))
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())

    with serve(site, args.host, args.port) as base:
        print(base, flush=True)
        # Dies with a parent that forgets to stop it, as the web test site does.
        if _stdin_is_pipe():
            threading.Thread(target=_watch_stdin, args=(stop,), daemon=True).start()
        while not stop.wait(timeout=0.5):
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
