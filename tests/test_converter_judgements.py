import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given, settings

import clientele
from clientele import (
    DEFAULT,
    PRESETS,
    Assumption,
    CalendarPeriod,
    DealRoles,
    DecodeError,
    Judgement,
    Ledger,
    LedgerSummary,
    Money,
    PartySummary,
    Policy,
    Population,
    Purchase,
    Reason,
    Rule,
    Transition,
    ValueThreshold,
    deal_roles,
    judge,
    summarize_ledger,
    timeline,
)
from clientele.testing.strategies import (
    judgements,
    ledger_summaries,
    party_summaries,
    policies,
    populations,
    purchase_roles,
    reasons,
    transitions,
)

T = TypeVar("T")

#: For tests whose every example builds and judges a whole ledger, while the
#: round trip they check is structural: half the active profile's examples
#: still cover every shape, and keep the file fast.
WHOLE_LEDGERS = settings(max_examples=max(10, settings().max_examples // 2), deadline=None)

AS_OF = datetime(2024, 3, 2, tzinfo=UTC)
SALE = Purchase(
    id="f-1",
    seller="s-1",
    at=date(2024, 3, 1),
    amount=Money(Decimal("3.20"), "EUR"),
    buyer="p-ana",
)
DEFAULT_JSON = (
    '{"name":"default","new_window":"P30D","activity_window":"P90D",'
    '"churn_window":"P365D","long_term_span":"P365D","long_term_count":3,'
    '"repeat_counting":"purchases","repeat_period":"month","account_period":"month",'
    '"client_rule":"relationship","visit_rule":"visitor","value_rule":{"share":"0.8"},'
    '"unknown_payer":"buyer","unknown_users":"unknown"}'
)
PERIODS = "['day', 'week', 'month', 'quarter', 'year']"


def round_trips(value: T, cls: type[T]) -> None:
    """Assert that *value* survives both the data and the JSON round trip."""
    assert value == clientele.structure(clientele.unstructure(value), cls)
    assert value == clientele.from_json(clientele.to_json(value), cls)


def decode_error(data: object, cls: type[Any]) -> str:
    """Return the message refusing *data* as a *cls*."""
    with pytest.raises(DecodeError) as info:
        clientele.structure(data, cls)
    return str(info.value)


def policy_data(**changes: object) -> dict[str, Any]:
    """Return the default policy as JSON data, with *changes*."""
    data: dict[str, Any] = clientele.unstructure(DEFAULT)
    return data | changes


class TestPolicy:
    """Policies as JSON."""

    def test_default_form(self) -> None:
        """Windows are ISO 8601 durations, the share a decimal string, enums values."""
        assert DEFAULT_JSON == clientele.to_json(DEFAULT)

    @pytest.mark.parametrize("name", sorted(PRESETS))
    def test_presets_round_trip(self, name: str) -> None:
        """Every preset survives the round trip."""
        round_trips(PRESETS[name], Policy)

    def test_calendar_window_is_its_name(self) -> None:
        """A calendar-period window is written as the period's value."""
        assert "month" == clientele.unstructure(PRESETS["account_management"])["new_window"]

    @pytest.mark.parametrize(
        ("window", "text"),
        [
            (timedelta(days=30), "P30D"),
            (timedelta(seconds=30), "P0DT30S"),
            (timedelta(days=1, seconds=5, microseconds=7), "P1DT5.000007S"),
            (timedelta(microseconds=1), "P0DT0.000001S"),
        ],
    )
    def test_durations(self, window: timedelta, text: str) -> None:
        """Durations are written in days, then seconds and microseconds if any."""
        policy = attrs.evolve(DEFAULT, new_window=window)

        assert text == clientele.unstructure(policy)["new_window"]
        round_trips(policy, Policy)

    def test_threshold_form(self) -> None:
        """A threshold is written as its minimum money."""
        policy = attrs.evolve(DEFAULT, value_rule=ValueThreshold(Money(Decimal("1000.00"), "EUR")))

        assert {"minimum": {"amount": "1000.00", "currency": "EUR"}} == (
            clientele.unstructure(policy)["value_rule"]
        )
        round_trips(policy, Policy)

    @given(policies())
    def test_round_trip(self, policy: Policy) -> None:
        """Every valid policy survives the round trip unchanged."""
        round_trips(policy, Policy)


class TestBadPolicy:
    """Policy JSON that is refused, and how."""

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                {"new_window": "fortnight"},
                'expected an ISO 8601 duration such as "P30D" or one of '
                f"{PERIODS} (got 'fortnight') @ $.new_window",
            ),
            (
                {"activity_window": 90},
                'expected an ISO 8601 duration such as "P30D" (got 90) @ $.activity_window',
            ),
            (
                {"activity_window": "P1W"},
                "expected an ISO 8601 duration such as \"P30D\" (got 'P1W') @ $.activity_window",
            ),
            (
                {"activity_window": "P0D"},
                "'activity_window' must be a positive timedelta "
                "(got datetime.timedelta(0)) @ $.activity_window",
            ),
            (
                {"churn_window": "P30D"},
                "'churn_window' must be longer than 'activity_window' "
                "(datetime.timedelta(days=90)) (got datetime.timedelta(days=30)) "
                "@ $.churn_window",
            ),
            ({"long_term_count": 2.5}, "expected an integer (got 2.5) @ $.long_term_count"),
            ({"long_term_count": 3.0}, "expected an integer (got 3.0) @ $.long_term_count"),
            ({"long_term_count": True}, "expected an integer (got True) @ $.long_term_count"),
            ({"long_term_count": "3"}, "expected an integer (got '3') @ $.long_term_count"),
            (
                {"long_term_count": 1},
                "'long_term_count' must be an int of at least 2 (got 1) @ $.long_term_count",
            ),
            (
                {"value_rule": {"share": 0.8}},
                'expected a decimal number in a string, such as "4.50" (got 0.8) '
                "@ $.value_rule.share",
            ),
            (
                {"value_rule": {"share": "1.5"}},
                "'share' must be a Decimal above 0 and at most 1 (got Decimal('1.5')) "
                "@ $.value_rule.share",
            ),
            (
                {"value_rule": {"share": "NaN"}},
                "expected a decimal number in a string, such as \"4.50\" (got 'NaN') "
                "@ $.value_rule.share",
            ),
            (
                {"value_rule": {}},
                'expected {"share": ...} or {"minimum": ...} (got {}) @ $.value_rule',
            ),
            (
                {"value_rule": {"minimum": {"amount": "10", "currency": "EURO"}}},
                "'currency' must be an ISO 4217 currency code such as 'EUR' (got 'EURO') "
                "@ $.value_rule.minimum.currency",
            ),
            (
                {"client_rule": "nope"},
                "expected one of ['relationship', 'engagement'] (got 'nope') @ $.client_rule",
            ),
            (
                {"unknown_payer": None},
                "expected one of ['buyer', 'unknown'] (got None) @ $.unknown_payer",
            ),
            (
                {"name": "my policy"},
                "'name' must be a name like 'my_policy' (got 'my policy') @ $.name",
            ),
            ({"colour": "red"}, "unknown field(s) ['colour'] @ $"),
        ],
    )
    def test_refused_with_path(self, changes: dict[str, object], message: str) -> None:
        """Each bad value is refused with a message ending in its path."""
        assert f"invalid Policy: {message}" == decode_error(policy_data(**changes), Policy)

    def test_every_problem_is_reported(self) -> None:
        """All the problems of one policy are reported together."""
        data = policy_data(new_window="fortnight", long_term_count=2.5)

        with pytest.raises(DecodeError) as info:
            clientele.structure(data, Policy)

        assert (
            'expected an ISO 8601 duration such as "P30D" or one of '
            f"{PERIODS} (got 'fortnight') @ $.new_window",
            "expected an integer (got 2.5) @ $.long_term_count",
        ) == info.value.errors

    def test_missing_name(self) -> None:
        """A policy without a name is refused: every policy is named."""
        data = policy_data()
        del data["name"]

        assert "invalid Policy: required field missing @ $.name" == decode_error(data, Policy)

    def test_not_an_object(self) -> None:
        """A policy must be a JSON object."""
        assert "invalid Policy: expected a JSON object for a Policy (got []) @ $" == (
            decode_error([], Policy)
        )

    def test_invalid_json(self) -> None:
        """Text that is not JSON is refused before any field is read."""
        with pytest.raises(DecodeError) as info:
            clientele.from_json("{", Policy)

        assert (
            "invalid Policy: not valid JSON: Expecting property name enclosed in double "
            "quotes: line 1 column 2 (char 1)"
        ) == str(info.value)


