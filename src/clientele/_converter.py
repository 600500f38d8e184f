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
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
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
from ._judgement import (
    AccountView,
    Environment,
    Reason,
    Stage,
    Standing,
    Tenure,
)
from ._ledger import Record
from ._offerings import Offering
from ._parties import ANONYMOUS, Anonymous, Organization, Party, Person, Seller
from ._periods import CalendarPeriod
from ._policy import RevenueShare, ValueRule, ValueThreshold, Window
from ._population import Transition
from ._summary import LedgerSummary, PartySummary
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


class _WrongTypeError(TypeError):
    """A JSON value of the wrong JSON type; reported as 'expected …'."""

    def __init__(self, expected: str, got: object) -> None:
        super().__init__(f"expected {expected} (got {got!r})")


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _WrongTypeError("a string", value)
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _WrongTypeError("true or false", value)
    return value


def _structure_int(value: object, _: type) -> int:
    # bool is an int in Python, but true is not a count in JSON.
    if not isinstance(value, int) or isinstance(value, bool):
        raise _WrongTypeError("an integer", value)
    return value


#: The written forms accepted: exactly what clientele writes, nothing looser
#: (no spaces, underscores, non-ASCII digits, week dates or basic offsets).
_DECIMAL_TEXT: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE_TEXT: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATETIME_TEXT: Final = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,6})?"
    r"(?:Z|[+-][0-9]{2}:[0-5][0-9](?::[0-5][0-9](?:\.[0-9]{1,6})?)?)?"
)


def _structure_decimal(value: object, _: type) -> Decimal:
    if not isinstance(value, str) or not _DECIMAL_TEXT.fullmatch(value):
        raise _WrongTypeError('a decimal number in a string, such as "4.50"', value)
    return Decimal(value)


def _structure_when(value: object, _: type) -> When:
    if isinstance(value, str):
        try:
            if _DATE_TEXT.fullmatch(value):
                return date.fromisoformat(value)
            if _DATETIME_TEXT.fullmatch(value):
                return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise _WrongTypeError("an ISO 8601 date or datetime string", value)


def _unstructure_when(value: When) -> str:
    return value.isoformat()


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    values = [member.value for member in cls]
    if value not in values:
        raise _WrongTypeError(f"one of {values}", value)
    return cls(value)


def _is_anonymous(value: object) -> bool:
    # Compared by identity: ``{"anonymous": 1}`` is not coerced to true.
    return isinstance(value, dict) and value.keys() == {"anonymous"} and value["anonymous"] is True


def _structure_anonymous(value: object, _: type) -> Anonymous:
    if not _is_anonymous(value):
        raise _WrongTypeError('{"anonymous": true}', value)
    return ANONYMOUS


def _structure_party_ref(value: object, _: object) -> str | Anonymous:
    if _is_anonymous(value):
        return ANONYMOUS
    if not isinstance(value, str):
        raise _WrongTypeError('a party id or {"anonymous": true}', value)
    return value


def _structure_optional_party_ref(value: object, _: object) -> str | Anonymous | None:
    return None if value is None else _structure_party_ref(value, _)


def _is_tuple(cls: object) -> bool:
    origin: object = get_origin(cls)
    return origin is tuple


def _strict_tuple_factory(cls: type[tuple[Any, ...]], converter: cattrs.Converter) -> Any:
    tuple_hook = homogenous_tuple_structure_factory(cls, converter)

    def structure_tuple(value: object, _: type) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise _WrongTypeError("a JSON array", value)
        return tuple_hook(value, cls)  # type: ignore[no-any-return]

    return structure_tuple


def _strict_attrs_factory(cls: type[Any], converter: cattrs.Converter) -> Any:
    structure_fields = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

    def structure_object(value: object, _: type) -> Any:
        if not isinstance(value, dict):
            raise _WrongTypeError(f"a JSON object for a {cls.__name__}", value)
        return structure_fields(value, cls)

    return structure_object


