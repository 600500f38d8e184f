"""The JSON Schema of a ledger line, checked against what clientele writes and reads.

Two directions: every line :func:`clientele.dump_ledger` writes validates; and
for lines built from the schema's own shape (valid records with a field
dropped, added or replaced), the schema and :func:`clientele.iter_records`
agree on whether the line is acceptable.
"""

from __future__ import annotations

import copy
import io
import json
import typing
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from clientele import (
    CURRENCIES,
    FORMAT_VERSION,
    RECORD_TYPES,
    BusinessModel,
    Confidentiality,
    Customization,
    Ledger,
    LedgerFileError,
    Market,
    OfferingKind,
    Purpose,
    Record,
    RepresentativeRole,
    VisitKind,
    dump_ledger,
    iter_records,
    ledger_schema,
    to_json,
)
from clientele.testing.strategies import ledgers, records

SCHEMA = ledger_schema()
DEFS: dict[str, Any] = SCHEMA["$defs"]
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
HEADER: dict[str, Any] = {"clientele": "ledger", "version": FORMAT_VERSION}
HEADER_LINE = json.dumps(HEADER)

#: Messages of the rules that hold between fields of one record, which the
#: schema says (in its ``$comment``) it cannot express.
CROSS_FIELD_RULES = ("'end' must be after",)

#: The enum behind each enum definition of the schema.
ENUMS: dict[str, type[Enum]] = {
    "business_model": BusinessModel,
    "offering_kind": OfferingKind,
    "customization": Customization,
    "market": Market,
    "purpose": Purpose,
    "confidentiality": Confidentiality,
    "visit_kind": VisitKind,
    "representative_role": RepresentativeRole,
}

#: The smallest valid line of each record type: its required fields only.
MINIMAL: dict[str, dict[str, Any]] = {
    "person": {"type": "person", "id": "p-1"},
    "organization": {"type": "organization", "id": "o-1"},
    "seller": {"type": "seller", "id": "s-1", "business_model": "mixed"},
    "offering": {
        "type": "offering",
        "id": "o-1",
        "kind": "goods",
        "customization": "standard",
        "market": "consumer",
    },
    "purchase": {
        "type": "purchase",
        "id": "f-1",
        "seller": "s-1",
        "at": "2024-03-01",
        "amount": {"amount": "2.40", "currency": "EUR"},
        "buyer": "p-1",
    },
    "contract": {
        "type": "contract",
        "id": "c-1",
        "seller": "s-1",
        "counterparty": "o-1",
        "signed": "2024-01-10",
        "start": "2024-02-01",
    },
    "visit": {"type": "visit", "id": "v-1", "seller": "s-1", "party": "p-1", "at": "2024-03-01"},
    "usage": {"type": "usage", "id": "u-1", "seller": "s-1", "party": "p-1", "at": "2024-03-01"},
    "referral": {
        "type": "referral",
        "id": "r-1",
        "seller": "s-1",
        "promoter": "p-1",
        "at": "2024-03-01",
    },
    "assignment": {
        "type": "assignment",
        "id": "a-1",
        "seller": "s-1",
        "party": "p-1",
        "at": "2024-03-01",
        "representative": "Olga",
    },
    "refund": {
        "type": "refund",
        "id": "rf-1",
        "seller": "s-1",
        "purchase": "f-1",
        "at": "2024-03-02",
        "amount": {"amount": "2.40", "currency": "EUR"},
    },
}


def schema_accepts(line: object) -> bool:
    """Tell whether the schema accepts *line* (parsed JSON)."""
    return VALIDATOR.is_valid(line)


def reader_error(line: object) -> LedgerFileError | None:
    """Return why :func:`iter_records` refuses *line* wherever it stands, or ``None``.

    A line is read as the header (first line) and as a record (after a
    header); it is accepted if either reading accepts it.
    """
    text = json.dumps(line)
    try:
        list(iter_records([text]))
    except LedgerFileError:
        pass
    else:
        return None
    try:
        list(iter_records([HEADER_LINE, text]))
    except LedgerFileError as exc:
        return exc
    return None


