import inspect
import subprocess
import sys
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clientele import (
    CURRENCIES,
    Anonymous,
    BusinessModel,
    Contract,
    Ledger,
    Money,
    Offering,
    Organization,
    Person,
    Purchase,
    Referral,
    Refund,
    RepresentativeAssignment,
    Seller,
    Usage,
    Visit,
)
from clientele.testing import strategies

#: Every strategy, called without arguments, and the types of what it yields.
STRATEGIES: dict[str, tuple[type, ...]] = {
    "anonymous": (Anonymous,),
    "assignments": (RepresentativeAssignment,),
    "business_models": (BusinessModel,),
    "contracts": (Contract,),
    "currencies": (str,),
    "facts": (Purchase, Contract, Visit, Usage, Referral, RepresentativeAssignment, Refund),
    "ledgers": (Ledger,),
    "moneys": (Money,),
    "offerings": (Offering,),
    "organizations": (Organization,),
    "parties": (Person, Organization),
    "persons": (Person,),
    "purchases": (Purchase,),
    "records": (
        Person,
        Organization,
        Seller,
        Offering,
        Purchase,
        Contract,
        Visit,
        Usage,
        Referral,
        RepresentativeAssignment,
        Refund,
    ),
    "referrals": (Referral,),
    "refunds": (Refund,),
    "sellers": (Seller,),
    "usages": (Usage,),
    "visits": (Visit,),
    "whens": (date, datetime),
}

#: The types registered with st.from_type by the entry-point plugin.
REGISTERED: list[type] = [
    Anonymous,
    Person,
    Organization,
    Seller,
    Offering,
    Money,
    Purchase,
    Contract,
    Visit,
    Usage,
    Referral,
    RepresentativeAssignment,
    Refund,
    Ledger,
]


def _takes_no_argument(name: str) -> bool:
    parameters = inspect.signature(getattr(strategies, name)).parameters.values()
    return all(
        p.default is not inspect.Parameter.empty or p.kind is inspect.Parameter.VAR_KEYWORD
        for p in parameters
    )


#: Exported strategies not in the table, that can be called without arguments.
OTHER_STRATEGIES = sorted(
    name for name in strategies.__all__ if name not in STRATEGIES and _takes_no_argument(name)
)


def assert_valid(value: Any) -> None:
    """Assert *value* passes its own type's checks (and a ledger its rules)."""
    if isinstance(value, Ledger):
        assert value == Ledger.from_records(value.records())
    elif attrs.has(type(value)):
        attrs.validate(value)
        for field in attrs.fields(type(value)):
            assert_valid(getattr(value, field.name))


