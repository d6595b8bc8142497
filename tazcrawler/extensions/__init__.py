"""Scrapy extensions of the project, and the rule their file settings share."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

__all__ = ["output_path"]


def output_path(settings: BaseSettings, name: str, default: str) -> Path | None:
    """The path setting ``name``: None (unset) means ``<TAZ_OUTPUT_DIR>/<default>``, an empty
    value means off (None is returned), anything else is the path itself."""
    value = settings.get(name)
    if value is None:
        return Path(settings.get("TAZ_OUTPUT_DIR")) / default
    return Path(value) if value else None
