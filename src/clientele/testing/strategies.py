"""Hypothesis strategies for every public clientele type.

>>> from hypothesis import given
>>> from clientele.testing.strategies import ledgers
>>> @given(ledgers())
... def test_my_report_never_crashes(ledger):
...     ...

Install with the ``hypothesis`` extra (``pip install clientele[hypothesis]``).
Every strategy yields valid values only; :func:`ledgers` yields whole,
internally consistent ledgers whose facts refer to each other the way real
ones do (a few sellers and parties, many facts). Once clientele is installed,
``st.from_type(Purchase)`` and friends use these strategies too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, TypeVar

import attrs

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised without the extra
    msg = (
        "clientele.testing.strategies needs Hypothesis: "
        "install the 'hypothesis' extra with `pip install clientele[hypothesis]`"
    )
    raise ImportError(msg) from exc

from .._deal_roles import DealRoles, deal_roles
from .._facts import (
    Confidentiality,
    Contract,
    Fact,
    Purchase,
    Purpose,
    Referral,
    Refund,
    RepresentativeAssignment,
    RepresentativeRole,
    Usage,
    Visit,
    VisitKind,
)
from .._judgement import Judgement, Reason, Role, Rule
from .._ledger import Ledger, Record
from .._money import CURRENCIES, Money
from .._offerings import Customization, Market, Offering, OfferingKind
from .._parties import (
    ANONYMOUS,
    Anonymous,
    BusinessModel,
    Organization,
    Party,
    Person,
    Seller,
)
from .._periods import CalendarPeriod
from .._policy import (
    Assumption,
    ClientRule,
    Policy,
    RepeatCounting,
    RevenueShare,
    ValueRule,
    ValueThreshold,
    VisitRule,
    Window,
)
from .._population import Population, Transition, judge, judge_all, timeline
from .._summary import LedgerSummary, PartySummary, recorded_at, summarize_ledger
from .._time import When, instant_of

__all__ = [
    "anonymous",
    "assignments",
    "business_models",
    "contracts",
    "currencies",
    "durations",
    "facts",
    "instants",
    "instants_near",
    "judgements",
    "ledger_summaries",
    "ledgers",
    "moneys",
    "offerings",
    "organizations",
    "parties",
    "party_summaries",
    "persons",
    "policies",
    "populations",
    "purchase_roles",
    "purchases",
    "reasons",
    "records",
    "referrals",
    "refunds",
    "revenue_shares",
    "sellers",
    "transitions",
    "usages",
    "value_rules",
    "value_thresholds",
    "visits",
    "whens",
    "windows",
]

_FIRST_DAY = date(2020, 1, 1)
_LAST_DAY = date(2025, 12, 31)

#: Ids drawn from small pools, so that generated facts name the same parties.
PARTY_IDS = tuple(f"p-{n}" for n in range(8))
SELLER_IDS = ("s-0", "s-1", "s-2")
OFFERING_IDS = ("o-0", "o-1", "o-2")


def currencies() -> st.SearchStrategy[str]:
    """ISO 4217 codes clientele accepts."""
    return st.sampled_from(sorted(CURRENCIES))


def moneys(currency: str | None = None) -> st.SearchStrategy[Money]:
    """Any finite amount (negative and zero included), in *currency* or any."""
    amounts = st.decimals(
        allow_nan=False,
        allow_infinity=False,
        places=2,
        min_value=-(10**9),
        max_value=10**9,
    )
    return st.builds(Money, amounts, st.just(currency) if currency else currencies())


def _positive_moneys(currency: str | None = None) -> st.SearchStrategy[Money]:
    amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2)
    return st.builds(Money, amounts, st.just(currency) if currency else currencies())


_OFFSETS = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=1)),
        timezone(timedelta(hours=-5)),
        timezone(timedelta(hours=5, minutes=30)),
    ]
)


def whens(first: date = _FIRST_DAY, last: date = _LAST_DAY) -> st.SearchStrategy[When]:
    """Dates, and timezone-aware datetimes, from *first* to *last* (2020 to 2025)."""
    dates = st.dates(min_value=first, max_value=last)
    datetimes = st.datetimes(
        min_value=datetime.combine(first, datetime.min.time()),
        max_value=datetime.combine(last, datetime.min.time()),
        timezones=_OFFSETS,
    )
    return st.one_of(dates, datetimes)


def _times(times: st.SearchStrategy[When] | None) -> st.SearchStrategy[When]:
    return whens() if times is None else times


def _ids(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    # Favour the first ids, so that generated facts often name the same
    # parties and sellers (repeat business, several roles at once).
    return st.one_of(st.sampled_from(pool[:2]), st.sampled_from(pool))


def _texts() -> st.SearchStrategy[str]:
    return st.text(max_size=12)


def anonymous() -> st.SearchStrategy[Anonymous]:
    """Only the anonymous party."""
    return st.just(ANONYMOUS)


def _party_refs() -> st.SearchStrategy[str | Anonymous]:
    return st.one_of(_ids(PARTY_IDS), anonymous())


def persons() -> st.SearchStrategy[Person]:
    """Individuals, described."""
    return st.builds(Person, id=_ids(PARTY_IDS), name=st.none() | _texts())


def organizations() -> st.SearchStrategy[Organization]:
    """Organizations, described, some with members."""
    return st.builds(
        Organization,
        id=_ids(PARTY_IDS),
        name=st.none() | _texts(),
        members=st.lists(_ids(PARTY_IDS), unique=True, max_size=3).map(tuple),
    )


def parties() -> st.SearchStrategy[Party]:
    """Persons and organizations."""
    return st.one_of(persons(), organizations())


def business_models() -> st.SearchStrategy[BusinessModel]:
    """Every business model."""
    return st.sampled_from(BusinessModel)


def sellers() -> st.SearchStrategy[Seller]:
    """Sellers, described."""
    return st.builds(
        Seller,
        id=_ids(SELLER_IDS),
        business_model=business_models(),
        name=st.none() | _texts(),
    )


def offerings() -> st.SearchStrategy[Offering]:
    """Offerings, some made by a party other than the seller."""
    return st.builds(
        Offering,
        id=_ids(OFFERING_IDS),
        kind=st.sampled_from(OfferingKind),
        customization=st.sampled_from(Customization),
        market=st.sampled_from(Market),
        maker=st.none() | _ids(SELLER_IDS + PARTY_IDS[:2]),
        name=st.none() | _texts(),
    )


def purchases(
    currency: str | None = None,
    offering_ids: tuple[str, ...] = OFFERING_IDS,
    times: st.SearchStrategy[When] | None = None,
) -> st.SearchStrategy[Purchase]:
    """Purchases with every combination of recorded and unrecorded deal roles."""
    return st.builds(
        Purchase,
        id=st.just("f-0"),
        seller=_ids(SELLER_IDS),
        at=_times(times),
        amount=_positive_moneys(currency),
        buyer=_party_refs(),
        payer=st.none() | _party_refs(),
        users=st.none() | st.lists(_ids(PARTY_IDS), unique=True, max_size=2).map(tuple),
        decision_maker=st.none() | _ids(PARTY_IDS),
        influencers=st.lists(_ids(PARTY_IDS), unique=True, max_size=2).map(tuple),
        purpose=st.none() | st.sampled_from(Purpose),
        offering=st.none() | _ids(offering_ids) if offering_ids else st.none(),
    )


@st.composite
def contracts(
    draw: st.DrawFn,
    currency: str | None = None,
    times: st.SearchStrategy[When] | None = None,
) -> Contract:
    """Contracts, open-ended or ending after they start."""
    start = draw(_times(times))
    end = draw(st.none() | _later_than(start))
    return Contract(
        id="c-0",
        seller=draw(_ids(SELLER_IDS)),
        counterparty=draw(_ids(PARTY_IDS)),
        signed=draw(_times(times)),
        start=start,
        end=end,
        scope=draw(_texts()),
        fees=draw(st.none() | _positive_moneys(currency)),
        cancellation=draw(st.none() | _texts()),
        confidentiality=draw(st.sampled_from(Confidentiality)),
    )


def visits(times: st.SearchStrategy[When] | None = None) -> st.SearchStrategy[Visit]:
    """Visits by identified and anonymous parties."""
    return st.builds(
        Visit,
        id=st.just("v-0"),
        seller=_ids(SELLER_IDS),
        party=_party_refs(),
        at=_times(times),
        kind=st.sampled_from(VisitKind),
    )


def usages(
    offering_ids: tuple[str, ...] = OFFERING_IDS,
    times: st.SearchStrategy[When] | None = None,
) -> st.SearchStrategy[Usage]:
    """Usages, not linked to any purchase."""
    return st.builds(
        Usage,
        id=st.just("u-0"),
        seller=_ids(SELLER_IDS),
        party=_ids(PARTY_IDS),
        at=_times(times),
        offering=st.none() | _ids(offering_ids) if offering_ids else st.none(),
    )


def referrals(times: st.SearchStrategy[When] | None = None) -> st.SearchStrategy[Referral]:
    """Referrals, to tracked and untracked parties."""
    return st.builds(
        Referral,
        id=st.just("r-0"),
        seller=_ids(SELLER_IDS),
        promoter=_ids(PARTY_IDS),
        at=_times(times),
        referred=st.none() | _ids(PARTY_IDS),
    )


@st.composite
def assignments(
    draw: st.DrawFn, times: st.SearchStrategy[When] | None = None
) -> RepresentativeAssignment:
    """Dedicated representatives given to parties, some ended."""
    at = draw(_times(times))
    return RepresentativeAssignment(
        id="a-0",
        seller=draw(_ids(SELLER_IDS)),
        party=draw(_ids(PARTY_IDS)),
        at=at,
        representative=draw(_texts()),
        role=draw(st.sampled_from(RepresentativeRole)),
        end=draw(st.none() | _later_than(at)),
    )


def _later_than(when: When) -> st.SearchStrategy[When]:
    return st.integers(1, 1500).map(lambda days: when + timedelta(days=days))


def refunds(
    currency: str | None = None, times: st.SearchStrategy[When] | None = None
) -> st.SearchStrategy[Refund]:
    """Refunds of a purchase ``f-0`` (on their own; :func:`ledgers` links them)."""
    return st.builds(
        Refund,
        id=st.just("rf-0"),
        seller=_ids(SELLER_IDS),
        purchase=st.just("f-0"),
        at=_times(times),
        amount=_positive_moneys(currency),
    )


def facts() -> st.SearchStrategy[Fact]:
    """Any single fact."""
    return st.one_of(
        purchases(),
        contracts(),
        visits(),
        usages(),
        referrals(),
        assignments(),
        refunds(),
    )


def records() -> st.SearchStrategy[Record]:
    """Any single record: a party, seller, offering or fact."""
    return st.one_of(parties(), sellers(), offerings(), facts())


def _unique_by_id(items: list[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


def _renumber(items: list[Any], prefix: str) -> list[Any]:
    return [attrs.evolve(item, id=f"{prefix}-{n}") for n, item in enumerate(items)]


_Priced = TypeVar("_Priced", Purchase, Contract)


@st.composite
def ledgers(draw: st.DrawFn, currency: str | None = "EUR", max_facts: int = 20) -> Ledger:
    """Whole, consistent ledgers: unique ids, refunds within their purchase.

    All amounts are in *currency* (``None``: each seller draws its own), so
    that sums per seller are defined.
    """
    seller_currency = {seller: currency or draw(currencies()) for seller in SELLER_IDS}
    # Facts cluster in a window of a few weeks to a few years, so that
    # windows (new, active, churned) and long-term spans all come up.
    first = draw(st.dates(min_value=date(2022, 1, 1), max_value=date(2024, 12, 31)))
    span = draw(st.sampled_from([45, 400, 1200]))
    times = whens(first, first + timedelta(days=span))
    described_offerings = _unique_by_id(draw(st.lists(offerings(), max_size=3)))
    offering_ids = tuple(o.id for o in described_offerings)

    def in_currency(fact: _Priced) -> _Priced:
        changes: dict[str, Any] = {}
        for name in ("amount", "fees"):
            money = getattr(fact, name, None)
            if isinstance(money, Money):
                changes[name] = Money(money.amount, seller_currency[fact.seller])
        return attrs.evolve(fact, **changes) if changes else fact

    size = st.integers(0, max_facts)
    n = draw(size)
    bought = [
        in_currency(p)
        for p in draw(st.lists(purchases(offering_ids=offering_ids, times=times), max_size=n))
    ]
    bought = _renumber(bought, "f")
    refunded: list[Refund] = []
    for purchase in draw(
        st.lists(st.sampled_from(bought), max_size=3, unique_by=lambda p: p.id)
        if bought
        else st.just([])
    ):
        share = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2))
        amount = (purchase.amount.amount * share).quantize(Decimal("0.01"))
        if amount > 0:
            refunded.append(
                Refund(
                    id=f"rf-{len(refunded)}",
                    seller=purchase.seller,
                    purchase=purchase.id,
                    at=draw(times),
                    amount=Money(amount, purchase.amount.currency),
                )
            )
    return Ledger(
        parties=_unique_by_id(draw(st.lists(parties(), max_size=6))),
        sellers=_unique_by_id(draw(st.lists(sellers(), max_size=3))),
        offerings=described_offerings,
        purchases=bought,
        contracts=_renumber(
            [in_currency(c) for c in draw(st.lists(contracts(times=times), max_size=4))], "c"
        ),
        visits=_renumber(draw(st.lists(visits(times), max_size=4)), "v"),
        usages=_renumber(draw(st.lists(usages(offering_ids, times), max_size=4)), "u"),
        referrals=_renumber(draw(st.lists(referrals(times), max_size=3)), "r"),
        assignments=_renumber(draw(st.lists(assignments(times), max_size=3)), "a"),
        refunds=refunded,
    )


# Judgements: policies, and values derived from generated ledgers the way
# clientele derives them, so that they are consistent with their facts.


def instants_near(ledger: Ledger) -> st.SearchStrategy[datetime]:
    """Instants to judge *ledger* as of: around its facts, where judgements change."""
    moments = sorted({instant_of(recorded_at(f)) for f in ledger.facts})
    if not moments:
        return instants()
    near = st.tuples(st.sampled_from(moments), st.integers(-40 * 24, 800 * 24)).map(
        lambda pair: (pair[0] + timedelta(hours=pair[1])).astimezone(UTC)
    )
    return st.one_of(near, instants())


def instants() -> st.SearchStrategy[datetime]:
    """Timezone-aware datetimes between 2020 and 2026: instants to judge as of."""
    return st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2026, 12, 31),
        timezones=_OFFSETS,
    )


def durations(
    min_value: timedelta = timedelta(microseconds=1),
    max_value: timedelta = timedelta(days=3650),
) -> st.SearchStrategy[timedelta]:
    """Positive durations (microseconds to years), as policy windows hold them."""
    return st.timedeltas(min_value=min_value, max_value=max_value)


def windows() -> st.SearchStrategy[Window]:
    """Policy windows: a positive duration, or a calendar period."""
    return st.one_of(durations(), st.sampled_from(CalendarPeriod))


def revenue_shares() -> st.SearchStrategy[RevenueShare]:
    """Revenue-share value rules: shares above 0 and at most 1."""
    shares = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2)
    return st.builds(RevenueShare, shares)


def value_thresholds(currency: str | None = None) -> st.SearchStrategy[ValueThreshold]:
    """Threshold value rules, in *currency* or any."""
    return st.builds(ValueThreshold, moneys(currency))


def value_rules(currency: str | None = None) -> st.SearchStrategy[ValueRule]:
    """Either kind of value rule; thresholds in *currency* or any."""
    return st.one_of(revenue_shares(), value_thresholds(currency))


@st.composite
def policies(draw: st.DrawFn, currency: str | None = None) -> Policy:
    """Policies the validators accept: any windows, counts and rules.

    Thresholds are in *currency* (``None``: any); judge ledgers in one
    currency with policies in the same one.
    """
    activity = draw(durations())
    return Policy(
        name=draw(st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True)),
        new_window=draw(windows()),
        activity_window=activity,
        churn_window=activity + draw(durations()),
        long_term_span=draw(durations()),
        long_term_count=draw(st.integers(2, 24)),
        repeat_counting=draw(st.sampled_from(RepeatCounting)),
        repeat_period=draw(st.sampled_from(CalendarPeriod)),
        account_period=draw(st.sampled_from(CalendarPeriod)),
        client_rule=draw(st.sampled_from(ClientRule)),
        visit_rule=draw(st.sampled_from(VisitRule)),
        value_rule=draw(value_rules(currency)),
        unknown_payer=draw(st.sampled_from(Assumption)),
        unknown_users=draw(st.sampled_from(Assumption)),
    )


#: The fields a reason can explain, and the rules that can decide each kind.
_REASON_FIELDS = (
    "standing",
    "tenure",
    "environment",
    "stage",
    "tier",
    "account",
    *(f"role.{role.value}" for role in Role),
)
_RULES_BY_KIND = {
    kind: tuple(rule for rule in Rule if rule.value.startswith(f"{kind}."))
    for kind in {field.partition(".")[0] for field in _REASON_FIELDS}
}


@st.composite
def reasons(draw: st.DrawFn) -> Reason:
    """Reasons for every field, each with a rule that decides that field."""
    field = draw(st.sampled_from(_REASON_FIELDS))
    return Reason(
        field=field,
        rule=draw(st.sampled_from(_RULES_BY_KIND[field.partition(".")[0]])),
        detail=draw(_texts()),
        facts=tuple(
            draw(st.lists(st.sampled_from(("f-0", "c-0", "v-0", "u-0")), unique=True, max_size=3))
        ),
    )


@st.composite
def purchase_roles(draw: st.DrawFn) -> DealRoles:
    """Deal roles of generated purchases, under generated policies."""
    return deal_roles(draw(purchases()), draw(policies()))


# The strategies below judge what they generate, which costs more than drawing
# it: their ledgers are smaller than those of ledgers() by default.


@st.composite
def populations(draw: st.DrawFn, currency: str = "EUR", max_facts: int = 10) -> Population:
    """Judgements of a seller's whole base, from a ledger in *currency*."""
    return judge_all(
        draw(ledgers(currency, max_facts)),
        draw(_ids(SELLER_IDS)),
        as_of=draw(instants()),
        policy=draw(policies(currency)),
    )


