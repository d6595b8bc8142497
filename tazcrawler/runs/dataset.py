"""Run folders on disk: repair a run's articles file, rebuild its graph, merge the folders of
a run's workers, consolidate all runs."""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tazcrawler.items import Article, RelatedArticle

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

__all__ = [
    "Repair",
    "consolidate",
    "merge_workers",
    "read_articles",
    "repair_jsonl",
    "run_dirs",
    "worker_dirs",
    "write_atomically",
    "write_graph_files",
    "write_json",
]

ARTICLES = "articles.jsonl"
LINKS = "links.jsonl"
GRAPH = "graph.graphml"
MANIFEST = "manifest.json"
# Present in a run folder while the run has not finished (removed when it does).
INCOMPLETE = "INCOMPLETE"
# A run of several workers: each writes its files in <run>/workers/<worker>/.
WORKERS = "workers"


@dataclass(frozen=True)
class Repair:
    """What :func:`repair_jsonl` removed from a file."""

    discarded_lines: int = 0
    discarded_bytes: int = 0
    duplicate_lines: int = 0

    def __bool__(self) -> bool:
        return bool(self.discarded_lines or self.duplicate_lines)


def _key(record: dict[str, Any]) -> tuple[Any, Any]:
    return (record.get("article_id"), record.get("version"))


def _parse_lines(data: bytes) -> tuple[list[bytes], list[dict[str, Any]], Repair]:
    good: list[bytes] = []
    records: list[dict[str, Any]] = []
    seen: set[tuple[str, Any]] = set()
    discarded = duplicates = discarded_bytes = 0
    for line in data.splitlines(keepends=True):
        try:
            if not line.endswith(b"\n"):
                raise ValueError("no line end: a torn last write")
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except ValueError:
            discarded += 1
            discarded_bytes += len(line)
            continue
        if _key(record) in seen:
            duplicates += 1
            continue
        seen.add(_key(record))
        good.append(line)
        records.append(record)
    return good, records, Repair(discarded, discarded_bytes, duplicates)


def repair_jsonl(path: Path) -> tuple[list[dict[str, Any]], Repair]:
    """Read a JSON lines file written by a run that may have been killed; fix it in place.

    A torn last line (the process died inside a write) or any line that is not a JSON
    object is discarded, and so is a repeated (article id, version); the file is rewritten
    atomically only if something was removed. Returns the records and what was removed.
    """
    if not path.exists():
        return [], Repair()
    good, records, repair = _parse_lines(path.read_bytes())
    if repair:
        write_atomically(path, b"".join(good))
    return records, repair


def read_articles(path: Path) -> list[dict[str, Any]]:
    """The valid records of an articles file, without changing it."""
    if not path.exists():
        return []
    return _parse_lines(path.read_bytes())[1]


def _as_article(record: dict[str, Any]) -> Article:
    # The exporters read items; a record of an older schema lacks newer fields (defaults).
    names = {f.name for f in dataclasses.fields(Article)}
    values = {k: v for k, v in record.items() if k in names}
    values["related"] = [
        RelatedArticle(**{k: v for k, v in link.items() if k in _RELATED_FIELDS})
        for link in record.get("related") or []
    ]
    return Article(**values)


_RELATED_FIELDS = frozenset(f.name for f in dataclasses.fields(RelatedArticle))


def write_graph_files(records: Iterable[dict[str, Any]], folder: Path) -> None:
    """Write ``links.jsonl`` and ``graph.graphml`` for these records, as the feeds would."""
    # The feed exporters themselves, so a rebuilt file is byte for byte what a feed writes.
    from tazcrawler.exporters.graphml import GraphMLExporter
    from tazcrawler.exporters.links import LinksExporter

    folder.mkdir(parents=True, exist_ok=True)
    links_tmp, graph_tmp = folder / f".{LINKS}.tmp", folder / f".{GRAPH}.tmp"
    with links_tmp.open("wb") as links_file, graph_tmp.open("wb") as graph_file:
        exporters = [
            LinksExporter(links_file, encoding="utf-8"),
            GraphMLExporter(graph_file, encoding="utf-8"),
        ]
        for exporter in exporters:
            exporter.start_exporting()
        for record in records:
            article = _as_article(record)
            for exporter in exporters:
                exporter.export_item(article)
        for exporter in exporters:
            exporter.finish_exporting()
    os.replace(links_tmp, folder / LINKS)
    os.replace(graph_tmp, folder / GRAPH)
    from tazcrawler.datafiles import write_data_files  # Parquet, GEXF, edge CSV

    write_data_files(records, folder)


