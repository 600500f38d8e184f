"""Per-party summaries: the mergeable fold every judgement is computed from.

A :class:`PartySummary` holds what a judgement needs to know about one party
for one seller: counts, sums, first and last witnesses, contract and
representative spans. Summaries form a monoid: ``PartySummary()`` is the
empty summary, and :meth:`PartySummary.merge` is associative and commutative.
That is what lets the same judgement come out of one ledger in memory, a file
read in pieces, or a ledger split across the workers of a cluster.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any, Final, TypeVar, final

import attrs

from ._deal_roles import purpose_lets_buyer_use
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
from ._policy import DEFAULT, Assumption, Policy
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
    return folder.summary()


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


_W = tuple[datetime, FactId]
_ROLE_ORDER: Final = tuple((role.value, role) for role in Role)
_PAYER: Final = Role.PAYER.value
_BUYER: Final = Role.BUYER.value
_USER: Final = Role.USER.value
_INTERMEDIARY: Final = Role.INTERMEDIARY.value
_END_CUSTOMER: Final = Role.END_CUSTOMER.value
_DECISION_MAKER: Final = Role.DECISION_MAKER.value
_INFLUENCER: Final = Role.INFLUENCER.value


def _low(known: _W | None, seen: _W) -> _W:
    return seen if known is None or seen < known else known


class _Acc:
    """The mutable twin of :class:`PartySummary`, for folding many facts fast.

    Folding with immutable merges builds several objects per fact; this
    updates one in place and is frozen once, at the end. The property test
    "parts merge to the whole" checks the two against each other.
    """

    __slots__ = (
        "assignments",
        "assumed_payment",
        "contracts",
        "currency",
        "day_bits",
        "first_day",
        "first_day_total",
        "first_month_total",
        "first_paid",
        "first_week_total",
        "gross",
        "interaction",
        "last_paid",
        "mention",
        "paid",
        "personal_use",
        "refunded",
        "roles",
        "visit",
    )

    def __init__(self) -> None:
        self.paid = 0
        self.first_paid: _W | None = None
        self.last_paid: _W | None = None
        self.currency: str | None = None
        self.gross = _ZERO
        self.refunded = _ZERO
        self.first_day = 0
        self.day_bits = 0
        self.first_day_total = _ZERO
        self.first_week_total = _ZERO
        self.first_month_total = _ZERO
        self.contracts: dict[FactId, Span] = {}
        self.assignments: dict[FactId, Span] = {}
        self.interaction: _W | None = None
        self.visit: _W | None = None
        self.mention: _W | None = None
        self.personal_use: _W | None = None
        self.assumed_payment: _W | None = None
        self.roles: dict[str, _W] = {}

    def _money(self, currency: str) -> None:
        if self.currency is None:
            self.currency = currency
        elif currency != self.currency:
            raise CurrencyMismatchError("add", self.currency, currency)

    def pay(self, seen: _W, amount: Decimal, currency: str, day: int) -> None:
        self._money(currency)
        self.paid += 1
        self.gross += amount
        if self.first_paid is None or seen < self.first_paid:
            self.first_paid = seen
        if self.last_paid is None or seen > self.last_paid:
            self.last_paid = seen
        if not self.day_bits:
            self.first_day, self.day_bits = day, 1
            self.first_day_total = self.first_week_total = self.first_month_total = amount
            return
        first = self.first_day
        if day == first:
            self.first_day_total += amount
            self.first_week_total += amount
            self.first_month_total += amount
            return
        week, month = CalendarPeriod.WEEK, CalendarPeriod.MONTH
        new_week, old_week = week.index_of_ordinal(day), week.index_of_ordinal(first)
        new_month, old_month = month.index_of_ordinal(day), month.index_of_ordinal(first)
        if day < first:
            self.day_bits = (self.day_bits << (first - day)) | 1
            self.first_day = day
            self.first_day_total = amount
        else:
            self.day_bits |= 1 << (day - first)
        if new_week < old_week:
            self.first_week_total = amount
        elif new_week == old_week:
            self.first_week_total += amount
        if new_month < old_month:
            self.first_month_total = amount
        elif new_month == old_month:
            self.first_month_total += amount

    def refund(self, amount: Decimal, currency: str) -> None:
        self._money(currency)
        self.refunded += amount

    def role(self, role: str, seen: _W) -> None:
        """Note that the party played *role* (a :class:`Role` value) in *seen*."""
        known = self.roles.get(role)
        if known is None or seen < known:
            self.roles[role] = seen

    def freeze(self) -> PartySummary:
        def w(seen: _W | None) -> Witness | None:
            return None if seen is None else Witness(*seen)

        return PartySummary(
            paid=self.paid,
            first_paid=w(self.first_paid),
            last_paid=w(self.last_paid),
            currency=self.currency,
            gross=self.gross,
            refunded=self.refunded,
            first_day=self.first_day,
            day_bits=self.day_bits,
            first_day_total=self.first_day_total,
            first_week_total=self.first_week_total,
            first_month_total=self.first_month_total,
            contracts=tuple(self.contracts[k] for k in sorted(self.contracts)),
            assignments=tuple(self.assignments[k] for k in sorted(self.assignments)),
            interaction=w(self.interaction),
            visit=w(self.visit),
            mention=w(self.mention),
            personal_use=w(self.personal_use),
            assumed_payment=w(self.assumed_payment),
            roles=tuple(
                RoleSeen(role, Witness(*self.roles[value]))
                for value, role in _ROLE_ORDER
                if value in self.roles
            ),
        )


@contextmanager
def building() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that hold no cycles.

    Each collection would traverse every object built so far, again and
    again: building a million summaries would take twice as long.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


class _Folder:
    """Folds facts one at a time into per-(seller, party) accumulators."""

    def __init__(
        self,
        policy: Policy,
        offerings: Iterable[Offering],
        refunds: Iterable[Refund],
        cutoff: datetime | None,
    ) -> None:
        self.assume_payer = policy.unknown_payer is Assumption.BUYER
        self.assume_users = policy.unknown_users is Assumption.BUYER
        self.policy = policy
        self.makers = {o.id: o.maker for o in offerings if o.maker is not None}
        self.cutoff = cutoff
        self.refunds: dict[FactId, list[Refund]] = {}
        self.refund_ids: set[FactId] = set()
        self.accs: dict[Key, _Acc] = {}
        self.tallies: dict[PartyId, _Acc] = {}
        self.last_instant: datetime | None = None
        for refund in refunds:
            self.refund_ids.add(refund.id)
            if self.keeps(instant_of(refund.at)):
                self.refunds.setdefault(refund.purchase, []).append(refund)

    def summary(self) -> LedgerSummary:
        """Return everything folded so far, frozen."""
        with building():
            return LedgerSummary(
                cutoff=self.cutoff,
                parties={key: acc.freeze() for key, acc in self.accs.items()},
                unattributed={seller: acc.freeze() for seller, acc in self.tallies.items()},
                last_instant=self.last_instant,
            )

    def keeps(self, instant: datetime) -> bool:
        """Whether a fact at *instant* is within the cutoff (and note the latest one)."""
        if self.cutoff is not None and instant > self.cutoff:
            return False
        if self.last_instant is None or instant > self.last_instant:
            self.last_instant = instant
        return True

    def _acc(self, seller: PartyId, party: PartyId, seen: _W) -> _Acc:
        key = (seller, party)
        acc = self.accs.get(key)
        if acc is None:
            acc = self.accs[key] = _Acc()
        acc.mention = _low(acc.mention, seen)
        return acc

    def add(self, fact: Fact) -> None:
        if isinstance(fact, Refund):
            self._refund(fact)
            return
        instant = instant_of(recorded_at(fact))
        if not self.keeps(instant):
            return
        seen = (instant, fact.id)
        match fact:
            case Purchase():
                self._purchase(fact, seen)
            case Contract():
                acc = self._acc(fact.seller, fact.counterparty, seen)
                acc.contracts[fact.id] = Span(
                    fact=fact.id, start=instant_of(fact.start), end=_end(fact.end)
                )
                acc.interaction = _low(acc.interaction, seen)
            case Visit():
                if isinstance(fact.party, str):
                    acc = self._acc(fact.seller, fact.party, seen)
                    acc.visit = _low(acc.visit, seen)
                    acc.interaction = _low(acc.interaction, seen)
            case Usage():
                acc = self._acc(fact.seller, fact.party, seen)
                acc.role(Role.USER.value, seen)
                acc.interaction = _low(acc.interaction, seen)
                maker = self.makers.get(fact.offering) if fact.offering else None
                if maker is not None and maker != fact.seller:
                    self._acc(maker, fact.party, seen).role(Role.USER.value, seen)
            case Referral():
                acc = self._acc(fact.seller, fact.promoter, seen)
                acc.role(Role.PROMOTER.value, seen)
                acc.interaction = _low(acc.interaction, seen)
                if fact.referred is not None:
                    self._acc(fact.seller, fact.referred, seen)
            case RepresentativeAssignment():  # pragma: no branch - refunds return above
                acc = self._acc(fact.seller, fact.party, seen)
                acc.assignments[fact.id] = Span(fact=fact.id, start=instant, end=_end(fact.end))
                acc.interaction = _low(acc.interaction, seen)

    def _purchase(self, p: Purchase, seen: _W) -> None:
        self.sale(
            seen,
            p.seller,
            local_date(p.at).toordinal(),
            p.amount.amount,
            p.amount.currency,
            p.buyer,
            p.payer,
            p.users,
            purpose=p.purpose,
            decision_maker=p.decision_maker,
            influencers=p.influencers,
            offering=p.offering,
        )

    def sale(
        self,
        seen: _W,
        seller: PartyId,
        day: int,
        amount: Decimal,
        currency: str,
        buyer: PartyId | Anonymous,
        payer: PartyId | Anonymous | None,
        users: tuple[PartyId, ...] | None,
        *,
        purpose: Purpose | None = None,
        decision_maker: PartyId | None = None,
        influencers: tuple[PartyId, ...] = (),
        offering: OfferingId | None = None,
    ) -> None:
        """Fold one sale, recorded at *seen* on *day*, as :meth:`add` folds a purchase.

        The hot path of every fold: CSV rows come here directly, without
        building a :class:`Purchase` first (their cells are checked as
        strictly as a purchase's fields).
        """
        assumed = payer is None and self.assume_payer
        if assumed:
            payer = buyer
        # Refuse a second currency before changing anything: a refused sale
        # leaves no trace.
        known = (
            self.accs.get((seller, payer)) if isinstance(payer, str) else self.tallies.get(seller)
        )
        if known is not None and known.currency is not None and known.currency != currency:
            raise CurrencyMismatchError("add", known.currency, currency)
        if isinstance(payer, str):
            acc = self._acc(seller, payer, seen)
            acc.role(_PAYER, seen)
            if purpose is Purpose.RESALE:
                acc.role(_INTERMEDIARY, seen)
            elif purpose is not None:
                acc.role(_END_CUSTOMER, seen)
            if assumed:
                acc.assumed_payment = _low(acc.assumed_payment, seen)
        else:
            acc = self.tallies.get(seller) or self.tallies.setdefault(seller, _Acc())
        acc.pay(seen, amount, currency, day)
        if self.refunds:
            for refund in self.refunds.get(seen[1], ()):
                acc.refund(refund.amount.amount, refund.amount.currency)
        if isinstance(buyer, str):
            acc = self._acc(seller, buyer, seen)
            acc.role(_BUYER, seen)
            if purpose is Purpose.RESALE:
                acc.role(_INTERMEDIARY, seen)
            acc.interaction = _low(acc.interaction, seen)
            if users is None and self.assume_users and purpose_lets_buyer_use(purpose):
                users = (buyer,)
        maker = self.makers.get(offering) if offering is not None else None
        sellers = (seller,) if maker is None or maker == seller else (seller, maker)
        personal = purpose in _PERSONAL
        for user in users or ():
            for owner in sellers:
                acc = self._acc(owner, user, seen)
                acc.role(_USER, seen)
                if personal:
                    acc.personal_use = _low(acc.personal_use, seen)
        if decision_maker is not None:
            self._acc(seller, decision_maker, seen).role(_DECISION_MAKER, seen)
        for influencer in influencers:
            self._acc(seller, influencer, seen).role(_INFLUENCER, seen)

    def _refund(self, refund: Refund) -> None:
        if refund.id not in self.refund_ids:
            raise InvalidValueError(
                "refunds",
                f"to include refund {refund.id!r}, met among the facts",
                None,
                "pass every refund in 'refunds' so it is folded with its purchase",
            )


def _end(when: When | None) -> datetime | None:
    return None if when is None else instant_of(when)
