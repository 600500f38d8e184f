import io
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import IO, TypeVar

import attrs
import pytest

from clientele import (
    DEFAULT,
    BusinessModel,
    CsvMapping,
    Customization,
    Ledger,
    LedgerFileError,
    Market,
    Money,
    Offering,
    OfferingKind,
    Person,
    Purchase,
    Refund,
    Seller,
    Usage,
    _sources,
    to_json,
)
from clientele._lines import OnError
from clientele._sources import Scan, Source, _Progress, collect_about, scan, spooled

_T = TypeVar("_T", Purchase, Usage)
HEADER = '{"clientele": "ledger", "version": 1}'
SHOP = Seller(id="shop", business_model=BusinessModel.CUSTOMER_BASED)
ANA = Person(id="ana", name="Ana")
TISSUES = Offering(
    id="tissues",
    kind=OfferingKind.GOODS,
    customization=Customization.STANDARD,
    market=Market.CONSUMER,
    maker="maker",
)
#: Ana buys tissues, not saying who uses them; Kim uses them.
GIFT = Purchase(
    id="f-1",
    seller="shop",
    at=date(2024, 3, 1),
    amount=Money(Decimal("10.00"), "EUR"),
    buyer="ana",
    offering="tissues",
)
REFUND = Refund(
    id="rf-1",
    seller="shop",
    purchase="f-1",
    at=date(2024, 3, 2),
    amount=Money(Decimal("2.50"), "EUR"),
)
USE = Usage(
    id="u-1", seller="shop", party="kim", at=date(2024, 3, 3), offering="tissues", purchase="f-1"
)
LATER = Purchase(
    id="f-2",
    seller="shop",
    at=datetime(2024, 4, 1, 12, tzinfo=UTC),
    amount=Money(Decimal("5.00"), "EUR"),
    buyer="bo",
)
RECORDS = (SHOP, ANA, TISSUES, REFUND, GIFT, USE, LATER)
CSV = "customer,date,total\nana,2024-03-01,10.00\nbo,2024-03-05,5\nana,2024-03-09,2.50\n"
MAPPING = CsvMapping(party="customer", time="date", amount="total", seller="shop", currency="EUR")


def _write(path: Path, *lines: str) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture
def ledger_file(tmp_path: Path) -> Source:
    """Return a JSON Lines ledger of the records above (the refund before its purchase)."""
    path = _write(tmp_path / "ledger.jsonl", HEADER, *(to_json(r) for r in RECORDS))
    return Source(path=str(path), kind="jsonl")


@pytest.fixture
def csv_file(tmp_path: Path) -> Source:
    """Return a CSV export of three purchases by two parties."""
    path = tmp_path / "sales.csv"
    path.write_text(CSV, encoding="utf-8")
    return Source(path=str(path), kind="csv", mapping=MAPPING)


def _scan(
    source: Source,
    cutoff: datetime | None = None,
    on_error: OnError | None = None,
    progress: IO[str] | None = None,
) -> Scan:
    """Scan *source* under the default policy."""
    return scan(source, cutoff=cutoff, policy=DEFAULT, on_error=on_error, progress=progress)


class _Stdin:
    """Standard input, as bytes."""

    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


class TestScanJsonLines:
    """One streamed pass over a ledger file."""

    def test_summaries_parties_and_sellers(self, ledger_file: Source) -> None:
        """Facts are folded; described parties and sellers are kept aside."""
        found = _scan(ledger_file)
        assert {"ana": ANA} == found.parties
        assert {"shop": SHOP} == found.sellers
        assert {("shop", "ana"), ("shop", "bo"), ("shop", "kim"), ("maker", "kim")} == set(
            found.summary.parties
        )
        assert datetime(2024, 4, 1, 12, tzinfo=UTC) == found.summary.last_instant

    def test_refunds_are_folded_with_their_purchase(self, ledger_file: Source) -> None:
        """A refund found before its purchase still counts against it."""
        ana = _scan(ledger_file).summary.parties[("shop", "ana")]
        assert (Decimal("10.00"), Decimal("2.50")) == (ana.gross, ana.refunded)

    def test_the_maker_sees_who_uses_its_offering(self, ledger_file: Source) -> None:
        """A usage of an offering made by another party counts for the maker too."""
        kim = _scan(ledger_file).summary.parties[("maker", "kim")]
        assert 0 == kim.paid
        assert kim.mention is not None

    def test_cutoff(self, ledger_file: Source) -> None:
        """Facts after the cutoff are left out."""
        found = _scan(ledger_file, cutoff=datetime(2024, 3, 31, tzinfo=UTC))
        assert ("shop", "bo") not in found.summary.parties
        assert datetime(2024, 3, 3, tzinfo=UTC) == found.summary.last_instant

    def test_missing_file(self, tmp_path: Path) -> None:
        """A path that does not exist is an OSError, as for open()."""
        with pytest.raises(FileNotFoundError):
            _scan(Source(path=str(tmp_path / "nope.jsonl"), kind="jsonl"))


