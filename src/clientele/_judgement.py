"""Judgements: who a party is to one seller, as of one instant, and why."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, final

import attrs

from ._errors import InvalidValueError
from ._facts import FactId
from ._money import Money
from ._parties import PartyId

__all__ = [
    "AccountView",
    "Environment",
    "Judgement",
    "Reason",
    "Role",
    "Rule",
    "Stage",
    "Standing",
    "Tenure",
    "ValueTier",
]


class Standing(Enum):
    """What a party is to a seller, following the money."""

    #: Known only through other parties' facts (a gift's recipient, a
    #: company's driver) or not at all.
    NONE = "none"
    #: Interacted (looked, asked, registered, used, bought for someone
    #: else) but never paid and holds no contract.
    VISITOR = "visitor"
    #: Paid: a transactional relationship.
    CUSTOMER = "customer"
    #: Identified and in an ongoing relationship: an active contract, a
    #: dedicated representative, or long-term repeat business.
    CLIENT = "client"


class Tenure(Enum):
    """How often a party has paid: the shape of its history with the seller."""

    #: Never paid.
    NONE = "none"
    #: Paid exactly once.
    ONE_TIME = "one_time"
    #: Paid more than once.
    REPEAT = "repeat"
    #: Paid again and again over a long span.
    LONG_TERM = "long_term"


class Environment(Enum):
    """Whether a formal contract governs the relationship right now."""

    #: A contract is active: requirements are explicit and complaints
    #: travel through the contract.
    CONTRACT = "contract"
    #: No active contract: requirements are implicit and dispersed, and a
    #: dissatisfied party tells others.
    NON_CONTRACT = "non_contract"


class Stage(Enum):
    """Where a party is in its lifecycle with the seller, in order."""

    #: Not yet engaged: no paid purchase and no contract started.
    PROSPECT = "prospect"
    #: Recently engaged for the first time.
    NEW = "new"
    #: Engaged and recently active.
    ACTIVE = "active"
    #: Engaged before, quiet for a while.
    INACTIVE = "inactive"
    #: Quiet for so long that the party is counted as lost.
    CHURNED = "churned"

    @property
    def existing(self) -> bool:
        """Whether the party has engaged and is not lost (new, active or inactive).

        >>> Stage.INACTIVE.existing, Stage.CHURNED.existing
        (True, False)
        """
        return self in {Stage.NEW, Stage.ACTIVE, Stage.INACTIVE}


class ValueTier(Enum):
    """How much a party is worth to the seller, relative to the policy."""

    #: Among the parties the policy counts as high value.
    HIGH = "high"
    #: Everyone else, including parties who never paid.
    LOW = "low"


class AccountView(Enum):
    """Who owns the party inside a sales organisation."""

    #: Not a paying party: nobody's account.
    NONE = "none"
    #: Paid only within its first period: business development owns it.
    NEW_BUSINESS = "new_business"
    #: Paid again in a later period: an account manager owns it, for
    #: retention, up-selling and cross-selling.
    ACCOUNT = "account"


class Role(Enum):
    """A part a party played in the seller's deals."""

    #: Performed a purchase.
    BUYER = "buyer"
    #: Funded a purchase.
    PAYER = "payer"
    #: Used what was bought, or used an offering.
    USER = "user"
    #: A person who used what was bought for personal use.
    CONSUMER = "consumer"
    #: Chose what to buy.
    DECISION_MAKER = "decision_maker"
    #: Swayed the choice.
    INFLUENCER = "influencer"
    #: Recommended the seller to others.
    PROMOTER = "promoter"
    #: Bought to resell.
    INTERMEDIARY = "intermediary"
    #: Paid for a purchase recorded as not for resale.
    END_CUSTOMER = "end_customer"


