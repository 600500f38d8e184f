"""Field validators shared by the clientele types.

Each raises :class:`~clientele.InvalidValueError` naming the field, what it
must be and the value it got.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any

import attrs

from ._errors import InvalidValueError
from ._time import When, instant_of

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def check_id(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a non-empty string without surrounding whitespace."""
    if not isinstance(value, str) or not value or value != value.strip():
        raise InvalidValueError(
            attribute.name,
            "a non-empty string without surrounding whitespace",
            value,
        )


def check_ids(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a tuple of distinct ids."""
    if not isinstance(value, tuple):
        raise InvalidValueError(attribute.name, "a tuple of ids", value)
    for item in value:
        check_id(_, attribute, item)
    if len(set(value)) != len(value):
        raise InvalidValueError(attribute.name, "a tuple of distinct ids", value)


def check_text(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept any string, the empty one included."""
    if not isinstance(value, str):
        raise InvalidValueError(attribute.name, "a string", value)


def check_when(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Accept a timezone-aware datetime, or a date."""
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise InvalidValueError(
                attribute.name,
                "a timezone-aware datetime or a date",
                value,
                "attach the zone it was recorded in, "
                "e.g. value.replace(tzinfo=ZoneInfo('Europe/Paris'))",
            )
    elif not isinstance(value, date):
        raise InvalidValueError(attribute.name, "a timezone-aware datetime or a date", value)


def check_after(start: str) -> Validator:
    """Return a validator for an end time that must come after field *start*."""

    def validate(instance: object, attribute: attrs.Attribute[Any], value: When) -> None:
        check_when(instance, attribute, value)
        begin = getattr(instance, start)
        if instant_of(value) <= instant_of(begin):
            raise InvalidValueError(attribute.name, f"after {start!r} ({begin!r})", value)

    return validate


def check_enum(enum: type[Enum]) -> Validator:
    """Return a validator that accepts only members of *enum*."""
    expected = f"a {enum.__name__} member"

    def validate(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, enum):
            raise InvalidValueError(attribute.name, expected, value)

    return validate


def check_instance(cls: type[Any], expected: str) -> Validator:
    """Return a validator that accepts only instances of *cls*."""

    def validate(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, cls):
            raise InvalidValueError(attribute.name, expected, value)

    return validate
