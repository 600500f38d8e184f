"""The columnar engine: summaries, judgements and RFM of whole frames, computed by polars.

The pure-Python fold (:func:`~clientele.summarize`) handles one fact at a
time; this module computes the same results with group-bys over whole
columns. A frame is read once into *sales*: one row per purchase, with the
columns every computation needs (the buyer, the payer, the instant, the
local day, the amount...), every cell checked as strictly as a
:class:`~clientele.Purchase` checks its fields. From the sales:

* :func:`summarize_sales` aggregates per (seller, party) in polars and builds
  the :class:`~clientele.PartySummary` objects in one Python pass;
* :func:`judge_sales` computes every judgement with polars expressions, no
  Python object per party;
* :func:`rfm_sales` computes ``lifetimes``' RFM.

Witnesses ("the first paid purchase") are ordered by instant, then fact id,
as :class:`~clientele.Witness` orders them: each row gets one 128-bit key
``(instant, rank of its fact id, row)``, so that the first and last witness
of a group are a plain ``min`` and ``max`` of the key.

Only :mod:`clientele.frames` and the command line import this module:
polars is an optional extra, and ``import clientele`` never needs it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
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
from ._summary import LedgerSummary, PartySummary, RoleSeen, Witness

__all__ = [
    "JUDGEMENT_SCHEMA",
    "ColumnarFallbackError",
    "FrameLike",
    "Reading",
    "judge_csv_polars",
    "judge_sales",
    "judgements_frame",
    "last_instant_csv_polars",
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


# -- Reading a frame into sales -----------------------------------------------------------


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
    checks.append(_Check(name, f"a time that exists in {zone}", wall.is_not_null() & aware.is_null()))
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
    zone_minutes = pl.when(zulu.str.len_chars() > 3).then(  # noqa: PLR2004 - "+05" has no minutes
        zulu.str.slice(-2).cast(pl.Int64, strict=False)
    )
    zone_minutes = zone_minutes.otherwise(0)
    sign = pl.when(zulu.str.starts_with("-")).then(-1).otherwise(1)
    offset = pl.when(zulu == "Z").then(0).otherwise(sign * (zone_hours * 3600 + zone_minutes * 60))
    is_date = text.str.len_chars() == 10  # noqa: PLR2004 - as the CSV reader decides
    valid = (
        day.is_not_null()
        & (day >= date(1, 1, 1))
        & (is_date == hour.is_null())
        & (is_date | ((hour <= 23) & (minute <= 59) & (second <= 59)))  # noqa: PLR2004
        & (zulu.is_null() | (zulu == "Z") | ((zone_hours <= 23) & (zone_minutes <= 59)))  # noqa: PLR2004
    )
    checks = [_Check(name, "a time like 'ISO 8601'", text.is_null() | ~valid.fill_null(value=False))]
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
    reading: Reading
    #: The seller of every row, when not a column.
    seller: PartyId | None
    #: The currency of every row, when not a column.
    currency: str | None

    @property
    def columns(self) -> frozenset[str]:
        """The optional columns the sales have."""
        return frozenset(self.frame.columns)

    def keys(self) -> list[str]:
        """The columns a (seller, party) group is keyed by: ``party``, and ``seller`` if a column."""
        return ["party"] if self.seller is not None else ["seller", "party"]


def read_sales(frame: FrameLike, reading: Reading) -> Sales:
    """Read *frame* into sales, refusing any cell a purchase would refuse.

    Raises :class:`~clientele.InvalidValueError` for a missing column or one
    of the wrong type, and :class:`~clientele.DecodeError` naming the
    column, the first bad row and its value for cells that cannot be read.
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
    exprs: dict[str, pl.Expr] = {"row": pl.int_range(pl.len(), dtype=pl.Int64)}
    checks: list[_Check] = []

    def ids(role: str, column: str, *, optional: bool) -> None:
        value = _text(column, role, schema[column], reading)
        if optional:
            if reading.csv:
                value = value.str.strip_chars(_SPACES)
                value = pl.when(value != "").then(value)
            else:
                checks.append(
                    _Check(column, _ID_EXPECTED, value.is_not_null() & _bad_id(value))
                )
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
        currency = _text(mapping.currency_column, "currency_column", schema[mapping.currency_column], reading)
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
    flags = [f"_bad_{n}" for n in range(len(checks))]
    try:
        sales = lazy.select(
            **exprs, **{flag: check.bad for flag, check in zip(flags, checks, strict=True)}
        ).collect()
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
    return Sales(frame=sales, reading=reading, seller=mapping.seller, currency=mapping.currency)


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


