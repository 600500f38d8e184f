from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clientele import (
    ACCOUNT_MANAGEMENT,
    ANONYMOUS,
    DEFAULT,
    AccountView,
    Assumption,
    Contract,
    CurrencyMismatchError,
    Environment,
    InvalidValueError,
    Judgement,
    Ledger,
    Money,
    Person,
    Policy,
    Population,
    Purchase,
    Purpose,
    Refund,
    RevenueShare,
    Role,
    Rule,
    Stage,
    Standing,
    Tenure,
    Transition,
    ValueThreshold,
    ValueTier,
    Visit,
    judge,
    judge_all,
    judge_summaries,
    summarize_ledger,
    timeline,
)
from clientele.testing.strategies import (
    PARTY_IDS,
    SELLER_IDS,
    instants,
    ledgers,
    policies,
)

AS_OF = datetime(2024, 6, 30, tzinfo=UTC)
NAIVE = datetime(2024, 6, 30)
NAIVE_MESSAGE = (
    "{field!r} must be a timezone-aware datetime (got {got!r}); judgements are made "
    "as of an instant, e.g. datetime(2024, 6, 30, tzinfo=UTC)"
)

#: What a party's judgement starts from, before any fact.
EMPTY: dict[str, Enum] = {
    "standing": Standing.NONE,
    "tenure": Tenure.NONE,
    "environment": Environment.NON_CONTRACT,
    "stage": Stage.PROSPECT,
    "account": AccountView.NONE,
}

#: A transition as compared in these tests: the detail text is left out.
Step = tuple[datetime, str, str, str, Rule, tuple[str, ...]]


def eur(amount: str) -> Money:
    """Return *amount* euros."""
    return Money(Decimal(amount), "EUR")


def utc(year: int, month: int, day: int) -> datetime:
    """Return midnight UTC on the given day."""
    return datetime(year, month, day, tzinfo=UTC)


def sale(fact: str, buyer: Any, amount: str = "10", **changes: Any) -> Purchase:
    """Return a purchase by *buyer* from ``s-1`` on 2024-06-01, with *changes*."""
    fields: dict[str, Any] = {
        "id": fact,
        "seller": "s-1",
        "at": date(2024, 6, 1),
        "amount": eur(amount),
        "buyer": buyer,
    }
    return Purchase(**(fields | changes))


def spenders(*amounts: str) -> Ledger:
    """Return a ledger where ``p-0``, ``p-1``… each paid one of *amounts*."""
    return Ledger.of(*(sale(f"f-{n}", f"p-{n}", amount) for n, amount in enumerate(amounts)))


def tiers(population: Population) -> dict[str, ValueTier]:
    """Return the value tier of every party of *population*."""
    return {j.party: j.tier for j in population}


def steps(transitions: tuple[Transition, ...]) -> list[Step]:
    """Return *transitions* as comparable tuples, without the detail text."""
    return [
        (t.at, t.field, t.before.value, t.after.value, t.reason.rule, t.reason.facts)
        for t in transitions
    ]


def mixed() -> Ledger:
    """Return a small base with one party in each interesting position.

    ``p-a`` is under contract without paying; ``p-b`` paid in January and June,
    the second time for a gift ``p-g`` uses; ``p-c`` paid once, long ago;
    ``p-v`` only visited. Another seller and an anonymous walk-in add noise.
    """
    return Ledger.of(
        Contract(
            id="c-1",
            seller="s-1",
            counterparty="p-a",
            signed=date(2023, 12, 15),
            start=date(2024, 1, 1),
        ),
        sale("f-1", "p-b", at=date(2024, 1, 10)),
        sale("f-2", "p-b", users=("p-g",), purpose=Purpose.GIFT),
        sale("f-3", "p-c", "100", at=date(2023, 1, 1)),
        sale("f-4", ANONYMOUS, "5"),
        Visit(id="v-1", seller="s-1", party="p-v", at=date(2024, 6, 2)),
        sale("f-5", "p-z", "1000", seller="s-2"),
    )


