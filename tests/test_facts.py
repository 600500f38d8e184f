from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest
from attrs.exceptions import FrozenInstanceError

from clientele import (
    ANONYMOUS,
    Anonymous,
    Confidentiality,
    Contract,
    Fact,
    InvalidValueError,
    Money,
    Purchase,
    Purpose,
    Referral,
    Refund,
    RepresentativeAssignment,
    RepresentativeRole,
    Usage,
    Visit,
    VisitKind,
)

DAY = date(2024, 3, 1)
PARIS_WINTER = timezone(timedelta(hours=1))
MORNING_IN_PARIS = datetime(2024, 3, 1, 9, 30, tzinfo=PARIS_WINTER)
NAIVE = datetime(2024, 3, 1, 9, 30)
TEN_EUR = Money(Decimal("10"), "EUR")


def naive_message(field: str) -> str:
    """Return the message refusing NAIVE in *field*, with its fix."""
    return (
        f"{field!r} must be a timezone-aware datetime or a date "
        "(got datetime.datetime(2024, 3, 1, 9, 30)); attach the zone it was "
        "recorded in, e.g. value.replace(tzinfo=ZoneInfo('Europe/Paris'))"
    )


def id_message(field: str, got: object) -> str:
    """Return the message refusing *got* as the id in *field*."""
    return f"{field!r} must be a non-empty string without surrounding whitespace (got {got!r})"


def purchase(**changes: Any) -> Purchase:
    """Return a valid purchase, with *changes*."""
    fields: dict[str, Any] = {
        "id": "f-1",
        "seller": "s-1",
        "at": DAY,
        "amount": TEN_EUR,
        "buyer": "p-1",
    }
    return Purchase(**(fields | changes))


def contract(**changes: Any) -> Contract:
    """Return a valid contract, with *changes*."""
    fields: dict[str, Any] = {
        "id": "c-1",
        "seller": "s-1",
        "counterparty": "o-1",
        "signed": date(2024, 1, 10),
        "start": date(2024, 2, 1),
    }
    return Contract(**(fields | changes))


def visit(**changes: Any) -> Visit:
    """Return a valid visit, with *changes*."""
    fields: dict[str, Any] = {"id": "v-1", "seller": "s-1", "party": "p-1", "at": DAY}
    return Visit(**(fields | changes))


def usage(**changes: Any) -> Usage:
    """Return a valid usage, with *changes*."""
    fields: dict[str, Any] = {"id": "u-1", "seller": "s-1", "party": "p-1", "at": DAY}
    return Usage(**(fields | changes))


def referral(**changes: Any) -> Referral:
    """Return a valid referral, with *changes*."""
    fields: dict[str, Any] = {
        "id": "r-1",
        "seller": "s-1",
        "promoter": "p-1",
        "at": DAY,
    }
    return Referral(**(fields | changes))


def assignment(**changes: Any) -> RepresentativeAssignment:
    """Return a valid representative assignment, with *changes*."""
    fields: dict[str, Any] = {
        "id": "a-1",
        "seller": "s-1",
        "party": "p-1",
        "at": DAY,
        "representative": "Olga",
    }
    return RepresentativeAssignment(**(fields | changes))


def refund(**changes: Any) -> Refund:
    """Return a valid refund, with *changes*."""
    fields: dict[str, Any] = {
        "id": "rf-1",
        "seller": "s-1",
        "purchase": "f-1",
        "at": DAY,
        "amount": TEN_EUR,
    }
    return Refund(**(fields | changes))


FACTORIES: dict[str, Callable[..., Fact]] = {
    "purchase": purchase,
    "contract": contract,
    "visit": visit,
    "usage": usage,
    "referral": referral,
    "assignment": assignment,
    "refund": refund,
}

#: For each kind of fact, the fields that hold when something happened.
TIME_FIELDS = [
    ("purchase", "at"),
    ("contract", "signed"),
    ("contract", "start"),
    ("visit", "at"),
    ("usage", "at"),
    ("referral", "at"),
    ("assignment", "at"),
    ("refund", "at"),
]

