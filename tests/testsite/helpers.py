"""Small HTTP and HTML helpers shared by the test-site tests."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from parsel import Selector

# Independent of tazcrawler.urls: these tests check the site, not the URL contract.
_ID_RE = re.compile(r"/!(\d+)(?=[/&#]|$)")


@dataclass
class Fetched:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None) -> Fetched:
    """GET ``url`` without following redirects; error statuses are returned, not raised."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=10) as response:
            return Fetched(response.status, dict(response.headers.items()), response.read())
    except urllib.error.HTTPError as error:
        with error:
            return Fetched(error.code, dict(error.headers.items()), error.read())


def href_id(href: str, base: str) -> str | None:
    """The article id of an on-site article href (relative or absolute to ``base``)."""
    parts = urlsplit(href)
    if parts.netloc and parts.netloc != urlsplit(base).netloc:
        return None
    match = _ID_RE.search(parts.path)
    return match.group(1) if match else None


def related_block_hrefs(html: str) -> list[str]:
    """Hrefs of the "Mehr zum Thema" block only, in page order, in either layout."""
    page = Selector(html)
    new = page.css("section#articleTeaser div.article-teaser a.teaser-link::attr(href)").getall()
    old = page.css("div.sect_thema ul.directory > li > a.objlink::attr(href)").getall()
    return new or old


def dedup(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
