from datetime import timedelta
from decimal import Decimal
from typing import Any

import attrs
import pytest
from attrs.exceptions import FrozenInstanceError
from hypothesis import given

from clientele import (
    ACCOUNT_MANAGEMENT,
    DEFAULT,
    INCLUSIVE,
    PRESETS,
    PROFESSIONAL_SERVICES,
    Assumption,
    CalendarPeriod,
    ClientRule,
    InvalidValueError,
    Money,
    Policy,
    RepeatCounting,
    RevenueShare,
    ValueThreshold,
    VisitRule,
)
from clientele.testing.strategies import policies

DAYS_30 = timedelta(days=30)
DAYS_90 = timedelta(days=90)
DAYS_365 = timedelta(days=365)


def refusal(**fields: object) -> InvalidValueError:
    """Return the error refusing a policy named ``p`` with *fields*."""
    arguments: dict[str, Any] = {"name": "p", **fields}
    with pytest.raises(InvalidValueError) as info:
        Policy(**arguments)
    return info.value


class TestPresets:
    """The named presets, and what each documents."""

    def test_presets_by_name(self) -> None:
        """PRESETS holds every preset under its own name."""
        assert {
            "default": DEFAULT,
            "account_management": ACCOUNT_MANAGEMENT,
            "professional_services": PROFESSIONAL_SERVICES,
            "inclusive": INCLUSIVE,
        } == PRESETS

    @pytest.mark.parametrize("name", sorted(PRESETS))
    def test_preset_name_is_its_key(self, name: str) -> None:
        """A preset's name is the key it is found under."""
        assert name == PRESETS[name].name

    def test_default_values(self) -> None:
        """The default: 30 days new, 90 active, lost after a year, 80% revenue share."""
        assert (
            "default",
            DAYS_30,
            DAYS_90,
            DAYS_365,
            DAYS_365,
            3,
            RepeatCounting.PURCHASES,
            CalendarPeriod.MONTH,
            CalendarPeriod.MONTH,
            ClientRule.RELATIONSHIP,
            VisitRule.VISITOR,
            RevenueShare(Decimal("0.8")),
            Assumption.BUYER,
            Assumption.UNKNOWN,
        ) == (
            DEFAULT.name,
            DEFAULT.new_window,
            DEFAULT.activity_window,
            DEFAULT.churn_window,
            DEFAULT.long_term_span,
            DEFAULT.long_term_count,
            DEFAULT.repeat_counting,
            DEFAULT.repeat_period,
            DEFAULT.account_period,
            DEFAULT.client_rule,
            DEFAULT.visit_rule,
            DEFAULT.value_rule,
            DEFAULT.unknown_payer,
            DEFAULT.unknown_users,
        )

    def test_default_is_a_policy_with_no_changes(self) -> None:
        """DEFAULT is what a policy with only a name gets."""
        assert DEFAULT == Policy(name="default")

    def test_account_management(self) -> None:
        """Account management: new for the calendar month, repeat counted in months."""
        expected = attrs.evolve(
            DEFAULT,
            name="account_management",
            new_window=CalendarPeriod.MONTH,
            repeat_counting=RepeatCounting.PERIODS,
            repeat_period=CalendarPeriod.MONTH,
            account_period=CalendarPeriod.MONTH,
        )

        assert expected == ACCOUNT_MANAGEMENT

    def test_professional_services(self) -> None:
        """Professional services: everyone engaged is a client, judged over years."""
        expected = attrs.evolve(
            DEFAULT,
            name="professional_services",
            new_window=DAYS_90,
            activity_window=DAYS_365,
            churn_window=timedelta(days=730),
            client_rule=ClientRule.ENGAGEMENT,
        )

        assert expected == PROFESSIONAL_SERVICES

    def test_inclusive(self) -> None:
        """Inclusive retail counting: a visit makes a customer."""
        expected = attrs.evolve(DEFAULT, name="inclusive", visit_rule=VisitRule.CUSTOMER)

        assert expected == INCLUSIVE


class TestName:
    """A policy's name, shown in reports."""

    @pytest.mark.parametrize("name", ["strict", "_private", "policy_2", "Été"])
    def test_accepts_identifiers(self, name: str) -> None:
        """Any Python identifier is a name."""
        assert name == Policy(name=name).name

    @pytest.mark.parametrize("name", ["my policy", "", "2fast", "a-b", "default "])
    def test_refuses_non_identifier(self, name: str) -> None:
        """A name that is not an identifier is refused, with an example of one."""
        error = refusal(name=name)

        assert f"'name' must be a name like 'my_policy' (got {name!r})" == str(error)
        assert ("name", name) == (error.field, error.got)

    def test_refuses_non_string(self) -> None:
        """A name that is not a string is refused."""
        assert "'name' must be a name like 'my_policy' (got 7)" == str(refusal(name=7))


