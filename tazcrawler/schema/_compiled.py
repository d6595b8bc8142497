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


def _all_of(checks: list[Check]) -> Check:
    # A plain loop: all() over a generator costs a frame per check, on every value.
    def check_all(instance: Any) -> bool:
        for check in checks:  # noqa: SIM110
            if not check(instance):
                return False
        return True

    return check_all


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
        return lambda instance: compiled[name](instance)

    def build(node: dict[str, Any] | bool) -> Check:
        if node is True:
            return lambda instance: True
        if node is False:
            return lambda instance: False
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
            if names == ["string"]:
                return lambda instance: isinstance(instance, str)
            if sorted(names) == ["null", "string"]:
                return lambda instance: instance is None or isinstance(instance, str)
            return lambda instance: any(_is_type(instance, name) for name in names)
        if keyword == "const":
            return lambda instance: equal(instance, value)
        if keyword == "enum":
            return lambda instance: any(equal(instance, option) for option in value)
        if keyword == "pattern":
            search = re.compile(value).search
            return lambda instance: not isinstance(instance, str) or search(instance) is not None
        if keyword == "format":
            if value not in format_checker.checkers:
                return lambda instance: True  # jsonschema, too, ignores an unknown format
            # The check function itself: FormatChecker.conforms looks it up and builds an
            # error object for every call, which cost more than the check on every URL.
            function, raises = format_checker.checkers[value]

            def conforms(instance: Any) -> bool:
                try:
                    return bool(function(instance))
                except raises:
                    return False

            return conforms
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
            names = list(value)
            return lambda instance: (
                not isinstance(instance, dict) or all(name in instance for name in names)
            )
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
            extra = build(value)
            return lambda instance: (
                not isinstance(instance, dict)
                or all(extra(instance[name]) for name in instance if name not in known)
            )
        raise Unsupported(f"keyword {keyword!r}")

    return build(schema)
