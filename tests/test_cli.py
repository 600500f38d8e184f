import io
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from importlib.resources import files
from pathlib import Path
from typing import IO, NamedTuple

import pytest

from clientele import DEFAULT, Contract, Ledger, Visit, __version__, judge
from clientele._cli import _describe, _explain_text, main
from clientele._demo import run_demo

# A ledger with two sellers: a shop with two customers and a visitor, and a
# firm whose client Ana is under contract.
LEDGER = """\
{"clientele": "ledger", "version": 1}
{"type": "seller", "id": "shop", "business_model": "customer_based"}
{"type": "person", "id": "ana", "name": "Ana"}
{"type": "purchase", "id": "f-1", "seller": "shop", "at": "2024-03-01", \
"amount": {"amount": "10.00", "currency": "EUR"}, "buyer": "ana"}
{"type": "purchase", "id": "f-2", "seller": "shop", "at": "2024-03-05", \
"amount": {"amount": "5.00", "currency": "EUR"}, "buyer": "ana"}
{"type": "purchase", "id": "f-3", "seller": "shop", "at": "2024-03-05T10:00:00+01:00", \
"amount": {"amount": "4.00", "currency": "EUR"}, "buyer": "bo", "payer": "bo", "users": ["kim"]}
{"type": "visit", "id": "v-1", "seller": "shop", "party": "cy", "at": "2024-03-06", \
"kind": "looked"}
{"type": "contract", "id": "c-1", "seller": "firm", "counterparty": "ana", \
"signed": "2024-01-10", "start": "2024-02-01", "scope": "bookkeeping", \
"fees": {"amount": "100.00", "currency": "EUR"}}
{"type": "purchase", "id": "f-4", "seller": "firm", "at": "2024-02-15", \
"amount": {"amount": "300.00", "currency": "EUR"}, "buyer": "ana", "payer": "ana"}
"""
# One seller's export, with a party id a spreadsheet would run as a formula.
SALES = """\
order,customer,date,total
A-1,ana,20240301,10.00
A-2,ana,20240305,5.00
A-3,bo,20240305,4.00
A-4,=cmd,20240306,1.00
"""
COLUMNS = (
    "--party-column",
    "customer",
    "--time-column",
    "date",
    "--time-format",
    "%Y%m%d",
    "--amount-column",
    "total",
    "--currency",
    "EUR",
    "--seller",
    "shop",
    "--id-column",
    "order",
)
AS_OF_LAST_DAY = (
    "clientele: as of 2024-03-06T23:59:59.999999+00:00 (the end of the ledger's last day)\n"
)
CLASSIFY_CSV = """\
seller,party,standing,tenure,environment,stage,tier,account,roles,revenue,currency
firm,ana,client,one_time,contract,active,high,new_business,buyer payer,300.00,EUR
shop,ana,customer,repeat,non_contract,new,high,new_business,buyer payer,15.00,EUR
shop,bo,customer,one_time,non_contract,new,high,new_business,buyer payer,4.00,EUR
shop,cy,visitor,none,non_contract,prospect,low,none,,,
shop,kim,none,none,non_contract,prospect,low,none,user,,
"""
SALES_CSV = """\
seller,party,standing,tenure,environment,stage,tier,account,roles,revenue,currency
shop,'=cmd,customer,one_time,non_contract,new,low,new_business,buyer payer,1.00,EUR
shop,ana,customer,repeat,non_contract,new,high,new_business,buyer payer,15.00,EUR
shop,bo,customer,one_time,non_contract,new,high,new_business,buyer payer,4.00,EUR
"""
SAMPLE = Path(str(files("clientele") / "data" / "sample-ledger.jsonl"))


class Run(NamedTuple):
    """What a run of the command line gave."""

    code: int
    out: str
    err: str