class TestScanCsv:
    """One streamed pass over a CSV export."""

    def test_summaries(self, csv_file: Source) -> None:
        """Each row is a purchase by its party; nothing is described."""
        found = _scan(csv_file)
        ana = found.summary.parties[("shop", "ana")]
        assert (2, Decimal("12.50")) == (ana.paid, ana.gross)
        assert ({}, {}) == (found.parties, found.sellers)

    def test_cutoff(self, csv_file: Source) -> None:
        """Rows after the cutoff are left out."""
        found = _scan(csv_file, cutoff=datetime(2024, 3, 5, tzinfo=UTC))
        assert (1, Decimal("10.00")) == (
            found.summary.parties[("shop", "ana")].paid,
            found.summary.parties[("shop", "ana")].gross,
        )
        assert datetime(2024, 3, 5, tzinfo=UTC) == found.summary.last_instant

    def test_bad_rows_are_passed_on(self, tmp_path: Path) -> None:
        """With *on_error*, bad rows are reported and the rest is read."""
        path = tmp_path / "bad.csv"
        path.write_text("customer,date,total\nana,2024-03-01,1,5\nbo,2024-03-01,2\n")
        errors: list[LedgerFileError] = []
        found = _scan(Source(path=str(path), kind="csv", mapping=MAPPING), on_error=errors.append)
        assert [2] == [e.line for e in errors]
        assert {("shop", "bo")} == set(found.summary.parties)


class TestCollectAbout:
    """The facts about one party, to explain its judgement."""

    def test_a_payer(self, ledger_file: Source) -> None:
        """A party's purchases come with their refunds, offerings and description."""
        assert Ledger.of(ANA, TISSUES, GIFT, REFUND) == collect_about(ledger_file, "ana")

    def test_a_usage_of_another_partys_purchase(self, ledger_file: Source) -> None:
        """The purchase a usage links to is included, though it does not name the user."""
        assert Ledger.of(TISSUES, GIFT, USE) == collect_about(ledger_file, "kim")

    def test_csv(self, csv_file: Source) -> None:
        """From a CSV export: the party's rows."""
        about = collect_about(csv_file, "ana")
        assert ["line-2", "line-4"] == [fact.id for fact in about.facts]

    def test_bad_rows_are_passed_on(self, tmp_path: Path) -> None:
        """With *on_error*, unreadable lines are left out and reported."""
        lines = (to_json(TISSUES), to_json(GIFT), "{", to_json(USE), to_json(_same_id(USE)))
        path = _write(tmp_path / "l.jsonl", HEADER, *lines)
        errors: list[LedgerFileError] = []
        about = collect_about(Source(path=str(path), kind="jsonl"), "kim", on_error=errors.append)
        assert [4, 6] == [e.line for e in errors]
        assert ["f-1", "u-1"] == [fact.id for fact in about.facts]


class TestDuplicateFactIds:
    """A fact id used twice in a JSON Lines stream."""

    def test_stops_reading(self, tmp_path: Path) -> None:
        """By default the second fact with an id is an error naming both lines."""
        path = _write(tmp_path / "dup.jsonl", HEADER, to_json(GIFT), to_json(_same_id(LATER)))
        with pytest.raises(LedgerFileError) as info:
            _scan(Source(path=str(path), kind="jsonl"))
        expected = (
            "invalid record on line 3: duplicate fact id 'f-1': every fact id must be unique "
            "(first on line 2)"
        )
        assert expected == str(info.value)

    def test_reported_and_the_first_kept(self, tmp_path: Path) -> None:
        """With *on_error*, the later fact is reported and left out."""
        path = _write(tmp_path / "dup.jsonl", HEADER, to_json(GIFT), to_json(_same_id(LATER)))
        errors: list[LedgerFileError] = []
        found = _scan(Source(path=str(path), kind="jsonl"), on_error=errors.append)
        assert [3] == [e.line for e in errors]
        assert {("shop", "ana")} == set(found.summary.parties)

    def test_a_duplicate_refund_is_not_counted(self, tmp_path: Path) -> None:
        """A refund repeated under the same id is refused, not refunded twice."""
        path = _write(
            tmp_path / "dup.jsonl", HEADER, to_json(GIFT), to_json(REFUND), to_json(REFUND)
        )
        errors: list[LedgerFileError] = []
        found = _scan(Source(path=str(path), kind="jsonl"), on_error=errors.append)
        assert [4] == [e.line for e in errors]
        assert Decimal("2.50") == found.summary.parties[("shop", "ana")].refunded

    def test_in_collect_about(self, tmp_path: Path) -> None:
        """Explaining a party refuses duplicates too."""
        path = _write(tmp_path / "dup.jsonl", HEADER, to_json(GIFT), to_json(_same_id(LATER)))
        with pytest.raises(LedgerFileError):
            collect_about(Source(path=str(path), kind="jsonl"), "ana")


def _same_id(fact: _T) -> _T:
    """Return *fact* under the id of ``GIFT``."""
    return attrs.evolve(fact, id=GIFT.id)


