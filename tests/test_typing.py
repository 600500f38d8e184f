"""mypy must reject the confusions clientele's types exist to prevent.

Each snippet marks the lines mypy must refuse with ``# E: <error code>``; a
snippet with no marks must pass. All snippets are checked in one mypy run.
"""

import re
from pathlib import Path

import pytest
from mypy import api

SRC = Path(__file__).resolve().parents[1] / "src"

PRELUDE = """\
from datetime import date
from decimal import Decimal

from clientele import (
    ANONYMOUS, Ledger, Money, Organization, Person, Purchase, Usage, structure,
)
"""

SNIPPETS: dict[str, str] = {
    "person_for_organization": """
def bill(payer: Organization) -> None: ...

bill(Person(id="p-ana"))  # E: arg-type
bill(Organization(id="o-globex"))
""",
    "decimal_for_money": """
Purchase(
    id="f-1",
    seller="s-cafe",
    at=date(2024, 3, 1),
    amount=Decimal("1"),  # E: arg-type
    buyer="p-ana",
)
""",
    "money_plus_decimal": """
total = Money(Decimal("1"), "EUR") + Decimal("1")  # E: operator
""",
    "frozen_field": """
person = Person(id="p-ana")
person.id = "p-bo"  # E: misc
""",
    "anonymous_user": """
Usage(id="u-1", seller="s", party=ANONYMOUS, at=date(2024, 3, 1))  # E: arg-type
""",
    "correct": """
purchase = Purchase(
    id="f-1",
    seller="s-cafe",
    at=date(2024, 3, 1),
    amount=Money(Decimal("4.50"), "EUR"),
    buyer=ANONYMOUS,
    users=("p-kim",),
)
ledger: Ledger = Ledger.of(purchase, Person(id="p-kim"))
total: Money = purchase.amount + Money.zero("EUR")
again: Ledger = structure({}, Ledger)
print(ledger.facts_of_party("p-kim"), total, again)
""",
}

_ERROR = re.compile(r"^(?P<file>[^:]+\.py):(?P<line>\d+): error: .* \[(?P<code>[\w-]+)\]$")
_MARK = re.compile(r"# E: (?P<code>[\w-]+)\s*$")

#: One mypy error: snippet, line, error code.
Error = tuple[str, int, str]


def _expected(name: str) -> set[Error]:
    lines = (PRELUDE + SNIPPETS[name]).splitlines()
    return {
        (name, number, match["code"])
        for number, line in enumerate(lines, start=1)
        if (match := _MARK.search(line))
    }


@pytest.fixture(scope="module")
def mypy_errors(tmp_path_factory: pytest.TempPathFactory) -> set[Error]:
    """Run mypy --strict once over every snippet and return its errors."""
    root = tmp_path_factory.mktemp("typing")
    config = root / "mypy.ini"
    config.write_text(f"[mypy]\nmypy_path = {SRC}\n")
    files = []
    for name, body in SNIPPETS.items():
        path = root / f"{name}.py"
        path.write_text(PRELUDE + body)
        files.append(str(path))

    stdout, stderr, status = api.run(
        [
            "--config-file",
            str(config),
            "--strict",
            "--no-incremental",
            "--cache-dir",
            str(root / ".mypy_cache"),
            "--show-error-codes",
            "--no-error-summary",
            "--no-pretty",
            "--hide-error-context",
            *files,
        ]
    )

    assert "" == stderr
    assert status in (0, 1), stdout
    errors = set()
    for line in stdout.splitlines():
        match = _ERROR.match(line)
        assert match, line
        path = Path(match["file"])
        if path.parent == root:  # errors inside clientele are not ours to judge
            errors.add((path.stem, int(match["line"]), match["code"]))
    return errors


def _errors_in(errors: set[Error], name: str) -> set[Error]:
    return {error for error in errors if error[0] == name}


class TestMypyRejectsMisuse:
    """Confusions the types exist to prevent are type errors."""

    def test_person_where_organization_required(self, mypy_errors: set[Error]) -> None:
        """A Person is not accepted where an Organization is required."""
        name = "person_for_organization"

        assert _expected(name) == _errors_in(mypy_errors, name)

    def test_bare_decimal_where_money_required(self, mypy_errors: set[Error]) -> None:
        """A bare Decimal is not Money: the currency cannot be forgotten."""
        name = "decimal_for_money"

        assert _expected(name) == _errors_in(mypy_errors, name)

    def test_money_plus_decimal(self, mypy_errors: set[Error]) -> None:
        """Money and a bare Decimal cannot be added."""
        name = "money_plus_decimal"

        assert _expected(name) == _errors_in(mypy_errors, name)

    def test_assigning_to_a_frozen_field(self, mypy_errors: set[Error]) -> None:
        """Assigning to a field of a frozen instance is a type error."""
        name = "frozen_field"

        assert _expected(name) == _errors_in(mypy_errors, name)

    def test_anonymous_user(self, mypy_errors: set[Error]) -> None:
        """ANONYMOUS cannot be a user, who must be identified to be followed."""
        name = "anonymous_user"

        assert _expected(name) == _errors_in(mypy_errors, name)


class TestMypyAcceptsCorrectUse:
    """Correct use passes mypy --strict."""

    def test_correct_snippet(self, mypy_errors: set[Error]) -> None:
        """Ordinary, correct use of clientele type-checks cleanly."""
        assert set() == _errors_in(mypy_errors, "correct")

    def test_every_misuse_is_marked(self) -> None:
        """Every snippet but the correct one expects at least one error."""
        assert ["correct"] == [name for name in SNIPPETS if not _expected(name)]