class TestEveryStrategy:
    """Every strategy yields valid values of its type."""

    def test_table_names_exported_strategies(self) -> None:
        """Every strategy in the table above is exported by the module."""
        assert set() == set(STRATEGIES) - set(strategies.__all__)

    @pytest.mark.parametrize("name", sorted(set(STRATEGIES) - {"ledgers"}))
    @given(data=st.data())
    def test_yields_valid_values_of_its_type(self, name: str, data: st.DataObject) -> None:
        """Each strategy yields valid instances of the type it is named for."""
        value = data.draw(getattr(strategies, name)())

        assert isinstance(value, STRATEGIES[name])
        assert_valid(value)

    @pytest.mark.parametrize("name", OTHER_STRATEGIES)
    # Judgement strategies are slow and have their own tests: a few examples
    # show each yields valid values.
    @settings(max_examples=10, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def test_other_strategies_yield_valid_values(self, name: str, data: st.DataObject) -> None:
        """Strategies beyond the table (taking no argument) yield valid values."""
        assert_valid(data.draw(getattr(strategies, name)()))

    @given(strategies.currencies())
    def test_currencies_are_accepted(self, currency: str) -> None:
        """Every generated currency is one clientele accepts."""
        assert currency in CURRENCIES

    @given(strategies.whens())
    def test_whens_are_dates_or_aware(self, when: date) -> None:
        """Generated times are dates or aware datetimes, never naive."""
        assert not isinstance(when, datetime) or when.utcoffset() is not None


class TestArguments:
    """Strategies honour their arguments."""

    @given(strategies.moneys("JPY"))
    def test_moneys_in_one_currency(self, money: Money) -> None:
        """moneys(currency) stays in that currency."""
        assert "JPY" == money.currency

    @given(strategies.purchases(currency="USD", offering_ids=()))
    def test_purchases_in_one_currency_without_offerings(self, purchase: Purchase) -> None:
        """purchases() honours the currency, and names no offering when given none."""
        assert ("USD", None) == (purchase.amount.currency, purchase.offering)

    @given(strategies.purchases())
    def test_purchases_are_paid(self, purchase: Purchase) -> None:
        """Every generated purchase has a positive amount."""
        assert purchase.amount.amount > 0

    @given(strategies.contracts(currency="GBP"))
    def test_contract_fees_in_one_currency(self, contract: Contract) -> None:
        """contracts(currency) charges fees in that currency."""
        assert contract.fees is None or "GBP" == contract.fees.currency

    @given(strategies.usages(offering_ids=()))
    def test_usages_without_offerings(self, usage: Usage) -> None:
        """usages() names no offering when given none."""
        assert usage.offering is None

    @given(strategies.refunds(currency="CHF"))
    def test_refunds_in_one_currency(self, refund: Refund) -> None:
        """refunds(currency) refunds in that currency."""
        assert "CHF" == refund.amount.currency


class TestLedgers:
    """Generated ledgers are internally consistent."""

    @given(st.data())
    def test_ledgers_are_consistent(self, data: st.DataObject) -> None:
        """Ledgers are valid, refunds stay within purchases, one currency per seller."""
        currency = data.draw(st.sampled_from([None, "EUR", "JPY"]), label="currency")
        ledger = data.draw(strategies.ledgers(currency=currency))
        assert_valid(ledger)

        paid = {purchase.id: purchase.amount.amount for purchase in ledger.purchases}
        refunded: dict[str, Decimal] = defaultdict(Decimal)
        for refund in ledger.refunds:
            refunded[refund.purchase] += refund.amount.amount
        assert [] == [p for p, total in refunded.items() if total > paid[p]]

        currencies: dict[str, set[str]] = defaultdict(set)
        for fact in ledger.facts:
            for name in ("amount", "fees"):
                money = getattr(fact, name, None)
                if isinstance(money, Money):
                    currencies[fact.seller].add(money.currency)
        assert [] == [seller for seller, found in currencies.items() if len(found) > 1]
        if currency is not None:
            assert set() == set().union(*currencies.values()) - {currency}

    @settings(max_examples=20)  # a bound, not a property of varied ledgers
    @given(strategies.ledgers(max_facts=0))
    def test_max_facts_bounds_purchases(self, ledger: Ledger) -> None:
        """max_facts=0 gives no purchases, and so no refunds."""
        assert ((), ()) == (ledger.purchases, ledger.refunds)


class TestFromType:
    """st.from_type uses clientele's strategies, through the plugin."""

    @pytest.mark.parametrize("cls", REGISTERED, ids=lambda cls: cls.__name__)
    @settings(max_examples=10)  # checks the registration, not the strategies
    @given(data=st.data())
    def test_registered_through_the_plugin(self, cls: type[Any], data: st.DataObject) -> None:
        """st.from_type(T) yields valid clientele values for every public type."""
        value = data.draw(st.from_type(cls))

        assert isinstance(value, cls)
        assert_valid(value)

    def test_importable_before_hypothesis(self) -> None:
        """Importing the strategies first does not trip over the plugin hook."""
        result = subprocess.run(
            [sys.executable, "-c", "import clientele.testing.strategies"],
            capture_output=True,
            text=True,
            check=False,
        )

        assert (0, "") == (result.returncode, result.stderr)