class TestPopulation:
    """A seller's judged base as a collection."""

    def test_one_judgement_per_party_sorted_by_id(self) -> None:
        """Every party the seller's facts name is judged once, in party-id order."""
        population = judge_all(mixed(), "s-1", as_of=AS_OF)

        assert ["p-a", "p-b", "p-c", "p-g", "p-v"] == [j.party for j in population]

    def test_len_and_iter(self) -> None:
        """len() counts the judgements and iteration yields them in order."""
        population = judge_all(mixed(), "s-1", as_of=AS_OF)

        assert (5, list(population.judgements)) == (len(population), list(population))

    def test_get_finds_a_party(self) -> None:
        """get() returns the judgement of a party of this seller."""
        population = judge_all(mixed(), "s-1", as_of=AS_OF)
        found = population.get("p-c")

        assert found is not None
        assert ("p-c", Stage.CHURNED) == (found.party, found.stage)

    @pytest.mark.parametrize("party", ["p-z", "p-nobody"])
    def test_get_returns_none_for_other_parties(self, party: str) -> None:
        """get() returns None for parties only other sellers know, or nobody."""
        assert judge_all(mixed(), "s-1", as_of=AS_OF).get(party) is None

    def test_says_who_when_and_how(self) -> None:
        """A population names its seller, instant and policy."""
        population = judge_all(mixed(), "s-1", as_of=AS_OF, policy=ACCOUNT_MANAGEMENT)

        assert ("s-1", AS_OF, "account_management") == (
            population.seller,
            population.as_of,
            population.policy,
        )
        assert {"account_management"} == {j.policy for j in population}

    def test_empty_ledger(self) -> None:
        """An empty ledger gives an empty population with nothing to sum."""
        population = judge_all(Ledger(), "s-1", as_of=AS_OF)

        assert ((), 0, None, None, 0, None) == (
            population.judgements,
            len(population),
            population.revenue,
            population.concentration(),
            population.unattributed_sales,
            population.unattributed_revenue,
        )

    def test_unknown_seller(self) -> None:
        """A seller with no facts has nobody to judge."""
        assert 0 == len(judge_all(mixed(), "s-unknown", as_of=AS_OF))

    def test_ignores_facts_after_as_of(self) -> None:
        """Judging as of an earlier instant sees the ledger as it stood then."""
        population = judge_all(mixed(), "s-1", as_of=utc(2024, 1, 5))

        assert ["p-a", "p-c"] == [j.party for j in population]


class TestCounts:
    """Counting a population by the value of one field."""

    @pytest.mark.parametrize(
        ("field", "expected"),
        [
            (
                "standing",
                {
                    Standing.NONE: 1,
                    Standing.VISITOR: 1,
                    Standing.CUSTOMER: 2,
                    Standing.CLIENT: 1,
                },
            ),
            (
                "tenure",
                {
                    Tenure.NONE: 3,
                    Tenure.ONE_TIME: 1,
                    Tenure.REPEAT: 1,
                    Tenure.LONG_TERM: 0,
                },
            ),
            ("environment", {Environment.CONTRACT: 1, Environment.NON_CONTRACT: 4}),
            (
                "stage",
                {
                    Stage.PROSPECT: 2,
                    Stage.NEW: 0,
                    Stage.ACTIVE: 2,
                    Stage.INACTIVE: 0,
                    Stage.CHURNED: 1,
                },
            ),
            ("tier", {ValueTier.HIGH: 1, ValueTier.LOW: 4}),
            (
                "account",
                {
                    AccountView.NONE: 3,
                    AccountView.NEW_BUSINESS: 1,
                    AccountView.ACCOUNT: 1,
                },
            ),
        ],
    )
    def test_counts_every_value(self, field: str, expected: dict[Enum, int]) -> None:
        """Every value of the field is counted, zeros included, in declaration order."""
        counts = judge_all(mixed(), "s-1", as_of=AS_OF).counts(field)

        assert expected == counts
        assert list(expected) == list(counts)

    @pytest.mark.parametrize("field", [*EMPTY, "tier"])
    def test_empty_population_counts_zeros(self, field: str) -> None:
        """An empty population still lists every value, each with zero."""
        counts = judge_all(Ledger(), "s-1", as_of=AS_OF).counts(field)

        assert {0} == set(counts.values())
        assert len(type(next(iter(counts)))) == len(counts)

    @pytest.mark.parametrize("field", ["roles", "revenue", "Standing", "mood"])
    def test_refuses_other_fields(self, field: str) -> None:
        """Only enum fields can be counted; others are refused, listing those."""
        population = judge_all(mixed(), "s-1", as_of=AS_OF)

        with pytest.raises(InvalidValueError) as info:
            population.counts(field)

        assert (
            "'field' must be one of ['account', 'environment', 'stage', 'standing', "
            f"'tenure', 'tier'] (got {field!r})"
        ) == str(info.value)


