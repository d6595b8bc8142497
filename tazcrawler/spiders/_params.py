"""The taz spider's arguments, checked once before any request is made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.settings import SETTINGS_PRIORITIES

from tazcrawler.discovery.since import parse_since
from tazcrawler.downloadhandlers.gopher import selector_of
from tazcrawler.urls import article_id, is_on_site, is_private_address, site_domain

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy.settings import BaseSettings

__all__ = ["ARGUMENT_PRIORITY", "DEFAULT_MAX_DISCOVERED", "ArgumentError", "CrawlParams"]

DEFAULT_MAX_DISCOVERED = 1000
# A seeds_file line that names a sitemap, feed or robots.txt rather than an article.
_LISTING_LINE = "seeds_from="

# A spider argument (-a) is the most specific thing a user says: it wins over -s.
ARGUMENT_PRIORITY = SETTINGS_PRIORITIES["cmdline"] + 10


class ArgumentError(ValueError):
    """A spider argument is wrong; the message names the argument."""

    def __init__(self, argument: str, problem: str) -> None:
        super().__init__(f"argument {argument!r}: {problem}")
        self.argument = argument


@dataclass(frozen=True)
class CrawlParams:
    """What one crawl does. Each field is a spider argument (``-a name=value``)."""

    #: Article URLs to start from, in order (``seed``: comma-separated; ``seeds_file``: one a
    #: line): web pages, or the text edition on the same host (``gopher://<host>/1/!<id>``).
    seeds: tuple[str, ...]
    #: How many related-article hops to follow from a seed (0: the seeds only).
    max_depth: int
    #: At most this many article pages are requested in the whole crawl, seeds included.
    max_articles: int
    #: Sitemaps, sitemap indexes, robots.txt, RSS/Atom feeds whose articles become seeds
    #: (``seeds_from``: comma-separated; ``seeds_file``: lines ``seeds_from=<URL>``).
    seeds_from: tuple[str, ...] = ()
    #: Listed entries older than this are skipped: a duration (2d, 36h), an ISO date or time,
    #: "all", or empty (with a state store: since the last finished run; docs/discovery.md).
    since: str = ""
    #: At most this many seeds from listings in the whole crawl.
    max_discovered: int = DEFAULT_MAX_DISCOVERED

    def as_settings(self) -> dict[str, Any]:
        """The settings these arguments stand for (``-a max_depth=2``: ``TAZ_MAX_DEPTH``)."""
        return {
            "TAZ_SEEDS": list(self.seeds),
            "TAZ_MAX_DEPTH": self.max_depth,
            "TAZ_MAX_ARTICLES": self.max_articles,
            "TAZ_SEEDS_FROM": list(self.seeds_from),
            "TAZ_SINCE": self.since,
            "TAZ_MAX_DISCOVERED": self.max_discovered,
        }

    @classmethod
    def from_arguments(cls, arguments: Mapping[str, str], settings: BaseSettings) -> CrawlParams:
        """Check the raw ``-a`` arguments against the settings; raise ArgumentError if wrong."""
        # scrapyd passes its own arguments with a leading underscore (_job, _version).
        unknown = sorted(a for a in arguments if a not in _KNOWN and not a.startswith("_"))
        if unknown:
            raise ArgumentError(unknown[0], f"unknown argument; known are {', '.join(_KNOWN)}")
        base_url = settings.get("TAZ_BASE_URL")
        file_seeds, file_listings = _read_seeds_file(arguments.get("seeds_file"))
        seeds = [*_split_seeds(arguments.get("seed")), *file_seeds]
        listings = [*_split_seeds(arguments.get("seeds_from")), *file_listings]
        # Only start() reads the seeds. scrapy check, parse and shell replace it with their own
        # requests and cannot all pass -a, so this project's versions of those commands
        # (tazcrawler/commands/) set TAZ_REQUIRE_SEED False; scrapy crawl keeps it True.
        if not seeds and not listings and settings.getbool("TAZ_REQUIRE_SEED", True):
            raise ArgumentError(
                "seed",
                f"no seed given; use -a seed={_expected(base_url)} or "
                "-a seeds_from=<sitemap, feed or robots.txt URL>",
            )
        argument = "seed" if arguments.get("seed") else "seeds_file"
        for seed in seeds:
            _check_seed(seed, base_url, argument)
        argument = "seeds_from" if arguments.get("seeds_from") else "seeds_file"
        for listing in listings:
            _check_listing(listing, base_url, argument)
        for name in ("since", "max_discovered"):
            if name in arguments and not listings:
                raise ArgumentError(name, "applies to the entries of seeds_from, and none is given")
        since = arguments.get("since", settings.get("TAZ_SINCE") or "").strip()
        if since:
            try:
                parse_since(since, datetime.now(UTC))
            except ValueError as exc:
                raise ArgumentError("since", str(exc)) from None
        return cls(
            seeds=tuple(dict.fromkeys(seeds)),
            max_depth=_non_negative(arguments, "max_depth", settings.getint("TAZ_MAX_DEPTH")),
            max_articles=_positive(arguments, "max_articles", settings.getint("TAZ_MAX_ARTICLES")),
            seeds_from=tuple(dict.fromkeys(listings)),
            since=since,
            max_discovered=_positive(
                arguments,
                "max_discovered",
                settings.getint("TAZ_MAX_DISCOVERED", DEFAULT_MAX_DISCOVERED),
            ),
        )


_KNOWN = (
    "seed",
    "seeds_file",
    "seeds_from",
    "since",
    "max_depth",
    "max_articles",
    "max_discovered",
)


def _expected(base_url: str) -> str:
    base = base_url.rstrip("/")
    return f"{base}/<Slug>/!<id>/ or {base}/!<id>/ (text edition: gopher://{site_domain(base)}/1/!<id>)"


def _split_seeds(value: str | None) -> list[str]:
    return [s.strip() for s in (value or "").split(",") if s.strip()]


def _read_seeds_file(path: str | None) -> tuple[list[str], list[str]]:
    """The article seeds and the listings (lines ``seeds_from=<URL>``) of a seeds file."""
    if not path:
        return [], []
    # 100,000 seed URLs take about 6 MB; a file far larger is no seeds file (or /dev/zero).
    limit = 32 << 20
    try:
        with Path(path).open("rb") as file:
            data = file.read(limit + 1)  # bounded: never the whole of a pipe
    except OSError as exc:
        raise ArgumentError("seeds_file", f"cannot read {path!r}: {exc.strerror}") from exc
    if len(data) > limit:
        raise ArgumentError("seeds_file", f"{path!r} is larger than {limit >> 20} MB")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # the UTF-16 byte order marks
        raise ArgumentError("seeds_file", f"{path!r} is UTF-16 text; save it as UTF-8")
    try:
        text = data.decode("utf-8-sig")  # a BOM is no part of the first URL
    except UnicodeDecodeError as exc:
        raise ArgumentError(
            "seeds_file", f"{path!r} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from exc
    if "\0" in text:
        raise ArgumentError("seeds_file", f"{path!r} holds NUL bytes: binary, not URLs")
    lines = (line.strip() for line in text.splitlines())
    seeds: list[str] = []
    listings: list[str] = []
    for line in lines:
        if line.startswith(_LISTING_LINE):
            listings.append(line.removeprefix(_LISTING_LINE).strip())
        elif line and not line.startswith("#"):
            seeds.append(line)
    return seeds, listings


def _check_seed(seed: str, base_url: str, argument: str) -> None:
    problem = _url_problem(seed, base_url, text_edition=True)
    if problem is None and article_id(seed) is None:
        problem = "does not name an article"
        if argument == "seeds_file":
            problem += " (a sitemap or feed goes on a line seeds_from=<URL>)"
    if problem:
        raise ArgumentError(argument, f"{seed!r} {problem}; expected {_expected(base_url)}")


def _check_listing(url: str, base_url: str, argument: str) -> None:
    problem = _url_problem(url, base_url, text_edition=False)
    if problem is None and article_id(url) is not None:
        problem = "names an article, not a sitemap or feed (use seed= for it)"
    if problem:
        raise ArgumentError(
            argument,
            f"{url!r} {problem}; expected a sitemap, feed or robots.txt URL on {base_url}",
        )


def _url_problem(url: str, base_url: str, *, text_edition: bool) -> str | None:
    """What is wrong with ``url`` as a seed or listing on ``base_url``; ``text_edition``: a
    gopher menu is allowed too (listings are web documents only)."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # "http://[::1", "https://taz.de:99999/" raise ValueError
    except ValueError as exc:
        return f"is not a valid URL: {exc}"
    if parts.scheme == "gopher" and text_edition:
        if selector_of(url)[0] != "1":
            return "is not a gopher menu (item type 1)"
    elif parts.scheme not in ("http", "https"):
        return "is not an http(s) URL nor a gopher one" if text_edition else "is not an http(s) URL"
    if parts.username or parts.password:
        return "carries user info"
    if is_private_address(url) and not is_private_address(base_url):
        # Only a local test site or mirror may be crawled on such an address.
        origin = f"{parts.scheme}://{parts.netloc}"
        return (
            "is a loopback or private address; to crawl a local site, name it as the site:"
            f" -s TAZ_BASE_URL={origin}"
        )
    if not is_on_site(url, base_url):
        return f"is not on the configured site {base_url} (setting TAZ_BASE_URL)"
    return None


def _non_negative(arguments: Mapping[str, str], name: str, default: int) -> int:
    value = arguments.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ArgumentError(name, f"{value!r} is not a whole number >= 0")
    return number


def _positive(arguments: Mapping[str, str], name: str, default: int) -> int:
    number = _non_negative(arguments, name, default)
    if number == 0:
        raise ArgumentError(name, "must be at least 1")
    return number
