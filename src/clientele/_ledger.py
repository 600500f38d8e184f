"""The ledger: an immutable, order-free collection of recorded facts."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol, TypeAlias, TypeVar, assert_never, final

import attrs

from ._errors import (
    DanglingReferenceError,
    DuplicateIdError,
    InvalidValueError,
    RefundExceedsPurchaseError,
)
from ._facts import (
    Contract,
    Fact,
    FactId,
    Purchase,
    Referral,
    Refund,
    RepresentativeAssignment,
    Usage,
    Visit,
)
from ._offerings import Offering, OfferingId
from ._parties import Organization, Party, PartyId, Person, Seller

if TYPE_CHECKING:
    from ._money import Money

__all__ = ["Ledger", "Record", "id_space", "parties_in"]

#: Anything a ledger holds: a described party, seller or offering, or a fact.
Record: TypeAlias = Party | Seller | Offering | Fact


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_HasId)


def _canonical(items: Iterable[_T], kinds: type | tuple[type, ...], field: str) -> tuple[_T, ...]:
    given: object = items  # callers may pass anything: checked here
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise InvalidValueError(field, "an iterable of records", given)
    items = tuple(items)
    for item in items:
        if not isinstance(item, kinds):
            names = (
                kinds.__name__
                if isinstance(kinds, type)
                else " or ".join(k.__name__ for k in kinds)
            )
            raise InvalidValueError(field, f"made of {names} records", item)
    return tuple(sorted(items, key=lambda item: item.id))


def _parties(items: Iterable[Party]) -> tuple[Party, ...]:
    return _canonical(items, (Person, Organization), "parties")


def _sellers(items: Iterable[Seller]) -> tuple[Seller, ...]:
    return _canonical(items, Seller, "sellers")


def _offerings(items: Iterable[Offering]) -> tuple[Offering, ...]:
    return _canonical(items, Offering, "offerings")


def _purchases(items: Iterable[Purchase]) -> tuple[Purchase, ...]:
    return _canonical(items, Purchase, "purchases")


def _contracts(items: Iterable[Contract]) -> tuple[Contract, ...]:
    return _canonical(items, Contract, "contracts")


def _visits(items: Iterable[Visit]) -> tuple[Visit, ...]:
    return _canonical(items, Visit, "visits")


def _usages(items: Iterable[Usage]) -> tuple[Usage, ...]:
    return _canonical(items, Usage, "usages")


def _referrals(items: Iterable[Referral]) -> tuple[Referral, ...]:
    return _canonical(items, Referral, "referrals")


def _assignments(
    items: Iterable[RepresentativeAssignment],
) -> tuple[RepresentativeAssignment, ...]:
    return _canonical(items, RepresentativeAssignment, "assignments")


def _refunds(items: Iterable[Refund]) -> tuple[Refund, ...]:
    return _canonical(items, Refund, "refunds")


def id_space(record: Record) -> str:
    """Return the kind of id *record* has: ``party``, ``seller``, ``offering`` or ``fact``.

    Ids must be unique within each space; the same id may name a party and a
    seller (a retailer that also buys).
    """
    match record:
        case Person() | Organization():
            return "party"
        case Seller():
            return "seller"
        case Offering():
            return "offering"
        case _:
            return "fact"


def parties_in(fact: Fact) -> frozenset[PartyId]:
    """Return the identified parties a fact names, in any role.

    >>> from datetime import date
    >>> from clientele import Referral
    >>> sorted(parties_in(Referral(id="r", seller="s", promoter="a", referred="b",
    ...                            at=date(2024, 1, 1))))
    ['a', 'b']
    """
    match fact:
        case Purchase():
            named = [fact.buyer, fact.payer, fact.decision_maker]
            named.extend(fact.users or ())
            named.extend(fact.influencers)
        case Contract():
            named = [fact.counterparty]
        case Visit() | Usage() | RepresentativeAssignment():
            named = [fact.party]
        case Referral():
            named = [fact.promoter, fact.referred]
        case Refund():
            named = []
        case _:
            assert_never(fact)
    return frozenset(p for p in named if isinstance(p, str))


@final
@attrs.frozen(kw_only=True)
class Ledger:
    """Every recorded fact, with the parties, sellers and offerings they name.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from clientele import Money, Person, Purchase
    >>> ledger = Ledger.of(
    ...     Person(id="p-ana"),
    ...     Purchase(id="f-2", seller="s-cafe", at=date(2024, 3, 2),
    ...              amount=Money(Decimal("3.10"), "EUR"), buyer="p-ana"),
    ...     Purchase(id="f-1", seller="s-cafe", at=date(2024, 3, 1),
    ...              amount=Money(Decimal("3.10"), "EUR"), buyer="p-ana"),
    ... )
    >>> [fact.id for fact in ledger.facts_of_party("p-ana")]
    ['f-1', 'f-2']

    A ledger has no order: two ledgers holding the same records are equal
    however the records were listed. It refuses two records of one kind with
    the same id (facts of every kind share one id space), references to
    purchases and offerings it does not hold, and refunds above their
    purchase. Parties and sellers may be named by facts without being
    described; describing them adds what the ledger knows (a person or an
    organization, a business model).

    .. versionadded:: 0.1.0
    """

    parties: tuple[Party, ...] = attrs.field(default=(), converter=_parties)
    sellers: tuple[Seller, ...] = attrs.field(default=(), converter=_sellers)
    offerings: tuple[Offering, ...] = attrs.field(default=(), converter=_offerings)
    purchases: tuple[Purchase, ...] = attrs.field(default=(), converter=_purchases)
    contracts: tuple[Contract, ...] = attrs.field(default=(), converter=_contracts)
    visits: tuple[Visit, ...] = attrs.field(default=(), converter=_visits)
    usages: tuple[Usage, ...] = attrs.field(default=(), converter=_usages)
    referrals: tuple[Referral, ...] = attrs.field(default=(), converter=_referrals)
    assignments: tuple[RepresentativeAssignment, ...] = attrs.field(
        default=(), converter=_assignments
    )
    refunds: tuple[Refund, ...] = attrs.field(default=(), converter=_refunds)

    def __attrs_post_init__(self) -> None:
        _check_unique("party", self.parties)
        _check_unique("seller", self.sellers)
        _check_unique("offering", self.offerings)
        _check_unique("fact", self.facts)
        _check_references(self)

    @classmethod
    def of(cls, *records: Record) -> Ledger:
        """Return the ledger holding *records*, given in any order.

        >>> Ledger.of() == Ledger()
        True
        """
        return cls.from_records(records)

    @classmethod
    def from_records(cls, records: Iterable[Record]) -> Ledger:
        """Return the ledger holding *records*, sorting each to its kind.

        >>> from clientele import Person
        >>> Ledger.from_records([Person(id="p-1")]).parties
        (Person(id='p-1', name=None),)
        """
        kinds: dict[type, list[Record]] = defaultdict(list)
        for record in records:
            kinds[type(record)].append(record)
        return cls(
            parties=[*kinds[Person], *kinds[Organization]],  # type: ignore[list-item]
            sellers=kinds[Seller],  # type: ignore[arg-type]
            offerings=kinds[Offering],  # type: ignore[arg-type]
            purchases=kinds[Purchase],  # type: ignore[arg-type]
            contracts=kinds[Contract],  # type: ignore[arg-type]
            visits=kinds[Visit],  # type: ignore[arg-type]
            usages=kinds[Usage],  # type: ignore[arg-type]
            referrals=kinds[Referral],  # type: ignore[arg-type]
            assignments=kinds[RepresentativeAssignment],  # type: ignore[arg-type]
            refunds=kinds[Refund],  # type: ignore[arg-type]
        )

    def with_records(self, *records: Record) -> Ledger:
        """Return a new ledger with *records* added to these.

        >>> from clientele import Person
        >>> len(Ledger().with_records(Person(id="p-1")).parties)
        1
        """
        return Ledger.from_records([*self.records(), *records])

    def records(self) -> Iterator[Record]:
        """Iterate over every record: parties, sellers, offerings, then facts."""
        yield from self.parties
        yield from self.sellers
        yield from self.offerings
        yield from self.facts

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every fact, grouped by kind and sorted by id within each kind."""
        return (
            *self.purchases,
            *self.contracts,
            *self.visits,
            *self.usages,
            *self.referrals,
            *self.assignments,
            *self.refunds,
        )

    @functools.cached_property
    def _index(self) -> _Index:
        return _Index.build(self)

    def party(self, party_id: PartyId) -> Party | None:
        """Return how the ledger describes *party_id*, or ``None``."""
        return self._index.parties.get(party_id)

    def seller(self, seller_id: PartyId) -> Seller | None:
        """Return how the ledger describes the seller *seller_id*, or ``None``."""
        return self._index.sellers.get(seller_id)

    def offering(self, offering_id: OfferingId) -> Offering | None:
        """Return the offering *offering_id*, or ``None``."""
        return self._index.offerings.get(offering_id)

    def fact(self, fact_id: FactId) -> Fact | None:
        """Return the fact *fact_id*, or ``None``."""
        return self._index.facts.get(fact_id)

    def facts_of_seller(self, seller_id: PartyId) -> tuple[Fact, ...]:
        """Return the facts recorded by one seller."""
        return self._index.by_seller.get(seller_id, ())

    def facts_of_party(self, party_id: PartyId) -> tuple[Fact, ...]:
        """Return the facts that name *party_id* in any role, for any seller."""
        return self._index.by_party.get(party_id, ())

    def seller_ids(self) -> frozenset[PartyId]:
        """Return the ids of every seller that recorded a fact or is described."""
        return frozenset(self._index.by_seller) | frozenset(self._index.sellers)


