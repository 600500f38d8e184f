"""The columnar engine: summaries, judgements and RFM of whole frames, computed by polars.

The pure-Python fold (:func:`~clientele.summarize`) handles one fact at a
time; this module computes the same results with group-bys over whole
columns. A frame is read into *sales*: one row per purchase, with the
columns every computation needs (the buyer, the payer, the instant, the
local day, the amount...), every cell checked as strictly as a
:class:`~clientele.Purchase` checks its fields. From the sales:

* :func:`summarize_sales` aggregates per (seller, party) in polars and builds
  the :class:`~clientele.PartySummary` objects in one Python pass;
* :func:`judge_plan` (and :func:`judge_sales`, for sales in memory) computes
  every judgement with polars expressions, no Python object per party, in
  one streaming pass over the input that checks the cells as it goes;
* :func:`rfm_sales` computes ``lifetimes``' RFM.

Witnesses ("the first paid purchase") are ordered by instant, then fact id,
as :class:`~clientele.Witness` orders them: each row gets one 128-bit key
``(instant, order of its fact id, row)``, so that the first and last
witnesses of a group are a plain ``min`` and ``max`` of the key. Rows named
by number (``row-10``, ``line-12``) sort by the text of their number, which
is computed rather than written out.

The command line reads CSV exports with :func:`scan_csv_polars` and
:func:`judge_csv_polars`. They raise :class:`ColumnarFallbackError` for any
input the Python reader would read differently or refuse, so that the
caller reads it again with the Python path, which names the line, column
and value of every error.

Only :mod:`clientele.frames` and the command line import this module:
polars is an optional extra, and ``import clientele`` never needs it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Context, Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeAlias, assert_never, final

import attrs

try:
    import polars as pl
except ImportError as exc:  # pragma: no cover - exercised without the extra
    msg = (
        "clientele's columnar engine needs polars: "
        "install the 'polars' extra with `pip install clientele[polars]`"
    )
    raise ImportError(msg) from exc

from ._csv import CsvMapping
from ._errors import ClienteleError, CurrencyMismatchError, DecodeError, InvalidValueError
from ._facts import Purchase
from ._judgement import (
    AccountView,
    Environment,
    Judgement,
    Role,
    Rule,
    Stage,
    Standing,
    Tenure,
    ValueTier,
)
from ._money import CURRENCIES, Money
from ._parties import PartyId
from ._periods import CalendarPeriod
from ._policy import (
    DEFAULT,
    Assumption,
    ClientRule,
    Policy,
    RepeatCounting,
    RevenueShare,
    ValueThreshold,
)
from ._population import Population
from ._rfm import RFM_PERIODS, observation_cutoff
from ._rules import check_as_of
from ._summary import LedgerSummary, PartySummary, RoleSeen, Witness, building

__all__ = [
    "JUDGEMENT_SCHEMA",
    "ColumnarFallbackError",
    "FrameLike",
    "Reading",
    "Sales",
    "Shape",
    "judge_csv_polars",
    "judge_plan",
    "judge_sales",
    "judgements_frame",
    "last_instant_csv_polars",
    "read_csv_sales",
    "read_sales",
    "rfm_sales",
    "sales_purchases",
    "scan_csv_polars",
    "summarize_sales",
]

#: A polars ``DataFrame`` or ``LazyFrame``, or a pandas ``DataFrame`` (pandas
#: ships no type information, so mypy accepts anything here; the type is
#: checked when the frame is read).
FrameLike: TypeAlias = Any

_MICROS: Final = 1_000_000
_DAY_MICROS: Final = 86_400 * _MICROS
#: ``date(1970, 1, 1).toordinal()``: polars counts days from 1970, Python from year 1.
_EPOCH_ORDINAL: Final = 719_163
_EPOCH: Final = datetime(1970, 1, 1)
#: Keys are ``(instant + _OFFSET) * 2**64 + tie * 2**32 + row``: every part positive.
_OFFSET: Final = 1 << 62
_HIGH: Final = 1 << 64
_LOW: Final = 1 << 32
#: The characters :meth:`str.strip` removes (polars' own set differs: U+001C..U+001F).
_SPACES: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ISO: Final = (
    r"^(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
    r"(?:[T ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<F>[0-9]{1,9}))?)?"
    r"(?P<Z>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?$"
)
_AMOUNT: Final = r"^[0-9]+(\.[0-9]+)?$"
#: The ``strptime`` directives the engine reads exactly as Python does.
_FORMAT_DIRECTIVES: Final = frozenset("YmdHMS%")
_TIME_OF_DAY: Final = frozenset("HMS")
_ID_EXPECTED: Final = "an id: non-empty, without surrounding spaces"

#: The columns of :func:`judge_sales` and :func:`judgements_frame`, in order.
JUDGEMENT_SCHEMA: Final = {
    "seller": pl.String(),
    "party": pl.String(),
    "standing": pl.Enum([m.value for m in Standing]),
    "tenure": pl.Enum([m.value for m in Tenure]),
    "environment": pl.Enum([m.value for m in Environment]),
    "stage": pl.Enum([m.value for m in Stage]),
    "tier": pl.Enum([m.value for m in ValueTier]),
    "account": pl.Enum([m.value for m in AccountView]),
    "roles": pl.List(pl.String()),
    "revenue": pl.Decimal(38, 0),  # the scale is the amounts'
    "currency": pl.String(),
    **{
        name: dtype
        for field in ("standing", "tenure", "environment", "stage", "tier", "account")
        for name, dtype in (
            (f"{field}_rule", pl.Enum([r.value for r in Rule])),
            (f"{field}_facts", pl.List(pl.String())),
        )
    },
}
_FIELDS: Final = ("standing", "tenure", "environment", "stage", "tier", "account")
#: The polars enum of each clientele enum a judgement column holds.
_ENUM_TYPES: Final[dict[type[Enum], pl.DataType]] = {
    Standing: JUDGEMENT_SCHEMA["standing"],
    Tenure: JUDGEMENT_SCHEMA["tenure"],
    Environment: JUDGEMENT_SCHEMA["environment"],
    Stage: JUDGEMENT_SCHEMA["stage"],
    ValueTier: JUDGEMENT_SCHEMA["tier"],
    AccountView: JUDGEMENT_SCHEMA["account"],
    Rule: JUDGEMENT_SCHEMA["standing_rule"],
}


class ColumnarFallbackError(ClienteleError, ValueError):
    """The columnar engine cannot read this input exactly as the Python path would.

    The command line catches it and reads the input with the pure-Python
    path, which reads everything the format allows and names the line,
    column and value of any error.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(f"the columnar engine cannot read this input: {reason}")
        self.reason = reason


@final
@attrs.frozen(kw_only=True)
class Reading:
    """How to read a frame into sales: which column holds what, how rows are named.

    A CSV export's rows are ``line-2``, ``line-3``... (its line numbers, as
    :func:`~clientele.read_csv` names them); a frame's rows are ``row-0``,
    ``row-1``... (their positions), unless a column holds fact ids.
    """

    mapping: CsvMapping
    prefix: str = "row-"
    first: int = 0
    #: Read cells as CSV cells: optional ids are stripped, empty means missing.
    csv: bool = False


class _Check(NamedTuple):
    """A check of every cell of a column: *bad* is true where it fails."""

    column: str
    expected: str
    bad: pl.Expr


def _fallback_or(reading: Reading, error: Exception) -> Exception:
    """Return *error*, or for a CSV export the error that sends the caller to the Python path."""
    return ColumnarFallbackError(str(error)) if reading.csv else error


# -- Reading a frame into sales -------------------------------------------------------------------


def _lazy(frame: FrameLike) -> pl.LazyFrame:
    if isinstance(frame, pl.LazyFrame):
        return frame
    if isinstance(frame, pl.DataFrame):
        return frame.lazy()
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(frame, pandas.DataFrame):
        try:
            return pl.from_pandas(frame).lazy()
        except ImportError as exc:
            msg = (
                "reading pandas frames needs pyarrow: "
                "install the 'pandas' extra with `pip install clientele[pandas]`"
            )
            raise ImportError(msg) from exc
    raise InvalidValueError(
        "frame", "a polars DataFrame or LazyFrame, or a pandas DataFrame", type(frame).__name__
    )


def _text(name: str, role: str, dtype: pl.DataType, reading: Reading) -> pl.Expr:
    """Return column *name* as text: ids are text, integer ids are written in decimal."""
    column = pl.col(name)
    if dtype == pl.String:
        return column
    if isinstance(dtype, pl.Categorical | pl.Enum) or dtype.is_integer():
        return column.cast(pl.String)
    raise _fallback_or(
        reading,
        InvalidValueError(role, f"a column of text or integer ids (column {name!r})", dtype),
    )


def _bad_id(ids: pl.Expr) -> pl.Expr:
    return ids.is_null() | (ids == "") | (ids.str.strip_chars(_SPACES) != ids)


def _amounts(name: str, dtype: pl.DataType, reading: Reading) -> tuple[pl.Expr, list[_Check]]:
    """Return the amounts of column *name* (text, for now, if the column holds text)."""
    column = pl.col(name)
    expected = "a positive decimal amount such as 12.50"
    if isinstance(dtype, pl.Decimal):
        return column, [_Check(name, expected, column.is_null() | (column <= 0))]
    if dtype.is_integer():
        return column.cast(pl.Decimal(38, 0)), [
            _Check(name, expected, column.is_null() | (column <= 0))
        ]
    if dtype == pl.String:
        well_formed = column.str.contains(_AMOUNT)
        zero = column.str.contains(r"^[0.]+$")
        return column, [_Check(name, expected, well_formed.is_null() | ~well_formed | zero)]
    hint = None
    if dtype.is_float():
        hint = (
            f"floats are inexact: convert column {name!r} yourself, rounding as your data "
            f"needs, e.g. pl.col({name!r}).round(2).cast(pl.Decimal(38, 2))"
        )
    raise _fallback_or(
        reading,
        InvalidValueError(
            "amount",
            f"a column of exact amounts: decimals, integers or text (column {name!r})",
            dtype,
            hint,
        ),
    )