def assert_agree(line: object) -> None:
    """Assert that the schema and the reader agree on *line*.

    The one exception is a rule between two fields of the record (an end
    after its start), which the schema documents it cannot express.
    """
    accepted = schema_accepts(line)
    error = reader_error(line)
    if error is None:
        why = best_match(VALIDATOR.iter_errors(line)) if not accepted else None
        assert accepted, f"the reader accepts what the schema refuses: {line!r}: {why}"
    elif accepted:
        assert any(rule in str(error) for rule in CROSS_FIELD_RULES), (
            f"the schema accepts what the reader refuses: {line!r}: {error}"
        )


def with_field(tag: str, field: str, value: object) -> dict[str, Any]:
    """Return the minimal *tag* line with *field* set to *value*."""
    return {**MINIMAL[tag], field: value}


def with_amount(amount: object, currency: object = "EUR") -> dict[str, Any]:
    """Return the minimal purchase line with this amount and currency."""
    return with_field("purchase", "amount", {"amount": amount, "currency": currency})


def as_line(record: Record) -> dict[str, Any]:
    """Return *record* as the JSON object of its ledger line."""
    line: dict[str, Any] = json.loads(to_json(record))
    return line


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Return the definition *node* points at, following ``$ref`` chains."""
    while "$ref" in node:
        node = DEFS[node["$ref"].removeprefix("#/$defs/")]
    return node


def field_names(cls: type[Any]) -> tuple[set[str], set[str]]:
    """Return the names of every field of attrs class *cls*, and of the required ones."""
    fields = attrs.fields(cls)
    return (
        {field.name for field in fields},
        {field.name for field in fields if field.default is attrs.NOTHING},
    )


class TestSchemaDocument:
    """The schema itself, and how it matches the record classes."""

    def test_is_a_valid_draft_2020_12_schema(self) -> None:
        """The schema is valid against the 2020-12 meta-schema."""
        Draft202012Validator.check_schema(SCHEMA)

        assert "https://json-schema.org/draft/2020-12/schema" == SCHEMA["$schema"]

    def test_each_call_returns_a_new_dict(self) -> None:
        """Changing the returned schema does not change what the next call returns."""
        mine = ledger_schema()
        mine["$defs"].clear()

        assert SCHEMA == ledger_schema()

    def test_line_is_the_header_or_a_record(self) -> None:
        """A line is one of two things: the header or a record."""
        assert [{"$ref": "#/$defs/header"}, {"$ref": "#/$defs/record"}] == SCHEMA["oneOf"]

    def test_records_are_keyed_by_type(self) -> None:
        """The record union lists every record type once, each pinned by its "type"."""
        assert (
            [{"$ref": f"#/$defs/{tag}"} for tag in RECORD_TYPES],
            [{"const": tag} for tag in RECORD_TYPES],
        ) == (
            DEFS["record"]["oneOf"],
            [DEFS[tag]["properties"]["type"] for tag in RECORD_TYPES],
        )

    @pytest.mark.parametrize(("tag", "cls"), RECORD_TYPES.items())
    def test_fields_are_exactly_the_class_fields(self, tag: str, cls: type[Any]) -> None:
        """Each record lists its class's fields, requires those without defaults, no others."""
        names, required = field_names(cls)

        assert ({"type", *names}, {"type", *required}, False) == (
            set(DEFS[tag]["properties"]),
            set(DEFS[tag]["required"]),
            DEFS[tag]["additionalProperties"],
        )

    @pytest.mark.parametrize(("tag", "cls"), RECORD_TYPES.items())
    def test_enum_fields_list_the_enum_values(self, tag: str, cls: type[Any]) -> None:
        """Every field holding an enum accepts exactly the values of that enum."""
        hints = typing.get_type_hints(cls)
        for name, hint in hints.items():
            kinds = [t for t in typing.get_args(hint) or (hint,) if isinstance(t, type)]
            for kind in kinds:
                if issubclass(kind, Enum):
                    node = resolve(DEFS[tag]["properties"][name])
                    options = [resolve(n) for n in node.get("anyOf", [node])]
                    values = [o["enum"] for o in options if "enum" in o]
                    assert [[member.value for member in kind]] == values, name

    @pytest.mark.parametrize(("name", "enum"), ENUMS.items())
    def test_enum_definitions_match_the_enums(self, name: str, enum: type[Enum]) -> None:
        """Each enum definition lists its enum's values, in order."""
        assert [member.value for member in enum] == DEFS[name]["enum"]

    def test_currencies_are_clienteles(self) -> None:
        """The currency enum is clientele.CURRENCIES, sorted."""
        assert sorted(CURRENCIES) == DEFS["currency"]["enum"]

    def test_comment_names_what_it_cannot_express(self) -> None:
        """The schema's comment lists the rules only a whole-file reader checks."""
        comment = SCHEMA["$comment"]

        assert [] == [
            rule
            for rule in ("unique", "refund", "same currency", "end comes after", "header")
            if rule not in comment
        ]