class TestRevenue:
    """Net revenue from the identified parties."""

    def test_sums_identified_parties(self) -> None:
        """Revenue adds what identified parties paid, not anonymous sales."""
        assert eur("120") == judge_all(mixed(), "s-1", as_of=AS_OF).revenue

    def test_net_of_refunds(self) -> None:
        """Refunds are taken off the revenue of the party that paid."""
        ledger = mixed().with_records(
            Refund(id="rf-1", seller="s-1", purchase="f-3", at=date(2023, 2, 1), amount=eur("40"))
        )
        population = judge_all(ledger, "s-1", as_of=AS_OF)
        payer = population.get("p-c")

        assert payer is not None
        assert (eur("80"), eur("60")) == (population.revenue, payer.revenue)

    def test_none_when_nobody_paid(self) -> None:
        """Without a paying party there is no revenue, not zero revenue."""
        ledger = Ledger.of(Visit(id="v-1", seller="s-1", party="p-v", at=date(2024, 6, 2)))

        assert judge_all(ledger, "s-1", as_of=AS_OF).revenue is None


class TestConcentration:
    """The share of revenue the high-value tier makes."""

    def test_none_without_revenue(self) -> None:
        """Without revenue there is no share to compute."""
        ledger = Ledger.of(Visit(id="v-1", seller="s-1", party="p-v", at=date(2024, 6, 2)))

        assert judge_all(ledger, "s-1", as_of=AS_OF).concentration() is None

    def test_none_when_everything_was_refunded(self) -> None:
        """Revenue refunded in full leaves nothing to share, and nobody high value."""
        ledger = spenders("40").with_records(
            Refund(id="rf-1", seller="s-1", purchase="f-0", at=date(2024, 6, 2), amount=eur("40"))
        )
        population = judge_all(ledger, "s-1", as_of=AS_OF)

        assert (eur("0"), None) == (population.revenue, population.concentration())
        assert {"p-0": ValueTier.LOW} == tiers(population)

    def test_top_parties_make_eighty_percent(self) -> None:
        """The biggest spenders are taken until their revenue reaches 80%."""
        population = judge_all(spenders("40", "25", "15", "10", "10"), "s-1", as_of=AS_OF)

        assert {
            "p-0": ValueTier.HIGH,
            "p-1": ValueTier.HIGH,
            "p-2": ValueTier.HIGH,
            "p-3": ValueTier.LOW,
            "p-4": ValueTier.LOW,
        } == tiers(population)
        assert Decimal("0.8") == population.concentration()

    def test_tied_parties_at_the_boundary_are_both_high(self) -> None:
        """A party spending as much as the last one taken is high value too."""
        population = judge_all(spenders("60", "20", "20"), "s-1", as_of=AS_OF)

        assert {
            "p-0": ValueTier.HIGH,
            "p-1": ValueTier.HIGH,
            "p-2": ValueTier.HIGH,
        } == tiers(population)
        assert Decimal(1) == population.concentration()

    def test_ties_do_not_lift_smaller_spenders(self) -> None:
        """Below the tied boundary spenders, parties stay low value."""
        population = judge_all(spenders("60", "20", "20", "10"), "s-1", as_of=AS_OF)

        assert [ValueTier.HIGH, ValueTier.HIGH, ValueTier.HIGH, ValueTier.LOW] == [
            j.tier for j in population
        ]
        assert Decimal(100) / Decimal(110) == population.concentration()

    def test_reasons_name_the_share(self) -> None:
        """Tier reasons say which share rule placed the party, and on which facts."""
        population = judge_all(spenders("40", "25", "15", "10", "10"), "s-1", as_of=AS_OF)
        high, low = population.judgements[0], population.judgements[4]

        assert (Rule.TOP_SHARE, ("f-0",), Rule.BELOW_SHARE, ("f-4",)) == (
            high.reason("tier").rule,
            high.reason("tier").facts,
            low.reason("tier").rule,
            low.reason("tier").facts,
        )

    def test_whole_revenue_share_makes_every_payer_high(self) -> None:
        """With a share of 1, every party that paid is high value."""
        policy = attrs.evolve(DEFAULT, name="all", value_rule=RevenueShare(Decimal(1)))
        population = judge_all(spenders("40", "1", "0.01"), "s-1", as_of=AS_OF, policy=policy)

        assert {ValueTier.HIGH} == {j.tier for j in population}

    def test_visitor_is_low_value(self) -> None:
        """A party that never paid is low value under a revenue share."""
        population = judge_all(mixed(), "s-1", as_of=AS_OF)
        visitor = population.get("p-v")

        assert visitor is not None
        assert (ValueTier.LOW, Rule.BELOW_SHARE) == (
            visitor.tier,
            visitor.reason("tier").rule,
        )

    def test_mixed_currencies_cannot_be_ranked(self) -> None:
        """Parties paying one seller in two currencies cannot be ranked together."""
        ledger = Ledger.of(
            sale("f-1", "p-a"),
            attrs.evolve(sale("f-2", "p-b"), amount=Money(Decimal("10"), "USD")),
        )

        with pytest.raises(CurrencyMismatchError) as info:
            judge_all(ledger, "s-1", as_of=AS_OF)

        assert (
            "cannot add amounts in different currencies (EUR and USD); convert one of them first"
        ) == str(info.value)