class TestReason:
    """Reasons as JSON."""

    def test_form(self) -> None:
        """A reason is its field, rule value, detail and fact ids."""
        reason = Reason(field="standing", rule=Rule.PAID, detail="paid", facts=("f-1",))

        assert {
            "field": "standing",
            "rule": "standing.paid",
            "detail": "paid",
            "facts": ["f-1"],
        } == clientele.unstructure(reason)

    @given(reasons())
    def test_round_trip(self, reason: Reason) -> None:
        """Every reason survives the round trip."""
        round_trips(reason, Reason)

    def test_unknown_field(self) -> None:
        """A reason for a field no judgement has is refused at that field."""
        data = {"field": "mood", "rule": "standing.paid", "detail": "", "facts": []}

        assert (
            "invalid Reason: 'field' must be one of ['account', 'environment', "
            "'role.buyer', 'role.consumer', 'role.decision_maker', 'role.end_customer', "
            "'role.influencer', 'role.intermediary', 'role.payer', 'role.promoter', "
            "'role.user', 'stage', 'standing', 'tenure', 'tier'] (got 'mood') @ $.field"
        ) == decode_error(data, Reason)

    def test_facts_are_an_array(self) -> None:
        """Fact ids must be a JSON array, not one string."""
        data = {"field": "standing", "rule": "standing.paid", "detail": "", "facts": "f-1"}

        assert "invalid Reason: expected a JSON array (got 'f-1') @ $.facts" == (
            decode_error(data, Reason)
        )


