import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientele import (
    InvalidValueError,
    LedgerFileError,
    Money,
    Purchase,
    iter_records,
    to_json,
)
from clientele._csv import CsvMapping, read_csv, summarize_csv
from clientele.testing.strategies import records

#: The mapping most tests read with: the seller and currency are constants.
SHOP = CsvMapping(party="customer", time="date", amount="total", seller="shop", currency="EUR")


def _read(lines: Sequence[bytes | str], mapping: CsvMapping = SHOP) -> list[Purchase]:
    return list(read_csv(lines, mapping))


def _sale(line: int, buyer: str, at: date | datetime, amount: str, **more: Any) -> Purchase:
    """Return the purchase read from *line* of a file read with ``SHOP``."""
    fields: dict[str, Any] = {
        "id": f"line-{line}",
        "seller": "shop",
        "at": at,
        "amount": Money(Decimal(amount), "EUR"),
        "buyer": buyer,
    }
    return Purchase(**(fields | more))


class TestCsvMapping:
    """Which column holds what: checked when the mapping is made."""

    def test_columns_lists_the_columns_given(self) -> None:
        """Only the columns named are required of the export, by what they hold."""
        mapping = CsvMapping(
            party="who",
            time="when",
            amount="total",
            seller_column="shop",
            currency="EUR",
            user="for",
            id="order",
        )
        expected = {
            "party": "who",
            "time": "when",
            "amount": "total",
            "seller": "shop",
            "user": "for",
            "id": "order",
        }
        assert expected == mapping.columns()

    def test_is_immutable(self) -> None:
        """A mapping is a frozen value."""
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            SHOP.party = "someone"  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            (
                {"seller": None},
                "'seller' must be given as a constant or as a column, exactly one (got None)",
            ),
            (
                {"seller_column": "shop"},
                "'seller' must be given as a constant or as a column, exactly one (got 'shop')",
            ),
            (
                {"currency": None},
                "'currency' must be given as a constant or as a column, exactly one (got None)",
            ),
            (
                {"currency_column": "cur"},
                "'currency' must be given as a constant or as a column, exactly one (got 'EUR')",
            ),
            ({"currency": "XYZ"}, "'currency' must be an ISO 4217 currency code (got 'XYZ')"),
            (
                {"timezone": "Mars/Base"},
                "'timezone' must be an IANA time zone name such as 'Europe/Paris' "
                "(got 'Mars/Base')",
            ),
            (
                {"timezone": "Europe"},
                "'timezone' must be an IANA time zone name such as 'Europe/Paris' (got 'Europe')",
            ),
            ({"timezone": 5}, "'timezone' must be an IANA time zone name (got 5)"),
            ({"delimiter": ";;"}, "'delimiter' must be a single character (got ';;')"),
            ({"delimiter": ""}, "'delimiter' must be a single character (got '')"),
            (
                {"seller": " shop"},
                "'seller' must be a non-empty string without surrounding whitespace (got ' shop')",
            ),
            ({"party": None}, "'party' must be a string (got None)"),
            ({"payer": 3}, "'payer' must be a string (got 3)"),
        ],
    )
    def test_refusals_name_the_field(self, changes: dict[str, Any], expected: str) -> None:
        """Every refusal names the field, what it must be and the value."""
        with pytest.raises(InvalidValueError) as info:
            attrs.evolve(SHOP, **changes)
        assert expected == str(info.value)


