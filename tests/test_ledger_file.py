import io
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientele import (
    FORMAT_VERSION,
    BusinessModel,
    Ledger,
    LedgerFileError,
    Money,
    Organization,
    Person,
    Purchase,
    Seller,
    dump_ledger,
    iter_records,
    load_ledger,
    to_json,
)
from clientele._ledger_file import HEADER
from clientele.testing.strategies import ledgers, records

HEADER_LINE = '{"clientele": "ledger", "version": 1}'
HEADER_MESSAGE = 'expected the header line {"clientele": "ledger", "version": 1}'
PERSON_LINE = '{"type": "person", "id": "p-1"}'
PURCHASE = Purchase(
    id="f-1",
    seller="s-1",
    at=date(2024, 3, 1),
    amount=Money(Decimal("10"), "EUR"),
    buyer="p-1",
)
PURCHASE_LINE = to_json(PURCHASE)


def refund_line(
    id: str = "rf-1",
    *,
    purchase: str = "f-1",
    seller: str = "s-1",
    amount: str = "4",
    currency: str = "EUR",
) -> str:
    """Return the line of a refund."""
    return json.dumps(
        {
            "type": "refund",
            "id": id,
            "seller": seller,
            "purchase": purchase,
            "at": "2024-03-02",
            "amount": {"amount": amount, "currency": currency},
        }
    )


def text_of(*lines: str) -> str:
    """Return *lines* as the text of a file, each ended by a newline."""
    return "".join(f"{line}\n" for line in lines)


def load_lines(*lines: str) -> Ledger:
    """Load a ledger from *lines*."""
    return load_ledger(io.StringIO(text_of(*lines)))


def load_refusal(*lines: str) -> LedgerFileError:
    """Return the LedgerFileError that loading *lines* raises."""
    with pytest.raises(LedgerFileError) as info:
        load_lines(*lines)
    return info.value


class TestRoundTrip:
    """Writing and reading ledger files."""

    @given(ledger=ledgers(currency=None))
    def test_dump_then_load(
        self, tmp_path_factory: pytest.TempPathFactory, ledger: Ledger
    ) -> None:
        """What dump_ledger writes, to a stream or a path, reads back the same."""
        stream = io.StringIO()
        dump_ledger(ledger, stream)
        path = tmp_path_factory.mktemp("ledger") / "ledger.jsonl"
        dump_ledger(ledger, path)

        stream.seek(0)
        from_stream = load_ledger(stream)
        stream.seek(0)
        streamed = list(iter_records(stream))

        assert (ledger, ledger, ledger) == (from_stream, load_ledger(path), load_ledger(str(path)))
        assert list(ledger.records()) == streamed
        assert stream.getvalue() == path.read_text(encoding="utf-8")

    def test_format(self) -> None:
        """The file is the compact header, then one compact record per line."""
        stream = io.StringIO()

        dump_ledger(Ledger.of(PURCHASE, Person(id="p-1", name="Zoë")), stream)

        expected = text_of(
            '{"clientele":"ledger","version":1}',
            '{"type":"person","id":"p-1","name":"Zoë"}',
            PURCHASE_LINE,
        )
        assert expected == stream.getvalue()

    def test_empty_ledger_is_just_the_header(self) -> None:
        """An empty ledger is written as the header line alone, and read back."""
        stream = io.StringIO()
        dump_ledger(Ledger(), stream)
        stream.seek(0)

        assert ('{"clientele":"ledger","version":1}\n', Ledger()) == (
            stream.getvalue(),
            load_ledger(stream),
        )

    def test_file_is_utf8_without_bom(self, tmp_path: Path) -> None:
        """A path is written in UTF-8, with no byte-order mark, and LF line endings."""
        path = tmp_path / "ledger.jsonl"

        dump_ledger(Ledger.of(Person(id="p-1", name="Zoë")), path)

        expected = b'{"clientele":"ledger","version":1}\n'
        expected += '{"type":"person","id":"p-1","name":"Zoë"}\n'.encode()
        assert expected == path.read_bytes()

    def test_unicode_line_separators_stay_inside_a_line(self, tmp_path: Path) -> None:
        """Names holding U+0085, U+2028 or U+2029 do not split a record's line."""
        ledger = Ledger.of(Person(id="p-1", name="a\x85b\u2028c\u2029d"))
        path = tmp_path / "ledger.jsonl"

        dump_ledger(ledger, path)

        assert ledger == load_ledger(path)

    def test_streams_are_left_open(self) -> None:
        """Streams the caller opened are not closed for them."""
        stream = io.StringIO()
        dump_ledger(Ledger(), stream)
        stream.seek(0)
        load_ledger(stream)

        assert not stream.closed

    def test_version(self) -> None:
        """The current release reads and writes version 1 of the format."""
        assert (1, {"clientele": "ledger", "version": 1}) == (FORMAT_VERSION, HEADER)