class Rule(Enum):
    """Every rule that can decide a field of a judgement.

    The value names the field first: ``"standing.paid"`` decided a standing.
    """

    #: Standing: an active contract makes a client.
    CONTRACT_CLIENT = "standing.contract"
    #: Standing: an active dedicated representative makes a client.
    REPRESENTED_CLIENT = "standing.representative"
    #: Standing: long-term repeat business, not lapsed, makes a client.
    LONG_TERM_CLIENT = "standing.long_term"
    #: Standing: under the engagement rule, paying (and not being lost) makes a client.
    ENGAGED_CLIENT = "standing.engaged"
    #: Standing: paying makes a customer.
    PAID = "standing.paid"
    #: Standing: under the inclusive visit rule, a visit makes a customer.
    VISIT_CUSTOMER = "standing.visit_customer"
    #: Standing: interacting without paying makes a visitor.
    INTERACTED = "standing.interacted"
    #: Standing: only named in other parties' facts.
    THROUGH_OTHERS = "standing.through_others"
    #: Standing: no fact of this seller names the party.
    UNKNOWN = "standing.unknown"
    #: Tenure: no paid purchase.
    NEVER_PAID = "tenure.never_paid"
    #: Tenure: exactly one paid purchase (or period).
    PAID_ONCE = "tenure.paid_once"
    #: Tenure: more than one paid purchase (or period).
    PAID_AGAIN = "tenure.paid_again"
    #: Tenure: enough purchases over a long enough span.
    PAID_LONG = "tenure.paid_long"
    #: Environment: a contract is active.
    CONTRACT_ACTIVE = "environment.contract_active"
    #: Environment: no contract is active.
    NO_CONTRACT = "environment.no_contract"
    #: Stage: no engagement yet.
    NOT_ENGAGED = "stage.not_engaged"
    #: Stage: first engaged within the new window.
    FIRST_ENGAGED = "stage.first_engaged"
    #: Stage: last activity within the activity window.
    RECENT_ACTIVITY = "stage.recent_activity"
    #: Stage: last activity before the activity window, within the churn window.
    QUIET = "stage.quiet"
    #: Stage: no activity for the whole churn window.
    LAPSED = "stage.lapsed"
    #: Tier: among the parties making the policy's share of revenue.
    TOP_SHARE = "tier.top_share"
    #: Tier: outside the top share of revenue.
    BELOW_SHARE = "tier.below_share"
    #: Tier: net revenue at or above the policy's threshold.
    ABOVE_THRESHOLD = "tier.above_threshold"
    #: Tier: net revenue below the policy's threshold.
    BELOW_THRESHOLD = "tier.below_threshold"
    #: Account view: never paid.
    NO_ACCOUNT = "account.none"
    #: Account view: paid only in its first period.
    FIRST_PERIOD = "account.first_period"
    #: Account view: paid again in a later period.
    LATER_PERIOD = "account.later_period"
    #: Role: the party played this role in a deal.
    PLAYED = "role.played"


def _check_field(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _FIELDS:
        raise InvalidValueError(attribute.name, f"one of {sorted(_FIELDS)}", value)


_FIELDS = frozenset(
    {"standing", "tenure", "environment", "stage", "tier", "account"}
    | {f"role.{role.value}" for role in Role}
)


@final
@attrs.frozen(kw_only=True)
class Reason:
    """Why one field of a judgement has its value: the rule, and the facts.

    >>> Reason(field="standing", rule=Rule.PAID, detail="paid for f-1",
    ...        facts=("f-1",)).rule.value
    'standing.paid'

    ``facts`` holds the ids of the ledger facts the rule rests on (empty
    when the rule rests on an absence, such as "never paid").

    .. versionadded:: 0.1.0
    """

    #: The judgement field decided: ``standing``, ``tenure``, ``environment``,
    #: ``stage``, ``tier``, ``account``, or ``role.<role>``.
    field: str = attrs.field(validator=_check_field)
    rule: Rule
    #: The rule applied to this party, in words.
    detail: str
    facts: tuple[FactId, ...] = ()


@final
@attrs.frozen(kw_only=True)
class Judgement:
    """Who one party is to one seller, as of one instant, under one policy.

    Get one from :func:`clientele.judge` (or many from
    :func:`clientele.judge_all`); nothing else should build them. Every field
    has a :class:`Reason` in ``reasons``; :meth:`reason` finds it.

    .. versionadded:: 0.1.0
    """

    seller: PartyId
    party: PartyId
    as_of: datetime
    #: The name of the policy that produced the judgement.
    policy: str
    standing: Standing
    tenure: Tenure
    environment: Environment
    stage: Stage
    tier: ValueTier
    account: AccountView
    roles: frozenset[Role]
    #: Paid minus refunded, as of the judgement (``None``: never paid).
    revenue: Money | None
    reasons: tuple[Reason, ...]

    @property
    def existing(self) -> bool:
        """Whether the party is an existing one: engaged and not lost."""
        return self.stage.existing

    def reason(self, field: str) -> Reason:
        """Return the reason for *field* (``"standing"``, ``"role.payer"``, …).

        Raises :class:`~clientele.InvalidValueError` for a field this
        judgement has no reason for.
        """
        for reason in self.reasons:
            if reason.field == field:
                return reason
        raise InvalidValueError("field", f"one of {[r.field for r in self.reasons]}", field)
