"""clientele on data frames: summaries, judgements and RFM of polars and pandas frames.

>>> import polars as pl
>>> from datetime import UTC, date, datetime
>>> from decimal import Decimal
>>> from clientele.frames import judge_frame
>>> sales = pl.DataFrame({
...     "party": ["p-ana", "p-ana", "p-bo"],
...     "time": [date(2024, 1, 5), date(2024, 3, 9), date(2024, 3, 10)],
...     "amount": [Decimal("12.50"), Decimal("8.00"), Decimal("3.20")],
... })
>>> verdicts = judge_frame(sales, seller="s-cafe", currency="EUR",
...                        as_of=datetime(2024, 3, 31, tzinfo=UTC))
>>> verdicts.select("party", "standing", "tenure", "stage").rows()
[('p-ana', 'customer', 'repeat', 'active'), ('p-bo', 'customer', 'one_time', 'new')]

Each row of a *transaction frame* is one purchase: the party in ``party``
bought it at ``time`` for ``amount``. Name the columns as your frame does
(``party="customer_id"``...). The seller and the currency are either the
same for every row (``seller="s-cafe"``, ``currency="EUR"``) or columns
(``seller_column=``, ``currency_column=``), exactly one of the two, as in a
:class:`~clientele.CsvMapping`. A ``payer`` column records who paid, where
it differs from the buyer (a null: not recorded, and the policy decides);
a ``user`` column who uses what was bought; an ``id`` column the fact ids
that reasons cite (without one, rows are ``row-0``, ``row-1``... by
position).

Cells are checked as strictly as a :class:`~clientele.Purchase` checks its
fields, and a bad cell raises :class:`~clientele.DecodeError` naming the
column, the row and the value:

* **ids** (party, seller, payer, user, id) are text or integers, non-empty,
  without surrounding spaces; fact ids are unique;
* **times** are a polars ``Date`` (a day), a ``Datetime`` with a time zone
  (an instant, on that zone's clock), a ``Datetime`` without one read in
  ``timezone``, or text: ISO 8601 (``2024-03-01``, ``2024-03-01T10:00+01:00``)
  or a ``time_format`` of ``%Y``, ``%m``, ``%d``, ``%H``, ``%M`` and ``%S``,
  written exactly as the format writes it. A local time that does not exist
  in ``timezone`` (when clocks go forward) is refused; an ambiguous one
  (clocks going back) is its first occurrence, as Python reads it;
* **amounts** are exact: a ``Decimal`` column, integers, or decimal text
  such as ``12.50``, above zero. Float columns are refused, because a float
  cannot hold 0.10: round and cast them yourself, e.g.
  ``pl.col("amount").round(2).cast(pl.Decimal(38, 2))``, if that is right
  for your data.

A pandas frame is read through ``polars.from_pandas`` (install the
``pandas`` extra). Results are polars frames; ``.to_pandas()`` turns them
into pandas ones.

Install with the ``polars`` extra (``pip install clientele[polars]``).

.. versionadded:: 0.2.0
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, tzinfo
from typing import Any, TypeAlias

try:
    import polars as pl
except ImportError as exc:  # pragma: no cover - exercised without the extra
    msg = (
        "clientele's columnar engine needs polars: "
        "install the 'polars' extra with `pip install clientele[polars]`"
    )
    raise ImportError(msg) from exc

from ._csv import CsvMapping
from ._errors import InvalidValueError
from ._facts import Purchase
from ._judgement import Judgement
from ._parties import PartyId
from ._periods import CalendarPeriod
from ._polars import (
    Reading,
    judge_plan,
    judgements_frame,
    read_sales,
    rfm_sales,
    sales_purchases,
    summarize_sales,
)
from ._policy import DEFAULT, Policy
from ._population import Population
from ._rules import check_as_of
from ._summary import LedgerSummary

__all__ = [
    "FrameLike",
    "judge_frame",
    "purchases_from_frame",
    "rfm_frame",
    "summarize_frame",
    "to_pandas",
    "to_polars",
]


#: What the functions below read: a polars ``DataFrame`` or ``LazyFrame``, or a
#: pandas ``DataFrame``. Type checkers accept anything here, since pandas ships
#: no type information; the type is checked when the frame is read.
FrameLike: TypeAlias = Any


def _reading(
    *,
    seller: PartyId | None,
    seller_column: str | None,
    party: str,
    time: str,
    amount: str,
    currency: str | None,
    currency_column: str | None,
    payer: str | None,
    user: str | None,
    id: str | None,
    time_format: str | None,
    timezone: str | None,
) -> Reading:
    mapping = CsvMapping(
        party=party,
        time=time,
        amount=amount,
        seller=seller,
        seller_column=seller_column,
        currency=currency,
        currency_column=currency_column,
        payer=payer,
        user=user,
        id=id,
        time_format=time_format,
        timezone=timezone,
    )
    return Reading(mapping=mapping)


def _policy(policy: object) -> Policy:
    if not isinstance(policy, Policy):
        raise InvalidValueError("policy", "a Policy, such as clientele.DEFAULT", policy)
    return policy


def summarize_frame(
    frame: FrameLike,
    *,
    seller: PartyId | None = None,
    seller_column: str | None = None,
    party: str = "party",
    time: str = "time",
    amount: str = "amount",
    currency: str | None = None,
    currency_column: str | None = None,
    payer: str | None = None,
    user: str | None = None,
    id: str | None = None,
    time_format: str | None = None,
    timezone: str | None = None,
    cutoff: datetime | None = None,
    policy: Policy = DEFAULT,
) -> LedgerSummary:
    """Fold a transaction frame into per-(seller, party) summaries, with polars.

    >>> import polars as pl
    >>> from datetime import date
    >>> sales = pl.DataFrame({"party": ["p-ana", "p-ana"],
    ...                       "time": [date(2024, 1, 5), date(2024, 3, 9)],
    ...                       "amount": ["12.50", "8"]})
    >>> summary = summarize_frame(sales, seller="s-cafe", currency="EUR")
    >>> ana = summary.parties[("s-cafe", "p-ana")]
    >>> ana.paid, ana.gross, ana.first_paid.fact
    (2, Decimal('20.50'), 'row-0')

    Equal to :func:`~clientele.summarize` of the frame's purchases (see
    :func:`purchases_from_frame`): the same counts, sums, witnesses, roles
    and unattributed sales, so :func:`~clientele.judge_summaries`, merging
    and RFM work on it as on any summary. Sums are exact, at the scale of
    the amount column (``12.5`` in a column with ``3.25`` is ``12.50``: the
    same value). Rows recorded after *cutoff* are left out. The columns
    are described in :mod:`clientele.frames`.

    .. versionadded:: 0.2.0
    """
    reading = _reading(
        seller=seller,
        seller_column=seller_column,
        party=party,
        time=time,
        amount=amount,
        currency=currency,
        currency_column=currency_column,
        payer=payer,
        user=user,
        id=id,
        time_format=time_format,
        timezone=timezone,
    )
    if cutoff is not None:
        check_as_of(cutoff, "cutoff")
    sales = read_sales(frame, reading)
    return summarize_sales(sales, cutoff=cutoff, policy=_policy(policy))


def judge_frame(
    frame: FrameLike,
    *,
    as_of: datetime,
    policy: Policy = DEFAULT,
    seller: PartyId | None = None,
    seller_column: str | None = None,
    party: str = "party",
    time: str = "time",
    amount: str = "amount",
    currency: str | None = None,
    currency_column: str | None = None,
    payer: str | None = None,
    user: str | None = None,
    id: str | None = None,
    time_format: str | None = None,
    timezone: str | None = None,
) -> pl.DataFrame:
    """Judge every (seller, party) of a transaction frame as of *as_of*, in polars.

    >>> import polars as pl
    >>> from datetime import UTC, date, datetime
    >>> sales = pl.DataFrame({"party": ["p-ana", "p-bo"], "payer": [None, "p-ana"],
    ...                       "time": [date(2024, 1, 5), date(2024, 3, 9)],
    ...                       "amount": [12, 8]})
    >>> verdicts = judge_frame(sales, seller="s-cafe", currency="EUR", payer="payer",
    ...                        as_of=datetime(2024, 3, 31, tzinfo=UTC))
    >>> verdicts.select("party", "standing", "roles", "standing_rule", "standing_facts").rows()
    [('p-ana', 'customer', ['buyer', 'payer'], 'standing.paid', ['row-0', 'row-1']),
     ('p-bo', 'visitor', ['buyer'], 'standing.interacted', ['row-1'])]

    One row per (seller, party), sorted, with what
    :func:`~clientele.judge_summaries` decides for the frame's purchases:
    ``standing``, ``tenure``, ``environment``, ``stage``, ``tier`` and
    ``account`` (enums of their values), ``roles`` (in
    :class:`~clientele.Role`'s order), ``revenue`` (a decimal, null for a
    party who never paid) and ``currency``; and for each field the rule
    that decided it (``standing_rule``...) and the facts it rests on
    (``standing_facts``...). A reason's words are not computed: judge the
    few parties you want to explain with :func:`summarize_frame` and
    :func:`~clientele.judge_summaries`.

    Every judgement is computed with polars expressions over whole columns,
    with no Python object per party, so it scales to millions of parties.
    Purchases are the only facts of a frame: no contract is ever active
    (the environment is ``non_contract``) and nobody has visited. Rows
    recorded after *as_of* are left out.

    .. versionadded:: 0.2.0
    """
    reading = _reading(
        seller=seller,
        seller_column=seller_column,
        party=party,
        time=time,
        amount=amount,
        currency=currency,
        currency_column=currency_column,
        payer=payer,
        user=user,
        id=id,
        time_format=time_format,
        timezone=timezone,
    )
    return judge_plan(frame, reading, as_of=as_of, policy=_policy(policy))[0]


def rfm_frame(
    frame: FrameLike,
    *,
    end: date,
    period: CalendarPeriod = CalendarPeriod.DAY,
    zone: tzinfo = UTC,
    policy: Policy = DEFAULT,
    seller: PartyId | None = None,
    seller_column: str | None = None,
    party: str = "party",
    time: str = "time",
    amount: str = "amount",
    currency: str | None = None,
    currency_column: str | None = None,
    payer: str | None = None,
    user: str | None = None,
    id: str | None = None,
    time_format: str | None = None,
    timezone: str | None = None,
) -> pl.DataFrame:
    """Return the RFM summary of every party who paid, as ``lifetimes`` computes it.

    >>> import polars as pl
    >>> from datetime import date
    >>> sales = pl.DataFrame({"party": ["ana"] * 4,
    ...                       "time": [date(2024, 1, d) for d in (1, 5, 5, 9)],
    ...                       "amount": ["10", "4", "2", "9"]})
    >>> rfm_frame(sales, seller="s", currency="EUR", end=date(2024, 1, 31)).rows()
    [('s', 'ana', 2, 8, 30, Decimal('7.5'))]

    Columns ``seller``, ``party``, ``frequency``, ``recency``, ``T`` and
    ``monetary_value``, one row per (seller, party) who paid, sorted: the
    numbers :func:`~clientele.rfm` gives for each seller, with the same
    *end*, *period* and *zone*. ``monetary_value`` is a decimal column
    holding each mean exactly (a mean beyond 38 digits is rounded).

    .. versionadded:: 0.2.0
    """
    reading = _reading(
        seller=seller,
        seller_column=seller_column,
        party=party,
        time=time,
        amount=amount,
        currency=currency,
        currency_column=currency_column,
        payer=payer,
        user=user,
        id=id,
        time_format=time_format,
        timezone=timezone,
    )
    sales = read_sales(frame, reading)
    return rfm_sales(sales, end=end, period=period, zone=zone, policy=_policy(policy))


def purchases_from_frame(
    frame: FrameLike,
    *,
    seller: PartyId | None = None,
    seller_column: str | None = None,
    party: str = "party",
    time: str = "time",
    amount: str = "amount",
    currency: str | None = None,
    currency_column: str | None = None,
    payer: str | None = None,
    user: str | None = None,
    id: str | None = None,
    time_format: str | None = None,
    timezone: str | None = None,
) -> Iterator[Purchase]:
    """Yield the purchase each row of a transaction frame records, in order.

    >>> import polars as pl
    >>> from datetime import date
    >>> sales = pl.DataFrame({"party": ["p-ana"], "time": [date(2024, 1, 5)],
    ...                       "amount": ["12.50"]})
    >>> [(p.id, p.buyer, str(p.amount)) for p in purchases_from_frame(
    ...     sales, seller="s-cafe", currency="EUR")]
    [('row-0', 'p-ana', '12.50 EUR')]

    The frame is checked whole before the first purchase is yielded. Times
    come back as dates, or as datetimes on the clock they were recorded on:
    in the frame's time zone when it has one (or *timezone*), else at their
    UTC offset. Use it to put a frame's sales into a
    :class:`~clientele.Ledger`, or to check the columnar engine against the
    pure-Python one.

    .. versionadded:: 0.2.0
    """
    reading = _reading(
        seller=seller,
        seller_column=seller_column,
        party=party,
        time=time,
        amount=amount,
        currency=currency,
        currency_column=currency_column,
        payer=payer,
        user=user,
        id=id,
        time_format=time_format,
        timezone=timezone,
    )
    return sales_purchases(read_sales(frame, reading))


def to_polars(judgements: Population | Iterable[Judgement]) -> pl.DataFrame:
    """Return judgements as a polars frame with :func:`judge_frame`'s columns.

    >>> from datetime import UTC, date, datetime
    >>> from decimal import Decimal
    >>> from clientele import Ledger, Money, Purchase, judge_all
    >>> ledger = Ledger.of(Purchase(id="f-1", seller="s-cafe", at=date(2024, 3, 1),
    ...                             amount=Money(Decimal("3.20"), "EUR"), buyer="p-ana"))
    >>> people = judge_all(ledger, "s-cafe", as_of=datetime(2024, 3, 2, tzinfo=UTC))
    >>> to_polars(people).select("party", "standing", "revenue", "standing_facts").rows()
    [('p-ana', 'customer', Decimal('3.20'), ['f-1'])]

    For judgements made in Python (from any ledger, contracts and visits
    included), to analyse them with polars. The reasons' words are left
    out, as in :func:`judge_frame`.

    .. versionadded:: 0.2.0
    """
    return judgements_frame(judgements)


def to_pandas(judgements: Population | Iterable[Judgement]) -> Any:
    """Return judgements as a pandas frame with :func:`judge_frame`'s columns.

    >>> from datetime import UTC, date, datetime
    >>> from decimal import Decimal
    >>> from clientele import Ledger, Money, Purchase, judge_all
    >>> ledger = Ledger.of(Purchase(id="f-1", seller="s-cafe", at=date(2024, 3, 1),
    ...                             amount=Money(Decimal("3.20"), "EUR"), buyer="p-ana"))
    >>> people = judge_all(ledger, "s-cafe", as_of=datetime(2024, 3, 2, tzinfo=UTC))
    >>> to_pandas(people)[["party", "standing", "revenue"]].to_dict("records")
    [{'party': 'p-ana', 'standing': 'customer', 'revenue': Decimal('3.20')}]

    The judgement fields are pandas categoricals (ordered as their enums
    are declared), the revenue holds decimals. Needs the ``pandas`` extra.

    .. versionadded:: 0.2.0
    """
    try:
        return to_polars(judgements).to_pandas()
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        msg = (
            "clientele.frames.to_pandas needs pandas and pyarrow: "
            "install the 'pandas' extra with `pip install clientele[pandas]`"
        )
        raise ImportError(msg) from exc
