import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import cattrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import clientele
from clientele import (
    ANONYMOUS,
    RECORD_TYPES,
    Anonymous,
    BusinessModel,
    Confidentiality,
    Contract,
    DecodeError,
    Ledger,
    Money,
    Offering,
    Organization,
    Person,
    Purchase,
    Purpose,
    Referral,
    Refund,
    RepresentativeAssignment,
    Seller,
    Usage,
    Visit,
    from_json,
    make_converter,
    structure,
    to_json,
    unstructure,
)
from clientele.testing import strategies

#: Every public type the converter handles, with the strategy for its values.
ROUND_TRIPS: list[tuple[Any, st.SearchStrategy[Any]]] = [
    (Money, strategies.moneys()),
    (Anonymous, strategies.anonymous()),
    (Person, strategies.persons()),
    (Organization, strategies.organizations()),
    (Seller, strategies.sellers()),
    (Offering, strategies.offerings()),
    (Purchase, strategies.purchases()),
    (Contract, strategies.contracts()),
    (Visit, strategies.visits()),
    (Usage, strategies.usages()),
    (Referral, strategies.referrals()),
    (RepresentativeAssignment, strategies.assignments()),
    (Refund, strategies.refunds()),
    (Ledger, strategies.ledgers(currency=None)),
    (clientele.Party, strategies.parties()),
    (clientele.Fact, strategies.facts()),
    (clientele.Record, strategies.records()),
]
ROUND_TRIP_IDS = [
    "Money",
    "Anonymous",
    "Person",
    "Organization",
    "Seller",
    "Offering",
    "Purchase",
    "Contract",
    "Visit",
    "Usage",
    "Referral",
    "RepresentativeAssignment",
    "Refund",
    "Ledger",
    "Party",
    "Fact",
    "Record",
]

PAID = {
    "type": "purchase",
    "id": "f-1",
    "seller": "s-cafe",
    "at": "2024-03-01",
    "amount": {"amount": "4.50", "currency": "EUR"},
    "buyer": "p-ana",
}
FACT_TAGS = ["assignment", "contract", "purchase", "referral", "refund", "usage", "visit"]
SIGNED = {
    "type": "contract",
    "id": "c-1",
    "seller": "s-firm",
    "counterparty": "o-globex",
    "signed": "2024-01-10",
    "start": "2024-02-01",
}


class Unsupported:
    """A class the converter has no rule for."""


def refusal(data: object, cls: Any) -> DecodeError:
    """Return the DecodeError that structuring *data* as *cls* raises."""
    with pytest.raises(DecodeError) as info:
        structure(data, cls)
    return info.value


class TestRoundTrip:
    """Values survive a trip through JSON data and JSON text."""

    @pytest.mark.parametrize(("cls", "values"), ROUND_TRIPS, ids=ROUND_TRIP_IDS)
    @given(data=st.data())
    def test_round_trip(
        self, cls: Any, values: st.SearchStrategy[Any], data: st.DataObject
    ) -> None:
        """structure(unstructure(x), T) == x and from_json(to_json(x), T) == x."""
        value = data.draw(values)

        through_data = structure(unstructure(value), cls)
        through_json = from_json(to_json(value), cls)

        assert (value, type(value)) == (through_data, type(through_data))
        assert (value, type(value)) == (through_json, type(through_json))

    @given(strategies.records())
    def test_unstructure_is_json_data(self, record: clientele.Record) -> None:
        """Unstructured records are plain JSON data that json.dumps round-trips."""
        data = unstructure(record)

        assert data == json.loads(json.dumps(data))

    @given(strategies.records())
    def test_type_tag_comes_first(self, record: clientele.Record) -> None:
        """Every record is an object whose first key is its "type" tag."""
        data = unstructure(record)

        assert ("type", RECORD_TYPES[data["type"]]) == (next(iter(data)), type(record))

    def test_offsets_are_kept(self) -> None:
        """A datetime comes back in the zone it was written in, not UTC."""
        at = datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
        visit = Visit(id="v", seller="s", party="p", at=at)

        actual = structure(unstructure(visit), Visit).at

        assert isinstance(actual, datetime)
        assert (at, timedelta(hours=5, minutes=30)) == (actual, actual.utcoffset())

    def test_decimal_exponent_is_kept(self) -> None:
        """An amount keeps its written precision: 4.50 stays 4.50."""
        actual = structure(unstructure(Money(Decimal("4.50"), "EUR")), Money)

        assert "4.50" == str(actual.amount)


