"""Reading purchases from CSV exports, mapping their columns onto clientele's.

Shops and CRMs export transactions as CSV with their own column names, date
formats and conventions. :class:`CsvMapping` says which column holds what;
:func:`read_csv` turns each row into a :class:`~clientele.Purchase`, or
reports exactly which line, column and value it cannot read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, tzinfo
from decimal import Decimal
from typing import Any, Final, NamedTuple, final
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import attrs
from attrs.validators import optional

from ._errors import ClienteleError, CurrencyMismatchError, InvalidValueError, LedgerFileError
from ._facts import Purchase
from ._lines import OnError, decode_lines, report
from ._money import CURRENCIES, Money
from ._parties import PartyId
from ._periods import local_date
from ._policy import DEFAULT, Policy
from ._summary import LedgerSummary, _Folder
from ._time import When, instant_of
from ._validation import check_id, check_text

__all__ = ["CsvMapping", "read_csv", "summarize_csv"]

#: ASCII digits only: ``\d`` would let other scripts' digits through.
_AMOUNT: Final = re.compile(r"[0-9]+(\.[0-9]+)?")
_TIME_DIRECTIVES: Final = re.compile(r"%[HIMSfpzZXcT]")
#: How many distinct time texts to remember (exports repeat their dates).
_TIME_CACHE: Final = 65_536


def _check_zone(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise InvalidValueError(attribute.name, "an IANA time zone name", value)
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: 'Europe' is a folder
        raise InvalidValueError(
            attribute.name, "an IANA time zone name such as 'Europe/Paris'", value
        ) from None


def _check_currency(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in CURRENCIES:
        raise InvalidValueError(attribute.name, "an ISO 4217 currency code", value)


def _check_delimiter(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str) or len(value) != 1:
        raise InvalidValueError(attribute.name, "a single character", value)


@final
@attrs.frozen(kw_only=True)
class CsvMapping:
    """Which column of a CSV export holds what, and how to read it.

    >>> mapping = CsvMapping(party="customer_id", time="date", amount="total",
    ...                      seller="corner-shop", currency="EUR", time_format="%Y%m%d")
    >>> mapping.time_format
    '%Y%m%d'

    Every row becomes one purchase by the party in ``party``, who is taken to
    have bought it (and, unless ``payer`` names a column, the policy decides
    who paid). Give the seller and the currency either as a constant
    (``seller``, ``currency``) or as a column (``seller_column``,
    ``currency_column``). Times are ISO 8601 unless ``time_format`` gives a
    :meth:`~datetime.datetime.strptime` format; a format without a time of
    day gives dates. A timestamp without a UTC offset needs ``timezone``.

    .. versionadded:: 0.1.0
    """

    party: str = attrs.field(validator=check_text)
    time: str = attrs.field(validator=check_text)
    amount: str = attrs.field(validator=check_text)
    seller: PartyId | None = attrs.field(default=None, validator=optional(check_id))
    seller_column: str | None = attrs.field(default=None, validator=optional(check_text))
    currency: str | None = attrs.field(default=None, validator=optional(_check_currency))
    currency_column: str | None = attrs.field(default=None, validator=optional(check_text))
    payer: str | None = attrs.field(default=None, validator=optional(check_text))
    user: str | None = attrs.field(default=None, validator=optional(check_text))
    id: str | None = attrs.field(default=None, validator=optional(check_text))
    time_format: str | None = attrs.field(default=None, validator=optional(check_text))
    timezone: str | None = attrs.field(default=None, validator=optional(_check_zone))
    delimiter: str = attrs.field(default=",", validator=_check_delimiter)

    def __attrs_post_init__(self) -> None:
        if (self.seller is None) == (self.seller_column is None):
            raise InvalidValueError(
                "seller", "given as a constant or as a column, exactly one", self.seller
            )
        if (self.currency is None) == (self.currency_column is None):
            raise InvalidValueError(
                "currency", "given as a constant or as a column, exactly one", self.currency
            )

    def columns(self) -> dict[str, str]:
        """Return the columns the export must have, by what they hold."""
        named = {
            "party": self.party,
            "time": self.time,
            "amount": self.amount,
            "seller": self.seller_column,
            "currency": self.currency_column,
            "payer": self.payer,
            "user": self.user,
            "id": self.id,
        }
        return {role: column for role, column in named.items() if column is not None}


class _RowError(ClienteleError, ValueError):
    """One cell of a row cannot be read."""

    def __init__(self, column: str, expected: str, got: str) -> None:
        super().__init__(f"column {column!r}: expected {expected} (got {got!r})")


class _WidthError(ClienteleError, ValueError):
    """A row has more or fewer fields than the header."""

    def __init__(self, expected: int, got: int) -> None:
        super().__init__(f"expected {expected} fields, as in the header (got {got})")


class _RowReader:
    """Turns the cells of one row into a purchase, by a mapping."""

    def __init__(self, mapping: CsvMapping, header: list[str]) -> None:
        self.mapping = mapping
        self.width = len(header)
        index = {name: n for n, name in enumerate(header)}
        missing = [c for c in mapping.columns().values() if c not in index]
        if missing:
            hint = ""
            if len(header) == 1:
                hint = "; the header has one column only: is the delimiter right?"
            raise LedgerFileError(
                1, [f"missing column(s) {missing} (the header has {header}){hint}"]
            )
        self.at = {role: index[column] for role, column in mapping.columns().items()}
        self.zone: tzinfo | None = ZoneInfo(mapping.timezone) if mapping.timezone else None
        fmt = mapping.time_format
        self.dates_only = fmt is not None and not _TIME_DIRECTIVES.search(fmt)
        self.seen_ids: dict[str, int] = {}
        self.id_column = mapping.id
        self.times: dict[str, tuple[When, datetime, int]] = {}

    def cell(self, row: list[str], role: str) -> str:
        return row[self.at[role]]

    def optional_cell(self, row: list[str], role: str) -> str | None:
        if role not in self.at:
            return None
        value = row[self.at[role]].strip()
        return value or None

    def identifier(self, row: list[str], role: str) -> str:
        value = self.cell(row, role)
        if not value or value != value.strip():
            raise _RowError(
                self.mapping.columns()[role],
                "an id: non-empty, without surrounding spaces",
                value,
            )
        return value

    def when(self, row: list[str]) -> tuple[When, datetime, int]:
        """Return the row's time, its instant and its day, parsing each text once."""
        text = self.cell(row, "time")
        known = self.times.get(text)
        if known is None:
            if len(self.times) >= _TIME_CACHE:
                self.times.clear()
            parsed = self.parse_time(text)
            known = self.times[text] = (
                parsed,
                instant_of(parsed),
                local_date(parsed).toordinal(),
            )
        return known

    def parse_time(self, text: str) -> When:
        fmt = self.mapping.time_format
        column = self.mapping.time
        try:
            if fmt is None:
                parsed: When = (
                    date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
                )
            elif fmt == "%Y%m%d" and len(text) == 8 and text.isdigit():
                parsed = date(int(text[:4]), int(text[4:6]), int(text[6:]))
            else:
                moment = datetime.strptime(text, fmt)
                parsed = moment.date() if self.dates_only else moment
        except ValueError:
            raise _RowError(column, f"a time like {fmt or 'ISO 8601'!r}", text) from None
        if isinstance(parsed, datetime) and parsed.utcoffset() is None:
            if self.zone is None:
                raise _RowError(
                    column, "a time with a UTC offset (or give a time zone for the file)", text
                )
            parsed = parsed.replace(tzinfo=self.zone)
        return parsed

    def amount(self, row: list[str]) -> tuple[Decimal, str]:
        text = self.cell(row, "amount")
        if not _AMOUNT.fullmatch(text) or not (amount := Decimal(text)):
            raise _RowError(self.mapping.amount, "a positive decimal amount such as 12.50", text)
        currency = self.mapping.currency
        if currency is None:
            currency = self.cell(row, "currency")
            if currency not in CURRENCIES:
                raise _RowError(
                    self.mapping.currency_column or "", "an ISO 4217 currency code", currency
                )
        return amount, currency

    def parse(self, number: int, row: list[str]) -> _Row:
        """Return the checked contents of row *number*, or raise naming the bad cell."""
        if len(row) != self.width:
            raise _WidthError(self.width, len(row))
        if self.id_column is not None:
            fact_id = self.identifier(row, "id")
            first = self.seen_ids.setdefault(fact_id, number)
            if first != number:
                raise _RowError(
                    self.id_column, f"a unique id (first seen on line {first})", fact_id
                )
        else:
            fact_id = f"line-{number}"
        user = self.optional_cell(row, "user")
        at, instant, day = self.when(row)
        amount, currency = self.amount(row)
        return _Row(
            line=number,
            id=fact_id,
            seller=self.mapping.seller or self.identifier(row, "seller"),
            at=at,
            instant=instant,
            day=day,
            amount=amount,
            currency=currency,
            buyer=self.identifier(row, "party"),
            payer=self.optional_cell(row, "payer"),
            users=None if user is None else (user,),
        )