class TestMinimalRecords:
    """Records with their required fields only, and one field changed."""

    @pytest.mark.parametrize("tag", RECORD_TYPES)
    def test_minimal_record_is_accepted(self, tag: str) -> None:
        """A record with only its required fields is accepted by both."""
        assert (True, None) == (schema_accepts(MINIMAL[tag]), reader_error(MINIMAL[tag]))

    @pytest.mark.parametrize(
        ("tag", "field"),
        [(tag, field) for tag, line in MINIMAL.items() for field in line],
    )
    def test_missing_required_field_is_refused(self, tag: str, field: str) -> None:
        """Dropping any required field (the "type" included) is refused by both."""
        line = {k: v for k, v in MINIMAL[tag].items() if k != field}

        assert (False, True) == (schema_accepts(line), reader_error(line) is not None)

    @pytest.mark.parametrize(
        ("tag", "field", "default"),
        [
            (tag, field.name, field.default)
            for tag, cls in RECORD_TYPES.items()
            for field in attrs.fields(cls)
        ],
    )
    def test_null_means_not_recorded_only_where_the_default_is_null(
        self, tag: str, field: str, default: object
    ) -> None:
        """A field accepts null exactly when its default is null, and both agree."""
        line = with_field(tag, field, None)

        assert (default is None, default is None) == (
            schema_accepts(line),
            reader_error(line) is None,
        )


