import math
import warnings
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clientele import (
    CalendarPeriod,
    InvalidValueError,
    Ledger,
    Money,
    Purchase,
    Usage,
    deal_roles,
)
from clientele._policy import DEFAULT
from clientele._rfm import RFM_PERIODS, Rfm, observation_cutoff, rfm, rfm_of_summaries
from clientele.testing.strategies import purchases


def _sale(n: int, day: date | datetime, amount: str, buyer: str = "ana", **more: Any) -> Purchase:
    return Purchase(
        id=f"f-{n}",
        seller="s",
        at=day,
        amount=Money(Decimal(amount), "EUR"),
        buyer=buyer,
        **more,
    )


def _ledger(*sales: tuple[date | datetime, str]) -> Ledger:
    """Return a ledger of ana's purchases from seller ``s`` on these days, of these amounts."""
    return Ledger.of(*(_sale(n, day, amount) for n, (day, amount) in enumerate(sales)))


class TestObservationCutoff:
    """The last instant whose facts count, for an observation ending on a day."""

    @pytest.mark.parametrize(
        ("period", "expected"),
        [
            (CalendarPeriod.DAY, datetime(2024, 1, 3, 23, 59, 59, 999999, tzinfo=UTC)),
            (CalendarPeriod.WEEK, datetime(2024, 1, 7, 23, 59, 59, 999999, tzinfo=UTC)),
            (CalendarPeriod.MONTH, datetime(2024, 1, 31, 23, 59, 59, 999999, tzinfo=UTC)),
        ],
    )
    def test_end_of_the_period_holding_the_end(
        self, period: CalendarPeriod, expected: datetime
    ) -> None:
        """Every purchase of the end's day, week or month counts, as in lifetimes."""
        assert expected == observation_cutoff(date(2024, 1, 3), period)

    def test_on_the_clock_of_a_zone(self) -> None:
        """With a zone, the period ends at midnight there."""
        paris = ZoneInfo("Europe/Paris")
        expected = datetime(2024, 1, 3, 23, 59, 59, 999999, tzinfo=paris)
        assert expected == observation_cutoff(date(2024, 1, 3), CalendarPeriod.DAY, paris)

    def test_periods_by_lifetimes_code(self) -> None:
        """``freq`` codes name days, weeks and months."""
        expected = {"D": CalendarPeriod.DAY, "W": CalendarPeriod.WEEK, "M": CalendarPeriod.MONTH}
        assert expected == RFM_PERIODS


