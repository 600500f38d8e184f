"""Per-party summaries: the mergeable fold every judgement is computed from.

A :class:`PartySummary` holds what a judgement needs to know about one party
for one seller: counts, sums, first and last witnesses, contract and
representative spans. Summaries form a monoid: ``PartySummary()`` is the
empty summary, and :meth:`PartySummary.merge` is associative and commutative.
That is what lets the same judgement come out of one ledger in memory, a file
read in pieces, or a ledger split across the workers of a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any, Final, TypeVar, final

import attrs

from ._deal_roles import DealRole, deal_roles
from ._errors import CurrencyMismatchError, InvalidValueError
from ._facts import (
    Contract,
    Fact,
    FactId,
    Purchase,
    Purpose,
    Referral,
    Refund,
    RepresentativeAssignment,
    Usage,
    Visit,
)
from ._judgement import Role
from ._ledger import Ledger
from ._offerings import Offering, OfferingId
from ._parties import Anonymous, PartyId
from ._periods import CalendarPeriod, local_date
from ._policy import DEFAULT, Policy
from ._time import When, instant_of

__all__ = [
    "LedgerSummary",
    "PartySummary",
    "RoleSeen",
    "Span",
    "Witness",
    "recorded_at",
    "summarize",
    "summarize_ledger",
]

_ZERO: Final = Decimal(0)
_K = TypeVar("_K")
_PERSONAL: Final = frozenset({Purpose.OWN_USE, Purpose.GIFT})


def recorded_at(fact: Fact) -> When:
    """Return when *fact* entered the record: a contract when signed, others at ``at``.

    Facts recorded after the instant a judgement is made for are ignored.
    """
    return fact.signed if isinstance(fact, Contract) else fact.at


@final
@attrs.frozen(order=True)
class Witness:
    """A fact that shows something, and when: reasons point at these.

    Witnesses order by instant, then fact id, so "the first purchase" is the
    same whichever order the facts came in.

    .. versionadded:: 0.1.0
    """

    at: datetime
    fact: FactId


@final
@attrs.frozen(kw_only=True)
class Span:
    """A stretch of time a fact makes something hold: a contract, an assignment.

    .. versionadded:: 0.1.0
    """

    fact: FactId
    start: datetime
    #: ``None``: open-ended.
    end: datetime | None

    def active_at(self, instant: datetime) -> bool:
        """Whether the span holds at *instant* (from start, up to but excluding end)."""
        return self.start <= instant and (self.end is None or instant < self.end)


@final
@attrs.frozen
class RoleSeen:
    """A role a party played, and the first fact that shows it.

    .. versionadded:: 0.1.0
    """

    role: Role
    first: Witness


def _earliest(a: Witness | None, b: Witness | None) -> Witness | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


def _latest(a: Witness | None, b: Witness | None) -> Witness | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


@final
@attrs.frozen(kw_only=True)
class PartySummary:
    """What one seller's facts say about one party, folded for judging.

    >>> PartySummary().merge(PartySummary()) == PartySummary()
    True

    Build them with :func:`summarize`; combine summaries of parts of a ledger
    with :meth:`merge`. Amounts are kept as decimals in the summary's one
    ``currency``.

    .. versionadded:: 0.1.0
    """

    #: Paid purchases (the party was the payer).
    paid: int = 0
    first_paid: Witness | None = None
    last_paid: Witness | None = None
    #: The currency of every amount below; ``None`` until something is paid.
    currency: str | None = None
    #: The sum of paid purchases.
    gross: Decimal = _ZERO
    #: The sum of refunds of those purchases.
    refunded: Decimal = _ZERO
    #: The ordinal of the first day with a paid purchase (local dates).
    first_day: int = 0
    #: Bit *n* set: a paid purchase on day ``first_day + n``.
    day_bits: int = 0
    #: The paid amounts on the first day, in the first week, in the first month.
    first_day_total: Decimal = _ZERO
    first_week_total: Decimal = _ZERO
    first_month_total: Decimal = _ZERO
    contracts: tuple[Span, ...] = ()
    assignments: tuple[Span, ...] = ()
    #: The first fact in which the party itself dealt with the seller.
    interaction: Witness | None = None
    #: The first visit.
    visit: Witness | None = None
    #: The first fact naming the party at all.
    mention: Witness | None = None
    #: The first use of something bought for personal use.
    personal_use: Witness | None = None
    #: The first paid purchase whose payer was assumed, not recorded.
    assumed_payment: Witness | None = None
    roles: tuple[RoleSeen, ...] = ()

    def merge(self, other: PartySummary) -> PartySummary:
        """Return the summary of the facts of both summaries together."""
        if self.currency and other.currency and self.currency != other.currency:
            raise CurrencyMismatchError("add", self.currency, other.currency)
        return PartySummary(
            paid=self.paid + other.paid,
            first_paid=_earliest(self.first_paid, other.first_paid),
            last_paid=_latest(self.last_paid, other.last_paid),
            currency=self.currency or other.currency,
            gross=self.gross + other.gross,
            refunded=self.refunded + other.refunded,
            **_merge_days(self, other),
            contracts=_union(self.contracts, other.contracts),
            assignments=_union(self.assignments, other.assignments),
            interaction=_earliest(self.interaction, other.interaction),
            visit=_earliest(self.visit, other.visit),
            mention=_earliest(self.mention, other.mention),
            personal_use=_earliest(self.personal_use, other.personal_use),
            assumed_payment=_earliest(self.assumed_payment, other.assumed_payment),
            roles=_merge_roles(self.roles, other.roles),
        )

    @property
    def net(self) -> Decimal:
        """Paid minus refunded."""
        return self.gross - self.refunded

    def days(self) -> Iterator[int]:
        """Yield the ordinal of every day with a paid purchase, in order."""
        bits, offset = self.day_bits, 0
        while bits:
            if bits & 1:
                yield self.first_day + offset
            bits >>= 1
            offset += 1

    def role(self, role: Role) -> Witness | None:
        """Return the first fact showing *role*, or ``None`` if never played."""
        for seen in self.roles:
            if seen.role is role:
                return seen.first
        return None


def _union(a: tuple[Span, ...], b: tuple[Span, ...]) -> tuple[Span, ...]:
    if not b:
        return a
    if not a:
        return b
    return tuple(sorted({span.fact: span for span in (*a, *b)}.values(), key=_by_fact))


def _by_fact(span: Span) -> str:
    return span.fact


def _merge_roles(a: tuple[RoleSeen, ...], b: tuple[RoleSeen, ...]) -> tuple[RoleSeen, ...]:
    if not b:
        return a
    if not a:
        return b
    firsts: dict[Role, Witness] = {seen.role: seen.first for seen in a}
    for seen in b:
        known = firsts.get(seen.role)
        firsts[seen.role] = seen.first if known is None else min(known, seen.first)
    return tuple(RoleSeen(role, firsts[role]) for role in Role if role in firsts)


def _first_total(
    period: CalendarPeriod, a: PartySummary, a_total: Decimal, b: PartySummary, b_total: Decimal
) -> Decimal:
    a_first = period.index_of_ordinal(a.first_day)
    b_first = period.index_of_ordinal(b.first_day)
    if a_first == b_first:
        return a_total + b_total
    return a_total if a_first < b_first else b_total


def _merge_days(a: PartySummary, b: PartySummary) -> dict[str, Any]:
    if not b.day_bits:
        return _days_of(a)
    if not a.day_bits:
        return _days_of(b)
    first = min(a.first_day, b.first_day)
    return {
        "first_day": first,
        "day_bits": (a.day_bits << (a.first_day - first)) | (b.day_bits << (b.first_day - first)),
        "first_day_total": _first_total(
            CalendarPeriod.DAY, a, a.first_day_total, b, b.first_day_total
        ),
        "first_week_total": _first_total(
            CalendarPeriod.WEEK, a, a.first_week_total, b, b.first_week_total
        ),
        "first_month_total": _first_total(
            CalendarPeriod.MONTH, a, a.first_month_total, b, b.first_month_total
        ),
    }


def _days_of(s: PartySummary) -> dict[str, Any]:
    return {
        "first_day": s.first_day,
        "day_bits": s.day_bits,
        "first_day_total": s.first_day_total,
        "first_week_total": s.first_week_total,
        "first_month_total": s.first_month_total,
    }


#: A (seller, party) pair: the key summaries are kept under.
Key = tuple[PartyId, PartyId]


@final
@attrs.frozen(kw_only=True)
class LedgerSummary:
    """The summaries of every (seller, party) pair in a ledger, up to a cutoff.

    Anonymous sales, and sales whose payer is not recorded and not assumed,
    are counted per seller in ``unattributed`` (a summary of their own) since
    no party can carry them.

    .. versionadded:: 0.1.0
    """

    #: Facts recorded after this instant were left out; ``None``: none were.
    cutoff: datetime | None = None
    parties: Mapping[Key, PartySummary] = attrs.field(factory=dict)
    unattributed: Mapping[PartyId, PartySummary] = attrs.field(factory=dict)
    #: The latest instant of any fact folded in (``None`` for no facts).
    last_instant: datetime | None = None

    def merge(self, other: LedgerSummary) -> LedgerSummary:
        """Return the summary of both parts together (same cutoff required)."""
        if self.cutoff != other.cutoff:
            raise InvalidValueError(
                "cutoff", f"the same cutoff as this summary ({self.cutoff!r})", other.cutoff
            )
        last = [i for i in (self.last_instant, other.last_instant) if i is not None]
        return LedgerSummary(
            cutoff=self.cutoff,
            parties=_merge_maps(self.parties, other.parties),
            unattributed=_merge_maps(self.unattributed, other.unattributed),
            last_instant=max(last) if last else None,
        )

    def for_seller(self, seller: PartyId) -> dict[PartyId, PartySummary]:
        """Return the summaries of *seller*'s parties, by party id."""
        return {party: s for (owner, party), s in self.parties.items() if owner == seller}

    def sellers(self) -> frozenset[PartyId]:
        """Return every seller with at least one summarised party or sale."""
        return frozenset(seller for seller, _ in self.parties) | frozenset(self.unattributed)


