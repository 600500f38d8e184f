import operator
from collections.abc import Callable
from decimal import Decimal

import pytest
from attrs.exceptions import FrozenInstanceError
from hypothesis import assume, given
from hypothesis import strategies as st

from clientele import CURRENCIES, CurrencyMismatchError, InvalidValueError, Money
from clientele.testing.strategies import currencies, moneys

EUR = Money(Decimal("4.50"), "EUR")
USD = Money(Decimal("4.50"), "USD")

COMPARISONS: list[Callable[[Money, Money], bool]] = [
    operator.lt,
    operator.le,
    operator.gt,
    operator.ge,
]


class TestConstruction:
    """Money holds an exact Decimal amount in an accepted currency."""

    def test_holds_amount_and_currency(self) -> None:
        """A Money keeps the exact amount and currency it was given."""
        money = Money(Decimal("4.50"), "EUR")

        assert (Decimal("4.50"), "EUR") == (money.amount, money.currency)

    def test_refuses_float_with_fix(self) -> None:
        """A float amount is refused, and the message shows the Decimal to use."""
        with pytest.raises(InvalidValueError) as info:
            Money(1.5, "EUR")  # type: ignore[arg-type]

        assert (
            "'amount' must be a decimal.Decimal (got 1.5); floats are inexact, use Decimal('1.5')"
        ) == str(info.value)
        assert ("amount", "a decimal.Decimal", 1.5) == (
            info.value.field,
            info.value.expected,
            info.value.got,
        )
        assert "floats are inexact, use Decimal('1.5')" == info.value.hint

    def test_refuses_int(self) -> None:
        """An int amount is refused: amounts are always Decimals."""
        with pytest.raises(InvalidValueError) as info:
            Money(3, "EUR")  # type: ignore[arg-type]

        assert "'amount' must be a decimal.Decimal (got 3)" == str(info.value)
        assert info.value.hint is None

    @pytest.mark.parametrize("amount", ["NaN", "sNaN", "Infinity", "-Infinity"])
    def test_refuses_non_finite(self, amount: str) -> None:
        """NaN and infinite amounts are refused."""
        with pytest.raises(InvalidValueError) as info:
            Money(Decimal(amount), "EUR")

        expected = f"'amount' must be a finite decimal.Decimal (got {Decimal(amount)!r})"
        assert expected == str(info.value)

    @pytest.mark.parametrize("currency", ["eur", "XTS", "XXX", "EURO", ""])
    def test_refuses_unknown_currency(self, currency: str) -> None:
        """A currency outside the ISO 4217 list clientele accepts is refused."""
        with pytest.raises(InvalidValueError) as info:
            Money(Decimal(1), currency)

        expected = f"'currency' must be an ISO 4217 currency code such as 'EUR' (got {currency!r})"
        assert expected == str(info.value)

    def test_refuses_non_string_currency(self) -> None:
        """A currency that is not a string is refused."""
        with pytest.raises(InvalidValueError) as info:
            Money(Decimal(1), 978)  # type: ignore[arg-type]

        expected = "'currency' must be an ISO 4217 currency code such as 'EUR' (got 978)"
        assert expected == str(info.value)

    @given(currencies())
    def test_accepts_every_listed_currency(self, currency: str) -> None:
        """Every code in CURRENCIES makes a Money."""
        assert currency == Money(Decimal(1), currency).currency

    def test_currencies_are_three_upper_case_letters(self) -> None:
        """Every accepted code has the ISO 4217 alphabetic shape."""
        assert set() == {code for code in CURRENCIES if not (len(code) == 3 and code.isupper())}

    def test_zero(self) -> None:
        """Money.zero is no money in the given currency."""
        assert Money(Decimal(0), "JPY") == Money.zero("JPY")

    def test_zero_refuses_unknown_currency(self) -> None:
        """Money.zero checks the currency like the constructor does."""
        with pytest.raises(InvalidValueError):
            Money.zero("ZZZ")


class TestArithmetic:
    """Money adds, subtracts and compares within one currency only."""

    def test_add(self) -> None:
        """Adding amounts in one currency sums them."""
        assert Money(Decimal("6.50"), "EUR") == EUR + Money(Decimal("2"), "EUR")

    def test_subtract(self) -> None:
        """Subtracting amounts in one currency may go below zero."""
        assert Money(Decimal("-0.50"), "EUR") == EUR - Money(Decimal("5"), "EUR")

    @pytest.mark.parametrize(
        ("operation", "verb"),
        [(operator.add, "add"), (operator.sub, "subtract")],
    )
    def test_mixed_currencies_refused(
        self, operation: Callable[[Money, Money], Money], verb: str
    ) -> None:
        """Adding or subtracting amounts in two currencies raises, naming both."""
        with pytest.raises(CurrencyMismatchError) as info:
            operation(EUR, USD)

        expected = (
            f"cannot {verb} amounts in different currencies (EUR and USD); "
            "convert one of them first"
        )
        assert expected == str(info.value)
        assert ("EUR", "USD") == (info.value.left, info.value.right)

    @pytest.mark.parametrize("comparison", COMPARISONS)
    def test_mixed_currency_comparison_refused(
        self, comparison: Callable[[Money, Money], bool]
    ) -> None:
        """Every ordering comparison across currencies raises CurrencyMismatchError."""
        with pytest.raises(CurrencyMismatchError) as info:
            comparison(USD, EUR)

        expected = (
            "cannot compare amounts in different currencies (USD and EUR); "
            "convert one of them first"
        )
        assert expected == str(info.value)

    def test_mismatch_is_a_value_error(self) -> None:
        """A currency mismatch can be caught as a plain ValueError."""
        with pytest.raises(ValueError, match="different currencies"):
            EUR + USD

    def test_compare_same_currency(self) -> None:
        """Amounts in one currency compare by amount."""
        smaller = Money(Decimal("1"), "EUR")

        expected = (True, True, False, False, True, True)
        actual = (
            smaller < EUR,
            smaller <= EUR,
            smaller > EUR,
            smaller >= EUR,
            EUR <= EUR,
            EUR >= EUR,
        )
        assert expected == actual

    @pytest.mark.parametrize(
        "operation",
        [operator.add, operator.sub, operator.lt, operator.le, operator.gt, operator.ge],
    )
    def test_non_money_operand_is_not_implemented(
        self, operation: Callable[[object, object], object]
    ) -> None:
        """Arithmetic and ordering with a non-Money raise TypeError."""
        with pytest.raises(TypeError):
            operation(EUR, 1)
        with pytest.raises(TypeError):
            operation(Decimal(1), EUR)

    def test_add_int_raises_type_error(self) -> None:
        """Money + 1 raises TypeError: a bare number has no currency."""
        with pytest.raises(TypeError, match="unsupported operand"):
            EUR + 1  # type: ignore[operator]

    def test_dunder_returns_not_implemented(self) -> None:
        """The operators return NotImplemented for other types, so Python can try."""
        assert NotImplemented is EUR.__add__(Decimal(1))  # type: ignore[operator]