class TestJudgement:
    """Judgements as JSON."""

    def test_roles_are_a_sorted_array(self) -> None:
        """Roles are written as their values, sorted, so the JSON is stable."""
        judgement = judge(Ledger.of(SALE), "s-1", "p-ana", as_of=AS_OF)

        assert ["buyer", "payer"] == clientele.unstructure(judgement)["roles"]

    @WHOLE_LEDGERS
    @given(judgements())
    def test_round_trip(self, judgement: Judgement) -> None:
        """Every judgement survives the round trip."""
        round_trips(judgement, Judgement)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                {"as_of": "2024-03-02T00:00:00"},
                "expected an ISO 8601 datetime with an offset (got '2024-03-02T00:00:00') "
                "@ $.as_of",
            ),
            (
                {"as_of": "2024-03-02"},
                "expected an ISO 8601 datetime with an offset (got '2024-03-02') @ $.as_of",
            ),
            (
                {"roles": ["buyer", "customer"]},
                "expected one of ['buyer', 'payer', 'user', 'consumer', 'decision_maker', "
                "'influencer', 'promoter', 'intermediary', 'end_customer'] (got 'customer') "
                "@ $.roles[1]",
            ),
            (
                {"roles": ["buyer", "buyer"]},
                "expected a JSON array without repeated values (got ['buyer', 'buyer']) @ $.roles",
            ),
            ({"roles": "buyer"}, "expected a JSON array (got 'buyer') @ $.roles"),
            (
                {"standing": "client?"},
                "expected one of ['none', 'visitor', 'customer', 'client'] (got 'client?') "
                "@ $.standing",
            ),
        ],
    )
    def test_refused_with_path(self, changes: dict[str, object], message: str) -> None:
        """Each bad value is refused with a message ending in its path."""
        judgement = judge(Ledger.of(SALE), "s-1", "p-ana", as_of=AS_OF)
        data = clientele.unstructure(judgement) | changes

        assert f"invalid Judgement: {message}" == decode_error(data, Judgement)