class TestHeader:
    """The header line every ledger file starts with."""

    @pytest.mark.parametrize("text", ["", "\n", "  \n\n\t\n"], ids=["empty", "newline", "blank"])
    def test_empty_file_refused(self, text: str) -> None:
        """A file with no header is refused at line 1."""
        with pytest.raises(LedgerFileError) as info:
            load_ledger(io.StringIO(text))

        expected = f"invalid record on line 1: {HEADER_MESSAGE} (got an empty file)"
        assert (expected, 1) == (str(info.value), info.value.line)

    def test_missing_header_refused(self) -> None:
        """A file that starts with a record is refused at line 1."""
        error = load_refusal(PERSON_LINE)

        expected = (
            f"invalid record on line 1: {HEADER_MESSAGE} (got {{'type': 'person', 'id': 'p-1'}})"
        )
        assert (expected, 1) == (str(error), error.line)

    def test_wrong_version_refused(self) -> None:
        """A header naming another version is refused."""
        error = load_refusal('{"clientele": "ledger", "version": 2}', PERSON_LINE)

        expected = (
            f"invalid record on line 1: {HEADER_MESSAGE} "
            "(got {'clientele': 'ledger', 'version': 2})"
        )
        assert (expected, 1) == (str(error), error.line)

    def test_header_not_json_refused(self) -> None:
        """A header that is not JSON is refused as such."""
        error = load_refusal("clientele ledger v1")

        expected = (
            "invalid record on line 1: not valid JSON: Expecting value: line 1 column 1 (char 0)"
        )
        assert (expected, 1) == (str(error), error.line)

    def test_header_after_blank_lines(self) -> None:
        """Blank lines before the header are skipped, and still counted."""
        error = load_refusal("", "", HEADER_LINE, '{"type": "person"}')

        assert "invalid record on line 4: required field missing @ $.id" == str(error)

    def test_header_spacing_is_free(self) -> None:
        """The header is compared as JSON data, not as text."""
        assert Ledger.of(Person(id="p-1")) == load_lines(
            '{ "version" : 1, "clientele" : "ledger" }', PERSON_LINE
        )


class TestBadLines:
    """Lines that are not records are reported with their number."""

    def test_bad_record_names_its_line(self) -> None:
        """A record that does not decode is reported with its line number."""
        error = load_refusal(HEADER_LINE, PERSON_LINE, '{"type": "person", "id": 5}')

        expected = "invalid record on line 3: expected a string (got 5) @ $.id"
        assert (expected, 3, ("expected a string (got 5) @ $.id",)) == (
            str(error),
            error.line,
            error.errors,
        )

    def test_unknown_record_type(self) -> None:
        """A line with an unknown "type" is refused."""
        error = load_refusal(HEADER_LINE, '{"type": "customer", "id": "p-1"}')

        assert str(error).startswith(
            'invalid record on line 2: expected a JSON object with a "type" among'
        )

    def test_blank_lines_skipped(self) -> None:
        """Blank and whitespace-only lines are ignored, but counted."""
        ledger = load_lines(HEADER_LINE, "", PERSON_LINE, "   ", "\t")

        assert Ledger.of(Person(id="p-1")) == ledger

    def test_blank_lines_counted(self) -> None:
        """Line numbers count the blank lines before a bad one."""
        assert 5 == load_refusal(HEADER_LINE, "", PERSON_LINE, "", "nonsense").line

    def test_truncated_last_line(self) -> None:
        """A last line cut short is reported as invalid JSON on that line."""
        text = text_of(HEADER_LINE, PERSON_LINE) + PURCHASE_LINE[:40]

        with pytest.raises(LedgerFileError) as info:
            load_ledger(io.StringIO(text))

        expected = (
            "invalid record on line 3: not valid JSON: Unterminated string "
            "starting at: line 1 column 40 (char 39)"
        )
        assert (expected, 3) == (str(info.value), info.value.line)

    def test_last_line_without_newline(self) -> None:
        """A complete last line needs no final newline."""
        ledger = load_ledger(io.StringIO(f"{HEADER_LINE}\n{PERSON_LINE}"))

        assert Ledger.of(Person(id="p-1")) == ledger

    def test_too_deeply_nested_line(self) -> None:
        """A line nested beyond the recursion limit is refused as invalid JSON."""
        error = load_refusal(HEADER_LINE, "[" * 100_000)

        assert str(error).startswith("invalid record on line 2: not valid JSON: maximum recursion")

    def test_bom_accepted_from_a_path(self, tmp_path: Path) -> None:
        """A file starting with a UTF-8 byte-order mark is read normally."""
        path = tmp_path / "ledger.jsonl"
        path.write_bytes(b"\xef\xbb\xbf" + text_of(HEADER_LINE, PERSON_LINE).encode())

        assert Ledger.of(Person(id="p-1")) == load_ledger(path)

    def test_crlf_accepted_from_a_path(self, tmp_path: Path) -> None:
        """Windows (CRLF) line endings are read like LF ones."""
        path = tmp_path / "ledger.jsonl"
        path.write_bytes(f"{HEADER_LINE}\r\n{PERSON_LINE}\r\n\r\n".encode())

        assert Ledger.of(Person(id="p-1")) == load_ledger(path)