#: For each kind of fact, the fields that hold an id (never optional).
ID_FIELDS = [
    ("purchase", "id"),
    ("purchase", "seller"),
    ("contract", "id"),
    ("contract", "seller"),
    ("contract", "counterparty"),
    ("visit", "id"),
    ("visit", "seller"),
    ("usage", "id"),
    ("usage", "seller"),
    ("usage", "party"),
    ("referral", "id"),
    ("referral", "seller"),
    ("referral", "promoter"),
    ("assignment", "id"),
    ("assignment", "seller"),
    ("assignment", "party"),
    ("refund", "id"),
    ("refund", "seller"),
    ("refund", "purchase"),
]

#: For each kind of fact, the optional fields that hold an id when recorded.
OPTIONAL_ID_FIELDS = [
    ("purchase", "decision_maker"),
    ("purchase", "offering"),
    ("usage", "offering"),
    ("usage", "purchase"),
    ("referral", "referred"),
]

#: Enum fields and the enum each must hold a member of.
ENUM_FIELDS = [
    ("purchase", "purpose", "Purpose", "gift"),
    ("contract", "confidentiality", "Confidentiality", "mutual"),
    ("visit", "kind", "VisitKind", "asked"),
    ("assignment", "role", "RepresentativeRole", RepresentativeRole.ACCOUNT_MANAGER.value),
    ("visit", "kind", "VisitKind", Purpose.GIFT),
]


class TestEveryFact:
    """Rules shared by every kind of fact."""

    @pytest.mark.parametrize("kind", FACTORIES)
    def test_constructs(self, kind: str) -> None:
        """Every kind of fact constructs from its required fields."""
        fact = FACTORIES[kind]()

        assert attrs.has(type(fact))

    @pytest.mark.parametrize(("kind", "field"), TIME_FIELDS)
    def test_refuses_naive_datetime_with_fix(self, kind: str, field: str) -> None:
        """A naive datetime is refused, and the message says how to fix it."""
        with pytest.raises(InvalidValueError) as info:
            FACTORIES[kind](**{field: NAIVE})

        assert naive_message(field) == str(info.value)
        assert (field, NAIVE) == (info.value.field, info.value.got)

    @pytest.mark.parametrize(("kind", "field"), TIME_FIELDS)
    def test_refuses_time_as_text(self, kind: str, field: str) -> None:
        """A time given as text is refused: parsing is the converter's job."""
        with pytest.raises(InvalidValueError) as info:
            FACTORIES[kind](**{field: "2024-03-01"})

        expected = f"{field!r} must be a timezone-aware datetime or a date (got '2024-03-01')"
        assert expected == str(info.value)
        assert info.value.hint is None

    @pytest.mark.parametrize(
        "when",
        [DAY, MORNING_IN_PARIS, datetime(2024, 3, 1, tzinfo=UTC)],
        ids=["date", "paris", "utc"],
    )
    @pytest.mark.parametrize(("kind", "field"), TIME_FIELDS)
    def test_accepts_date_and_aware_datetime(self, kind: str, field: str, when: date) -> None:
        """A date or an aware datetime is kept as given."""
        changes: dict[str, object] = {field: when}
        if field == "signed":
            changes["start"] = when

        fact = FACTORIES[kind](**changes)

        assert when == getattr(fact, field)

    @pytest.mark.parametrize("bad", ["", " x", "x ", 7])
    @pytest.mark.parametrize(("kind", "field"), ID_FIELDS + OPTIONAL_ID_FIELDS)
    def test_refuses_bad_id(self, kind: str, field: str, bad: object) -> None:
        """Every id field refuses an empty, padded or non-string id."""
        with pytest.raises(InvalidValueError) as info:
            FACTORIES[kind](**{field: bad})

        assert id_message(field, bad) == str(info.value)

    @pytest.mark.parametrize(("kind", "field"), OPTIONAL_ID_FIELDS)
    def test_optional_ids_default_to_not_recorded(self, kind: str, field: str) -> None:
        """Optional references are None (not recorded) unless given."""
        assert getattr(FACTORIES[kind](), field) is None

    @pytest.mark.parametrize(("kind", "field", "enum", "value"), ENUM_FIELDS)
    def test_refuses_wrong_enum(self, kind: str, field: str, enum: str, value: object) -> None:
        """An enum field takes members of its own enum, never their values."""
        with pytest.raises(InvalidValueError) as info:
            FACTORIES[kind](**{field: value})

        assert f"{field!r} must be a {enum} member (got {value!r})" == str(info.value)

    @pytest.mark.parametrize("kind", FACTORIES)
    def test_equal_and_hashed_by_value(self, kind: str) -> None:
        """Two facts with the same fields are equal and hash alike."""
        one, other = FACTORIES[kind](), FACTORIES[kind]()

        assert one == other
        assert hash(one) == hash(other)
        assert one != attrs.evolve(one, id="x-other")

    @pytest.mark.parametrize("kind", FACTORIES)
    def test_equal_across_zones_for_the_same_instant(self, kind: str) -> None:
        """Facts at the same instant written in two zones are equal."""
        field = "start" if kind == "contract" else "at"
        in_paris = MORNING_IN_PARIS
        in_utc = in_paris.astimezone(UTC)
        extra = {"signed": in_paris} if kind == "contract" else {}

        one = FACTORIES[kind](**{field: in_paris, **extra})
        other = FACTORIES[kind](**{field: in_utc, **extra})

        assert one == other
        assert hash(one) == hash(other)

    @pytest.mark.parametrize("kind", FACTORIES)
    def test_immutable(self, kind: str) -> None:
        """No field of a fact can be reassigned."""
        fact = FACTORIES[kind]()

        for field in attrs.fields(type(fact)):
            with pytest.raises(FrozenInstanceError):
                setattr(fact, field.name, getattr(fact, field.name))

    @pytest.mark.parametrize("kind", FACTORIES)
    def test_keyword_only(self, kind: str) -> None:
        """Facts take their fields by name only, so ids can never be swapped."""
        cls: Any = type(FACTORIES[kind]())

        with pytest.raises(TypeError):
            cls("x-1", "s-1")


