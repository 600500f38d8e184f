"""The sample ledger bundled with clientele, and the script that writes it."""

from __future__ import annotations

import importlib.util
import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from clientele import (
    ANONYMOUS,
    RECORD_TYPES,
    BusinessModel,
    Contract,
    Fact,
    Ledger,
    Money,
    Organization,
    Person,
    Purchase,
    Refund,
    RepresentativeAssignment,
    RepresentativeRole,
    Standing,
    Visit,
    instant_of,
    judge_summaries,
    ledger_schema,
    load_ledger,
    load_sample_ledger,
    sample_ledger,
    summarize_ledger,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_sample_ledger.py"

#: The parties of the worked scenarios (tests/test_scenarios.py), by seller.
SCENARIO_PARTIES = {
    "softco": ("hyper", "friend"),
    "hyper": ("shopper",),
    "dealer": ("company-a", "manager", "driver"),
    "store": ("husband", "wife"),
    "bank": ("casher", "holder", "banker"),
    "cafe": ("regular",),
    "vet": ("family",),
    "dentist": ("patient",),
    "ledgerly": ("globex",),
    "supplier": ("buyer-co",),
    "news": ("reader", "member"),
    "umbrella-maker": ("finder",),
}

#: The facts of the worked scenarios, under the ids tests/test_scenarios.py uses.
SCENARIO_FACTS = [
    "supply",
    "bulk",
    "pack",
    "car",
    "scarf",
    "cash-check",
    "fee-holder",
    "fee-savings",
    "fee-business",
    "loan",
    "rm",
    "latte-0",
    "latte-59",
    "vet-0",
    "checkup-0",
    "engagement",
    "march",
    "april",
    "read",
    "signup",
    "use",
    "found",
]

#: Each scenario party's standing in the sample, as of the end of July 2024.
STANDINGS = [
    ("softco", "hyper", Standing.CLIENT),
    ("softco", "friend", Standing.NONE),
    ("hyper", "shopper", Standing.CUSTOMER),
    ("hyper", "friend", Standing.NONE),
    ("dealer", "company-a", Standing.CUSTOMER),
    ("dealer", "manager", Standing.NONE),
    ("dealer", "driver", Standing.CUSTOMER),
    ("store", "husband", Standing.CUSTOMER),
    ("store", "wife", Standing.NONE),
    ("bank", "casher", Standing.VISITOR),
    ("bank", "holder", Standing.CUSTOMER),
    ("bank", "banker", Standing.CLIENT),
    ("cafe", "regular", Standing.CUSTOMER),
    ("vet", "family", Standing.CLIENT),
    ("dentist", "patient", Standing.CLIENT),
    ("ledgerly", "globex", Standing.CLIENT),
    ("supplier", "buyer-co", Standing.CUSTOMER),
    ("news", "reader", Standing.VISITOR),
    ("news", "member", Standing.VISITOR),
    ("umbrella-maker", "finder", Standing.VISITOR),
]


def load_script() -> ModuleType:
    """Import scripts/make_sample_ledger.py, which is not part of the package."""
    spec = importlib.util.spec_from_file_location("make_sample_ledger", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    """Return the sample's generator script, imported once."""
    return load_script()


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    """Return the bundled sample ledger, loaded once."""
    return load_sample_ledger()


def recorded_on(fact: Fact) -> list[date]:
    """Return the days *fact* happened on, in its own offset: a contract's signing and start."""
    match fact:
        case Contract():
            whens = [fact.signed, fact.start]
        case _:
            whens = [fact.at]
    return [instant_of(when).date() for when in whens]


def moneys(fact: Fact) -> list[Money]:
    """Return the amounts *fact* records: paid, refunded or agreed."""
    match fact:
        case Purchase() | Refund():
            return [fact.amount]
        case Contract() if fact.fees is not None:
            return [fact.fees]
        case _:
            return []


class TestBundledSample:
    """The sample ships with the package and reads as a ledger."""

    def test_loads(self, ledger: Ledger) -> None:
        """load_sample_ledger reads the same ledger as load_ledger on the file's path."""
        with sample_ledger() as path:
            assert (path.name, ledger) == ("sample-ledger.jsonl", load_ledger(path))

    def test_every_line_matches_the_schema(self) -> None:
        """Each line validates against its record type's definition in the schema.

        The schema's record union is keyed by "type" (see test_schema), so this
        is the whole schema's verdict, at a fraction of its cost.
        """
        schema = ledger_schema()
        checkers = {
            tag: Draft202012Validator(
                {**schema, "oneOf": [{"$ref": f"#/$defs/{tag}"}]},
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
            for tag in [*RECORD_TYPES, "header"]
        }
        with sample_ledger() as path:
            lines: list[dict[str, Any]] = [
                json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line
            ]
        refused = [
            line for line in lines if not checkers[line.get("type", "header")].is_valid(line)
        ]

        assert ([], {"clientele": "ledger", "version": 1}) == (refused, lines[0])

    def test_stays_under_a_megabyte(self) -> None:
        """The sample is small enough to ship in the wheel."""
        with sample_ledger() as path:
            assert path.stat().st_size < 1_000_000


class TestScript:
    """scripts/make_sample_ledger.py writes the sample, the same bytes every time."""

    def test_sample_is_up_to_date(self, script: ModuleType) -> None:
        """--check passes: the bundled file is what the script writes."""
        assert 0 == script.main(["--check"])

    def test_check_fails_on_a_different_file(self, script: ModuleType, tmp_path: Path) -> None:
        """--check exits 1 when the file is missing or differs, and writes nothing."""
        stale = tmp_path / "stale.jsonl"
        missing = tmp_path / "missing.jsonl"
        stale.write_text('{"clientele":"ledger","version":1}\n', encoding="utf-8")

        assert (1, 1, False) == (
            script.main(["--check", "--output", str(stale)]),
            script.main(["--check", "--output", str(missing)]),
            missing.exists(),
        )

    def test_writes_the_bundled_bytes(self, script: ModuleType, tmp_path: Path) -> None:
        """Writing to another path produces the bundled file, which then passes --check."""
        target = tmp_path / "sample.jsonl"

        status = script.main(["--output", str(target)])

        assert (0, 0, script.TARGET.read_bytes()) == (
            status,
            script.main(["--check", "--output", str(target)]),
            target.read_bytes(),
        )


class TestScenarios:
    """The worked scenarios are in the sample under the ids the docs use."""

    @pytest.mark.parametrize(("seller", "parties"), SCENARIO_PARTIES.items())
    def test_scenario_parties_are_present(
        self, ledger: Ledger, seller: str, parties: tuple[str, ...]
    ) -> None:
        """Each scenario party is described, and named by at least one fact."""
        assert ([], []) == (
            [party for party in parties if ledger.party(party) is None],
            [party for party in parties if not ledger.facts_of_party(party)],
        )

    def test_scenario_facts_are_present(self, ledger: Ledger) -> None:
        """The scenario facts keep the ids of tests/test_scenarios.py."""
        assert [] == [fact for fact in SCENARIO_FACTS if ledger.fact(fact) is None]

    def test_scenario_sellers_are_described(self, ledger: Ledger) -> None:
        """Every scenario seller is described, with a business model."""
        assert [] == [seller for seller in SCENARIO_PARTIES if ledger.seller(seller) is None]

    def test_standings_as_of_july_2024(self, ledger: Ledger) -> None:
        """Each scenario party has the standing its scenario states, by the default policy."""
        as_of = datetime(2024, 7, 31, 23, 59, tzinfo=UTC)
        summary = summarize_ledger(ledger, cutoff=as_of)
        parties = {party.id: party for party in ledger.parties}
        judged = {
            seller: {
                j.party: j.standing
                for j in judge_summaries(summary, seller, as_of=as_of, parties=parties).judgements
            }
            for seller in SCENARIO_PARTIES
        }

        assert STANDINGS == [
            (seller, party, judged[seller].get(party, Standing.NONE))
            for seller, party, _ in STANDINGS
        ]


class TestShape:
    """The synthetic part: three sellers, a few hundred parties, 2023 to 2024, euros."""

    def test_three_sellers_with_their_business_models(self, ledger: Ledger) -> None:
        """The shop is customer-based, the accountants client-based, the bank mixed."""
        models = {
            seller: described.business_model
            for seller in ("corner-shop", "ledgerly", "northbank")
            if (described := ledger.seller(seller)) is not None
        }

        assert {
            "corner-shop": BusinessModel.CUSTOMER_BASED,
            "ledgerly": BusinessModel.CLIENT_BASED,
            "northbank": BusinessModel.MIXED,
        } == models

    def test_more_than_300_parties(self, ledger: Ledger) -> None:
        """Hundreds of parties are described: people and organizations both."""
        kinds = Counter(type(party) for party in ledger.parties)

        assert (True, True, True) == (
            len(ledger.parties) > 300,
            kinds[Person] > 300,
            kinds[Organization] > 40,
        )

    def test_facts_fall_in_2023_and_2024(self, ledger: Ledger) -> None:
        """Every fact happened between 2023-01-01 and 2024-12-31 (ends may be later)."""
        days = [day for fact in ledger.facts for day in recorded_on(fact)]

        assert [] == [day for day in days if not date(2023, 1, 1) <= day <= date(2024, 12, 31)]

    def test_amounts_are_euros_with_two_decimals(self, ledger: Ledger) -> None:
        """Every amount paid, refunded or agreed is in EUR with two decimals."""
        amounts = [money for fact in ledger.facts for money in moneys(fact)]

        assert [] == [
            money
            for money in amounts
            if money.currency != "EUR"
            or money.amount.as_tuple().exponent != -2
            or money.amount <= 0
        ]

    def test_corner_shop_is_mostly_one_time_customers(self, ledger: Ledger) -> None:
        """Most of the shop's buyers bought once; some bought often; some paid cash."""
        sales = [f for f in ledger.facts_of_seller("corner-shop") if isinstance(f, Purchase)]
        per_buyer = Counter(sale.buyer for sale in sales if sale.buyer is not ANONYMOUS)
        once = sum(1 for count in per_buyer.values() if count == 1)
        kinds = Counter(type(f) for f in ledger.facts_of_seller("corner-shop"))

        assert (True, True, True, True, True) == (
            len(per_buyer) > 250,
            once > len(per_buyer) / 2,
            max(per_buyer.values()) > 30,
            sum(1 for sale in sales if sale.buyer is ANONYMOUS) > 100,
            kinds[Refund] > 0 and kinds[Visit] > 0,
        )

    def test_ledgerly_works_under_contracts(self, ledger: Ledger) -> None:
        """About forty organizations under contract, some ended, with account managers."""
        facts = ledger.facts_of_seller("ledgerly")
        contracts = [f for f in facts if isinstance(f, Contract)]
        managed = {f.party for f in facts if isinstance(f, RepresentativeAssignment)}

        assert (True, True, True) == (
            35 <= len({c.counterparty for c in contracts}) <= 45,
            any(c.end is not None for c in contracts),
            {c.counterparty for c in contracts} <= managed,
        )

    def test_northbank_has_relationship_managers_and_loans(self, ledger: Ledger) -> None:
        """The bank's clients hold loans and have relationship managers; some only visit."""
        facts = ledger.facts_of_seller("northbank")
        roles = {f.role for f in facts if isinstance(f, RepresentativeAssignment)}
        visitors = {f.party for f in facts if isinstance(f, Visit)}
        payers = {f.buyer for f in facts if isinstance(f, Purchase)}

        assert (
            {RepresentativeRole.RELATIONSHIP_MANAGER},
            True,
            True,
        ) == (
            roles,
            any(isinstance(f, Contract) for f in facts),
            bool(visitors - payers),
        )
