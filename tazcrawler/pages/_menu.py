"""Gopher menus (RFC 1436) and their proxy renderings as one list of lines with links."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["GopherError", "Line", "Menu", "read_menu"]

# A proxy that renders a menu as a table ends each line with one or two empty cells
# (" | |"); another prefixes "| ". Only stripped when most lines carry them.
_CELL_END = re.compile(r"(?: \|){1,2}[ \t]*$")
_CELL_START = re.compile(r"^\| ")


class GopherError(ValueError):
    """The menu holds an error item (type 3): the server refused the selector."""


@dataclass(frozen=True)
class Line:
    """One line of text; a menu's link items also carry their type and target."""

    text: str
    item_type: str = "i"  # "i" for text, "1" a menu, "0" a text file, "h" a URL, ...
    selector: str | None = None
    host: str | None = None
    port: int | None = None

    @property
    def is_link(self) -> bool:
        return self.item_type != "i" and self.selector is not None

    def url(self) -> str | None:
        """The item as a URL (RFC 4266): ``gopher://host:port/<type><selector>``, or the
        target of an "h" item whose selector is ``URL:<url>``."""
        if not self.is_link or self.selector is None:
            return None
        if self.selector.startswith("URL:"):
            return self.selector[4:].strip() or None
        if not self.host:
            return None
        port = "" if self.port in (None, 70) else f":{self.port}"
        return f"gopher://{self.host}{port}/{self.item_type}{self.selector}"


@dataclass(frozen=True)
class Menu:
    """``form`` is "menu" (the raw protocol) or "rendering" (a proxy's text)."""

    form: str
    lines: list[Line]
    terminated: bool = True


def read_menu(text: str) -> Menu:
    """The lines of a raw menu or of a rendering; raises GopherError for an error item.

    A raw menu is told by its tab-separated items (a rendering has no tabs):

    >>> menu = read_menu("iKicker: Titel\\t\\tx\\t1\\r\\n1Mehr\\t/!123\\ttaz.de\\t70\\r\\n.\\r\\n")
    >>> menu.form, [line.text for line in menu.lines], menu.lines[1].url()
    ('menu', ['Kicker: Titel', 'Mehr'], 'gopher://taz.de/1/!123')
    >>> [line.text for line in read_menu("# a | |\\nb | |\\n").lines]
    ['# a', 'b']
    """
    raw_lines = text.splitlines()
    if any("\t" in line for line in raw_lines[:20]):
        return _read_raw(raw_lines)
    return Menu("rendering", [Line(line) for line in _strip_cells(raw_lines)])


def _read_raw(raw_lines: list[str]) -> Menu:
    lines: list[Line] = []
    errors: list[str] = []
    terminated = False
    for raw in raw_lines:
        if raw == ".":
            terminated = True
            break
        if not raw:
            continue
        fields = raw[1:].split("\t")
        if "\t" not in raw:
            # Not an item; some servers send bare text lines. Kept as text, not dropped.
            lines.append(Line(raw.rstrip()))
            continue
        item_type, display = raw[0], fields[0].rstrip()
        if item_type == "3":
            errors.append(display)
        elif item_type == "i":
            lines.append(Line(display))
        else:
            port = fields[3].strip() if len(fields) > 3 else ""
            lines.append(
                Line(
                    display,
                    item_type=item_type,
                    selector=fields[1] if len(fields) > 1 else "",
                    host=(fields[2].strip() or None) if len(fields) > 2 else None,
                    port=int(port) if port.isascii() and port.isdigit() else None,
                )
            )
    if errors:
        raise GopherError("; ".join(filter(None, errors)) or "error item without text")
    return Menu("menu", lines, terminated)


def _strip_cells(lines: list[str]) -> list[str]:
    filled = [line for line in lines if line.strip()]
    if not filled:
        return lines
    if sum(1 for line in filled if _CELL_END.search(line)) * 2 > len(filled):
        lines = [_CELL_END.sub("", line) for line in lines]
    if sum(1 for line in filled if _CELL_START.match(line)) * 2 > len(filled):
        lines = [_CELL_START.sub("", line) for line in lines]
    return [line.rstrip() for line in lines]
