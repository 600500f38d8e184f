"""Money: an exact decimal amount in one ISO 4217 currency."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final, final

import attrs

from ._errors import CurrencyMismatchError, InvalidValueError

__all__ = ["CURRENCIES", "Money"]

#: The ISO 4217 alphabetic codes clientele accepts: every currency, fund and
#: precious metal in the standard's current list (``XTS``, the testing code,
#: and ``XXX``, "no currency", are left out on purpose).
CURRENCIES: Final[frozenset[str]] = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND
    BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU
    CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP
    GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES
    KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD
    MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR
    PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD
    SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS
    UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG XAU XBA XBB
    XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG
    """.split()  # noqa: SIM905 - a table is easier to check against ISO 4217
)


#: The largest power of ten an amount stays below, and the most decimal
#: places it may have: beyond them, sums lose exactness in Decimal's
#: default 28-digit context.
_MAX_DIGITS: Final = 18


def _check_amount(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, float):
        raise InvalidValueError(
            attribute.name,
            "a decimal.Decimal",
            value,
            f"floats are inexact, use Decimal({str(value)!r})",
        )
    if not isinstance(value, Decimal):
        raise InvalidValueError(attribute.name, "a decimal.Decimal", value)
    if not value.is_finite():
        raise InvalidValueError(attribute.name, "a finite decimal.Decimal", value)
    if value and (value.adjusted() >= _MAX_DIGITS or -value.as_tuple().exponent > _MAX_DIGITS):  # type: ignore[operator]
        raise InvalidValueError(
            attribute.name,
            f"below 10**{_MAX_DIGITS} with at most {_MAX_DIGITS} decimal places",
            value,
            "sums of such amounts would no longer be exact",
        )


def _check_currency(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or value not in CURRENCIES:
        raise InvalidValueError(attribute.name, "an ISO 4217 currency code such as 'EUR'", value)


@final
@attrs.frozen(order=False)
class Money:
    """An exact amount of money in one currency.

    >>> from decimal import Decimal
    >>> price = Money(Decimal("4.50"), "EUR")
    >>> price + Money(Decimal("2"), "EUR")
    Money(amount=Decimal('6.50'), currency='EUR')

    Use it wherever an amount is paid, refunded or agreed. Amounts in
    different currencies never mix: adding, subtracting or comparing them
    raises :class:`CurrencyMismatchError`. Equality is by value, so
    ``Decimal("1.0")`` and ``Decimal("1.00")`` in the same currency are equal.

    .. versionadded:: 0.1.0
    """

    amount: Decimal = attrs.field(validator=_check_amount)
    currency: str = attrs.field(validator=_check_currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return no money in *currency*, the start of any sum.

        >>> Money.zero("JPY")
        Money(amount=Decimal('0'), currency='JPY')
        """
        return cls(Decimal(0), currency)

    def _same_currency(self, other: Money, operation: str) -> None:
        if self.currency != other.currency:
            raise CurrencyMismatchError(operation, self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "add")
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        if not isinstance(other, Money):
            return NotImplemented
        self._same_currency(other, "subtract")
        return Money(self.amount - other.amount, self.currency)

    def _amount_to_compare(self, other: object) -> Decimal | None:
        """Return *other*'s amount, ``None`` if it is not Money; raise across currencies."""
        if not isinstance(other, Money):
            return None
        self._same_currency(other, "compare")
        return other.amount

    def __lt__(self, other: Money) -> bool:
        amount = self._amount_to_compare(other)
        return NotImplemented if amount is None else self.amount < amount

    def __le__(self, other: Money) -> bool:
        amount = self._amount_to_compare(other)
        return NotImplemented if amount is None else self.amount <= amount

    def __gt__(self, other: Money) -> bool:
        amount = self._amount_to_compare(other)
        return NotImplemented if amount is None else self.amount > amount

    def __ge__(self, other: Money) -> bool:
        amount = self._amount_to_compare(other)
        return NotImplemented if amount is None else self.amount >= amount

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