class TestStandardInput:
    """``-`` reads standard input, once, even where a file is read twice."""

    def test_jsonl(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A ledger on standard input is spooled, so that it can be read twice."""
        data = "\n".join([HEADER, *(to_json(r) for r in RECORDS)]).encode()
        monkeypatch.setattr(sys, "stdin", _Stdin(data))
        found = _scan(Source(path="-", kind="jsonl"))
        assert {"ana": ANA} == found.parties
        assert Decimal("2.50") == found.summary.parties[("shop", "ana")].refunded

    def test_csv(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A CSV export on standard input is read as it comes."""
        monkeypatch.setattr(sys, "stdin", _Stdin(CSV.encode()))
        found = _scan(Source(path="-", kind="csv", mapping=MAPPING))
        assert {("shop", "ana"), ("shop", "bo")} == set(found.summary.parties)

    def test_csv_collect_about(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """collect_about reads a CSV export on standard input."""
        monkeypatch.setattr(sys, "stdin", _Stdin(CSV.encode()))
        about = collect_about(Source(path="-", kind="csv", mapping=MAPPING), "bo")
        assert ["line-3"] == [fact.id for fact in about.facts]

    def test_spooled_is_removed_afterwards(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """The spool is a temporary file, named after the input kind, removed at the end."""
        monkeypatch.setattr(sys, "stdin", _Stdin(CSV.encode()))
        with spooled(Source(path="-", kind="csv", mapping=MAPPING)) as source:
            path = Path(source.path)
            assert CSV == path.read_text()
            assert ".csv" == path.suffix
        assert not path.exists()

    def test_spooled_leaves_files_alone(self, csv_file: Source) -> None:
        """A file can be read twice as it is."""
        with spooled(csv_file) as source:
            assert csv_file == source


class _Terminal(io.StringIO):
    """An error stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def big_csv(tmp_path: Path) -> Source:
    """Return a CSV export of 10,000 rows."""
    path = tmp_path / "big.csv"
    rows = (f"p-{n % 50},2024-03-{n % 28 + 1:02},1.00\n" for n in range(10_000))
    path.write_text("customer,date,total\n" + "".join(rows), encoding="utf-8")
    return Source(path=str(path), kind="csv", mapping=MAPPING)


class TestProgress:
    """A progress bar on a terminal, nothing elsewhere."""

    def test_on_a_terminal(self, big_csv: Source, monkeypatch: pytest.MonkeyPatch) -> None:
        """The bar is redrawn at most five times a second, and completed at the end."""
        # A clock that stands still: only the first and the last frames are due.
        monkeypatch.setattr(_sources, "time", SimpleNamespace(monotonic=lambda: 100.0))
        err = _Terminal()
        _scan(big_csv, progress=err)
        frames = err.getvalue().split("\r")
        assert "" == frames[0]
        assert 3 == len(frames)  # at line 4,096; 8,192 is too soon after; the end
        full = "#" * 30
        assert f"reading [{full}] 100.0% 10,001 lines\n" == frames[-1]
        assert frames[1].startswith("reading [###")
        assert frames[1].endswith("4,096 lines")

    def test_silent_elsewhere(self, big_csv: Source) -> None:
        """Written to a file or a pipe, nothing is shown."""
        err = io.StringIO()
        _scan(big_csv, progress=err)
        assert "" == err.getvalue()

    def test_silent_for_standard_input(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Standard input has no known size: no bar, even on a terminal."""
        monkeypatch.setattr(sys, "stdin", _Stdin(CSV.encode()))
        err = _Terminal()
        _scan(Source(path="-", kind="csv", mapping=MAPPING), progress=err)
        assert "" == err.getvalue()

    def test_an_empty_file_is_complete(self) -> None:
        """A file of no bytes is read entirely as soon as it is opened."""
        err = _Terminal()
        progress = _Progress(0, err, "reading")
        assert [] == list(progress.wrap([]))
        assert f"\rreading [{'#' * 30}] 100.0% 0 lines\n" == err.getvalue()


class TestCurrencies:
    """A party paying in two currencies is reported at the line that adds the second."""

    def test_second_currency_in_a_ledger_file(self, tmp_path: Path) -> None:
        """With *on_error*, the offending line is reported and left out; without, it raises."""
        from clientele import LedgerFileError
        from clientele._policy import DEFAULT
        from clientele._sources import Source, scan

        path = tmp_path / "two.jsonl"
        path.write_text(
            '{"clientele": "ledger", "version": 1}\n'
            '{"type":"purchase","id":"f-1","seller":"s","at":"2024-01-02",'
            '"amount":{"amount":"1","currency":"EUR"},"buyer":"ana"}\n'
            '{"type":"purchase","id":"f-2","seller":"s","at":"2024-01-03",'
            '"amount":{"amount":"1","currency":"USD"},"buyer":"ana"}\n',
            encoding="utf-8",
        )
        source = Source(path=str(path), kind="jsonl")
        errors: list[LedgerFileError] = []
        found = scan(source, cutoff=None, policy=DEFAULT, on_error=errors.append)

        assert [3] == [e.line for e in errors]
        assert 1 == found.summary.parties[("s", "ana")].paid
        with pytest.raises(LedgerFileError):
            scan(source, cutoff=None, policy=DEFAULT)
