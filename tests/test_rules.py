"""The rules of the design brief (§5), proven over generated ledgers.

Each test states one rule and checks it for every ledger Hypothesis
generates with the shared strategies, against an oracle computed straight
from the facts (not from the summaries the judgements use).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

from clientele import (
    ANONYMOUS,
    PRESETS,
    Contract,
    Environment,
    Fact,
    Ledger,
    Policy,
    Purchase,
    Referral,
    RepresentativeAssignment,
    Role,
    Stage,
    Standing,
    Tenure,
    Usage,
    Visit,
    deal_roles,
    instant_of,
    judge_all,
    judge_summaries,
    summarize,
)
from clientele._summary import recorded_at
from clientele.testing.strategies import SELLER_IDS, instants_near, ledgers, purchases

POLICIES = st.sampled_from(sorted(PRESETS.values(), key=lambda p: p.name))
SELLERS = st.sampled_from(SELLER_IDS)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Ledger, str, datetime]:
    """Draw a ledger, a seller, and an instant near the ledger's facts to judge as of."""
    ledger = draw(ledgers())
    return ledger, draw(SELLERS), draw(instants_near(ledger))


FIELDS = ("standing", "tenure", "environment", "stage", "tier", "account")
TENURE_ORDER = list(Tenure)
STAGE_ORDER = list(Stage)


def known(ledger: Ledger, as_of: datetime) -> list[Fact]:
    """Return the facts recorded at or before *as_of*."""
    return [f for f in ledger.facts if instant_of(recorded_at(f)) <= as_of]


def paid_by(ledger: Ledger, seller: str, party: str, as_of: datetime) -> list[Purchase]:
    """Return the purchases *party* paid *seller* for, recorded by *as_of* (oracle)."""
    return [
        f
        for f in known(ledger, as_of)
        if isinstance(f, Purchase) and f.seller == seller and deal_roles(f).payer == party
    ]


class TestOrderIndependence:
    """Rule 1: judgements do not depend on the order of facts."""

    @given(cases(), st.randoms(use_true_random=False), POLICIES)
    def test_shuffled_facts_give_the_same_judgements(
        self, case: tuple[Ledger, str, datetime], rnd: object, policy: Policy
    ) -> None:
        """Folding the facts in any order judges every party the same."""
        ledger, seller, as_of = case
        import random

        assert isinstance(rnd, random.Random)
        facts = list(ledger.facts)
        rnd.shuffle(facts)
        refolded = summarize(
            facts,
            cutoff=as_of,
            policy=policy,
            offerings=ledger.offerings,
            refunds=ledger.refunds,
        )
        kinds = {p.id: p for p in ledger.parties}

        expected = judge_all(ledger, seller, as_of=as_of, policy=policy)
        actual = judge_summaries(
            refolded,
            seller,
            as_of=as_of,
            policy=policy,
            parties=kinds,
        )
        assert expected == actual

    @given(cases(), st.randoms(use_true_random=False))
    def test_shuffled_records_give_the_same_ledger(
        self, case: tuple[Ledger, str, datetime], rnd: object
    ) -> None:
        """A ledger built from records in any order is the same ledger."""
        ledger, seller, as_of = case
        import random

        assert isinstance(rnd, random.Random)
        records = list(ledger.records())
        rnd.shuffle(records)
        assert judge_all(ledger, seller, as_of=as_of) == judge_all(
            Ledger.from_records(records), seller, as_of=as_of
        )


def relabelled(ledger: Ledger, seller: str) -> list[Fact]:
    """Return *ledger*'s facts moved to *seller*, with fresh ids, no offerings."""
    moved: list[Fact] = []
    for fact in ledger.facts:
        changes: dict[str, Any] = {"id": f"other-{fact.id}", "seller": seller}
        if isinstance(fact, Purchase):
            changes["offering"] = None
        elif hasattr(fact, "purchase"):
            changes["purchase"] = None if fact.purchase is None else f"other-{fact.purchase}"
        if hasattr(fact, "offering") and not isinstance(fact, Purchase):
            changes["offering"] = None
        moved.append(attrs.evolve(fact, **changes))
    return moved


class TestSellerIsolation:
    """Rule 2: one seller's facts never change another seller's judgements."""

    @given(cases(), ledgers(), POLICIES)
    def test_other_sellers_facts_change_nothing(
        self, case: tuple[Ledger, str, datetime], other: Ledger, policy: Policy
    ) -> None:
        """Adding a whole ledger of facts for another seller leaves these judgements alone."""
        ledger, seller, as_of = case
        combined = ledger.with_records(*relabelled(other, "s-elsewhere"))

        before = judge_all(ledger, seller, as_of=as_of, policy=policy)
        after = judge_all(combined, seller, as_of=as_of, policy=policy)
        assert before == after