class TestPurchase:
    """Purchases and their deal roles."""

    def test_defaults_record_nothing(self) -> None:
        """Unrecorded deal roles are None, not assumed to be the buyer."""
        fact = purchase()

        assert (None, None, None, (), None, None) == (
            fact.payer,
            fact.users,
            fact.decision_maker,
            fact.influencers,
            fact.purpose,
            fact.offering,
        )

    def test_every_role(self) -> None:
        """Each deal role can be a different party."""
        fact = purchase(
            buyer="p-buyer",
            payer="o-payer",
            users=("p-user", "p-other"),
            decision_maker="p-boss",
            influencers=("p-friend",),
            purpose=Purpose.BUSINESS_USE,
            offering="o-1",
        )

        assert ("p-buyer", "o-payer", ("p-user", "p-other"), "p-boss", ("p-friend",)) == (
            fact.buyer,
            fact.payer,
            fact.users,
            fact.decision_maker,
            fact.influencers,
        )

    def test_users_may_be_empty(self) -> None:
        """An empty users tuple records that nobody tracked uses it."""
        assert () == purchase(users=()).users

    @pytest.mark.parametrize("role", ["buyer", "payer"])
    def test_anonymous_buyer_and_payer(self, role: str) -> None:
        """A walk-in sale has the anonymous party as buyer or payer."""
        fact = purchase(**{role: ANONYMOUS})

        assert Anonymous() == getattr(fact, role)

    @pytest.mark.parametrize(
        ("role", "bad"),
        [
            ("buyer", 5),
            ("buyer", None),
            ("buyer", ("p-1",)),
            ("buyer", Anonymous),
            ("payer", 5),
            ("payer", ("p-1",)),
        ],
    )
    def test_refuses_buyer_neither_id_nor_anonymous(self, role: str, bad: object) -> None:
        """A buyer (or payer, when recorded) is a party id or ANONYMOUS, nothing else."""
        with pytest.raises(InvalidValueError) as info:
            purchase(**{role: bad})

        expected = f"{role!r} must be a party id or clientele.ANONYMOUS (got {bad!r})"
        assert expected == str(info.value)

    @pytest.mark.parametrize("role", ["buyer", "payer"])
    def test_refuses_bad_buyer_id(self, role: str) -> None:
        """A buyer id is checked like any party id."""
        with pytest.raises(InvalidValueError) as info:
            purchase(**{role: " p-1"})

        assert id_message(role, " p-1") == str(info.value)

    def test_refuses_anonymous_decision_maker(self) -> None:
        """Only identified parties make decisions the ledger records."""
        with pytest.raises(InvalidValueError) as info:
            purchase(decision_maker=ANONYMOUS)

        assert id_message("decision_maker", ANONYMOUS) == str(info.value)

    @pytest.mark.parametrize("field", ["users", "influencers"])
    def test_refuses_list_of_ids(self, field: str) -> None:
        """Users and influencers are tuples: a list is refused."""
        with pytest.raises(InvalidValueError) as info:
            purchase(**{field: ["p-1"]})

        assert f"{field!r} must be a tuple of ids (got ['p-1'])" == str(info.value)

    @pytest.mark.parametrize("field", ["users", "influencers"])
    def test_refuses_duplicate_ids(self, field: str) -> None:
        """A party is listed once among users or influencers."""
        with pytest.raises(InvalidValueError) as info:
            purchase(**{field: ("p-1", "p-2", "p-1")})

        expected = f"{field!r} must be a tuple of distinct ids (got ('p-1', 'p-2', 'p-1'))"
        assert expected == str(info.value)

    @pytest.mark.parametrize(
        "amount",
        [Money(Decimal(0), "EUR"), Money(Decimal("-0.01"), "EUR")],
        ids=["zero", "negative"],
    )
    def test_refuses_non_positive_amount(self, amount: Money) -> None:
        """A purchase is paid a positive amount."""
        with pytest.raises(InvalidValueError) as info:
            purchase(amount=amount)

        assert f"'amount' must be a positive Money (got {amount!r})" == str(info.value)

    def test_refuses_bare_decimal_amount(self) -> None:
        """An amount without a currency is refused."""
        with pytest.raises(InvalidValueError) as info:
            purchase(amount=Decimal(10))

        assert "'amount' must be a positive Money (got Decimal('10'))" == str(info.value)