#: Lines pinned with the verdict both the schema and the reader give.
CASES = [
    pytest.param(HEADER, True, id="header"),
    pytest.param({"clientele": "ledger", "version": 2}, False, id="header-later-version"),
    pytest.param({**HEADER, "extra": 1}, False, id="header-extra-key"),
    pytest.param(with_amount("1E+2"), True, id="amount-exponent"),
    pytest.param(with_amount(".5"), True, id="amount-no-leading-digit"),
    pytest.param(with_amount("0.00"), False, id="amount-zero"),
    pytest.param(with_amount("0E+3"), False, id="amount-zero-exponent"),
    pytest.param(with_amount("-2.40"), False, id="amount-negative"),
    pytest.param(with_amount(2.4), False, id="amount-float"),
    pytest.param(with_amount("2,40"), False, id="amount-comma"),
    pytest.param(with_amount("NaN"), False, id="amount-nan"),
    pytest.param(with_amount("Infinity"), False, id="amount-infinity"),
    pytest.param(with_amount("2.40", "eur"), False, id="currency-lower-case"),
    pytest.param(with_amount("2.40", "XTS"), False, id="currency-testing-code"),
    pytest.param(with_amount("2.40", None), False, id="currency-null"),
    pytest.param(
        with_field("contract", "fees", {"amount": "-5.00", "currency": "EUR"}),
        True,
        id="fees-may-be-negative",
    ),
    pytest.param(
        with_field("purchase", "amount", {"amount": "2.40", "currency": "EUR", "x": 1}),
        False,
        id="money-extra-key",
    ),
    pytest.param(with_field("purchase", "at", "2024-03-01T09:30:00"), False, id="naive"),
    pytest.param(with_field("purchase", "at", "2024-03-01T09:30:00Z"), True, id="utc-z"),
    pytest.param(with_field("purchase", "at", "2024-03-01T09:30:00.5-05:00"), True, id="fraction"),
    pytest.param(
        with_field("purchase", "at", "2024-03-01T09:30:00+05:30:15.250000"),
        True,
        id="offset-with-seconds",
    ),
    pytest.param(with_field("purchase", "at", "2024-03-01T24:00:00+00:00"), False, id="h24"),
    pytest.param(with_field("purchase", "at", "2024-02-29"), True, id="leap-day"),
    pytest.param(with_field("purchase", "at", "2023-02-29"), False, id="no-leap-day"),
    pytest.param(with_field("purchase", "at", "2000-02-29"), True, id="leap-century"),
    pytest.param(with_field("purchase", "at", "1900-02-29"), False, id="no-leap-century"),
    pytest.param(with_field("purchase", "at", "0000-01-01"), False, id="year-zero"),
    pytest.param(with_field("purchase", "at", "2024-04-31"), False, id="april-31"),
    pytest.param(with_field("purchase", "at", 20240301), False, id="date-number"),
    pytest.param(with_field("purchase", "buyer", {"anonymous": True}), True, id="anonymous"),
    pytest.param(with_field("purchase", "buyer", {"anonymous": 1}), False, id="anonymous-1"),
    pytest.param(
        with_field("purchase", "buyer", {"anonymous": True, "id": "p"}),
        False,
        id="anonymous-extra-key",
    ),
    pytest.param(with_field("usage", "party", {"anonymous": True}), False, id="anonymous-user"),
    pytest.param(with_field("purchase", "payer", None), True, id="payer-null"),
    pytest.param(with_field("purchase", "influencers", None), False, id="influencers-null"),
    pytest.param(with_field("purchase", "users", []), True, id="users-empty"),
    pytest.param(with_field("purchase", "users", ["p-1", "p-1"]), False, id="users-twice"),
    pytest.param(with_field("purchase", "users", "p-1"), False, id="users-not-a-list"),
    pytest.param(with_field("person", "id", " p-1"), False, id="id-leading-space"),
    pytest.param(with_field("person", "id", "p-1\n"), False, id="id-final-newline"),
    pytest.param(with_field("person", "id", "p-1\u00a0"), False, id="id-no-break-space"),
    pytest.param(with_field("person", "id", "p-1\x1f"), False, id="id-unit-separator"),
    pytest.param(with_field("person", "id", "p-1\u200b"), True, id="id-zero-width-space"),
    pytest.param(with_field("person", "id", "p 1\n2"), True, id="id-inner-whitespace"),
    pytest.param(with_field("person", "id", ""), False, id="id-empty"),
    pytest.param(with_field("person", "id", 1), False, id="id-number"),
    pytest.param(with_field("person", "name", ""), True, id="name-empty"),
    pytest.param(with_field("person", "extra", "x"), False, id="unknown-field"),
    pytest.param(with_field("person", "type", "customer"), False, id="unknown-type"),
    pytest.param(with_field("person", "type", "organization"), True, id="other-type"),
    pytest.param(with_field("offering", "kind", "GOODS"), False, id="enum-by-name"),
    pytest.param(with_field("contract", "end", "2024-02-02"), True, id="end-after-start"),
    pytest.param(["not", "an", "object"], False, id="array"),
]


class TestPinnedLines:
    """Lines whose verdict is pinned, for the schema and the reader alike."""

    @pytest.mark.parametrize(("line", "accepted"), CASES)
    def test_schema_and_reader_give_the_pinned_verdict(self, line: object, accepted: bool) -> None:
        """Both the schema and the reader accept or refuse the line as pinned."""
        assert (accepted, accepted) == (schema_accepts(line), reader_error(line) is None)

    @pytest.mark.parametrize(
        "line",
        [
            with_field("contract", "end", "2024-01-31"),
            with_field("contract", "end", "2024-02-01T00:00:00+00:00"),
            with_field("assignment", "end", "2024-02-29"),
        ],
    )
    def test_an_end_before_its_start_is_beyond_the_schema(self, line: object) -> None:
        """The schema accepts an end that is not after its start; the reader refuses it."""
        error = reader_error(line)

        assert (True, True) == (
            schema_accepts(line),
            error is not None and "'end' must be after" in str(error),
        )

    @pytest.mark.parametrize(
        "line",
        [
            pytest.param(with_amount(" 2.40"), id="amount-surrounding-space"),
            pytest.param(with_amount("1_000.00"), id="amount-underscores"),
            pytest.param(with_amount("\u0664.\u0665\u0660"), id="amount-arabic-indic-digits"),
            pytest.param(with_field("purchase", "at", "2024-W09-5"), id="iso-week-date"),
            pytest.param(
                with_field("purchase", "at", "2024-03-01 09:30:00+01:00"), id="space-separator"
            ),
            pytest.param(with_field("purchase", "at", "2024-03-01T09:30+01:00"), id="no-seconds"),
            pytest.param(
                with_field("purchase", "at", "2024-03-01T09:30:00+0100"), id="basic-offset"
            ),
            pytest.param(
                with_field("purchase", "at", "2024-03-01T09:30:00+01:60"), id="offset-minute-60"
            ),
            pytest.param(
                with_field("purchase", "at", "2024-03-01T09:30:00.1234567+01:00"),
                id="fraction-truncated",
            ),
            pytest.param({"clientele": "ledger", "version": True}, id="header-version-true"),
        ],
    )
    def test_reader_refuses_non_canonical_forms(self, line: object) -> None:
        """Forms a lenient parser would normalize are refused, by reader and schema alike."""
        assert_agree(line)


