"""Item pipelines, one concern each, in the order settings.ITEM_PIPELINES runs them."""

from tazcrawler.pipelines.authors import AuthorsPipeline
from tazcrawler.pipelines.dates import DatesPipeline
from tazcrawler.pipelines.dedupe import DedupePipeline
from tazcrawler.pipelines.identity import IdentityPipeline
from tazcrawler.pipelines.tags import TagsPipeline
from tazcrawler.pipelines.text import TextPipeline
from tazcrawler.pipelines.validation import ValidationPipeline

__all__ = [
    "AuthorsPipeline",
    "DatesPipeline",
    "DedupePipeline",
    "IdentityPipeline",
    "TagsPipeline",
    "TextPipeline",
    "ValidationPipeline",
]