class TestWindows:
    """The new, activity and churn windows and the long-term span."""

    @pytest.mark.parametrize("window", [*CalendarPeriod, timedelta(seconds=1)])
    def test_new_window_is_a_duration_or_a_period(
        self, window: timedelta | CalendarPeriod
    ) -> None:
        """The new window is a positive duration or a calendar period."""
        assert window == Policy(name="p", new_window=window).new_window

    @pytest.mark.parametrize("window", [timedelta(0), timedelta(days=-1), 30, "month", None])
    def test_refuses_bad_new_window(self, window: object) -> None:
        """A non-positive or non-duration new window is refused."""
        assert (
            f"'new_window' must be a positive timedelta or a CalendarPeriod (got {window!r})"
        ) == str(refusal(new_window=window))

    @pytest.mark.parametrize("field", ["activity_window", "long_term_span"])
    @pytest.mark.parametrize(
        "window", [timedelta(0), timedelta(microseconds=-1), 90, CalendarPeriod.MONTH]
    )
    def test_refuses_non_positive_duration(self, field: str, window: object) -> None:
        """Activity window and long-term span must be positive durations."""
        error = refusal(**{field: window})

        assert f"{field!r} must be a positive timedelta (got {window!r})" == str(error)
        assert field == error.field

    def test_refuses_non_positive_churn_window(self) -> None:
        """A non-positive churn window is refused as such, before any comparison."""
        assert "'churn_window' must be a positive timedelta (got datetime.timedelta(0))" == (
            str(refusal(churn_window=timedelta(0)))
        )

    def test_refuses_calendar_churn_window(self) -> None:
        """The churn window is a duration, never a calendar period."""
        assert (
            "'churn_window' must be a positive timedelta (got <CalendarPeriod.YEAR: 'year'>)"
        ) == str(refusal(churn_window=CalendarPeriod.YEAR))

    @pytest.mark.parametrize("churn", [DAYS_90, DAYS_30])
    def test_churn_window_must_outlast_activity_window(self, churn: timedelta) -> None:
        """A churn window not longer than the activity window is refused."""
        error = refusal(churn_window=churn)

        assert (
            "'churn_window' must be longer than 'activity_window' "
            f"(datetime.timedelta(days=90)) (got {churn!r})"
        ) == str(error)
        assert ("churn_window", churn) == (error.field, error.got)

    def test_churn_window_compared_with_given_activity_window(self) -> None:
        """The churn window is compared with the activity window given with it."""
        policy = Policy(
            name="p", activity_window=timedelta(days=7), churn_window=timedelta(days=8)
        )

        assert (timedelta(days=7), timedelta(days=8)) == (
            policy.activity_window,
            policy.churn_window,
        )


class TestLongTermCount:
    """How many purchases (or periods) make repeat business long-term."""

    def test_accepts_two(self) -> None:
        """Two is the smallest count that can be long-term."""
        assert 2 == Policy(name="p", long_term_count=2).long_term_count

    @pytest.mark.parametrize("count", [1, 0, -3, True, False, 3.0, "3", None])
    def test_refuses_below_two_bool_and_non_int(self, count: object) -> None:
        """A count below 2, a bool, or anything not an int is refused."""
        error = refusal(long_term_count=count)

        assert f"'long_term_count' must be an int of at least 2 (got {count!r})" == (str(error))
        assert count is error.got


class TestValueRule:
    """How the value tier is decided: a revenue share or a threshold."""

    @pytest.mark.parametrize("share", ["1", "0.8", "0.0001"])
    def test_share_accepts_above_zero_up_to_one(self, share: str) -> None:
        """A share above 0 and at most 1 is accepted."""
        assert Decimal(share) == RevenueShare(Decimal(share)).share

    @pytest.mark.parametrize(
        "share",
        [
            Decimal(0),
            Decimal("-0.5"),
            Decimal("1.01"),
            Decimal("NaN"),
            Decimal("Infinity"),
            0.8,
            1,
            "0.8",
        ],
    )
    def test_share_refuses_outside_range_and_non_decimal(self, share: object) -> None:
        """A share outside (0, 1], not finite, or not a Decimal is refused."""
        with pytest.raises(InvalidValueError) as info:
            RevenueShare(share)  # type: ignore[arg-type]

        assert f"'share' must be a Decimal above 0 and at most 1 (got {share!r})" == str(
            info.value
        )

    def test_threshold_holds_money(self) -> None:
        """A threshold keeps its minimum, currency included."""
        minimum = Money(Decimal("1000"), "EUR")

        assert minimum == ValueThreshold(minimum).minimum

    def test_threshold_refuses_bare_amount(self) -> None:
        """A threshold without a currency is refused."""
        with pytest.raises(InvalidValueError) as info:
            ValueThreshold(Decimal("1000"))  # type: ignore[arg-type]

        assert "'minimum' must be a Money (got Decimal('1000'))" == str(info.value)

    @pytest.mark.parametrize(
        "rule",
        [RevenueShare(Decimal("0.5")), ValueThreshold(Money(Decimal("10"), "USD"))],
    )
    def test_accepts_either_rule(self, rule: RevenueShare | ValueThreshold) -> None:
        """A policy's value rule is a revenue share or a threshold."""
        assert rule == Policy(name="p", value_rule=rule).value_rule

    @pytest.mark.parametrize("rule", [Decimal("0.8"), Money(Decimal("10"), "EUR"), None])
    def test_refuses_other_value_rule(self, rule: object) -> None:
        """Anything but a RevenueShare or a ValueThreshold is refused."""
        assert (f"'value_rule' must be a RevenueShare or a ValueThreshold (got {rule!r})") == str(
            refusal(value_rule=rule)
        )