class _Row(NamedTuple):
    line: int
    id: str
    seller: str
    at: When
    instant: datetime
    day: int
    amount: Decimal
    currency: str
    buyer: str
    payer: str | None
    users: tuple[str, ...] | None


def _rows(
    lines: Iterable[bytes | str],
    mapping: CsvMapping,
    on_error: OnError | None,
    first_line: int = 1,
) -> Iterator[_Row]:
    """Yield the checked rows of *lines*, whose header is line *first_line* of the file."""
    shift = first_line - 1
    reader = csv.reader(decode_lines(lines, on_error), delimiter=mapping.delimiter, strict=True)
    rows: _RowReader | None = None
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            error = LedgerFileError(reader.line_num + shift, [f"not valid CSV: {exc}"])
            if on_error is None or rows is None:
                raise error from None
            on_error(error)
            continue
        number = reader.line_num + shift
        if rows is None:
            rows = _RowReader(mapping, row)
            continue
        if not row:
            continue
        try:
            yield rows.parse(number, row)
        except (_RowError, _WidthError) as exc:
            error = LedgerFileError(number, [str(exc)])
            if on_error is None:
                raise error from None
            on_error(error)
    if rows is None:
        raise LedgerFileError(1, ["expected a header line naming the columns (got an empty file)"])


