"""Serialization at the edges: clientele values to and from JSON.

Domain classes know nothing about serialization. This module builds the
:mod:`cattrs` converter that does it, with these rules:

* every record (party, seller, offering, fact) is a JSON object with a
  ``"type"`` tag first (``"person"``, ``"purchase"``, …), and fields left at
  their default are omitted;
* :class:`~decimal.Decimal` amounts are strings (``"4.50"``), never numbers;
* times are ISO 8601 strings: ``"2024-03-01"`` for a date,
  ``"2024-03-01T09:30:00+01:00"`` for an aware datetime;
* enums are their string values;
* :data:`~clientele.ANONYMOUS` is ``{"anonymous": true}``; ``null`` means not
  recorded;
* nothing is coerced: a number where a string belongs, an unknown key or a
  missing field is an error, reported with the path to the value
  (``@ $.purchases[3].payer``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import Enum
import re
from typing import Any, Final, TypeVar, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from ._errors import ClienteleError, DecodeError, InvalidValueError
from ._facts import (
    Contract,
    Fact,
    Purchase,
    Referral,
    Refund,
    RepresentativeAssignment,
    Usage,
    Visit,
)
from ._ledger import Ledger, Record
from ._offerings import Offering
from ._parties import ANONYMOUS, Anonymous, Organization, Party, Person, Seller
from ._time import When

__all__ = [
    "RECORD_TYPES",
    "from_json",
    "make_converter",
    "structure",
    "to_json",
    "unstructure",
]

_T = TypeVar("_T")

#: The ``"type"`` tag of each kind of record, as written in JSON.
RECORD_TYPES: Final[dict[str, type[Record]]] = {
    "person": Person,
    "organization": Organization,
    "seller": Seller,
    "offering": Offering,
    "purchase": Purchase,
    "contract": Contract,
    "visit": Visit,
    "usage": Usage,
    "referral": Referral,
    "assignment": RepresentativeAssignment,
    "refund": Refund,
}
_TAGS: Final = {cls: tag for tag, cls in RECORD_TYPES.items()}


class _WrongType(TypeError):
    """A JSON value of the wrong JSON type; reported as 'expected …'."""

    def __init__(self, expected: str, got: object) -> None:
        super().__init__(f"expected {expected} (got {got!r})")


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _WrongType("a string", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _WrongType("true or false", value)
    return value


def _structure_decimal(value: object, _: type) -> Decimal:
    if not isinstance(value, str):
        raise _WrongType("a decimal number in a string, such as \"4.50\"", value)
    try:
        return Decimal(value)
    except InvalidOperation:
        raise _WrongType(
            "a decimal number in a string, such as \"4.50\"", value
        ) from None


def _structure_when(value: object, _: type) -> When:
    if not isinstance(value, str):
        raise _WrongType("an ISO 8601 date or datetime string", value)
    try:
        if len(value) == 10:  # noqa: PLR2004 - YYYY-MM-DD
            return date.fromisoformat(value)
        return datetime.fromisoformat(value)
    except ValueError:
        raise _WrongType("an ISO 8601 date or datetime string", value) from None


def _unstructure_when(value: When) -> str:
    return value.isoformat()


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    values = [member.value for member in cls]
    if value not in values:
        raise _WrongType(f"one of {values}", value)
    return cls(value)


def _structure_party_ref(value: object, _: object) -> str | Anonymous:
    if value == {"anonymous": True}:
        return ANONYMOUS
    if not isinstance(value, str):
        raise _WrongType('a party id or {"anonymous": true}', value)
    return value


def _structure_optional_party_ref(value: object, _: object) -> str | Anonymous | None:
    return None if value is None else _structure_party_ref(value, _)


def _strict_tuple_factory(
    cls: type[tuple[Any, ...]], converter: cattrs.Converter
) -> Any:
    tuple_hook = homogenous_tuple_structure_factory(cls, converter)

    def structure_tuple(value: object, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _WrongType("a JSON array", value)
        return tuple_hook(value, cls)  # type: ignore[no-any-return]

    return structure_tuple


def _strict_attrs_factory(cls: type[Any], converter: cattrs.Converter) -> Any:
    structure_fields = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )

    def structure_object(value: object, _: type) -> Any:
        if not isinstance(value, dict):
            raise _WrongType(f"a JSON object for a {cls.__name__}", value)
        return structure_fields(value, cls)

    return structure_object


def _make_record_hooks(converter: cattrs.Converter, cls: type[Any]) -> None:
    tag = _TAGS[cls]
    overrides = {
        a.name: override(omit_if_default=True)
        for a in attrs.fields(cls)
        if a.default is not attrs.NOTHING
    }
    unstructure_fields = make_dict_unstructure_fn(cls, converter, **overrides)
    structure_fields = make_dict_structure_fn(
        cls, converter, _cattrs_forbid_extra_keys=True
    )

    def unstructure_record(value: Any) -> dict[str, Any]:
        return {"type": tag, **unstructure_fields(value)}

    def structure_record(value: object, _: type) -> Any:
        if not isinstance(value, dict):
            raise _WrongType(f"a JSON object for a {tag}", value)
        if value.get("type") != tag:
            raise _WrongType(
                f'a "type" of "{tag}"', value.get("type", "no type")
            )
        fields = dict(value)
        del fields["type"]
        return structure_fields(fields, cls)

    converter.register_unstructure_hook(cls, unstructure_record)
    converter.register_structure_hook(cls, structure_record)


def _make_union_hook(
    converter: cattrs.Converter, name: str, members: tuple[type[Any], ...]
) -> Any:
    tags = {_TAGS[cls]: cls for cls in members}

    def structure_union(value: object, _: object) -> Any:
        tag = value.get("type") if isinstance(value, dict) else None
        if tag not in tags:
            raise _WrongType(
                f"a JSON object with a \"type\" among {sorted(tags)} for a {name}",
                value if tag is None else tag,
            )
        return converter.structure(value, tags[tag])

    return structure_union


def make_converter() -> cattrs.Converter:
    """Return a new converter configured for every clientele type.

    >>> conv = make_converter()
    >>> from clientele import Person
    >>> conv.unstructure(Person(id="p-1", name="Ana"))
    {'type': 'person', 'id': 'p-1', 'name': 'Ana'}

    Use it to extend clientele's rules to your own attrs classes that hold
    clientele values; for clientele values alone, :func:`structure` and
    :func:`unstructure` are simpler.
    """
    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
    converter.register_structure_hook_factory(attrs.has, _strict_attrs_factory)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Enum), _structure_enum
    )
    converter.register_structure_hook(When, _structure_when)
    converter.register_structure_hook(
        When | None, lambda v, t: None if v is None else _structure_when(v, t)
    )
    converter.register_structure_hook_factory(
        lambda t: get_origin(t) is tuple, _strict_tuple_factory
    )
    converter.register_unstructure_hook(date, _unstructure_when)
    converter.register_unstructure_hook(datetime, _unstructure_when)
    converter.register_structure_hook(str | Anonymous, _structure_party_ref)
    converter.register_structure_hook(
        str | Anonymous | None, _structure_optional_party_ref
    )
    converter.register_unstructure_hook(Anonymous, lambda _: {"anonymous": True})
    for cls in RECORD_TYPES.values():
        _make_record_hooks(converter, cls)
    converter.register_structure_hook(
        Party, _make_union_hook(converter, "party", (Person, Organization))
    )
    converter.register_structure_hook(
        Fact,
        _make_union_hook(
            converter,
            "fact",
            (Purchase, Contract, Visit, Usage, Referral, RepresentativeAssignment, Refund),
        ),
    )
    converter.register_structure_hook(
        Record, _make_union_hook(converter, "record", tuple(RECORD_TYPES.values()))
    )
    return converter


_CONVERTER: Final = make_converter()


def unstructure(value: object) -> Any:
    """Return *value* as JSON-compatible data (dicts, lists, strings…).

    >>> from decimal import Decimal
    >>> from clientele import Money
    >>> unstructure(Money(Decimal("4.50"), "EUR"))
    {'amount': '4.50', 'currency': 'EUR'}
    """
    return _CONVERTER.unstructure(value)


def structure(data: object, cls: type[_T], *, what: str | None = None) -> _T:
    """Return the *cls* value that JSON-compatible *data* describes.

    >>> from clientele import Money
    >>> structure({"amount": "4.50", "currency": "EUR"}, Money)
    Money(amount=Decimal('4.50'), currency='EUR')

    Raises :class:`~clientele.DecodeError` listing every problem with its
    path:

    >>> structure({"amount": 4.5, "currency": "EUR"}, Money)
    Traceback (most recent call last):
    ...
    clientele.DecodeError: invalid Money: expected a decimal number in a string, such as "4.50" (got 4.5) @ $.amount
    """
    try:
        return _CONVERTER.structure(data, cls)
    except Exception as exc:  # every failure is reported, none escapes raw
        raise DecodeError(what or _name(cls), _messages(exc)) from exc


def to_json(value: object) -> str:
    """Return *value* as compact JSON text.

    >>> from clientele import ANONYMOUS
    >>> to_json(ANONYMOUS)
    '{"anonymous":true}'
    """
    return json.dumps(
        _CONVERTER.unstructure(value), ensure_ascii=False, separators=(",", ":")
    )


def from_json(text: str | bytes, cls: type[_T]) -> _T:
    """Return the *cls* value that the JSON *text* describes.

    >>> from clientele import Person
    >>> from_json('{"type": "person", "id": "p-1"}', Person)
    Person(id='p-1', name=None)
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DecodeError(_name(cls), [f"not valid JSON: {exc}"]) from None
    return structure(data, cls)


def _name(cls: object) -> str:
    return getattr(cls, "__name__", None) or str(cls)


_FIELD_MARK: Final = re.compile(r" @@(\w+) @ (\S+)$")


def _messages(exc: BaseException, path: str = "$") -> list[str]:
    messages = cattrs.transform_error(exc, path, format_exception=_describe)
    # A validator names its field; move the name onto the end of the path.
    return [_FIELD_MARK.sub(r" @ \2.\1", message) for message in messages]


def _describe(exc: BaseException, _: type | None) -> str:
    if isinstance(exc, InvalidValueError):
        return f"{exc} @@{exc.field}"
    if isinstance(exc, ClienteleError):
        return str(exc)
    if isinstance(exc, _WrongType):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {sorted(exc.extra_fields)}"
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
