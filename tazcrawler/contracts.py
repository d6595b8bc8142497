"""``@filled field ...``: a spider contract that the callback's items have these fields set.

Scrapy's ``@scrapes`` only asks whether an item has a field; a dataclass item always has
all of them, so it cannot tell an empty extraction from a good one. This one can.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail

__all__ = ["FilledContract"]


class FilledContract(Contract):
    """Every item has each named field set to a value that is not None and not empty.

    ``@filled title paragraphs authors``
    """

    name = "filled"

    def post_process(self, output: list[Any]) -> None:
        for item in filter(is_item, output):
            adapter = ItemAdapter(item)
            empty = [name for name in self.args if adapter.get(name) in (None, "", [], {})]
            if empty:
                raise ContractFail(f"Empty fields: {', '.join(empty)}")
