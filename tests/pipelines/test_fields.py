"""fields(part) reads and writes a part as ItemAdapter(part) does, for every kind of part."""

from __future__ import annotations

from typing import Any

import pytest
import scrapy
from itemadapter import ItemAdapter

from tazcrawler.fields import fields
from tazcrawler.items import Author, Image


class ScrapyAuthor(scrapy.Item):
    name = scrapy.Field()
    url = scrapy.Field()


def kinds() -> list[Any]:
    return [
        Author(name="Anna Lehmann", url="https://taz.de/!a1/"),
        {"name": "Anna Lehmann", "url": "https://taz.de/!a1/"},
        ScrapyAuthor(name="Anna Lehmann", url="https://taz.de/!a1/"),
    ]


@pytest.mark.parametrize("index", range(3), ids=["dataclass", "dict", "scrapy.Item"])
def test_fields_agrees_with_itemadapter(index: int) -> None:
    ours, theirs = kinds()[index], kinds()[index]
    view, adapter = fields(ours), ItemAdapter(theirs)
    for name in ("name", "url", "no_such_field"):
        assert view.get(name) == adapter.get(name)
    view["name"] = adapter["name"] = "Stefan Reinecke"
    assert ItemAdapter(ours).asdict() == adapter.asdict()
    assert view["name"] == "Stefan Reinecke"


def test_a_field_the_kind_lacks_is_a_key_error_as_with_itemadapter() -> None:
    image = Image(url="https://taz.de/a.jpg")
    with pytest.raises(KeyError):
        ItemAdapter(image)["location"]
    with pytest.raises(KeyError):
        fields(image)["location"]
    with pytest.raises(KeyError):
        fields(image)["location"] = "Berlin"
    assert not hasattr(image, "location")
