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
from typing import Any

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised without the extra
    msg = (
        "clientele.testing.strategies needs Hypothesis: "
        "install the 'hypothesis' extra with `pip install clientele[hypothesis]`"
    )
    raise ImportError(msg) from exc

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
from .._ledger import Ledger, Record
from .._money import CURRENCIES, Money
from .._offerings import Customization, Market, Offering, OfferingKind
from .._parties import ANONYMOUS, Anonymous, BusinessModel, Organization, Party, Person, Seller
from .._time import When

__all__ = [
    "anonymous",
    "assignments",
    "business_models",
    "contracts",
    "currencies",
    "facts",
    "ledgers",
    "moneys",
    "offerings",
    "organizations",
    "parties",
    "persons",
    "purchases",
    "records",
    "referrals",
    "refunds",
    "sellers",
    "usages",
    "visits",
    "whens",
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
    amounts = st.decimals(allow_nan=False, allow_infinity=False, places=2,
                          min_value=-10**9, max_value=10**9)
    return st.builds(Money, amounts, st.just(currency) if currency else currencies())


def _positive_moneys(currency: str | None = None) -> st.SearchStrategy[Money]:
    amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(5000), places=2)
    return st.builds(Money, amounts, st.just(currency) if currency else currencies())


_OFFSETS = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5)),
                            timezone(timedelta(hours=5, minutes=30))])


def whens() -> st.SearchStrategy[When]:
    """Dates, and timezone-aware datetimes, between 2020 and 2025."""
    dates = st.dates(min_value=_FIRST_DAY, max_value=_LAST_DAY)
    datetimes = st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2025, 12, 31), timezones=_OFFSETS
    )
    return st.one_of(dates, datetimes)