# -- Keys and events ------------------------------------------------------------------------


def _lexical(number: pl.Expr) -> pl.Expr:
    """Return integers that sort as the decimal texts of *number* do (``"10"`` before ``"9"``)."""
    digits = pl.sum_horizontal([(number >= 10**n).cast(pl.Int64) for n in range(1, 13)]) + 1
    widened = number * digits.replace_strict(
        {n: 10 ** (13 - n) for n in range(1, 14)}, return_dtype=pl.Int64
    )
    return widened * 16 + digits


def _keyed(sales: Sales) -> pl.LazyFrame:
    """Return the sales with ``key``: ordered as witnesses are, by instant then fact id."""
    if "id" in sales.columns:
        order = pl.col("id")
    else:
        order = _lexical(pl.col("row") + sales.reading.first)
    tie = order.rank("dense").cast(pl.Int128)
    key = (
        (pl.col("instant").cast(pl.Int128) + _OFFSET) * _HIGH
        + tie * _LOW
        + pl.col("row").cast(pl.Int128)
    )
    return sales.frame.lazy().with_columns(key=key)


def _row_of(key: pl.Expr) -> pl.Expr:
    return (key % _LOW).cast(pl.Int64)


def _instant_of(key: pl.Expr) -> pl.Expr:
    return (key // _HIGH - _OFFSET).cast(pl.Int64)


def _events(sales: Sales, lazy: pl.LazyFrame, policy: Policy) -> pl.LazyFrame:
    """Return one row per (sale, party named in it): what the party did in that sale.

    As :meth:`clientele._summary._Folder.sale` folds a sale: the payer (the
    buyer, if not recorded and the policy assumes so) paid; the buyer
    bought; the user (the buyer, if not recorded and the policy assumes
    so) used. A party in several roles of one sale is one event.
    """
    columns = sales.columns
    payer = pl.col("payer") if "payer" in columns else pl.lit(None, pl.String)
    if policy.unknown_payer is Assumption.BUYER:
        paid_by = payer.fill_null(pl.col("buyer"))
        assumed = payer.is_null()
    else:
        paid_by, assumed = payer, pl.lit(value=False)
    user = pl.col("user") if "user" in columns else pl.lit(None, pl.String)
    used_by = user.fill_null(pl.col("buyer")) if policy.unknown_users is Assumption.BUYER else user
    keep = [c for c in ("seller", "currency") if c in columns]
    common = [*keep, "key", "day", "amount"]
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
    if "user" in columns or policy.unknown_users is Assumption.BUYER:
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
    return pl.concat(parts, how="vertical")


def _unpaid(sales: Sales, lazy: pl.LazyFrame, policy: Policy) -> pl.LazyFrame:
    """Return the sales no party paid for: counted per seller as unattributed."""
    if policy.unknown_payer is Assumption.BUYER:
        return lazy.filter(pl.lit(value=False))
    if "payer" not in sales.columns:
        return lazy
    return lazy.filter(pl.col("payer").is_null())


def _within(lazy: pl.LazyFrame, cutoff: datetime | None) -> pl.LazyFrame:
    if cutoff is None:
        return lazy
    return lazy.filter(pl.col("instant") <= _micros(cutoff))


def _micros(instant: datetime) -> int:
    return (instant - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)


def _currency_checks(sales: Sales, events: pl.LazyFrame, unpaid: pl.LazyFrame) -> None:
    """Raise, as the fold would at the first such sale, if one party pays in two currencies."""
    if "currency" not in sales.columns:
        return
    keys = sales.keys()
    tally = ["seller"] if sales.seller is None else []
    paid = pl.concat(
        [
            events.filter("pay").select(
                group=pl.concat_str([pl.lit("p"), *keys], separator="\x00"),
                currency="currency",
                row=_row_of(pl.col("key")),
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
        raise CurrencyMismatchError("add", clash.item(0, "first"), clash.item(0, "currency"))


# -- Summaries ---------------------------------------------------------------------------------


def _paid_days(pays: pl.LazyFrame, keys: list[str]) -> pl.LazyFrame:
    """Per group: the first day, the days with a payment, the first day, week and month totals."""
    ordinal = pl.col("day").cast(pl.Int64) + _EPOCH_ORDINAL
    days = pays.group_by([*keys, "day"]).agg(total=pl.col("amount").sum())
    first = pl.col("day").min().over(keys)
    days = days.with_columns(first=first)
    week = ((ordinal - 1) // 7, (pl.col("first").cast(pl.Int64) + _EPOCH_ORDINAL - 1) // 7)
    month = (_month(pl.col("day")), _month(pl.col("first")))
    return days.group_by(keys).agg(
        first_day=pl.col("first").first().cast(pl.Int64) + _EPOCH_ORDINAL,
        offsets=(pl.col("day") - pl.col("first")).dt.total_days(),
        first_day_total=pl.col("total").filter(pl.col("day") == pl.col("first")).sum(),
        first_week_total=pl.col("total").filter(week[0] == week[1]).sum(),
        first_month_total=pl.col("total").filter(month[0] == month[1]).sum(),
    )


def _month(day: pl.Expr) -> pl.Expr:
    return day.dt.year().cast(pl.Int64) * 12 + day.dt.month().cast(pl.Int64) - 1


def _paid_aggregates() -> list[pl.Expr]:
    pay = pl.col("pay")
    return [
        pay.sum().alias("paid"),
        pl.when(pay).then(pl.col("key")).min().alias("first_paid"),
        pl.when(pay).then(pl.col("key")).max().alias("last_paid"),
        pl.when(pay).then(pl.col("amount")).sum().alias("gross"),
    ]


def _witnesses(sales: Sales, rows: pl.Series) -> dict[int, Witness]:
    """Return the witness of every row in *rows*: its instant, on its own clock, and fact id."""
    wanted = rows.drop_nulls().unique()
    picked = sales.frame.select("instant", "offset", *_id_column(sales)).gather(wanted)
    zones: dict[int, tzinfo] = {}
    found: dict[int, Witness] = {}
    ids = picked.get_column("fact").to_list()
    for row, instant, offset, fact in zip(
        wanted.to_list(),
        picked.get_column("instant").to_list(),
        picked.get_column("offset").to_list(),
        ids,
        strict=True,
    ):
        zone = zones.get(offset)
        if zone is None:
            zone = zones[offset] = UTC if offset == 0 else timezone(timedelta(seconds=offset))
        local = _EPOCH + timedelta(microseconds=instant + offset * _MICROS)
        found[row] = Witness(local.replace(tzinfo=zone), fact)
    return found


def _id_column(sales: Sales) -> list[pl.Expr]:
    if "id" in sales.columns:
        return [pl.col("id").alias("fact")]
    number = pl.col("row") + sales.reading.first
    return [pl.format(f"{sales.reading.prefix}{{}}", number).alias("fact")]


def summarize_sales(
    sales: Sales, *, cutoff: datetime | None, policy: Policy
) -> LedgerSummary:
    """Return what :func:`~clientele.summarize` returns for the purchases of *sales*."""
    keys = sales.keys()
    lazy = _within(_keyed(sales), cutoff)
    events = _events(sales, lazy, policy)
    unpaid = _unpaid(sales, lazy, policy)
    _currency_checks(sales, events, unpaid)
    currency = [] if sales.currency is not None else [
        pl.when(pl.col("pay")).then(pl.col("currency")).min().alias("currency")
    ]
    groups = events.group_by(keys).agg(
        *_paid_aggregates(),
        *currency,
        pl.when(pl.col("buy")).then(pl.col("key")).min().alias("bought"),
        pl.when(pl.col("use")).then(pl.col("key")).min().alias("used"),
        pl.when(pl.col("assumed")).then(pl.col("key")).min().alias("assumed"),
        pl.col("key").min().alias("mention"),
    )
    pays = events.filter("pay").select(*keys, "day", "amount")
    groups = groups.join(_paid_days(pays, keys), on=keys, how="left", nulls_equal=True)
    tally_keys = ["seller"] if sales.seller is None else []
    unpaid_rows = unpaid.with_columns(pay=pl.lit(value=True), tally=pl.lit(""))
    tally_by = tally_keys or ["tally"]
    tallies = unpaid_rows.group_by(tally_by).agg(
        *_paid_aggregates(),
        *([] if sales.currency is not None else [pl.col("currency").min().alias("currency")]),
    )
    tallies = tallies.join(
        _paid_days(unpaid_rows.select(*tally_by, "day", "amount"), tally_by),
        on=tally_by,
        how="left",
    )
    last = lazy.select(pl.col("key").max().alias("last"))
    groups_df, tallies_df, last_df = pl.collect_all([groups, tallies, last])
    witness_columns = ("first_paid", "last_paid", "bought", "used", "assumed", "mention")
    rows = pl.concat(
        [
            *(groups_df.select(_row_of(pl.col(c)).alias("row")) for c in witness_columns),
            *(tallies_df.select(_row_of(pl.col(c)).alias("row")) for c in witness_columns[:2]),
            last_df.select(_row_of(pl.col("last")).alias("row")),
        ]
    ).get_column("row")
    witnesses = _witnesses(sales, rows)
    parties = {
        (sales.seller or values["seller"], values["party"]): _party_summary(
            values, witnesses, sales.currency
        )
        for values in groups_df.with_columns(
            _row_of(pl.col(c)) for c in witness_columns
        ).iter_rows(named=True)
    }
    unattributed = {
        sales.seller or values["seller"]: _party_summary(
            values, witnesses, sales.currency, tally=True
        )
        for values in tallies_df.with_columns(
            _row_of(pl.col(c)) for c in witness_columns[:2]
        ).iter_rows(named=True)
    }
    last_key = last_df.item()
    return LedgerSummary(
        cutoff=cutoff,
        parties=parties,
        unattributed=unattributed,
        last_instant=None if last_key is None else witnesses[last_key % _LOW].at,
    )


_NO_ROLES: Final[tuple[RoleSeen, ...]] = ()
_ZERO: Final = Decimal(0)


def _party_summary(
    values: Mapping[str, Any],
    witnesses: Mapping[int, Witness],
    currency: str | None,
    *,
    tally: bool = False,
) -> PartySummary:
    def seen(name: str) -> Witness | None:
        row = values.get(name)
        return None if row is None else witnesses[row]

    paid = values["paid"]
    bits = 0
    for offset in values["offsets"] or ():
        bits |= 1 << offset
    first_paid, bought, used = seen("first_paid"), seen("bought"), seen("used")
    roles = _NO_ROLES
    if not tally:
        roles = tuple(
            RoleSeen(role, witness)
            for role, witness in (
                (Role.BUYER, bought),
                (Role.PAYER, first_paid),
                (Role.USER, used),
            )
            if witness is not None
        )
    return PartySummary(
        paid=paid,
        first_paid=first_paid,
        last_paid=seen("last_paid"),
        currency=(values.get("currency") or currency) if paid else None,
        gross=values["gross"] if paid else _ZERO,
        first_day=values["first_day"] or 0,
        day_bits=bits,
        first_day_total=values["first_day_total"] if paid else _ZERO,
        first_week_total=values["first_week_total"] if paid else _ZERO,
        first_month_total=values["first_month_total"] if paid else _ZERO,
        interaction=bought,
        mention=seen("mention"),
        assumed_payment=seen("assumed"),
        roles=roles,
    )


# -- Judgements ---------------------------------------------------------------------------------


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


def _sorted_ids(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """Return the sorted, distinct ids of two witnesses (both given, or both missing)."""
    return (
        pl.when(a.is_null())
        .then(pl.lit([], dtype=pl.List(pl.String)))
        .when(a == b)
        .then(pl.concat_list(a))
        .when(a < b)
        .then(pl.concat_list(a, b))
        .otherwise(pl.concat_list(b, a))
    )


def _one_id(a: pl.Expr) -> pl.Expr:
    return pl.when(a.is_null()).then(pl.lit([], dtype=pl.List(pl.String))).otherwise(
        pl.concat_list(a)
    )


class _Decision(NamedTuple):
    """The value of one field, its rule and its facts, as expressions."""

    value: pl.Expr
    rule: pl.Expr
    facts: pl.Expr


def _decide(*branches: tuple[pl.Expr | None, Any, Rule, pl.Expr]) -> _Decision:
    """Chain ``(condition, value, rule, facts)`` branches; the last one's condition is ``None``."""
    value: Any = None
    rule: Any = None
    facts: Any = None
    for condition, member, applied, cited in branches:
        if condition is None:
            value = pl.lit(member.value) if value is None else value.otherwise(pl.lit(member.value))
            rule = pl.lit(applied.value) if rule is None else rule.otherwise(pl.lit(applied.value))
            facts = cited if facts is None else facts.otherwise(cited)
            break
        if value is None:
            value = pl.when(condition).then(pl.lit(member.value))
            rule = pl.when(condition).then(pl.lit(applied.value))
            facts = pl.when(condition).then(cited)
        else:
            value = value.when(condition).then(pl.lit(member.value))
            rule = rule.when(condition).then(pl.lit(applied.value))
            facts = facts.when(condition).then(cited)
    return _Decision(value, rule, facts)


def _gathered(sales: Sales, rows: pl.Series, name: str) -> pl.DataFrame:
    """Return the local day and fact id of each of *rows* (``None``: none), named after *name*."""
    picked = sales.frame.select("day", *_id_column(sales)).gather(rows)
    return picked.rename({"day": f"{name}_day", "fact": f"{name}_id"})


def _seller_currencies(groups: pl.DataFrame, sales: Sales, policy: Policy) -> None:
    """Raise as judging each seller's parties in turn would, for amounts that cannot be compared."""
    paid = groups.filter(pl.col("paid") > 0)
    if not paid.height:
        return
    if sales.currency is not None:
        by_seller = [(sales.seller or "", [sales.currency])]
    else:
        seller = pl.col("seller") if sales.seller is None else pl.lit(sales.seller)
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


def _lowest_high(groups: pl.DataFrame, sales: Sales, rule: RevenueShare) -> pl.DataFrame:
    """Per seller, the lowest net revenue of the high tier (as :func:`tier_cutoff` finds it)."""
    numerator, denominator = rule.share.as_integer_ratio()
    by = ["seller"] if sales.seller is None else []
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


def judge_sales(sales: Sales, *, as_of: datetime, policy: Policy) -> pl.DataFrame:
    """Return every (seller, party)'s judgement, as :func:`~clientele.judge_summaries` would.

    The columns are :data:`JUDGEMENT_SCHEMA`'s. Sales are purchases only: no
    contract, visit, assignment or refund, so the environment is never a
    contract and the rules that rest on those facts never apply.
    """
    check_as_of(as_of)
    keys = sales.keys()
    lazy = _within(_keyed(sales), as_of)
    events = _events(sales, lazy, policy)
    _currency_checks(sales, events, _unpaid(sales, lazy, policy))
    by_periods = policy.repeat_counting is RepeatCounting.PERIODS
    pay = pl.col("pay")
    aggregates = [
        *_paid_aggregates(),
        pl.when(pl.col("buy")).then(pl.col("key")).min().alias("bought"),
        pl.when(pl.col("use")).then(pl.col("key")).min().alias("used"),
        pl.col("key").min().alias("mention"),
    ]
    if sales.currency is None:
        aggregates.append(pl.when(pay).then(pl.col("currency")).min().alias("currency"))
    if by_periods:
        period = _period_index(policy.repeat_period, pl.col("day"))
        aggregates.append(pl.when(pay).then(period).drop_nulls().n_unique().alias("periods"))
    groups = events.group_by(keys).agg(aggregates).collect()
    _seller_currencies(groups, sales, policy)
    parts = [
        groups,
        _gathered(sales, groups.select(_row_of(pl.col("first_paid"))).to_series(), "first"),
        _gathered(sales, groups.select(_row_of(pl.col("last_paid"))).to_series(), "last"),
        _gathered(sales, groups.select(_row_of(pl.col("bought"))).to_series(), "bought")
        .select("bought_id"),
        _gathered(sales, groups.select(_row_of(pl.col("mention"))).to_series(), "mention")
        .select("mention_id"),
    ]
    table = pl.concat(parts, how="horizontal")
    rule = policy.value_rule
    if isinstance(rule, RevenueShare):
        lowest = _lowest_high(groups, sales, rule)
        if sales.seller is None:
            table = table.join(lowest, on="seller", how="left")
        else:
            table = table.with_columns(lowest=pl.lit(lowest.item() if lowest.height else None))
    return table.lazy().select(_judgement_columns(sales, as_of, policy)).sort(
        "seller", "party"
    ).collect()


def _judgement_columns(sales: Sales, as_of: datetime, policy: Policy) -> list[pl.Expr]:
    paid = pl.col("paid") > 0
    first_id, last_id = pl.col("first_id"), pl.col("last_id")
    first_at = _instant_of(pl.col("first_paid"))
    last_at = _instant_of(pl.col("last_paid"))
    paid_ids = _sorted_ids(first_id, last_id)
    no_facts = pl.lit([], dtype=pl.List(pl.String))
    now = _micros(as_of)
    count = pl.col("periods") if policy.repeat_counting is RepeatCounting.PERIODS else pl.col("paid")

    tenure = _decide(
        (~paid, Tenure.NONE, Rule.NEVER_PAID, no_facts),
        (count == 1, Tenure.ONE_TIME, Rule.PAID_ONCE, paid_ids),
        (
            (count >= policy.long_term_count)
            & (last_at - first_at >= _window_micros(policy.long_term_span)),
            Tenure.LONG_TERM,
            Rule.PAID_LONG,
            paid_ids,
        ),
        (None, Tenure.REPEAT, Rule.PAID_AGAIN, paid_ids),
    )
    window = policy.new_window
    if isinstance(window, CalendarPeriod):
        is_new = _period_index(window, pl.col("first_day")) == window.index(as_of.date())
    else:
        is_new = now - first_at < _window_micros(window)
    quiet = now - last_at
    stage = _decide(
        (~paid, Stage.PROSPECT, Rule.NOT_ENGAGED, no_facts),
        (is_new, Stage.NEW, Rule.FIRST_ENGAGED, _one_id(first_id)),
        (
            quiet < _window_micros(policy.activity_window),
            Stage.ACTIVE,
            Rule.RECENT_ACTIVITY,
            _one_id(last_id),
        ),
        (quiet < _window_micros(policy.churn_window), Stage.INACTIVE, Rule.QUIET, _one_id(last_id)),
        (None, Stage.CHURNED, Rule.LAPSED, _one_id(last_id)),
    )
    engaged = paid if policy.client_rule is ClientRule.ENGAGEMENT else pl.lit(value=False)
    long_term = (tenure.value == Tenure.LONG_TERM.value) & (stage.value != Stage.CHURNED.value)
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
        (None, Standing.NONE, Rule.THROUGH_OTHERS, _one_id(pl.col("mention_id"))),
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
            (None, ValueTier.LOW, Rule.BELOW_THRESHOLD, paid_ids),
        )
    else:
        high = (
            pl.col("lowest").is_not_null()
            & (pl.col("gross") > 0)
            & (pl.col("gross") >= pl.col("lowest"))
        )
        tier = _decide(
            (high, ValueTier.HIGH, Rule.TOP_SHARE, paid_ids),
            (None, ValueTier.LOW, Rule.BELOW_SHARE, paid_ids),
        )
    period = policy.account_period
    later = _period_index(period, pl.col("last_day")) > _period_index(period, pl.col("first_day"))
    account = _decide(
        (~paid, AccountView.NONE, Rule.NO_ACCOUNT, no_facts),
        (later, AccountView.ACCOUNT, Rule.LATER_PERIOD, paid_ids),
        (None, AccountView.NEW_BUSINESS, Rule.FIRST_PERIOD, paid_ids),
    )
    environment = _Decision(
        pl.lit(Environment.NON_CONTRACT.value),
        pl.lit(Rule.NO_CONTRACT.value),
        no_facts,
    )
    roles = pl.concat_list(
        pl.when(pl.col("bought").is_not_null()).then(pl.lit(Role.BUYER.value)),
        pl.when(paid).then(pl.lit(Role.PAYER.value)),
        pl.when(pl.col("used").is_not_null()).then(pl.lit(Role.USER.value)),
    ).list.drop_nulls()
    currency = pl.col("currency") if sales.currency is None else pl.lit(sales.currency)
    decisions = {
        "standing": standing,
        "tenure": tenure,
        "environment": environment,
        "stage": stage,
        "tier": tier,
        "account": account,
    }
    schema = JUDGEMENT_SCHEMA
    return [
        (pl.col("seller") if sales.seller is None else pl.lit(sales.seller)).alias("seller"),
        pl.col("party"),
        *(d.value.cast(schema[f]).alias(f) for f, d in decisions.items()),
        roles.alias("roles"),
        pl.when(paid).then(pl.col("gross")).alias("revenue"),
        pl.when(paid).then(currency).alias("currency"),
        *(
            expr
            for f, d in decisions.items()
            for expr in (
                d.rule.cast(schema[f"{f}_rule"]).alias(f"{f}_rule"),
                d.facts.alias(f"{f}_facts"),
            )
        ),
    ]


# -- RFM -------------------------------------------------------------------------------------------


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
    lazy = _within(sales.frame.lazy().with_columns(key=pl.lit(0, pl.Int128)), cutoff)
    pays = _events(sales, lazy, policy).filter("pay")
    _currency_checks(sales, _events(sales, lazy, policy), _unpaid(sales, lazy, policy))
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
            found.get_column("rest").to_list(), found.get_column("frequency").to_list(), strict=True
        )
    ]
    return found.drop("rest").with_columns(_decimals(means, "monetary_value"))


def _decimals(values: list[Decimal], name: str) -> pl.Series:
    """Return *values* as a decimal column that holds each exactly (rounded past 38 digits)."""
    places = max((-v.as_tuple().exponent for v in values if v), default=0)
    whole = max((v.adjusted() + 1 for v in values if v), default=1)
    places = max(0, min(int(places), 38 - max(whole, 1)))
    quantum = Decimal(1).scaleb(-places)
    return pl.Series(name, [v.quantize(quantum) for v in values], dtype=pl.Decimal(38, places))


# -- Purchases -------------------------------------------------------------------------------------


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
        facts = part.select(*_id_column(sales)).get_column("fact").to_list()
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


# -- Judgements made in Python, as a frame -----------------------------------------------------


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
    revenues = [r for r in data["revenue"] if r is not None]
    revenue = _decimals(revenues, "revenue")
    scale = revenue.dtype.scale  # type: ignore[attr-defined]
    schema = {**JUDGEMENT_SCHEMA, "revenue": pl.Decimal(38, scale)}
    quantum = Decimal(1).scaleb(-scale)
    data["revenue"] = [None if r is None else r.quantize(quantum) for r in data["revenue"]]
    return pl.DataFrame(data, schema=schema)


# -- CSV exports, for the command line ---------------------------------------------------------


def _csv_reading(mapping: CsvMapping) -> Reading:
    return Reading(mapping=mapping, prefix="line-", first=2, csv=True)


def read_csv_sales(path: str | Path, mapping: CsvMapping) -> Sales:
    """Read a CSV export with polars, exactly as :func:`~clientele.read_csv` reads it.

    Raises :class:`ColumnarFallbackError` for anything the Python reader
    would read differently, or report as an error: bad cells, ragged
    rows, blank lines or line breaks inside quotes (which change line
    numbers), invalid UTF-8, repeated header names... The caller then reads
    the file with the Python path, which names the line, column and value.
    """
    import csv  # noqa: PLC0415 - only to read the header line the way the Python reader does

    try:
        with open(path, encoding="utf-8-sig", newline="") as file:
            header = next(csv.reader([file.readline()], delimiter=mapping.delimiter, strict=True))
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
    lines = _check_lines(path, mapping.delimiter, len(header))
    sales = read_sales(lazy, _csv_reading(mapping))
    if lines != sales.frame.height + 1:  # pragma: no cover - a defect: every line is one row
        raise ColumnarFallbackError(f"{lines} lines hold {sales.frame.height} rows")
    return sales


def _check_lines(path: str | Path, delimiter: str, width: int) -> int:
    """Make sure every line is one row of *width* fields, and return how many lines there are.

    Then line numbers are row numbers: no blank line, no line break inside
    quotes, no ragged row (polars pads a short row; Python refuses it).
    """
    separator = re.escape(delimiter)
    quoted = f'"(?:[^"]|"")*"'
    plain = f'[^"{separator}\\r\\n]*'
    field = f"(?:{quoted}|{plain})"
    exact = f"^{field}(?:{separator}{field}){{{width - 1}}}$"
    line = pl.col("line")
    ragged = (
        pl.when(line.str.contains('"', literal=True))
        .then(~line.str.contains(exact))
        .otherwise(line.str.count_matches(delimiter, literal=True) != width - 1)
    )
    found = (
        pl.scan_lines(path)
        .select(
            lines=pl.len(),
            odd=(ragged | line.str.contains("\r", literal=True) | line.str.contains("\x00", literal=True)).any(),
        )
        .collect()
    )
    lines, odd = found.row(0)
    if odd:
        raise ColumnarFallbackError(
            "a line is not one row of the header's width (a blank line, a ragged row, "
            "a line break inside quotes, or a lone carriage return)"
        )
    return int(lines)


def scan_csv_polars(
    path: str | Path, mapping: CsvMapping, *, cutoff: datetime | None, policy: Policy
) -> LedgerSummary:
    """Return :func:`~clientele.summarize_csv` of the export at *path*, computed by polars.

    Raises :class:`ColumnarFallbackError` when the file must be read by the
    Python path instead (see :func:`read_csv_sales`).
    """
    return summarize_sales(read_csv_sales(path, mapping), cutoff=cutoff, policy=policy)


def judge_csv_polars(
    path: str | Path, mapping: CsvMapping, *, as_of: datetime, policy: Policy
) -> pl.DataFrame:
    """Return the judgements of every (seller, party) of the export at *path* (see :func:`judge_sales`)."""
    return judge_sales(read_csv_sales(path, mapping), as_of=as_of, policy=policy)


def last_instant(sales: Sales) -> datetime | None:
    """Return the latest instant of *sales* on its own clock (``None``: no sales)."""
    if not sales.frame.height:
        return None
    row = int(sales.frame.get_column("instant").arg_max() or 0)
    return _witnesses(sales, pl.Series([row])).get(row, Witness(_EPOCH, "")).at