class TestValueThreshold:
    """High value by an absolute threshold."""

    POLICY = attrs.evolve(DEFAULT, name="threshold", value_rule=ValueThreshold(eur("50")))

    def ledger(self) -> Ledger:
        """Return parties paying exactly 50, just under, and 100 refunded to 40."""
        return Ledger.of(
            sale("f-1", "p-at", "50"),
            sale("f-2", "p-under", "49.99"),
            sale("f-3", "p-refunded", "100"),
            Refund(id="rf-1", seller="s-1", purchase="f-3", at=date(2024, 6, 3), amount=eur("60")),
            Visit(id="v-1", seller="s-1", party="p-visitor", at=date(2024, 6, 2)),
        )

    def test_reaching_the_threshold_is_high(self) -> None:
        """Net revenue at or above the threshold is high; below it, or none, is low."""
        population = judge_all(self.ledger(), "s-1", as_of=AS_OF, policy=self.POLICY)

        assert {
            "p-at": (ValueTier.HIGH, Rule.ABOVE_THRESHOLD),
            "p-refunded": (ValueTier.LOW, Rule.BELOW_THRESHOLD),
            "p-under": (ValueTier.LOW, Rule.BELOW_THRESHOLD),
            "p-visitor": (ValueTier.LOW, Rule.BELOW_THRESHOLD),
        } == {j.party: (j.tier, j.reason("tier").rule) for j in population}

    def test_concentration(self) -> None:
        """Concentration is the high tier's share of the identified revenue."""
        population = judge_all(self.ledger(), "s-1", as_of=AS_OF, policy=self.POLICY)

        assert Decimal(50) / Decimal("139.99") == population.concentration()

    def test_currency_mismatch(self) -> None:
        """A threshold in another currency than the revenue is refused."""
        policy = attrs.evolve(
            DEFAULT, name="dollars", value_rule=ValueThreshold(Money(Decimal(50), "USD"))
        )

        with pytest.raises(CurrencyMismatchError) as info:
            judge_all(self.ledger(), "s-1", as_of=AS_OF, policy=policy)

        assert (
            "cannot compare amounts in different currencies (EUR and USD); "
            "convert one of them first"
        ) == str(info.value)

    def test_currency_unused_when_nobody_paid(self) -> None:
        """Parties that never paid are low value in any threshold currency."""
        policy = attrs.evolve(
            DEFAULT, name="dollars", value_rule=ValueThreshold(Money(Decimal(50), "USD"))
        )
        ledger = Ledger.of(Visit(id="v-1", seller="s-1", party="p-v", at=date(2024, 6, 2)))

        assert {"p-v": ValueTier.LOW} == tiers(
            judge_all(ledger, "s-1", as_of=AS_OF, policy=policy)
        )


