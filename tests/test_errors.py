import pytest

import clientele
from clientele import (
    ClienteleError,
    CurrencyMismatchError,
    DanglingReferenceError,
    DecodeError,
    DuplicateIdError,
    InvalidValueError,
    LedgerError,
    LedgerFileError,
    RefundExceedsPurchaseError,
)

ERRORS: list[type[ClienteleError]] = [
    CurrencyMismatchError,
    DanglingReferenceError,
    DecodeError,
    DuplicateIdError,
    InvalidValueError,
    LedgerError,
    LedgerFileError,
    RefundExceedsPurchaseError,
]


class TestHierarchy:
    """One hierarchy, also rooted in the matching built-ins."""

    @pytest.mark.parametrize("error", ERRORS)
    def test_every_error_is_a_clientele_error_and_a_value_error(
        self, error: type[ClienteleError]
    ) -> None:
        """Every error derives from ClienteleError and from ValueError."""
        assert (True, True) == (
            issubclass(error, ClienteleError),
            issubclass(error, ValueError),
        )

    @pytest.mark.parametrize(
        "error", [DuplicateIdError, DanglingReferenceError, RefundExceedsPurchaseError]
    )
    def test_ledger_rules_are_ledger_errors(self, error: type[ClienteleError]) -> None:
        """The errors for broken ledger rules share LedgerError."""
        assert issubclass(error, LedgerError)

    def test_file_errors_are_decode_errors(self) -> None:
        """A bad line in a ledger file is a DecodeError."""
        assert issubclass(LedgerFileError, DecodeError)

    @pytest.mark.parametrize("error", [ClienteleError, *ERRORS])
    def test_shown_under_the_public_module(self, error: type[ClienteleError]) -> None:
        """Tracebacks name errors as clientele.X, where users import them from."""
        assert ("clientele", error) == (
            error.__module__,
            getattr(clientele, error.__name__),
        )


class TestInvalidValueError:
    """Validator errors name the field, the expectation and the value."""

    def test_message_without_hint(self) -> None:
        """The message names the field, the expectation and the value."""
        error = InvalidValueError("id", "a string", 5)

        assert "'id' must be a string (got 5)" == str(error)
        assert ("id", "a string", 5, None) == (
            error.field,
            error.expected,
            error.got,
            error.hint,
        )

    def test_message_with_hint(self) -> None:
        """A hint, saying the fix, follows a semicolon."""
        error = InvalidValueError("id", "a string", 5, "use '5'")

        assert "'id' must be a string (got 5); use '5'" == str(error)


class TestLedgerErrors:
    """Errors for broken ledger rules name the records involved."""

    def test_duplicate_id(self) -> None:
        """DuplicateIdError names the id space and the id."""
        error = DuplicateIdError("fact", "f-1")

        assert "duplicate fact id 'f-1': every fact id must be unique" == str(error)
        assert ("fact", "f-1") == (error.kind, error.id)

    def test_dangling_reference(self) -> None:
        """DanglingReferenceError names the fact, the field and the missing target."""
        error = DanglingReferenceError("u-1", "purchase", "f-9", "a purchase")

        expected = "'u-1' field 'purchase' refers to 'f-9', which is not a purchase in the ledger"
        assert expected == str(error)
        assert ("u-1", "purchase", "f-9") == (error.fact, error.field, error.target)

    def test_refund_exceeds_purchase(self) -> None:
        """RefundExceedsPurchaseError shows what was paid and what was refunded."""
        error = RefundExceedsPurchaseError("f-1", "10 EUR", "12 EUR")

        expected = "refunds of purchase 'f-1' total 12 EUR, more than the 10 EUR paid for it"
        assert expected == str(error)
        assert ("f-1", "10 EUR", "12 EUR") == (error.purchase, error.paid, error.refunded)


class TestDecodeErrors:
    """Errors for data from outside list every problem."""

    def test_decode_error_joins_problems(self) -> None:
        """DecodeError lists every problem, and keeps them as a tuple."""
        error = DecodeError("Person", ["a @ $.id", "b @ $.name"])

        assert "invalid Person: a @ $.id; b @ $.name" == str(error)
        assert ("a @ $.id", "b @ $.name") == error.errors

    def test_ledger_file_error_names_the_line(self) -> None:
        """LedgerFileError says which line it refused."""
        error = LedgerFileError(7, ["expected a string (got 5) @ $.id"])

        assert "invalid record on line 7: expected a string (got 5) @ $.id" == str(error)
        assert 7 == error.line


class TestPickling:
    """Errors survive pickling, as a Dask worker sends them back."""

    def test_every_error_round_trips(self) -> None:
        """Each error class comes back with its message and its attributes."""
        import pickle

        from clientele import (
            CurrencyMismatchError,
            DanglingReferenceError,
            DecodeError,
            DuplicateIdError,
            InvalidValueError,
            LedgerFileError,
            RefundExceedsPurchaseError,
        )

        errors = [
            InvalidValueError("amount", "a Decimal", 1.5, "use Decimal"),
            CurrencyMismatchError("add", "EUR", "USD"),
            DuplicateIdError("fact", "f-1"),
            DanglingReferenceError("rf-1", "purchase", "f-9", "a purchase"),
            RefundExceedsPurchaseError("f-1", "10 EUR", "11 EUR", "rf-2"),
            DecodeError("Money", ["bad @ $.amount"]),
            LedgerFileError(7, ["bad"]),
        ]
        for error in errors:
            again = pickle.loads(pickle.dumps(error))
            assert (type(error), str(error), vars(error)) == (type(again), str(again), vars(again))
