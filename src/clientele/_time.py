"""When a fact happened: an aware datetime, or a calendar date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import TypeAlias

__all__ = ["When", "instant_of"]

#: When a fact happened: a timezone-aware :class:`~datetime.datetime`, or a
#: :class:`~datetime.date` when only the day is known. A naive datetime is
#: refused, because it names no instant.
When: TypeAlias = datetime | date


def instant_of(when: When) -> datetime:
    """Return the instant used to order *when* against other facts.

    An aware datetime is its own instant; a date counts from its first moment
    in UTC. The fact keeps the date it was given: this is only how it sorts.

    >>> instant_of(date(2024, 3, 1))
    datetime.datetime(2024, 3, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """
    if isinstance(when, datetime):
        return when
    return datetime.combine(when, time(), UTC)
