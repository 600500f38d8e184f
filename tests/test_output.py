import io
import json
import sys
from decimal import Decimal

import pytest

from clientele._output import safe_cell, write_csv, write_json, write_jsonl, write_table
from clientele._rfm import Rfm


class TestSafeCell:
    """Cells a spreadsheet will not run as formulas."""

    @pytest.mark.parametrize(
        "text", ["=HYPERLINK()", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "-"]
    )
    def test_formula_starts_are_neutralised(self, text: str) -> None:
        """Text a spreadsheet would run as a formula gets a leading apostrophe."""
        assert f"'{text}" == safe_cell(text)

    @pytest.mark.parametrize("text", ["ana", "", "a=b", "1+1", " -1", "'quoted"])
    def test_other_text_is_unchanged(self, text: str) -> None:
        """Only the first character matters, and only the formula ones."""
        assert text == safe_cell(text)

    @pytest.mark.parametrize(
        ("value", "expected"), [(-3, "-3"), (Decimal("-3.50"), "-3.50"), (0, "0")]
    )
    def test_numbers_are_untouched(self, value: int | Decimal, expected: str) -> None:
        """Negative numbers are numbers, not formulas: written as they are."""
        assert expected == safe_cell(value)


class TestWriteCsv:
    """CSV output for spreadsheets and programs."""

    def test_header_then_rows(self) -> None:
        """The header comes first; every line ends with a bare line feed."""
        out = io.StringIO()
        write_csv(("party", "revenue"), [["ana", Decimal("12.50")], ["bo", 3]], out)
        assert "party,revenue\nana,12.50\nbo,3\n" == out.getvalue()

    def test_cells_are_spreadsheet_safe_and_quoted(self) -> None:
        """Formula-looking text is neutralised; separators and quotes are quoted."""
        out = io.StringIO()
        write_csv(("a", "b", "c"), [["=1+1", "x,y", 'say "hi"']], out)
        assert 'a,b,c\n\'=1+1,"x,y","say ""hi"""\n' == out.getvalue()

    def test_rows_are_streamed(self) -> None:
        """Rows may be any iterable, consumed once."""
        out = io.StringIO()
        write_csv(("n",), ([n] for n in range(3)), out)
        assert "n\n0\n1\n2\n" == out.getvalue()


class TestWriteJson:
    """One indented JSON document."""

    def test_indented_with_a_final_newline(self) -> None:
        """Values go through clientele's converter, indented by two spaces."""
        out = io.StringIO()
        rfm = Rfm(party="ana", frequency=1, recency=2, T=3, monetary_value=Decimal("4.50"))
        write_json([rfm], out)
        expected = (
            "[\n  {\n"
            '    "party": "ana",\n    "frequency": 1,\n    "recency": 2,\n'
            '    "T": 3,\n    "monetary_value": "4.50"\n'
            "  }\n]\n"
        )
        assert expected == out.getvalue()

    def test_non_ascii_is_kept(self) -> None:
        """Names are written as UTF-8 text, not as escapes."""
        out = io.StringIO()
        write_json({"party": "Zoë"}, out)
        assert '{\n  "party": "Zoë"\n}\n' == out.getvalue()


class TestWriteJsonl:
    """JSON Lines: one value per line."""

    def test_one_compact_line_per_value(self) -> None:
        """Each value is one line of JSON without spaces."""
        out = io.StringIO()
        write_jsonl([{"a": 1, "b": "é"}, [Decimal("2.5")]], out)
        assert '{"a":1,"b":"é"}\n["2.5"]\n' == out.getvalue()
        assert [{"a": 1, "b": "é"}, ["2.5"]] == [
            json.loads(line) for line in out.getvalue().splitlines()
        ]

    def test_nothing_for_no_values(self) -> None:
        """No values: no output at all."""
        out = io.StringIO()
        write_jsonl([], out)
        assert "" == out.getvalue()


class TestWriteTable:
    """Tables for people, with or without rich."""

    def test_with_rich(self) -> None:
        """With rich installed: a titled table, numeric columns aligned right."""
        out = io.StringIO()
        rows: list[list[str | int | Decimal]] = [
            ["ana", 3, Decimal("12.50")],
            ["bo", 10, Decimal("3")],
        ]
        write_table(["party", "visits", "revenue"], rows, out, "shop")
        expected = (
            "           shop           \n"
            " party ┃ visits ┃ revenue \n"
            "━━━━━━━╇━━━━━━━━╇━━━━━━━━━\n"
            " ana   │      3 │   12.50 \n"
            " bo    │     10 │       3 \n"
        )
        assert expected == out.getvalue()

    def test_with_rich_and_no_rows(self) -> None:
        """An empty table still shows its header."""
        out = io.StringIO()
        write_table(["party", "visits"], [], out)
        assert " party ┃ visits \n━━━━━━━╇━━━━━━━━\n" == out.getvalue()

    def test_with_rich_wide_tables_do_not_wrap(self) -> None:
        """A table wider than a terminal keeps one line per row."""
        out = io.StringIO()
        write_table(["party", "note"], [["ana", "x" * 150]], out)
        lines = out.getvalue().splitlines()
        assert 3 == len(lines)
        assert "x" * 150 in lines[2]

    def test_without_rich(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without rich: plain columns, padded, with a title line and a rule."""
        monkeypatch.setitem(sys.modules, "rich.console", None)
        out = io.StringIO()
        rows: list[list[str | int | Decimal]] = [["ana", 3], ["bo", 10]]
        write_table(["party", "visits"], rows, out, "shop")
        assert "shop\nparty  visits\n-----  ------\nana    3\nbo     10\n" == out.getvalue()

    def test_without_rich_or_title(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """No title: the table starts with its header."""
        monkeypatch.setitem(sys.modules, "rich.console", None)
        out = io.StringIO()
        write_table(["party"], [], out)
        assert "party\n-----\n" == out.getvalue()