def read_csv(
    lines: Iterable[bytes | str], mapping: CsvMapping, *, on_error: OnError | None = None
) -> Iterator[Purchase]:
    """Yield one purchase per row of a CSV export, streaming.

    >>> rows = ["customer,date,total", "c-1,20240301,12.50", "c-2,20240302,3.00"]
    >>> mapping = CsvMapping(party="customer", time="date", amount="total",
    ...                      seller="shop", currency="EUR", time_format="%Y%m%d")
    >>> [(p.buyer, str(p.amount)) for p in read_csv(rows, mapping)]
    [('c-1', '12.50 EUR'), ('c-2', '3.00 EUR')]

    *lines* are the file's lines, as bytes (decoded as UTF-8, a byte-order
    mark allowed) or text. The first line is the header. Empty lines are
    skipped. A row that cannot be read raises
    :class:`~clientele.LedgerFileError` naming its line, the column and the
    value; with *on_error*, the error is passed to it instead and reading
    goes on, so that every bad row is reported and none is lost silently.
    """
    for row in _rows(lines, mapping, on_error):
        yield Purchase(
            id=row.id,
            seller=row.seller,
            at=row.at,
            amount=Money(row.amount, row.currency),
            buyer=row.buyer,
            payer=row.payer,
            users=row.users,
        )


def summarize_csv(
    lines: Iterable[bytes | str],
    mapping: CsvMapping,
    *,
    cutoff: datetime | None = None,
    policy: Policy = DEFAULT,
    on_error: OnError | None = None,
) -> LedgerSummary:
    """Fold a CSV export straight into summaries: :func:`~clientele.summarize` of :func:`read_csv`.

    >>> rows = ["customer,date,total", "c-1,20240301,12.50", "c-1,20240302,3.00"]
    >>> mapping = CsvMapping(party="customer", time="date", amount="total",
    ...                      seller="shop", currency="EUR", time_format="%Y%m%d")
    >>> summarize_csv(rows, mapping).parties[("shop", "c-1")].paid
    2

    The same result, several times faster: rows are folded without building
    a purchase each (their cells are checked just as strictly).
    """
    return fold_csv(lines, mapping, cutoff=cutoff, policy=policy, on_error=on_error)


def fold_csv(
    lines: Iterable[bytes | str],
    mapping: CsvMapping,
    *,
    cutoff: datetime | None,
    policy: Policy,
    on_error: OnError | None = None,
    first_line: int = 1,
) -> LedgerSummary:
    """Fold CSV *lines* whose header is line *first_line* of a larger file (for parts)."""
    folder = _Folder(policy, (), (), cutoff)
    for row in _rows(lines, mapping, on_error, first_line):
        if folder.keeps(row.instant):
            try:
                folder.sale(
                    (row.instant, row.id),
                    row.seller,
                    row.day,
                    row.amount,
                    row.currency,
                    row.buyer,
                    row.payer,
                    row.users,
                )
            except CurrencyMismatchError as exc:
                report(LedgerFileError(row.line, [str(exc)]), on_error)
    return folder.summary()
