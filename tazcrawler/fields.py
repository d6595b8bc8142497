"""fields(item): the field access of ItemAdapter for an item and its parts, at a fraction
of its cost."""

from __future__ import annotations

from typing import Any, Protocol

from itemadapter import ItemAdapter

__all__ = ["Fields", "fields"]


class Fields(Protocol):
    """What the pipelines use of an ItemAdapter: ``[name]`` (KeyError for a field the kind
    does not have), ``[name] = value`` and ``get(name)``."""

    def __getitem__(self, name: str, /) -> Any: ...

    def __setitem__(self, name: str, value: Any, /) -> None: ...

    def get(self, name: str, /) -> Any: ...


class _DataclassFields:
    """ItemAdapter's view of a dataclass instance: its declared fields, nothing else."""

    __slots__ = ("_fields", "_item")

    def __init__(self, item: Any) -> None:
        self._item = item
        self._fields = item.__dataclass_fields__

    def __getitem__(self, name: str) -> Any:
        if name not in self._fields:
            raise KeyError(f"{type(self._item).__name__} has no field {name!r}")
        return getattr(self._item, name)

    def __setitem__(self, name: str, value: Any) -> None:
        if name not in self._fields:
            raise KeyError(f"{type(self._item).__name__} has no field {name!r}")
        setattr(self._item, name, value)

    def get(self, name: str) -> Any:
        return getattr(self._item, name) if name in self._fields else None


def fields(part: Any) -> Fields:
    """Field access to ``part`` (an article, or one of its authors, related entries,
    images...), as ``ItemAdapter(part)`` gives it.

    A dict is its own view and a dataclass instance gets a thin one; any other kind (a
    Scrapy Item, attrs, pydantic) goes through ItemAdapter. ItemAdapter asks each of its
    adapter classes in turn whether it fits (abstract-class checks) and lists the
    dataclass's fields: 5-11 us a call, and the pipelines made some 25 calls a page
    (BENCHMARKS.md).
    """
    if type(part) is dict:
        return part
    if hasattr(type(part), "__dataclass_fields__"):
        return _DataclassFields(part)
    return ItemAdapter(part)