# Lines built from the schema's own shape.

#: Every field name the schema knows (of any record, of money, of the
#: header), and one it does not.
FIELD_NAMES = sorted(
    {name for node in DEFS.values() for name in node.get("properties", {})} | {"extra"}
)

#: Every enum value and record tag the schema lists, and a few currencies.
SCHEMA_WORDS = sorted(
    {value for name in ENUMS for value in DEFS[name]["enum"]}
    | set(RECORD_TYPES)
    | {"EUR", "JPY", "XAU", "ledger"}
)

#: Strings in and out of the shapes the schema's patterns describe.
SHAPED = [
    *("p-0", "p-1", "s-0", "o-0", "f-0", " p-0", "p-0 ", "p-0\n", "\u3000p-0", "", "two words"),
    *("2024-03-01", "2024-02-29", "2023-02-29", "2024-13-01", "0000-01-01", "9999-12-31"),
    *("2024-03-01T09:30:00+01:00", "2024-03-01T09:30:00Z", "2024-03-01T09:30:00"),
    *("2024-03-01T09:30:00.123456-05:00", "2024-03-01T09:30:00+05:30:15"),
    *("2024-03-01T23:59:59-23:59", "2024-03-01T09:30:00+24:00", "2024-03-01T09:30:61Z"),
    *("4.50", "0", "0.00", "-1.00", "1E+3", "1e-2", "+2", ".5", "5.", "-0", "0e5"),
    *("NaN", "Infinity", "-Infinity", "1e", "--1", "eur", "XTS", "XXX", "EURO", "GOODS"),
]

#: Objects in and out of the shapes of money and the anonymous party.
OBJECTS: list[dict[str, Any]] = [
    {"anonymous": True},
    {"anonymous": False},
    {"anonymous": 1},
    {"anonymous": True, "x": 1},
    {},
    {"amount": "4.50", "currency": "EUR"},
    {"amount": "4.50", "currency": "USD"},
    {"amount": 4.5, "currency": "EUR"},
    {"amount": "4.50"},
    {"amount": "-4.50", "currency": "EUR"},
    {"amount": "4.50", "currency": "EUR", "extra": 1},
    HEADER,
]


def strings() -> st.SearchStrategy[str]:
    """Strings the schema's fields might hold, and free text without digits.

    Free text includes any character, digits of every script among them.
    """
    text = st.text(st.characters(exclude_categories=["Cs"]), max_size=6)
    return st.one_of(st.sampled_from(SCHEMA_WORDS), st.sampled_from(SHAPED), text)


def scalars() -> st.SearchStrategy[object]:
    """JSON scalars: null, booleans, numbers and strings."""
    numbers = st.sampled_from([0, 1, -1, 2, 4.5, 1.0, 2.4, 1e3])
    return st.one_of(st.none(), st.booleans(), numbers, strings())


def values() -> st.SearchStrategy[object]:
    """JSON values: scalars, short arrays, and objects shaped like the schema's."""
    return st.one_of(
        scalars(),
        st.lists(st.one_of(strings(), scalars()), max_size=3),
        st.sampled_from(OBJECTS).map(copy.deepcopy),
        st.dictionaries(st.sampled_from(FIELD_NAMES), scalars(), max_size=2),
    )


