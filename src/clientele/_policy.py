"""Policies: every threshold and convention a judgement depends on.

The source articles disagree (one counts browsing as being a customer; one
makes a customer an "account" from its second month; one firm calls every
party it serves a client). clientele does not pick a side: each convention is
a field of :class:`Policy`, and named presets bundle the common choices.
Changing the policy changes judgements, never facts.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Final, TypeAlias, final

import attrs

from ._errors import InvalidValueError
from ._money import Money
from ._periods import CalendarPeriod
from ._validation import check_enum, check_instance

__all__ = [
    "ACCOUNT_MANAGEMENT",
    "DEFAULT",
    "INCLUSIVE",
    "PRESETS",
    "PROFESSIONAL_SERVICES",
    "Assumption",
    "ClientRule",
    "Policy",
    "RepeatCounting",
    "RevenueShare",
    "ValueRule",
    "ValueThreshold",
    "VisitRule",
    "Window",
]

#: How long something lasts: a fixed duration, or "the same calendar period".
Window: TypeAlias = timedelta | CalendarPeriod


class Assumption(Enum):
    """What to assume when a purchase does not record a deal role."""

    #: Take the buyer to hold the role too (the usual reading of an export
    #: with a single customer column).
    BUYER = "buyer"
    #: Leave the role unknown: nobody is credited with it.
    UNKNOWN = "unknown"


class ClientRule(Enum):
    """What makes a party a client rather than a customer."""

    #: An ongoing relationship: an active contract, a dedicated
    #: representative, or long-term repeat business that has not lapsed.
    RELATIONSHIP = "relationship"
    #: Every engaged party (one that has paid or is under an active contract)
    #: is a client: how professional firms speak of everyone they serve.
    ENGAGEMENT = "engagement"


class VisitRule(Enum):
    """What a visit (looking, asking, registering) makes a party."""

    #: A visitor: interest without payment.
    VISITOR = "visitor"
    #: A customer already, as some retail writing counts browsers.
    CUSTOMER = "customer"


class RepeatCounting(Enum):
    """What counts as coming back, for tenure."""

    #: Every paid purchase counts.
    PURCHASES = "purchases"
    #: Only distinct calendar periods (``Policy.repeat_period``) with a paid
    #: purchase count: two purchases in one month are one.
    PERIODS = "periods"


def _check_share(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # A NaN share cannot be ordered (comparing it raises), so it is refused first.
    if (
        not isinstance(value, Decimal)
        or not value.is_finite()
        or not Decimal(0) < value <= Decimal(1)
    ):
        raise InvalidValueError(attribute.name, "a Decimal above 0 and at most 1", value)


@final
@attrs.frozen
class RevenueShare:
    """High value: the parties that together make *share* of the seller's revenue.

    >>> RevenueShare(Decimal("0.8")).share
    Decimal('0.8')

    The biggest spenders are taken first until their revenue reaches the
    share; everyone spending at least as much as the last one taken is high
    value too, so ties never split.

    .. versionadded:: 0.1.0
    """

    share: Decimal = attrs.field(validator=_check_share)


@final
@attrs.frozen
class ValueThreshold:
    """High value: net revenue from the party reaches *minimum*.

    >>> ValueThreshold(Money(Decimal("1000"), "EUR")).minimum.currency
    'EUR'

    .. versionadded:: 0.1.0
    """

    minimum: Money = attrs.field(validator=check_instance(Money, "a Money"))


#: How the value tier is decided.
ValueRule: TypeAlias = RevenueShare | ValueThreshold


def _check_window(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, CalendarPeriod):
        return
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise InvalidValueError(attribute.name, "a positive timedelta or a CalendarPeriod", value)


def _check_duration(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, timedelta) or value <= timedelta(0):
        raise InvalidValueError(attribute.name, "a positive timedelta", value)


def _check_count(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 2:
        raise InvalidValueError(attribute.name, "an int of at least 2", value)


def _check_churn(instance: Policy, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_duration(instance, attribute, value)
    if value <= instance.activity_window:  # type: ignore[operator]
        raise InvalidValueError(
            attribute.name,
            f"longer than 'activity_window' ({instance.activity_window!r})",
            value,
        )


def _check_value_rule(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, RevenueShare | ValueThreshold):
        raise InvalidValueError(attribute.name, "a RevenueShare or a ValueThreshold", value)


def _check_name(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or not value.isidentifier():
        raise InvalidValueError(attribute.name, "a name like 'my_policy'", value)


@final
@attrs.frozen(kw_only=True)
class Policy:
    """Every threshold and convention behind a judgement, as one value.

    >>> from datetime import timedelta
    >>> DEFAULT.activity_window
    datetime.timedelta(days=90)
    >>> strict = attrs.evolve(DEFAULT, name="strict", churn_window=timedelta(days=180))
    >>> strict.churn_window.days
    180

    Start from a preset (:data:`DEFAULT`, :data:`ACCOUNT_MANAGEMENT`,
    :data:`PROFESSIONAL_SERVICES`, :data:`INCLUSIVE`) and change what your
    business sees differently with :func:`attrs.evolve`, giving it a new
    ``name`` so reports say which policy produced them.

    .. versionadded:: 0.1.0
    """

    #: The name reports show.
    name: str = attrs.field(validator=_check_name)
    #: How long a party stays *new* after its first engagement: a duration,
    #: or the calendar period it started in.
    new_window: Window = attrs.field(default=timedelta(days=30), validator=_check_window)
    #: A party is *active* while its last activity is more recent than this.
    activity_window: timedelta = attrs.field(default=timedelta(days=90), validator=_check_duration)
    #: A party is *churned* (lost) once inactive for this long.
    churn_window: timedelta = attrs.field(default=timedelta(days=365), validator=_check_churn)
    #: Repeat business becomes *long-term* once first and last purchase are
    #: this far apart …
    long_term_span: timedelta = attrs.field(default=timedelta(days=365), validator=_check_duration)
    #: … and at least this many purchases (or periods) were paid.
    long_term_count: int = attrs.field(default=3, validator=_check_count)
    #: What counts as coming back.
    repeat_counting: RepeatCounting = attrs.field(
        default=RepeatCounting.PURCHASES, validator=check_enum(RepeatCounting)
    )
    #: The period used when ``repeat_counting`` is by periods.
    repeat_period: CalendarPeriod = attrs.field(
        default=CalendarPeriod.MONTH, validator=check_enum(CalendarPeriod)
    )
    #: A customer becomes an *account* when it pays in a later one of these
    #: periods than its first.
    account_period: CalendarPeriod = attrs.field(
        default=CalendarPeriod.MONTH, validator=check_enum(CalendarPeriod)
    )
    #: What makes a client.
    client_rule: ClientRule = attrs.field(
        default=ClientRule.RELATIONSHIP, validator=check_enum(ClientRule)
    )
    #: What a visit makes a party that never paid.
    visit_rule: VisitRule = attrs.field(default=VisitRule.VISITOR, validator=check_enum(VisitRule))
    #: How the value tier is decided.
    value_rule: ValueRule = attrs.field(
        default=RevenueShare(Decimal("0.8")), validator=_check_value_rule
    )
    #: Who paid, when a purchase does not say.
    unknown_payer: Assumption = attrs.field(
        default=Assumption.BUYER, validator=check_enum(Assumption)
    )
    #: Who uses, when a purchase does not say.
    unknown_users: Assumption = attrs.field(
        default=Assumption.UNKNOWN, validator=check_enum(Assumption)
    )


#: The default: 30 days new, 90 days active, lost after a year without
#: activity; clients by relationship; high value for the parties making 80%
#: of revenue; an unrecorded payer is the buyer, unrecorded users stay unknown.
DEFAULT: Final = Policy(name="default")

#: Account management as sales teams run it: a customer is new (owned by
#: business development) in the calendar month of its first purchase, and an
#: account (owned by an account manager) once it buys in a later month.
#: Repeat business is counted in months.
ACCOUNT_MANAGEMENT: Final = Policy(
    name="account_management",
    new_window=CalendarPeriod.MONTH,
    repeat_counting=RepeatCounting.PERIODS,
    repeat_period=CalendarPeriod.MONTH,
    account_period=CalendarPeriod.MONTH,
)

#: Professional services (law, accounting, consulting, medicine): everyone
#: engaged is a client, and engagements are judged over years, not months.
PROFESSIONAL_SERVICES: Final = Policy(
    name="professional_services",
    new_window=timedelta(days=90),
    activity_window=timedelta(days=365),
    churn_window=timedelta(days=730),
    client_rule=ClientRule.ENGAGEMENT,
)

#: Inclusive retail counting: anyone who came in, asked or registered is a
#: customer already, as some retail writing has it.
INCLUSIVE: Final = Policy(name="inclusive", visit_rule=VisitRule.CUSTOMER)

#: Every preset by name.
PRESETS: Final[dict[str, Policy]] = {
    p.name: p for p in (DEFAULT, ACCOUNT_MANAGEMENT, PROFESSIONAL_SERVICES, INCLUSIVE)
}