def run_dirs(output_dir: Path) -> list[Path]:
    """The run folders under ``output_dir/runs``, oldest first (crawl ids sort by time)."""
    runs = output_dir / "runs"
    if not runs.is_dir():
        return []
    return sorted(p for p in runs.iterdir() if p.is_dir())


def worker_dirs(run_dir: Path) -> list[Path]:
    """The folders of a run's workers, by name (empty for a run of one process)."""
    folder = run_dir / WORKERS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir())


def _newer(record: dict[str, Any], current: dict[str, Any] | None) -> bool:
    return current is None or (record.get("version") or 0) > (current.get("version") or 0)


def merge_workers(run_dir: Path) -> dict[str, int]:
    """Merge the workers' files of a run into the run's ``articles.jsonl`` and graph files.

    Each article once, in its highest version; of two records of one version (two crawls
    raced on a shared store, or a worker exported it again after a kill) the first in
    worker-name and line order stays, so the merge of the same folders is always the same.
    A worker's torn last line (killed in a write) is repaired in its file first. Articles
    are written shallowest first, then by id; the links and graph come from them (each link
    once, as each article is once).
    """
    latest: dict[str, dict[str, Any]] = {}
    lines = discarded = 0
    folders = worker_dirs(run_dir)
    for folder in folders:
        records, repair = repair_jsonl(folder / ARTICLES)
        lines += len(records)
        discarded += repair.discarded_lines
        for record in records:
            if _newer(record, latest.get(record["article_id"])):
                latest[record["article_id"]] = record
    merged = sorted(latest.values(), key=lambda r: (r.get("depth") or 0, r["article_id"]))
    write_atomically(run_dir / ARTICLES, b"".join(_line(r) for r in merged))
    write_graph_files(merged, run_dir)
    return {
        "workers": len(folders),
        "articles": len(merged),
        "lines": lines,
        "discarded_lines": discarded,
    }


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _run_records(run: Path) -> list[dict[str, Any]]:
    # A run of workers not merged yet (some still running): its workers' complete lines.
    records = read_articles(run / ARTICLES)
    if not records:
        for folder in worker_dirs(run):
            records += read_articles(folder / ARTICLES)
    return records


def consolidate(output_dir: Path, target: Path | None = None) -> dict[str, int]:
    """Build the dataset across all runs: the latest version of each article, merged graph.

    Reads every run folder under ``output_dir/runs`` (also unfinished ones: their complete
    lines are versions the state store counts as current) and writes ``articles.jsonl``,
    ``links.jsonl`` and ``graph.graphml`` into ``target`` (default ``output_dir``). An
    article keeps the place where it first appeared; its record is its highest version.
    """
    target = target or output_dir
    latest: dict[str, dict[str, Any]] = {}
    for run in run_dirs(output_dir):
        for record in _run_records(run):
            current = latest.get(record["article_id"])
            if current is None or (record.get("version") or 0) >= (current.get("version") or 0):
                latest[record["article_id"]] = record
    lines = b"".join(_line(r) for r in latest.values())
    target.mkdir(parents=True, exist_ok=True)
    write_atomically(target / ARTICLES, lines)
    write_graph_files(latest.values(), target)
    from tazcrawler.datafiles import write_card  # README.md, the dataset card

    write_card(latest.values(), target, run_dirs(output_dir))
    return {"runs": len(run_dirs(output_dir)), "articles": len(latest)}


def write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: a reader sees the old file or the new one."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a full disk must not leave the half-written copy
        raise


def write_json(path: Path, data: dict[str, Any], *, sort_keys: bool = False) -> None:
    """``data`` as indented UTF-8 JSON, written atomically (manifests, stats.json)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=sort_keys, default=str)
    write_atomically(path, (text + "\n").encode("utf-8"))
