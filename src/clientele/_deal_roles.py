"""Deal roles: who bought, paid, used, decided and influenced one purchase."""

from __future__ import annotations

from enum import Enum
from typing import final

import attrs

from ._facts import Purchase, Purpose
from ._parties import Anonymous, PartyId
from ._policy import DEFAULT, Assumption, Policy

__all__ = ["DealRole", "DealRoles", "deal_roles"]


class DealRole(Enum):
    """A role in one purchase that may be assumed when not recorded."""

    #: Funded the purchase.
    PAYER = "payer"
    #: Uses what was bought.
    USERS = "users"


@final
@attrs.frozen(kw_only=True)
class DealRoles:
    """The parties of one purchase, with what was assumed rather than recorded.

    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from clientele import Money, Purchase
    >>> sale = Purchase(id="f-1", seller="s-1", at=date(2024, 1, 5),
    ...                 amount=Money(Decimal("9.99"), "EUR"), buyer="p-1")
    >>> roles = deal_roles(sale)
    >>> roles.payer, roles.users, sorted(r.value for r in roles.assumed)
    ('p-1', None, ['payer'])

    ``payer`` and ``users`` are ``None`` when neither recorded nor assumed.
    The buyer is never assumed to use a gift or goods bought for resale.

    .. versionadded:: 0.1.0
    """

    purchase: str
    buyer: PartyId | Anonymous
    payer: PartyId | Anonymous | None
    users: tuple[PartyId, ...] | None
    decision_maker: PartyId | None
    influencers: tuple[PartyId, ...]
    #: The roles filled by the policy's assumption rather than by the record.
    assumed: frozenset[DealRole]


def purpose_lets_buyer_use(purpose: Purpose | None) -> bool:
    """Whether the buyer may be assumed to use what it bought for *purpose*.

    Never for a gift (someone else uses it) or for resale (the buyer's
    customers do).
    """
    return purpose not in {Purpose.GIFT, Purpose.RESALE}


def deal_roles(purchase: Purchase, policy: Policy = DEFAULT) -> DealRoles:
    """Return who played each part in *purchase*, filling gaps as *policy* says.

    Use it wherever code would otherwise write ``purchase.payer or
    purchase.buyer``: it makes the assumption explicit and reports it.
    """
    assumed: set[DealRole] = set()
    payer = purchase.payer
    if payer is None and policy.unknown_payer is Assumption.BUYER:
        payer = purchase.buyer
        assumed.add(DealRole.PAYER)
    users = purchase.users
    if (
        users is None
        and policy.unknown_users is Assumption.BUYER
        and isinstance(purchase.buyer, str)
        and purpose_lets_buyer_use(purchase.purpose)
    ):
        users = (purchase.buyer,)
        assumed.add(DealRole.USERS)
    return DealRoles(
        purchase=purchase.id,
        buyer=purchase.buyer,
        payer=payer,
        users=users,
        decision_maker=purchase.decision_maker,
        influencers=purchase.influencers,
        assumed=frozenset(assumed),
    )
