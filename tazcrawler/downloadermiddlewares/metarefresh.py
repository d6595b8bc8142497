"""Scrapy's meta refresh redirects, reading only the head of a page for its ``<meta>``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, TextResponse

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response

__all__ = ["HeadMetaRefreshMiddleware", "head"]

# Scrapy looks for the refresh in the first 4,096 characters of the text. No codec takes
# more than 4 bytes a character but the stateful ones (ISO-2022, UTF-7), whose heads the
# margin check in ``head`` sends to the whole text.
_CHARS = 4096
_BYTES = 4 * _CHARS + 64


def head(response: TextResponse) -> TextResponse:
    """``response`` cut to the bytes that hold the first 4,096 characters of its text.

    Scrapy decodes the whole body to read them: 146 KB a page of the generated site, where
    in a re-extraction with workers nothing else in the replay decodes it (4% of its main
    thread, py-spy). A short response is its own head. The cut keeps the encoding, so its
    text begins as the whole page's does; a character cut in two at its end becomes one or
    two replacement characters, past the 4,096 that count.
    """
    body = response.body
    if len(body) <= _BYTES:
        return response
    cut = response.replace(body=body[:_BYTES], encoding=response.encoding)
    return cut if len(cut.text) >= _CHARS + 8 else response


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's MetaRefreshMiddleware (same settings and redirects), which decodes only the
    head of a page to find its refresh."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        # Scrapy's own decision on the cut; a redirect request never carries the body, so
        # only a page left alone must be given back whole.
        cut = head(response) if isinstance(response, HtmlResponse) else response
        result = super().process_response(request, cut)
        return response if result is cut else result
