"""The taz spider's arguments, checked once before any request is made."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy.settings import SETTINGS_PRIORITIES

from tazcrawler.downloadhandlers.gopher import selector_of
from tazcrawler.urls import article_id, is_on_site, is_private_address, site_domain

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy.settings import BaseSettings

__all__ = ["ARGUMENT_PRIORITY", "ArgumentError", "CrawlParams"]

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

    def as_settings(self) -> dict[str, Any]:
        """The settings these arguments stand for (``-a max_depth=2``: ``TAZ_MAX_DEPTH``)."""
        return {
            "TAZ_SEEDS": list(self.seeds),
            "TAZ_MAX_DEPTH": self.max_depth,
            "TAZ_MAX_ARTICLES": self.max_articles,
        }

    @classmethod
    def from_arguments(cls, arguments: Mapping[str, str], settings: BaseSettings) -> CrawlParams:
        """Check the raw ``-a`` arguments against the settings; raise ArgumentError if wrong."""
        # scrapyd passes its own arguments with a leading underscore (_job, _version).
        unknown = sorted(a for a in arguments if a not in _KNOWN and not a.startswith("_"))
        if unknown:
            raise ArgumentError(unknown[0], f"unknown argument; known are {', '.join(_KNOWN)}")
        base_url = settings.get("TAZ_BASE_URL")
        seeds = [
            *_split_seeds(arguments.get("seed")),
            *_read_seeds_file(arguments.get("seeds_file")),
        ]
        # Only start() reads the seeds. scrapy check, parse and shell replace it with their own
        # requests and cannot all pass -a, so this project's versions of those commands
        # (tazcrawler/commands/) set TAZ_REQUIRE_SEED False; scrapy crawl keeps it True.
        if not seeds and settings.getbool("TAZ_REQUIRE_SEED", True):
            raise ArgumentError("seed", f"no seed given; use -a seed={_expected(base_url)}")
        argument = "seed" if arguments.get("seed") else "seeds_file"
        for seed in seeds:
            _check_seed(seed, base_url, argument)
        return cls(
            seeds=tuple(dict.fromkeys(seeds)),
            max_depth=_non_negative(arguments, "max_depth", settings.getint("TAZ_MAX_DEPTH")),
            max_articles=_positive(arguments, "max_articles", settings.getint("TAZ_MAX_ARTICLES")),
        )


_KNOWN = ("seed", "seeds_file", "max_depth", "max_articles")


def _expected(base_url: str) -> str:
    base = base_url.rstrip("/")
    return f"{base}/<Slug>/!<id>/ or {base}/!<id>/ (text edition: gopher://{site_domain(base)}/1/!<id>)"


def _split_seeds(value: str | None) -> list[str]:
    return [s.strip() for s in (value or "").split(",") if s.strip()]


def _read_seeds_file(path: str | None) -> list[str]:
    if not path:
        return []
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
    return [line for line in lines if line and not line.startswith("#")]


def _check_seed(seed: str, base_url: str, argument: str) -> None:
    try:
        parts = urlsplit(seed)
        _ = parts.port  # "http://[::1", "https://taz.de:99999/" raise ValueError
    except ValueError as exc:
        raise ArgumentError(argument, f"{seed!r} is not a valid URL: {exc}") from exc
    problem = None
    if parts.scheme not in ("http", "https", "gopher"):
        problem = "is not an http(s) URL nor a gopher one"
    elif parts.scheme == "gopher" and selector_of(seed)[0] != "1":
        problem = "is not a gopher menu (item type 1)"
    elif parts.username or parts.password:
        problem = "carries user info"
    elif is_private_address(seed) and not is_private_address(base_url):
        # Only a local test site or mirror may be crawled on such an address.
        origin = f"{parts.scheme}://{parts.netloc}"
        problem = (
            "is a loopback or private address; to crawl a local site, name it as the site:"
            f" -s TAZ_BASE_URL={origin}"
        )
    elif not is_on_site(seed, base_url):
        problem = f"is not on the configured site {base_url} (setting TAZ_BASE_URL)"
    elif article_id(seed) is None:
        problem = "does not name an article"
    if problem:
        raise ArgumentError(argument, f"{seed!r} {problem}; expected {_expected(base_url)}")


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
