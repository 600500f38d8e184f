"""Writing results for people (tables) and programs (JSON, JSON Lines, CSV)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Final

from ._converter import to_json, unstructure

__all__ = ["safe_cell", "write_csv", "write_json", "write_jsonl", "write_table"]

#: Leading characters that make a spreadsheet read a cell as a formula.
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "\n")

Cell = str | int | Decimal


def safe_cell(value: Cell) -> str:
    """Return *value* as a CSV cell a spreadsheet will not run as a formula.

    >>> safe_cell("=HYPERLINK()"), safe_cell(Decimal("-3.5")), safe_cell("ana")
    ("'=HYPERLINK()", '-3.5', 'ana')

    Text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a line break
    gets a leading apostrophe; numbers are left as they are.
    """
    if isinstance(value, int | Decimal):
        return str(value)
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[Cell]], out: IO[str]) -> None:
    """Write a header and rows as spreadsheet-safe CSV."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def write_json(value: object, out: IO[str]) -> None:
    """Write *value* as indented JSON, with clientele's serialization rules."""
    json.dump(unstructure(value), out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(values: Iterable[object], out: IO[str]) -> None:
    """Write each value as one line of compact JSON."""
    for value in values:
        out.write(to_json(value))
        out.write("\n")


def write_table(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], out: IO[str], title: str = ""
) -> None:
    """Write a table for people: with rich when installed, plain text otherwise.

    >>> import io
    >>> out = io.StringIO()
    >>> _plain_table(["party", "standing"], [["ana", "client"]], out, "")
    >>> print(out.getvalue(), end="")
    party  standing
    -----  --------
    ana    client
    """
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        _plain_table(header, rows, out, title)
        return
    table = Table(title=title or None, show_edge=False, header_style="bold")
    for name in header:
        table.add_column(name, justify="right" if _numeric(rows, name, header) else "left")
    for row in rows:
        table.add_row(*(str(cell) for cell in row))
    # Render to text first: rich handles a broken pipe by exiting the process
    # itself, and the command line decides that, not a table.
    text = io.StringIO()
    Console(file=text, soft_wrap=False, width=max(100, _width(header, rows))).print(table)
    out.write(text.getvalue())


def _width(header: Sequence[str], rows: Sequence[Sequence[Cell]]) -> int:
    widths = [len(h) for h in header]
    for row in rows:
        widths = [max(w, len(str(c))) for w, c in zip(widths, row, strict=True)]
    return sum(widths) + 3 * len(widths) + 4


def _numeric(rows: Sequence[Sequence[Cell]], name: str, header: Sequence[str]) -> bool:
    column = list(header).index(name)
    return bool(rows) and all(isinstance(row[column], int | Decimal) for row in rows)


def _plain_table(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], out: IO[str], title: str
) -> None:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max([len(h)] + [len(row[n]) for row in cells]) for n, h in enumerate(header)]
    if title:
        out.write(f"{title}\n")

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip() + "\n"

    out.write(line(header))
    out.write(line(["-" * w for w in widths]))
    for row in cells:
        out.write(line(row))
