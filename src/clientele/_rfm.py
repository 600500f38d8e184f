"""RFM summaries with the definitions of the ``lifetimes`` package.

Analysts compare customer bases by frequency, recency, age (``T``) and
monetary value, as ``lifetimes.utils.summary_data_from_transaction_data``
computes them. clientele produces the same numbers from its party summaries,
so one can be checked against the other:

* purchases are grouped into periods (days, weeks from Monday, months) and
  the amounts within one period are added up;
* ``frequency`` is the number of periods with a purchase, minus one;
* ``recency`` is the number of periods from the first to the last purchase;
* ``T`` is the number of periods from the first purchase to the end of
  observation;
* ``monetary_value`` is the mean amount of the periods after the first
  (0 when there are none).

Only parties who paid are listed, and amounts are gross (``lifetimes`` knows
no refunds). ``lifetimes`` supports days and weeks on current pandas;
clientele also counts calendar months.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from typing import Final, final

import attrs

from ._errors import InvalidValueError
from ._ledger import Ledger
from ._parties import PartyId
from ._periods import CalendarPeriod
from ._policy import DEFAULT, Policy
from ._summary import LedgerSummary, PartySummary, summarize_ledger

__all__ = ["RFM_PERIODS", "Rfm", "observation_cutoff", "rfm", "rfm_of_summaries"]

#: The periods RFM can be counted in, by their ``lifetimes`` ``freq`` code.
RFM_PERIODS: Final = {
    "D": CalendarPeriod.DAY,
    "W": CalendarPeriod.WEEK,
    "M": CalendarPeriod.MONTH,
}


@final
@attrs.frozen(kw_only=True)
class Rfm:
    """One party's frequency, recency, age and monetary value, as ``lifetimes`` counts them.

    >>> from datetime import UTC, date, datetime
    >>> from decimal import Decimal
    >>> from clientele import Ledger, Money, Purchase
    >>> sales = [Purchase(id=f"f-{n}", seller="s", at=date(2024, 1, d), buyer="ana",
    ...                   amount=Money(Decimal(a), "EUR"))
    ...          for n, (d, a) in enumerate([(1, "10"), (5, "4"), (5, "2"), (9, "9")])]
    >>> rfm(Ledger.of(*sales), "s", end=date(2024, 1, 31))
    (Rfm(party='ana', frequency=2, recency=8, T=30, monetary_value=Decimal('7.5')),)

    .. versionadded:: 0.1.0
    """

    party: PartyId
    #: Periods with a purchase, after the first.
    frequency: int
    #: Periods from the first purchase to the last.
    recency: int
    #: Periods from the first purchase to the end of observation.
    T: int
    #: The mean amount of the periods after the first; 0 if none.
    monetary_value: Decimal


def observation_cutoff(end: date, period: CalendarPeriod, zone: tzinfo = UTC) -> datetime:
    """Return the last instant whose facts count for observation ending in *end*'s period.

    ``lifetimes`` counts every purchase in the period that contains the end
    of observation, so the cutoff is the end of that period, on the clock of
    *zone*: the zone the purchases were recorded in (dates count in UTC).

    >>> observation_cutoff(date(2024, 1, 3), CalendarPeriod.WEEK)
    datetime.datetime(2024, 1, 7, 23, 59, 59, 999999, tzinfo=datetime.timezone.utc)
    """
    following = period.start(period.index(end) + 1)
    return datetime.combine(following, time(), zone) - timedelta(microseconds=1)


def _rfm_of(party: PartyId, summary: PartySummary, end: int, period: CalendarPeriod) -> Rfm:
    if period is CalendarPeriod.DAY:  # the bits are the days: no need to list them
        first = summary.first_day
        last = first + summary.day_bits.bit_length() - 1
        frequency = summary.day_bits.bit_count() - 1
    else:
        periods = sorted({period.index_of_ordinal(day) for day in summary.days()})
        first, last = periods[0], periods[-1]
        frequency = len(periods) - 1
    first_total = {
        CalendarPeriod.DAY: summary.first_day_total,
        CalendarPeriod.WEEK: summary.first_week_total,
        CalendarPeriod.MONTH: summary.first_month_total,
    }[period]
    monetary = (summary.gross - first_total) / frequency if frequency else Decimal(0)
    return Rfm(
        party=party,
        frequency=frequency,
        recency=last - first,
        T=end - first,
        monetary_value=monetary,
    )


def rfm_of_summaries(
    summaries: Mapping[PartyId, PartySummary], *, end: date, period: CalendarPeriod
) -> tuple[Rfm, ...]:
    """Return the RFM of every paying party among one seller's *summaries*.

    The summaries must have been folded up to :func:`observation_cutoff`.
    """
    if period not in RFM_PERIODS.values():
        raise InvalidValueError("period", "a day, a week or a month", period)
    last = period.index(end)
    return tuple(
        _rfm_of(party, summaries[party], last, period)
        for party in sorted(summaries)
        if summaries[party].paid
    )


def rfm(
    ledger: Ledger,
    seller: PartyId,
    *,
    end: date,
    period: CalendarPeriod = CalendarPeriod.DAY,
    zone: tzinfo = UTC,
    policy: Policy = DEFAULT,
) -> tuple[Rfm, ...]:
    """Return the RFM of every party that paid *seller*, observed until *end*.

    Equals ``lifetimes.utils.summary_data_from_transaction_data`` with the
    party as customer, the purchase date, the amount as monetary value,
    ``observation_period_end=end`` and ``freq`` ``"D"`` or ``"W"``.
    *zone* is where the purchases' times were recorded (see
    :func:`observation_cutoff`); *policy* only decides who paid when a
    purchase does not say.
    """
    summary: LedgerSummary = summarize_ledger(
        ledger, cutoff=observation_cutoff(end, period, zone), policy=policy
    )
    return rfm_of_summaries(summary.for_seller(seller), end=end, period=period)