class TestStr:
    """The text form of Money."""

    def test_amount_then_currency(self) -> None:
        """str() shows the amount as given, then the currency code."""
        assert "4.50 EUR" == str(EUR)

    def test_negative(self) -> None:
        """str() of a negative amount keeps its sign."""
        assert "-3 JPY" == str(Money(Decimal(-3), "JPY"))


class TestEquality:
    """Money is equal and hashed by value."""

    def test_equal_by_value(self) -> None:
        """Amounts equal as numbers are equal, whatever their exponent."""
        one = Money(Decimal("1.0"), "EUR")
        other = Money(Decimal("1.00"), "EUR")

        assert one == other
        assert hash(one) == hash(other)

    def test_currency_distinguishes(self) -> None:
        """The same amount in two currencies is not equal (and does not raise)."""
        assert EUR != USD

    def test_not_equal_to_other_types(self) -> None:
        """A Money never equals a bare number."""
        assert Money(Decimal(1), "EUR") != Decimal(1)

    def test_usable_in_sets(self) -> None:
        """Equal amounts collapse in a set."""
        expected = {Money(Decimal(1), "EUR")}
        actual = {Money(Decimal("1"), "EUR"), Money(Decimal("1.000"), "EUR")}
        assert expected == actual


class TestImmutability:
    """Money never changes once made."""

    @pytest.mark.parametrize("field", ["amount", "currency"])
    def test_fields_cannot_be_assigned(self, field: str) -> None:
        """Assigning to a field raises FrozenInstanceError."""
        with pytest.raises(FrozenInstanceError):
            setattr(EUR, field, Decimal(1))

    def test_attribute_syntax_refused(self) -> None:
        """Assignment with attribute syntax is refused too."""
        money = Money(Decimal(1), "EUR")

        with pytest.raises(FrozenInstanceError):
            money.amount = Decimal(2)  # type: ignore[misc]

        assert Decimal(1) == money.amount


class TestProperties:
    """Laws of Money arithmetic, over generated amounts."""

    @given(moneys("EUR"), moneys("EUR"))
    def test_add_then_subtract_is_identity(self, a: Money, b: Money) -> None:
        """Adding then subtracting b gives a back, in one currency."""
        assert a == a + b - b

    @given(moneys("EUR"), moneys("EUR"))
    def test_add_commutes(self, a: Money, b: Money) -> None:
        """Addition commutes in one currency."""
        assert a + b == b + a

    @given(moneys())
    def test_zero_is_neutral(self, a: Money) -> None:
        """Adding zero in the same currency changes nothing."""
        assert a == a + Money.zero(a.currency)

    @given(moneys("USD"), moneys("USD"))
    def test_order_follows_amounts(self, a: Money, b: Money) -> None:
        """Every comparison agrees with comparing the amounts."""
        expected = (
            a.amount < b.amount,
            a.amount <= b.amount,
            a.amount > b.amount,
            a.amount >= b.amount,
            a.amount == b.amount,
        )
        assert expected == (a < b, a <= b, a > b, a >= b, a == b)

    @given(moneys(), moneys(), st.sampled_from(COMPARISONS))
    def test_different_currencies_never_compare(
        self, a: Money, b: Money, comparison: Callable[[Money, Money], bool]
    ) -> None:
        """Any two amounts in different currencies refuse to be ordered."""
        assume(a.currency != b.currency)

        with pytest.raises(CurrencyMismatchError):
            comparison(a, b)

    @given(moneys())
    def test_str_round_trips(self, a: Money) -> None:
        """str() holds enough to rebuild the amount exactly."""
        amount, currency = str(a).split(" ")

        assert a == Money(Decimal(amount), currency)


class TestBounds:
    """Amounts whose sums could lose exactness are refused."""

    @pytest.mark.parametrize("amount", ["1e18", "0.0000000000000000001"])
    def test_too_large_or_too_fine(self, amount: str) -> None:
        """An amount of 10**18 or more, or finer than 18 places, is refused."""
        with pytest.raises(InvalidValueError) as caught:
            Money(Decimal(amount), "EUR")
        assert "'amount' must be below 10**18 with at most 18 decimal places" in str(caught.value)
