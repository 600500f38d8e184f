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