class _Times(NamedTuple):
    """Expressions for the instant (µs since 1970, UTC), clock offset (s), local day."""

    instant: pl.Expr
    offset: pl.Expr
    day: pl.Expr
    is_date: pl.Expr
    checks: list[_Check]


def _zoned(
    name: str, wall: pl.Expr, zone: str | None, reading: Reading, checks: list[_Check]
) -> tuple[pl.Expr, pl.Expr]:
    """Return the instant and offset of naive *wall* clock times, read in *zone*."""
    if zone is None:
        checks.append(
            _Check(
                name,
                "a time with a UTC offset (or give a time zone)",
                wall.is_not_null(),
            )
        )
        return pl.lit(None, pl.Int64), pl.lit(None, pl.Int32)
    # An ambiguous time (clocks going back) is its first occurrence, as Python
    # reads it (fold=0); a time that does not exist (clocks going forward) is refused.
    aware = wall.dt.replace_time_zone(zone, ambiguous="earliest", non_existent="null")
    checks.append(
        _Check(name, f"a time that exists in {zone}", wall.is_not_null() & aware.is_null())
    )
    instant = aware.dt.epoch("us")
    return instant, ((wall.dt.epoch("us") - instant) // _MICROS).cast(pl.Int32)


def _times(name: str, dtype: pl.DataType, reading: Reading) -> _Times:
    column = pl.col(name)
    zone = reading.mapping.timezone
    checks: list[_Check] = []
    if dtype == pl.Date:
        checks.append(_Check(name, "a date or a time", column.is_null()))
        return _Times(
            column.cast(pl.Int64) * _DAY_MICROS,
            pl.lit(0, pl.Int32),
            column,
            pl.lit(value=True),
            checks,
        )
    if isinstance(dtype, pl.Datetime):
        checks.append(_Check(name, "a date or a time", column.is_null()))
        if dtype.time_unit == "ns":
            checks.append(
                _Check(name, "a time in whole microseconds", column.dt.epoch("ns") % 1000 != 0)
            )
        us = column.dt.cast_time_unit("us")
        if dtype.time_zone is None:
            instant, offset = _zoned(name, us, zone, reading, checks)
            return _Times(instant, offset, us.dt.date(), pl.lit(value=False), checks)
        wall = us.dt.replace_time_zone(None)
        instant = us.dt.epoch("us")
        return _Times(
            instant,
            ((wall.dt.epoch("us") - instant) // _MICROS).cast(pl.Int32),
            wall.dt.date(),
            pl.lit(value=False),
            checks,
        )
    if dtype != pl.String:
        raise _fallback_or(
            reading,
            InvalidValueError(
                "time", f"a column of dates, datetimes or text (column {name!r})", dtype
            ),
        )
    fmt = reading.mapping.time_format
    if fmt is None:
        return _iso_times(name, zone, reading)
    return _formatted_times(name, fmt, zone, reading)


def _iso_times(name: str, zone: str | None, reading: Reading) -> _Times:
    """Read ISO 8601 text as the CSV reader does: 10 characters are a date, more a time.

    Only the common forms are read (``2024-03-01``, ``2024-03-01T10:00``,
    seconds and fractions, ``Z`` or an offset such as ``+05:30``); Python
    reads a few more, which the engine refuses rather than misreads.
    """
    text = pl.col(name)
    parts = text.str.extract_groups(_ISO)
    day = parts.struct.field("date").str.to_date("%Y-%m-%d", strict=False)
    hour = parts.struct.field("H").cast(pl.Int64)
    minute = parts.struct.field("M").cast(pl.Int64)
    second = parts.struct.field("S").cast(pl.Int64).fill_null(0)
    fraction = parts.struct.field("F").str.slice(0, 6).str.pad_end(6, "0").cast(pl.Int64)
    zulu = parts.struct.field("Z")
    # The pattern matched digits only: a cast fails only for "Z", which has none.
    zone_hours = zulu.str.slice(1, 2).cast(pl.Int64, strict=False)
    zone_minutes = (
        pl.when(zulu.str.len_chars() > 3)
        .then(zulu.str.slice(-2).cast(pl.Int64, strict=False))
        .otherwise(0)
    )
    sign = pl.when(zulu.str.starts_with("-")).then(-1).otherwise(1)
    offset = pl.when(zulu == "Z").then(0).otherwise(sign * (zone_hours * 3600 + zone_minutes * 60))
    is_date = text.str.len_chars() == 10
    valid = (
        day.is_not_null()
        & (day >= date(1, 1, 1))
        & (is_date == hour.is_null())
        & (is_date | ((hour <= 23) & (minute <= 59) & (second <= 59)))
        & (zulu.is_null() | (zulu == "Z") | ((zone_hours <= 23) & (zone_minutes <= 59)))
    )
    checks = [
        _Check(name, "a time like 'ISO 8601'", text.is_null() | ~valid.fill_null(value=False))
    ]
    wall = (
        day.cast(pl.Int64) * _DAY_MICROS
        + hour.fill_null(0) * 3600 * _MICROS
        + minute.fill_null(0) * 60 * _MICROS
        + second * _MICROS
        + fraction.fill_null(0)
    )
    naive = ~is_date & zulu.is_null()
    zoned_instant, zoned_offset = _zoned(
        name,
        pl.when(naive & valid).then(wall).cast(pl.Datetime("us")),
        zone,
        reading,
        checks,
    )
    return _Times(
        instant=pl.when(is_date)
        .then(wall)
        .when(naive)
        .then(zoned_instant)
        .otherwise(wall - offset.cast(pl.Int64) * _MICROS),
        offset=pl.when(is_date)
        .then(pl.lit(0, pl.Int32))
        .when(naive)
        .then(zoned_offset)
        .otherwise(offset.cast(pl.Int32)),
        day=day,
        is_date=is_date,
        checks=checks,
    )


def _formatted_times(name: str, fmt: str, zone: str | None, reading: Reading) -> _Times:
    """Read text in a ``strptime`` format: exactly as Python does, or not at all.

    polars' parser is more lenient than Python's (it reads ``1/3/2024`` with
    ``%d/%m/%Y``), so every text must also be what the format writes for the
    time read (``01/03/2024``): then both parsers agree.
    """
    directives = set(re.findall(r"%(.)", fmt))
    if not directives <= _FORMAT_DIRECTIVES:
        unsupported = ", ".join(f"%{d}" for d in sorted(directives - _FORMAT_DIRECTIVES))
        raise _fallback_or(
            reading,
            InvalidValueError(
                "time_format",
                "a format of %Y, %m, %d, %H, %M and %S only, for the columnar engine",
                fmt,
                f"{unsupported} cannot be read exactly: parse column {name!r} into a "
                "polars Date or Datetime first",
            ),
        )
    text = pl.col(name)
    expected = f"a time like {fmt!r}"
    if not directives & _TIME_OF_DAY:
        day = text.str.to_date(fmt, strict=False)
        bad = text.is_null() | day.is_null() | (day.dt.strftime(fmt) != text)
        return _Times(
            day.cast(pl.Int64) * _DAY_MICROS,
            pl.lit(0, pl.Int32),
            day,
            pl.lit(value=True),
            [_Check(name, expected, bad.fill_null(value=True))],
        )
    wall = text.str.to_datetime(fmt, time_unit="us", strict=False)
    bad = text.is_null() | wall.is_null() | (wall.dt.strftime(fmt) != text)
    checks = [_Check(name, expected, bad.fill_null(value=True))]
    instant, offset = _zoned(name, wall, zone, reading, checks)
    return _Times(instant, offset, wall.dt.date(), pl.lit(value=False), checks)


@final
@attrs.frozen(kw_only=True)
class Shape:
    """What sales hold: which optional columns, and the seller and currency if not columns.

    Plans over sales need only this, whether the sales are read into memory
    or streamed.
    """

    reading: Reading
    #: The columns of the sales (see :class:`Sales`).
    columns: frozenset[str]
    #: The seller of every row, when not a column.
    seller: PartyId | None
    #: The currency of every row, when not a column.
    currency: str | None

    def keys(self) -> list[str]:
        """Return the columns a (seller, party) group is keyed by (``seller`` only if a column)."""
        return ["party"] if self.seller is not None else ["seller", "party"]


@final
@attrs.frozen(kw_only=True, eq=False)
class Sales:
    """A frame read into purchases: one row each, every cell checked.

    ``frame`` has the columns ``row`` (the position in the input), ``buyer``,
    ``instant`` (µs since 1970 in UTC), ``offset`` (the clock's UTC offset, in
    seconds), ``day`` (the local date), ``is_date``, ``amount``,
    and, when the input has them as columns, ``seller``, ``currency``,
    ``payer``, ``user`` and ``id``.
    """

    frame: pl.DataFrame
    shape: Shape

    @property
    def seller(self) -> PartyId | None:
        """The seller of every row, when not a column."""
        return self.shape.seller

    @property
    def currency(self) -> str | None:
        """The currency of every row, when not a column."""
        return self.shape.currency

    @property
    def columns(self) -> frozenset[str]:
        """The columns of the sales."""
        return self.shape.columns

    def keys(self) -> list[str]:
        """Return the columns a (seller, party) group is keyed by."""
        return self.shape.keys()


class _Plan(NamedTuple):
    """A frame's sales as a lazy plan: the columns of :class:`Sales`, not yet checked."""

    #: The input, with the row index ``_ROW``.
    source: pl.LazyFrame
    #: The columns of the sales, as expressions over the input.
    columns: dict[str, pl.Expr]
    checks: list[_Check]
    shape: Shape
    #: The scale of the amounts; ``None`` for text, whose scale is known only once read.
    scale: int | None


#: The row index of the input; refused as a column name.
_ROW: Final = "__clientele_row"


def _plan(frame: FrameLike, reading: Reading) -> _Plan:
    """Return the plan reading *frame*: which expression gives each column of the sales.

    Raises :class:`~clientele.InvalidValueError` for a missing column or one
    of the wrong type.
    """
    mapping = reading.mapping
    lazy = _lazy(frame)
    schema = lazy.collect_schema()
    names = {"seller": "seller_column", "currency": "currency_column"}
    for role, column in mapping.columns().items():
        if column not in schema:
            raise _fallback_or(
                reading,
                InvalidValueError(
                    names.get(role, role), f"a column of the frame {list(schema)}", column
                ),
            )
    # A column of nulls only has no type: read it as text, whose cells are missing.
    empty = [c for c in mapping.columns().values() if schema[c] == pl.Null]
    if empty:
        lazy = lazy.with_columns(pl.col(empty).cast(pl.String))
        schema = lazy.collect_schema()
    if _ROW in schema:
        expected = f"a frame without a column named {_ROW!r}, the engine's row index"
        raise _fallback_or(reading, InvalidValueError("frame", expected, list(schema)))
    lazy = lazy.with_row_index(_ROW)
    exprs: dict[str, pl.Expr] = {"row": pl.col(_ROW).cast(pl.Int64)}
    checks: list[_Check] = []

    def ids(role: str, column: str, *, optional: bool) -> None:
        value = _text(column, role, schema[column], reading)
        if optional:
            if reading.csv:
                value = value.str.strip_chars(_SPACES)
                value = pl.when(value != "").then(value)
            else:
                checks.append(_Check(column, _ID_EXPECTED, value.is_not_null() & _bad_id(value)))
        else:
            checks.append(_Check(column, _ID_EXPECTED, _bad_id(value)))
        exprs[role] = value

    ids("buyer", mapping.party, optional=False)
    if mapping.seller_column is not None:
        ids("seller", mapping.seller_column, optional=False)
    if mapping.payer is not None:
        ids("payer", mapping.payer, optional=True)
    if mapping.user is not None:
        ids("user", mapping.user, optional=True)
    if mapping.id is not None:
        ids("id", mapping.id, optional=False)
    if mapping.currency_column is not None:
        currency = _text(
            mapping.currency_column, "currency_column", schema[mapping.currency_column], reading
        )
        exprs["currency"] = currency
        checks.append(
            _Check(
                mapping.currency_column,
                "an ISO 4217 currency code",
                ~currency.is_in(sorted(CURRENCIES)).fill_null(value=False),
            )
        )
    times = _times(mapping.time, schema[mapping.time], reading)
    exprs |= {
        "instant": times.instant,
        "offset": times.offset,
        "day": times.day,
        "is_date": times.is_date,
    }
    checks += times.checks
    amount, amount_checks = _amounts(mapping.amount, schema[mapping.amount], reading)
    exprs["amount"] = amount
    checks += amount_checks
    shape = Shape(
        reading=reading,
        columns=frozenset(exprs),
        seller=mapping.seller,
        currency=mapping.currency,
    )
    amounts = schema[mapping.amount]
    scale = None if amounts == pl.String else getattr(amounts, "scale", 0)
    return _Plan(lazy, exprs, checks, shape, scale)


def read_sales(frame: FrameLike, reading: Reading) -> Sales:
    """Read *frame* into sales, refusing any cell a purchase would refuse.

    Raises :class:`~clientele.InvalidValueError` for a missing column or one
    of the wrong type, and :class:`~clientele.DecodeError` naming the
    column, the first bad row and its value for cells that cannot be read.
    """
    mapping = reading.mapping
    lazy, exprs, checks, shape, _ = _plan(frame, reading)
    flags = [f"_bad_{n}" for n in range(len(checks))]
    try:
        # Streaming: the input's columns are read and converted a batch at a time.
        sales = lazy.select(
            **exprs, **{flag: check.bad for flag, check in zip(flags, checks, strict=True)}
        ).collect(engine="streaming")
    except pl.exceptions.PolarsError as exc:  # pragma: no cover - a defect, or polars' own limit
        raise ColumnarFallbackError(str(exc)) from exc
    failed = sales.select(pl.col(flags).any()).row(0)
    errors = [
        _row_error(lazy, check, sales.get_column(flag).arg_max() or 0)
        for check, flag, bad in zip(checks, flags, failed, strict=True)
        if bad
    ]
    sales = sales.drop(flags)
    if mapping.id is not None:
        errors += _duplicate_ids(lazy, sales, mapping.id)
    if errors:
        raise _fallback_or(reading, DecodeError("frame", errors))
    if sales.schema["amount"] == pl.String:
        sales = _decimal_amounts(sales, reading)
    else:
        scale = sales.schema["amount"].scale  # type: ignore[attr-defined]
        sales = sales.with_columns(pl.col("amount").cast(pl.Decimal(38, scale)))
    return Sales(frame=sales, shape=shape)


def _row_error(lazy: pl.LazyFrame, check: _Check, row: int) -> str:
    got = lazy.select(pl.col(check.column)).slice(row, 1).collect().item()
    return f"column {check.column!r}: expected {check.expected} (got {got!r}) @ row {row}"


def _duplicate_ids(lazy: pl.LazyFrame, sales: pl.DataFrame, column: str) -> list[str]:
    ids = sales.get_column("id")
    if ids.n_unique() == sales.height:
        return []
    again = int((~ids.is_first_distinct()).arg_max() or 0)
    first = int((ids == ids[again]).arg_max() or 0)
    check = _Check(column, f"a unique id (first seen @ row {first})", pl.lit(value=True))
    return [_row_error(lazy, check, again)]


def _decimal_amounts(sales: pl.DataFrame, reading: Reading) -> pl.DataFrame:
    """Turn the checked amount texts into decimals, at the scale of the most precise one."""
    fraction = pl.col("amount").str.split_exact(".", 1).struct.field("field_1")
    scale = sales.select(fraction.str.len_chars().max().fill_null(0)).item()
    try:
        return sales.with_columns(pl.col("amount").cast(pl.Decimal(38, scale)))
    except pl.exceptions.InvalidOperationError as exc:
        error = DecodeError("frame", [f"amounts do not fit 38 digits ({scale} decimal places)"])
        raise _fallback_or(reading, error) from exc


# -- Keys and events ------------------------------------------------------------------------------


def _lexical(number: pl.Expr) -> pl.Expr:
    """Return integers that sort as the decimal texts of *number* do (``"10"`` before ``"9"``).

    The text padded with zeros to 13 digits, then its length: ``"1"`` before
    ``"10"`` (a prefix first), ``"10"`` before ``"9"``. Below 2**48.
    """
    digits = pl.sum_horizontal([(number >= 10**n).cast(pl.Int64) for n in range(1, 13)]) + 1
    return number * _widening(digits) * 16 + digits


def _widening(digits: pl.Expr) -> pl.Expr:
    return digits.replace_strict({n: 10 ** (13 - n) for n in range(1, 14)}, return_dtype=pl.Int64)


#: Keys of rows named by number: ``(instant + _OFFSET) * 2**48 + lexical order``.
_NUMBERED: Final = 1 << 48


def _key(shape: Shape) -> pl.Expr:
    """Return each sale's key: ordered as witnesses are, by instant then fact id.

    Rows named by number (``row-10``) sort by the text of their number,
    computed, and the row is read back from it; other fact ids are ranked.
    """
    instant = pl.col("instant").cast(pl.Int128) + _OFFSET
    if "id" not in shape.columns:
        order = _lexical(pl.col("row") + shape.reading.first).cast(pl.Int128)
        return instant * _NUMBERED + order
    tie = pl.col("id").rank("dense").cast(pl.Int128)
    return instant * _HIGH + tie * _LOW + pl.col("row").cast(pl.Int128)


def _keyed(sales: Sales) -> pl.LazyFrame:
    """Return the sales with their ``key``."""
    return sales.frame.lazy().with_columns(key=_key(sales.shape))


def _row_of(shape: Shape, key: pl.Expr) -> pl.Expr:
    """Return the row a key was made from."""
    if "id" in shape.columns:
        return (key % _LOW).cast(pl.Int64)
    order = (key % _NUMBERED).cast(pl.Int64)
    digits = order % 16
    return order // 16 // _widening(digits) - shape.reading.first


def _instant_of(shape: Shape, key: pl.Expr) -> pl.Expr:
    """Return the instant (µs since 1970) a key was made from."""
    shift = _HIGH if "id" in shape.columns else _NUMBERED
    return (key // shift - _OFFSET).cast(pl.Int64)


@final
@attrs.frozen(eq=False)
class _Events:
    """What each party named in a sale did in it: paid, bought, used; one row each.

    A flag is ``True`` or ``False`` when it is the same for every event
    (then it is not a column), ``None`` when the column holds it.
    """

    frame: pl.LazyFrame
    pay: bool | None
    buy: bool | None
    use: bool | None
    assumed: bool | None

    def flag(self, name: str) -> pl.Expr | bool:
        """Return the flag *name*: a column, or the same value for every event."""
        value: bool | None = getattr(self, name)
        return pl.col(name) if value is None else value

    def paid(self) -> pl.LazyFrame:
        """Return the events in which the party paid."""
        if self.pay is None:
            return self.frame.filter("pay")
        return self.frame if self.pay else self.frame.filter(pl.lit(value=False))

    def when(self, name: str, value: pl.Expr, dtype: pl.DataType | None = None) -> pl.Expr:
        """Return *value* in the events where flag *name* holds, null (of *dtype*) elsewhere."""
        flag = self.flag(name)
        if isinstance(flag, pl.Expr):
            return pl.when(flag).then(value)
        return value if flag else pl.lit(None, dtype or pl.Int128())


def _events(shape: Shape, lazy: pl.LazyFrame, policy: Policy) -> _Events:
    """Return one row per (sale, party named in it): what the party did in that sale.

    As :meth:`clientele._summary._Folder.sale` folds a sale: the payer (the
    buyer, if not recorded and the policy assumes so) paid; the buyer
    bought; the user (the buyer, if not recorded and the policy assumes
    so) used. A party in several roles of one sale is one event.
    """
    columns = shape.columns
    # The row orders a party's currencies, as the fold meets them.
    keep: list[str] = [c for c in ("seller", "currency") if c in columns]
    keep += ["row"] if "currency" in columns else []
    keep += ["id"] if "id" in columns else []
    keep += ["key"] if "key" in lazy.collect_schema() else []
    common = [*keep, "day", "amount"]
    assume_payer = policy.unknown_payer is Assumption.BUYER
    assume_users = policy.unknown_users is Assumption.BUYER
    if "payer" not in columns and "user" not in columns:
        # Every sale is one event of its buyer, the same in every sale.
        frame = lazy.select(*common, party=pl.col("buyer"))
        return _Events(frame, assume_payer, buy=True, use=assume_users, assumed=assume_payer)
    payer = pl.col("payer") if "payer" in columns else pl.lit(None, pl.String)
    if assume_payer:
        paid_by, assumed = payer.fill_null(pl.col("buyer")), payer.is_null()
    else:
        paid_by, assumed = payer, pl.lit(value=False)
    user = pl.col("user") if "user" in columns else pl.lit(None, pl.String)
    used_by = user.fill_null(pl.col("buyer")) if assume_users else user
    lazy = lazy.with_columns(paid_by=paid_by, assumed=assumed, used_by=used_by)
    parts = [
        lazy.select(
            *common,
            party=pl.col("buyer"),
            pay=(pl.col("paid_by") == pl.col("buyer")).fill_null(value=False),
            buy=pl.lit(value=True),
            use=(pl.col("used_by") == pl.col("buyer")).fill_null(value=False),
            assumed=pl.col("assumed"),
        )
    ]
    if "payer" in columns:
        parts.append(
            lazy.filter(pl.col("paid_by") != pl.col("buyer")).select(
                *common,
                party=pl.col("paid_by"),
                pay=pl.lit(value=True),
                buy=pl.lit(value=False),
                use=(pl.col("used_by") == pl.col("paid_by")).fill_null(value=False),
                assumed=pl.lit(value=False),
            )
        )
    if "user" in columns:
        others = (pl.col("used_by") != pl.col("buyer")) & (
            pl.col("paid_by").is_null() | (pl.col("used_by") != pl.col("paid_by"))
        )
        parts.append(
            lazy.filter(others).select(
                *common,
                party=pl.col("used_by"),
                pay=pl.lit(value=False),
                buy=pl.lit(value=False),
                use=pl.lit(value=True),
                assumed=pl.lit(value=False),
            )
        )
    return _Events(pl.concat(parts, how="vertical"), None, None, None, None)


def _aggregates(
    events: _Events, extra: dict[str, pl.Expr]
) -> tuple[list[pl.Expr], dict[str, str]]:
    """Return what to aggregate per group, and the columns that repeat an aggregate.

    ``paid``, ``gross``, the keys of the first and last paid events, of the
    first event in which the party bought, used, had its payment assumed,
    and of the first naming it at all (``mention``), and *extra*. When every
    event is the buyer's payment, several of these are one aggregate.
    """
    key = pl.col("key")
    pay = events.flag("pay")
    paid = pay.sum() if isinstance(pay, pl.Expr) else pl.len() if pay else pl.lit(0, pl.UInt32)
    wanted = {
        "paid": paid,
        "first_paid": events.when("pay", key).min(),
        "last_paid": events.when("pay", key).max(),
        "gross": events.when("pay", pl.col("amount"), pl.Decimal(38, 0)).sum(),
        "bought": events.when("buy", key).min(),
        "used": events.when("use", key).min(),
        "assumed": events.when("assumed", key).min(),
        "mention": key.min(),
        **extra,
    }
    aggregates: dict[str, pl.Expr] = {}
    repeats: dict[str, str] = {}
    for name, expr in wanted.items():
        same = next((n for n, e in aggregates.items() if e.meta.eq(expr)), None)
        if same is None:
            aggregates[name] = expr
        else:
            repeats[name] = same
    return [e.alias(n) for n, e in aggregates.items()], repeats


def _repeated(repeats: dict[str, str]) -> list[pl.Expr]:
    return [pl.col(same).alias(name) for name, same in repeats.items()]


def _unpaid(shape: Shape, lazy: pl.LazyFrame, policy: Policy) -> pl.LazyFrame:
    """Return the sales no party paid for: counted per seller as unattributed."""
    if policy.unknown_payer is Assumption.BUYER:
        return lazy.filter(pl.lit(value=False))
    if "payer" not in shape.columns:
        return lazy
    return lazy.filter(pl.col("payer").is_null())


def _within(lazy: pl.LazyFrame, cutoff: datetime | None) -> pl.LazyFrame:
    if cutoff is None:
        return lazy
    return lazy.filter(pl.col("instant") <= _micros(cutoff))


def _micros(instant: datetime) -> int:
    return (instant - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def _currency_checks(shape: Shape, events: _Events, unpaid: pl.LazyFrame) -> None:
    """Raise, as the fold would at the first such sale, if one party pays in two currencies."""
    if "currency" not in shape.columns:
        return
    keys = shape.keys()
    tally = ["seller"] if shape.seller is None else []
    paid = pl.concat(
        [
            events.paid().select(
                group=pl.concat_str([pl.lit("p"), *keys], separator="\x00"),
                currency="currency",
                row=pl.col("row"),
            ),
            unpaid.select(
                group=pl.concat_str([pl.lit("u"), *tally], separator="\x00"),
                currency="currency",
                row=pl.col("row"),
            ),
        ]
    )
    clash = (
        paid.sort("row")
        .with_columns(first=pl.col("currency").first().over("group"))
        .filter(pl.col("currency") != pl.col("first"))
        .head(1)
        .collect()
    )
    if clash.height:
        error = CurrencyMismatchError("add", clash.item(0, "first"), clash.item(0, "currency"))
        # The Python reader reports it at its line, and can go on past it.
        raise _fallback_or(shape.reading, error)


# -- Summaries ------------------------------------------------------------------------------------


def _with_days(events: _Events, keys: list[str], extra: dict[str, pl.Expr]) -> pl.LazyFrame:
    """Aggregate *events* per group, with the days a summary keeps of the paid ones.

    The first paid day, the offsets of every paid day from it (repeated
    when several payments fall on one day), and the amounts paid on the
    first day, in the first week and in the first month.
    """
    day = pl.col("day")
    first = pl.col("first")
    paid_day = events.when("pay", day, pl.Date())
    firsts = events.frame.group_by(keys).agg(paid_day.min().alias("first"))
    joined = events.frame.join(firsts, on=keys, how="left", nulls_equal=True)
    amount = pl.col("amount")
    aggregates, repeats = _aggregates(events, extra)
    return (
        joined.group_by(keys)
        .agg(
            *aggregates,
            first.first().cast(pl.Int64).alias("first_day") + _EPOCH_ORDINAL,
            events.when("pay", (day - first).dt.total_days(), pl.Int64())
            .drop_nulls()
            .alias("offsets"),
            events.when("pay", pl.when(day == first).then(amount), pl.Decimal(38, 0))
            .sum()
            .alias("first_day_total"),
            events.when("pay", pl.when(_week(day) == _week(first)).then(amount), pl.Decimal(38, 0))
            .sum()
            .alias("first_week_total"),
            events.when(
                "pay", pl.when(_month(day) == _month(first)).then(amount), pl.Decimal(38, 0)
            )
            .sum()
            .alias("first_month_total"),
        )
        .with_columns(_repeated(repeats))
    )


def _week(day: pl.Expr) -> pl.Expr:
    return (day.cast(pl.Int64) + _EPOCH_ORDINAL - 1) // 7


def _month(day: pl.Expr) -> pl.Expr:
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1


def _witnesses(sales: Sales, rows: pl.Series) -> dict[int, Witness]:
    """Return the witness of every row in *rows*: its instant, on its own clock, and fact id."""
    wanted = rows.drop_nulls().unique()
    picked = sales.frame.select(
        "row", "instant", "offset", *(["id"] if "id" in sales.columns else [])
    ).gather(wanted)
    picked = picked.select(
        (pl.col("instant") + pl.col("offset").cast(pl.Int64) * _MICROS)
        .cast(pl.Datetime("us"))
        .alias("local"),
        "offset",
        *_id_column(sales.shape),
    )
    zones: dict[int, tzinfo] = {}
    found: dict[int, Witness] = {}
    with building():
        for row, local, offset, fact in zip(
            wanted.to_list(),
            picked.get_column("local").to_list(),
            picked.get_column("offset").to_list(),
            picked.get_column("fact").to_list(),
            strict=True,
        ):
            zone = zones.get(offset)
            if zone is None:
                zone = zones[offset] = UTC if offset == 0 else timezone(timedelta(seconds=offset))
            found[row] = Witness(local.replace(tzinfo=zone), fact)
    return found


def _id_column(shape: Shape) -> list[pl.Expr]:
    if "id" in shape.columns:
        return [pl.col("id").alias("fact")]
    number = pl.col("row") + shape.reading.first
    return [pl.format(f"{shape.reading.prefix}{{}}", number).alias("fact")]


def summarize_sales(sales: Sales, *, cutoff: datetime | None, policy: Policy) -> LedgerSummary:
    """Return what :func:`~clientele.summarize` returns for the purchases of *sales*."""
    keys = sales.keys()
    lazy = _within(_keyed(sales), cutoff)
    events = _events(sales.shape, lazy, policy)
    unpaid = _unpaid(sales.shape, lazy, policy)
    _currency_checks(sales.shape, events, unpaid)
    currency = {}
    if sales.currency is None:
        currency["currency"] = events.when("pay", pl.col("currency"), pl.String()).min()
    groups = _with_days(events, keys, currency)
    tally_by = ["seller"] if sales.seller is None else ["tally"]
    unpaid = unpaid.with_columns(tally=pl.lit(""))
    tally_events = _Events(unpaid, pay=True, buy=False, use=False, assumed=False)
    if currency:
        currency["currency"] = pl.col("currency").min()
    tallies = _with_days(tally_events, tally_by, currency)
    last = lazy.select(pl.col("key").max().alias("last"))
    groups_df, tallies_df, last_df = pl.collect_all([groups, tallies, last])
    witness_columns = ["first_paid", "last_paid", "bought", "used", "assumed", "mention"]
    groups_df = groups_df.with_columns(_row_of(sales.shape, pl.col(c)) for c in witness_columns)
    # A tally is no party: nobody bought, used or was named in it.
    tallies_df = tallies_df.drop(witness_columns[2:]).with_columns(
        _row_of(sales.shape, pl.col(c)) for c in witness_columns[:2]
    )
    last_df = last_df.select(_row_of(sales.shape, pl.col("last")))
    rows = pl.concat(
        [
            *(groups_df.get_column(c) for c in witness_columns),
            *(tallies_df.get_column(c) for c in witness_columns[:2]),
            last_df.to_series(),
        ]
    )
    witnesses = _witnesses(sales, rows)
    last_row = last_df.item()
    return LedgerSummary(
        cutoff=cutoff,
        parties=_party_summaries(groups_df, sales, witnesses, tally=False),
        unattributed=_party_summaries(tallies_df, sales, witnesses, tally=True),
        last_instant=None if last_row is None else witnesses[last_row].at,
    )


_NO_ROLES: Final[tuple[RoleSeen, ...]] = ()
_ZERO: Final = Decimal(0)


def _party_summaries(
    groups: pl.DataFrame, sales: Sales, witnesses: Mapping[int, Witness], *, tally: bool
) -> dict[Any, PartySummary]:
    """Build the summary of every group of *groups*: by (seller, party), or by seller (tallies)."""
    column = groups.get_column
    count = groups.height
    if tally:
        keys: list[Any] = (
            column("seller").to_list() if sales.seller is None else [sales.seller] * count
        )
    else:
        parties = column("party").to_list()
        sellers = column("seller").to_list() if sales.seller is None else [sales.seller] * count
        keys = list(zip(sellers, parties, strict=True))
    nothing: list[Any] = [None] * count
    currencies = column("currency").to_list() if "currency" in groups.columns else nothing

    def seen(name: str) -> list[Witness | None]:
        if name not in groups.columns:
            return nothing
        return [None if row is None else witnesses[row] for row in column(name).to_list()]

    summaries: dict[Any, PartySummary] = {}
    with building():
        _build_summaries(
            summaries,
            zip(
                keys,
                column("paid").to_list(),
                seen("first_paid"),
                seen("last_paid"),
                seen("bought"),
                seen("used"),
                seen("assumed"),
                seen("mention"),
                currencies,
                column("gross").to_list(),
                column("first_day").to_list(),
                column("offsets").to_list(),
                column("first_day_total").to_list(),
                column("first_week_total").to_list(),
                column("first_month_total").to_list(),
                strict=True,
            ),
            sales.currency,
            tally=tally,
        )
    return summaries


def _build_summaries(
    summaries: dict[Any, PartySummary],
    groups: Iterator[tuple[Any, ...]],
    constant_currency: str | None,
    *,
    tally: bool,
) -> None:
    for (
        key,
        paid,
        first_paid,
        last_paid,
        bought,
        used,
        assumed,
        mention,
        currency,
        gross,
        first_day,
        offsets,
        first_day_total,
        first_week_total,
        first_month_total,
    ) in groups:
        roles = _NO_ROLES
        if not tally:
            roles = (
                *(() if bought is None else (RoleSeen(_BUYER, bought),)),
                *(() if first_paid is None else (RoleSeen(_PAYER, first_paid),)),
                *(() if used is None else (RoleSeen(_USER, used),)),
            )
        summaries[key] = PartySummary(
            paid=paid,
            first_paid=first_paid,
            last_paid=last_paid,
            currency=(currency or constant_currency) if paid else None,
            gross=gross if paid else _ZERO,
            first_day=first_day or 0,
            # Adding the bits of distinct days sets each.
            day_bits=sum(map(_ONE.__lshift__, set(offsets))) if offsets else 0,
            first_day_total=first_day_total if paid else _ZERO,
            first_week_total=first_week_total if paid else _ZERO,
            first_month_total=first_month_total if paid else _ZERO,
            interaction=bought,
            mention=mention,
            assumed_payment=assumed,
            roles=roles,
        )


_ONE: Final = 1
_BUYER, _PAYER, _USER = Role.BUYER, Role.PAYER, Role.USER


# -- Judgements -----------------------------------------------------------------------------------


def _period_index(period: CalendarPeriod, day: pl.Expr) -> pl.Expr:
    """Return :meth:`CalendarPeriod.index` of every date in *day*."""
    ordinal = day.cast(pl.Int64) + _EPOCH_ORDINAL
    year = day.dt.year().cast(pl.Int64)
    month = day.dt.month().cast(pl.Int64)
    match period:
        case CalendarPeriod.DAY:
            return ordinal
        case CalendarPeriod.WEEK:
            return (ordinal - 1) // 7
        case CalendarPeriod.MONTH:
            return year * 12 + month - 1
        case CalendarPeriod.QUARTER:
            return year * 4 + (month - 1) // 3
        case CalendarPeriod.YEAR:
            return year
        case _:  # pragma: no cover - every member is matched above; mypy checks it
            assert_never(period)


def _window_micros(window: timedelta) -> int:
    return window // timedelta(microseconds=1)


def _sorted_ids(a: pl.Expr, b: pl.Expr, separator: str | None) -> pl.Expr:
    """Return the sorted, distinct ids of two witnesses (both given, or both missing).

    Built as text and split (much faster than concatenating lists), unless
    an id holds the *separator* (``None``).
    """
    if separator is None:
        return (
            pl.when(a.is_null())
            .then(pl.lit([], dtype=pl.List(pl.String)))
            .when(a == b)
            .then(pl.concat_list(a))
            .when(a < b)
            .then(pl.concat_list(a, b))
            .otherwise(pl.concat_list(b, a))
        )
    both = pl.concat_str(pl.min_horizontal(a, b), pl.max_horizontal(a, b), separator=separator)
    text = pl.when(a == b).then(a).otherwise(both)
    return (
        pl.when(a.is_null())
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(text.str.split(separator))
    )


def _one_id(a: pl.Expr) -> pl.Expr:
    return (
        pl.when(a.is_null())
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .otherwise(pl.concat_list(a))
    )


class _Decision(NamedTuple):
    """The value of one field, its rule and its facts, as expressions."""

    value: pl.Expr
    rule: pl.Expr
    facts: pl.Expr


def _literal(member: Enum) -> pl.Expr:
    """Return *member*'s value as a literal of its column's polars enum."""
    return pl.lit(member.value, dtype=_ENUM_TYPES[type(member)])


def _decide(
    *branches: tuple[pl.Expr, Enum, Rule, pl.Expr],
    otherwise: tuple[Enum, Rule, pl.Expr],
    facts: pl.Expr | None = None,
) -> _Decision:
    """Chain ``(condition, value, rule, facts)`` branches, the first that holds deciding.

    *facts*, when given, is what the branches' facts come to, more cheaply.
    """
    (condition, member, applied, cited), *rest = branches
    value: Any = pl.when(condition).then(_literal(member))
    rule: Any = pl.when(condition).then(_literal(applied))
    chosen: Any = pl.when(condition).then(cited)
    for condition, member, applied, cited in rest:
        value = value.when(condition).then(_literal(member))
        rule = rule.when(condition).then(_literal(applied))
        chosen = chosen.when(condition).then(cited)
    member, applied, last = otherwise
    if facts is None:
        # Most fields cite the same facts whatever they decide: no need to choose.
        same = all(cited.meta.eq(last) for _, _, _, cited in branches)
        facts = last if same else chosen.otherwise(last)
    return _Decision(value.otherwise(_literal(member)), rule.otherwise(_literal(applied)), facts)


def _seller_currencies(groups: pl.DataFrame, shape: Shape, policy: Policy) -> None:
    """Raise as judging each seller's parties in turn would, for amounts not comparable."""
    paid = groups.filter(pl.col("paid") > 0)
    if not paid.height:
        return
    if shape.currency is not None:
        by_seller = [(shape.seller or "", [shape.currency])]
    else:
        seller = pl.col("seller") if shape.seller is None else pl.lit(shape.seller)
        found = (
            paid.group_by(seller.alias("seller"))
            .agg(pl.col("currency").unique().sort())
            .sort("seller")
        )
        by_seller = list(found.iter_rows())
    for _, currencies in by_seller:
        if len(currencies) > 1:
            raise CurrencyMismatchError("add", currencies[0], currencies[1])
        rule = policy.value_rule
        if isinstance(rule, ValueThreshold) and currencies[0] != rule.minimum.currency:
            raise CurrencyMismatchError("compare", currencies[0], rule.minimum.currency)


def _lowest_high(groups: pl.DataFrame, shape: Shape, rule: RevenueShare) -> pl.DataFrame:
    """Per seller, the lowest net revenue of the high tier (as :func:`tier_cutoff` finds it)."""
    numerator, denominator = rule.share.as_integer_ratio()
    by = ["seller"] if shape.seller is None else []
    nets = groups.lazy().filter(pl.col("gross") > 0).select(*by, "gross")
    nets = nets.sort([*by, "gross"], descending=[False] * len(by) + [True])
    running, total = pl.col("gross").cum_sum(), pl.col("gross").sum()
    if by:
        running, total = running.over(by), total.over(by)
    nets = nets.with_columns(running=running, total=total)
    reached = pl.col("running") * denominator >= pl.col("total") * numerator
    if not by:
        return nets.select(lowest=pl.col("gross").filter(reached).max()).collect()
    return nets.group_by(by).agg(lowest=pl.col("gross").filter(reached).max()).collect()


def _first_by(events: _Events, flag: str, value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Return *value* in the first event (by key) where *flag* holds."""
    holds = events.flag(flag)
    if isinstance(holds, pl.Expr):
        return value.min_by(pl.when(holds).then(pl.col("key")))
    return value.min_by("key") if holds else pl.lit(None, dtype)


def _last_by(events: _Events, flag: str, value: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """Return *value* in the last event (by key) where *flag* holds."""
    holds = events.flag(flag)
    if isinstance(holds, pl.Expr):
        return value.max_by(pl.when(holds).then(pl.col("key")))
    return value.max_by("key") if holds else pl.lit(None, dtype)


class _Groups(NamedTuple):
    """The per-(seller, party) aggregates judgements are made from, as a plan."""

    groups: pl.LazyFrame
    #: Aggregates that are another one (name: the other's name).
    repeats: dict[str, str]
    events: _Events
    #: The keyed sales within the cutoff.
    sales: pl.LazyFrame


def _judgement_groups(
    lazy: pl.LazyFrame, shape: Shape, *, as_of: datetime, policy: Policy
) -> _Groups:
    """Plan the aggregates of every (seller, party) of the sales in *lazy*, sorted.

    The local days of the first and last paid purchases, and the fact ids
    of the first and last paid, bought and named-in sales when the ids are
    a column, are aggregated with the rest: nothing is looked up afterwards.
    """
    keyed = _within(lazy.with_columns(key=_key(shape)), as_of)
    events = _events(shape, keyed, policy)
    extra: dict[str, pl.Expr] = {}
    if shape.currency is None:
        extra["currency"] = events.when("pay", pl.col("currency"), pl.String()).min()
    if policy.repeat_counting is RepeatCounting.PERIODS:
        period = _period_index(policy.repeat_period, pl.col("day"))
        extra["periods"] = events.when("pay", period, pl.Int64()).drop_nulls().n_unique()
    extra["first_day"] = _first_by(events, "pay", pl.col("day"), pl.Date())
    extra["last_day"] = _last_by(events, "pay", pl.col("day"), pl.Date())
    if "id" in shape.columns:
        fact = pl.col("id")
        extra["first_id"] = _first_by(events, "pay", fact, pl.String())
        extra["last_id"] = _last_by(events, "pay", fact, pl.String())
        extra["bought_id"] = _first_by(events, "buy", fact, pl.String())
        extra["mention_id"] = fact.min_by("key")
    aggregates, repeats = _aggregates(events, extra)
    # Sorted within the plan, while narrow: the rows come out in the parties' order.
    groups = events.frame.group_by(shape.keys()).agg(aggregates).sort(shape.keys())
    return _Groups(groups, repeats, events, keyed)


def judge_sales(sales: Sales, *, as_of: datetime, policy: Policy) -> pl.DataFrame:
    """Return every (seller, party)'s judgement, as :func:`~clientele.judge_summaries` would.

    The columns are :data:`JUDGEMENT_SCHEMA`'s. Sales are purchases only: no
    contract, visit, assignment or refund, so the environment is never a
    contract and the rules that rest on those facts never apply.
    """
    check_as_of(as_of)
    planned = _judgement_groups(sales.frame.lazy(), sales.shape, as_of=as_of, policy=policy)
    _currency_checks(sales.shape, planned.events, _unpaid(sales.shape, planned.sales, policy))
    groups = planned.groups.collect()
    scale = sales.frame.schema["amount"].scale  # type: ignore[attr-defined]
    return _judged(sales.shape, groups, planned.repeats, as_of=as_of, policy=policy, scale=scale)


def judge_plan(
    frame: FrameLike, reading: Reading, *, as_of: datetime, policy: Policy
) -> tuple[pl.DataFrame, int]:
    """Judge the sales of *frame* in one streaming pass, checking them as it goes.

    Returns the judgements of :func:`judge_sales` and the number of rows
    read. The input is read once, never held whole in memory. When a check
    fails, when amounts need more than 18 decimal places, or when there is
    a currency column (the fold's error for a party paying in two currencies
    depends on the order of the rows), the frame is read into memory
    instead, by :func:`read_sales`, which names the bad cells.
    """
    check_as_of(as_of)
    source, columns, checks, shape, scale = _plan(frame, reading)
    if "currency" in shape.columns:
        whole = read_sales(frame, reading)
        return judge_sales(whole, as_of=as_of, policy=policy), whole.frame.height
    bad = pl.any_horizontal(check.bad for check in checks)
    verdict = [pl.col("_bad").any().alias("bad"), pl.len().alias("rows")]
    extra = {"_bad": bad}
    if scale is None:
        text = columns["amount"]
        fraction = text.str.split_exact(".", 1).struct.field("field_1").str.len_chars()
        extra["_scale"] = fraction.fill_null(0)
        # Exact for up to 18 decimal places, which the verdict checks.
        columns = {**columns, "amount": text.cast(pl.Decimal(38, _MOST_PLACES), strict=False)}
        verdict.append(pl.col("_scale").max().alias("scale"))
    else:
        columns = {**columns, "amount": columns["amount"].cast(pl.Decimal(38, scale))}
    if "id" in shape.columns:
        verdict.append((pl.col("id").n_unique() == pl.len()).alias("unique"))
    sales = source.select(**columns, **extra)
    planned = _judgement_groups(sales, shape, as_of=as_of, policy=policy)
    try:
        groups, found = pl.collect_all([planned.groups, sales.select(verdict)], engine="streaming")
    except pl.exceptions.PolarsError:  # an overflow, or bytes that are not text: read it whole
        found = None
    if (
        found is None
        or found.item(0, "bad")
        or not found.row(0, named=True).get("unique", True)
        or (scale is None and (found.item(0, "scale") or 0) > _MOST_PLACES)
    ):
        read = read_sales(frame, reading)  # raises, naming the bad cells, if any
        return judge_sales(read, as_of=as_of, policy=policy), read.frame.height
    if scale is None:
        scale = found.item(0, "scale") or 0
    judged = _judged(shape, groups, planned.repeats, as_of=as_of, policy=policy, scale=scale)
    return judged, found.item(0, "rows")


#: The most decimal places the streaming path reads amounts with.
_MOST_PLACES: Final = 18


def _judged(
    shape: Shape,
    groups: pl.DataFrame,
    repeats: dict[str, str],
    *,
    as_of: datetime,
    policy: Policy,
    scale: int,
) -> pl.DataFrame:
    """Return the judgements of every group of *groups* (see :func:`_judgement_groups`)."""
    _seller_currencies(groups, shape, policy)
    table = groups.with_columns(pl.col("gross").cast(pl.Decimal(38, scale)), *_repeated(repeats))
    if "id" not in shape.columns:
        table = table.with_columns(_numbered_ids(shape, repeats))
    rule = policy.value_rule
    if isinstance(rule, RevenueShare):
        lowest = _lowest_high(table, shape, rule)
        if shape.seller is None:
            table = table.join(lowest, on="seller", how="left")
        else:
            table = table.with_columns(lowest=pl.lit(lowest.item() if lowest.height else None))
    # The facts cited most often are computed once, before the rules cite them.
    table = table.with_columns(
        paid_ids=_sorted_ids(pl.col("first_id"), pl.col("last_id"), _separator(table)),
        first_ids=_one_id(pl.col("first_id")),
        last_ids=_one_id(pl.col("last_id")),
    )
    return table.select(_judgement_columns(shape, as_of, policy))


def _numbered_ids(shape: Shape, repeats: dict[str, str]) -> list[pl.Expr]:
    """Return the fact ids of the witnesses a judgement cites, for rows named by number."""
    named = {"first_paid": "first_id", "last_paid": "last_id", "bought": "bought_id"}
    named["mention"] = "mention_id"
    ids: dict[str, pl.Expr] = {}
    for name, to in named.items():
        source = repeats.get(name, name)
        fact = ids.get(source)
        if fact is None:
            number = (_row_of(shape, pl.col(source)) + shape.reading.first).cast(pl.String)
            fact = ids[source] = pl.concat_str(pl.lit(shape.reading.prefix), number)
        ids[name] = fact.alias(to)
    return [ids[name] for name in named]


def _separator(table: pl.DataFrame) -> str | None:
    """Return a character no fact id of *table* holds, to split lists of ids by."""
    found = table.select(
        pl.any_horizontal(
            pl.col(c).str.contains(_SEPARATOR, literal=True).any() for c in ("first_id", "last_id")
        )
    ).item()
    return None if found else _SEPARATOR


#: Splits lists of fact ids built as text, when no id holds it.
_SEPARATOR: Final = "\x1f"


def _judgement_columns(shape: Shape, as_of: datetime, policy: Policy) -> list[pl.Expr]:
    paid = pl.col("paid") > 0
    first_at = _instant_of(shape, pl.col("first_paid"))
    last_at = _instant_of(shape, pl.col("last_paid"))
    # A party who never paid has no paid ids: empty, as the facts of "never paid".
    paid_ids = pl.col("paid_ids")
    no_facts = pl.lit([], dtype=pl.List(pl.String))
    now = _micros(as_of)
    count = (
        pl.col("periods") if policy.repeat_counting is RepeatCounting.PERIODS else pl.col("paid")
    )

    tenure = _decide(
        (~paid, Tenure.NONE, Rule.NEVER_PAID, paid_ids),
        (count == 1, Tenure.ONE_TIME, Rule.PAID_ONCE, paid_ids),
        (
            (count >= policy.long_term_count)
            & (last_at - first_at >= _window_micros(policy.long_term_span)),
            Tenure.LONG_TERM,
            Rule.PAID_LONG,
            paid_ids,
        ),
        otherwise=(Tenure.REPEAT, Rule.PAID_AGAIN, paid_ids),
    )
    window = policy.new_window
    if isinstance(window, CalendarPeriod):
        is_new = _period_index(window, pl.col("first_day")) == window.index(as_of.date())
    else:
        is_new = now - first_at < _window_micros(window)
    quiet = now - last_at
    stage = _decide(
        (~paid, Stage.PROSPECT, Rule.NOT_ENGAGED, no_facts),
        (is_new, Stage.NEW, Rule.FIRST_ENGAGED, pl.col("first_ids")),
        (
            quiet < _window_micros(policy.activity_window),
            Stage.ACTIVE,
            Rule.RECENT_ACTIVITY,
            pl.col("last_ids"),
        ),
        (
            quiet < _window_micros(policy.churn_window),
            Stage.INACTIVE,
            Rule.QUIET,
            pl.col("last_ids"),
        ),
        otherwise=(Stage.CHURNED, Rule.LAPSED, pl.col("last_ids")),
        facts=pl.when(paid & ~is_new).then(pl.col("last_ids")).otherwise(pl.col("first_ids")),
    )
    lost = stage.value == Stage.CHURNED.value
    engaged = paid & ~lost if policy.client_rule is ClientRule.ENGAGEMENT else pl.lit(value=False)
    long_term = (tenure.value == Tenure.LONG_TERM.value) & ~lost
    # Sales hold no visits: the policy's visit rule never applies.
    standing = _decide(
        (engaged, Standing.CLIENT, Rule.ENGAGED_CLIENT, paid_ids),
        (long_term, Standing.CLIENT, Rule.LONG_TERM_CLIENT, paid_ids),
        (paid, Standing.CUSTOMER, Rule.PAID, paid_ids),
        (
            pl.col("bought").is_not_null(),
            Standing.VISITOR,
            Rule.INTERACTED,
            _one_id(pl.col("bought_id")),
        ),
        otherwise=(Standing.NONE, Rule.THROUGH_OTHERS, _one_id(pl.col("mention_id"))),
        facts=pl.when(paid)
        .then(paid_ids)
        .otherwise(_one_id(pl.coalesce(pl.col("bought_id"), pl.col("mention_id")))),
    )
    rule = policy.value_rule
    if isinstance(rule, ValueThreshold):
        tier = _decide(
            (
                paid & (pl.col("gross") >= rule.minimum.amount),
                ValueTier.HIGH,
                Rule.ABOVE_THRESHOLD,
                paid_ids,
            ),
            otherwise=(ValueTier.LOW, Rule.BELOW_THRESHOLD, paid_ids),
        )
    else:
        high = (
            pl.col("lowest").is_not_null()
            & (pl.col("gross") > 0)
            & (pl.col("gross") >= pl.col("lowest"))
        )
        tier = _decide(
            (high, ValueTier.HIGH, Rule.TOP_SHARE, paid_ids),
            otherwise=(ValueTier.LOW, Rule.BELOW_SHARE, paid_ids),
        )
    period = policy.account_period
    later = _period_index(period, pl.col("last_day")) > _period_index(period, pl.col("first_day"))
    account = _decide(
        (~paid, AccountView.NONE, Rule.NO_ACCOUNT, paid_ids),
        (later, AccountView.ACCOUNT, Rule.LATER_PERIOD, paid_ids),
        otherwise=(AccountView.NEW_BUSINESS, Rule.FIRST_PERIOD, paid_ids),
    )
    environment = _Decision(
        _literal(Environment.NON_CONTRACT), _literal(Rule.NO_CONTRACT), no_facts
    )
    roles = pl.concat_list(
        pl.when(pl.col("bought").is_not_null()).then(pl.lit(Role.BUYER.value)),
        pl.when(paid).then(pl.lit(Role.PAYER.value)),
        pl.when(pl.col("used").is_not_null()).then(pl.lit(Role.USER.value)),
    ).list.drop_nulls()
    currency = pl.col("currency") if shape.currency is None else pl.lit(shape.currency)
    decisions = {
        "standing": standing,
        "tenure": tenure,
        "environment": environment,
        "stage": stage,
        "tier": tier,
        "account": account,
    }
    return [
        (pl.col("seller") if shape.seller is None else pl.lit(shape.seller)).alias("seller"),
        pl.col("party"),
        *(d.value.alias(f) for f, d in decisions.items()),
        roles.alias("roles"),
        pl.when(paid).then(pl.col("gross")).alias("revenue"),
        pl.when(paid).then(currency).alias("currency"),
        *(
            expr
            for f, d in decisions.items()
            for expr in (
                d.rule.alias(f"{f}_rule"),
                d.facts.alias(f"{f}_facts"),
            )
        ),
    ]


# -- RFM ------------------------------------------------------------------------------------------


def rfm_sales(
    sales: Sales, *, end: date, period: CalendarPeriod, zone: tzinfo, policy: Policy
) -> pl.DataFrame:
    """Return what :func:`~clientele.rfm` returns, for every seller of *sales*.

    The columns are ``seller``, ``party``, ``frequency``, ``recency``, ``T``
    and ``monetary_value``, one row per party who paid, sorted.
    """
    if period not in RFM_PERIODS.values():
        raise InvalidValueError("period", "a day, a week or a month", period)
    keys = sales.keys()
    cutoff = observation_cutoff(end, period, zone)
    lazy = _within(sales.frame.lazy(), cutoff)
    events = _events(sales.shape, lazy, policy)
    _currency_checks(sales.shape, events, _unpaid(sales.shape, lazy, policy))
    pays = events.paid()
    index = pl.col("index")
    totals = pays.group_by([*keys, _period_index(period, pl.col("day")).alias("index")]).agg(
        total=pl.col("amount").sum()
    )
    found = (
        totals.group_by(keys)
        .agg(
            frequency=pl.len().cast(pl.Int64) - 1,
            first=index.min(),
            recency=index.max() - index.min(),
            rest=pl.col("total").sum() - pl.col("total").filter(index == index.min()).sum(),
        )
        .select(
            (pl.col("seller") if sales.seller is None else pl.lit(sales.seller)).alias("seller"),
            "party",
            "frequency",
            "recency",
            (period.index(end) - pl.col("first")).alias("T"),
            "rest",
        )
        .sort("seller", "party")
        .collect()
    )
    means = [
        rest / frequency if frequency else Decimal(0)
        for rest, frequency in zip(
            found.get_column("rest").to_list(),
            found.get_column("frequency").to_list(),
            strict=True,
        )
    ]
    return found.drop("rest").with_columns(_decimals(means, "monetary_value"))


def _decimals(values: list[Decimal | None], name: str) -> pl.Series:
    """Return *values* as a decimal column that holds each exactly (rounded past 38 digits).

    The scale is that of the most precise value, as far as 38 digits allow.
    """
    known = [v for v in values if v]
    places = max((-int(v.as_tuple().exponent) for v in known), default=0)
    whole = max((v.adjusted() + 1 for v in known), default=1)
    places = max(0, min(places, 38 - max(whole, 1)))
    quantum = Decimal(1).scaleb(-places)
    exact = [None if v is None else v.quantize(quantum, context=_WIDE) for v in values]
    column = pl.Series(name, exact, dtype=pl.Decimal(38, places))
    if column.null_count() != exact.count(None):  # pragma: no cover - polars' own limit
        raise ColumnarFallbackError(f"{name} does not fit a decimal column")
    return column


#: Room for any decimal column's values: 38 digits.
_WIDE: Final = Context(prec=38)


# -- Purchases ------------------------------------------------------------------------------------


def sales_purchases(sales: Sales, *, batch: int = 10_000) -> Iterator[Purchase]:
    """Yield the purchase of every row of *sales*, in order.

    Times come back as dates, or as datetimes at the fixed UTC offset they
    had: a datetime in a named zone compares by wall clock with others of
    that zone, and never equals one of another zone in a repeated hour
    (PEP 495), so a fixed offset is what keeps every time exact.
    """
    fixed: dict[int, tzinfo] = {}
    columns = sales.columns
    for part in sales.frame.iter_slices(batch):
        facts = part.select(*_id_column(sales.shape)).get_column("fact").to_list()
        for fact, row in zip(facts, part.iter_rows(named=True), strict=True):
            at: date | datetime = row["day"]
            if not row["is_date"]:
                offset = row["offset"]
                zone = fixed.get(offset)
                if zone is None:
                    zone = fixed[offset] = timezone(timedelta(seconds=offset))
                wall = _EPOCH + timedelta(microseconds=row["instant"] + offset * _MICROS)
                at = wall.replace(tzinfo=zone)
            user = row["user"] if "user" in columns else None
            yield Purchase(
                id=fact,
                seller=sales.seller or row["seller"],
                at=at,
                amount=Money(row["amount"], sales.currency or row["currency"]),
                buyer=row["buyer"],
                payer=row["payer"] if "payer" in columns else None,
                users=None if user is None else (user,),
            )


# -- Judgements made in Python, as a frame --------------------------------------------------------


def judgements_frame(judgements: Population | Iterator[Judgement] | Any) -> pl.DataFrame:
    """Return *judgements* as rows with the columns of :func:`judge_sales`.

    The revenue column has the scale of the most precise revenue.
    """
    rows = list(judgements)
    for judgement in rows:
        if not isinstance(judgement, Judgement):
            raise InvalidValueError(
                "judgements", "a Population or an iterable of Judgement", judgement
            )
    data: dict[str, list[Any]] = {name: [] for name in JUDGEMENT_SCHEMA}
    for j in rows:
        data["seller"].append(j.seller)
        data["party"].append(j.party)
        for field in _FIELDS:
            reason = j.reason(field)
            data[field].append(getattr(j, field).value)
            data[f"{field}_rule"].append(reason.rule.value)
            data[f"{field}_facts"].append(list(reason.facts))
        data["roles"].append([role.value for role in Role if role in j.roles])
        data["revenue"].append(None if j.revenue is None else j.revenue.amount)
        data["currency"].append(None if j.revenue is None else j.revenue.currency)
    revenue = _decimals(data.pop("revenue"), "revenue")
    frame = pl.DataFrame(data, schema={k: v for k, v in JUDGEMENT_SCHEMA.items() if k in data})
    return frame.insert_column(list(JUDGEMENT_SCHEMA).index("revenue"), revenue)


# -- CSV exports, for the command line ------------------------------------------------------------


def _csv_reading(mapping: CsvMapping) -> Reading:
    return Reading(mapping=mapping, prefix="line-", first=2, csv=True)


def _csv_plan(path: str | Path, mapping: CsvMapping) -> tuple[pl.LazyFrame, int]:
    """Return the export at *path* as a lazy frame of text, and how many lines it has.

    Raises :class:`ColumnarFallbackError` for anything the Python reader
    would read differently, or report as an error: blank lines or line
    breaks inside quotes (which change line numbers), ragged rows, a header
    polars reads otherwise, repeated header names...
    """
    import csv

    try:
        with open(path, "rb") as file:
            first = file.readline().decode("utf-8").removeprefix("\ufeff")
        header = next(csv.reader([first], delimiter=mapping.delimiter, strict=True))
    except (OSError, UnicodeDecodeError, csv.Error, StopIteration) as exc:
        raise ColumnarFallbackError(f"cannot read the header line ({exc})") from exc
    if len(set(header)) != len(header):
        raise ColumnarFallbackError("the header repeats a column name")
    lazy = pl.scan_csv(
        path,
        separator=mapping.delimiter,
        infer_schema=False,
        empty_string_is_null=False,
        quote_char='"',
    )
    try:
        names = lazy.collect_schema().names()
    except pl.exceptions.PolarsError as exc:
        raise ColumnarFallbackError(str(exc)) from exc
    if names != header:
        raise ColumnarFallbackError(f"polars reads the header as {names}, not {header}")
    return lazy, _check_lines(path, mapping.delimiter, len(header))


def _same_rows(lines: int, rows: int) -> None:
    if lines != rows + 1:  # pragma: no cover - a defect: every line is one row
        raise ColumnarFallbackError(f"{lines} lines hold {rows} rows")


def read_csv_sales(path: str | Path, mapping: CsvMapping) -> Sales:
    """Read a CSV export with polars, exactly as :func:`~clientele.read_csv` reads it.

    Raises :class:`ColumnarFallbackError` for anything the Python reader
    would read differently, or report as an error (see :func:`_csv_plan`):
    the caller then reads the file with the Python path, which names the
    line, column and value.
    """
    lazy, lines = _csv_plan(path, mapping)
    sales = read_sales(lazy, _csv_reading(mapping))
    _same_rows(lines, sales.frame.height)
    return sales


def _check_lines(path: str | Path, delimiter: str, width: int) -> int:
    """Make sure every line is one row of *width* fields, and return how many lines there are.

    Then line numbers are row numbers: no blank line, no line break inside
    quotes, no ragged row (polars pads a short row; Python refuses it).
    """
    separator = re.escape(delimiter)
    quoted = '"(?:[^"]|"")*"'
    plain = f'[^"{separator}\\r\\n]*'
    field = f"(?:{quoted}|{plain})"
    exact = f"^{field}(?:{separator}{field}){{{width - 1}}}$"
    line = pl.col("line")
    ragged = (
        pl.when(line.str.contains('"', literal=True))
        .then(~line.str.contains(exact))
        .otherwise(line.str.count_matches(delimiter, literal=True) != width - 1)
    )
    odd = ragged | line.str.contains("\r", literal=True) | line.str.contains("\x00", literal=True)
    try:
        found = (
            pl.scan_lines(path).select(lines=pl.len(), odd=odd.any()).collect(engine="streaming")
        )
    except pl.exceptions.PolarsError as exc:  # bytes that are not UTF-8, for one
        raise ColumnarFallbackError(str(exc)) from exc
    lines, odd = found.row(0)
    if odd:
        raise ColumnarFallbackError(
            "a line is not one row of the header's width (a blank line, a ragged row, "
            "a line break inside quotes, or a lone carriage return)"
        )
    return int(lines)


def scan_csv_polars(
    path: str | Path,
    mapping: CsvMapping,
    *,
    cutoff: datetime | None = None,
    policy: Policy = DEFAULT,
) -> LedgerSummary:
    """Return :func:`~clientele.summarize_csv` of the export at *path*, computed by polars.

    Raises :class:`ColumnarFallbackError` when the file must be read by the
    Python path instead (see :func:`read_csv_sales`).
    """
    return summarize_sales(read_csv_sales(path, mapping), cutoff=cutoff, policy=policy)


def judge_csv_polars(
    path: str | Path, mapping: CsvMapping, *, as_of: datetime, policy: Policy = DEFAULT
) -> pl.DataFrame:
    """Return the judgements of every (seller, party) of the export at *path*.

    The columns are those of :func:`judge_sales`.

    The file is streamed: read once (and its lines once more, to check
    them), never held whole in memory. Raises :class:`ColumnarFallbackError`
    when it must be read by the Python path instead.
    """
    lazy, lines = _csv_plan(path, mapping)
    judged, rows = judge_plan(lazy, _csv_reading(mapping), as_of=as_of, policy=policy)
    _same_rows(lines, rows)
    return judged


def last_instant_csv_polars(path: str | Path, mapping: CsvMapping) -> datetime | None:
    """Return the latest instant of the export at *path*, on its own clock (``None``: no rows).

    What :attr:`LedgerSummary.last_instant <clientele.LedgerSummary.last_instant>`
    of a summary without cutoff says, in one streaming pass; for the command
    line's default ``--as-of``. Cells are not checked here: the judging pass
    that follows checks them. Raises :class:`ColumnarFallbackError` when the
    file must be read by the Python path.
    """
    lazy, _ = _csv_plan(path, mapping)
    source, columns, _, _, _ = _plan(lazy, _csv_reading(mapping))
    try:
        found = (
            source.select(instant=columns["instant"], offset=columns["offset"])
            .select(pl.col("instant").max(), pl.col("offset").max_by("instant"))
            .collect(engine="streaming")
        )
    except pl.exceptions.PolarsError as exc:  # pragma: no cover - _csv_plan read every line
        raise ColumnarFallbackError(str(exc)) from exc
    instant, offset = found.row(0)
    if instant is None:
        return None
    zone = UTC if not offset else timezone(timedelta(seconds=offset))
    return (_EPOCH + timedelta(microseconds=instant + offset * _MICROS)).replace(tzinfo=zone)
