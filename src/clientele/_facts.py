"""Facts: what happened between a seller and the parties it deals with.

Facts are recorded once and never change. None of them says whether a party
is a customer, a client or a user: those are judgements, derived later for
one seller, as of one instant, under one policy.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, TypeAlias, final

import attrs
from attrs.validators import optional

from ._errors import InvalidValueError
from ._money import Money
from ._offerings import OfferingId
from ._parties import Anonymous, PartyId
from ._time import When
from ._validation import (
    check_after,
    check_enum,
    check_id,
    check_ids,
    check_instance,
    check_text,
    check_when,
)

__all__ = [
    "Confidentiality",
    "Contract",
    "Fact",
    "FactId",
    "Purchase",
    "Purpose",
    "Referral",
    "Refund",
    "RepresentativeAssignment",
    "RepresentativeRole",
    "Usage",
    "Visit",
    "VisitKind",
]

#: The id of a fact, unique across every kind of fact in a ledger. Reasons
#: for judgements point at facts by these ids.
FactId: TypeAlias = str


def _check_party_ref(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Anonymous):
        if not isinstance(value, str):
            raise InvalidValueError(attribute.name, "a party id or clientele.ANONYMOUS", value)
        check_id(instance, attribute, value)


def _check_positive_money(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, Money) or value.amount <= 0:
        raise InvalidValueError(attribute.name, "a positive Money", value)


class Purpose(Enum):
    """Why a purchase was made: what the buyer means to do with it."""

    #: The buyer (or whoever it buys for within its own household or
    #: organization) uses it.
    OWN_USE = "own_use"
    #: Bought to give away: someone other than the buyer uses it.
    GIFT = "gift"
    #: Bought by or for an organization to use in its work.
    BUSINESS_USE = "business_use"
    #: Bought to sell on: the buyer is an intermediary.
    RESALE = "resale"


@final
@attrs.frozen(kw_only=True)
class Purchase:
    """A sale: a seller was paid for an offering.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> gift = Purchase(
    ...     id="f-1",
    ...     seller="s-hyper",
    ...     at=date(2024, 3, 1),
    ...     amount=Money(Decimal("2.40"), "EUR"),
    ...     buyer="p-sam",
    ...     payer="p-sam",
    ...     users=("p-kim",),
    ...     purpose=Purpose.GIFT,
    ... )
    >>> gift.users
    ('p-kim',)

    The deal roles are recorded separately because they are often different
    parties: the ``buyer`` performs the purchase, the ``payer`` funds it, the
    ``users`` use what was bought, the ``decision_maker`` chose it and the
    ``influencers`` swayed the choice. ``None`` means *not recorded*, which is
    not the same as "the buyer": a policy decides what to assume, and says so
    in the reasons of every judgement that relies on it. An empty ``users``
    tuple records that nobody the ledger tracks uses it (goods bought for
    resale).

    .. versionadded:: 0.1.0
    """

    id: FactId = attrs.field(validator=check_id)
    seller: PartyId = attrs.field(validator=check_id)
    at: When = attrs.field(validator=check_when)
    amount: Money = attrs.field(validator=_check_positive_money)
    buyer: PartyId | Anonymous = attrs.field(validator=_check_party_ref)
    payer: PartyId | Anonymous | None = attrs.field(
        default=None, validator=optional(_check_party_ref)
    )
    users: tuple[PartyId, ...] | None = attrs.field(default=None, validator=optional(check_ids))
    decision_maker: PartyId | None = attrs.field(default=None, validator=optional(check_id))
    influencers: tuple[PartyId, ...] = attrs.field(default=(), validator=check_ids)
    purpose: Purpose | None = attrs.field(default=None, validator=optional(check_enum(Purpose)))
    offering: OfferingId | None = attrs.field(default=None, validator=optional(check_id))


class Confidentiality(Enum):
    """Who a contract binds to secrecy."""

    #: The contract has no confidentiality clause.
    NONE = "none"
    #: Both sides keep each other's information confidential.
    MUTUAL = "mutual"
    #: Only one side is bound, usually the seller.
    ONE_WAY = "one_way"


@final
@attrs.frozen(kw_only=True)
class Contract:
    """A formal agreement between a seller and a counterparty.

    >>> from datetime import date
    >>> Contract(
    ...     id="c-1",
    ...     seller="s-ledgerly",
    ...     counterparty="o-globex",
    ...     signed=date(2024, 1, 10),
    ...     start=date(2024, 2, 1),
    ...     scope="annual accounts and payroll",
    ... ).end is None
    True

    While a contract is active (from ``start``, up to but excluding ``end``;
    ``None`` means open-ended) the relationship is in a *contract
    environment*: requirements are explicit and complaints travel through
    the contract.

    .. versionadded:: 0.1.0
    """

    id: FactId = attrs.field(validator=check_id)
    seller: PartyId = attrs.field(validator=check_id)
    counterparty: PartyId = attrs.field(validator=check_id)
    signed: When = attrs.field(validator=check_when)
    start: When = attrs.field(validator=check_when)
    end: When | None = attrs.field(default=None, validator=optional(check_after("start")))
    scope: str = attrs.field(default="", validator=check_text)
    fees: Money | None = attrs.field(
        default=None, validator=optional(check_instance(Money, "a Money"))
    )
    cancellation: str | None = attrs.field(default=None, validator=optional(check_text))
    confidentiality: Confidentiality = attrs.field(
        default=Confidentiality.NONE, validator=check_enum(Confidentiality)
    )


class VisitKind(Enum):
    """How far a party went without buying."""

    #: Came in, browsed, read: nothing more.
    LOOKED = "looked"
    #: Asked a question or for a quote.
    ASKED = "asked"
    #: Registered, opened an account, left contact details.
    REGISTERED = "registered"


@final
@attrs.frozen(kw_only=True)
class Visit:
    """A party looked, asked or registered, and bought nothing then.

    >>> from datetime import date
    >>> Visit(id="v-1", seller="s-bank", party="p-ivan", at=date(2024, 5, 2),
    ...       kind=VisitKind.ASKED).kind
    <VisitKind.ASKED: 'asked'>

    .. versionadded:: 0.1.0
    """

    id: FactId = attrs.field(validator=check_id)
    seller: PartyId = attrs.field(validator=check_id)
    party: PartyId | Anonymous = attrs.field(validator=_check_party_ref)
    at: When = attrs.field(validator=check_when)
    kind: VisitKind = attrs.field(default=VisitKind.LOOKED, validator=check_enum(VisitKind))


@final
@attrs.frozen(kw_only=True)
class Usage:
    """A party used an offering, whether or not anyone paid for it.

    >>> from datetime import date
    >>> Usage(id="u-1", seller="s-news", party="p-lee", at=date(2024, 5, 2)).purchase is None
    True

    ``purchase`` links the usage to the purchase that paid for it, when one
    did; a found, borrowed or free item has none.

    .. versionadded:: 0.1.0
    """

    id: FactId = attrs.field(validator=check_id)
    seller: PartyId = attrs.field(validator=check_id)
    party: PartyId = attrs.field(validator=check_id)
    at: When = attrs.field(validator=check_when)
    offering: OfferingId | None = attrs.field(default=None, validator=optional(check_id))
    purchase: FactId | None = attrs.field(default=None, validator=optional(check_id))


@final
@attrs.frozen(kw_only=True)
class Referral:
    """A party recommended the seller to another party.

    >>> from datetime import date
    >>> Referral(id="r-1", seller="s-vet", promoter="p-ann", referred="p-bo",
    ...          at=date(2024, 5, 2)).promoter
    'p-ann'

    ``referred`` is ``None`` when the recommendation went to someone the
    ledger does not track (a review, a word in a crowd).

    .. versionadded:: 0.1.0
    """

    id: FactId = attrs.field(validator=check_id)
    seller: PartyId = attrs.field(validator=check_id)
    promoter: PartyId = attrs.field(validator=check_id)
    at: When = attrs.field(validator=check_when)
    referred: PartyId | None = attrs.field(default=None, validator=optional(check_id))


class RepresentativeRole(Enum):
    """The kind of dedicated person a seller assigns to a party."""

    #: Owns an account: retention, up-selling and cross-selling.
    ACCOUNT_MANAGER = "account_manager"
    #: A bank's named contact for a client's whole relationship.
    RELATIONSHIP_MANAGER = "relationship_manager"
    #: Software sellers' guide to getting value from what was bought.
    CUSTOMER_SUCCESS_MANAGER = "customer_success_manager"


@final
@attrs.frozen(kw_only=True)
class RepresentativeAssignment:
    """The seller gave a party a dedicated representative.

    >>> from datetime import date
    >>> RepresentativeAssignment(
    ...     id="a-1", seller="s-bank", party="p-ivan", at=date(2024, 5, 2),
    ...     representative="Olga", role=RepresentativeRole.RELATIONSHIP_MANAGER,
    ... ).representative
    'Olga'

    The assignment holds from ``at`` until ``end`` (``None``: still held).

    .. versionadded:: 0.1.0
    """

    id: FactId = attrs.field(validator=check_id)
    seller: PartyId = attrs.field(validator=check_id)
    party: PartyId = attrs.field(validator=check_id)
    at: When = attrs.field(validator=check_when)
    representative: str = attrs.field(validator=check_text)
    role: RepresentativeRole = attrs.field(
        default=RepresentativeRole.ACCOUNT_MANAGER,
        validator=check_enum(RepresentativeRole),
    )
    end: When | None = attrs.field(default=None, validator=optional(check_after("at")))


@final
@attrs.frozen(kw_only=True)
class Refund:
    """Money a seller gave back for a purchase (a refund or a return).

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> Refund(id="rf-1", seller="s-hyper", purchase="f-1", at=date(2024, 3, 2),
    ...        amount=Money(Decimal("2.40"), "EUR")).purchase
    'f-1'

    A ledger refuses a refund of a purchase it does not hold, and refunds that
    add up to more than the purchase.

    .. versionadded:: 0.1.0
    """

    id: FactId = attrs.field(validator=check_id)
    seller: PartyId = attrs.field(validator=check_id)
    purchase: FactId = attrs.field(validator=check_id)
    at: When = attrs.field(validator=check_when)
    amount: Money = attrs.field(validator=_check_positive_money)


#: Any recorded fact.
Fact: TypeAlias = (
    Purchase | Contract | Visit | Usage | Referral | RepresentativeAssignment | Refund
)
