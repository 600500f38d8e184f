"""Parties: the people and organizations a seller deals with, and sellers."""

from __future__ import annotations

from enum import Enum
from typing import Final, TypeAlias, final

import attrs
from attrs.validators import optional

from ._validation import check_enum, check_id, check_ids, check_text

__all__ = [
    "ANONYMOUS",
    "Anonymous",
    "BusinessModel",
    "Organization",
    "Party",
    "PartyId",
    "Person",
    "Seller",
]

#: The id of a party (a person or an organization). Sellers are parties too:
#: a retailer sells to shoppers under the same id it buys from makers with.
PartyId: TypeAlias = str


@final
@attrs.frozen
class Anonymous:
    """A party the business cannot tell apart from any other: a face without a name.

    >>> ANONYMOUS
    Anonymous()

    Use :data:`ANONYMOUS` as the buyer or payer of a walk-in cash sale. The
    sale is counted, but an anonymous party is never followed over time and
    never becomes a client. All instances are equal.

    .. versionadded:: 0.1.0
    """


#: The one anonymous party, for sales to someone the business does not know.
ANONYMOUS: Final = Anonymous()


@final
@attrs.frozen(kw_only=True)
class Person:
    """An individual, identified by the business.

    >>> Person(id="p-ana", name="Ana")
    Person(id='p-ana', name='Ana')

    A person can be a consumer: someone who uses what was bought for personal
    use. Whether a person is anyone's customer or client is never stored here;
    it is judged from the ledger.

    .. versionadded:: 0.1.0
    """

    id: PartyId = attrs.field(validator=check_id)
    name: str | None = attrs.field(default=None, validator=optional(check_text))


@final
@attrs.frozen(kw_only=True)
class Organization:
    """A company, public body or household account, identified by the business.

    >>> Organization(id="o-globex", name="Globex", members=("p-hank",))
    Organization(id='o-globex', name='Globex', members=('p-hank',))

    ``members`` lists the people (or units) who act for it or use what it
    pays for: employees, family members. The organization pays; a member
    uses.

    .. versionadded:: 0.1.0
    """

    id: PartyId = attrs.field(validator=check_id)
    name: str | None = attrs.field(default=None, validator=optional(check_text))
    members: tuple[PartyId, ...] = attrs.field(default=(), validator=check_ids)


#: A described party: a person or an organization.
Party: TypeAlias = Person | Organization


class BusinessModel(Enum):
    """How a seller makes its living from the parties it serves."""

    #: Long relationships with known clients: law firms, accountants,
    #: dentists, tutors, gyms, agencies, vet clinics, consultancies.
    CLIENT_BASED = "client_based"
    #: Many transactions with customers who come and go: grocery,
    #: restaurants, coffee shops, online retail, petrol stations, pharmacies.
    CUSTOMER_BASED = "customer_based"
    #: Both at once: banks, software sold with customer-success managers.
    MIXED = "mixed"


@final
@attrs.frozen(kw_only=True)
class Seller:
    """A party that sells, with the business model it works by.

    >>> Seller(id="s-acme", business_model=BusinessModel.MIXED)
    Seller(id='s-acme', business_model=<BusinessModel.MIXED: 'mixed'>, name=None)

    ``id`` is a party id: the same organization can sell to its customers and
    buy from its suppliers. Facts may name a seller the ledger does not
    describe; describing it adds its business model.

    .. versionadded:: 0.1.0
    """

    id: PartyId = attrs.field(validator=check_id)
    business_model: BusinessModel = attrs.field(validator=check_enum(BusinessModel))
    name: str | None = attrs.field(default=None, validator=optional(check_text))