def _merge_maps(
    a: Mapping[_K, PartySummary], b: Mapping[_K, PartySummary]
) -> dict[_K, PartySummary]:
    merged = dict(a)
    for key, summary in b.items():
        known = merged.get(key)
        merged[key] = summary if known is None else known.merge(summary)
    return merged


def summarize(
    facts: Iterable[Fact],
    *,
    cutoff: datetime | None = None,
    policy: Policy = DEFAULT,
    offerings: Iterable[Offering] = (),
    refunds: Iterable[Refund] = (),
) -> LedgerSummary:
    """Fold *facts* into per-(seller, party) summaries, one fact at a time.

    >>> from clientele import Ledger
    >>> summarize(Ledger().facts).parties
    {}

    *facts* is consumed once, as a stream: memory grows with the number of
    parties, not of facts. *offerings* lets a maker other than the seller see
    who uses its offerings. A refund is folded together with the purchase it
    refunds, so that the payer is known wherever that purchase is: pass every
    refund in *refunds*, including when *facts* is only part of a ledger
    (refunds are few, purchases many). A :class:`~clientele.Refund` met among
    *facts* must be one of *refunds*. Facts recorded after *cutoff* are left
    out. Use :func:`summarize_ledger` for a whole ledger in memory.
    """
    folder = _Folder(policy, offerings, refunds, cutoff)
    for fact in facts:
        folder.add(fact)
    return LedgerSummary(
        cutoff=cutoff,
        parties=folder.parties,
        unattributed=folder.unattributed,
        last_instant=folder.last_instant,
    )


