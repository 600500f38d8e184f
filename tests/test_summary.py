"""Summaries are a monoid: the fold behind streaming and distributed runs (rule 9)."""

from __future__ import annotations

import itertools
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientele import (
    PRESETS,
    InvalidValueError,
    Ledger,
    LedgerSummary,
    PartySummary,
    Policy,
    judge_all,
    judge_summaries,
    summarize,
    summarize_ledger,
)
from clientele.testing.strategies import SELLER_IDS, instants_near, ledgers

POLICIES = st.sampled_from(sorted(PRESETS.values(), key=lambda p: p.name))


@st.composite
def splits(draw: st.DrawFn) -> tuple[Ledger, list[list[int]]]:
    """Draw a ledger and a split of its facts into up to four parts, in any order."""
    ledger = draw(ledgers())
    order = draw(st.permutations(range(len(ledger.facts))))
    cuts = sorted(draw(st.lists(st.integers(0, len(order)), max_size=3)))
    bounds = [0, *cuts, len(order)]
    return ledger, [list(order[a:b]) for a, b in itertools.pairwise(bounds)]


def fold_parts(
    ledger: Ledger, parts: list[list[int]], policy: Policy, cutoff: datetime | None
) -> LedgerSummary:
    """Summarise each part separately, with the ledger's look-ups, then merge."""
    facts = ledger.facts
    merged = LedgerSummary(cutoff=cutoff)
    for part in parts:
        merged = merged.merge(
            summarize(
                [facts[i] for i in part],
                cutoff=cutoff,
                policy=policy,
                offerings=ledger.offerings,
                refunds=ledger.refunds,
            )
        )
    return merged


class TestPartySummary:
    """The per-party summary is a commutative monoid."""

    def test_empty_is_the_identity(self) -> None:
        """Merging with the empty summary changes nothing."""
        summary = summarize_ledger(Ledger()).parties
        assert summary == {}
        assert PartySummary() == PartySummary().merge(PartySummary())

    @given(ledgers())
    def test_merge_is_associative_and_commutative(self, ledger: Ledger) -> None:
        """Any three summaries merge to the same value in any grouping and order."""
        values = list(summarize_ledger(ledger).parties.values())[:3]
        while len(values) < 3:
            values.append(PartySummary())
        a, b, c = values
        assert a.merge(b).merge(c) == a.merge(b.merge(c))
        assert a.merge(b) == b.merge(a)
        assert a == a.merge(PartySummary()) == PartySummary().merge(a)


class TestSplitAndMerge:
    """Rule 9: summarising parts of a ledger and merging equals summarising it whole."""

    @given(splits(), POLICIES)
    def test_parts_merge_to_the_whole(
        self, split: tuple[Ledger, list[list[int]]], policy: Policy
    ) -> None:
        """Every split, in every order, merges to the summary of the whole ledger."""
        ledger, parts = split
        assert summarize_ledger(ledger, policy=policy) == fold_parts(ledger, parts, policy, None)

    @given(splits(), POLICIES, st.data())
    def test_judgements_from_merged_parts_equal_the_whole(
        self, split: tuple[Ledger, list[list[int]]], policy: Policy, data: st.DataObject
    ) -> None:
        """Every judgement field comes out the same from merged parts."""
        ledger, parts = split
        as_of = data.draw(instants_near(ledger))
        merged = fold_parts(ledger, parts, policy, as_of)
        kinds = {p.id: p for p in ledger.parties}
        for seller in SELLER_IDS:
            expected = judge_all(ledger, seller, as_of=as_of, policy=policy)
            actual = judge_summaries(merged, seller, as_of=as_of, policy=policy, parties=kinds)
            assert expected == actual

    def test_parts_with_different_cutoffs_do_not_merge(self) -> None:
        """Summaries cut off at different instants refuse to merge."""
        from datetime import UTC

        later = LedgerSummary(cutoff=datetime(2024, 1, 1, tzinfo=UTC))
        with pytest.raises(InvalidValueError) as caught:
            LedgerSummary().merge(later)

        assert str(caught.value) == (
            "'cutoff' must be the same cutoff as this summary (None) "
            "(got datetime.datetime(2024, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))"
        )


class TestFoldEdges:
    """What the fold refuses, and the look-ups on a summary."""

    def test_role_finds_the_first_fact_showing_it(self) -> None:
        """``PartySummary.role`` gives the first witness of a role, or None."""
        from datetime import UTC, date
        from decimal import Decimal

        from clientele import Money, Purchase, Role, Witness

        sale = Purchase(
            id="f-1", seller="s", at=date(2024, 1, 2), buyer="ana", amount=Money(Decimal(1), "EUR")
        )
        summary = summarize([sale]).parties[("s", "ana")]

        assert Witness(datetime(2024, 1, 2, tzinfo=UTC), "f-1") == summary.role(Role.PAYER)
        assert None is summary.role(Role.USER)

    def test_a_refund_must_be_passed_in_refunds(self) -> None:
        """A refund met among the facts but not given in ``refunds`` is refused."""
        from datetime import date
        from decimal import Decimal

        from clientele import Money, Refund

        refund = Refund(
            id="rf-1",
            seller="s",
            purchase="f-1",
            at=date(2024, 1, 3),
            amount=Money(Decimal(1), "EUR"),
        )
        with pytest.raises(InvalidValueError) as caught:
            summarize([refund])

        assert str(caught.value).startswith(
            "'refunds' must be to include refund 'rf-1', met among the facts (got None)"
        )

    def test_a_refund_in_another_currency_is_refused(self) -> None:
        """Folding a refund in a currency other than its purchase's raises."""
        from datetime import date
        from decimal import Decimal

        from clientele import CurrencyMismatchError, Money, Purchase, Refund

        sale = Purchase(
            id="f-1", seller="s", at=date(2024, 1, 2), buyer="ana", amount=Money(Decimal(5), "EUR")
        )
        refund = Refund(
            id="rf-1",
            seller="s",
            purchase="f-1",
            at=date(2024, 1, 3),
            amount=Money(Decimal(1), "USD"),
        )
        with pytest.raises(CurrencyMismatchError):
            summarize([sale], refunds=[refund])

    def test_summaries_in_two_currencies_do_not_merge(self) -> None:
        """Merging a party's EUR summary with a USD one raises."""
        from decimal import Decimal

        from clientele import CurrencyMismatchError

        euros = PartySummary(currency="EUR", gross=Decimal(1))
        dollars = PartySummary(currency="USD", gross=Decimal(1))
        with pytest.raises(CurrencyMismatchError):
            euros.merge(dollars)
