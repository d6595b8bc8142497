"""The Arrow schema of the records, derived from the JSON Schema (the one source of truth)."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pyarrow as pa

from tazcrawler.schema import SCHEMA_VERSION, load_schema

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "BERLIN_TIMESTAMP",
    "LINK_SCHEMA",
    "UTC_TIMESTAMP",
    "SchemaMappingError",
    "arrow_schema",
    "article_schema",
    "articles_table",
    "links_table",
]

# Arrow keeps one time zone per column and stores the instant. The dates pipeline writes every
# `published`/`modified` with the Europe/Berlin offset of that instant, so a column typed with
# the zone Europe/Berlin gives back the record's wall time and offset, +01:00 in winter and
# +02:00 in summer alike; a fixed "+01:00" column would get half of them wrong.
# Milliseconds, though the records have whole seconds: Parquet has no seconds unit and
# would store (and read back) "s" as "ms", so the file's schema would differ from this one.
BERLIN_TIMESTAMP = pa.timestamp("ms", tz="Europe/Berlin")
UTC_TIMESTAMP = pa.timestamp("ms", tz="UTC")
# crawled_at may carry fractions of a second; it is an instant, read back in UTC.
_FETCH_TIMESTAMP = pa.timestamp("us", tz="UTC")
_TIMESTAMP_DEFS = {
    # A date-only value (the page states no time of day) is midnight in Berlin in Parquet;
    # its *_precision column says "date" (articles_table).
    "#/$defs/berlin_date_or_datetime": BERLIN_TIMESTAMP,
    "#/$defs/utc_datetime": UTC_TIMESTAMP,
}

# links.jsonl has no JSON Schema of its own: an edge is made of an article's fields (ids and
# URLs as in the article schema, position as in related_article, source_depth as depth).
LINK_SCHEMA = pa.schema(
    [
        pa.field("source_id", pa.string()),
        pa.field("source_url", pa.string()),
        pa.field("target_id", pa.string()),
        pa.field("target_url", pa.string()),
        pa.field("title", pa.string()),
        pa.field("position", pa.int64()),
        pa.field("source_depth", pa.int64()),
    ],
    metadata={"tazcrawler.schema_version": SCHEMA_VERSION},
)


class SchemaMappingError(ValueError):
    """A JSON Schema construct with no Arrow type here: extend the mapping, do not guess."""


def arrow_schema(json_schema: dict[str, Any]) -> pa.Schema:
    """The Arrow schema of records valid under ``json_schema`` (an object schema).

    >>> schema = arrow_schema(load_schema())
    >>> schema.field("article_id").type, schema.field("published").type
    (DataType(string), TimestampType(timestamp[ms, tz=Europe/Berlin]))
    >>> schema.field("previous_sha256").type
    DataType(string)
    """
    defs = json_schema.get("$defs", {})
    fields = [
        _field(name, spec, defs, name in json_schema.get("required", ()))
        for name, spec in json_schema["properties"].items()
    ]
    metadata = {"tazcrawler.schema_version": SCHEMA_VERSION}
    if "$id" in json_schema:
        metadata["tazcrawler.json_schema"] = json_schema["$id"]
    return pa.schema(fields, metadata=metadata)


@cache
def article_schema() -> pa.Schema:
    """The Arrow schema of ``articles.parquet``, from ``article.schema.json``."""
    return arrow_schema(load_schema())


def _field(name: str, spec: dict[str, Any], defs: dict[str, Any], required: bool) -> pa.Field:
    kind, _ = _type(spec, defs, name)
    # Every column nullable, as Parquet writers usually make them: the JSON Schema says
    # which values may be null, and a record of an older schema (in a consolidation of old
    # runs) lacks the fields added since and must still be written.
    return pa.field(name, kind)


def _type(spec: dict[str, Any], defs: dict[str, Any], where: str) -> tuple[pa.DataType, bool]:
    ref = spec.get("$ref")
    if ref in _TIMESTAMP_DEFS:
        return _TIMESTAMP_DEFS[ref], "null" in _json_types(_resolve(ref, defs))
    if ref is not None:
        return _type(_resolve(ref, defs), defs, where)
    if "const" in spec:
        return _scalar(type(spec["const"]), where), False
    if "enum" in spec:
        kinds = {type(v) for v in spec["enum"] if v is not None}
        if len(kinds) != 1:
            raise SchemaMappingError(f"{where}: enum of mixed types {sorted(map(str, kinds))}")
        return _scalar(kinds.pop(), where), None in spec["enum"]
    types = _json_types(spec)
    nullable = "null" in types
    types.discard("null")
    if len(types) != 1:
        raise SchemaMappingError(f"{where}: needs exactly one non-null type, has {sorted(types)}")
    json_type = types.pop()
    if json_type == "string":
        return (_FETCH_TIMESTAMP if spec.get("format") == "date-time" else pa.string()), nullable
    if json_type == "integer":
        return pa.int64(), nullable
    if json_type == "boolean":
        return pa.bool_(), nullable
    if json_type == "array":
        item, _ = _type(spec["items"], defs, f"{where}[]")
        return pa.list_(item), nullable
    if json_type == "object":
        required = set(spec.get("required", ()))
        fields = [
            _field(key, value, defs, key in required) for key, value in spec["properties"].items()
        ]
        return pa.struct(fields), nullable
    raise SchemaMappingError(f"{where}: JSON type {json_type!r} has no Arrow type here")


def _json_types(spec: dict[str, Any]) -> set[str]:
    value = spec.get("type")
    if value is None:
        raise SchemaMappingError(f"no type in {spec}")
    return {value} if isinstance(value, str) else set(value)


def _resolve(ref: str, defs: dict[str, Any]) -> dict[str, Any]:
    prefix = "#/$defs/"
    if not ref.startswith(prefix) or ref[len(prefix) :] not in defs:
        raise SchemaMappingError(f"unresolvable $ref {ref!r}")
    found: dict[str, Any] = defs[ref[len(prefix) :]]
    return found


def _scalar(kind: type, where: str) -> pa.DataType:
    if kind is str:
        return pa.string()
    if kind is int:
        return pa.int64()
    raise SchemaMappingError(f"{where}: constant of type {kind.__name__}")


def _as_text(schema: pa.Schema) -> pa.Schema:
    # Records carry their dates as RFC 3339 strings; Arrow parses them in one cast per column.
    return pa.schema(
        [f.with_type(pa.string()) if pa.types.is_timestamp(f.type) else f for f in schema],
        metadata=schema.metadata,
    )


def articles_table(records: Iterable[dict[str, Any]]) -> pa.Table:
    """Records as a table of :func:`article_schema` (dates parsed, offsets checked by Arrow)."""
    schema = article_schema()
    rows = [_dates_as_instants(r) for r in records]
    table = pa.Table.from_pylist(rows, schema=_as_text(schema))
    return table.cast(schema)


_BERLIN_ZONE = ZoneInfo("Europe/Berlin")
_DAY_FIELDS = ("published", "modified")


def _dates_as_instants(record: dict[str, Any]) -> dict[str, Any]:
    # A timestamp column holds instants: "2011-04-10" becomes that day's Berlin midnight.
    days = {
        name: value
        for name in _DAY_FIELDS
        if isinstance(value := record.get(name), str) and len(value) == 10
    }
    if not days:
        return record
    midnight = {
        name: datetime.combine(date.fromisoformat(day), time(), _BERLIN_ZONE).isoformat()
        for name, day in days.items()
    }
    return {**record, **midnight}


def links_table(edges: Iterable[dict[str, Any]]) -> pa.Table:
    """Edges (as in ``links.jsonl``) as a table of :data:`LINK_SCHEMA`."""
    return pa.Table.from_pylist(list(edges), schema=LINK_SCHEMA)
