from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import given

from clientele import When, instant_of
from clientele.testing.strategies import whens

PARIS_WINTER = timezone(timedelta(hours=1))


class TestInstantOf:
    """How facts' times are ordered."""

    def test_date_is_its_first_moment_in_utc(self) -> None:
        """A date sorts as midnight UTC at its start."""
        assert datetime(2024, 3, 1, tzinfo=UTC) == instant_of(date(2024, 3, 1))

    def test_aware_datetime_is_itself(self) -> None:
        """An aware datetime is its own instant, zone kept."""
        moment = datetime(2024, 3, 1, 9, 30, tzinfo=PARIS_WINTER)

        actual = instant_of(moment)

        assert (moment, PARIS_WINTER) == (actual, actual.tzinfo)

    def test_date_sorts_before_its_later_moments(self) -> None:
        """A fact dated on a day sorts before one at 00:30 UTC that day."""
        assert instant_of(date(2024, 3, 1)) < instant_of(datetime(2024, 3, 1, 0, 30, tzinfo=UTC))

    def test_offset_is_taken_into_account(self) -> None:
        """09:30 in Paris (+01:00) is 08:30 UTC."""
        expected = datetime(2024, 3, 1, 8, 30, tzinfo=UTC)

        assert expected == instant_of(datetime(2024, 3, 1, 9, 30, tzinfo=PARIS_WINTER))

    @given(whens())
    def test_always_aware(self, when: When) -> None:
        """Every instant has a UTC offset, so any two instants compare."""
        assert instant_of(when).utcoffset() is not None