class TestUnattributed:
    """Sales no identified party can carry."""

    def test_anonymous_sales_and_refunds(self) -> None:
        """Anonymous sales are counted, their refunds taken off, and nobody judged."""
        ledger = Ledger.of(
            sale("f-1", ANONYMOUS, "5"),
            sale("f-2", ANONYMOUS, "7"),
            Refund(id="rf-1", seller="s-1", purchase="f-2", at=date(2024, 6, 2), amount=eur("2")),
        )
        population = judge_all(ledger, "s-1", as_of=AS_OF)

        assert ((), 2, eur("10"), None) == (
            population.judgements,
            population.unattributed_sales,
            population.unattributed_revenue,
            population.revenue,
        )

    def test_unrecorded_payer_left_unknown(self) -> None:
        """A sale whose payer is unrecorded and not assumed is unattributed."""
        policy = attrs.evolve(DEFAULT, name="unknown", unknown_payer=Assumption.UNKNOWN)
        population = judge_all(spenders("10"), "s-1", as_of=AS_OF, policy=policy)
        buyer = population.get("p-0")

        assert buyer is not None
        assert (1, eur("10"), None) == (
            population.unattributed_sales,
            population.unattributed_revenue,
            population.revenue,
        )
        assert (Standing.VISITOR, Tenure.NONE, None) == (
            buyer.standing,
            buyer.tenure,
            buyer.revenue,
        )

    def test_per_seller(self) -> None:
        """Anonymous sales count for their own seller only."""
        ledger = Ledger.of(sale("f-1", ANONYMOUS, "5", seller="s-2"))

        assert (0, None) == (
            judge_all(ledger, "s-1", as_of=AS_OF).unattributed_sales,
            judge_all(ledger, "s-1", as_of=AS_OF).unattributed_revenue,
        )
        assert (1, eur("5")) == (
            judge_all(ledger, "s-2", as_of=AS_OF).unattributed_sales,
            judge_all(ledger, "s-2", as_of=AS_OF).unattributed_revenue,
        )

    def test_mixed_base(self) -> None:
        """In a mixed base, only the anonymous walk-in is unattributed."""
        population = judge_all(mixed(), "s-1", as_of=AS_OF)

        assert (1, eur("5")) == (
            population.unattributed_sales,
            population.unattributed_revenue,
        )


class TestJudge:
    """Judging one party."""

    @pytest.mark.parametrize("party", ["p-nobody", "p-z"])
    def test_party_no_fact_names(self, party: str) -> None:
        """A party no fact of the seller names has standing NONE, rule UNKNOWN."""
        judgement = judge(mixed(), "s-1", party, as_of=AS_OF)

        assert (
            Standing.NONE,
            Tenure.NONE,
            Environment.NON_CONTRACT,
            Stage.PROSPECT,
            ValueTier.LOW,
            AccountView.NONE,
            frozenset(),
            None,
        ) == (
            judgement.standing,
            judgement.tenure,
            judgement.environment,
            judgement.stage,
            judgement.tier,
            judgement.account,
            judgement.roles,
            judgement.revenue,
        )
        assert (Rule.UNKNOWN, ()) == (
            judgement.reason("standing").rule,
            judgement.reason("standing").facts,
        )
        assert [()] * 6 == [reason.facts for reason in judgement.reasons]

    def test_described_party_no_fact_names(self) -> None:
        """Describing a party in the ledger does not make it known to a seller."""
        ledger = Ledger.of(Person(id="p-ana"))

        assert Rule.UNKNOWN == judge(ledger, "s-1", "p-ana", as_of=AS_OF).reason("standing").rule

    def test_unknown_party_under_threshold(self) -> None:
        """A party no fact names is below any threshold."""
        policy = attrs.evolve(DEFAULT, name="t", value_rule=ValueThreshold(eur("1")))
        judgement = judge(mixed(), "s-1", "p-nobody", as_of=AS_OF, policy=policy)

        assert (ValueTier.LOW, Rule.BELOW_THRESHOLD) == (
            judgement.tier,
            judgement.reason("tier").rule,
        )

    @pytest.mark.parametrize("party", ["p-a", "p-b", "p-c", "p-g", "p-v"])
    def test_same_as_in_the_population(self, party: str) -> None:
        """Judging one party gives its judgement from the whole population."""
        assert judge_all(mixed(), "s-1", as_of=AS_OF).get(party) == judge(
            mixed(), "s-1", party, as_of=AS_OF
        )

    def test_tier_compares_with_the_whole_base(self) -> None:
        """One party's tier depends on the seller's other parties."""
        alone = judge(spenders("10"), "s-1", "p-0", as_of=AS_OF)
        among = judge(spenders("10", "90"), "s-1", "p-0", as_of=AS_OF)

        assert (ValueTier.HIGH, ValueTier.LOW) == (alone.tier, among.tier)


