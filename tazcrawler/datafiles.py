"""The typed and analyst files of a folder of records, written by the feed exporters."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from tazcrawler.card import dataset_card, runs_card
from tazcrawler.exporters.csv import LinksCsvExporter
from tazcrawler.exporters.gexf import GexfExporter
from tazcrawler.exporters.parquet import ArticlesParquetExporter, LinksParquetExporter

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = ["DATA_FILES", "write_card", "write_data_files"]

# The files a run's feeds write besides articles.jsonl, links.jsonl and graph.graphml.
DATA_FILES = {
    "articles.parquet": ArticlesParquetExporter,
    "links.parquet": LinksParquetExporter,
    "graph.gexf": GexfExporter,
    "links.csv": LinksCsvExporter,
}


def write_data_files(records: Iterable[dict[str, Any]], folder: Path) -> list[Path]:
    """Write :data:`DATA_FILES` for these records into ``folder``, each replaced atomically.

    The feed exporters themselves, so a rebuilt file (a resumed run, the consolidated
    dataset) is what a run's feeds write.
    """
    folder.mkdir(parents=True, exist_ok=True)
    temporary = {name: folder / f".{name}.tmp" for name in DATA_FILES}
    files = {name: path.open("wb") for name, path in temporary.items()}
    try:
        exporters = [cls(files[name], encoding="utf-8") for name, cls in DATA_FILES.items()]
        for exporter in exporters:
            exporter.start_exporting()
        for record in records:
            for exporter in exporters:
                exporter.export_item(record)
        for exporter in exporters:
            exporter.finish_exporting()
    finally:
        for file in files.values():
            file.close()
    for name, path in temporary.items():
        os.replace(path, folder / name)
    return [folder / name for name in DATA_FILES]


def write_card(records: Iterable[dict[str, Any]], folder: Path, runs: list[Path]) -> Path:
    """The dataset card ``README.md`` of the consolidated dataset, and ``runs/README.md``."""
    records = list(records)
    links = sum(len(r.get("related") or ()) for r in records)
    card = dataset_card(records, links=links, crawl_ids=[run.name for run in runs])
    (folder / "README.md").write_text(card, encoding="utf-8")
    if runs:
        (runs[0].parent / "README.md").write_text(runs_card(), encoding="utf-8")
    return folder / "README.md"