def _ids(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    return st.sampled_from(pool)


def _texts() -> st.SearchStrategy[str]:
    return st.text(max_size=12)


def anonymous() -> st.SearchStrategy[Anonymous]:
    """The anonymous party."""
    return st.just(ANONYMOUS)


def _party_refs() -> st.SearchStrategy[str | Anonymous]:
    return st.one_of(_ids(PARTY_IDS), anonymous())


def persons() -> st.SearchStrategy[Person]:
    """Described individuals."""
    return st.builds(Person, id=_ids(PARTY_IDS), name=st.none() | _texts())


def organizations() -> st.SearchStrategy[Organization]:
    """Described organizations, some with members."""
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
    """Business models."""
    return st.sampled_from(BusinessModel)


def sellers() -> st.SearchStrategy[Seller]:
    """Described sellers."""
    return st.builds(Seller, id=_ids(SELLER_IDS), business_model=business_models(),
                     name=st.none() | _texts())


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
    currency: str | None = None, offering_ids: tuple[str, ...] = OFFERING_IDS
) -> st.SearchStrategy[Purchase]:
    """Purchases with every combination of recorded and unrecorded deal roles."""
    return st.builds(
        Purchase,
        id=st.just("f-0"),
        seller=_ids(SELLER_IDS),
        at=whens(),
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
def contracts(draw: st.DrawFn, currency: str | None = None) -> Contract:
    """Contracts, open-ended or ending after they start."""
    start = draw(whens())
    end = draw(st.none() | _later_than(start))
    return Contract(
        id="c-0",
        seller=draw(_ids(SELLER_IDS)),
        counterparty=draw(_ids(PARTY_IDS)),
        signed=draw(whens()),
        start=start,
        end=end,
        scope=draw(_texts()),
        fees=draw(st.none() | _positive_moneys(currency)),
        cancellation=draw(st.none() | _texts()),
        confidentiality=draw(st.sampled_from(Confidentiality)),
    )


def visits() -> st.SearchStrategy[Visit]:
    """Visits by identified and anonymous parties."""
    return st.builds(Visit, id=st.just("v-0"), seller=_ids(SELLER_IDS), party=_party_refs(),
                     at=whens(), kind=st.sampled_from(VisitKind))


def usages(offering_ids: tuple[str, ...] = OFFERING_IDS) -> st.SearchStrategy[Usage]:
    """Usages, not linked to any purchase."""
    return st.builds(Usage, id=st.just("u-0"), seller=_ids(SELLER_IDS), party=_ids(PARTY_IDS),
                     at=whens(),
                     offering=st.none() | _ids(offering_ids) if offering_ids else st.none())


def referrals() -> st.SearchStrategy[Referral]:
    """Referrals, to tracked and untracked parties."""
    return st.builds(Referral, id=st.just("r-0"), seller=_ids(SELLER_IDS),
                     promoter=_ids(PARTY_IDS), at=whens(),
                     referred=st.none() | _ids(PARTY_IDS))


@st.composite
def assignments(draw: st.DrawFn) -> RepresentativeAssignment:
    """Representative assignments, some ended."""
    at = draw(whens())
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


def refunds(currency: str | None = None) -> st.SearchStrategy[Refund]:
    """Refunds of a purchase ``f-0`` (on their own; :func:`ledgers` links them)."""
    return st.builds(Refund, id=st.just("rf-0"), seller=_ids(SELLER_IDS),
                     purchase=st.just("f-0"), at=whens(),
                     amount=_positive_moneys(currency))


def facts() -> st.SearchStrategy[Fact]:
    """Any single fact."""
    return st.one_of(purchases(), contracts(), visits(), usages(), referrals(),
                     assignments(), refunds())


def records() -> st.SearchStrategy[Record]:
    """Any single record: a party, seller, offering or fact."""
    return st.one_of(parties(), sellers(), offerings(), facts())


def _unique_by_id(items: list[Any]) -> list[Any]:
    seen: dict[str, Any] = {}
    for item in items:
        seen.setdefault(item.id, item)
    return list(seen.values())


def _renumber(items: list[Any], prefix: str) -> list[Any]:
    import attrs

    return [attrs.evolve(item, id=f"{prefix}-{n}") for n, item in enumerate(items)]


@st.composite
def ledgers(draw: st.DrawFn, currency: str | None = "EUR", max_facts: int = 20) -> Ledger:
    """Whole, consistent ledgers: unique ids, refunds within their purchase.

    All amounts are in *currency* (``None``: each seller draws its own), so
    that sums per seller are defined.
    """
    seller_currency = {
        seller: currency or draw(currencies()) for seller in SELLER_IDS
    }
    described_offerings = _unique_by_id(draw(st.lists(offerings(), max_size=3)))
    offering_ids = tuple(o.id for o in described_offerings)

    def in_currency(fact: Any) -> Any:
        import attrs

        changes = {}
        for name in ("amount", "fees"):
            money = getattr(fact, name, None)
            if isinstance(money, Money):
                changes[name] = Money(money.amount, seller_currency[fact.seller])
        return attrs.evolve(fact, **changes) if changes else fact

    size = st.integers(0, max_facts)
    n = draw(size)
    bought = [in_currency(p) for p in draw(st.lists(purchases(offering_ids=offering_ids),
                                                      max_size=n))]
    bought = _renumber(bought, "f")
    refunded: list[Refund] = []
    for purchase in draw(st.lists(st.sampled_from(bought), max_size=3, unique_by=lambda p: p.id)
                         if bought else st.just([])):
        share = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal(1), places=2))
        amount = (purchase.amount.amount * share).quantize(Decimal("0.01"))
        if amount > 0:
            refunded.append(Refund(
                id=f"rf-{len(refunded)}",
                seller=purchase.seller,
                purchase=purchase.id,
                at=draw(whens()),
                amount=Money(amount, purchase.amount.currency),
            ))
    return Ledger(
        parties=_unique_by_id(draw(st.lists(parties(), max_size=6))),
        sellers=_unique_by_id(draw(st.lists(sellers(), max_size=3))),
        offerings=described_offerings,
        purchases=bought,
        contracts=_renumber([in_currency(c) for c in draw(st.lists(contracts(), max_size=4))], "c"),
        visits=_renumber(draw(st.lists(visits(), max_size=4)), "v"),
        usages=_renumber(draw(st.lists(usages(offering_ids), max_size=4)), "u"),
        referrals=_renumber(draw(st.lists(referrals(), max_size=3)), "r"),
        assignments=_renumber(draw(st.lists(assignments(), max_size=3)), "a"),
        refunds=refunded,
    )