class TestAsOf:
    """The instant a judgement is made as of."""

    @pytest.mark.parametrize("as_of", [NAIVE, date(2024, 6, 30), "2024-06-30"])
    def test_judge_all_refuses_non_instant(self, as_of: Any) -> None:
        """Judging a base refuses anything but an aware datetime, showing the fix."""
        with pytest.raises(InvalidValueError) as info:
            judge_all(mixed(), "s-1", as_of=as_of)

        assert NAIVE_MESSAGE.format(field="as_of", got=as_of) == str(info.value)

    def test_judge_refuses_naive(self) -> None:
        """Judging one party refuses a naive as_of, showing the fix."""
        with pytest.raises(InvalidValueError) as info:
            judge(mixed(), "s-1", "p-a", as_of=NAIVE)

        assert NAIVE_MESSAGE.format(field="as_of", got=NAIVE) == str(info.value)

    def test_judge_summaries_refuses_naive(self) -> None:
        """Judging summaries refuses a naive as_of, showing the fix."""
        with pytest.raises(InvalidValueError) as info:
            judge_summaries(summarize_ledger(mixed()), "s-1", as_of=NAIVE)

        assert NAIVE_MESSAGE.format(field="as_of", got=NAIVE) == str(info.value)

    def test_timeline_refuses_naive_until(self) -> None:
        """A timeline refuses a naive until, naming that parameter."""
        with pytest.raises(InvalidValueError) as info:
            timeline(mixed(), "s-1", "p-a", until=NAIVE)

        assert NAIVE_MESSAGE.format(field="until", got=NAIVE) == str(info.value)
        assert "until" == info.value.field


class TestJudgeSummaries:
    """Judging from summaries folded elsewhere."""

    def test_same_as_judge_all(self) -> None:
        """Summaries folded with the same cutoff and policy give the same population."""
        ledger = mixed()
        summary = summarize_ledger(ledger, cutoff=AS_OF)
        parties = {party.id: party for party in ledger.parties}

        assert judge_all(ledger, "s-1", as_of=AS_OF) == judge_summaries(
            summary, "s-1", as_of=AS_OF, parties=parties
        )

    def test_parties_tell_who_is_a_person(self) -> None:
        """Only a party described as a person can be a consumer."""
        ledger = Ledger.of(
            Person(id="p-g"), sale("f-1", "p-b", users=("p-g",), purpose=Purpose.GIFT)
        )
        summary = summarize_ledger(ledger, cutoff=AS_OF)
        described = judge_summaries(
            summary, "s-1", as_of=AS_OF, parties={"p-g": Person(id="p-g")}
        ).get("p-g")
        undescribed = judge_summaries(summary, "s-1", as_of=AS_OF).get("p-g")

        assert described is not None
        assert undescribed is not None
        assert (frozenset({Role.USER, Role.CONSUMER}), frozenset({Role.USER})) == (
            described.roles,
            undescribed.roles,
        )

    @given(
        ledgers(max_facts=10),
        st.sampled_from(SELLER_IDS),
        instants(),
        policies(currency="EUR"),
    )
    def test_same_as_judge_all_for_any_ledger(
        self, ledger: Ledger, seller: str, as_of: datetime, policy: Policy
    ) -> None:
        """For any ledger, judging its summaries equals judging the ledger."""
        summary = summarize_ledger(ledger, cutoff=as_of, policy=policy)
        parties = {party.id: party for party in ledger.parties}

        assert judge_all(ledger, seller, as_of=as_of, policy=policy) == judge_summaries(
            summary, seller, as_of=as_of, policy=policy, parties=parties
        )