class TestUnstructure:
    """The JSON shape of clientele values."""

    def test_purchase(self) -> None:
        """A purchase is tagged, its amount a string, defaults left out."""
        purchase = Purchase(
            id="f-1",
            seller="s-cafe",
            at=datetime(2024, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=1))),
            amount=Money(Decimal("4.50"), "EUR"),
            buyer=ANONYMOUS,
            users=("p-kim",),
            purpose=Purpose.GIFT,
        )

        expected = {
            "type": "purchase",
            "id": "f-1",
            "seller": "s-cafe",
            "at": "2024-03-01T09:30:00+01:00",
            "amount": {"amount": "4.50", "currency": "EUR"},
            "buyer": {"anonymous": True},
            "users": ["p-kim"],
            "purpose": "gift",
        }
        assert expected == unstructure(purchase)

    def test_defaults_omitted(self) -> None:
        """Fields left at their default are not written."""
        assert {"type": "person", "id": "p-1"} == unstructure(Person(id="p-1"))

    def test_non_default_enum_written(self) -> None:
        """A non-default enum is written as its string value."""
        contract = Contract(
            id="c-1",
            seller="s-firm",
            counterparty="o-globex",
            signed=date(2024, 1, 10),
            start=date(2024, 2, 1),
            confidentiality=Confidentiality.MUTUAL,
        )

        assert {**SIGNED, "confidentiality": "mutual"} == unstructure(contract)

    def test_empty_users_written(self) -> None:
        """An empty users tuple (nobody tracked uses it) differs from None."""
        purchase = structure(PAID, Purchase)

        assert ([], "users" in unstructure(purchase)) == (
            unstructure(attrs.evolve(purchase, users=()))["users"],
            False,
        )

    def test_ledger(self) -> None:
        """A ledger is an object with one array per kind of record."""
        ledger = Ledger.of(Person(id="p-1"))

        expected = {
            "parties": [{"type": "person", "id": "p-1"}],
            "sellers": [],
            "offerings": [],
            "purchases": [],
            "contracts": [],
            "visits": [],
            "usages": [],
            "referrals": [],
            "assignments": [],
            "refunds": [],
        }
        assert expected == unstructure(ledger)

    def test_to_json_is_compact_and_keeps_unicode(self) -> None:
        """to_json writes no spaces and leaves non-ASCII text as it is."""
        assert '{"type":"person","id":"p-1","name":"Zoë"}' == to_json(Person(id="p-1", name="Zoë"))

    def test_anonymous(self) -> None:
        """ANONYMOUS is written {"anonymous": true}."""
        assert '{"anonymous":true}' == to_json(ANONYMOUS)