class TestRfm:
    """Frequency, recency, T and monetary value of hand-made ledgers."""

    def test_documented_example(self) -> None:
        """Two purchases on one day are one period; their amounts are added."""
        ledger = _ledger(
            (date(2024, 1, 1), "10"),
            (date(2024, 1, 5), "4"),
            (date(2024, 1, 5), "2"),
            (date(2024, 1, 9), "9"),
        )
        expected = (Rfm(party="ana", frequency=2, recency=8, T=30, monetary_value=Decimal("7.5")),)
        assert expected == rfm(ledger, "s", end=date(2024, 1, 31))

    def test_same_day_purchases_are_summed(self) -> None:
        """Purchases at different hours of one day make one period of their total."""
        ledger = _ledger(
            (date(2024, 1, 1), "1"),
            (datetime(2024, 1, 2, 9, tzinfo=UTC), "2.50"),
            (datetime(2024, 1, 2, 18, tzinfo=UTC), "3.50"),
        )
        expected = (Rfm(party="ana", frequency=1, recency=1, T=2, monetary_value=Decimal(6)),)
        assert expected == rfm(ledger, "s", end=date(2024, 1, 3))

    def test_weeks_start_on_monday(self) -> None:
        """In weeks, Monday 1 and Friday 5 January 2024 are one period."""
        ledger = _ledger(
            (date(2024, 1, 1), "10"),
            (date(2024, 1, 5), "6"),
            (date(2024, 1, 9), "9"),
        )
        expected = (Rfm(party="ana", frequency=1, recency=1, T=4, monetary_value=Decimal(9)),)
        assert expected == rfm(ledger, "s", end=date(2024, 1, 31), period=CalendarPeriod.WEEK)

    def test_the_whole_last_week_counts(self) -> None:
        """A purchase later in the end's week counts, as lifetimes counts it."""
        ledger = _ledger((date(2024, 1, 1), "10"), (date(2024, 1, 12), "5"))
        expected = (Rfm(party="ana", frequency=1, recency=1, T=1, monetary_value=Decimal(5)),)
        assert expected == rfm(ledger, "s", end=date(2024, 1, 10), period=CalendarPeriod.WEEK)

    def test_months(self) -> None:
        """Calendar months: January's two purchases are one period."""
        ledger = _ledger(
            (date(2024, 1, 1), "10"),
            (date(2024, 1, 20), "5"),
            (date(2024, 2, 3), "7"),
            (date(2024, 3, 31), "8"),
        )
        expected = (Rfm(party="ana", frequency=2, recency=2, T=3, monetary_value=Decimal("7.5")),)
        assert expected == rfm(ledger, "s", end=date(2024, 4, 15), period=CalendarPeriod.MONTH)

    def test_one_period_only(self) -> None:
        """A single period of purchases: no repeat, a monetary value of 0."""
        ledger = _ledger((date(2024, 1, 1), "10"), (date(2024, 1, 1), "5"))
        expected = (Rfm(party="ana", frequency=0, recency=0, T=9, monetary_value=Decimal(0)),)
        assert expected == rfm(ledger, "s", end=date(2024, 1, 10))

    def test_purchases_after_the_end_are_left_out(self) -> None:
        """Observation stops at the end: later purchases do not count."""
        ledger = _ledger((date(2024, 1, 1), "10"), (date(2024, 1, 11), "5"))
        expected = (Rfm(party="ana", frequency=0, recency=0, T=9, monetary_value=Decimal(0)),)
        assert expected == rfm(ledger, "s", end=date(2024, 1, 10))

    def test_a_party_first_buying_after_the_end_is_not_listed(self) -> None:
        """Nobody is listed before their first purchase."""
        assert () == rfm(_ledger((date(2024, 2, 1), "10")), "s", end=date(2024, 1, 10))

    def test_only_parties_who_paid(self) -> None:
        """The payer is listed, by party id; users and other sellers' parties are not."""
        ledger = Ledger.of(
            _sale(1, date(2024, 1, 1), "30", buyer="kid", payer="dad", users=("kid",)),
            _sale(2, date(2024, 1, 2), "5", buyer="bo"),
            attrs.evolve(_sale(3, date(2024, 1, 2), "5", buyer="cy"), seller="other"),
            Usage(id="u-1", seller="s", party="eve", at=date(2024, 1, 3)),
        )
        expected = (
            Rfm(party="bo", frequency=0, recency=0, T=1, monetary_value=Decimal(0)),
            Rfm(party="dad", frequency=0, recency=0, T=2, monetary_value=Decimal(0)),
        )
        assert expected == rfm(ledger, "s", end=date(2024, 1, 3))

    def test_times_count_on_the_clock_they_were_recorded_on(self) -> None:
        """With the zone of the records, a purchase on the next local day is left out."""
        tokyo = ZoneInfo("Asia/Tokyo")
        ledger = _ledger(
            (datetime(2024, 1, 1, 23, 30, tzinfo=tokyo), "10"),
            (datetime(2024, 1, 10, 23, 30, tzinfo=tokyo), "4"),
            (datetime(2024, 1, 11, 0, 30, tzinfo=tokyo), "7"),
        )
        expected = (Rfm(party="ana", frequency=1, recency=9, T=9, monetary_value=Decimal(4)),)
        assert expected == rfm(ledger, "s", end=date(2024, 1, 10), zone=tokyo)

    def test_other_periods_are_refused(self) -> None:
        """Quarters and years are not lifetimes periods."""
        with pytest.raises(InvalidValueError) as info:
            rfm_of_summaries({}, end=date(2024, 1, 1), period=CalendarPeriod.QUARTER)
        expected = (
            "'period' must be a day, a week or a month (got <CalendarPeriod.QUARTER: 'quarter'>)"
        )
        assert expected == str(info.value)

    def test_is_immutable(self) -> None:
        """An Rfm row is a frozen value."""
        row = Rfm(party="ana", frequency=0, recency=0, T=0, monetary_value=Decimal(0))
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            row.T = 1  # type: ignore[misc]