class TestContract:
    """Contracts and their terms."""

    def test_defaults(self) -> None:
        """A contract is open-ended, with no fees, terms or secrecy by default."""
        fact = contract()

        assert (None, "", None, None, Confidentiality.NONE) == (
            fact.end,
            fact.scope,
            fact.fees,
            fact.cancellation,
            fact.confidentiality,
        )

    def test_every_field(self) -> None:
        """A contract keeps its end, scope, fees, terms and confidentiality."""
        fact = contract(
            end=date(2025, 2, 1),
            scope="payroll",
            fees=TEN_EUR,
            cancellation="3 months' notice",
            confidentiality=Confidentiality.MUTUAL,
        )

        assert (date(2025, 2, 1), "payroll", TEN_EUR, "3 months' notice") == (
            fact.end,
            fact.scope,
            fact.fees,
            fact.cancellation,
        )

    @pytest.mark.parametrize("end", [date(2024, 2, 1), date(2024, 1, 31)], ids=["same", "before"])
    def test_refuses_end_not_after_start(self, end: date) -> None:
        """A contract ends strictly after it starts."""
        with pytest.raises(InvalidValueError) as info:
            contract(end=end)

        expected = f"'end' must be after 'start' (datetime.date(2024, 2, 1)) (got {end!r})"
        assert expected == str(info.value)

    def test_end_compares_dates_with_datetimes(self) -> None:
        """An end at 10:00 UTC on the start date is after a start date."""
        end = datetime(2024, 2, 1, 10, tzinfo=UTC)

        assert end == contract(end=end).end

    def test_end_date_before_start_time_refused(self) -> None:
        """An end date counts from midnight UTC, before a start later that day."""
        start = datetime(2024, 2, 1, 10, tzinfo=UTC)

        with pytest.raises(InvalidValueError, match=r"^'end' must be after 'start'"):
            contract(start=start, end=date(2024, 2, 1))

    def test_refuses_naive_end_with_fix(self) -> None:
        """A naive end is refused with the same fix as any time."""
        with pytest.raises(InvalidValueError) as info:
            contract(end=NAIVE)

        assert naive_message("end") == str(info.value)

    def test_refuses_bare_decimal_fees(self) -> None:
        """Fees are Money, never a bare number."""
        with pytest.raises(InvalidValueError) as info:
            contract(fees=Decimal(1))

        assert "'fees' must be a Money (got Decimal('1'))" == str(info.value)

    @pytest.mark.parametrize("field", ["scope", "cancellation"])
    def test_refuses_non_string_terms(self, field: str) -> None:
        """Scope and cancellation terms are text."""
        with pytest.raises(InvalidValueError) as info:
            contract(**{field: 3})

        assert f"{field!r} must be a string (got 3)" == str(info.value)