def summarize_ledger(
    ledger: Ledger, *, cutoff: datetime | None = None, policy: Policy = DEFAULT
) -> LedgerSummary:
    """Fold every fact of *ledger* into per-(seller, party) summaries.

    >>> summarize_ledger(Ledger()).last_instant is None
    True
    """
    return summarize(
        ledger.facts,
        cutoff=cutoff,
        policy=policy,
        offerings=ledger.offerings,
        refunds=ledger.refunds,
    )


class _Folder:
    """Folds facts one at a time into a dict of summaries."""

    def __init__(
        self,
        policy: Policy,
        offerings: Iterable[Offering],
        refunds: Iterable[Refund],
        cutoff: datetime | None,
    ) -> None:
        self.policy = policy
        self.makers = {o.id: o.maker for o in offerings if o.maker is not None}
        self.cutoff = cutoff
        self.refunds: dict[FactId, list[Refund]] = {}
        self.refund_ids: set[FactId] = set()
        self.parties: dict[Key, PartySummary] = {}
        self.unattributed: dict[PartyId, PartySummary] = {}
        self.last_instant: datetime | None = None
        for refund in refunds:
            self.refund_ids.add(refund.id)
            if self._keeps(instant_of(refund.at)):
                self.refunds.setdefault(refund.purchase, []).append(refund)

    def _keeps(self, instant: datetime) -> bool:
        """Whether a fact at *instant* is within the cutoff (and note the latest one)."""
        if self.cutoff is not None and instant > self.cutoff:
            return False
        if self.last_instant is None or instant > self.last_instant:
            self.last_instant = instant
        return True

    def _put(self, seller: PartyId, party: PartyId | Anonymous | None, add: PartySummary) -> None:
        if not isinstance(party, str):
            return
        key = (seller, party)
        known = self.parties.get(key)
        self.parties[key] = add if known is None else known.merge(add)

    def add(self, fact: Fact) -> None:
        instant = instant_of(recorded_at(fact))
        if isinstance(fact, Refund):
            self._refund(fact)
            return
        if not self._keeps(instant):
            return
        seen = Witness(instant, fact.id)
        mention = PartySummary(mention=seen)
        match fact:
            case Purchase():
                self._purchase(fact, seen)
            case Contract():
                span = Span(
                    fact=fact.id,
                    start=instant_of(fact.start),
                    end=None if fact.end is None else instant_of(fact.end),
                )
                self._put(
                    fact.seller,
                    fact.counterparty,
                    PartySummary(contracts=(span,), mention=seen, interaction=seen),
                )
            case Visit():
                self._put(
                    fact.seller,
                    fact.party,
                    PartySummary(visit=seen, interaction=seen, mention=seen),
                )
            case Usage():
                use = PartySummary(
                    roles=(RoleSeen(Role.USER, seen),), interaction=seen, mention=seen
                )
                self._put(fact.seller, fact.party, use)
                maker = self.makers.get(fact.offering) if fact.offering else None
                if maker is not None and maker != fact.seller:
                    self._put(maker, fact.party, attrs.evolve(use, interaction=None))
            case Referral():
                self._put(
                    fact.seller,
                    fact.promoter,
                    PartySummary(
                        roles=(RoleSeen(Role.PROMOTER, seen),), interaction=seen, mention=seen
                    ),
                )
                self._put(fact.seller, fact.referred, mention)
            case RepresentativeAssignment():
                span = Span(
                    fact=fact.id,
                    start=instant,
                    end=None if fact.end is None else instant_of(fact.end),
                )
                self._put(fact.seller, fact.party, PartySummary(assignments=(span,), mention=seen))

    def _purchase(self, p: Purchase, seen: Witness) -> None:
        def roles(*played: Role) -> PartySummary:
            return PartySummary(roles=tuple(RoleSeen(r, seen) for r in played), mention=seen)

        parts = deal_roles(p, self.policy)
        payer = parts.payer
        paid = _paid(p, seen).merge(self._refunded(p))
        if DealRole.PAYER in parts.assumed:
            paid = attrs.evolve(paid, assumed_payment=seen)
        money_roles = [Role.PAYER]
        if p.purpose is Purpose.RESALE:
            money_roles.append(Role.INTERMEDIARY)
        elif p.purpose is not None:
            money_roles.append(Role.END_CUSTOMER)
        if isinstance(payer, str):
            self._put(p.seller, payer, paid.merge(roles(*money_roles)))
        else:
            tally = self.unattributed.get(p.seller)
            self.unattributed[p.seller] = paid if tally is None else tally.merge(paid)
        buyer_roles = [Role.BUYER]
        if p.purpose is Purpose.RESALE:
            buyer_roles.append(Role.INTERMEDIARY)
        self._put(p.seller, p.buyer, attrs.evolve(roles(*buyer_roles), interaction=seen))
        maker = self.makers.get(p.offering) if p.offering else None
        use = roles(Role.USER)
        if p.purpose in _PERSONAL:
            use = attrs.evolve(use, personal_use=seen)
        for user in parts.users or ():
            self._put(p.seller, user, use)
            if maker is not None and maker != p.seller:
                self._put(maker, user, use)
        self._put(p.seller, p.decision_maker, roles(Role.DECISION_MAKER))
        for influencer in p.influencers:
            self._put(p.seller, influencer, roles(Role.INFLUENCER))

    def _refund(self, refund: Refund) -> None:
        if refund.id not in self.refund_ids:
            raise InvalidValueError(
                "refunds",
                f"to include refund {refund.id!r}, met among the facts",
                None,
                "pass every refund in 'refunds' so it is folded with its purchase",
            )

    def _refunded(self, purchase: Purchase) -> PartySummary:
        back = PartySummary()
        for refund in self.refunds.get(purchase.id, ()):
            back = back.merge(
                PartySummary(currency=refund.amount.currency, refunded=refund.amount.amount)
            )
        return back


def _paid(p: Purchase, seen: Witness) -> PartySummary:
    amount = p.amount.amount
    return PartySummary(
        paid=1,
        first_paid=seen,
        last_paid=seen,
        currency=p.amount.currency,
        gross=amount,
        first_day=local_date(p.at).toordinal(),
        day_bits=1,
        first_day_total=amount,
        first_week_total=amount,
        first_month_total=amount,
    )