def _make_record_hooks(converter: cattrs.Converter, cls: type[Any]) -> None:
    tag = _TAGS[cls]
    overrides: dict[str, Any] = {
        a.name: override(omit_if_default=True)
        for a in attrs.fields(cls)
        if a.default is not attrs.NOTHING
    }
    unstructure_fields = make_dict_unstructure_fn(cls, converter, **overrides)
    structure_fields = make_dict_structure_fn(cls, converter, _cattrs_forbid_extra_keys=True)

    def unstructure_record(value: Any) -> dict[str, Any]:
        return {"type": tag, **unstructure_fields(value)}

    def structure_record(value: object, _: type) -> Any:
        if not isinstance(value, dict):
            raise _WrongTypeError(f"a JSON object for a {tag}", value)
        if value.get("type") != tag:
            raise _WrongTypeError(f'a "type" of "{tag}"', value.get("type", "no type"))
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
        if not isinstance(tag, str) or tag not in tags:
            raise _WrongTypeError(
                f'a JSON object with a "type" among {sorted(tags)} for a {name}',
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
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(Decimal, _structure_decimal)
    converter.register_unstructure_hook(Decimal, str)
    converter.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, Enum), _structure_enum
    )
    converter.register_structure_hook(When, _structure_when)
    converter.register_structure_hook(
        When | None, lambda v, t: None if v is None else _structure_when(v, t)
    )
    converter.register_structure_hook_factory(_is_tuple, _strict_tuple_factory)
    converter.register_unstructure_hook(date, _unstructure_when)
    converter.register_unstructure_hook(datetime, _unstructure_when)
    converter.register_structure_hook(str | Anonymous, _structure_party_ref)
    converter.register_structure_hook(str | Anonymous | None, _structure_optional_party_ref)
    converter.register_structure_hook(Anonymous, _structure_anonymous)
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
    _register_judgement_hooks(converter)
    return converter


_DURATION: Final = re.compile(r"P(\d+)D(?:T(\d+)(?:\.(\d{6}))?S)?")


def _unstructure_timedelta(value: timedelta) -> str:
    text = f"P{value.days}D"
    if value.microseconds:
        return f"{text}T{value.seconds}.{value.microseconds:06d}S"
    if value.seconds:
        return f"{text}T{value.seconds}S"
    return text


def _structure_timedelta(value: object, _: object) -> timedelta:
    match = _DURATION.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _WrongTypeError('an ISO 8601 duration such as "P30D"', value)
    days, seconds, micros = match.groups()
    return timedelta(days=int(days), seconds=int(seconds or 0), microseconds=int(micros or 0))


def _structure_window(value: object, _: object) -> Window:
    if isinstance(value, str) and value.startswith("P"):
        return _structure_timedelta(value, timedelta)
    if value not in [p.value for p in CalendarPeriod]:
        raise _WrongTypeError(
            f'an ISO 8601 duration such as "P30D" or one of {[p.value for p in CalendarPeriod]}',
            value,
        )
    return CalendarPeriod(value)


def _structure_datetime(value: object, _: object) -> datetime:
    when = _structure_when(value, datetime)
    if not isinstance(when, datetime) or when.utcoffset() is None:
        raise _WrongTypeError("an ISO 8601 datetime with an offset", value)
    return when


def _structure_value_rule(value: object, _: object) -> ValueRule:
    if isinstance(value, dict) and "share" in value:
        return _CONVERTER.structure(value, RevenueShare)
    if isinstance(value, dict) and "minimum" in value:
        return _CONVERTER.structure(value, ValueThreshold)
    raise _WrongTypeError('{"share": ...} or {"minimum": ...}', value)


_TRANSITION_FIELDS: Final[dict[str, type[Enum]]] = {
    "standing": Standing,
    "tenure": Tenure,
    "environment": Environment,
    "stage": Stage,
    "account": AccountView,
}


def _field_value(name: str, value: str, kind: type[Enum]) -> Enum:
    """Return the *kind* member *value* names; errors name the transition's *name*."""
    values = [member.value for member in kind]
    if value not in values:
        raise InvalidValueError(name, f"one of {values}", value)
    return kind(value)


def _is_enum_set(cls: object) -> bool:
    """Tell whether *cls* is a set of enum members, kept in JSON as a sorted array."""
    args = get_args(cls)
    return (
        get_origin(cls) is frozenset
        and len(args) == 1
        and isinstance(args[0], type)
        and issubclass(args[0], Enum)
    )


