"""Why a request failed, as a short stats key: ``http_404``, ``timeout``, ``too_large`` ..."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error
from twisted.web.client import ResponseFailed

from tazcrawler.archive.replay import NotArchived
from tazcrawler.downloadermiddlewares.scope import RedirectOutOfScope

if TYPE_CHECKING:
    from twisted.python.failure import Failure

__all__ = ["failure_reason"]

# Scrapy says why it ignored a request only in IgnoreRequest's message; these are the
# messages of Scrapy 2.19 (robotstxt, httpcompression, redirect and offsite middlewares).
# The hostile-site crawl test fails if a new Scrapy words them differently.
_IGNORED = (
    ("Forbidden by robots.txt", "robots_txt"),
    ("during decompression", "too_large_decompressed"),
    ("max redirections reached", "too_many_redirects"),
    ("Filtered offsite request", "off_site"),
)

_BY_TYPE: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError), "timeout"),
    ((ResponseDataLossError,), "data_loss"),
    (
        (DownloadFailedError, ResponseFailed, error.ConnectionLost, error.ConnectionDone),
        "connection_lost",
    ),
    ((CannotResolveHostError, error.DNSLookupError), "dns_lookup"),
    ((DownloadConnectionRefusedError, error.ConnectionRefusedError), "connection_refused"),
)


def failure_reason(failure: Failure) -> str:
    """The reason a request failed, for ``taz/fetch_failed/<reason>`` and the log."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return f"http_{exc.response.status}"
    if isinstance(exc, RedirectOutOfScope):
        return exc.reason
    if isinstance(exc, NotArchived):
        return "not_archived"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        return next((reason for text, reason in _IGNORED if text in message), "ignored")
    if isinstance(exc, DownloadCancelledError):
        # The HTTP handler cancels a download only when the body outgrows DOWNLOAD_MAXSIZE
        # (announced or received); a time-out is a DownloadTimeoutError.
        return "too_large"
    for types, reason in _BY_TYPE:
        if isinstance(exc, types):
            return reason
    return type(exc).__name__