class TestStructure:
    """Reading valid JSON data."""

    def test_dates_and_datetimes(self) -> None:
        """Ten characters make a date; anything longer an aware datetime."""
        visit = structure(
            {"type": "visit", "id": "v", "seller": "s", "party": "p", "at": "2024-03-01"},
            Visit,
        )
        later = structure(
            {
                "type": "visit",
                "id": "v",
                "seller": "s",
                "party": "p",
                "at": "2024-03-01T09:30:00Z",
            },
            Visit,
        )

        assert (date(2024, 3, 1), datetime(2024, 3, 1, 9, 30, tzinfo=UTC)) == (
            visit.at,
            later.at,
        )

    def test_null_means_not_recorded(self) -> None:
        """A null optional field is None, as if it were left out."""
        purchase = structure({**PAID, "payer": None, "users": None}, Purchase)

        assert (None, None) == (purchase.payer, purchase.users)

    def test_optional_time(self) -> None:
        """An optional time may be null or a time."""
        open_ended = structure({**SIGNED, "end": None}, Contract)
        ended = structure({**SIGNED, "end": "2025-02-01"}, Contract)

        assert (None, date(2025, 2, 1)) == (open_ended.end, ended.end)

    def test_anonymous_buyer(self) -> None:
        """{"anonymous": true} is ANONYMOUS wherever a party may be unknown."""
        purchase = structure(
            {**PAID, "buyer": {"anonymous": True}, "payer": {"anonymous": True}}, Purchase
        )

        assert (ANONYMOUS, ANONYMOUS) == (purchase.buyer, purchase.payer)

    def test_anonymous_alone(self) -> None:
        """The anonymous party structures on its own."""
        assert ANONYMOUS == structure({"anonymous": True}, Anonymous)

    @pytest.mark.parametrize(
        ("alias", "data", "expected"),
        [
            (clientele.Party, {"type": "organization", "id": "o"}, Organization(id="o")),
            (
                clientele.Record,
                {"type": "seller", "id": "s", "business_model": "mixed"},
                Seller(id="s", business_model=BusinessModel.MIXED),
            ),
            (
                clientele.Fact,
                {
                    "type": "referral",
                    "id": "r",
                    "seller": "s",
                    "promoter": "p",
                    "at": "2024-03-01",
                },
                Referral(id="r", seller="s", promoter="p", at=date(2024, 3, 1)),
            ),
        ],
        ids=["Party", "Record", "Fact"],
    )
    def test_unions_pick_by_tag(self, alias: Any, data: object, expected: object) -> None:
        """Party, Fact and Record pick the type their "type" tag names."""
        assert expected == structure(data, alias)

    def test_from_json_accepts_bytes(self) -> None:
        """from_json reads UTF-8 bytes as well as text."""
        assert Person(id="p-é") == from_json('{"type":"person","id":"p-é"}'.encode(), Person)

    def test_plain_types(self) -> None:
        """structure() also checks plain strings, booleans and integers."""
        assert ("x", True, 5) == (structure("x", str), structure(True, bool), structure(5, int))