class TestLedgerRules:
    """Ledger rules broken across lines are reported at a line."""

    def test_duplicate_id_names_the_second_line(self) -> None:
        """A repeated id is reported at the line that repeats it."""
        error = load_refusal(
            HEADER_LINE, PERSON_LINE, PURCHASE_LINE, '{"type": "organization", "id": "p-1"}'
        )

        expected = (
            "invalid record on line 4: duplicate party id 'p-1': every party id must be unique"
        )
        assert (expected, 4) == (str(error), error.line)

    def test_duplicate_fact_id_across_kinds(self) -> None:
        """Facts of different kinds share one id space in a file too."""
        error = load_refusal(HEADER_LINE, PURCHASE_LINE, refund_line("f-1"))

        expected = (
            "invalid record on line 3: duplicate fact id 'f-1': every fact id must be unique"
        )
        assert expected == str(error)

    def test_party_and_seller_share_an_id(self) -> None:
        """A party and a seller with one id are two records, not a duplicate."""
        ledger = load_lines(
            HEADER_LINE,
            '{"type": "organization", "id": "x"}',
            '{"type": "seller", "id": "x", "business_model": "mixed"}',
        )

        assert (
            Ledger.of(Organization(id="x"), Seller(id="x", business_model=BusinessModel.MIXED))
            == ledger
        )

    @pytest.mark.parametrize(
        ("line", "message"),
        [
            (
                refund_line(purchase="f-9"),
                "'rf-1' field 'purchase' refers to 'f-9', which is not a purchase "
                "from seller 's-1' in the ledger",
            ),
            (
                refund_line(seller="s-2"),
                "'rf-1' field 'purchase' refers to 'f-1', which is not a purchase "
                "from seller 's-2' in the ledger",
            ),
            (
                refund_line(currency="USD"),
                "'rf-1' field 'purchase' refers to 'f-1', which is not a purchase "
                "paid in USD in the ledger",
            ),
            (
                '{"type": "usage", "id": "u-1", "seller": "s-1", "party": "p-1", '
                '"at": "2024-03-01", "purchase": "f-9"}',
                "'u-1' field 'purchase' refers to 'f-9', which is not a purchase in the ledger",
            ),
            (
                to_json(
                    Purchase(
                        id="f-2",
                        seller="s-1",
                        at=date(2024, 3, 1),
                        amount=Money(Decimal(1), "EUR"),
                        buyer="p-1",
                        offering="o-9",
                    )
                ),
                "'f-2' field 'offering' refers to 'o-9', which is not an offering in the ledger",
            ),
        ],
        ids=[
            "refund-of-unknown-purchase",
            "refund-by-another-seller",
            "refund-in-another-currency",
            "usage-of-unknown-purchase",
            "purchase-of-unknown-offering",
        ],
    )
    def test_dangling_reference_names_its_line(self, line: str, message: str) -> None:
        """A fact referring to a record the file lacks is reported at its own line."""
        error = load_refusal(HEADER_LINE, PURCHASE_LINE, PERSON_LINE, line)

        assert (f"invalid record on line 4: {message}", 4) == (str(error), error.line)

    def test_refunds_above_purchase_name_the_refund_line(self) -> None:
        """Refunds adding up to more than their purchase are reported at the refund going over."""
        error = load_refusal(
            HEADER_LINE,
            PERSON_LINE,
            PURCHASE_LINE,
            refund_line("rf-1", amount="6"),
            refund_line("rf-2", amount="5"),
        )

        expected = (
            "invalid record on line 5: refunds of purchase 'f-1' total 11 EUR, "
            "more than the 10 EUR paid for it"
        )
        assert (expected, 5) == (str(error), error.line)