def named_by(ledger: Ledger, seller: str, as_of: datetime) -> set[str]:
    """Return every identified party the seller's known facts name (oracle)."""
    from clientele import parties_in

    names: set[str] = set()
    for fact in known(ledger, as_of):
        if fact.seller == seller:
            names |= parties_in(fact)
    return names


class TestTotality:
    """Rule 3: every party gets exactly one standing, tenure and stage."""

    @given(cases(), POLICIES)
    def test_one_judgement_per_named_party(
        self, case: tuple[Ledger, str, datetime], policy: Policy
    ) -> None:
        """Every party the seller's facts name is judged once, with one value per field."""
        ledger, seller, as_of = case
        population = judge_all(ledger, seller, as_of=as_of, policy=policy)
        parties = [j.party for j in population]

        assert len(parties) == len(set(parties))
        assert named_by(ledger, seller, as_of) <= set(parties)
        for judgement in population:
            assert isinstance(judgement.standing, Standing)
            assert isinstance(judgement.tenure, Tenure)
            assert isinstance(judgement.stage, Stage)


class TestTenureFollowsPayments:
    """Rule 4: tenure counts paid purchases; a visitor paid nothing and holds no contract."""

    @given(cases())
    def test_tenure_matches_paid_purchases(self, case: tuple[Ledger, str, datetime]) -> None:
        """One-time iff exactly one paid purchase; none iff none paid."""
        ledger, seller, as_of = case
        for judgement in judge_all(ledger, seller, as_of=as_of):
            paid = len(paid_by(ledger, seller, judgement.party, as_of))
            assert (judgement.tenure is Tenure.ONE_TIME) == (paid == 1)
            assert (judgement.tenure is Tenure.NONE) == (paid == 0)

    @given(cases())
    def test_visitors_paid_nothing_and_hold_no_contract(
        self, case: tuple[Ledger, str, datetime]
    ) -> None:
        """A visitor has no paid purchase and no contract in force."""
        ledger, seller, as_of = case
        for judgement in judge_all(ledger, seller, as_of=as_of):
            if judgement.standing is Standing.VISITOR:
                assert paid_by(ledger, seller, judgement.party, as_of) == []
                assert judgement.environment == Environment.NON_CONTRACT


class TestIdentity:
    """Rule 5: clients are identified; anonymous parties are never followed."""

    @given(cases(), POLICIES)
    def test_only_identified_parties_are_judged(
        self, case: tuple[Ledger, str, datetime], policy: Policy
    ) -> None:
        """Every judged party, clients included, has an id; anonymity is never judged."""
        ledger, seller, as_of = case
        population = judge_all(ledger, seller, as_of=as_of, policy=policy)
        for judgement in population:
            assert isinstance(judgement.party, str)
            assert judgement.party != ANONYMOUS  # type: ignore[comparison-overlap]

    @given(cases())
    def test_anonymous_sales_are_counted_not_followed(
        self, case: tuple[Ledger, str, datetime]
    ) -> None:
        """Each sale paid anonymously is counted once, in the unattributed tally."""
        ledger, seller, as_of = case
        anonymous = [
            f
            for f in known(ledger, as_of)
            if isinstance(f, Purchase)
            and f.seller == seller
            and not isinstance(deal_roles(f).payer, str)
        ]
        population = judge_all(ledger, seller, as_of=as_of)
        assert len(anonymous) == population.unattributed_sales


def contract_in_force(ledger: Ledger, seller: str, party: str, as_of: datetime) -> bool:
    """Whether a contract recorded by *as_of* is in force at *as_of* (oracle)."""
    return any(
        isinstance(f, Contract)
        and f.seller == seller
        and f.counterparty == party
        and instant_of(f.start) <= as_of
        and (f.end is None or as_of < instant_of(f.end))
        for f in known(ledger, as_of)
    )


class TestContractEnvironment:
    """Rule 6: contract environment iff a contract is active at the instant asked."""

    @given(cases(), POLICIES)
    def test_environment_matches_contracts_in_force(
        self, case: tuple[Ledger, str, datetime], policy: Policy
    ) -> None:
        """The environment is CONTRACT exactly when a contract is in force."""
        ledger, seller, as_of = case
        for j in judge_all(ledger, seller, as_of=as_of, policy=policy):
            in_force = contract_in_force(ledger, seller, j.party, as_of)
            assert (j.environment is Environment.CONTRACT) == in_force


