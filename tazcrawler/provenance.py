"""Provenance of an extracted article: when, from what bytes, in which crawl, how reached."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from tazcrawler.runs.clock import utc_now
from tazcrawler.schema import SCHEMA_VERSION

if TYPE_CHECKING:
    from tazcrawler.items import Article

__all__ = ["body_sha256", "new_crawl_id", "with_provenance"]


def new_crawl_id() -> str:
    """A crawl id that sorts by start time: ``20261125T193000Z-1a2b3c4d``."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


def body_sha256(body: bytes) -> str:
    """The ``response_sha256`` of a page with this body (after the downloader middlewares)."""
    return hashlib.sha256(body).hexdigest()


def with_provenance(
    item: Article,
    response_sha256: str,
    *,
    crawl_id: str | None,
    depth: int = 0,
    referrer: str | None = None,
    referrer_id: str | None = None,
) -> Article:
    return replace(
        item,
        crawled_at=utc_now(),
        depth=depth,
        referrer=referrer,
        referrer_id=referrer_id,
        crawl_id=crawl_id or None,  # an empty TAZ_CRAWL_ID means none
        response_sha256=response_sha256,
        schema_version=SCHEMA_VERSION,
    )
