"""taz.de URL forms: which URLs name an article, its id, and the canonical URL derived from it."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urljoin, urlsplit

__all__ = [
    "article_id",
    "canonical_url",
    "is_on_site",
    "is_private_address",
    "is_reserved_name",
    "join_url",
    "site_domain",
    "url_kind",
]

# "/Slug/!5928990/", "/!5928990", "/Archiv-Suche/!5928990&s=x&SuchRahmen=Print": the id
# follows "!" directly; "!p4615" (ressort), "!t…" (tag), "!a…" (author), "!v=…", "!s=…"
# do not match because a letter or "=" follows the "!".
_ARTICLE_RE = re.compile(r"/!(\d+)(?=[/&;?#]|$)")
_KIND_RE = re.compile(r"/!(?P<letter>[ptav])(?:\d|=)|/!s=")
_KINDS = {"p": "ressort", "t": "tag", "a": "author", "v": "publisher"}
# A root-relative path of non-empty segments without dots, query, fragment, parameters or
# white space: what urljoin would put after the base's origin unchanged.
_PLAIN_PATH_RE = re.compile(r"(?:/[\w!$&'()*+,=:@%~-]+)+/?")


def join_url(base: str, href: str) -> str:
    """``urljoin(base, href)``, without parsing the common case: a plain root-relative path
    on an http(s) page ("/Slug/!5928990/"), which related entries and breadcrumbs are.

    >>> join_url("https://taz.de/A/!1/", "/B/!2/"), join_url("https://taz.de/A/!1/", "../x")
    ('https://taz.de/B/!2/', 'https://taz.de/A/x')
    """
    if _PLAIN_PATH_RE.fullmatch(href):
        parts = urlsplit(base)  # cached by urllib
        if parts.scheme in ("http", "https") and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}{href}"
    return urljoin(base, href)


def article_id(url: str) -> str | None:
    """The article id named by ``url``, or None if the URL is not an article URL.

    >>> article_id("https://taz.de/Entwurf-des-Selbstbestimmungsgesetzes/!5928990/")
    '5928990'
    >>> article_id("https://taz.de/!5928990&s=Gesetz/")
    '5928990'
    >>> article_id("https://taz.de/Transgender/!t5523976/") is None
    True
    """
    parts = urlsplit(url)
    # taz puts "&s=..." into the path, but a stray "?" would move it to the query.
    match = _ARTICLE_RE.search(parts.path)
    return match.group(1) if match else None


def url_kind(url: str) -> str:
    """What kind of taz.de page a URL names: "article", "ressort", "tag", "author", ...

    >>> url_kind("https://taz.de/Politik/!p4615/")
    'ressort'
    >>> url_kind("/picture/6236752/948/x.jpeg")
    'image'
    """
    if article_id(url):
        return "article"
    path = urlsplit(url).path
    match = _KIND_RE.search(path)
    if match:
        return _KINDS.get(match.group("letter") or "", "search")
    if path.startswith("/picture/"):
        return "image"
    if "rss" in path or path.endswith(".xml"):
        return "feed"
    return "other"


def site_domain(url: str) -> str:
    """The domain of the site at ``url`` for Scrapy's ``allowed_domains``: the host without
    port or "www.", as :func:`is_on_site` counts www and bare host as one site.

    >>> site_domain("https://www.taz.de"), site_domain("http://127.0.0.1:8000/")
    ('taz.de', '127.0.0.1')
    """
    return (urlsplit(url).hostname or "").removeprefix("www.")


def _host(netloc: str) -> str:
    return netloc.lower().rsplit("@", 1)[-1].removeprefix("www.")


def is_on_site(url: str, base_url: str) -> bool:
    """True if ``url`` is on the site at ``base_url`` (http or https, with or without www).

    The text edition (gopher) is on the site when its host is the site's: its port is
    gopher's, never the web's.

    >>> is_on_site("http://www.taz.de/!1/", "https://taz.de")
    True
    >>> is_on_site("https://example.com/!1/", "https://taz.de")
    False
    >>> is_on_site("gopher://taz.de/1/!1", "https://taz.de"), is_on_site("gopher://x/1/!1", "https://taz.de")
    (True, False)
    """
    parts = urlsplit(url)
    if parts.scheme == "gopher":
        return site_domain(url) == site_domain(base_url)
    if parts.scheme not in ("http", "https"):
        return False
    return _host(parts.netloc) == _host(urlsplit(base_url).netloc)


def is_private_address(url: str) -> bool:
    """True if ``url``'s host is localhost or a loopback, private, link-local or reserved IP.

    >>> is_private_address("http://10.0.0.1/x"), is_private_address("http://[::1]:8080/")
    (True, True)
    >>> is_private_address("http://2130706433/"), is_private_address("https://taz.de/")
    (True, False)
    """
    host = (urlsplit(url).hostname or "").rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        # "2130706433" is 127.0.0.1 to the resolver.
        address = ipaddress.ip_address(int(host) if host.isdigit() else host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global


# Names that never reach a public site (RFC 2606, RFC 6761): test hosts and examples.
_RESERVED_NAMES = (
    "test",
    "example",
    "invalid",
    "localhost",
    "example.com",
    "example.net",
    "example.org",
)


def is_reserved_name(url: str) -> bool:
    """True if ``url``'s host is a reserved name that no public site answers for.

    >>> is_reserved_name("http://taz-sample.test/!1/"), is_reserved_name("https://taz.de/")
    (True, False)
    """
    host = (urlsplit(url).hostname or "").rstrip(".")
    return any(host == name or host.endswith(f".{name}") for name in _RESERVED_NAMES)


def canonical_url(article_id: str, base_url: str = "https://taz.de") -> str:
    """The short form taz.de itself uses in og:url: ``https://taz.de/!<id>/``."""
    return f"{base_url.rstrip('/')}/!{article_id}/"