class TestIterRecords:
    """Streaming the records of a file."""

    def test_streams_lazily(self) -> None:
        """Records are yielded as lines arrive: a later failure comes later."""

        def lines() -> Iterator[str]:
            yield HEADER_LINE
            yield PERSON_LINE
            msg = "disk unplugged"
            raise OSError(msg)

        records = iter_records(lines())

        assert Person(id="p-1") == next(records)
        with pytest.raises(OSError, match="disk unplugged"):
            next(records)

    def test_reads_no_further_than_needed(self) -> None:
        """Yielding a record consumes no line after it."""
        consumed: list[str] = []

        def lines() -> Iterator[str]:
            for line in [HEADER_LINE, PERSON_LINE, PURCHASE_LINE, "nonsense"]:
                consumed.append(line)
                yield line

        records = iter_records(lines())
        next(records)

        assert [HEADER_LINE, PERSON_LINE] == consumed

    def test_does_not_check_ledger_rules(self) -> None:
        """Streaming checks each record alone: duplicates pass through."""
        records = list(iter_records([HEADER_LINE, PERSON_LINE, PERSON_LINE]))

        assert [Person(id="p-1"), Person(id="p-1")] == records

    def test_header_only(self) -> None:
        """A file with only its header has no records."""
        assert [] == list(iter_records([HEADER_LINE]))

    def test_bytes_lines(self) -> None:
        """Lines may be bytes, decoded as UTF-8, a leading byte-order mark dropped."""
        lines = [
            b"\xef\xbb\xbf" + HEADER_LINE.encode(),
            '{"type":"person","id":"p-\xe9"}'.encode(),
        ]

        assert [Person(id="p-\xe9")] == list(iter_records(lines))

    def test_bytes_not_utf8_refused(self) -> None:
        """A line of bytes that is not UTF-8 is refused, naming the bad byte."""
        with pytest.raises(LedgerFileError) as info:
            list(iter_records([HEADER_LINE.encode(), b'{"id": "\xff"}']))

        expected = "invalid record on line 2: not UTF-8: byte 0xff at position 9"
        assert (expected, 2) == (str(info.value), info.value.line)

    def test_on_error_collects_bad_lines_and_goes_on(self) -> None:
        """With on_error, each bad line is reported to it and reading goes on."""
        errors: list[LedgerFileError] = []
        lines = [
            HEADER_LINE,
            "nonsense",
            PERSON_LINE,
            '{"type": "person", "id": 5}',
            PURCHASE_LINE,
        ]

        records = list(iter_records(lines, on_error=errors.append))

        assert [Person(id="p-1"), PURCHASE] == records
        assert [
            (
                2,
                "invalid record on line 2: not valid JSON: "
                "Expecting value: line 1 column 1 (char 0)",
            ),
            (4, "invalid record on line 4: expected a string (got 5) @ $.id"),
        ] == [(error.line, str(error)) for error in errors]

    @pytest.mark.parametrize(
        "header", ["nonsense", '{"clientele": "ledger", "version": 2}'], ids=["not-json", "wrong"]
    )
    def test_on_error_never_skips_the_header(self, header: str) -> None:
        """A bad header stops reading even with on_error."""
        errors: list[LedgerFileError] = []

        with pytest.raises(LedgerFileError) as info:
            list(iter_records([header, PERSON_LINE], on_error=errors.append))

        assert (1, []) == (info.value.line, errors)

    def test_empty_input_refused(self) -> None:
        """No lines at all is refused like an empty file."""
        with pytest.raises(LedgerFileError, match="got an empty file"):
            list(iter_records([]))


JSON_VALUES: st.SearchStrategy[object] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
LINES: st.SearchStrategy[str] = st.one_of(
    st.text(),
    st.just(""),
    st.just(HEADER_LINE),
    JSON_VALUES.map(json.dumps),
    records().map(to_json),
    records().map(to_json).map(lambda line: line[: len(line) // 2]),
)


class TestFuzz:
    """Any lines in: records or a LedgerFileError out, nothing else."""

    @given(st.booleans(), st.lists(LINES, max_size=8))
    def test_iter_records_refuses_only_with_ledger_file_errors(
        self, with_header: bool, lines: list[str]
    ) -> None:
        """Any lines give records or a LedgerFileError naming a line, nothing else."""
        lines = [HEADER_LINE, *lines] if with_header else lines

        try:
            list(iter_records(lines))
        except LedgerFileError as error:
            line: int | None = error.line
        else:
            line = None

        assert line is None or 1 <= line <= max(len(lines), 1)

    @given(st.lists(records().map(to_json), max_size=8))
    def test_load_ledger_refuses_only_with_ledger_file_errors(self, lines: list[str]) -> None:
        """Valid records that may break ledger rules give a ledger or a line's error."""
        try:
            outcome: Ledger | LedgerFileError = load_lines(HEADER_LINE, *lines)
        except LedgerFileError as error:
            outcome = error

        if isinstance(outcome, LedgerFileError):
            assert 2 <= outcome.line <= len(lines) + 1
        else:
            assert len(lines) == len(list(outcome.records()))
