"""Calendar periods: the day, week, month, quarter or year a time falls in."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import assert_never

from ._time import When

__all__ = ["CalendarPeriod", "local_date"]


def local_date(when: When) -> date:
    """Return the calendar date of *when* where it was recorded.

    A date is its own; an aware datetime gives the date on its own clock,
    not in UTC, so a sale at 23:30 in Tokyo counts on the Tokyo day.

    >>> from datetime import timezone, timedelta
    >>> local_date(datetime(2024, 3, 1, 23, 30, tzinfo=timezone(timedelta(hours=9))))
    datetime.date(2024, 3, 1)
    """
    return when.date() if isinstance(when, datetime) else when


class CalendarPeriod(Enum):
    """A calendar unit of time, used to count and compare periods.

    >>> CalendarPeriod.MONTH.index(date(2024, 3, 31)) + 1 == CalendarPeriod.MONTH.index(
    ...     date(2024, 4, 1))
    True
    """

    #: One calendar day.
    DAY = "day"
    #: A week from Monday to Sunday.
    WEEK = "week"
    #: A calendar month.
    MONTH = "month"
    #: A calendar quarter (January to March, …).
    QUARTER = "quarter"
    #: A calendar year.
    YEAR = "year"

    def index(self, day: date) -> int:
        """Return a number for the period *day* falls in; consecutive periods differ by 1."""
        match self:
            case CalendarPeriod.DAY:
                return day.toordinal()
            case CalendarPeriod.WEEK:
                return (day.toordinal() - 1) // 7  # day 1 (0001-01-01) is a Monday
            case CalendarPeriod.MONTH:
                return day.year * 12 + day.month - 1
            case CalendarPeriod.QUARTER:
                return day.year * 4 + (day.month - 1) // 3
            case CalendarPeriod.YEAR:
                return day.year
            case _:  # pragma: no cover - every member is matched above; mypy checks it
                assert_never(self)

    def index_of_ordinal(self, ordinal: int) -> int:
        """Return :meth:`index` of the day with proleptic Gregorian *ordinal*."""
        if self is CalendarPeriod.DAY:
            return ordinal
        return self.index(date.fromordinal(ordinal))

    def start(self, index: int) -> date:
        """Return the first day of the period numbered *index*.

        >>> CalendarPeriod.QUARTER.start(CalendarPeriod.QUARTER.index(date(2024, 5, 9)))
        datetime.date(2024, 4, 1)
        """
        match self:
            case CalendarPeriod.DAY:
                return date.fromordinal(index)
            case CalendarPeriod.WEEK:
                return date.fromordinal(index * 7 + 1)
            case CalendarPeriod.MONTH:
                return date(index // 12, index % 12 + 1, 1)
            case CalendarPeriod.QUARTER:
                return date(index // 4, (index % 4) * 3 + 1, 1)
            case CalendarPeriod.YEAR:
                return date(index, 1, 1)
            case _:  # pragma: no cover - every member is matched above; mypy checks it
                assert_never(self)
