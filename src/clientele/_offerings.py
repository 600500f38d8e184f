"""Offerings: what sellers sell, and who makes it."""

from __future__ import annotations

from enum import Enum
from typing import TypeAlias, final

import attrs
from attrs.validators import optional

from ._parties import PartyId
from ._validation import check_enum, check_id, check_text

__all__ = ["Customization", "Market", "Offering", "OfferingId", "OfferingKind"]

#: The id of an offering.
OfferingId: TypeAlias = str


class OfferingKind(Enum):
    """Whether an offering is a thing or work done."""

    #: Tangible goods: a pack of tissues, a car.
    GOODS = "goods"
    #: A service: an audit, a haircut, a subscription.
    SERVICE = "service"


class Customization(Enum):
    """How far an offering is tailored to the one who buys it."""

    #: Pre-made, fixed price, little personalization: the same for everyone.
    STANDARD = "standard"
    #: Professional and tailored: made for this party.
    CUSTOMIZED = "customized"


class Market(Enum):
    """Who an offering is made to be bought by."""

    #: Consumer goods and services, bought by individuals.
    CONSUMER = "consumer"
    #: Production goods and services, bought by organizations.
    PRODUCTION = "production"


@final
@attrs.frozen(kw_only=True)
class Offering:
    """Something a seller sells, and optionally the maker behind it.

    >>> Offering(
    ...     id="tissues-10",
    ...     kind=OfferingKind.GOODS,
    ...     customization=Customization.STANDARD,
    ...     market=Market.CONSUMER,
    ...     maker="o-softco",
    ... ).maker
    'o-softco'

    When ``maker`` differs from the seller, the maker sees the people who use
    the offering as its users even though they never dealt with it: that is
    how a shopper's gift recipient becomes a manufacturer's end user.

    .. versionadded:: 0.1.0
    """

    id: OfferingId = attrs.field(validator=check_id)
    kind: OfferingKind = attrs.field(validator=check_enum(OfferingKind))
    customization: Customization = attrs.field(validator=check_enum(Customization))
    market: Market = attrs.field(validator=check_enum(Market))
    maker: PartyId | None = attrs.field(default=None, validator=optional(check_id))
    name: str | None = attrs.field(default=None, validator=optional(check_text))