class TestTimeline:
    """Every change in one party's judgement, when and why."""

    def test_one_coffee(self) -> None:
        """A single purchase: customer at once, then active, inactive and lost."""
        ledger = Ledger.of(
            Purchase(
                id="f-1",
                seller="s-cafe",
                at=date(2024, 3, 1),
                amount=eur("3.20"),
                buyer="p-ana",
            )
        )

        assert [
            (utc(2024, 3, 1), "standing", "none", "customer", Rule.PAID, ("f-1",)),
            (utc(2024, 3, 1), "tenure", "none", "one_time", Rule.PAID_ONCE, ("f-1",)),
            (utc(2024, 3, 1), "stage", "prospect", "new", Rule.FIRST_ENGAGED, ("f-1",)),
            (
                utc(2024, 3, 1),
                "account",
                "none",
                "new_business",
                Rule.FIRST_PERIOD,
                ("f-1",),
            ),
            (utc(2024, 3, 31), "stage", "new", "active", Rule.RECENT_ACTIVITY, ("f-1",)),
            (utc(2024, 5, 30), "stage", "active", "inactive", Rule.QUIET, ("f-1",)),
            (utc(2025, 3, 1), "stage", "inactive", "churned", Rule.LAPSED, ("f-1",)),
        ] == steps(timeline(ledger, "s-cafe", "p-ana", until=utc(2025, 6, 1)))

    def test_contract_client(self) -> None:
        """A contract signed, started and ended moves standing, environment, stage."""
        ledger = Ledger.of(
            Contract(
                id="c-1",
                seller="s-1",
                counterparty="o-1",
                signed=date(2024, 1, 10),
                start=date(2024, 2, 1),
                end=date(2025, 2, 1),
            )
        )

        assert [
            (utc(2024, 1, 10), "standing", "none", "visitor", Rule.INTERACTED, ("c-1",)),
            (
                utc(2024, 2, 1),
                "standing",
                "visitor",
                "client",
                Rule.CONTRACT_CLIENT,
                ("c-1",),
            ),
            (
                utc(2024, 2, 1),
                "environment",
                "non_contract",
                "contract",
                Rule.CONTRACT_ACTIVE,
                ("c-1",),
            ),
            (utc(2024, 2, 1), "stage", "prospect", "new", Rule.FIRST_ENGAGED, ("c-1",)),
            (utc(2024, 3, 2), "stage", "new", "active", Rule.RECENT_ACTIVITY, ("c-1",)),
            (
                utc(2025, 2, 1),
                "standing",
                "client",
                "visitor",
                Rule.INTERACTED,
                ("c-1",),
            ),
            (
                utc(2025, 2, 1),
                "environment",
                "contract",
                "non_contract",
                Rule.NO_CONTRACT,
                ("c-1",),
            ),
            (utc(2025, 5, 2), "stage", "active", "inactive", Rule.QUIET, ("c-1",)),
            (utc(2026, 2, 1), "stage", "inactive", "churned", Rule.LAPSED, ("c-1",)),
        ] == steps(timeline(ledger, "s-1", "o-1", until=utc(2026, 6, 1)))

    def test_account_in_the_later_month(self) -> None:
        """Under account management, buying again in a later month makes an account."""
        ledger = Ledger.of(
            sale("f-1", "o-acme", "100", at=date(2024, 3, 10)),
            sale("f-2", "o-acme", "100", at=date(2024, 4, 5)),
        )

        assert [
            (utc(2024, 3, 10), "standing", "none", "customer", Rule.PAID, ("f-1",)),
            (utc(2024, 3, 10), "tenure", "none", "one_time", Rule.PAID_ONCE, ("f-1",)),
            (utc(2024, 3, 10), "stage", "prospect", "new", Rule.FIRST_ENGAGED, ("f-1",)),
            (
                utc(2024, 3, 10),
                "account",
                "none",
                "new_business",
                Rule.FIRST_PERIOD,
                ("f-1",),
            ),
            (utc(2024, 4, 1), "stage", "new", "active", Rule.RECENT_ACTIVITY, ("f-1",)),
            (
                utc(2024, 4, 5),
                "tenure",
                "one_time",
                "repeat",
                Rule.PAID_AGAIN,
                ("f-1", "f-2"),
            ),
            (
                utc(2024, 4, 5),
                "account",
                "new_business",
                "account",
                Rule.LATER_PERIOD,
                ("f-1", "f-2"),
            ),
            (utc(2024, 7, 4), "stage", "active", "inactive", Rule.QUIET, ("f-2",)),
            (utc(2025, 4, 5), "stage", "inactive", "churned", Rule.LAPSED, ("f-2",)),
        ] == steps(
            timeline(ledger, "s-1", "o-acme", until=utc(2026, 1, 1), policy=ACCOUNT_MANAGEMENT)
        )

    def test_same_month_is_not_an_account(self) -> None:
        """Buying twice in the first month is repeat business, not yet an account."""
        ledger = Ledger.of(
            sale("f-1", "o-acme", at=date(2024, 3, 10)),
            sale("f-2", "o-acme", at=date(2024, 3, 20)),
        )
        changes = timeline(
            ledger, "s-1", "o-acme", until=utc(2024, 3, 31), policy=ACCOUNT_MANAGEMENT
        )

        assert [("account", "none", "new_business")] == [
            (t.field, t.before.value, t.after.value) for t in changes if t.field == "account"
        ]

    def test_until_before_any_fact(self) -> None:
        """Nothing changes before the party's first fact."""
        assert () == timeline(mixed(), "s-1", "p-b", until=utc(2024, 1, 9))

    def test_until_cuts_the_timeline(self) -> None:
        """Changes after until are left out."""
        ledger = Ledger.of(sale("f-1", "p-ana", at=date(2024, 3, 1)))

        assert [utc(2024, 3, 1)] * 4 + [utc(2024, 3, 31)] == [
            t.at for t in timeline(ledger, "s-1", "p-ana", until=utc(2024, 3, 31))
        ]

    def test_party_without_facts(self) -> None:
        """A party no fact names has no timeline."""
        assert () == timeline(mixed(), "s-1", "p-nobody", until=utc(2030, 1, 1))

    def test_other_sellers_facts_change_nothing(self) -> None:
        """Facts about the party with another seller leave this timeline unchanged."""
        ledger = mixed()

        assert () == timeline(ledger, "s-2", "p-b", until=utc(2030, 1, 1))
        assert timeline(ledger, "s-1", "p-b", until=utc(2030, 1, 1)) == timeline(
            ledger.with_records(sale("f-9", "p-b", seller="s-2")),
            "s-1",
            "p-b",
            until=utc(2030, 1, 1),
        )

    @settings(deadline=None)  # a timeline judges the party at every change point
    @given(
        ledgers(max_facts=10),
        st.sampled_from(SELLER_IDS),
        st.sampled_from(PARTY_IDS),
        instants(),
        policies(currency="EUR"),
    )
    def test_agrees_with_judge(
        self, ledger: Ledger, seller: str, party: str, until: datetime, policy: Policy
    ) -> None:
        """Each change is what judge says at its instant; the last values hold at until."""
        changes = timeline(ledger, seller, party, until=until, policy=policy)
        times = [change.at for change in changes]
        values: dict[str, Enum] = dict(EMPTY)

        assert sorted(times) == times
        assert all(at <= until for at in times)
        for change in changes:
            judged = judge(ledger, seller, party, as_of=change.at, policy=policy)
            assert values[change.field] == change.before
            assert (change.after, change.reason) == (
                getattr(judged, change.field),
                judged.reason(change.field),
            )
            values[change.field] = change.after
        final = judge(ledger, seller, party, as_of=until, policy=policy)

        assert values == {field: getattr(final, field) for field in EMPTY}


class TestTransition:
    """A transition as a value."""

    def test_is_frozen(self) -> None:
        """A transition cannot be changed."""
        change = timeline(Ledger.of(sale("f-1", "p-ana")), "s-1", "p-ana", until=utc(2024, 6, 1))[
            0
        ]

        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            change.after = Standing.CLIENT  # type: ignore[misc]

    def test_moving_as_of_by_a_day_after_the_last_change_changes_nothing(self) -> None:
        """Between changes, judgements hold still."""
        ledger = Ledger.of(sale("f-1", "p-ana"))
        last = timeline(ledger, "s-1", "p-ana", until=utc(2030, 1, 1))[-1]
        at_change: Judgement = judge(ledger, "s-1", "p-ana", as_of=last.at)
        later = judge(ledger, "s-1", "p-ana", as_of=last.at + timedelta(days=400))

        assert [getattr(at_change, f) for f in EMPTY] == [getattr(later, f) for f in EMPTY]
