from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientele import CalendarPeriod
from clientele._periods import local_date

#: Dates whose period and the next one are both representable.
DATES = st.dates(min_value=date(1, 1, 1), max_value=date(9998, 12, 31))

TOKYO = timezone(timedelta(hours=9))
NEW_YORK_WINTER = timezone(timedelta(hours=-5))
KOLKATA = timezone(timedelta(hours=5, minutes=30))
KIRITIMATI = timezone(timedelta(hours=14))
BAKER_ISLAND = timezone(timedelta(hours=-12))


class TestLocalDate:
    """The calendar date a time was recorded on."""

    def test_date_is_its_own(self) -> None:
        """A date is the calendar date it names."""
        assert date(2024, 3, 1) == local_date(date(2024, 3, 1))

    @pytest.mark.parametrize(
        ("when", "expected"),
        [
            (datetime(2024, 3, 1, 12, 0, tzinfo=UTC), date(2024, 3, 1)),
            (datetime(2024, 3, 1, 0, 30, tzinfo=TOKYO), date(2024, 3, 1)),
            (datetime(2024, 3, 1, 23, 30, tzinfo=TOKYO), date(2024, 3, 1)),
            (datetime(2024, 3, 1, 22, 0, tzinfo=NEW_YORK_WINTER), date(2024, 3, 1)),
            (datetime(2024, 3, 1, 2, 0, tzinfo=KOLKATA), date(2024, 3, 1)),
            (datetime(2024, 1, 1, 9, 0, tzinfo=KIRITIMATI), date(2024, 1, 1)),
            (datetime(2023, 12, 31, 20, 0, tzinfo=BAKER_ISLAND), date(2023, 12, 31)),
        ],
    )
    def test_aware_datetime_counts_on_its_own_clock(self, when: datetime, expected: date) -> None:
        """An aware datetime gives the date on its own clock, not the UTC date."""
        assert expected == local_date(when)

    def test_same_instant_on_two_clocks_gives_two_dates(self) -> None:
        """One instant falls on different days in Tokyo and in New York."""
        in_tokyo = datetime(2024, 3, 2, 8, 0, tzinfo=TOKYO)
        in_new_york = in_tokyo.astimezone(NEW_YORK_WINTER)

        assert in_tokyo == in_new_york
        assert (date(2024, 3, 2), date(2024, 3, 1)) == (
            local_date(in_tokyo),
            local_date(in_new_york),
        )

    @given(st.datetimes(timezones=st.sampled_from([UTC, TOKYO, NEW_YORK_WINTER, KOLKATA])))
    def test_is_the_wall_clock_date(self, when: datetime) -> None:
        """The local date is the date of the wall-clock reading, whatever the offset."""
        assert when.replace(tzinfo=None).date() == local_date(when)


class TestIndex:
    """Numbering periods: consecutive periods differ by one."""

    @pytest.mark.parametrize(
        ("period", "earlier", "later"),
        [
            (CalendarPeriod.DAY, date(2024, 2, 29), date(2024, 3, 1)),
            (CalendarPeriod.WEEK, date(2024, 3, 10), date(2024, 3, 11)),
            (CalendarPeriod.MONTH, date(2023, 12, 31), date(2024, 1, 1)),
            (CalendarPeriod.MONTH, date(2024, 3, 31), date(2024, 4, 1)),
            (CalendarPeriod.QUARTER, date(2024, 3, 31), date(2024, 4, 1)),
            (CalendarPeriod.QUARTER, date(2023, 12, 31), date(2024, 1, 1)),
            (CalendarPeriod.YEAR, date(2023, 12, 31), date(2024, 1, 1)),
        ],
    )
    def test_next_period_is_one_more(
        self, period: CalendarPeriod, earlier: date, later: date
    ) -> None:
        """The day after a period's last day is in the period numbered one more."""
        assert period.index(earlier) + 1 == period.index(later)

    @pytest.mark.parametrize(
        ("period", "first", "last"),
        [
            (CalendarPeriod.WEEK, date(2024, 3, 4), date(2024, 3, 10)),
            (CalendarPeriod.MONTH, date(2024, 2, 1), date(2024, 2, 29)),
            (CalendarPeriod.QUARTER, date(2024, 4, 1), date(2024, 6, 30)),
            (CalendarPeriod.YEAR, date(2024, 1, 1), date(2024, 12, 31)),
        ],
    )
    def test_same_period_same_index(self, period: CalendarPeriod, first: date, last: date) -> None:
        """The first and the last day of one period share its number."""
        assert period.index(first) == period.index(last)

    def test_week_runs_monday_to_sunday(self) -> None:
        """A Sunday and the Monday after it are in consecutive weeks."""
        sunday, monday = date(2024, 3, 10), date(2024, 3, 11)

        assert (6, 0) == (sunday.weekday(), monday.weekday())
        assert CalendarPeriod.WEEK.index(sunday) + 1 == CalendarPeriod.WEEK.index(monday)

    def test_first_week_is_zero(self) -> None:
        """The week of 0001-01-01 (a Monday) is number 0."""
        assert 0 == CalendarPeriod.WEEK.index(date(1, 1, 1))

    @pytest.mark.parametrize("period", list(CalendarPeriod))
    @given(day=DATES)
    def test_consecutive_days_differ_by_at_most_one(
        self, period: CalendarPeriod, day: date
    ) -> None:
        """Moving one day on moves the period number by 0 or 1, never more."""
        assert period.index(day + timedelta(days=1)) - period.index(day) in {0, 1}

    @pytest.mark.parametrize("period", list(CalendarPeriod))
    @given(day=DATES)
    def test_consecutive_periods_differ_by_one(self, period: CalendarPeriod, day: date) -> None:
        """The period after the one *day* falls in is numbered one more."""
        index = period.index(day)
        following = period.start(index + 1)

        assert index + 1 == period.index(following)
        assert index == period.index(following - timedelta(days=1))


