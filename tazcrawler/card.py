"""The dataset card (``README.md``, Hugging Face's card format) of a consolidated dataset."""

from __future__ import annotations

import json
import platform
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import scrapy

from tazcrawler import __version__
from tazcrawler.schema import SCHEMA_VERSION
from tazcrawler.schema.arrow import LINK_SCHEMA, article_schema

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["dataset_card", "hf_features", "runs_card"]


def hf_features(schema: pa.Schema) -> list[dict[str, Any]]:
    """The ``features`` of a card for an Arrow schema, as ``datasets`` writes them.

    ``datasets`` is no runtime dependency, so this is its ``Features._to_yaml_list`` for the
    types the schema uses (a test compares the two).

    >>> hf_features(pa.schema([("tags", pa.list_(pa.string())), ("depth", pa.int64())]))
    [{'name': 'tags', 'list': 'string'}, {'name': 'depth', 'dtype': 'int64'}]
    """
    return [{"name": field.name, **_feature(field.type)} for field in schema]


def _feature(kind: pa.DataType) -> dict[str, Any]:
    if pa.types.is_struct(kind):
        return {"struct": [{"name": f.name, **_feature(f.type)} for f in kind.fields]}
    if pa.types.is_list(kind):
        inner = _feature(kind.value_type)
        return {"list": inner.get("dtype", inner.get("struct", inner))}
    if pa.types.is_timestamp(kind):
        return {"dtype": f"timestamp[{kind.unit}, tz={kind.tz}]"}
    names = {pa.string(): "string", pa.int64(): "int64", pa.bool_(): "bool"}
    if kind not in names:
        raise ValueError(f"no card feature for Arrow type {kind}")
    return {"dtype": names[kind]}


def dataset_card(records: Iterable[dict[str, Any]], *, links: int, crawl_ids: list[str]) -> str:
    """The card's text: YAML front matter (configs, features, counts), then a description."""
    records = list(records)
    dates = sorted(r["published"] for r in records if r.get("published"))
    articles, schema = len(records), article_schema()
    # One builder reads all configs of a folder (chosen by the files' kind), so the run
    # folders' JSON Lines have a card of their own (runs_card), not a config here.
    metadata = _metadata(
        [("default", "articles.parquet", schema), ("links", "links.parquet", LINK_SCHEMA)]
    )
    versions = {
        "tazcrawler": __version__,
        "article schema": SCHEMA_VERSION,
        "scrapy": scrapy.__version__,
        "pyarrow": pa.__version__,
        "python": platform.python_version(),
    }
    first, last = (dates[0], dates[-1]) if dates else ("none", "none")
    lines = [
        "---",
        _yaml(metadata).rstrip("\n"),
        "---",
        "",
        "# taz.de articles",
        "",
        "News articles of the German daily taz (taz.de), crawled with tazcrawler along the",
        '"Mehr zum Thema" (related articles) blocks: the latest version of each article.',
        "",
        "## Copyright",
        "",
        "The texts, headlines and images referred to here remain the copyright of their",
        "authors and of taz Verlags u. Vertriebs GmbH. This dataset is for research (text and",
        "data mining); it grants no licence to republish the articles.",
        "",
        "## Contents",
        "",
        f"- articles: {articles} (`articles.parquet`, `articles.jsonl`)",
        f"- links between them: {links} (`links.parquet`, `links.jsonl`, `links.csv`)",
        f"- published from {first} to {last}",
        f"- crawls: {len(crawl_ids)} ({', '.join(crawl_ids) or 'none'})",
        "- software: " + ", ".join(f"{name} {version}" for name, version in versions.items()),
        "",
        "Dates keep their Europe/Berlin offset (`timestamp[ms, tz=Europe/Berlin]`); ids are",
        "strings. Configs: `default` (articles), `links`. Every version of every article is",
        'in the run folders: `load_dataset("<output>/runs")` reads them (`runs/README.md`).',
        "",
    ]
    return "\n".join(lines)


def runs_card() -> str:
    """``runs/README.md``: every version of every article, the runs' Parquet files as one.

    Each run folder has the same records as JSON Lines and as Parquet. ``datasets`` reads
    JSON through pyarrow, which turns any text that looks like a date into a timestamp,
    the raw copies (``published_raw``) too, even when features are given; the Parquet
    files carry their types, so every run reads alike, before and after a version 2.
    """
    metadata = _metadata([("default", "*/articles.parquet", article_schema())])
    text = "Every version of every article, one run folder each (`<crawl id>/articles.parquet`)."
    return f"---\n{_yaml(metadata)}---\n\n# taz.de articles: all runs\n\n{text}\n"


def _metadata(configs: list[tuple[str, str, pa.Schema]]) -> dict[str, Any]:
    return {
        "pretty_name": "taz.de articles (tazcrawler)",
        "language": ["de"],
        "license": "other",
        "tags": ["news", "german", "taz"],
        "configs": [
            {"config_name": name, "data_files": [{"split": "train", "path": path}]}
            for name, path, _ in configs
        ],
        "dataset_info": [
            {"config_name": name, "features": hf_features(schema)} for name, _, schema in configs
        ],
    }


def _yaml(value: Any, indent: int = 0) -> str:
    # The card needs lists and mappings of strings and numbers only; PyYAML is no runtime
    # dependency. Strings are JSON-quoted, which YAML reads as double-quoted scalars.
    pad = " " * indent
    if isinstance(value, dict):
        out = ""
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                out += f"{pad}{key}:\n{_yaml(item, indent + 2)}"
            else:
                out += f"{pad}{key}: {_scalar(item)}\n"
        return out
    out = ""
    for item in value:
        if isinstance(item, dict | list) and item:
            text = _yaml(item, indent + 2)
            out += f"{pad}- {text[indent + 2 :]}"
        else:
            out += f"{pad}- {_scalar(item)}\n"
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, list | dict):
        return json.dumps(value)
    if isinstance(value, bool | int):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)
