"""What a business should expect of customers and of clients, as data.

Applications can show these next to a judgement: a client expects ongoing
support and a tailored service, a customer compares prices. The playbook
lists the tactics for turning customers into clients.
"""

from __future__ import annotations

from enum import Enum
from types import MappingProxyType
from typing import Final, final

import attrs

from ._judgement import Standing

__all__ = [
    "PLAYBOOK",
    "TRAITS",
    "Exclusivity",
    "FormalContract",
    "Personalization",
    "RelationshipDepth",
    "SalesCycle",
    "Support",
    "Tactic",
    "Traits",
]


class Personalization(Enum):
    """How far the offering is tailored."""

    #: Standard goods and services, the same for everyone.
    LOW = "low"
    #: Tailored to the party's situation.
    HIGH = "high"


class Support(Enum):
    """What help the party expects."""

    #: Help with the transaction at hand, then nothing.
    PER_TRANSACTION = "per_transaction"
    #: Continuing advice and attention.
    ONGOING = "ongoing"


class Exclusivity(Enum):
    """Whether the party sticks to one provider."""

    #: Compares and switches providers freely.
    SHOPS_AROUND = "shops_around"
    #: Stays with one provider it trusts.
    ONE_PROVIDER = "one_provider"


class SalesCycle(Enum):
    """How long it takes to win the party."""

    #: Minutes to days: see, choose, pay.
    SHORT = "short"
    #: Weeks to months: meetings, proposals, trials, negotiation.
    LONG = "long"


class FormalContract(Enum):
    """Whether a formal contract usually governs the relationship."""

    #: Rarely: a receipt is the only paper.
    RARE = "rare"
    #: Usually: scope, fees and terms are signed.
    USUAL = "usual"


class RelationshipDepth(Enum):
    """How deep the relationship runs."""

    #: Transactional: the sale is the relationship.
    SHALLOW = "shallow"
    #: Personal and lasting: the provider knows the party's history.
    DEEP = "deep"


@final
@attrs.frozen(kw_only=True)
class Traits:
    """What to expect of a party of one standing.

    >>> TRAITS[Standing.CLIENT].exclusivity
    <Exclusivity.ONE_PROVIDER: 'one_provider'>

    .. versionadded:: 0.1.0
    """

    standing: Standing
    personalization: Personalization
    support: Support
    exclusivity: Exclusivity
    #: What the party values most, most important first.
    values: tuple[str, ...]
    #: How such parties are won, most effective first.
    acquisition: tuple[str, ...]
    sales_cycle: SalesCycle
    formal_contract: FormalContract
    depth: RelationshipDepth


#: The expectations for customers and for clients.
TRAITS: Final = MappingProxyType(
    {
        Standing.CUSTOMER: Traits(
            standing=Standing.CUSTOMER,
            personalization=Personalization.LOW,
            support=Support.PER_TRANSACTION,
            exclusivity=Exclusivity.SHOPS_AROUND,
            values=("price", "value for money", "convenience"),
            acquisition=("sales and discounts", "special offers", "advertising"),
            sales_cycle=SalesCycle.SHORT,
            formal_contract=FormalContract.RARE,
            depth=RelationshipDepth.SHALLOW,
        ),
        Standing.CLIENT: Traits(
            standing=Standing.CLIENT,
            personalization=Personalization.HIGH,
            support=Support.ONGOING,
            exclusivity=Exclusivity.ONE_PROVIDER,
            values=("experience", "trust", "reliability"),
            acquisition=(
                "reputation",
                "testimonials and referrals",
                "free trials and consultations",
            ),
            sales_cycle=SalesCycle.LONG,
            formal_contract=FormalContract.USUAL,
            depth=RelationshipDepth.DEEP,
        ),
    }
)


@final
@attrs.frozen(kw_only=True)
class Tactic:
    """One way to turn a customer into a client.

    .. versionadded:: 0.1.0
    """

    #: A short, stable identifier.
    key: str
    name: str
    #: What to do, in one sentence.
    action: str


#: Tactics for turning customers into clients, in the order to try them.
PLAYBOOK: Final = (
    Tactic(
        key="incentives",
        name="Incentives",
        action="Reward coming back: loyalty points, member prices, a discount on the next visit.",
    ),
    Tactic(
        key="service",
        name="Excellent service",
        action="Make every contact better than the customer expected, so there is a "
        "reason to return.",
    ),
    Tactic(
        key="contact",
        name="Regular contact",
        action="Keep in touch between purchases with useful news, reminders and follow-ups.",
    ),
    Tactic(
        key="quality",
        name="Consistent quality",
        action="Deliver the same quality every time, so the customer can rely on it.",
    ),
    Tactic(
        key="relationship_selling",
        name="Relationship selling",
        action="Learn the customer's needs and advise on them rather than push a sale; "
        "assign a named contact.",
    ),
)
