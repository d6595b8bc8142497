"""Drop items that do not conform to the published article schema."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from jsonschema.exceptions import best_match
from scrapy.exceptions import DropItem

from tazcrawler.fields import fields
from tazcrawler.items import as_record
from tazcrawler.pipelines._stats import StatsPipeline
from tazcrawler.schema import article_checker, article_validator

if TYPE_CHECKING:
    from collections.abc import Callable

    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator
    from scrapy.statscollectors import StatsCollector

__all__ = ["ValidationPipeline", "describe_error"]


def describe_error(error: ValidationError) -> str:
    """The error's JSON path and message, e.g. "$.article_id: 'abc' does not match ..."."""
    return f"{error.json_path}: {error.message}"


def _top_level_field(error: ValidationError, record: dict[str, Any]) -> str:
    """The top-level field an error is about, for the per-field stats key."""
    if error.absolute_path:
        return str(error.absolute_path[0])
    # Errors on the record itself: a missing or an unexpected field.
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "required":
        missing = [name for name in schema.get("required", []) if name not in record]
        return missing[0] if missing else "$"
    if error.validator == "additionalProperties":
        extra = [name for name in record if name not in schema.get("properties", {})]
        return extra[0] if extra else "$"
    return "$"


class ValidationPipeline(StatsPipeline):
    """Validate each record against ``tazcrawler/schema/article.schema.json``."""

    def __init__(self, stats: StatsCollector) -> None:
        super().__init__(stats)
        # Built once: compiling the schema per item would dominate the pipeline's cost.
        self.validator: Validator = article_validator()
        # jsonschema's generic walk cost more than extracting the page (BENCHMARKS.md);
        # jsonschema-rs answers the common case, a valid record, 55x faster. Invalid
        # records still go through jsonschema, for the error that names the field.
        self.is_valid: Callable[[Any], bool] = article_checker().is_valid

    def process_item(self, item: Any) -> Any:
        adapter = fields(item)
        record = as_record(item)  # nested dataclasses become dicts, as the exporter sees them
        if self.is_valid(record):
            self.stats.inc_value("taz/validation/valid")
            return item
        # best_match, not the first raised: for a oneOf of null and object it names the
        # object's failing property rather than "is not valid under any of the given schemas".
        error = best_match(self.validator.iter_errors(record))
        if error is None:
            self.stats.inc_value("taz/validation/valid")
            return item
        self.stats.inc_value("taz/validation/invalid")
        self.stats.inc_value(f"taz/validation/invalid/{_top_level_field(error, record)}")
        raise DropItem(
            f"invalid article {adapter.get('article_id')!r} ({adapter.get('url')}): "
            f"{describe_error(error)}"
        )