class TestErrors:
    """Refusing invalid JSON data, with paths."""

    def test_wrong_buyer_in_ledger(self) -> None:
        """A number for a buyer is refused, with the path to it."""
        error = refusal({"purchases": [{**PAID, "buyer": 5}]}, Ledger)

        expected = (
            'invalid Ledger: expected a party id or {"anonymous": true} (got 5) '
            "@ $.purchases[0].buyer"
        )
        assert expected == str(error)

    def test_not_quite_anonymous(self) -> None:
        """{"anonymous": 1} is not coerced into ANONYMOUS."""
        error = refusal({**PAID, "buyer": {"anonymous": 1}}, Purchase)

        expected = (
            "invalid Purchase: expected a party id or "
            """{"anonymous": true} (got {'anonymous': 1}) @ $.buyer"""
        )
        assert expected == str(error)

    @pytest.mark.parametrize(
        "data", [{}, {"anonymous": False}, {"anonymous": True, "x": 1}, "anonymous"]
    )
    def test_anonymous_alone_refused(self, data: object) -> None:
        """Only {"anonymous": true} is the anonymous party."""
        expected = f'invalid Anonymous: expected {{"anonymous": true}} (got {data!r}) @ $'

        assert expected == str(refusal(data, Anonymous))

    def test_unknown_field(self) -> None:
        """An unknown key is refused, never ignored."""
        error = refusal({"type": "person", "id": "p-1", "nickname": "A"}, Person)

        assert "invalid Person: unknown field(s) ['nickname'] @ $" == str(error)

    def test_unknown_field_in_ledger(self) -> None:
        """A ledger document refuses unknown keys of its own."""
        error = refusal({"parties": [], "customers": []}, Ledger)

        assert "invalid Ledger: unknown field(s) ['customers'] @ $" == str(error)

    def test_missing_fields(self) -> None:
        """Every missing required field is reported, each with its path."""
        error = refusal({"type": "purchase"}, Purchase)

        expected = (
            "required field missing @ $.id",
            "required field missing @ $.seller",
            "required field missing @ $.at",
            "required field missing @ $.amount",
            "required field missing @ $.buyer",
        )
        assert expected == error.errors
        assert "invalid Purchase: " + "; ".join(expected) == str(error)

    def test_several_problems(self) -> None:
        """Problems in several fields are all reported, with nested paths."""
        data = {
            **PAID,
            "id": 1,
            "at": "yesterday",
            "amount": {"amount": 1.5, "currency": "EUR"},
        }

        expected = (
            "expected a string (got 1) @ $.id",
            "expected an ISO 8601 date or datetime string (got 'yesterday') @ $.at",
            'expected a decimal number in a string, such as "4.50" (got 1.5) @ $.amount.amount',
        )
        assert expected == refusal(data, Purchase).errors

    @pytest.mark.parametrize(
        ("tag", "got"),
        [("organization", "'organization'"), (None, "'no type'"), (5, "5")],
    )
    def test_wrong_type_tag(self, tag: object, got: str) -> None:
        """A record whose "type" names another kind (or none) is refused."""
        data = {"id": "p-1"} if tag is None else {"type": tag, "id": "p-1"}

        expected = f'invalid Person: expected a "type" of "person" (got {got}) @ $'
        assert expected == str(refusal(data, Person))

    def test_record_not_an_object(self) -> None:
        """A record must be a JSON object."""
        expected = "invalid Person: expected a JSON object for a person (got 'p-1') @ $"

        assert expected == str(refusal("p-1", Person))

    def test_float_amount(self) -> None:
        """A JSON number for an amount is refused: amounts are decimal strings."""
        error = refusal({"amount": 4.5, "currency": "EUR"}, Money)

        expected = (
            'invalid Money: expected a decimal number in a string, such as "4.50" '
            "(got 4.5) @ $.amount"
        )
        assert expected == str(error)

    @pytest.mark.parametrize("amount", ["four", "", "4,50"])
    def test_unparsable_amount(self, amount: str) -> None:
        """A string that is no decimal number is refused."""
        expected = (
            'invalid Money: expected a decimal number in a string, such as "4.50" '
            f"(got {amount!r}) @ $.amount"
        )

        assert expected == str(refusal({"amount": amount, "currency": "EUR"}, Money))

    def test_nan_amount(self) -> None:
        """NaN parses as a decimal but Money refuses it, at the amount's path."""
        error = refusal({"amount": "NaN", "currency": "EUR"}, Money)

        expected = (
            'invalid Money: expected a decimal number in a string, such as "4.50" '
            "(got 'NaN') @ $.amount"
        )
        assert expected == str(error)

    def test_money_not_an_object(self) -> None:
        """Money must be a JSON object."""
        expected = "invalid Money: expected a JSON object for a Money (got '4.50 EUR') @ $"

        assert expected == str(refusal("4.50 EUR", Money))

    def test_naive_datetime_in_ledger(self) -> None:
        """A datetime without an offset is refused at its path, with the fix."""
        error = refusal({"purchases": [{**PAID, "at": "2024-03-01T09:30:00"}]}, Ledger)

        expected = (
            "invalid Ledger: 'at' must be a timezone-aware datetime or a date "
            "(got datetime.datetime(2024, 3, 1, 9, 30)); attach the zone it was "
            "recorded in, e.g. value.replace(tzinfo=ZoneInfo('Europe/Paris')) "
            "@ $.purchases[0].at"
        )
        assert expected == str(error)
        assert str(error).endswith("@ $.purchases[0].at")

    @pytest.mark.parametrize("at", [20240301, "1 March 2024", "2024-13-01", None])
    def test_unparsable_time(self, at: object) -> None:
        """A time that is not an ISO 8601 string is refused."""
        expected = (
            f"invalid Purchase: expected an ISO 8601 date or datetime string (got {at!r}) @ $.at"
        )

        assert expected == str(refusal({**PAID, "at": at}, Purchase))

    def test_end_before_start(self) -> None:
        """A validator's refusal is reported at the path of its field."""
        error = refusal({**SIGNED, "end": "2024-01-01"}, Contract)

        expected = (
            "invalid Contract: 'end' must be after 'start' (datetime.date(2024, 2, 1)) "
            "(got datetime.date(2024, 1, 1)) @ $.end"
        )
        assert expected == str(error)

    def test_validator_in_nested_object(self) -> None:
        """A refusal inside a nested object gets the full path."""
        data = {**PAID, "amount": {"amount": "4.50", "currency": "eur"}}

        expected = (
            "invalid Purchase: 'currency' must be an ISO 4217 currency code such as "
            "'EUR' (got 'eur') @ $.amount.currency"
        )
        assert expected == str(refusal(data, Purchase))

    def test_wrong_enum_value(self) -> None:
        """An enum value outside the enum is refused, listing the allowed ones."""
        data = {"type": "seller", "id": "s", "business_model": "retail"}

        expected = (
            "invalid Seller: expected one of ['client_based', 'customer_based', "
            "'mixed'] (got 'retail') @ $.business_model"
        )
        assert expected == str(refusal(data, Seller))

    def test_enum_member_name_refused(self) -> None:
        """An enum is written by value, not by member name."""
        data = {
            "type": "visit",
            "id": "v",
            "seller": "s",
            "party": "p",
            "at": "2024-03-01",
            "kind": "ASKED",
        }

        assert str(refusal(data, Visit)).endswith("(got 'ASKED') @ $.kind")

    def test_duplicate_ids_in_ledger(self) -> None:
        """A ledger document with two records sharing an id is refused."""
        person = {"type": "person", "id": "p-1"}

        error = refusal({"parties": [person, {**person, "name": "Ana"}]}, Ledger)

        expected = "invalid Ledger: duplicate party id 'p-1': every party id must be unique @ $"
        assert expected == str(error)

    def test_dangling_refund_in_ledger(self) -> None:
        """A ledger's own rules are reported at the document's root."""
        refund = {
            "type": "refund",
            "id": "rf-1",
            "seller": "s-cafe",
            "purchase": "f-9",
            "at": "2024-03-01",
            "amount": {"amount": "1", "currency": "EUR"},
        }

        expected = (
            "invalid Ledger: 'rf-1' field 'purchase' refers to 'f-9', which is not "
            "a purchase from seller 's-cafe' in the ledger @ $"
        )
        assert expected == str(refusal({"refunds": [refund]}, Ledger))

    def test_string_for_a_list(self) -> None:
        """A string is never split into a tuple of characters."""
        error = refusal({"type": "organization", "id": "o", "members": "ab"}, Organization)

        assert "invalid Organization: expected a JSON array (got 'ab') @ $.members" == str(error)

    def test_null_for_a_list(self) -> None:
        """A null is refused where a list has a default rather than None."""
        error = refusal({"type": "organization", "id": "o", "members": None}, Organization)

        assert "invalid Organization: expected a JSON array (got None) @ $.members" == str(error)

    def test_number_for_an_id(self) -> None:
        """A number is never coerced into a string id."""
        assert "invalid Person: expected a string (got 5) @ $.id" == str(
            refusal({"type": "person", "id": 5}, Person)
        )

    def test_number_in_a_list_of_ids(self) -> None:
        """An element of a list is reported with its index."""
        error = refusal({**PAID, "users": ["p-1", 5]}, Purchase)

        assert "invalid Purchase: expected a string (got 5) @ $.users[1]" == str(error)

    def test_invalid_id(self) -> None:
        """An id refused by the type's validator is reported at its path."""
        expected = (
            "invalid Person: 'id' must be a non-empty string without surrounding "
            "whitespace (got ' p') @ $.id"
        )

        assert expected == str(refusal({"type": "person", "id": " p"}, Person))

    def test_records_in_ledger_lists(self) -> None:
        """Problems in several records of a ledger are all reported."""
        data = {"parties": [{"type": "person", "id": "p", "x": 1}], "purchases": [5]}

        expected = (
            "unknown field(s) ['x'] @ $.parties[0]",
            "expected a JSON object for a purchase (got 5) @ $.purchases[0]",
        )
        assert expected == refusal(data, Ledger).errors

    def test_ledger_not_an_object(self) -> None:
        """A ledger document must be an object."""
        expected = "invalid Ledger: expected a JSON object for a Ledger (got [1]) @ $"

        assert expected == str(refusal([1], Ledger))

    def test_ledger_list_not_an_array(self) -> None:
        """Each kind of record in a ledger is a JSON array."""
        expected = "invalid Ledger: expected a JSON array (got {}) @ $.parties"

        assert expected == str(refusal({"parties": {}}, Ledger))

    @pytest.mark.parametrize(
        ("alias", "name", "tags", "data", "got"),
        [
            (clientele.Record, "Record", sorted(RECORD_TYPES), {"type": "customer"}, "'customer'"),
            (clientele.Record, "Record", sorted(RECORD_TYPES), [1], "[1]"),
            (clientele.Record, "Record", sorted(RECORD_TYPES), {"type": [1]}, "[1]"),
            (clientele.Fact, "Fact", FACT_TAGS, {"type": "person"}, "'person'"),
            (
                clientele.Party,
                "Party",
                ["organization", "person"],
                {"type": "purchase"},
                "'purchase'",
            ),
            (clientele.Party, "Party", ["organization", "person"], {"id": "p"}, "{'id': 'p'}"),
        ],
        ids=[
            "unknown-tag",
            "not-an-object",
            "unhashable-tag",
            "party-as-fact",
            "fact-as-party",
            "no-tag",
        ],
    )
    def test_union_needs_a_known_tag(
        self, alias: Any, name: str, tags: list[str], data: object, got: str
    ) -> None:
        """Party, Fact and Record refuse a value whose tag names none of theirs."""
        expected = (
            f'invalid {name}: expected a JSON object with a "type" among {tags} '
            f"for a {name.lower()} (got {got}) @ $"
        )

        assert expected == str(refusal(data, alias))

    def test_invalid_json(self) -> None:
        """Text that is not JSON is refused as such."""
        with pytest.raises(DecodeError) as info:
            from_json('{"parties": [}', Ledger)

        expected = "invalid Ledger: not valid JSON: Expecting value: line 1 column 14 (char 13)"
        assert expected == str(info.value)

    def test_invalid_utf8(self) -> None:
        """Bytes that are not UTF-8 are refused as invalid JSON."""
        with pytest.raises(DecodeError, match=r"^invalid Person: not valid JSON: 'utf-8' codec"):
            from_json(b"\xff", Person)

    def test_too_deeply_nested_json(self) -> None:
        """JSON nested beyond Python's recursion limit is refused, not crashed on."""
        with pytest.raises(
            DecodeError, match=r"^invalid Ledger: not valid JSON: maximum recursion"
        ):
            from_json("[" * 100_000, Ledger)

    def test_plain_types_refuse_coercion(self) -> None:
        """A number is no boolean or string, and a boolean or string no integer."""
        assert (
            "invalid bool: expected true or false (got 1) @ $",
            "invalid str: expected a string (got 5) @ $",
            "invalid int: expected an integer (got True) @ $",
            "invalid int: expected an integer (got '5') @ $",
        ) == (
            str(refusal(1, bool)),
            str(refusal(5, str)),
            str(refusal(True, int)),
            str(refusal("5", int)),
        )

    def test_unexpected_failure_named(self) -> None:
        """A failure clientele does not anticipate is reported with its type."""
        error = refusal({}, Unsupported)

        expected = (
            f"invalid Unsupported: StructureHandlerNotFoundError: Unsupported type: "
            f"{Unsupported!r}. Register a structure hook for it. @ $"
        )
        assert expected == str(error)
        assert isinstance(error.__cause__, cattrs.StructureHandlerNotFoundError)

    def test_what_names_the_document(self) -> None:
        """what= replaces the type's name at the start of the message."""
        with pytest.raises(DecodeError) as info:
            structure(5, Ledger, what="ledger.json")

        assert str(info.value).startswith("invalid ledger.json: ")

    def test_decode_error_is_a_value_error(self) -> None:
        """A DecodeError can be caught as a plain ValueError."""
        with pytest.raises(ValueError, match=r"^invalid Person"):
            structure(5, Person)