class TestReadCsv:
    """Rows that can be read become purchases."""

    def test_iso_dates(self) -> None:
        """ISO dates become dates; rows get ids from their line numbers."""
        lines = ["customer,date,total", "ana,2024-03-01,12.50", "bo,2024-03-02,3"]
        expected = [
            _sale(2, "ana", date(2024, 3, 1), "12.50"),
            _sale(3, "bo", date(2024, 3, 2), "3"),
        ]
        assert expected == _read(lines)

    def test_iso_datetimes_with_offsets(self) -> None:
        """ISO timestamps keep their own offset; Z means UTC."""
        lines = [
            "customer,date,total",
            "ana,2024-03-01T10:30:00+01:00,1",
            "bo,2024-03-01T09:00Z,2",
        ]
        plus_one = timezone(timedelta(hours=1))
        expected = [
            _sale(2, "ana", datetime(2024, 3, 1, 10, 30, tzinfo=plus_one), "1"),
            _sale(3, "bo", datetime(2024, 3, 1, 9, tzinfo=UTC), "2"),
        ]
        assert expected == _read(lines)

    def test_naive_timestamps_take_the_files_zone(self) -> None:
        """A timestamp without an offset is read on the clock of the mapping's zone."""
        mapping = attrs.evolve(SHOP, timezone="Europe/Paris")
        lines = ["customer,date,total", "ana,2024-03-01T10:30:00,1", "bo,2024-03-01,2"]
        expected = [
            _sale(2, "ana", datetime(2024, 3, 1, 10, 30, tzinfo=ZoneInfo("Europe/Paris")), "1"),
            _sale(3, "bo", date(2024, 3, 1), "2"),
        ]
        assert expected == _read(lines, mapping)

    def test_a_format_without_a_time_of_day_gives_dates(self) -> None:
        """``%Y%m%d`` reads compact dates as dates, with no zone needed."""
        mapping = attrs.evolve(SHOP, time_format="%Y%m%d")
        lines = ["customer,date,total", "ana,20240301,1", "bo,20241231,2"]
        expected = [
            _sale(2, "ana", date(2024, 3, 1), "1"),
            _sale(3, "bo", date(2024, 12, 31), "2"),
        ]
        assert expected == _read(lines, mapping)

    def test_a_format_with_a_time_of_day_and_a_zone(self) -> None:
        """A format with hours gives datetimes, placed in the mapping's zone."""
        mapping = attrs.evolve(SHOP, time_format="%d/%m/%Y %H:%M", timezone="Asia/Tokyo")
        lines = ["customer,date,total", "ana,01/03/2024 23:30,1"]
        expected = [
            _sale(2, "ana", datetime(2024, 3, 1, 23, 30, tzinfo=ZoneInfo("Asia/Tokyo")), "1")
        ]
        assert expected == _read(lines, mapping)

    def test_a_format_with_an_offset(self) -> None:
        """``%z`` gives aware datetimes without a zone for the file."""
        mapping = attrs.evolve(SHOP, time_format="%Y%m%d %H%M%z")
        lines = ["customer,date,total", "ana,20240301 1030-0500,1"]
        minus_five = timezone(timedelta(hours=-5))
        expected = [_sale(2, "ana", datetime(2024, 3, 1, 10, 30, tzinfo=minus_five), "1")]
        assert expected == _read(lines, mapping)

    def test_every_optional_column(self) -> None:
        """Id, seller, currency, payer and user columns fill those fields."""
        mapping = CsvMapping(
            party="buyer",
            time="at",
            amount="amount",
            seller_column="store",
            currency_column="cur",
            payer="paid_by",
            user="used_by",
            id="order",
        )
        lines = [
            "order,store,buyer,paid_by,used_by,at,amount,cur",
            "o-1,s-1,kid,dad,kid,2024-03-01,9.99,USD",
            "o-2,s-2,ana,,,2024-03-02,5,EUR",
        ]
        expected = [
            Purchase(
                id="o-1",
                seller="s-1",
                at=date(2024, 3, 1),
                amount=Money(Decimal("9.99"), "USD"),
                buyer="kid",
                payer="dad",
                users=("kid",),
            ),
            Purchase(
                id="o-2",
                seller="s-2",
                at=date(2024, 3, 2),
                amount=Money(Decimal(5), "EUR"),
                buyer="ana",
            ),
        ]
        assert expected == _read(lines, mapping)

    def test_quoting_and_another_delimiter(self) -> None:
        """Quoted cells may hold the delimiter; the delimiter is the mapping's."""
        mapping = attrs.evolve(SHOP, delimiter=";", party="name; first")
        lines = ['"name; first";date;total', '"Doe; Jane";2024-03-01;1']
        assert [_sale(2, "Doe; Jane", date(2024, 3, 1), "1")] == _read(lines, mapping)

    def test_empty_lines_are_skipped_but_counted(self) -> None:
        """Blank lines yield nothing; ids still follow the file's line numbers."""
        lines = ["customer,date,total\n", "\n", "ana,2024-03-01,1\n", "\n"]
        assert [_sale(3, "ana", date(2024, 3, 1), "1")] == _read(lines)

    @pytest.mark.parametrize(
        "header", [b"\xef\xbb\xbfcustomer,date,total\n", "\ufeffcustomer,date,total\n"]
    )
    def test_a_byte_order_mark_is_dropped(self, header: bytes | str) -> None:
        """A UTF-8 byte-order mark before the header is not part of its first name."""
        assert [_sale(2, "ana", date(2024, 3, 1), "1")] == _read([header, b"ana,2024-03-01,1\n"])

    def test_bytes_are_utf8(self) -> None:
        """Byte lines are decoded as UTF-8."""
        lines = [b"customer,date,total\r\n", "Zoë,2024-03-01,1\r\n".encode()]
        assert [_sale(2, "Zoë", date(2024, 3, 1), "1")] == _read(lines)

    def test_many_distinct_times(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Times are parsed once each, in a bounded cache that starts over when full."""
        monkeypatch.setattr("clientele._csv._TIME_CACHE", 2)
        days = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-01"]
        lines = ["customer,date,total", *(f"ana,{day},1" for day in days)]
        expected = [date.fromisoformat(day) for day in days]
        assert expected == [p.at for p in _read(lines)]

    def test_a_header_alone_is_no_purchases(self) -> None:
        """An export with no rows is empty, not an error."""
        assert [] == _read(["customer,date,total"])


def _refusal(lines: Sequence[bytes | str], mapping: CsvMapping = SHOP) -> tuple[int, str]:
    with pytest.raises(LedgerFileError) as info:
        _read(lines, mapping)
    return info.value.line, str(info.value)


class TestReadCsvRefusals:
    """Each bad input stops reading with its line, column and value."""

    def test_missing_column(self) -> None:
        """A column the mapping names must be in the header."""
        expected = (
            1,
            "invalid record on line 1: missing column(s) ['date'] "
            "(the header has ['customer', 'day', 'total'])",
        )
        assert expected == _refusal(["customer,day,total", "ana,2024-03-01,1"])

    def test_wrong_delimiter(self) -> None:
        """A header read as one column suggests checking the delimiter."""
        expected = (
            1,
            "invalid record on line 1: missing column(s) ['customer', 'date', 'total'] "
            "(the header has ['customer;date;total']); the header has one column only: "
            "is the delimiter right?",
        )
        assert expected == _refusal(["customer;date;total", "ana;2024-03-01;1"])

    @pytest.mark.parametrize(
        ("text", "fmt", "expected"),
        [
            ("2024-13-01", None, "'ISO 8601'"),
            ("01/03/2024", None, "'ISO 8601'"),
            ("", None, "'ISO 8601'"),
            ("20241301", "%Y%m%d", "'%Y%m%d'"),
            ("2024-03-01", "%Y%m%d", "'%Y%m%d'"),
        ],
    )
    def test_unparseable_date(self, text: str, fmt: str | None, expected: str) -> None:
        """A time that does not match the format names the column, format and value."""
        mapping = attrs.evolve(SHOP, time_format=fmt)
        message = (
            f"invalid record on line 2: column 'date': expected a time like {expected} "
            f"(got {text!r})"
        )
        assert (2, message) == _refusal(["customer,date,total", f"ana,{text},1"], mapping)

    def test_naive_timestamp_without_a_zone(self) -> None:
        """A timestamp without an offset needs a zone for the file."""
        expected = (
            2,
            "invalid record on line 2: column 'date': expected a time with a UTC offset "
            "(or give a time zone for the file) (got '2024-03-01T10:30')",
        )
        assert expected == _refusal(["customer,date,total", "ana,2024-03-01T10:30,1"])

    @pytest.mark.parametrize(
        "amount", ["1e3", "12,50", "1.5e2", "", "0", "0.00", "-3", " 3", "3.", ".5", "١٢", "NaN"]
    )
    def test_bad_amounts(self, amount: str) -> None:
        """Amounts are positive decimals in ASCII digits: no floats, commas or signs."""
        expected = (
            2,
            "invalid record on line 2: column 'total': expected a positive decimal amount "
            f"such as 12.50 (got {amount!r})",
        )
        assert expected == _refusal(["customer,date,total", f'ana,2024-03-01,"{amount}"'])

    def test_unknown_currency(self) -> None:
        """A currency column must hold ISO 4217 codes."""
        mapping = attrs.evolve(SHOP, currency=None, currency_column="cur")
        expected = (
            2,
            "invalid record on line 2: column 'cur': expected an ISO 4217 currency code "
            "(got 'eur')",
        )
        assert expected == _refusal(["customer,date,total,cur", "ana,2024-03-01,1,eur"], mapping)

    def test_duplicate_id(self) -> None:
        """An id column's values must be unique; the error names the first line."""
        mapping = attrs.evolve(SHOP, id="order")
        lines = ["order,customer,date,total", "o-1,ana,2024-03-01,1", "o-1,bo,2024-03-01,2"]
        expected = (
            3,
            "invalid record on line 3: column 'order': expected a unique id "
            "(first seen on line 2) (got 'o-1')",
        )
        assert expected == _refusal(lines, mapping)

    @pytest.mark.parametrize(("cell", "column"), [(" ana", "customer"), ("", "customer")])
    def test_bad_party_id(self, cell: str, column: str) -> None:
        """Party ids must be non-empty and without surrounding spaces."""
        expected = (
            2,
            f"invalid record on line 2: column {column!r}: expected an id: non-empty, "
            f"without surrounding spaces (got {cell!r})",
        )
        assert expected == _refusal(["customer,date,total", f"{cell},2024-03-01,1"])

    def test_bad_seller_id(self) -> None:
        """A seller column is held to the same rule as party ids."""
        mapping = attrs.evolve(SHOP, seller=None, seller_column="store")
        expected = (
            2,
            "invalid record on line 2: column 'store': expected an id: non-empty, "
            "without surrounding spaces (got '')",
        )
        assert expected == _refusal(["store,customer,date,total", ",ana,2024-03-01,1"], mapping)

    def test_truncated_last_line(self) -> None:
        """A last line cut short has fewer fields than the header."""
        lines = ["customer,date,total\n", "ana,2024-03-01,1\n", "bo,2024-03"]
        expected = (3, "invalid record on line 3: expected 3 fields, as in the header (got 2)")
        assert expected == _refusal(lines)

    def test_truncated_quoted_field(self) -> None:
        """A quote left open at the end of the file is not valid CSV."""
        lines = ["customer,date,total\n", "ana,2024-03-01,1\n", '"bo,2024-03']
        expected = (3, "invalid record on line 3: not valid CSV: unexpected end of data")
        assert expected == _refusal(lines)

    def test_too_many_fields(self) -> None:
        """A row must have as many fields as the header."""
        expected = (2, "invalid record on line 2: expected 3 fields, as in the header (got 4)")
        assert expected == _refusal(["customer,date,total", "ana,2024-03-01,1,2"])

    def test_non_utf8_bytes(self) -> None:
        """A byte that is not UTF-8 is reported with its line and position."""
        lines = [b"customer,date,total\n", b"ana,2024-03-01,1\n", b"b\xe9,2024-03-01,1\n"]
        expected = (3, "invalid record on line 3: not UTF-8: byte 0xe9 at position 2")
        assert expected == _refusal(lines)

    def test_bom_in_a_latin1_file(self) -> None:
        """A BOM does not make a Latin-1 file readable: its first bad byte is named."""
        lines = [b"\xef\xbb\xbfcustomer,date,total\n", b"Zo\xeb,2024-03-01,1\n"]
        expected = (2, "invalid record on line 2: not UTF-8: byte 0xeb at position 3")
        assert expected == _refusal(lines)

    def test_empty_file(self) -> None:
        """An empty export has no header."""
        expected = (
            1,
            "invalid record on line 1: expected a header line naming the columns "
            "(got an empty file)",
        )
        assert expected == _refusal([])

    def test_invalid_csv_in_the_header(self) -> None:
        """A header that is not valid CSV stops reading, even when rows are reported."""
        errors: list[LedgerFileError] = []
        with pytest.raises(LedgerFileError) as info:
            list(read_csv(['"customer,date', "total"], SHOP, on_error=errors.append))
        assert "invalid record on line 2: not valid CSV: unexpected end of data" == str(info.value)
        assert [] == errors


class TestOnError:
    """Reading on past bad rows, reporting each one."""

    def test_every_bad_row_is_reported_and_good_rows_kept(self) -> None:
        """With *on_error*, reading goes on: each bad row is passed on, once."""
        lines = [
            "customer,date,total\n",
            "ana,2024-03-01,1\n",
            "bo,yesterday,2\n",
            '"cy"x,2024-03-01,3\n',
            "\n",
            "dee,2024-03-02,1.5e2\n",
            "eve,2024-03-03,4\n",
        ]
        errors: list[LedgerFileError] = []
        purchases = list(read_csv(lines, SHOP, on_error=errors.append))
        assert [
            _sale(2, "ana", date(2024, 3, 1), "1"),
            _sale(7, "eve", date(2024, 3, 3), "4"),
        ] == purchases
        assert [
            (3, "column 'date': expected a time like 'ISO 8601' (got 'yesterday')"),
            (4, "not valid CSV: ',' expected after '\"'"),
            (
                6,
                "column 'total': expected a positive decimal amount such as 12.50 (got '1.5e2')",
            ),
        ] == [(e.line, "; ".join(e.errors)) for e in errors]

    def test_header_errors_still_stop(self) -> None:
        """A missing column cannot be skipped: every row would be rejected."""
        errors: list[LedgerFileError] = []
        with pytest.raises(LedgerFileError):
            list(read_csv(["who,when,what", "ana,2024-03-01,1"], SHOP, on_error=errors.append))
        assert [] == errors


# Fuzzing: whatever the lines, the readers yield values or raise LedgerFileError.

_FUZZ_MAPPINGS = (
    SHOP,
    CsvMapping(
        party="customer",
        time="date",
        amount="total",
        seller_column="store",
        currency_column="cur",
        payer="payer",
        user="user",
        id="order",
        timezone="Europe/Paris",
    ),
    attrs.evolve(SHOP, time_format="%Y%m%d"),
    attrs.evolve(SHOP, time_format="%d/%m/%Y %H:%M", delimiter=";"),
)
_HEADERS = st.sampled_from(
    [
        "customer,date,total",
        "order,store,customer,payer,user,date,total,cur",
        "customer;date;total",
        "total,date,customer,extra",
    ]
)
_CELLS = st.one_of(
    st.text(max_size=10),
    st.sampled_from(
        [
            "ana",
            " ana",
            "",
            "2024-03-01",
            "2024-03-01T10:30",
            "2024-03-01T10:30+01:00",
            "20240301",
            "01/03/2024 10:30",
            "12.50",
            "0",
            "1e3",
            "EUR",
            "XXX",
            "o-1",
            '"',
            "=1+1",
        ]
    ),
)
_ROWS = st.tuples(st.lists(_CELLS, max_size=9), st.sampled_from([",", ";"])).map(
    lambda cells_and_delimiter: cells_and_delimiter[1].join(cells_and_delimiter[0])
)
_TEXT_LINES = st.tuples(_HEADERS | st.text(max_size=20), st.lists(_ROWS | st.text(), max_size=6))


class TestReadCsvFuzz:
    """Any lines in: purchases or a LedgerFileError out, nothing else."""

    @given(
        lines=_TEXT_LINES,
        mapping=st.sampled_from(_FUZZ_MAPPINGS),
        report=st.booleans(),
        newline=st.sampled_from(["\n", "\r\n", ""]),
    )
    def test_text_lines(
        self,
        lines: tuple[str, list[str]],
        mapping: CsvMapping,
        report: bool,
        newline: str,
    ) -> None:
        """Any text: purchases, or LedgerFileError naming a line; nothing else."""
        header, rows = lines
        errors: list[LedgerFileError] = []
        text = [line + newline for line in (header, *rows)]
        try:
            purchases = list(read_csv(text, mapping, on_error=errors.append if report else None))
        except LedgerFileError as error:
            purchases = []
            errors.append(error)
        assert all(isinstance(p, Purchase) for p in purchases)
        assert all(1 <= e.line <= len(text) for e in errors)

    @given(
        lines=st.lists(st.binary(max_size=30), max_size=6), mapping=st.sampled_from(_FUZZ_MAPPINGS)
    )
    def test_bytes(self, lines: list[bytes], mapping: CsvMapping) -> None:
        """Any bytes: purchases, or LedgerFileError; nothing else."""
        errors: list[LedgerFileError] = []
        try:
            purchases = list(read_csv(lines, mapping, on_error=errors.append))
        except LedgerFileError as error:
            purchases = []
            errors.append(error)
        assert all(isinstance(p, Purchase) for p in purchases)
        assert all(1 <= e.line <= max(len(lines), 1) for e in errors)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def _mutated_records(draw: st.DrawFn) -> str:
    """Draw a valid record's line with one field changed, added or removed."""
    data: dict[str, Any] = json.loads(to_json(draw(records())))
    key = draw(st.sampled_from(sorted(data)) | st.text(max_size=6))
    if draw(st.booleans()):
        data.pop(key, None)
    else:
        data[key] = draw(_JSON)
    return json.dumps(data)


_HEADER_LINE = '{"clientele": "ledger", "version": 1}'
_JSONL_LINES = st.one_of(
    _mutated_records(),
    records().map(to_json),
    _JSON.map(json.dumps),
    st.text(max_size=20),
    st.just("[" * 5000),
)


class TestIterRecordsFuzz:
    """Any lines of a ledger file: records or a LedgerFileError, nothing else."""

    @given(
        header=st.just(_HEADER_LINE) | st.text(max_size=20),
        lines=st.lists(_JSONL_LINES, max_size=5),
        report=st.booleans(),
    )
    def test_text_lines(self, header: str, lines: list[str], report: bool) -> None:
        """Any text lines: records, or LedgerFileError naming a line; nothing else."""
        errors: list[LedgerFileError] = []
        on_error = errors.append if report else None
        try:
            list(iter_records([header, *lines], on_error=on_error))
        except LedgerFileError as error:
            errors.append(error)
        assert all(1 <= e.line <= len(lines) + 1 for e in errors)

    @given(lines=st.lists(st.binary(max_size=40), max_size=5))
    def test_bytes(self, lines: list[bytes]) -> None:
        """Any bytes after a valid header: records, or LedgerFileError; nothing else."""
        errors: list[LedgerFileError] = []
        try:
            list(iter_records([_HEADER_LINE.encode(), *lines], on_error=errors.append))
        except LedgerFileError as error:
            errors.append(error)
        assert all(2 <= e.line <= len(lines) + 1 for e in errors)


class TestReportedAndGoneOn:
    """Errors found while folding are reported by line, like errors in cells."""

    def test_bytes_that_are_not_utf8_are_reported_and_skipped(self) -> None:
        """A line that is not UTF-8 is reported with *on_error*; the lines after keep numbers."""
        errors: list[LedgerFileError] = []
        lines = [b"customer,date,total\n", b"\xff,2024-03-01,1\n", b"bo,2024-03-02,2\n"]
        purchases = list(read_csv(lines, SHOP, on_error=errors.append))

        assert [_sale(3, "bo", date(2024, 3, 2), "2")] == purchases
        assert [(2, "not UTF-8: byte 0xff at position 1")] == [
            (e.line, "; ".join(e.errors)) for e in errors
        ]

    def test_a_second_currency_for_one_party_names_the_line(self) -> None:
        """A party paying in two currencies is refused at the row that adds the second."""
        mapping = CsvMapping(
            party="customer", time="date", amount="total", seller="shop", currency_column="cur"
        )
        lines = [
            "customer,date,total,cur\n",
            "ana,2024-03-01,1,EUR\n",
            "ana,2024-03-02,2,USD\n",
            "bo,2024-03-02,2,USD\n",
        ]
        errors: list[LedgerFileError] = []
        summary = summarize_csv(lines, mapping, on_error=errors.append)

        assert [
            (
                3,
                "cannot add amounts in different currencies (EUR and USD); "
                "convert one of them first",
            )
        ] == [(e.line, "; ".join(e.errors)) for e in errors]
        assert 1 == summary.parties[("shop", "ana")].paid
        with pytest.raises(LedgerFileError) as caught:
            summarize_csv(lines, mapping)
        assert 3 == caught.value.line
