"""GopherDownloadHandler: ``gopher://`` URLs (RFC 1436, RFC 4266) over asyncio streams."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import time
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    NotConfigured,
    ResponseDataLossError,
)
from scrapy.http import TextResponse
from scrapy.utils._download_handlers import get_dataloss_msg, get_maxsize_msg, get_warnsize_msg
from scrapy.utils.asyncio import is_asyncio_available

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

__all__ = ["GopherDownloadHandler", "selector_of"]

logger = logging.getLogger(__name__)

DEFAULT_PORT = 70
# Item types whose answer is a menu, which a line holding a single "." ends (RFC 1436).
_MENU_TYPES = frozenset({"1", "7"})
_CHUNK = 64 * 1024


def selector_of(url: str) -> tuple[str, str]:
    """The item type and the selector a gopher URL names (RFC 4266: ``/<type><selector>``,
    type "1" when the path is empty), percent-decoded.

    >>> selector_of("gopher://taz.de/1/!5928990"), selector_of("gopher://taz.de")
    (('1', '/!5928990'), ('1', ''))
    >>> selector_of("gopher://taz.de/7/suche%09Klima")
    ('7', '/suche\\tKlima')
    """
    path = unquote(urlsplit(url).path)
    if len(path) < 2:
        return "1", ""
    return path[1], path[2:]


class GopherDownloadHandler(BaseDownloadHandler):
    """Send the selector and CRLF, read until the server closes, as Scrapy's HTTP handlers
    read a body: within ``download_timeout`` (the whole exchange), ``DOWNLOAD_MAXSIZE``
    (cancelled past it) and ``DOWNLOAD_WARNSIZE`` (a warning), failing with Scrapy's own
    download exceptions, so retries, errbacks and failure reasons work as for HTTP.

    A menu without its terminating "." line was cut short: data loss, as a body shorter
    than its Content-Length (``DOWNLOAD_FAIL_ON_DATALOSS``). The response is a
    TextResponse in UTF-8 (gopher names no charset) with status 200: gopher has no status;
    an error item is content, for the page object to report.
    """

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        if not is_asyncio_available():
            raise NotConfigured("GopherDownloadHandler needs the asyncio reactor")
        super().__init__(crawler)
        settings = crawler.settings
        self.default_maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        self.default_warnsize = settings.getint("DOWNLOAD_WARNSIZE")
        self.default_timeout = settings.getfloat("DOWNLOAD_TIMEOUT")
        self.fail_on_dataloss = settings.getbool("DOWNLOAD_FAIL_ON_DATALOSS")
        self._dataloss_warned = False  # Scrapy's handlers say it once a crawl

    async def download_request(self, request: Request) -> TextResponse:
        parts = urlsplit(request.url)
        host, port = parts.hostname or "", parts.port or DEFAULT_PORT
        item_type, selector = selector_of(request.url)
        timeout: float = request.meta.get("download_timeout", self.default_timeout)
        start = time.monotonic()
        try:
            async with asyncio.timeout(timeout):
                reader, writer = await asyncio.open_connection(host, port)
                try:
                    writer.write(selector.encode("utf-8") + b"\r\n")
                    await writer.drain()
                    body = await self._read(reader, request)
                    peer = writer.get_extra_info("peername")
                finally:
                    writer.close()
        except TimeoutError as exc:
            raise DownloadTimeoutError(
                f"Getting {request.url} took longer than {timeout} seconds."
            ) from exc
        except socket.gaierror as exc:
            raise CannotResolveHostError(f"{host}: {exc}") from exc
        except ConnectionRefusedError as exc:
            raise DownloadConnectionRefusedError(f"{host}:{port}: {exc}") from exc
        except OSError as exc:  # reset, broken pipe, unreachable
            raise DownloadFailedError(f"{request.url}: {exc}") from exc
        request.meta["download_latency"] = time.monotonic() - start
        flags = []
        if item_type in _MENU_TYPES and not _terminated(body):
            if request.meta.get("download_fail_on_dataloss", self.fail_on_dataloss):
                if not self._dataloss_warned:
                    self._dataloss_warned = True
                    logger.warning(get_dataloss_msg(request.url))
                raise ResponseDataLossError(f"{request.url}: the menu has no terminating '.'")
            flags.append("dataloss")
        return TextResponse(
            url=request.url,
            body=body,
            encoding="utf-8",
            flags=flags,
            protocol="gopher",
            ip_address=ipaddress.ip_address(peer[0]) if peer else None,
        )

    async def _read(self, reader: asyncio.StreamReader, request: Request) -> bytes:
        maxsize: int = request.meta.get("download_maxsize", self.default_maxsize)
        warnsize: int = request.meta.get("download_warnsize", self.default_warnsize)
        chunks: list[bytes] = []
        received = 0
        warned = False
        while chunk := await reader.read(_CHUNK):
            chunks.append(chunk)
            received += len(chunk)
            if maxsize and received > maxsize:
                message = get_maxsize_msg(received, maxsize, request, expected=False)
                logger.warning(message)
                raise DownloadCancelledError(message)
            if warnsize and received > warnsize and not warned:
                warned = True
                logger.warning(get_warnsize_msg(received, warnsize, request, expected=False))
        return b"".join(chunks)


def _terminated(body: bytes) -> bool:
    """True if the menu ends with a line holding a single "." (trailing blank lines aside).

    >>> _terminated(b"iA\\t\\tx\\t1\\r\\n.\\r\\n"), _terminated(b"iA\\t\\tx\\t1\\r\\n")
    (True, False)
    """
    stripped = body.rstrip(b"\r\n")
    return stripped == b"." or stripped.endswith((b"\n.", b"\r."))
