"""Judging a whole customer base, and a party's history, from a ledger."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from enum import Enum
from typing import Final, TypeAlias, final

import attrs

from ._errors import InvalidValueError
from ._facts import Fact, Refund
from ._judgement import (
    AccountView,
    Environment,
    Judgement,
    Reason,
    Stage,
    Standing,
    Tenure,
    ValueTier,
)
from ._ledger import Ledger
from ._money import Money
from ._parties import Party, PartyId
from ._periods import local_date
from ._policy import DEFAULT, Policy
from ._rules import TierCutoff, check_as_of, judge_summary, tier_cutoff
from ._summary import (
    LedgerSummary,
    PartySummary,
    building,
    recorded_at,
    summarize,
    summarize_ledger,
)
from ._time import instant_of

__all__ = [
    "Population",
    "Transition",
    "judge",
    "judge_all",
    "judge_summaries",
    "timeline",
]


@final
@attrs.frozen(kw_only=True)
class Population:
    """Every party of one seller, judged as of one instant under one policy.

    >>> from datetime import UTC, datetime
    >>> judge_all(Ledger(), "s-1", as_of=datetime(2024, 1, 1, tzinfo=UTC)).judgements
    ()

    ``unattributed_sales`` counts sales no party can carry: anonymous ones,
    and those whose payer was neither recorded nor assumed.

    .. versionadded:: 0.1.0
    """

    seller: PartyId
    as_of: datetime
    policy: str
    #: One judgement per party, sorted by party id.
    judgements: tuple[Judgement, ...]
    unattributed_sales: int
    unattributed_revenue: Money | None

    def __iter__(self) -> Iterator[Judgement]:
        return iter(self.judgements)

    def __len__(self) -> int:
        return len(self.judgements)

    def get(self, party: PartyId) -> Judgement | None:
        """Return the judgement of *party*, or ``None`` if it has none here."""
        for judgement in self.judgements:
            if judgement.party == party:
                return judgement
        return None

    def counts(self, field: str) -> dict[Enum, int]:
        """Count parties by the value of *field* (``"standing"``, ``"stage"``, …).

        Every value of the field's enum is present, zeros included, in
        declaration order. Raises :class:`~clientele.InvalidValueError` for
        any other field.
        """
        values = _FIELD_TYPES.get(field)
        if values is None:
            raise InvalidValueError("field", f"one of {sorted(_FIELD_TYPES)}", field)
        found = Counter(getattr(j, field) for j in self.judgements)
        return {value: found[value] for value in values}

    @property
    def revenue(self) -> Money | None:
        """Net revenue from identified parties (``None``: nobody paid)."""
        amounts = [j.revenue for j in self.judgements if j.revenue is not None]
        if not amounts:
            return None
        total = amounts[0]
        for amount in amounts[1:]:
            total = total + amount
        return total

    def concentration(self) -> Decimal | None:
        """Return the share of revenue (0 to 1) made by the high-value tier.

        ``None`` when there is no positive revenue to share.
        """
        revenue = self.revenue
        if revenue is None or revenue.amount <= 0:
            return None
        high = sum(
            (
                j.revenue.amount
                for j in self.judgements
                if j.revenue is not None and j.tier is ValueTier.HIGH
            ),
            Decimal(0),
        )
        return high / revenue.amount


_FIELD_TYPES: Final[dict[str, type[Enum]]] = {
    "standing": Standing,
    "tenure": Tenure,
    "environment": Environment,
    "stage": Stage,
    "tier": ValueTier,
    "account": AccountView,
}


def _kinds(ledger: Ledger) -> dict[PartyId, Party]:
    return {party.id: party for party in ledger.parties}


def judge_summaries(
    summary: LedgerSummary,
    seller: PartyId,
    *,
    as_of: datetime,
    policy: Policy = DEFAULT,
    parties: Mapping[PartyId, Party] | None = None,
) -> Population:
    """Judge every party of *seller* from summaries already folded.

    This is the step after :func:`~clientele.summarize` on a stream or a
    cluster: the summaries must have been folded with the same *policy* and
    a cutoff of *as_of* (or none, if no fact comes after *as_of*).
    *parties* describes parties (a :class:`~clientele.Person` can be a
    consumer).
    """
    check_as_of(as_of)
    kinds = parties or {}
    mine = summary.for_seller(seller)
    cutoff = tier_cutoff(mine, policy)
    with building():  # a million judgements hold no cycles: no need to collect
        judgements = tuple(
            judge_summary(
                seller,
                party,
                mine[party],
                as_of=as_of,
                policy=policy,
                kind=kinds.get(party),
                cutoff=cutoff,
            )
            for party in sorted(mine)
        )
    tally = summary.unattributed.get(seller, PartySummary())
    return Population(
        seller=seller,
        as_of=as_of,
        policy=policy.name,
        judgements=judgements,
        unattributed_sales=tally.paid,
        unattributed_revenue=None if tally.currency is None else Money(tally.net, tally.currency),
    )


def judge_all(
    ledger: Ledger, seller: PartyId, *, as_of: datetime, policy: Policy = DEFAULT
) -> Population:
    """Judge every party that *seller*'s facts name, as of *as_of*.

    Facts recorded after *as_of* are ignored, so judging the past is
    judging the ledger as it stood then.
    """
    check_as_of(as_of)
    summary = summarize_ledger(ledger, cutoff=as_of, policy=policy)
    return judge_summaries(summary, seller, as_of=as_of, policy=policy, parties=_kinds(ledger))


def judge(
    ledger: Ledger,
    seller: PartyId,
    party: PartyId,
    *,
    as_of: datetime,
    policy: Policy = DEFAULT,
) -> Judgement:
    """Judge who *party* is to *seller* as of *as_of*, with the reasons.

    >>> from datetime import UTC, date, datetime
    >>> from decimal import Decimal
    >>> from clientele import Ledger, Money, Purchase
    >>> ledger = Ledger.of(Purchase(id="f-1", seller="s-cafe", at=date(2024, 3, 1),
    ...                             amount=Money(Decimal("3.20"), "EUR"), buyer="p-ana"))
    >>> verdict = judge(ledger, "s-cafe", "p-ana", as_of=datetime(2024, 3, 2, tzinfo=UTC))
    >>> verdict.standing, verdict.tenure, verdict.stage
    (<Standing.CUSTOMER: 'customer'>, <Tenure.ONE_TIME: 'one_time'>, <Stage.NEW: 'new'>)
    >>> verdict.reason("standing").facts
    ('f-1',)

    A party no fact of the seller names gets standing ``NONE``. The value
    tier compares the party with the seller's whole base, so this judges
    everyone; use :func:`judge_all` to keep the other judgements.
    """
    population = judge_all(ledger, seller, as_of=as_of, policy=policy)
    found = population.get(party)
    if found is not None:
        return found
    return judge_summary(
        seller,
        party,
        PartySummary(),
        as_of=as_of,
        policy=policy,
        kind=ledger.party(party),
        cutoff=TierCutoff(None, Decimal(0), None),
    )


#: A field value a transition moves between.
FieldValue: TypeAlias = Standing | Tenure | Environment | Stage | AccountView

_TRACKED: Final = ("standing", "tenure", "environment", "stage", "account")


@final
@attrs.frozen(kw_only=True)
class Transition:
    """A change in one field of a party's judgement, when it happened and why.

    .. versionadded:: 0.1.0
    """

    at: datetime
    #: ``standing``, ``tenure``, ``environment``, ``stage`` or ``account``.
    field: str
    before: FieldValue
    after: FieldValue
    #: The reason for the new value.
    reason: Reason


def timeline(
    ledger: Ledger,
    seller: PartyId,
    party: PartyId,
    *,
    until: datetime,
    policy: Policy = DEFAULT,
) -> tuple[Transition, ...]:
    """Return every change in *party*'s standing, tenure, environment, stage and account.

    >>> from datetime import UTC, date, datetime
    >>> from decimal import Decimal
    >>> from clientele import Ledger, Money, Purchase
    >>> ledger = Ledger.of(Purchase(id="f-1", seller="s-cafe", at=date(2024, 3, 1),
    ...                             amount=Money(Decimal("3.20"), "EUR"), buyer="p-ana"))
    >>> for t in timeline(ledger, "s-cafe", "p-ana", until=datetime(2025, 6, 1, tzinfo=UTC)):
    ...     print(t.at.date(), t.field, t.before.value, "->", t.after.value)
    2024-03-01 standing none -> customer
    2024-03-01 tenure none -> one_time
    2024-03-01 stage prospect -> new
    2024-03-01 account none -> new_business
    2024-03-31 stage new -> active
    2024-05-30 stage active -> inactive
    2025-03-01 stage inactive -> churned

    The value tier is left out: it depends on the other parties too.
    Changes are found at every fact's instant and wherever a policy window
    runs out, up to *until*.
    """
    check_as_of(until, "until")
    facts = ledger.facts_of_party(party)
    refunds = _refunds_of(ledger, facts)
    kinds = ledger.party(party)
    flat = TierCutoff(None, Decimal(0), None)

    def at(instant: datetime) -> Judgement:
        summary = summarize(
            facts, cutoff=instant, policy=policy, offerings=ledger.offerings, refunds=refunds
        ).parties.get((seller, party), PartySummary())
        return judge_summary(
            seller, party, summary, as_of=instant, policy=policy, kind=kinds, cutoff=flat
        )

    instants = sorted(i for i in _candidates([*facts, *refunds], policy) if i <= until)
    if not instants:
        return ()
    before = judge_summary(
        seller, party, PartySummary(), as_of=instants[0], policy=policy, kind=kinds, cutoff=flat
    )
    changes: list[Transition] = []
    for instant in instants:
        now = at(instant)
        for field in _TRACKED:
            old, new = getattr(before, field), getattr(now, field)
            if old is not new:
                changes.append(
                    Transition(
                        at=instant, field=field, before=old, after=new, reason=now.reason(field)
                    )
                )
        before = now
    return tuple(changes)


def _refunds_of(ledger: Ledger, facts: tuple[Fact, ...]) -> list[Refund]:
    ids = {fact.id for fact in facts}
    return [r for r in ledger.refunds if r.purchase in ids]


def _candidates(facts: list[Fact], policy: Policy) -> set[datetime]:
    events: set[datetime] = set()
    for fact in facts:
        events.add(instant_of(recorded_at(fact)))
        for name in ("start", "end"):
            when = getattr(fact, name, None)
            if when is not None:
                events.add(instant_of(when))
    windows: set[datetime] = set()
    for event in events:
        windows.add(event + policy.activity_window)
        windows.add(event + policy.churn_window)
        windows.add(_new_window_end(event, policy))
    return events | windows


def _new_window_end(start: datetime, policy: Policy) -> datetime:
    window = policy.new_window
    if isinstance(window, timedelta):
        return start + window
    period = window.index(local_date(start))
    first_day = window.start(period + 1)
    return datetime.combine(first_day, time(), start.tzinfo or UTC)