# Equivalence with lifetimes, on generated ledgers.

SummaryData = Callable[..., Any]


@pytest.fixture(scope="module")
def summary_data() -> SummaryData:
    """Return ``lifetimes.utils.summary_data_from_transaction_data``, or skip."""
    with warnings.catch_warnings():
        # lifetimes sets pandas options that recent pandas deprecates.
        warnings.simplefilter("ignore")
        utils = pytest.importorskip("lifetimes.utils")
    function: SummaryData = utils.summary_data_from_transaction_data
    return function


_DAYS = st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 4, 30))


@st.composite
def _sales(draw: st.DrawFn) -> list[Purchase]:
    """Draw one seller's purchases, on dates, in euros, with every kind of payer."""
    drawn = draw(st.lists(purchases(currency="EUR", offering_ids=(), times=_DAYS), max_size=25))
    return [attrs.evolve(p, id=f"f-{n}", seller="s-0") for n, p in enumerate(drawn)]


def _lifetimes_rows(
    summary_data: SummaryData, sales: Sequence[Purchase], end: date, freq: str
) -> dict[str, tuple[int, int, int, float]]:
    """Run lifetimes on *sales*, with each purchase's payer as the customer."""
    pd = pytest.importorskip("pandas")
    paid = [(deal_roles(p, DEFAULT).payer, p) for p in sales]
    rows = [(payer, p) for payer, p in paid if isinstance(payer, str)]
    transactions = pd.DataFrame(
        {
            "party": [payer for payer, _ in rows],
            "date": pd.to_datetime([p.at.isoformat() for _, p in rows]),
            "amount": [float(p.amount.amount) for _, p in rows],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = summary_data(
            transactions,
            "party",
            "date",
            monetary_value_col="amount",
            observation_period_end=end.isoformat(),
            freq=freq,
        )
    return {
        str(party): (
            int(row["frequency"]),
            int(row["recency"]),
            int(row["T"]),  # row.T would transpose the row
            float(row["monetary_value"]),
        )
        for party, row in table.iterrows()
    }


class TestLifetimesEquivalence:
    """The same numbers as ``lifetimes.utils.summary_data_from_transaction_data``."""

    @given(sales=_sales(), end=st.dates(min_value=date(2023, 12, 1), max_value=date(2024, 6, 30)))
    @pytest.mark.parametrize(
        ("freq", "period"), [("D", CalendarPeriod.DAY), ("W", CalendarPeriod.WEEK)]
    )
    def test_generated_ledgers(
        self,
        summary_data: SummaryData,
        freq: str,
        period: CalendarPeriod,
        sales: list[Purchase],
        end: date,
    ) -> None:
        """Frequency, recency and T are equal; monetary values agree to 1e-9."""
        expected = _lifetimes_rows(summary_data, sales, end, freq)
        actual = rfm(Ledger.of(*sales), "s-0", end=end, period=period)
        assert sorted(expected) == [row.party for row in actual]
        for row in actual:
            frequency, recency, t, monetary = expected[row.party]
            assert (frequency, recency, t) == (row.frequency, row.recency, row.T)
            assert math.isclose(monetary, float(row.monetary_value), rel_tol=1e-9, abs_tol=1e-9)

    def test_no_purchases(self, summary_data: SummaryData) -> None:
        """An empty ledger has no rows, in either."""
        assert {} == _lifetimes_rows(summary_data, [], date(2024, 1, 1), "D")
        assert () == rfm(Ledger(), "s-0", end=date(2024, 1, 1))