class TestStart:
    """The first day of a numbered period."""

    @pytest.mark.parametrize(
        ("period", "day", "expected"),
        [
            (CalendarPeriod.DAY, date(2024, 5, 9), date(2024, 5, 9)),
            (CalendarPeriod.WEEK, date(2024, 5, 9), date(2024, 5, 6)),
            (CalendarPeriod.MONTH, date(2024, 5, 9), date(2024, 5, 1)),
            (CalendarPeriod.QUARTER, date(2024, 5, 9), date(2024, 4, 1)),
            (CalendarPeriod.QUARTER, date(2024, 12, 31), date(2024, 10, 1)),
            (CalendarPeriod.YEAR, date(2024, 5, 9), date(2024, 1, 1)),
        ],
    )
    def test_first_day_of_the_period(
        self, period: CalendarPeriod, day: date, expected: date
    ) -> None:
        """The start of the period a day falls in is that period's first day."""
        assert expected == period.start(period.index(day))

    @pytest.mark.parametrize("period", list(CalendarPeriod))
    @given(day=DATES)
    def test_start_is_on_or_before_the_day(self, period: CalendarPeriod, day: date) -> None:
        """A day is on or after the start of its period, and before the next one's."""
        index = period.index(day)

        assert period.start(index) <= day < period.start(index + 1)

    @pytest.mark.parametrize("period", list(CalendarPeriod))
    @given(day=DATES)
    def test_index_of_start_is_the_index(self, period: CalendarPeriod, day: date) -> None:
        """The start of period *i* is in period *i*."""
        index = period.index(day)

        assert index == period.index(period.start(index))

    @given(day=DATES)
    def test_week_starts_on_monday(self, day: date) -> None:
        """Every week starts on a Monday."""
        assert 0 == CalendarPeriod.WEEK.start(CalendarPeriod.WEEK.index(day)).weekday()

    @given(day=DATES)
    def test_quarter_starts_a_quarter_month(self, day: date) -> None:
        """Every quarter starts on the 1st of January, April, July or October."""
        start = CalendarPeriod.QUARTER.start(CalendarPeriod.QUARTER.index(day))

        assert (1, True) == (start.day, start.month in {1, 4, 7, 10})


class TestIndexOfOrdinal:
    """Numbering periods from day ordinals, as summaries store days."""

    @pytest.mark.parametrize("period", list(CalendarPeriod))
    @given(day=DATES)
    def test_same_as_index_of_the_date(self, period: CalendarPeriod, day: date) -> None:
        """The index of an ordinal is the index of the date with that ordinal."""
        assert period.index(day) == period.index_of_ordinal(day.toordinal())

    def test_day_index_is_the_ordinal(self) -> None:
        """Days are numbered by their proleptic Gregorian ordinal."""
        assert 738946 == CalendarPeriod.DAY.index_of_ordinal(738946)


class TestValues:
    """The enum's stable values."""

    def test_stable_string_values(self) -> None:
        """Every period has the stable string value JSON and policies use."""
        assert ["day", "week", "month", "quarter", "year"] == [
            period.value for period in CalendarPeriod
        ]