@final
@attrs.frozen
class _Index:
    parties: dict[PartyId, Party]
    sellers: dict[PartyId, Seller]
    offerings: dict[OfferingId, Offering]
    facts: dict[FactId, Fact]
    by_seller: dict[PartyId, tuple[Fact, ...]]
    by_party: dict[PartyId, tuple[Fact, ...]]

    @classmethod
    def build(cls, ledger: Ledger) -> _Index:
        by_seller: dict[PartyId, list[Fact]] = defaultdict(list)
        by_party: dict[PartyId, list[Fact]] = defaultdict(list)
        for fact in ledger.facts:
            by_seller[fact.seller].append(fact)
            for party in parties_in(fact):
                by_party[party].append(fact)
        return cls(
            parties={p.id: p for p in ledger.parties},
            sellers={s.id: s for s in ledger.sellers},
            offerings={o.id: o for o in ledger.offerings},
            facts={f.id: f for f in ledger.facts},
            by_seller={k: tuple(v) for k, v in by_seller.items()},
            by_party={k: tuple(v) for k, v in by_party.items()},
        )


def _check_unique(kind: str, records: Iterable[_HasId]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            raise DuplicateIdError(kind, record.id)
        seen.add(record.id)


def _check_references(ledger: Ledger) -> None:
    purchases = {p.id: p for p in ledger.purchases}
    offerings = {o.id for o in ledger.offerings}
    offered: tuple[Purchase | Usage, ...] = (*ledger.purchases, *ledger.usages)
    for fact in offered:
        if fact.offering is not None and fact.offering not in offerings:
            raise DanglingReferenceError(fact.id, "offering", fact.offering, "an offering")
    for usage in ledger.usages:
        if usage.purchase is not None and usage.purchase not in purchases:
            raise DanglingReferenceError(usage.id, "purchase", usage.purchase, "a purchase")
    refunded: dict[FactId, Money] = {}
    for refund in ledger.refunds:
        purchase = purchases.get(refund.purchase)
        if purchase is None or purchase.seller != refund.seller:
            raise DanglingReferenceError(
                refund.id,
                "purchase",
                refund.purchase,
                f"a purchase from seller {refund.seller!r}",
            )
        if purchase.amount.currency != refund.amount.currency:
            raise DanglingReferenceError(
                refund.id,
                "purchase",
                refund.purchase,
                f"a purchase paid in {refund.amount.currency}",
            )
        total = refunded.get(purchase.id)
        total = refund.amount if total is None else total + refund.amount
        if total > purchase.amount:
            raise RefundExceedsPurchaseError(purchase.id, purchase.amount, total, refund.id)
        refunded[purchase.id] = total