def _register_judgement_hooks(converter: cattrs.Converter) -> None:
    converter.register_unstructure_hook(timedelta, _unstructure_timedelta)
    converter.register_structure_hook(timedelta, _structure_timedelta)
    converter.register_structure_hook(Window, _structure_window)
    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(
        datetime | None, lambda v, t: None if v is None else _structure_datetime(v, t)
    )
    converter.register_structure_hook(ValueRule, _structure_value_rule)
    converter.register_unstructure_hook_func(
        _is_enum_set, lambda members: sorted(m.value for m in members)
    )

    def structure_enum_set(value: object, cls: Any) -> frozenset[Enum]:
        array: Any = tuple.__class_getitem__((get_args(cls)[0], ...))
        members: tuple[Enum, ...] = converter.structure(value, array)
        if len(set(members)) != len(members):
            raise _WrongTypeError("a JSON array without repeated values", value)
        return frozenset(members)

    converter.register_structure_hook_func(_is_enum_set, structure_enum_set)
    summary_items = make_dict_unstructure_fn(LedgerSummary, converter)

    def unstructure_summary(value: LedgerSummary) -> dict[str, Any]:
        data = summary_items(value)
        data["parties"] = [
            {"seller": seller, "party": party, "summary": converter.unstructure(s)}
            for (seller, party), s in sorted(value.parties.items())
        ]
        return data

    def structure_summary(value: object, _: object) -> LedgerSummary:
        if not isinstance(value, dict):
            raise _WrongTypeError("a JSON object for a LedgerSummary", value)
        data = converter.structure(value, _SummaryData)
        parties: dict[tuple[str, str], PartySummary] = {}
        for entry in data.parties:
            key = (entry.seller, entry.party)
            if key in parties:
                raise InvalidValueError(
                    "parties",
                    "one entry per (seller, party) pair",
                    key,
                    "merge the summaries of a pair into one entry",
                )
            parties[key] = entry.summary
        return LedgerSummary(
            cutoff=data.cutoff,
            parties=parties,
            unattributed=data.unattributed,
            last_instant=data.last_instant,
        )

    converter.register_unstructure_hook(LedgerSummary, unstructure_summary)
    converter.register_structure_hook(LedgerSummary, structure_summary)
    transition_fields = make_dict_structure_fn(
        _TransitionData, converter, _cattrs_forbid_extra_keys=True
    )

    def structure_transition(value: object, _: object) -> Transition:
        if not isinstance(value, dict):
            raise _WrongTypeError("a JSON object for a Transition", value)
        data = transition_fields(value, _TransitionData)
        kind = _TRANSITION_FIELDS.get(data.field)
        if kind is None:
            raise InvalidValueError("field", f"one of {sorted(_TRANSITION_FIELDS)}", data.field)
        return Transition(
            at=data.at,
            field=data.field,
            reason=data.reason,
            before=_field_value("before", data.before, kind),  # type: ignore[arg-type]
            after=_field_value("after", data.after, kind),  # type: ignore[arg-type]
        )

    converter.register_structure_hook(Transition, structure_transition)


@attrs.frozen(kw_only=True)
class _SummaryEntry:
    seller: str
    party: str
    summary: PartySummary


@attrs.frozen(kw_only=True)
class _SummaryData:
    cutoff: datetime | None = None
    parties: tuple[_SummaryEntry, ...] = ()
    unattributed: dict[str, PartySummary] = attrs.field(factory=dict)
    last_instant: datetime | None = None


@attrs.frozen(kw_only=True)
class _TransitionData:
    at: datetime
    field: str
    before: str
    after: str
    reason: Reason


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
    clientele.DecodeError: invalid Money: expected a decimal number in a string, ... @ $.amount
    """
    try:
        return _CONVERTER.structure(data, cls)
    except Exception as exc:  # every failure is reported, none escapes raw
        raise DecodeError(what or _name(cls), _messages(exc)) from exc


#: Characters ``str.splitlines`` breaks on that JSON leaves unescaped.
_LINE_BREAKS: Final = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def to_json(value: object) -> str:
    """Return *value* as compact JSON text.

    >>> from clientele import ANONYMOUS
    >>> to_json(ANONYMOUS)
    '{"anonymous":true}'

    Text is written as UTF-8, except the characters some readers take for
    line breaks (U+0085, U+2028, U+2029), which are escaped so that one value
    is always one line.
    """
    text = json.dumps(_CONVERTER.unstructure(value), ensure_ascii=False, separators=(",", ":"))
    return text.translate(_LINE_BREAKS)


def from_json(text: str | bytes, cls: type[_T]) -> _T:
    """Return the *cls* value that the JSON *text* describes.

    >>> from clientele import Person
    >>> from_json('{"type": "person", "id": "p-1"}', Person)
    Person(id='p-1', name=None)
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # RecursionError: too deeply nested
        raise DecodeError(_name(cls), [f"not valid JSON: {exc}"]) from None
    return structure(data, cls)


#: Names for the type aliases, whose ``str()`` lists every member.
_ALIAS_NAMES: Final[dict[object, str]] = {
    Record: "Record",
    Fact: "Fact",
    Party: "Party",
}


def _name(cls: object) -> str:
    return _ALIAS_NAMES.get(cls) or getattr(cls, "__name__", None) or str(cls)


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
    if isinstance(exc, _WrongTypeError):
        return str(exc)
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {sorted(exc.extra_fields)}"
    return f"{type(exc).__name__}: {exc}"