def run(*argv: str) -> Run:
    """Run ``clientele`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return Run(code, out.getvalue(), err.getvalue())


def last_line(text: str) -> str:
    """Return the last line of *text* (after argparse's usage, which depends on the width)."""
    return text.splitlines()[-1]


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test in a directory with ``ledger.jsonl`` and ``sales.csv``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ledger.jsonl").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "sales.csv").write_text(SALES, encoding="utf-8")


def stdin(monkeypatch: pytest.MonkeyPatch, data: str) -> None:
    """Make *data* standard input, as bytes under a text stream, as a process has it."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))


class TestVersionAndHelp:
    """The top-level options."""

    def test_version(self) -> None:
        """``--version`` prints the version to stdout and succeeds."""
        assert Run(0, f"clientele {__version__}\n", "") == run("--version")

    def test_help(self) -> None:
        """``--help`` lists the commands, on stdout."""
        result = run("--help")
        assert 0 == result.code
        assert "" == result.err
        assert "{demo,classify,report,explain,rfm,glossary}" in result.out

    def test_no_command(self) -> None:
        """A command is required: exit 2, with argparse's message on stderr."""
        result = run()
        assert (2, "") == (result.code, result.out)
        expected = "clientele: error: the following arguments are required: command"
        assert expected == last_line(result.err)


class TestClassify:
    """``clientele classify``: one row per (seller, party)."""

    def test_csv_output(self) -> None:
        """Every party of every seller, with the instant chosen on stderr."""
        assert Run(0, CLASSIFY_CSV, AS_OF_LAST_DAY) == run(
            "classify", "ledger.jsonl", "--format", "csv"
        )

    def test_table_output(self) -> None:
        """The default format is a table for people."""
        result = run("classify", "ledger.jsonl", "--seller", "firm")
        header, rule, row = result.out.splitlines()
        assert 0 == result.code
        assert ["seller", "party", "standing"] == [c.strip() for c in header.split("┃")][:3]
        assert ["firm", "ana", "client"] == [c.strip() for c in row.split("│")][:3]
        assert {"━", "╇"} == set(rule)

    def test_json_output(self) -> None:
        """JSON: a list of judgements with their reasons."""
        result = run("classify", "ledger.jsonl", "--format", "json", "--seller", "firm")
        [judgement] = json.loads(result.out)
        assert ("firm", "ana", "client") == (
            judgement["seller"],
            judgement["party"],
            judgement["standing"],
        )
        assert {"field": "standing", "rule": "standing.contract"} == {
            key: judgement["reasons"][0][key] for key in ("field", "rule")
        }

    def test_jsonl_output(self) -> None:
        """JSON Lines: one judgement per line."""
        result = run("classify", "ledger.jsonl", "--format", "jsonl")
        parties = [(j["seller"], j["party"]) for j in map(json.loads, result.out.splitlines())]
        expected = [
            ("firm", "ana"),
            ("shop", "ana"),
            ("shop", "bo"),
            ("shop", "cy"),
            ("shop", "kim"),
        ]
        assert expected == parties

    def test_as_of_a_date(self) -> None:
        """A date means its end; facts after it are not known yet."""
        result = run("classify", "ledger.jsonl", "--format", "csv", "--as-of", "2024-03-01")
        assert "clientele: as of 2024-03-01T23:59:59.999999+00:00\n" == result.err
        assert ["firm,ana", "shop,ana"] == [line[:8] for line in result.out.splitlines()[1:]]

    def test_as_of_a_date_in_a_zone(self) -> None:
        """With ``--timezone``, a date ends at midnight there."""
        result = run(
            "classify", "ledger.jsonl", "--as-of", "2024-03-01", "--timezone", "Asia/Tokyo"
        )
        assert "clientele: as of 2024-03-01T23:59:59.999999+09:00\n" == result.err

    def test_as_of_an_instant(self) -> None:
        """An instant with an offset is used as given."""
        result = run("classify", "ledger.jsonl", "--as-of", "2024-03-05T09:30:00+01:00")
        assert (0, "clientele: as of 2024-03-05T09:30:00+01:00\n") == (result.code, result.err)

    def test_policy(self) -> None:
        """``--policy`` picks a preset; it is recorded in every judgement."""
        result = run("classify", "ledger.jsonl", "--format", "jsonl", "--policy", "inclusive")
        assert {"inclusive"} == {json.loads(line)["policy"] for line in result.out.splitlines()}

    def test_an_unknown_seller_has_no_parties(self) -> None:
        """A seller the ledger does not know has nobody."""
        result = run("classify", "ledger.jsonl", "--format", "csv", "--seller", "nobody")
        assert Run(0, CLASSIFY_CSV.splitlines(keepends=True)[0], AS_OF_LAST_DAY) == result

    def test_an_empty_ledger_is_judged_as_of_today(self, tmp_path: Path) -> None:
        """No facts: no rows, and the end of today is the instant."""
        (tmp_path / "empty.jsonl").write_text('{"clientele": "ledger", "version": 1}\n')
        result = run("classify", "empty.jsonl", "--format", "jsonl")
        assert (0, "") == (result.code, result.out)
        today = datetime.now(UTC).date().isoformat()
        assert result.err.startswith(f"clientele: as of {today}T23:59:59.999999+00:00")

    def test_csv_export(self) -> None:
        """A CSV export is read through its column mapping; formulas are neutralised."""
        assert Run(0, SALES_CSV, AS_OF_LAST_DAY) == run(
            "classify", "sales.csv", *COLUMNS, "--format", "csv"
        )

    def test_csv_on_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` reads the export from standard input."""
        stdin(monkeypatch, SALES)
        assert Run(0, SALES_CSV, AS_OF_LAST_DAY) == run(
            "classify", "-", *COLUMNS, "--format", "csv"
        )

    def test_jsonl_on_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` reads a ledger from standard input."""
        stdin(monkeypatch, LEDGER)
        assert Run(0, CLASSIFY_CSV, AS_OF_LAST_DAY) == run("classify", "-", "--format", "csv")

    def test_input_format_csv(self, tmp_path: Path) -> None:
        """``--input-format csv`` reads a file whose name does not say CSV."""
        (tmp_path / "export.txt").write_text(SALES.replace(",", ";"))
        result = run(
            "classify", "export.txt", "--input-format", "csv", "--delimiter", ";",
            *COLUMNS, "--format", "csv",
        )  # fmt: skip
        assert Run(0, SALES_CSV, AS_OF_LAST_DAY) == result

    def test_seller_and_currency_columns(self, tmp_path: Path) -> None:
        """Sellers and currencies may come from columns, payers and users too."""
        (tmp_path / "multi.csv").write_text(
            "store,who,paid_by,for,when,amount,cur\n"
            "s-1,kid,dad,kid,2024-03-01T10:00:00,9.99,USD\n"
            "s-2,ana,,,2024-03-02T11:00:00,5,EUR\n"
        )
        result = run(
            "classify", "multi.csv", "--party-column", "who", "--time-column", "when",
            "--timezone", "Europe/Paris", "--amount-column", "amount",
            "--currency-column", "cur", "--seller-column", "store",
            "--payer-column", "paid_by", "--user-column", "for", "--format", "csv",
        )  # fmt: skip
        expected = (
            "seller,party,standing,tenure,environment,stage,tier,account,roles,revenue,currency\n"
            "s-1,dad,customer,one_time,non_contract,new,high,new_business,payer,9.99,USD\n"
            "s-1,kid,visitor,none,non_contract,prospect,low,none,buyer user,,\n"
            "s-2,ana,customer,one_time,non_contract,new,high,new_business,buyer payer,5,EUR\n"
        )
        as_of = "clientele: as of 2024-03-02T23:59:59.999999+01:00"
        assert Run(0, expected, f"{as_of} (the end of the ledger's last day)\n") == result


class TestReport:
    """``clientele report``: counts and value concentration per seller."""

    def test_json(self) -> None:
        """One object per seller, with counts for every value of every field."""
        result = run("report", "ledger.jsonl", "--format", "json", "--seller", "shop")
        expected = [
            {
                "seller": "shop",
                "parties": 4,
                "standing": {"none": 1, "visitor": 1, "customer": 2, "client": 0},
                "tenure": {"none": 2, "one_time": 1, "repeat": 1, "long_term": 0},
                "environment": {"contract": 0, "non_contract": 4},
                "stage": {"prospect": 2, "new": 2, "active": 0, "inactive": 0, "churned": 0},
                "tier": {"high": 2, "low": 2},
                "account": {"none": 2, "new_business": 2, "account": 0},
                "revenue": "19.00",
                "currency": "EUR",
                "high_value_share": "1.0000",
                "unattributed_sales": 0,
            }
        ]
        assert (0, expected) == (result.code, json.loads(result.out))

    def test_tables_one_per_seller(self) -> None:
        """A table per seller, titled with its number of parties, a blank line between."""
        result = run("report", "ledger.jsonl")
        lines = [line.strip() for line in result.out.splitlines()]
        titles = [line for line in lines if re.fullmatch(r"\w+: \d+ part(y|ies)", line)]
        assert ["firm: 1 party", "shop: 4 parties"] == titles
        assert 1 == result.out.count("\n\n")
        assert "revenue          │ EUR          │ 19.00" in result.out

    def test_a_seller_with_no_revenue(self) -> None:
        """No revenue: 0, and no high-value share."""
        result = run("report", "ledger.jsonl", "--seller", "nobody")
        assert "revenue          │              │ 0" in result.out
        assert "high-value share │ of revenue   │ -" in result.out


EXPLAIN_ANA_AT_SHOP = """\
ana is a customer of shop as of 2024-03-06T23:59:59.999999+00:00 (policy 'default')
  standing               customer      paid, with no ongoing relationship \
(a payer was assumed to be the buyer; see role.payer) [f-1, f-2]
  tenure                 repeat        2 paid purchases [f-1, f-2]
  environment            non_contract  no contract active
  stage                  new           first engaged 2024-03-01, within the new window [f-1]
  tier                   high          net revenue 15.00 EUR is among the parties making 80% \
of the seller's 19.00 EUR [f-1, f-2]
  account                new_business  paid only in its first month: business development's \
[f-1, f-2]
  role.buyer             yes           performed a purchase [f-1]
  role.payer             yes           paid for a purchase (f-1 records no payer: the policy \
assumes the buyer paid) [f-1]
  facts:
    f-1: purchase  2024-03-01  10.00 EUR
    f-2: purchase  2024-03-05  5.00 EUR
  history:
    2024-03-01  standing: none -> customer
    2024-03-01  tenure: none -> one_time
    2024-03-01  stage: prospect -> new
    2024-03-01  account: none -> new_business
    2024-03-05  tenure: one_time -> repeat
"""


class TestExplain:
    """``clientele explain``: one party's judgement, reasons and facts."""

    def test_text(self) -> None:
        """Every reason, the facts it rests on and the history of the judgement."""
        assert Run(0, EXPLAIN_ANA_AT_SHOP, AS_OF_LAST_DAY) == run(
            "explain", "ledger.jsonl", "ana", "--seller", "shop"
        )

    def test_every_seller(self) -> None:
        """Without ``--seller``: the party's judgement by each seller, a blank line between."""
        result = run("explain", "ledger.jsonl", "ana")
        first, second = result.out.split("\n\n")
        assert first.startswith("ana is a client of firm as of 2024-03-06")
        assert "    c-1: contract  2024-02-01  100.00 EUR\n" in first
        assert EXPLAIN_ANA_AT_SHOP == second

    def test_a_party_with_no_standing_and_no_history(self) -> None:
        """A user who never dealt with the seller has no standing, and nothing changed."""
        result = run("explain", "ledger.jsonl", "kim")
        assert result.out.startswith("kim has no standing with shop as of 2024-03-06")
        assert "  facts:\n    f-3: purchase  2024-03-05 10:00:00+01:00  4.00 EUR\n" in result.out
        assert "history" not in result.out

    def test_json(self) -> None:
        """JSON: the judgements, as classify writes them."""
        result = run("explain", "ledger.jsonl", "cy", "--format", "json")
        [judgement] = json.loads(result.out)
        assert ("shop", "cy", "visitor") == (
            judgement["seller"],
            judgement["party"],
            judgement["standing"],
        )

    def test_unknown_party(self) -> None:
        """A party no fact names is bad data: exit 1."""
        expected = Run(
            1, "", AS_OF_LAST_DAY + "clientele: error: no fact of the ledger names party 'zed'\n"
        )
        assert expected == run("explain", "ledger.jsonl", "zed")

    def test_jsonl_on_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Standard input is read twice (judge, then collect the facts): it is kept."""
        stdin(monkeypatch, LEDGER)
        assert Run(0, EXPLAIN_ANA_AT_SHOP, AS_OF_LAST_DAY) == run(
            "explain", "-", "ana", "--seller", "shop"
        )

    def test_csv_on_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A CSV export on standard input is kept for the second reading too."""
        stdin(monkeypatch, SALES)
        result = run("explain", "-", "bo", *COLUMNS)
        assert (0, "bo is a customer of shop") == (result.code, result.out[:24])
        assert "    A-3: purchase  2024-03-05  4.00 EUR\n" in result.out

    def test_rejected_rows_are_left_out_of_the_explanation(self, tmp_path: Path) -> None:
        """With ``--on-error report``, the facts are collected past the same bad rows."""
        (tmp_path / "bad.jsonl").write_text(LEDGER + "{oops\n")
        result = run(
            "explain", "bad.jsonl", "ana", "--seller", "shop", "--on-error", "report", "r.csv"
        )
        assert (1, EXPLAIN_ANA_AT_SHOP) == (result.code, result.out)
        assert "line,reason\n10,not valid JSON: " == (tmp_path / "r.csv").read_text()[:31]

    def test_describe(self) -> None:
        """Facts are described by kind, time and amount or fees, when they have one."""
        contract = Contract(
            id="c", seller="s", counterparty="p", signed=date(2024, 1, 1), start=date(2024, 1, 2)
        )
        visit = Visit(id="v", seller="s", party="p", at=datetime(2024, 1, 3, 9, tzinfo=UTC))
        assert [
            "contract  2024-01-02",
            "visit  2024-01-03 09:00:00+00:00",
            "(not in the ledger)",
        ] == [_describe(contract), _describe(visit), _describe(None)]

    def test_a_judgement_that_cites_no_fact(self) -> None:
        """A party nobody recorded: reasons without facts, and no facts section."""
        judgement = judge(Ledger(), "shop", "nobody", as_of=datetime(2024, 1, 1, tzinfo=UTC))
        out = io.StringIO()
        _explain_text(judgement, Ledger(), DEFAULT, out)
        assert out.getvalue().startswith("nobody has no standing with shop as of 2024-01-01")
        assert "facts:" not in out.getvalue()


RFM_SHOP = "party,frequency,recency,T,monetary_value\nana,1,4,5,5.00\nbo,0,0,1,0\n"


class TestRfm:
    """``clientele rfm``: lifetimes' frequency, recency, T and monetary value."""

    def test_csv(self) -> None:
        """CSV by default, in lifetimes' column order; the end of observation on stderr."""
        assert Run(0, RFM_SHOP, "clientele: observation ends 2024-03-06 (freq D)\n") == run(
            "rfm", "ledger.jsonl", "--seller", "shop"
        )

    def test_json(self) -> None:
        """JSON: one object per party, amounts as decimal strings."""
        result = run("rfm", "ledger.jsonl", "--seller", "shop", "--format", "json")
        expected = [
            {"party": "ana", "frequency": 1, "recency": 4, "T": 5, "monetary_value": "5.00"},
            {"party": "bo", "frequency": 0, "recency": 0, "T": 1, "monetary_value": "0"},
        ]
        assert expected == json.loads(result.out)

    def test_table(self) -> None:
        """A table for people, numbers aligned right."""
        result = run("rfm", "ledger.jsonl", "--seller", "shop", "--format", "table")
        assert [" ana   │         1 │       4 │ 5 │           5.00 "] == result.out.splitlines()[
            2:3
        ]

    def test_weeks_until_a_date(self) -> None:
        """``--freq W`` counts weeks from Monday, up to the week of ``--as-of``."""
        result = run("rfm", "sales.csv", *COLUMNS, "--freq", "W", "--as-of", "2024-03-31")
        expected = (
            "party,frequency,recency,T,monetary_value\n'=cmd,0,0,3,0\nana,1,1,4,5.00\nbo,0,0,3,0\n"
        )
        assert Run(0, expected, "clientele: observation ends 2024-03-31 (freq W)\n") == result

    def test_months_until_an_instant(self) -> None:
        """``--freq M`` counts calendar months; an instant ends on its date in the zone."""
        result = run(
            "rfm", "sales.csv", *COLUMNS, "--freq", "M",
            "--as-of", "2024-04-01T01:00:00+02:00", "--timezone", "Europe/Paris",
        )  # fmt: skip
        assert "clientele: observation ends 2024-04-01 (freq M)\n" == result.err
        assert "ana,0,0,1,0" == result.out.splitlines()[2]

    def test_the_only_seller_needs_no_choice(self, tmp_path: Path) -> None:
        """A ledger with one seller needs no ``--seller``."""
        lines = LEDGER.splitlines(keepends=True)
        (tmp_path / "shop.jsonl").write_text("".join(x for x in lines if '"firm"' not in x))
        assert Run(0, RFM_SHOP, "clientele: observation ends 2024-03-06 (freq D)\n") == run(
            "rfm", "shop.jsonl"
        )

    def test_several_sellers(self) -> None:
        """Several sellers and no ``--seller`` is a usage error: exit 2."""
        result = run("rfm", "ledger.jsonl")
        expected = (
            "clientele: error: the ledger has several sellers ['firm', 'shop']: "
            "choose one with --seller"
        )
        assert (2, "", expected) == (result.code, result.out, last_line(result.err))

    def test_no_sellers(self, tmp_path: Path) -> None:
        """An empty ledger: the header only."""
        (tmp_path / "empty.jsonl").write_text('{"clientele": "ledger", "version": 1}\n')
        result = run("rfm", "empty.jsonl", "--as-of", "2024-01-01")
        assert (
            Run(
                0,
                "party,frequency,recency,T,monetary_value\n",
                "clientele: observation ends 2024-01-01 (freq D)\n",
            )
            == result
        )

    def test_jsonl_on_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """``-`` reads the ledger from standard input."""
        stdin(monkeypatch, LEDGER)
        assert RFM_SHOP == run("rfm", "-", "--seller", "shop").out


class TestUsageErrors:
    """Command lines that cannot run: exit 2, the usage and one message on stderr."""

    @pytest.mark.parametrize(
        ("argv", "expected"),
        [
            (
                ("classify", "sales.csv"),
                "reading CSV needs --party-column, --time-column, --amount-column",
            ),
            (
                ("classify", "ledger.jsonl", "--party-column", "customer"),
                "reading CSV needs --time-column, --amount-column",
            ),
            (
                ("classify", "ledger.jsonl", "--on-error", "bogus"),
                "--on-error takes 'stop' or 'report FILE'",
            ),
            (
                ("classify", "ledger.jsonl", "--on-error", "report"),
                "--on-error takes 'stop' or 'report FILE'",
            ),
            (
                ("classify", "sales.csv", *COLUMNS[:-4]),
                "--seller or --seller-column: 'seller' must be given as a constant or as a "
                "column, exactly one (got None)",
            ),
            (
                ("classify", "sales.csv", *COLUMNS, "--currency-column", "cur"),
                "--currency or --currency-column: 'currency' must be given as a constant or as "
                "a column, exactly one (got 'EUR')",
            ),
            (
                ("classify", "sales.csv", *COLUMNS[:8], "--currency", "XYZ", "--seller", "s"),
                "--currency or --currency-column: 'currency' must be an ISO 4217 currency code "
                "(got 'XYZ')",
            ),
            (
                ("classify", "sales.csv", *COLUMNS, "--delimiter", ";;"),
                "--delimiter: 'delimiter' must be a single character (got ';;')",
            ),
            (
                ("classify", "sales.csv", *COLUMNS, "--timezone", "Mars/Base"),
                "--timezone: 'timezone' must be an IANA time zone name such as 'Europe/Paris' "
                "(got 'Mars/Base')",
            ),
            (
                ("classify", "ledger.jsonl", "--timezone", "Mars/Base"),
                "--timezone: 'timezone' must be an IANA time zone name such as 'Europe/Paris' "
                "(got 'Mars/Base')",
            ),
            (
                ("rfm", "ledger.jsonl", "--timezone", "Europe"),
                "--timezone: 'timezone' must be an IANA time zone name such as 'Europe/Paris' "
                "(got 'Europe')",
            ),
        ],
    )
    def test_our_messages(self, argv: tuple[str, ...], expected: str) -> None:
        """Each message names the option and what it needs."""
        result = run(*argv)
        assert (2, "", f"clientele: error: {expected}") == (
            result.code,
            result.out,
            last_line(result.err),
        )
        assert result.err.startswith("usage: clientele")

    @pytest.mark.parametrize(
        ("as_of", "expected"),
        [
            (
                "2024-03-01T10:00",
                "'2024-03-01T10:00' has no UTC offset: add one (e.g. 2024-03-01T10:00+00:00) "
                "or give a date",
            ),
            (
                "yesterday",
                "expected a date (2024-06-30) or an instant with an offset, got 'yesterday'",
            ),
            (
                "2024-13-01",
                "expected a date (2024-06-30) or an instant with an offset, got '2024-13-01'",
            ),
        ],
    )
    def test_as_of(self, as_of: str, expected: str) -> None:
        """``--as-of`` is a date or an instant with an offset: never a naive time."""
        result = run("classify", "ledger.jsonl", "--as-of", as_of)
        message = f"clientele classify: error: argument --as-of: {expected}"
        assert (2, "", message) == (result.code, result.out, last_line(result.err))


def data_error(line: int, message: str) -> str:
    """Return the stderr of a run stopped by bad data on *line*."""
    return f"clientele: error: invalid record on line {line}: {message}\n"


class TestBadData:
    """Data that cannot be read: exit 1, one message naming the line, column and value."""

    @pytest.mark.parametrize(
        ("rows", "expected"),
        [
            (
                "order,customer,day,total\nA-1,ana,20240301,1\n",
                data_error(
                    1,
                    "missing column(s) ['date'] (the header has ['order', 'customer', 'day', "
                    "'total'])",
                ),
            ),
            (
                "order,customer,date,total\nA-1,ana,2024-03-01,1\n",
                data_error(2, "column 'date': expected a time like '%Y%m%d' (got '2024-03-01')"),
            ),
            (
                "order,customer,date,total\nA-1,ana,20240301,1.5e2\n",
                data_error(
                    2,
                    "column 'total': expected a positive decimal amount such as 12.50 "
                    "(got '1.5e2')",
                ),
            ),
            (
                "order,customer,date,total\nA-1,ana,20240301,\n",
                data_error(
                    2,
                    "column 'total': expected a positive decimal amount such as 12.50 (got '')",
                ),
            ),
            (
                "order,customer,date,total\nA-1,ana,20240301,1\nA-1,bo,20240302,2\n",
                data_error(
                    3,
                    "column 'order': expected a unique id (first seen on line 2) (got 'A-1')",
                ),
            ),
            (
                "order;customer;date;total\nA-1;ana;20240301;1\n",
                data_error(
                    1,
                    "missing column(s) ['customer', 'date', 'total', 'order'] (the header has "
                    "['order;customer;date;total']); the header has one column only: is the "
                    "delimiter right?",
                ),
            ),
            (
                "order,customer,date,total\nA-1,ana,20240301,1\nA-2,bo,2024",
                data_error(3, "expected 4 fields, as in the header (got 3)"),
            ),
        ],
    )
    def test_csv(self, tmp_path: Path, rows: str, expected: str) -> None:
        """The first bad row stops the run; nothing is written to stdout."""
        (tmp_path / "bad.csv").write_text(rows)
        assert Run(1, "", expected) == run("classify", "bad.csv", *COLUMNS)

    def test_unknown_currency(self, tmp_path: Path) -> None:
        """A currency column must hold ISO 4217 codes."""
        (tmp_path / "bad.csv").write_text("customer,date,total,cur\nana,20240301,1,EURO\n")
        argv = (*COLUMNS[:8], "--currency-column", "cur", "--seller", "shop")
        expected = data_error(2, "column 'cur': expected an ISO 4217 currency code (got 'EURO')")
        assert Run(1, "", expected) == run("classify", "bad.csv", *argv)

    def test_byte_order_mark(self, tmp_path: Path) -> None:
        """A UTF-8 byte-order mark is not part of the first column's name."""
        (tmp_path / "bom.csv").write_bytes(b"\xef\xbb\xbf" + SALES.encode())
        assert Run(0, SALES_CSV, AS_OF_LAST_DAY) == run(
            "classify", "bom.csv", *COLUMNS, "--format", "csv"
        )

    def test_non_utf8_bytes(self, tmp_path: Path) -> None:
        """A Latin-1 export: the first byte that is not UTF-8 is named."""
        (tmp_path / "latin1.csv").write_bytes(SALES.replace("bo", "Zoë").encode("latin-1"))
        expected = data_error(4, "not UTF-8: byte 0xeb at position 7")
        assert Run(1, "", expected) == run("classify", "latin1.csv", *COLUMNS)

    def test_truncated_jsonl(self, tmp_path: Path) -> None:
        """A ledger cut in the middle of its last line."""
        (tmp_path / "cut.jsonl").write_text(LEDGER[:-30])
        result = run("classify", "cut.jsonl")
        assert (1, "") == (result.code, result.out)
        assert result.err.startswith("clientele: error: invalid record on line 9: not valid JSON")

    def test_duplicate_fact_id_in_jsonl(self, tmp_path: Path) -> None:
        """A fact id used twice names both lines."""
        (tmp_path / "dup.jsonl").write_text(LEDGER + LEDGER.splitlines(keepends=True)[3])
        expected = data_error(
            10, "duplicate fact id 'f-1': every fact id must be unique (first on line 4)"
        )
        assert Run(1, "", expected) == run("classify", "dup.jsonl")

    def test_missing_file(self) -> None:
        """A file that does not exist: exit 1, the system's message."""
        expected = "clientele: error: [Errno 2] No such file or directory: 'nope.jsonl'\n"
        assert Run(1, "", expected) == run("classify", "nope.jsonl")


class TestOnErrorReport:
    """``--on-error report FILE``: go on, write every rejected row, exit 1."""

    def test_csv(self, tmp_path: Path) -> None:
        """One line per bad row, with its line number and reason; good rows are judged."""
        (tmp_path / "bad.csv").write_text(
            SALES + "A-5,eve,2024-03-07,1\nA-1,fay,20240307,1\nA-7,gus,20240307,1,5\n"
        )
        result = run(
            "classify",
            "bad.csv",
            *COLUMNS,
            "--format",
            "csv",
            "--on-error",
            "report",
            "rejects.csv",
        )
        assert (
            Run(
                1,
                SALES_CSV,
                AS_OF_LAST_DAY + "clientele: 3 rejected row(s) written to rejects.csv\n",
            )
            == result
        )
        expected = (
            "line,reason\n"
            "6,column 'date': expected a time like '%Y%m%d' (got '2024-03-07')\n"
            "7,column 'order': expected a unique id (first seen on line 2) (got 'A-1')\n"
            '8,"expected 4 fields, as in the header (got 5)"\n'
        )
        assert expected == (tmp_path / "rejects.csv").read_text()

    def test_jsonl(self, tmp_path: Path) -> None:
        """Ledger lines too: bad records and duplicate ids are reported, the rest judged."""
        lines = LEDGER.splitlines(keepends=True)
        (tmp_path / "bad.jsonl").write_text("".join([*lines, lines[3], "{oops\n"]))
        result = run(
            "classify", "bad.jsonl", "--format", "csv", "--on-error", "report", "rejects.csv"
        )
        assert (1, CLASSIFY_CSV) == (result.code, result.out)
        rejects = (tmp_path / "rejects.csv").read_text().splitlines()
        assert [
            "line,reason",
            "10,duplicate fact id 'f-1': every fact id must be unique (first on line 4)",
        ] == rejects[:2]
        assert rejects[2].startswith("11,not valid JSON: ")
        assert 3 == len(rejects)

    def test_nothing_rejected(self) -> None:
        """No bad rows: the file has its header only, and the run succeeds."""
        result = run("rfm", "sales.csv", *COLUMNS, "--on-error", "report", "rejects.csv")
        assert 0 == result.code
        assert "line,reason\n" == Path("rejects.csv").read_text()

    def test_stop(self, tmp_path: Path) -> None:
        """``--on-error stop`` is the default, said explicitly."""
        (tmp_path / "bad.csv").write_text(SALES + "A-5,eve,2024-03-07,1\n")
        result = run("classify", "bad.csv", *COLUMNS, "--on-error", "stop")
        assert (1, "") == (result.code, result.out)


class TestGlossary:
    """``clientele glossary``: terms in any language."""

    def test_found(self) -> None:
        """A known term: its concept, exit 0."""
        result = run("glossary", "payer")
        assert (0, "payer (en): 1 concept") == (result.code, result.out.splitlines()[0])
        assert result.out.endswith("\n")

    def test_not_found(self) -> None:
        """An unknown term: suggestions, exit 1."""
        result = run("glossary", "zzzz")
        assert 1 == result.code
        assert "" == result.out
        assert result.err.startswith("no concept found for 'zzzz'; try one of: ")
        assert result.err.endswith("\n")


requires_sample = pytest.mark.skipif(
    not SAMPLE.is_file(),
    reason="the sample ledger src/clientele/data/sample-ledger.jsonl is missing",
)


class TestDemo:
    """``clientele demo``: the commands run on the bundled sample ledger."""

    @requires_sample
    def test_runs_reports_and_explanations(self) -> None:
        """Each step says what it shows and the command it runs; nothing on stderr."""
        result = run("demo")
        assert 0 == result.code
        assert ["clientele: as of 2024-12-31T23:59:59.999999+00:00"] * 4 == result.err.splitlines()
        assert result.out.startswith(
            "# A corner shop's customer base: mostly one-time customers, a few regulars.\n"
            "$ clientele report sample-ledger.jsonl --as-of 2024-12-31 --seller corner-shop\n"
        )
        assert (
            "$ clientele explain sample-ledger.jsonl --as-of 2024-12-31 friend --seller softco\n"
            in result.out
        )

    def test_steps_and_status(self) -> None:
        """Each step runs one command on the sample; the first failure's code is returned."""
        seen: list[list[str]] = []

        def fake(argv: Sequence[str], out: IO[str], err: IO[str]) -> int:
            seen.append(list(argv))
            return len(seen) % 2  # 1, 0, 1, 0

        out = io.StringIO()
        assert 1 == run_demo(out, io.StringIO(), fake)
        assert ["report", "report", "explain", "explain"] == [argv[0] for argv in seen]
        assert {"sample-ledger.jsonl"} == {Path(argv[1]).name for argv in seen}
        assert ["--as-of", "2024-12-31", "--seller", "corner-shop"] == seen[0][2:]
        assert 4 == out.getvalue().count("\n$ clientele ")


# Through the real entry points: ``python -m clientele`` and the console script.

SCRIPT = Path(sys.executable).with_name(
    "clientele.exe" if sys.platform == "win32" else "clientele"
)
ENTRY_POINTS = [
    pytest.param([sys.executable, "-m", "clientele"], id="python -m clientele"),
    pytest.param(
        [str(SCRIPT)],
        id="console script",
        marks=pytest.mark.skipif(
            not SCRIPT.is_file(), reason="the console script is not installed"
        ),
    ),
]


def spawn(command: list[str], *argv: str, input: str = "") -> Run:
    """Run *command* with *argv* in a new process."""
    done = subprocess.run(
        [*command, *argv],
        input=input.encode(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    return Run(done.returncode, done.stdout.decode(), done.stderr.decode())


@pytest.mark.parametrize("command", ENTRY_POINTS)
class TestEntryPoints:
    """The installed command behaves as ``main`` does."""

    def test_version(self, command: list[str]) -> None:
        """``--version``: the version, exit 0."""
        assert Run(0, f"clientele {__version__}\n", "") == spawn(command, "--version")

    def test_classify_csv_from_stdin(self, command: list[str]) -> None:
        """A CSV export piped in; CSV out; the instant on stderr."""
        result = spawn(command, "classify", "-", *COLUMNS, "--format", "csv", input=SALES)
        assert Run(0, SALES_CSV, AS_OF_LAST_DAY) == Run(
            result.code, result.out.replace("\r\n", "\n"), result.err.replace("\r\n", "\n")
        )

    def test_rfm_jsonl_from_stdin(self, command: list[str]) -> None:
        """A ledger piped in; lifetimes' columns out."""
        result = spawn(command, "rfm", "-", "--seller", "shop", input=LEDGER)
        assert (0, RFM_SHOP) == (result.code, result.out.replace("\r\n", "\n"))

    def test_bad_data(self, command: list[str]) -> None:
        """Bad data: exit 1, the message on stderr, nothing on stdout."""
        result = spawn(command, "explain", "-", "ana", *COLUMNS, input=SALES + "A-5,eve,x,1\n")
        expected = data_error(6, "column 'date': expected a time like '%Y%m%d' (got 'x')")
        assert Run(1, "", expected) == Run(
            result.code, result.out, result.err.replace("\r\n", "\n")
        )

    def test_usage_error(self, command: list[str]) -> None:
        """A usage error: exit 2."""
        result = spawn(command, "report", "-", "--on-error", "bogus", input=LEDGER)
        assert (2, "clientele: error: --on-error takes 'stop' or 'report FILE'") == (
            result.code,
            last_line(result.err),
        )


@requires_sample
class TestDemoEntryPoint:
    """The demo, from the installed script."""

    def test_runs(self) -> None:
        """``clientele demo`` runs from the console script (or ``python -m``)."""
        command = [str(SCRIPT)] if SCRIPT.is_file() else [sys.executable, "-m", "clientele"]
        result = spawn(command, "demo")
        assert (0, "# A corner shop") == (result.code, result.out[:15])


class TestOnErrorPlacement:
    """``--on-error report FILE`` takes exactly two words, wherever it stands."""

    def test_before_the_ledger(self) -> None:
        """The ledger after ``--on-error report FILE`` is still the ledger."""
        result = run("classify", "--on-error", "report", "rejects.csv", "ledger.jsonl")

        assert 0 == result.code
        assert "line,reason\n" == Path("rejects.csv").read_text()


class TestBrokenPipe:
    """A reader that stops reading (``| head``) ends the run quietly."""

    def test_broken_pipe_exits_zero(self) -> None:
        """A BrokenPipeError while writing results exits 0 with no message."""

        class Closed(io.StringIO):
            def write(self, text: str) -> int:
                raise BrokenPipeError

        err = io.StringIO()
        assert 0 == main(["classify", "ledger.jsonl"], Closed(), err)
        assert "" == "".join(line for line in err.getvalue().splitlines() if "error" in line)


class TestModule:
    """``python -m clientele`` runs the command line."""

    def test_run_as_module(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Running the package as a module exits with the command's code."""
        import runpy
        import sys

        monkeypatch.setattr(sys, "argv", ["clientele", "--version"])
        with pytest.raises(SystemExit) as caught:
            runpy.run_module("clientele", run_name="__main__")
        assert 0 == caught.value.code

    def test_broken_pipe_in_a_real_pipe(self, tmp_path: Path) -> None:
        """``clientele … | head -1`` prints one line and no error."""
        import subprocess
        import sys

        lines = "".join(f"ana,2024-01-{1 + n % 28:02d},1.00\n" for n in range(20000))
        (tmp_path / "big.csv").write_text("party,time,amount\n" + lines)
        command = (
            f"'{sys.executable}' -m clientele classify big.csv --format csv --party-column party "
            "--time-column time --amount-column amount --currency EUR --seller s | head -1"
        )
        done = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, cwd=tmp_path, check=False
        )
        assert (
            "seller,party,standing,tenure,environment,stage,tier,account,roles,revenue,currency\n"
            == done.stdout
        )
        assert "error" not in done.stderr


class TestEngine:
    """``--engine``: the polars engine and the Python path give the same output."""

    @pytest.mark.parametrize("command", ["classify", "report", "rfm"])
    def test_polars_and_python_agree(self, command: str) -> None:
        """Each command prints the same with either engine."""
        polars = run(command, "sales.csv", *COLUMNS, "--format", "json", "--engine", "polars")
        python = run(command, "sales.csv", *COLUMNS, "--format", "json", "--engine", "python")

        assert (0, python.out) == (polars.code, polars.out)

    def test_polars_missing(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Asking for polars without it installed is a usage error naming the extra."""
        import importlib.util

        monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
        result = run("classify", "sales.csv", *COLUMNS, "--engine", "polars")

        assert 2 == result.code
        assert (
            "clientele: error: --engine polars needs polars: install the 'polars' extra "
            "with `pip install clientele[polars]`"
        ) == last_line(result.err)

    def test_falls_back_to_python_where_polars_cannot_read_exactly(self, tmp_path: Path) -> None:
        """A file polars would read differently (a blank line) is read by the Python path."""
        (tmp_path / "gappy.csv").write_text(SALES.replace("A-2", "\nA-2"), encoding="utf-8")
        result = run("rfm", "gappy.csv", *COLUMNS, "--engine", "polars", "--as-of", "2024-03-31")

        assert 0 == result.code
        assert "ana,1,4,30,5.00" in result.out

    def test_amounts_with_different_decimals_keep_their_form(self, tmp_path: Path) -> None:
        """``5`` beside ``9.99`` prints as ``5`` with either engine (polars would say 5.00)."""
        (tmp_path / "mixed.csv").write_text(
            "order,customer,date,total\nA-1,ana,20240301,5\nA-2,bo,20240302,9.99\n",
            encoding="utf-8",
        )
        polars = run("classify", "mixed.csv", *COLUMNS, "--format", "csv", "--engine", "polars")
        python = run("classify", "mixed.csv", *COLUMNS, "--format", "csv", "--engine", "python")

        assert python == polars
        assert ",5,EUR" in polars.out

    def test_a_file_polars_cannot_check_goes_to_python(self, tmp_path: Path) -> None:
        """A missing amount column is reported by the Python path, as without polars."""
        (tmp_path / "short.csv").write_text("order,customer,date\nA-1,ana,20240301\n")
        polars = run("classify", "short.csv", *COLUMNS, "--engine", "polars")
        python = run("classify", "short.csv", *COLUMNS, "--engine", "python")

        assert 1 == polars.code
        assert python == polars
