"""Pages that end early: the TAZ_TRUNCATED_PAGES setting and what the log says of each kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["WHY", "truncated_pages"]

#: What each way of ending early (``ParsedPage.truncated``) means for the article.
WHY = {
    "depth_limit": "markup nested past the parser's limit; what follows is not read",
    "unclosed": "no </body> or </html>, the page was cut short; its text may be incomplete",
}


def truncated_pages(settings: BaseSettings) -> str:
    """TAZ_TRUNCATED_PAGES, checked: "flag" (exported, ``truncated`` set) or "refuse"."""
    value: str = settings.get("TAZ_TRUNCATED_PAGES", "flag")
    if value not in ("flag", "refuse"):
        raise ValueError(f"TAZ_TRUNCATED_PAGES must be 'flag' or 'refuse', not {value!r}")
    return value