class TestVisit:
    """Visits that bought nothing."""

    def test_defaults_to_looked(self) -> None:
        """A visit records that the party looked, unless told more."""
        assert VisitKind.LOOKED == visit().kind

    def test_anonymous_party(self) -> None:
        """Someone unknown can visit."""
        assert ANONYMOUS == visit(party=ANONYMOUS).party

    def test_refuses_party_neither_id_nor_anonymous(self) -> None:
        """A visitor is a party id or ANONYMOUS."""
        with pytest.raises(InvalidValueError) as info:
            visit(party=None)

        assert "'party' must be a party id or clientele.ANONYMOUS (got None)" == str(info.value)


class TestUsage:
    """Usages, paid for or not."""

    def test_links(self) -> None:
        """A usage may name the offering used and the purchase that paid."""
        fact = usage(offering="o-1", purchase="f-1")

        assert ("o-1", "f-1") == (fact.offering, fact.purchase)

    def test_refuses_anonymous_party(self) -> None:
        """A user is always identified: usage is followed over time."""
        with pytest.raises(InvalidValueError) as info:
            usage(party=ANONYMOUS)

        assert id_message("party", ANONYMOUS) == str(info.value)


class TestReferral:
    """Referrals."""

    def test_referred(self) -> None:
        """A referral may name the party it went to."""
        assert "p-2" == referral(referred="p-2").referred


class TestRepresentativeAssignment:
    """Dedicated representatives."""

    def test_defaults(self) -> None:
        """An assignment is to an account manager, and still held, by default."""
        fact = assignment()

        assert (RepresentativeRole.ACCOUNT_MANAGER, None) == (fact.role, fact.end)

    def test_ended(self) -> None:
        """An assignment may end after it began."""
        assert date(2024, 6, 1) == assignment(end=date(2024, 6, 1)).end

    def test_refuses_end_not_after_at(self) -> None:
        """An assignment ends strictly after it began."""
        with pytest.raises(InvalidValueError) as info:
            assignment(end=DAY)

        expected = (
            "'end' must be after 'at' (datetime.date(2024, 3, 1)) (got datetime.date(2024, 3, 1))"
        )
        assert expected == str(info.value)

    def test_refuses_non_string_representative(self) -> None:
        """The representative is named by text."""
        with pytest.raises(InvalidValueError) as info:
            assignment(representative=None)

        assert "'representative' must be a string (got None)" == str(info.value)


class TestRefund:
    """Refunds and returns."""

    @pytest.mark.parametrize(
        "amount",
        [Money(Decimal(0), "EUR"), Money(Decimal(-5), "EUR"), Decimal(5)],
        ids=["zero", "negative", "decimal"],
    )
    def test_refuses_non_positive_amount(self, amount: object) -> None:
        """A refund gives back a positive amount of money."""
        with pytest.raises(InvalidValueError) as info:
            refund(amount=amount)

        assert f"'amount' must be a positive Money (got {amount!r})" == str(info.value)


class TestEnums:
    """The enums describing facts."""

    def test_values(self) -> None:
        """The fact enums have stable string values."""
        expected = [
            ["own_use", "gift", "business_use", "resale"],
            ["none", "mutual", "one_way"],
            ["looked", "asked", "registered"],
            ["account_manager", "relationship_manager", "customer_success_manager"],
        ]
        actual = [
            [member.value for member in Purpose],
            [member.value for member in Confidentiality],
            [member.value for member in VisitKind],
            [member.value for member in RepresentativeRole],
        ]
        assert expected == actual