@st.composite
def judgements(draw: st.DrawFn, currency: str = "EUR", max_facts: int = 10) -> Judgement:
    """Judgements of one party (known to the seller or not), in *currency*."""
    return judge(
        draw(ledgers(currency, max_facts)),
        draw(_ids(SELLER_IDS)),
        draw(_ids(PARTY_IDS)),
        as_of=draw(instants()),
        policy=draw(policies(currency)),
    )


@st.composite
def transitions(draw: st.DrawFn, max_facts: int = 10) -> Transition:
    """Transitions: changes in a party's judgement, from a generated timeline.

    The ledger gets one more purchase by the party, so its timeline is never
    empty.
    """
    sale = draw(purchases(currency="EUR", offering_ids=()))
    party = draw(_ids(PARTY_IDS))
    sale = attrs.evolve(sale, id="f-timeline", buyer=party)
    ledger = draw(ledgers(max_facts=max_facts)).with_records(sale)
    until = instant_of(sale.at) + draw(st.timedeltas(timedelta(0), timedelta(days=800)))
    changes = timeline(ledger, sale.seller, party, until=until, policy=draw(policies("EUR")))
    return draw(st.sampled_from(changes))


def ledger_summaries(
    currency: str | None = "EUR", max_facts: int = 10
) -> st.SearchStrategy[LedgerSummary]:
    """Summaries of generated ledgers, with or without a cutoff."""
    return st.builds(
        lambda ledger, cutoff, policy: summarize_ledger(ledger, cutoff=cutoff, policy=policy),
        ledgers(currency, max_facts),
        st.none() | instants(),
        policies(currency),
    )


@st.composite
def party_summaries(
    draw: st.DrawFn, currency: str | None = "EUR", max_facts: int = 10
) -> PartySummary:
    """Summaries of one (seller, party) pair of a generated ledger, or empty ones."""
    summary = draw(ledger_summaries(currency, max_facts))
    return draw(
        st.sampled_from(
            [PartySummary(), *summary.parties.values(), *summary.unattributed.values()]
        )
    )