class TestPopulation:
    """Populations as JSON."""

    @WHOLE_LEDGERS
    @given(populations())
    def test_round_trip(self, population: Population) -> None:
        """Every population survives the round trip."""
        round_trips(population, Population)

    def test_unattributed_count_is_an_integer(self) -> None:
        """The unattributed sales count is a JSON integer, never a string."""
        data = clientele.unstructure(clientele.judge_all(Ledger.of(SALE), "s-1", as_of=AS_OF))
        data["unattributed_sales"] = "0"

        assert (
            "invalid Population: expected an integer (got '0') @ $.unattributed_sales"
        ) == decode_error(data, Population)


class TestTransition:
    """Transitions as JSON."""

    def first(self) -> Transition:
        """Return the first change in the docstring case: none to customer."""
        return timeline(Ledger.of(SALE), "s-1", "p-ana", until=AS_OF)[0]

    def test_form(self) -> None:
        """A transition is written with the values it moves between."""
        data = clientele.unstructure(self.first())

        assert ("2024-03-01T00:00:00+00:00", "standing", "none", "customer") == (
            data["at"],
            data["field"],
            data["before"],
            data["after"],
        )

    @WHOLE_LEDGERS
    @given(transitions())
    def test_round_trip(self, transition: Transition) -> None:
        """Every transition survives the round trip, its values of the right enum."""
        round_trips(transition, Transition)

    @pytest.mark.parametrize(
        ("changes", "message"),
        [
            (
                {"field": "tier"},
                "'field' must be one of ['account', 'environment', 'stage', 'standing', "
                "'tenure'] (got 'tier') @ $.field",
            ),
            (
                {"before": "prospect"},
                "'before' must be one of ['none', 'visitor', 'customer', 'client'] "
                "(got 'prospect') @ $.before",
            ),
            (
                {"after": "new"},
                "'after' must be one of ['none', 'visitor', 'customer', 'client'] "
                "(got 'new') @ $.after",
            ),
            ({"after": 3}, "expected a string (got 3) @ $.after"),
        ],
    )
    def test_refused_with_path(self, changes: dict[str, object], message: str) -> None:
        """Each bad value is refused with a message ending in its path."""
        data = clientele.unstructure(self.first()) | changes

        assert f"invalid Transition: {message}" == decode_error(data, Transition)

    def test_not_an_object(self) -> None:
        """A transition must be a JSON object."""
        assert "invalid Transition: expected a JSON object for a Transition (got 1) @ $" == (
            decode_error(1, Transition)
        )