@attrs.frozen
class Invoice:
    """A caller's own type holding clientele values."""

    total: Money
    buyer: Person


class TestMakeConverter:
    """The converter factory, for callers' own types."""

    def test_new_converter_each_time(self) -> None:
        """Each call returns a fresh converter, so callers can extend their own."""
        one, other = make_converter(), make_converter()

        assert (True, False) == (isinstance(one, cattrs.Converter), one is other)

    def test_extends_to_caller_types(self) -> None:
        """A caller's attrs class holding clientele values round-trips."""
        converter = make_converter()
        invoice = Invoice(total=Money(Decimal("4.50"), "EUR"), buyer=Person(id="p-1"))

        data = converter.unstructure(invoice)

        assert (
            {
                "total": {"amount": "4.50", "currency": "EUR"},
                "buyer": {"type": "person", "id": "p-1"},
            },
            invoice,
        ) == (data, converter.structure(data, Invoice))

    def test_caller_types_are_strict(self) -> None:
        """The rules (no unknown keys) apply to the caller's classes too."""
        with pytest.raises(cattrs.ClassValidationError):
            make_converter().structure({"total": None, "buyer": None, "x": 1}, Invoice)


# --- Fuzzing: any JSON in, a value or a DecodeError out --------------------

JSON_SCALARS: st.SearchStrategy[object] = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
)
JSON_VALUES: st.SearchStrategy[object] = st.recursive(
    JSON_SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
#: Values close to valid ones, so that fuzzing reaches past the first check.
PLAUSIBLE: st.SearchStrategy[object] = st.sampled_from(
    [
        "2024-03-01",
        "2024-03-01T09:30:00+01:00",
        "2024-03-01T09:30:00",
        "20240301",
        "p-1",
        "f-0",
        "o-0",
        "",
        " p",
        "EUR",
        "4.50",
        "-1",
        "NaN",
        "1e999999",
        "gift",
        "mixed",
        "goods",
        "standard",
        "consumer",
        "asked",
        "mutual",
        "account_manager",
        {"amount": "4.50", "currency": "EUR"},
        {"amount": "0", "currency": "EUR"},
        {"anonymous": True},
        ["p-1", "p-2"],
        ["p-1", "p-1"],
    ]
)
FIELD_VALUES = PLAUSIBLE | JSON_VALUES


@st.composite
def tagged_objects(draw: st.DrawFn) -> dict[str, object]:
    """Draw a JSON object tagged as a record, with its fields and others."""
    tag = draw(st.sampled_from(sorted(RECORD_TYPES)))
    names = [field.name for field in attrs.fields(RECORD_TYPES[tag])]
    fields = draw(st.dictionaries(st.sampled_from(names) | st.text(max_size=6), FIELD_VALUES))
    return {"type": tag, **fields}


@st.composite
def mutated_records(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid record as JSON, with one field removed, replaced or added."""
    data: dict[str, Any] = unstructure(draw(strategies.records()))
    key = draw(st.sampled_from(sorted(data)) | st.text(max_size=6))
    if key in data and draw(st.booleans()):
        del data[key]
    else:
        data[key] = draw(FIELD_VALUES)
    return data


RECORD_LIKE: st.SearchStrategy[object] = st.one_of(
    strategies.records().map(unstructure), tagged_objects(), mutated_records(), JSON_VALUES
)
LEDGER_FIELDS = [field.name for field in attrs.fields(Ledger)]


@st.composite
def mutated_ledgers(draw: st.DrawFn) -> dict[str, Any]:
    """Draw a valid ledger document, with one field added to or replaced."""
    data: dict[str, Any] = unstructure(draw(strategies.ledgers(max_facts=6)))
    key = draw(st.sampled_from(LEDGER_FIELDS) | st.text(max_size=6))
    if draw(st.booleans()):
        data[key] = draw(JSON_VALUES)
    else:
        data[key] = [*data.get(key, []), draw(RECORD_LIKE)]
    return data


LEDGER_LIKE: st.SearchStrategy[object] = st.one_of(
    JSON_VALUES,
    st.dictionaries(st.sampled_from(LEDGER_FIELDS), st.lists(RECORD_LIKE, max_size=3)),
    mutated_ledgers(),
)


def decode(data: object, cls: Any) -> object:
    """Return *data* structured as *cls*, or the DecodeError refusing it."""
    try:
        return structure(data, cls)
    except DecodeError as error:
        return error


def assert_structures_or_refuses(data: object, cls: Any) -> None:
    """Assert *data* structures as *cls* or is refused with paths, nothing else."""
    outcome = decode(data, cls)

    if isinstance(outcome, DecodeError):
        assert outcome.errors
        assert [] == [message for message in outcome.errors if " @ $" not in message]
    else:
        assert outcome == structure(unstructure(outcome), cls)


class TestFuzz:
    """Any JSON in: a value or a DecodeError out, nothing else."""

    @given(RECORD_LIKE)
    def test_any_json_as_record(self, data: object) -> None:
        """Any JSON value structures as a Record or raises DecodeError, nothing else."""
        assert_structures_or_refuses(data, clientele.Record)

    @given(st.sampled_from(sorted(RECORD_TYPES)), RECORD_LIKE)
    def test_any_json_as_each_record_type(self, tag: str, data: object) -> None:
        """Any JSON value structures as each record type or raises DecodeError."""
        assert_structures_or_refuses(data, RECORD_TYPES[tag])

    @given(LEDGER_LIKE)
    def test_any_json_as_ledger(self, data: object) -> None:
        """Any JSON value structures as a Ledger or raises DecodeError, nothing else."""
        assert_structures_or_refuses(data, Ledger)

    @given(
        st.one_of(
            st.text(),
            st.binary(max_size=20),
            LEDGER_LIKE.map(json.dumps),
            st.text(max_size=20).map(lambda s: '{"parties": [' + s),
        )
    )
    def test_any_text_as_ledger(self, text: str | bytes) -> None:
        """Any text or bytes read as a Ledger give one or a DecodeError."""
        try:
            outcome: Ledger | DecodeError = from_json(text, Ledger)
        except DecodeError as error:
            outcome = error

        if isinstance(outcome, DecodeError):
            assert outcome.errors
        else:
            assert outcome == from_json(to_json(outcome), Ledger)

    @given(RECORD_LIKE)
    def test_errors_are_deterministic(self, data: object) -> None:
        """The same data always gets the same answer."""
        assert repr(decode(data, clientele.Record)) == repr(decode(data, clientele.Record))


class TestOneValuePerLine:
    """JSON text never holds a character some readers take for a line break."""

    def test_line_separators_are_escaped(self) -> None:
        """U+0085, U+2028 and U+2029 are written escaped, and read back."""
        person = Person(id="p-1", name="a\x85b\u2028c\u2029d")
        text = to_json(person)

        assert ['{"type":"person","id":"p-1","name":"a\\u0085b\\u2028c\\u2029d"}'] == (
            text.splitlines()
        )
        assert person == from_json(text, Person)
