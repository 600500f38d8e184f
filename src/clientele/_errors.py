"""The one exception hierarchy of clientele.

Every exception the library raises on purpose derives from
:class:`ClienteleError`, and each also derives from the built-in whose meaning
it shares, so ``except ValueError`` keeps working for callers who do not know
clientele. Messages are built here, by the exception classes, from structured
values that stay available as attributes.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "ClienteleError",
    "CurrencyMismatchError",
    "DanglingReferenceError",
    "DecodeError",
    "DuplicateIdError",
    "InvalidValueError",
    "LedgerError",
    "LedgerFileError",
    "RefundExceedsPurchaseError",
]


def _rebuild(
    cls: type[ClienteleError], args: tuple[object, ...], state: dict[str, object]
) -> ClienteleError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class ClienteleError(Exception):
    """The base of every error clientele raises on purpose.

    >>> from clientele import ClienteleError, Money
    >>> from decimal import Decimal
    >>> try:
    ...     Money(Decimal("1"), "EUR") + Money(Decimal("1"), "USD")
    ... except ClienteleError as e:
    ...     print(type(e).__name__)
    CurrencyMismatchError
    """

    def __reduce__(self) -> tuple[object, ...]:
        # The subclasses take structured values, not a message: rebuild them
        # from their message and attributes, so that errors survive pickling
        # (a Dask worker sends its errors back that way).
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class InvalidValueError(ClienteleError, ValueError):
    """A field got a value it cannot hold.

    Raised by the validators of every clientele type. ``field`` names the
    field, ``expected`` says what it must be and ``got`` is the value refused.

    >>> from clientele import Money
    >>> Money(1.5, "EUR")  # type: ignore[arg-type]
    Traceback (most recent call last):
    ...
    clientele.InvalidValueError: 'amount' must be a decimal.Decimal (got 1.5); floats are ...
    """

    field: str
    expected: str
    got: object
    hint: str | None

    def __init__(self, field: str, expected: str, got: object, hint: str | None = None) -> None:
        msg = f"{field!r} must be {expected} (got {got!r})"
        if hint is not None:
            msg = f"{msg}; {hint}"
        super().__init__(msg)
        self.field = field
        self.expected = expected
        self.got = got
        self.hint = hint


class CurrencyMismatchError(ClienteleError, ValueError):
    """Two amounts in different currencies were added, subtracted or compared.

    clientele never converts currencies: convert first, with rates you trust.
    """

    left: str
    right: str

    def __init__(self, operation: str, left: str, right: str) -> None:
        msg = (
            f"cannot {operation} amounts in different currencies "
            f"({left} and {right}); convert one of them first"
        )
        super().__init__(msg)
        self.left = left
        self.right = right


class LedgerError(ClienteleError, ValueError):
    """A collection of records cannot form a consistent ledger."""


class DuplicateIdError(LedgerError):
    """Two records of the same kind share an id."""

    kind: str
    id: str

    def __init__(self, kind: str, id: str) -> None:
        msg = f"duplicate {kind} id {id!r}: every {kind} id must be unique"
        super().__init__(msg)
        self.kind = kind
        self.id = id


class DanglingReferenceError(LedgerError):
    """A record refers to another record that the ledger does not hold."""

    fact: str
    field: str
    target: str

    def __init__(self, fact: str, field: str, target: str, expected: str) -> None:
        msg = (
            f"{fact!r} field {field!r} refers to {target!r}, which is not {expected} in the ledger"
        )
        super().__init__(msg)
        self.fact = fact
        self.field = field
        self.target = target


class RefundExceedsPurchaseError(LedgerError):
    """The refunds of one purchase add up to more than was paid for it."""

    purchase: str
    paid: object
    refunded: object

    #: The refund that took the total over, when known.
    refund: str | None

    def __init__(
        self, purchase: str, paid: object, refunded: object, refund: str | None = None
    ) -> None:
        msg = (
            f"refunds of purchase {purchase!r} total {refunded}, more than the {paid} paid for it"
        )
        super().__init__(msg)
        self.purchase = purchase
        self.paid = paid
        self.refunded = refunded
        self.refund = refund


class DecodeError(ClienteleError, ValueError):
    """Data from outside (JSON, a file) does not describe a valid value.

    ``errors`` lists one message per problem, each ending with the path of the
    offending value, such as ``@ $.purchases[3].payer``.
    """

    errors: tuple[str, ...]

    def __init__(self, what: str, errors: Sequence[str]) -> None:
        self.errors = tuple(errors)
        msg = f"invalid {what}: " + "; ".join(self.errors)
        super().__init__(msg)


class LedgerFileError(DecodeError):
    """A line of a ledger file is not a valid record.

    ``line`` is the 1-based line number in the file.
    """

    line: int

    def __init__(self, line: int, errors: Sequence[str]) -> None:
        super().__init__(f"record on line {line}", errors)
        self.line = line


# Shown as ``clientele.InvalidValueError`` in tracebacks, where users import
# them from, rather than as the private module that defines them.
for _error in (
    ClienteleError,
    CurrencyMismatchError,
    DanglingReferenceError,
    DecodeError,
    DuplicateIdError,
    InvalidValueError,
    LedgerError,
    LedgerFileError,
    RefundExceedsPurchaseError,
):
    _error.__module__ = "clientele"
del _error