class TestSummaries:
    """Party and ledger summaries as JSON."""

    @WHOLE_LEDGERS
    @given(party_summaries())
    def test_party_summary_round_trip(self, summary: PartySummary) -> None:
        """Every party summary survives the round trip."""
        round_trips(summary, PartySummary)

    @WHOLE_LEDGERS
    @given(ledger_summaries())
    def test_ledger_summary_round_trip(self, summary: LedgerSummary) -> None:
        """Every ledger summary survives the round trip."""
        round_trips(summary, LedgerSummary)

    def test_parties_are_a_list_of_entries(self) -> None:
        """Summaries keyed by (seller, party) are written as a list of entries."""
        data = clientele.unstructure(summarize_ledger(Ledger.of(SALE)))

        assert [("s-1", "p-ana", 1)] == [
            (entry["seller"], entry["party"], entry["summary"]["paid"])
            for entry in data["parties"]
        ]

    def test_counts_are_integers(self) -> None:
        """Counts in a summary are JSON integers; a bool is not a count."""
        data = clientele.unstructure(PartySummary()) | {"paid": True}

        assert "invalid PartySummary: expected an integer (got True) @ $.paid" == (
            decode_error(data, PartySummary)
        )

    def test_path_into_an_entry(self) -> None:
        """A bad value inside an entry is reported with its full path."""
        data = clientele.unstructure(summarize_ledger(Ledger.of(SALE)))
        data["parties"][0]["summary"]["paid"] = "1"

        assert (
            "invalid LedgerSummary: expected an integer (got '1') @ $.parties[0].summary.paid"
        ) == decode_error(data, LedgerSummary)

    def test_duplicate_entries_refused(self) -> None:
        """Two entries for one (seller, party) pair are refused, not one dropped."""
        data = clientele.unstructure(summarize_ledger(Ledger.of(SALE)))
        data["parties"].append(data["parties"][0])

        assert (
            "invalid LedgerSummary: 'parties' must be one entry per (seller, party) pair "
            "(got ('s-1', 'p-ana')); merge the summaries of a pair into one entry "
            "@ $.parties"
        ) == decode_error(data, LedgerSummary)

    def test_ledger_summary_not_an_object(self) -> None:
        """A ledger summary must be a JSON object."""
        assert (
            "invalid LedgerSummary: expected a JSON object for a LedgerSummary (got []) @ $"
        ) == decode_error([], LedgerSummary)

    def test_every_problem_is_reported(self) -> None:
        """Problems in the entries and around them are reported together."""
        data = {"cutoff": "2024-01-01", "parties": "none", "unattributed": {}}

        with pytest.raises(DecodeError) as info:
            clientele.structure(data, LedgerSummary)

        assert (
            "expected an ISO 8601 datetime with an offset (got '2024-01-01') @ $.cutoff",
            "expected a JSON array (got 'none') @ $.parties",
        ) == info.value.errors


class TestDealRoles:
    """Deal roles as JSON."""

    def test_assumed_is_a_sorted_array(self) -> None:
        """The assumed roles are written as a sorted array of values."""
        policy = attrs.evolve(DEFAULT, name="both", unknown_users=Assumption.BUYER)
        data = json.loads(clientele.to_json(deal_roles(SALE, policy)))

        assert ["payer", "users"] == data["assumed"]

    def test_form(self) -> None:
        """Unrecorded roles are null; an anonymous party is written as such."""
        roles = deal_roles(attrs.evolve(SALE, buyer=clientele.ANONYMOUS))

        assert {
            "purchase": "f-1",
            "buyer": {"anonymous": True},
            "payer": {"anonymous": True},
            "users": None,
            "decision_maker": None,
            "influencers": [],
            "assumed": ["payer"],
        } == clientele.unstructure(roles)

    @given(purchase_roles())
    def test_round_trip(self, roles: DealRoles) -> None:
        """Every DealRoles survives the round trip."""
        round_trips(roles, DealRoles)

    def test_unknown_assumed_role(self) -> None:
        """Only assumable roles can be listed as assumed."""
        data = clientele.unstructure(deal_roles(SALE)) | {"assumed": ["buyer"]}

        assert (
            "invalid DealRoles: expected one of ['payer', 'users'] (got 'buyer') @ $.assumed[0]"
        ) == decode_error(data, DealRoles)


class TestCalendarPeriod:
    """Calendar periods inside policies."""

    @pytest.mark.parametrize("period", list(CalendarPeriod))
    def test_every_period_as_a_window(self, period: CalendarPeriod) -> None:
        """Every calendar period can be a new window and comes back as itself."""
        round_trips(attrs.evolve(DEFAULT, new_window=period), Policy)