def appearances(ledger: Ledger, party: str, as_of: datetime) -> set[str]:
    """Return every part *party* plays in any known fact, for any seller (oracle)."""
    parts: set[str] = set()
    for fact in known(ledger, as_of):
        match fact:
            case Purchase():
                roles = deal_roles(fact)
                parts |= {"payer"} if roles.payer == party else set()
                parts |= {"buyer"} if roles.buyer == party else set()
                parts |= {"user"} if party in (roles.users or ()) else set()
                named = {fact.decision_maker, *fact.influencers}
                parts |= {"decision"} if party in named else set()
            case Usage():
                parts |= {"user"} if fact.party == party else set()
            case Visit():
                parts |= {"visitor"} if fact.party == party else set()
            case Contract():
                parts |= {"contract"} if fact.counterparty == party else set()
            case Referral():
                parts |= {"promoter"} if fact.promoter == party else set()
                parts |= {"referred"} if fact.referred == party else set()
            case RepresentativeAssignment():
                parts |= {"represented"} if fact.party == party else set()
    return parts


class TestUsersAndPayers:
    """Rule 7: users who only use are never customers; payers who only pay never users."""

    @given(cases())
    def test_only_using_never_makes_a_customer(self, case: tuple[Ledger, str, datetime]) -> None:
        """A party that only ever uses is never a customer or a payer (default policy)."""
        ledger, seller, as_of = case
        for j in judge_all(ledger, seller, as_of=as_of):
            if appearances(ledger, j.party, as_of) <= {"user"}:
                assert j.standing != Standing.CUSTOMER
                assert Role.PAYER not in j.roles

    @given(cases())
    def test_only_paying_never_makes_a_user(self, case: tuple[Ledger, str, datetime]) -> None:
        """A party that only ever pays is a paying party and never a user."""
        ledger, seller, as_of = case
        for j in judge_all(ledger, seller, as_of=as_of):
            if appearances(ledger, j.party, as_of) <= {"payer"}:
                assert Role.USER not in j.roles
                if paid_by(ledger, seller, j.party, as_of):
                    assert j.standing in {Standing.CUSTOMER, Standing.CLIENT}


def quiet_between(ledger: Ledger, start: datetime, end: datetime) -> bool:
    """Whether nothing is recorded, starts or ends in (start, end]."""
    for fact in ledger.facts:
        moments = [recorded_at(fact)]
        moments += [getattr(fact, n) for n in ("start", "end") if getattr(fact, n, None)]
        if any(start < instant_of(m) <= end for m in moments):
            return False
    return True


class TestMonotonicity:
    """Rule 8: time moves stages forward; purchases never lower tenure."""

    @given(cases(), st.integers(1, 2_000), POLICIES)
    def test_stage_only_moves_forward_without_new_facts(
        self, case: tuple[Ledger, str, datetime], days: int, policy: Policy
    ) -> None:
        """Moving 'as of' forward across a quiet stretch never moves a stage back."""
        ledger, seller, as_of = case
        later = as_of + timedelta(days=days)
        assume(quiet_between(ledger, as_of, later))
        before = judge_all(ledger, seller, as_of=as_of, policy=policy)
        after = judge_all(ledger, seller, as_of=later, policy=policy)
        for earlier in before:
            now = after.get(earlier.party)
            assert now is not None
            assert STAGE_ORDER.index(earlier.stage) <= STAGE_ORDER.index(now.stage)

    @given(cases(), purchases(currency="EUR"), POLICIES)
    def test_adding_a_purchase_never_lowers_tenure(
        self, case: tuple[Ledger, str, datetime], purchase: Purchase, policy: Policy
    ) -> None:
        """One more purchase leaves every tenure the same or higher."""
        ledger, _, as_of = case
        extra = attrs.evolve(purchase, id="f-extra", offering=None)
        grown = ledger.with_records(extra)
        before = judge_all(ledger, extra.seller, as_of=as_of, policy=policy)
        after = judge_all(grown, extra.seller, as_of=as_of, policy=policy)
        for earlier in before:
            now = after.get(earlier.party)
            assert now is not None
            assert TENURE_ORDER.index(earlier.tenure) <= TENURE_ORDER.index(now.tenure)


class TestReasons:
    """Rule 11: every judgement carries reasons, pointing at facts in the ledger."""

    @given(cases(), POLICIES)
    def test_every_field_has_a_reason_with_real_facts(
        self, case: tuple[Ledger, str, datetime], policy: Policy
    ) -> None:
        """Each field and role has exactly one reason, and its facts exist."""
        ledger, seller, as_of = case
        for j in judge_all(ledger, seller, as_of=as_of, policy=policy):
            fields = [r.field for r in j.reasons]
            expected = [*FIELDS, *(f"role.{r.value}" for r in Role if r in j.roles)]
            assert expected == fields
            for reason in j.reasons:
                for fact in reason.facts:
                    assert ledger.fact(fact) is not None