def _containers(value: object) -> list[dict[str, Any] | list[Any]]:
    """Return every object and array inside *value*, itself included."""
    found: list[dict[str, Any] | list[Any]] = []
    if isinstance(value, dict):
        found.append(value)
        for item in value.values():
            found.extend(_containers(item))
    elif isinstance(value, list):
        found.append(value)
        for item in value:
            found.extend(_containers(item))
    return found


@st.composite
def mutated(draw: st.DrawFn, line: dict[str, Any]) -> dict[str, Any]:
    """Return *line* with one to three changes.

    A change drops a key or an array item, or sets a key or an item to a value
    drawn from the schema's shapes; or it copies a field of another generated
    record by name (``at`` from a visit into a purchase, ``party`` from a visit
    into a usage), which keeps many changed lines valid.
    """
    line = copy.deepcopy(line)
    for _ in range(draw(st.integers(1, 3))):
        target = draw(st.sampled_from(_containers(line)))
        if isinstance(target, list):
            if draw(st.booleans()) and target:
                index = draw(st.integers(0, len(target) - 1))
                operation = draw(st.sampled_from(["drop", "replace", "repeat"]))
                if operation == "drop":
                    del target[index]
                elif operation == "replace":
                    target[index] = draw(values())
                else:
                    target.append(target[index])
            else:
                target.append(draw(values()))
            continue
        keys = sorted(target)
        operation = draw(st.sampled_from(["drop", "borrow", "set"]))
        if operation == "drop" and keys:
            del target[draw(st.sampled_from(keys))]
        elif operation == "borrow" and target is line:
            donor = draw(records().map(as_line))
            key = draw(st.sampled_from(sorted(donor)))
            line[key] = donor[key]
        else:
            target[draw(st.sampled_from(sorted({*keys, *FIELD_NAMES})))] = draw(values())
    return line


def offsets() -> st.SearchStrategy[timezone]:
    """Draw fixed UTC offsets, to the microsecond, strictly within a day either way."""
    limit = timedelta(hours=24) - timedelta(microseconds=1)
    return st.builds(timezone, st.timedeltas(min_value=-limit, max_value=limit))


def lines() -> st.SearchStrategy[dict[str, Any]]:
    """Draw valid lines (generated records and the header), then change them."""
    valid = st.one_of(records().map(as_line), st.just(HEADER))
    return valid.flatmap(mutated)


#: Whole generated ledgers are slow to draw (tens of milliseconds each) and
#: their lines are the records test_every_record already covers; a quarter of
#: the profile's examples checks the file as a whole.
WHOLE_FILES = settings(max_examples=max(10, settings().max_examples // 4))


class TestWrittenLinesValidate:
    """Every line clientele writes validates against the schema."""

    @given(records())
    def test_every_record(self, record: Record) -> None:
        """Any record, written as a line, validates."""
        line = as_line(record)

        assert [] == [error.message for error in VALIDATOR.iter_errors(line)]

    @WHOLE_FILES
    @given(ledgers(currency=None))
    def test_every_line_of_a_ledger_file(self, ledger: Ledger) -> None:
        """Every line dump_ledger writes, the header included, validates."""
        out = io.StringIO()
        dump_ledger(ledger, out)
        written = [json.loads(line) for line in out.getvalue().split("\n") if line]

        assert [] == [line for line in written if not schema_accepts(line)]

    @given(st.dates(), st.datetimes(timezones=offsets()))
    def test_every_date_and_datetime(self, day: date, moment: datetime) -> None:
        """Any date, and any datetime at any UTC offset, validates and reads back."""
        purchase = with_field("purchase", "at", day.isoformat())
        contract = with_field("contract", "start", moment.isoformat())

        assert (True, True) == (schema_accepts(purchase), schema_accepts(contract))
        assert_agree(purchase)
        assert_agree(contract)


class TestSchemaAgreesWithReader:
    """On lines built from the schema's shape, the schema and the reader agree."""

    @given(lines())
    def test_changed_lines(self, line: dict[str, Any]) -> None:
        """A valid line with fields dropped, added or replaced: both accept or both refuse."""
        assert_agree(line)

    @given(records())
    def test_written_lines_are_read(self, record: Record) -> None:
        """What the schema accepts from the writer, the reader accepts too."""
        assert_agree(as_line(record))