class TestEnumFields:
    """The conventions picked from an enum."""

    @pytest.mark.parametrize(
        ("field", "enum_name", "wrong"),
        [
            ("repeat_counting", "RepeatCounting", "periods"),
            ("repeat_period", "CalendarPeriod", "month"),
            ("account_period", "CalendarPeriod", timedelta(days=30)),
            ("client_rule", "ClientRule", VisitRule.CUSTOMER),
            ("visit_rule", "VisitRule", ClientRule.ENGAGEMENT),
            ("unknown_payer", "Assumption", "buyer"),
            ("unknown_users", "Assumption", None),
        ],
    )
    def test_refuses_anything_but_a_member(
        self, field: str, enum_name: str, wrong: object
    ) -> None:
        """Each enum field refuses strings, other enums' members and None."""
        error = refusal(**{field: wrong})

        assert f"{field!r} must be a {enum_name} member (got {wrong!r})" == str(error)
        assert (field, wrong) == (error.field, error.got)

    def test_stable_values(self) -> None:
        """Every policy enum has the stable string values JSON uses."""
        assert (
            ["buyer", "unknown"],
            ["relationship", "engagement"],
            ["visitor", "customer"],
            ["purchases", "periods"],
        ) == (
            [m.value for m in Assumption],
            [m.value for m in ClientRule],
            [m.value for m in VisitRule],
            [m.value for m in RepeatCounting],
        )


class TestErrors:
    """What a refusal carries."""

    def test_refusal_is_a_value_error(self) -> None:
        """Refusals are ValueErrors too, for callers who do not know clientele."""
        assert isinstance(refusal(long_term_count=1), ValueError)


class TestImmutability:
    """Policies and value rules are frozen values."""

    @pytest.mark.parametrize(
        ("value", "field"),
        [
            (DEFAULT, "name"),
            (DEFAULT, "churn_window"),
            (RevenueShare(Decimal("0.8")), "share"),
            (ValueThreshold(Money(Decimal("1"), "EUR")), "minimum"),
        ],
    )
    def test_cannot_be_changed(self, value: object, field: str) -> None:
        """Setting a field raises FrozenInstanceError."""
        with pytest.raises(FrozenInstanceError):
            setattr(value, field, None)

    def test_equal_and_hashed_by_value(self) -> None:
        """Two policies with the same values are equal and hash alike."""
        one = Policy(name="p", long_term_count=4)
        two = Policy(name="p", long_term_count=4)

        assert (one, hash(one)) == (two, hash(two))
        assert 1 == len({one, two})

    def test_name_is_part_of_the_value(self) -> None:
        """Policies that differ only in name are different policies."""
        assert Policy(name="a") != Policy(name="b")


class TestEvolve:
    """Deriving a policy from a preset with attrs.evolve."""

    def test_changes_what_is_given_and_keeps_the_rest(self) -> None:
        """An evolved policy has the changes, and the preset's other values."""
        strict = attrs.evolve(DEFAULT, name="strict", churn_window=timedelta(days=180))

        assert ("strict", timedelta(days=180), DEFAULT.activity_window) == (
            strict.name,
            strict.churn_window,
            strict.activity_window,
        )
        assert attrs.evolve(strict, name="default", churn_window=DAYS_365) == DEFAULT

    def test_leaves_the_preset_unchanged(self) -> None:
        """Evolving a preset never changes the preset."""
        attrs.evolve(DEFAULT, name="strict", long_term_count=5)

        assert (3, "default") == (DEFAULT.long_term_count, DEFAULT.name)

    def test_validates_the_result(self) -> None:
        """An evolved policy is validated like a new one."""
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(DEFAULT, churn_window=DAYS_30)

        assert (
            "'churn_window' must be longer than 'activity_window' "
            "(datetime.timedelta(days=90)) (got datetime.timedelta(days=30))"
        ) == str(info.value)

    @given(policies())
    def test_generated_policies_are_valid(self, policy: Policy) -> None:
        """Every generated policy passes validation when rebuilt."""
        assert policy == attrs.evolve(policy)
