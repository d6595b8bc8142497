"""Seeds from what the site publishes: sitemaps, sitemap indexes, robots.txt and feeds."""

from tazcrawler.discovery.listings import Entry, Listing, Refused, read_listing
from tazcrawler.discovery.seeds import SeedFilter
from tazcrawler.discovery.since import parse_since, resolve_since

__all__ = [
    "Entry",
    "Listing",
    "Refused",
    "SeedFilter",
    "parse_since",
    "read_listing",
    "resolve_since",
]
