"""A fast yes/no check against the article schema: the schema compiled to nested closures."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from jsonschema._utils import equal, uniq

if TYPE_CHECKING:
    from collections.abc import Callable

    from jsonschema import FormatChecker

    Check = Callable[[Any], bool]

__all__ = ["Unsupported", "compile_schema"]


class Unsupported(ValueError):
    """The schema uses a keyword this compiler does not know: use jsonschema alone."""


# Keywords that never constrain an instance.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default"}
)


def _is_type(instance: Any, name: str) -> bool:
    # JSON Schema's types, as jsonschema's Draft 2020-12 type checker defines them.
    if name == "string":
        return isinstance(instance, str)
    if name == "null":
        return instance is None
    if name == "boolean":
        return isinstance(instance, bool)
    if name == "object":
        return isinstance(instance, dict)
    if name == "array":
        return isinstance(instance, list)
    if isinstance(instance, bool):
        return False
    if name == "integer":
        return isinstance(instance, int) or (isinstance(instance, float) and instance.is_integer())
    if name == "number":
        return isinstance(instance, int | float)
    raise Unsupported(f"type {name!r}")


# JSON Schema types that are exactly one Python class each in a decoded record.
_CLASSES: dict[str, type] = {
    "string": str,
    "null": type(None),
    "boolean": bool,
    "object": dict,
    "array": list,
}


def _all_of(checks: list[Check]) -> Check:
    # A plain loop: all() over a generator costs a frame per check, on every value.
    def check_all(instance: Any) -> bool:
        for check in checks:  # noqa: SIM110
            if not check(instance):
                return False
        return True

    return check_all


def _format_check(format_checker: FormatChecker, name: str) -> Check:
    # The check function itself: FormatChecker.conforms looks it up and builds an error
    # object for every call, which cost more than the check on every URL.
    function, raises = format_checker.checkers[name]

    def conforms(instance: Any) -> bool:
        try:
            return bool(function(instance))
        except raises:
            return False

    return conforms


_STRING_KEYWORDS = frozenset({"type", "minLength", "pattern", "format"})


def _string_node(node: dict[str, Any], format_checker: FormatChecker) -> Check | None:
    """One check for a string (or null) node of only the string keywords; None otherwise.

    Most of a record's values are such strings (text, URLs, dates). The generic build makes
    a closure per keyword, each asking again whether the value is a string.
    """
    keywords = set(node) - _ANNOTATIONS
    types = node.get("type")
    types = [types] if isinstance(types, str) else sorted(types or [])
    if not keywords <= _STRING_KEYWORDS or types not in (["string"], ["null", "string"]):
        return None
    nullable = types == ["null", "string"]
    min_length = node.get("minLength", 0)
    search = re.compile(node["pattern"]).search if "pattern" in node else None
    name = node.get("format")
    conforms = (
        _format_check(format_checker, name)
        if name is not None and name in format_checker.checkers
        else None  # jsonschema, too, ignores an unknown format
    )

    def check_string(instance: Any) -> bool:
        if not isinstance(instance, str):
            return nullable and instance is None
        if len(instance) < min_length:
            return False
        if search is not None and search(instance) is None:
            return False
        return conforms is None or conforms(instance)

    return check_string


def compile_schema(schema: dict[str, Any], format_checker: FormatChecker) -> Check:
    """``check(instance)``: True exactly when the Draft 2020-12 validator finds no error.

    Only the keywords the article schema uses are compiled; any other raises
    :class:`Unsupported`, so a schema change can never make the check more lenient.

    >>> from jsonschema import FormatChecker
    >>> check = compile_schema({"type": "object", "required": ["a"]}, FormatChecker())
    >>> check({"a": 1}), check({})
    (True, False)
    """
    compiled: dict[str, Check] = {}

    def ref(pointer: str) -> Check:
        if not pointer.startswith("#/$defs/"):
            raise Unsupported(f"$ref {pointer!r}")
        name = pointer.removeprefix("#/$defs/")
        if name not in compiled:
            compiled[name] = lambda instance: compiled[name](instance)  # recursion placeholder
            compiled[name] = build(schema["$defs"][name])
        # The built check itself; only a reference met while its own definition is being
        # built gets the placeholder, which looks the check up when called.
        return compiled[name]

    def build(node: dict[str, Any] | bool) -> Check:
        if node is True:
            return lambda instance: True
        if node is False:
            return lambda instance: False
        string = _string_node(node, format_checker)
        if string is not None:
            return string
        checks: list[Check] = []
        for keyword, value in node.items():
            if keyword in _ANNOTATIONS:
                continue
            checks.append(keyword_check(node, keyword, value))
        if not checks:
            return lambda instance: True
        if len(checks) == 1:
            return checks[0]
        return _all_of(checks)

    def keyword_check(node: dict[str, Any], keyword: str, value: Any) -> Check:
        if keyword == "$ref":
            return ref(value)
        if keyword == "type":
            names = [value] if isinstance(value, str) else list(value)
            for name in names:
                _is_type(None, name)  # raises Unsupported for unknown names
            if all(name in _CLASSES for name in names):
                # One isinstance for the types that are exactly Python classes; bool is no
                # int here because "integer" and "number" are never among them.
                classes = tuple(_CLASSES[name] for name in names)
                return lambda instance: isinstance(instance, classes)
            return lambda instance: any(_is_type(instance, name) for name in names)
        if keyword == "const":
            return lambda instance: equal(instance, value)
        if keyword == "enum":
            if all(option is None or isinstance(option, str) for option in value):
                # The article schema's enums (layouts, layers, precisions): a set lookup
                # where jsonschema's equal() is called per option, fifteen enums a record.
                options = frozenset(value)
                return lambda instance: (
                    (instance is None or type(instance) is str) and (instance in options)
                )
            return lambda instance: any(equal(instance, option) for option in value)
        if keyword == "pattern":
            search = re.compile(value).search
            return lambda instance: not isinstance(instance, str) or search(instance) is not None
        if keyword == "format":
            if value not in format_checker.checkers:
                return lambda instance: True  # jsonschema, too, ignores an unknown format
            # The check function itself: FormatChecker.conforms looks it up and builds an
            # error object for every call, which cost more than the check on every URL.
            return _format_check(format_checker, value)
        if keyword == "minLength":
            return lambda instance: not isinstance(instance, str) or len(instance) >= value
        if keyword == "minimum":
            return lambda instance: (
                not _is_type(instance, "number") or instance >= value  # type: ignore[operator]
            )
        if keyword == "minItems":
            return lambda instance: not isinstance(instance, list) or len(instance) >= value
        if keyword == "uniqueItems":
            if not value:
                return lambda instance: True
            return lambda instance: not isinstance(instance, list) or uniq(instance)
        if keyword == "items":
            item = build(value)
            return lambda instance: not isinstance(instance, list) or all(map(item, instance))
        if keyword == "required":
            names = frozenset(value)
            return lambda instance: not isinstance(instance, dict) or instance.keys() >= names
        if keyword == "properties":
            properties = {name: build(sub) for name, sub in value.items()}

            def check_properties(instance: Any) -> bool:
                if not isinstance(instance, dict):
                    return True
                for name, check in properties.items():
                    if name in instance and not check(instance[name]):
                        return False
                return True

            return check_properties
        if keyword == "additionalProperties":
            if "patternProperties" in node:
                raise Unsupported("additionalProperties with patternProperties")
            known = frozenset(node.get("properties", {}))
            if value is False:  # the article schema's case: a set comparison, in C
                return lambda instance: not isinstance(instance, dict) or instance.keys() <= known
            extra = build(value)
            return lambda instance: (
                not isinstance(instance, dict)
                or all(extra(instance[name]) for name in instance if name not in known)
            )
        raise Unsupported(f"keyword {keyword!r}")

    return build(schema)
