"""The columnar engine (``clientele.frames``) against the pure-Python one."""

from __future__ import annotations

import gc
import importlib.util
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, TypedDict
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("polars")

import polars as pl

import clientele
from clientele import (
    DEFAULT,
    PRESETS,
    Assumption,
    CalendarPeriod,
    ClientRule,
    CurrencyMismatchError,
    DecodeError,
    InvalidValueError,
    Ledger,
    LedgerSummary,
    Money,
    Policy,
    Purchase,
    ValueThreshold,
    judge_all,
    judge_summaries,
    rfm,
    summarize,
)
from clientele._csv import CsvMapping, summarize_csv
from clientele._polars import (
    _SPACES,
    JUDGEMENT_SCHEMA,
    ColumnarFallbackError,
    judge_csv_polars,
    last_instant_csv_polars,
    scan_csv_polars,
)
from clientele.frames import (
    judge_frame,
    purchases_from_frame,
    rfm_frame,
    summarize_frame,
    to_pandas,
    to_polars,
)
from clientele.testing import strategies as cst

EUR = "EUR"
NOON = datetime(2024, 6, 30, 12, tzinfo=UTC)
ZONES = ("UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata")


class Columns(TypedDict, total=False):
    """The column arguments shared by every ``*_frame`` function."""

    seller: str | None
    seller_column: str | None
    party: str
    time: str
    amount: str
    currency: str | None
    currency_column: str | None
    payer: str | None
    user: str | None
    id: str | None
    time_format: str | None
    timezone: str | None


@attrs.frozen
class Layout:
    """How a generated frame holds its purchases."""

    #: ``text``: ISO 8601 dates and times with offsets; ``date``: a Date
    #: column; a zone name: a Datetime column in that zone.
    times: str
    amounts: Literal["decimal", "text"]
    several_sellers: bool
    currency_column: bool
    payer: bool
    user: bool
    ids: bool

    def columns(self) -> Columns:
        """Return the column arguments that read frames of this layout."""
        return Columns(
            seller=None if self.several_sellers else "s-0",
            seller_column="seller" if self.several_sellers else None,
            currency=None if self.currency_column else EUR,
            currency_column="currency" if self.currency_column else None,
            payer="payer" if self.payer else None,
            user="user" if self.user else None,
            id="id" if self.ids else None,
        )


def frame_of(purchases: Sequence[Purchase], layout: Layout) -> pl.DataFrame:
    """Return the transaction frame holding *purchases*, laid out as *layout* says."""
    if layout.times == "text":
        times = pl.Series([p.at.isoformat() for p in purchases], dtype=pl.String)
    elif layout.times == "date":
        times = pl.Series([p.at for p in purchases], dtype=pl.Date)
    else:
        times = pl.Series([p.at for p in purchases], dtype=pl.Datetime("us", layout.times))
    amounts = [p.amount.amount for p in purchases]
    data: dict[str, pl.Series] = {
        "party": pl.Series([p.buyer for p in purchases], dtype=pl.String),
        "time": times,
        "amount": (
            pl.Series([str(a) for a in amounts], dtype=pl.String)
            if layout.amounts == "text"
            else pl.Series(amounts, dtype=pl.Decimal(38, 2))
        ),
    }
    optional: dict[str, tuple[bool, list[Any]]] = {
        "seller": (layout.several_sellers, [p.seller for p in purchases]),
        "currency": (layout.currency_column, [p.amount.currency for p in purchases]),
        "payer": (layout.payer, [p.payer for p in purchases]),
        "user": (layout.user, [p.users[0] if p.users else None for p in purchases]),
        "id": (layout.ids, [p.id for p in purchases]),
    }
    for name, (present, values) in optional.items():
        if present:
            data[name] = pl.Series(values, dtype=pl.String)
    return pl.DataFrame(data)


def _unambiguous(moment: datetime) -> bool:
    # Python compares datetimes of one zone by wall clock, ignoring fold, and
    # never finds one in a repeated hour equal to another zone's (PEP 495):
    # the pure-Python path cannot order such times, so they are left out.
    return moment.replace(fold=0).utcoffset() == moment.replace(fold=1).utcoffset()


def _zoned_times(zone: str, first: date, span: int) -> st.SearchStrategy[datetime]:
    start = datetime.combine(first, datetime.min.time())
    return st.datetimes(
        min_value=start,
        max_value=start + timedelta(days=span),
        timezones=st.just(ZoneInfo(zone)),
        allow_imaginary=False,
    ).filter(_unambiguous)


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    """Every way a frame can hold its sales."""
    return Layout(
        times=draw(st.sampled_from(("text", "date", *ZONES))),
        amounts=draw(st.sampled_from(("decimal", "text"))),
        several_sellers=draw(st.booleans()),
        currency_column=draw(st.booleans()),
        payer=draw(st.booleans()),
        user=draw(st.booleans()),
        ids=draw(st.booleans()),
    )


@st.composite
def sales(draw: st.DrawFn, max_size: int = 20) -> tuple[Layout, list[Purchase]]:
    """Draw a layout, and purchases a frame of that layout can hold.

    Frames hold no anonymous parties, one user at most, and no purpose,
    offering, decision maker or influencers.
    """
    layout = draw(layouts())
    first = draw(st.dates(min_value=date(2022, 1, 1), max_value=date(2024, 12, 31)))
    span = draw(st.sampled_from([45, 400, 1200]))
    times: st.SearchStrategy[Any]
    if layout.times == "text":
        times = cst.whens(first, first + timedelta(days=span))
    elif layout.times == "date":
        times = st.dates(min_value=first, max_value=first + timedelta(days=span))
    else:
        times = _zoned_times(layout.times, first, span)
    drawn = draw(
        st.lists(cst.purchases(currency=EUR, offering_ids=(), times=times), max_size=max_size)
    )
    prefix = "f-" if layout.ids else "row-"
    return layout, [
        attrs.evolve(
            p,
            id=f"{prefix}{n}",
            seller=p.seller if layout.several_sellers else "s-0",
            buyer=p.buyer if isinstance(p.buyer, str) else "p-0",
            payer=p.payer if layout.payer and isinstance(p.payer, str) else None,
            users=p.users[:1] if layout.user and p.users else None,
            decision_maker=None,
            influencers=(),
            purpose=None,
        )
        for n, p in enumerate(drawn)
    ]


def instants_around(purchases: Sequence[Purchase]) -> st.SearchStrategy[datetime]:
    """Instants to judge as of: near the purchases, where judgements change, or anywhere."""
    return cst.instants_near(Ledger.of(*purchases))


def python_judgements(
    purchases: Sequence[Purchase], *, as_of: datetime, policy: Policy
) -> list[dict[str, Any]]:
    """Return the pure-Python judgements of every seller's parties, as judge_frame's rows."""
    summary = summarize(purchases, cutoff=as_of, policy=policy)
    frames = [
        to_polars(judge_summaries(summary, seller, as_of=as_of, policy=policy))
        for seller in sorted(summary.sellers())
    ]
    return [row for frame in frames for row in frame.to_dicts()]


def with_threshold(policy: Policy, amount: str) -> Policy:
    """Return *policy* with a value threshold of *amount* euros."""
    rule = ValueThreshold(Money(Decimal(amount), EUR))
    return attrs.evolve(policy, name=f"{policy.name}_threshold", value_rule=rule)


SHARE_AND_THRESHOLD = [
    *PRESETS.values(),
    *(with_threshold(p, "250.00") for p in PRESETS.values()),
]


class TestSummarizeFrame:
    """summarize_frame equals summarize of the same purchases."""

    @given(sales(), cst.policies(EUR), st.data())
    def test_equals_summarize(
        self, drawn: tuple[Layout, list[Purchase]], policy: Policy, data: st.DataObject
    ) -> None:
        """Counts, sums, witnesses, day bits, first totals, roles, tallies, last instant agree."""
        layout, purchases = drawn
        cutoff = data.draw(st.none() | instants_around(purchases))

        actual = summarize_frame(
            frame_of(purchases, layout), cutoff=cutoff, policy=policy, **layout.columns()
        )

        assert summarize(purchases, cutoff=cutoff, policy=policy) == actual

    @settings(max_examples=50)
    @given(sales(), cst.policies(EUR))
    def test_read_back_purchases_summarize_alike(
        self, drawn: tuple[Layout, list[Purchase]], policy: Policy
    ) -> None:
        """Summarize of purchases_from_frame equals summarize_frame of the frame."""
        layout, purchases = drawn
        frame = frame_of(purchases, layout)

        read = list(purchases_from_frame(frame, **layout.columns()))

        assert summarize(read, policy=policy) == summarize_frame(
            frame, policy=policy, **layout.columns()
        )

    def test_witness_keeps_its_clock(self) -> None:
        """A witness is the row's instant on the clock it was recorded on."""
        frame = pl.DataFrame(
            {"party": ["p-1"], "time": ["2024-03-01T23:30:00+09:00"], "amount": ["3"]}
        )

        first = summarize_frame(frame, seller="s", currency=EUR).parties[("s", "p-1")].first_paid

        assert first is not None
        assert (datetime(2024, 3, 1, 14, 30, tzinfo=UTC), "row-0", date(2024, 3, 1)) == (
            first.at,
            first.fact,
            first.at.date(),
        )

    def test_unattributed_when_payer_unknown(self) -> None:
        """With unknown payers left unknown, a sale without payer is unattributed."""
        frame = pl.DataFrame(
            {
                "party": ["p-1", "p-2"],
                "payer": [None, "p-3"],
                "time": [date(2024, 1, 1), date(2024, 1, 2)],
                "amount": ["5.00", "7.00"],
            }
        )
        policy = attrs.evolve(DEFAULT, name="strict", unknown_payer=Assumption.UNKNOWN)

        summary = summarize_frame(frame, seller="s", currency=EUR, payer="payer", policy=policy)

        assert (1, Decimal("5.00"), {("s", "p-1"), ("s", "p-2"), ("s", "p-3")}) == (
            summary.unattributed["s"].paid,
            summary.unattributed["s"].gross,
            set(summary.parties),
        )

    def test_empty_frame(self) -> None:
        """A frame without rows summarises to nothing."""
        frame = pl.DataFrame(
            {"party": [], "time": [], "amount": []},
            schema={"party": pl.String, "time": pl.Date, "amount": pl.Decimal(10, 2)},
        )

        assert LedgerSummary() == summarize_frame(frame, seller="s", currency=EUR)

    def test_naive_cutoff_refused(self) -> None:
        """A cutoff must be an instant."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1]})

        with pytest.raises(InvalidValueError, match="'cutoff' must be a timezone-aware datetime"):
            summarize_frame(frame, seller="s", currency=EUR, cutoff=datetime(2024, 1, 1))


class TestJudgeFrame:
    """judge_frame decides every field, rule and fact as judge_summaries does."""

    @pytest.mark.parametrize("policy", SHARE_AND_THRESHOLD, ids=lambda p: p.name)
    @settings(max_examples=25)
    @given(drawn=sales(), data=st.data())
    def test_presets(
        self, policy: Policy, drawn: tuple[Layout, list[Purchase]], data: st.DataObject
    ) -> None:
        """For every preset, with a revenue share or a threshold, the rows are the Python ones."""
        layout, purchases = drawn
        as_of = data.draw(instants_around(purchases))

        actual = judge_frame(
            frame_of(purchases, layout), as_of=as_of, policy=policy, **layout.columns()
        )

        assert python_judgements(purchases, as_of=as_of, policy=policy) == actual.to_dicts()

    @given(drawn=sales(), policy=cst.policies(EUR), data=st.data())
    def test_any_policy(
        self, drawn: tuple[Layout, list[Purchase]], policy: Policy, data: st.DataObject
    ) -> None:
        """Under any policy (windows, periods, counting, assumptions), the rows are Python's."""
        layout, purchases = drawn
        as_of = data.draw(instants_around(purchases))

        actual = judge_frame(
            frame_of(purchases, layout), as_of=as_of, policy=policy, **layout.columns()
        )

        assert python_judgements(purchases, as_of=as_of, policy=policy) == actual.to_dicts()

    def test_columns(self) -> None:
        """The columns and types are JUDGEMENT_SCHEMA's, the revenue at the amounts' scale."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": ["1.250"]})

        actual = judge_frame(frame, seller="s", currency=EUR, as_of=NOON)

        assert {**JUDGEMENT_SCHEMA, "revenue": pl.Decimal(38, 3)} == dict(actual.schema)

    def test_ties_at_the_top(self) -> None:
        """Parties spending as much as the last one taken into the top share are high value too."""
        frame = pl.DataFrame(
            {
                "party": ["a", "b", "c", "d"],
                "time": [date(2024, 1, 1)] * 4,
                "amount": [50, 30, 30, 1],
            }
        )

        actual = judge_frame(frame, seller="s", currency=EUR, as_of=NOON)

        assert ["high", "high", "high", "low"] == actual.get_column("tier").to_list()

    def test_several_currencies_in_one_seller(self) -> None:
        """A seller paid in two currencies cannot rank its parties, as in Python."""
        frame = pl.DataFrame(
            {
                "party": ["a", "b"],
                "time": [date(2024, 1, 1)] * 2,
                "amount": [5, 7],
                "currency": ["USD", EUR],
            }
        )
        purchases = list(purchases_from_frame(frame, seller="s", currency_column="currency"))
        with pytest.raises(CurrencyMismatchError) as python:
            python_judgements(purchases, as_of=NOON, policy=DEFAULT)

        with pytest.raises(CurrencyMismatchError) as columnar:
            judge_frame(frame, seller="s", currency_column="currency", as_of=NOON)

        assert str(python.value) == str(columnar.value)

    def test_threshold_in_another_currency(self) -> None:
        """A threshold in another currency than the revenue cannot be compared, as in Python."""
        frame = pl.DataFrame({"party": ["a"], "time": [date(2024, 1, 1)], "amount": [5]})
        policy = attrs.evolve(DEFAULT, value_rule=ValueThreshold(Money(Decimal(1), "USD")))
        purchases = list(purchases_from_frame(frame, seller="s", currency=EUR))
        with pytest.raises(CurrencyMismatchError) as python:
            python_judgements(purchases, as_of=NOON, policy=policy)

        with pytest.raises(CurrencyMismatchError) as columnar:
            judge_frame(frame, seller="s", currency=EUR, as_of=NOON, policy=policy)

        assert str(python.value) == str(columnar.value)

    @pytest.mark.parametrize("payer", ["a", None])
    def test_one_party_in_two_currencies(self, payer: str | None) -> None:
        """A party (or a seller's unattributed sales) paying in two currencies is refused.

        The error is the one the fold raises for the same sales.
        """
        frame = pl.DataFrame(
            {
                "party": ["a", "a", "a"],
                "payer": [payer] * 3,
                "time": [date(2024, 1, 1)] * 3,
                "amount": [5, 6, 7],
                "currency": [EUR, EUR, "USD"],
            }
        )
        policy = attrs.evolve(DEFAULT, unknown_payer=Assumption.UNKNOWN)
        columns = Columns(seller="s", currency_column="currency", payer="payer")
        purchases = list(purchases_from_frame(frame, **columns))
        with pytest.raises(CurrencyMismatchError) as python:
            summarize(purchases, policy=policy)

        with pytest.raises(CurrencyMismatchError) as columnar:
            judge_frame(frame, as_of=NOON, policy=policy, **columns)

        assert str(python.value) == str(columnar.value)

    def test_engagement_makes_payers_clients(self) -> None:
        """Under the engagement client rule, every party who paid is a client."""
        frame = pl.DataFrame({"party": ["a"], "time": [date(2024, 1, 1)], "amount": [5]})
        policy = attrs.evolve(DEFAULT, client_rule=ClientRule.ENGAGEMENT)

        actual = judge_frame(frame, seller="s", currency=EUR, as_of=NOON, policy=policy)

        assert [("client", "standing.engaged")] == actual.select(
            "standing", "standing_rule"
        ).rows()

    @pytest.mark.parametrize(
        ("amounts", "expected"),
        [
            (["1.5", "0." + "0" * 18 + "1"], [Decimal("1.5"), Decimal("1E-19")]),
            (["9" * 20 + ".5", "9" * 20 + ".5"], [Decimal("1" + "9" * 20)]),
        ],
        ids=["more than 18 places", "overflowing 18 places"],
    )
    def test_amounts_the_stream_cannot_hold(
        self, amounts: list[str], expected: list[Decimal]
    ) -> None:
        """Amounts too precise or too large for the streaming pass are judged exactly."""
        parties = ["a", "b"] if len(expected) == 2 else ["a", "a"]
        frame = pl.DataFrame({"party": parties, "time": [date(2024, 1, 1)] * 2, "amount": amounts})

        actual = judge_frame(frame, seller="s", currency=EUR, as_of=NOON)

        assert expected == actual.get_column("revenue").to_list()

    def test_bad_cells_named(self) -> None:
        """A bad cell found while streaming is reported as reading the frame reports it."""
        frame = pl.DataFrame(
            {"party": ["a", "b"], "time": ["2024-01-01", "2024-13-01"], "amount": [1, 2]}
        )

        with pytest.raises(DecodeError, match=r"column 'time': .* \(got '2024-13-01'\) @ row 1"):
            judge_frame(frame, seller="s", currency=EUR, as_of=NOON)

    def test_duplicate_ids_named(self) -> None:
        """Fact ids repeated are found while streaming, and reported."""
        frame = pl.DataFrame(
            {
                "party": ["a", "b"],
                "time": [date(2024, 1, 1)] * 2,
                "amount": [1, 2],
                "id": ["o", "o"],
            }
        )

        with pytest.raises(DecodeError, match="expected a unique id"):
            judge_frame(frame, seller="s", currency=EUR, id="id", as_of=NOON)

    def test_naive_as_of_refused(self) -> None:
        """Judgements are made as of an instant."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1]})

        with pytest.raises(InvalidValueError, match="'as_of' must be a timezone-aware"):
            judge_frame(frame, seller="s", currency=EUR, as_of=datetime(2024, 1, 1))

    def test_policy_checked(self) -> None:
        """A policy must be a Policy."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1]})

        with pytest.raises(InvalidValueError, match="'policy' must be a Policy"):
            judge_frame(frame, seller="s", currency=EUR, as_of=NOON, policy="default")  # type: ignore[arg-type]


class TestRfmFrame:
    """rfm_frame gives lifetimes' numbers, as clientele.rfm does."""

    @given(
        drawn=sales(),
        period=st.sampled_from([CalendarPeriod.DAY, CalendarPeriod.WEEK, CalendarPeriod.MONTH]),
        zone=st.sampled_from([UTC, ZoneInfo("Asia/Kolkata")]),
        end=st.dates(min_value=date(2022, 1, 1), max_value=date(2028, 1, 1)),
        policy=cst.policies(EUR),
    )
    def test_equals_rfm(
        self,
        drawn: tuple[Layout, list[Purchase]],
        period: CalendarPeriod,
        zone: timezone | ZoneInfo,
        end: date,
        policy: Policy,
    ) -> None:
        """Every seller's rows are rfm's rows for that seller."""
        layout, purchases = drawn
        ledger = Ledger.of(*purchases)
        expected = [
            (seller, r.party, r.frequency, r.recency, r.T, r.monetary_value)
            for seller in sorted({p.seller for p in purchases})
            for r in rfm(ledger, seller, end=end, period=period, zone=zone, policy=policy)
        ]

        actual = rfm_frame(
            frame_of(purchases, layout),
            end=end,
            period=period,
            zone=zone,
            policy=policy,
            **layout.columns(),
        )

        assert expected == actual.rows()

    def test_quarters_refused(self) -> None:
        """RFM is counted in days, weeks or months, as lifetimes counts it."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1]})

        with pytest.raises(InvalidValueError, match="'period' must be a day, a week or a month"):
            rfm_frame(
                frame,
                seller="s",
                currency=EUR,
                end=date(2024, 2, 1),
                period=CalendarPeriod.QUARTER,
            )

    def test_repeating_mean(self) -> None:
        """A mean that does not end is Python's decimal quotient, held exactly."""
        frame = pl.DataFrame(
            {
                "party": ["p"] * 4,
                "time": [date(2024, 1, d) for d in (1, 2, 3, 4)],
                "amount": ["1", "1", "1", "0.01"],
            }
        )

        actual = rfm_frame(frame, seller="s", currency=EUR, end=date(2024, 1, 4))

        assert (Decimal("2.01") / 3) == actual.item(0, "monetary_value")


class TestPurchasesFromFrame:
    """purchases_from_frame reads a frame back into the purchases it records."""

    @given(sales())
    def test_round_trip(self, drawn: tuple[Layout, list[Purchase]]) -> None:
        """The purchases a frame was made of come back, times on their own clocks."""
        layout, purchases = drawn

        actual = list(purchases_from_frame(frame_of(purchases, layout), **layout.columns()))

        assert [
            (p, p.at.utcoffset() if isinstance(p.at, datetime) else None) for p in purchases
        ] == [(p, p.at.utcoffset() if isinstance(p.at, datetime) else None) for p in actual]

    def test_times_at_their_offset(self) -> None:
        """A time read in a named zone comes back at its UTC offset, either side of a change."""
        frame = pl.DataFrame(
            {
                "party": ["p", "p"],
                "time": ["2024-10-27 02:30", "2024-10-27T02:30:00+01:00"],
                "amount": [1, 2],
            }
        )

        first, second = purchases_from_frame(
            frame, seller="s", currency=EUR, timezone="Europe/Paris"
        )

        assert (
            datetime(2024, 10, 27, 2, 30, tzinfo=timezone(timedelta(hours=2))),
            datetime(2024, 10, 27, 2, 30, tzinfo=timezone(timedelta(hours=1))),
        ) == (first.at, second.at)

    def test_second_occurrence_of_an_ambiguous_time(self) -> None:
        """A zoned Datetime in the repeated hour comes back as the instant it is."""
        instant = datetime(2024, 10, 27, 1, 30, tzinfo=UTC)  # 02:30 CET, the second 02:30
        frame = pl.DataFrame(
            {
                "party": ["p"],
                "time": pl.Series([instant]).dt.convert_time_zone("Europe/Paris"),
                "amount": [1],
            }
        )

        (bought,) = purchases_from_frame(frame, seller="s", currency=EUR)

        assert (instant, "2024-10-27T02:30:00+01:00") == (bought.at, bought.at.isoformat())


class TestReading:
    """Frames are read as strictly as purchases are built, and errors name the cell."""

    @staticmethod
    def error(frame: pl.DataFrame, **columns: Any) -> str:
        """Return the message of the error reading *frame* raises."""
        with pytest.raises((DecodeError, InvalidValueError)) as raised:
            summarize_frame(frame, **{"seller": "s", "currency": EUR, **columns})
        return str(raised.value)

    @pytest.mark.parametrize(
        ("column", "values", "message"),
        [
            (
                "party",
                ["p", " p"],
                "invalid frame: column 'party': expected an id: non-empty, without surrounding "
                "spaces (got ' p') @ row 1",
            ),
            (
                "party",
                ["p", None],
                "invalid frame: column 'party': expected an id: non-empty, without surrounding "
                "spaces (got None) @ row 1",
            ),
            (
                "amount",
                ["1", "0.00"],
                "invalid frame: column 'amount': expected a positive decimal amount such as "
                "12.50 (got '0.00') @ row 1",
            ),
            (
                "amount",
                ["1e3", "1"],
                "invalid frame: column 'amount': expected a positive decimal amount such as "
                "12.50 (got '1e3') @ row 0",
            ),
            (
                "time",
                ["2024-01-01", "2024-02-30"],
                "invalid frame: column 'time': expected a time like 'ISO 8601' "
                "(got '2024-02-30') @ row 1",
            ),
            (
                "time",
                ["2024-01-01T10:00", "2024-01-01"],
                "invalid frame: column 'time': expected a time with a UTC offset (or give a "
                "time zone) (got '2024-01-01T10:00') @ row 0",
            ),
            (
                "time",
                ["2024-01-01T24:00Z", "2024-01-01"],
                "invalid frame: column 'time': expected a time like 'ISO 8601' "
                "(got '2024-01-01T24:00Z') @ row 0",
            ),
        ],
    )
    def test_bad_cells(self, column: str, values: list[str | None], message: str) -> None:
        """A bad cell is reported with its column, value and row."""
        data: dict[str, list[str | None]] = {
            "party": ["p", "p"],
            "time": ["2024-01-01", "2024-01-02"],
            "amount": ["1", "2"],
            column: values,
        }

        assert message == self.error(pl.DataFrame(data, schema=dict.fromkeys(data, pl.String)))

    def test_every_bad_column_reported(self) -> None:
        """Each column with a bad cell is reported, at its first bad row."""
        frame = pl.DataFrame(
            {"party": ["", "p"], "time": ["2024-01-01", "x"], "amount": ["1", "2"]}
        )

        assert (
            "invalid frame: column 'party': expected an id: non-empty, without surrounding "
            "spaces (got '') @ row 0; column 'time': expected a time like 'ISO 8601' "
            "(got 'x') @ row 1"
        ) == self.error(frame)

    def test_duplicate_ids(self) -> None:
        """Fact ids are unique."""
        frame = pl.DataFrame(
            {
                "party": ["p"] * 3,
                "time": [date(2024, 1, 1)] * 3,
                "amount": [1] * 3,
                "order": ["o-1", "o-2", "o-1"],
            }
        )

        assert (
            "invalid frame: column 'order': expected a unique id (first seen @ row 0) "
            "(got 'o-1') @ row 2"
        ) == self.error(frame, id="order")

    def test_floats_refused(self) -> None:
        """Float amounts are refused: the error names the column and says how to convert it."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "total": [0.1]})

        assert (
            "'amount' must be a column of exact amounts: decimals, integers or text (column "
            "'total') (got Float64); floats are inexact: convert column 'total' yourself, "
            "rounding as your data needs, e.g. pl.col('total').round(2).cast(pl.Decimal(38, 2))"
        ) == self.error(frame, amount="total")

    def test_missing_column(self) -> None:
        """A column that is not in the frame is named, with the frame's columns."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1]})

        assert (
            "'payer' must be a column of the frame ['party', 'time', 'amount'] (got 'paid_by')"
        ) == self.error(frame, payer="paid_by")

    @pytest.mark.parametrize(
        ("column", "series", "message"),
        [
            (
                "party",
                pl.Series([1.5]),
                "'buyer' must be a column of text or integer ids (column 'party') (got Float64)",
            ),
            (
                "time",
                pl.Series([20240101]),
                "'time' must be a column of dates, datetimes or text (column 'time') (got Int64)",
            ),
            (
                "amount",
                pl.Series([True]),
                "'amount' must be a column of exact amounts: decimals, integers or text "
                "(column 'amount') (got Boolean)",
            ),
        ],
    )
    def test_wrong_types(self, column: str, series: pl.Series, message: str) -> None:
        """A column of the wrong type is refused, naming it and its type."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1]})

        assert message == self.error(frame.with_columns(series.alias(column)))

    def test_seller_given_once(self) -> None:
        """The seller is a constant or a column, as in a CsvMapping."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1]})

        assert "'seller' must be given as a constant or as a column, exactly one (got None)" == (
            self.error(frame, seller=None)
        )

    def test_not_a_frame(self) -> None:
        """Only polars and pandas frames are read."""
        with pytest.raises(InvalidValueError, match="'frame' must be a polars DataFrame"):
            summarize_frame([{"party": "p"}], seller="s", currency=EUR)

    def test_ids_of_other_types(self) -> None:
        """Integer and categorical ids are read as their text; integer amounts as decimals."""
        frame = pl.DataFrame(
            {
                "party": pl.Series([7, 7]),
                "seller": pl.Series(["s", "s"], dtype=pl.Categorical),
                "time": [date(2024, 1, 1), date(2024, 1, 2)],
                "amount": [3, 4],
            }
        )

        summary = summarize_frame(frame, seller_column="seller", currency=EUR)

        assert (2, Decimal(7)) == (
            summary.parties[("s", "7")].paid,
            summary.parties[("s", "7")].gross,
        )

    def test_lazy_and_pandas_frames(self) -> None:
        """LazyFrames and pandas frames are read as the polars frame they hold."""
        pytest.importorskip("pandas")
        pytest.importorskip("pyarrow")
        pandas = pytest.importorskip("pandas")
        data = {
            "party": ["p", "q"],
            "time": [date(2024, 1, 1)] * 2,
            "amount": [Decimal("1.5")] * 2,
        }
        frame = pl.DataFrame(data)
        expected = summarize_frame(frame, seller="s", currency=EUR)

        assert (expected, expected) == (
            summarize_frame(frame.lazy(), seller="s", currency=EUR),
            summarize_frame(pandas.DataFrame(data), seller="s", currency=EUR),
        )

    def test_pandas_without_pyarrow(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Reading a pandas frame without pyarrow names the extra to install."""
        pandas = pytest.importorskip("pandas")

        def missing(_: object) -> None:
            raise ImportError

        monkeypatch.setattr(pl, "from_pandas", missing)

        with pytest.raises(ImportError, match=r"install the 'pandas' extra"):
            summarize_frame(pandas.DataFrame({"party": ["p"]}), seller="s", currency=EUR)

    @pytest.mark.parametrize(
        ("times", "time_format", "zone", "expected"),
        [
            (["01/03/2024"], "%d/%m/%Y", None, datetime(2024, 3, 1, tzinfo=UTC)),
            (
                ["01/03/2024 10:05"],
                "%d/%m/%Y %H:%M",
                "Asia/Kolkata",
                datetime(2024, 3, 1, 4, 35, tzinfo=UTC),
            ),
            (
                ["2024-03-01T10:05:06,5-02:30"],
                None,
                None,
                datetime(2024, 3, 1, 12, 35, 6, 500000, tzinfo=UTC),
            ),
            (
                ["2024-03-01 10:05:06.1234567+0100"],
                None,
                None,
                datetime(2024, 3, 1, 9, 5, 6, 123456, tzinfo=UTC),
            ),
            (
                ["2024-10-27 02:30"],
                None,
                "Europe/Paris",
                datetime(2024, 10, 27, 0, 30, tzinfo=UTC),
            ),
        ],
    )
    def test_times_in_text(
        self, times: list[str], time_format: str | None, zone: str | None, expected: datetime
    ) -> None:
        """Text times are read as Python reads them (an ambiguous time is the first one)."""
        frame = pl.DataFrame({"party": ["p"], "time": times, "amount": [1]})

        summary = summarize_frame(
            frame, seller="s", currency=EUR, time_format=time_format, timezone=zone
        )

        assert expected == summary.last_instant

    @pytest.mark.parametrize(
        ("times", "time_format", "zone", "message"),
        [
            (
                ["1/3/2024"],
                "%d/%m/%Y",
                None,
                "invalid frame: column 'time': expected a time like '%d/%m/%Y' (got '1/3/2024') "
                "@ row 0",
            ),
            (
                ["2024-03-31 02:30"],
                None,
                "Europe/Paris",
                "invalid frame: column 'time': expected a time that exists in Europe/Paris "
                "(got '2024-03-31 02:30') @ row 0",
            ),
            (
                ["01/03/2024 10:05"],
                "%d/%m/%Y %H:%M",
                None,
                "invalid frame: column 'time': expected a time with a UTC offset (or give a "
                "time zone) (got '01/03/2024 10:05') @ row 0",
            ),
            (
                ["24 Mar 2024"],
                "%d %b %Y",
                None,
                "'time_format' must be a format of %Y, %m, %d, %H, %M and %S only, for the "
                "columnar engine (got '%d %b %Y'); %b cannot be read exactly: parse column "
                "'time' into a polars Date or Datetime first",
            ),
        ],
    )
    def test_times_refused(
        self, times: list[str], time_format: str | None, zone: str | None, message: str
    ) -> None:
        """Text the engine cannot read exactly as Python would is refused, never misread."""
        frame = pl.DataFrame({"party": ["p"], "time": times, "amount": [1]})

        assert message == self.error(frame, time_format=time_format, timezone=zone)

    def test_naive_datetimes(self) -> None:
        """A Datetime column without a zone is read in the zone given, and needs one."""
        frame = pl.DataFrame({"party": ["p"], "time": [datetime(2024, 3, 1, 10)], "amount": [1]})

        summary = summarize_frame(frame, seller="s", currency=EUR, timezone="Asia/Kolkata")

        assert (
            datetime(2024, 3, 1, 4, 30, tzinfo=UTC),
            "invalid frame: column 'time': "
            "expected a time with a UTC offset (or give a time zone) "
            "(got datetime.datetime(2024, 3, 1, 10, 0)) @ row 0",
        ) == (
            summary.last_instant,
            self.error(frame),
        )

    def test_nanoseconds(self) -> None:
        """Times finer than a microsecond are refused: Python's times cannot hold them."""
        frame = pl.DataFrame(
            {"party": ["p"], "time": [datetime(2024, 3, 1, tzinfo=UTC)], "amount": [1]}
        ).with_columns(pl.col("time").dt.cast_time_unit("ns") + pl.duration(nanoseconds=1))

        assert self.error(frame).startswith(
            "invalid frame: column 'time': expected a time in whole microseconds"
        )

    def test_row_index_name_reserved(self) -> None:
        """The engine numbers rows in a column of its own, which a frame may not have."""
        frame = pl.DataFrame(
            {"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1], "__clientele_row": [0]}
        )

        assert self.error(frame).startswith(
            "'frame' must be a frame without a column named '__clientele_row'"
        )

    def test_ids_holding_the_separator(self) -> None:
        """Fact ids may hold any character, even the one lists of ids are split by."""
        frame = pl.DataFrame(
            {
                "party": ["p", "p"],
                "time": [date(2024, 1, 1)] * 2,
                "amount": [1, 2],
                "id": ["a\x1fb", "c"],
            }
        )

        actual = judge_frame(frame, seller="s", currency=EUR, id="id", as_of=NOON)

        assert [["a\x1fb", "c"]] == actual.get_column("standing_facts").to_list()

    def test_collector_left_as_found(self) -> None:
        """Building summaries pauses the garbage collector, and leaves it as it was."""
        frame = pl.DataFrame({"party": ["p"], "time": [date(2024, 1, 1)], "amount": [1]})
        gc.disable()
        try:
            summarize_frame(frame, seller="s", currency=EUR)
            paused = not gc.isenabled()
        finally:
            gc.enable()

        assert paused

    def test_spaces_are_pythons(self) -> None:
        """The characters an id may not start or end with are those str.strip removes."""
        assert "".join(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == _SPACES


class TestToPolars:
    """Judgements made in Python, as frames."""

    @settings(max_examples=25)
    @given(cst.populations())
    def test_every_field(self, population: clientele.Population) -> None:
        """Each row holds its judgement's fields, rules and facts."""
        actual = to_polars(population).to_dicts()

        assert [
            (
                j.seller,
                j.party,
                *(getattr(j, f).value for f in ("standing", "tenure", "environment")),
                *(getattr(j, f).value for f in ("stage", "tier", "account")),
                sorted(r.value for r in j.roles),
                None if j.revenue is None else j.revenue.amount,
                *(
                    (j.reason(f).rule.value, list(j.reason(f).facts))
                    for f in ("standing", "tenure", "environment", "stage", "tier", "account")
                ),
            )
            for j in population
        ] == [
            (
                row["seller"],
                row["party"],
                row["standing"],
                row["tenure"],
                row["environment"],
                row["stage"],
                row["tier"],
                row["account"],
                sorted(row["roles"]),
                row["revenue"],
                *(
                    (row[f"{f}_rule"], row[f"{f}_facts"])
                    for f in ("standing", "tenure", "environment", "stage", "tier", "account")
                ),
            )
            for row in actual
        ]

    def test_empty(self) -> None:
        """No judgements: no rows, the same columns."""
        assert list(JUDGEMENT_SCHEMA) == to_polars([]).columns

    def test_only_judgements(self) -> None:
        """Anything else is refused."""
        with pytest.raises(InvalidValueError, match="'judgements' must be a Population"):
            to_polars(["p-1"])  # type: ignore[list-item]

    def test_to_pandas(self) -> None:
        """The pandas frame holds the same rows."""
        pytest.importorskip("pandas")
        pytest.importorskip("pyarrow")
        ledger = Ledger.of(
            Purchase(
                id="f-1",
                seller="s",
                at=date(2024, 3, 1),
                amount=Money(Decimal(3), EUR),
                buyer="p-1",
                users=("p-2",),
            )
        )
        population = judge_all(ledger, "s", as_of=NOON)

        actual = to_pandas(population)

        assert to_polars(population).to_dicts() == pl.from_pandas(actual).to_dicts()


@st.composite
def csv_exports(draw: st.DrawFn) -> tuple[CsvMapping, list[str]]:
    """CSV exports of generated purchases, with the mapping that reads them."""
    layout, purchases = draw(sales(max_size=12))
    layout = attrs.evolve(layout, times="text")
    dates_only = all(not isinstance(p.at, datetime) for p in purchases)
    time_format = draw(st.sampled_from([None, "%Y%m%d"])) if dates_only else None
    header = ["customer", "date", "total"]
    optional = [
        (layout.several_sellers, "seller"),
        (layout.currency_column, "currency"),
        (layout.payer, "payer"),
        (layout.user, "user"),
    ]
    header += [name for present, name in optional if present]
    lines = [",".join(header)]
    for p in purchases:
        at = p.at.strftime("%Y%m%d") if time_format else p.at.isoformat()
        assert isinstance(p.buyer, str)
        row = [p.buyer, at, str(p.amount.amount)]
        row += [
            value
            for (present, _), value in zip(
                optional,
                [
                    p.seller,
                    p.amount.currency,
                    p.payer if isinstance(p.payer, str) else "",
                    p.users[0] if p.users else "",
                ],
                strict=True,
            )
            if present
        ]
        lines.append(",".join(row))
    mapping = CsvMapping(
        party="customer",
        time="date",
        amount="total",
        seller=None if layout.several_sellers else "s-0",
        seller_column="seller" if layout.several_sellers else None,
        currency=None if layout.currency_column else EUR,
        currency_column="currency" if layout.currency_column else None,
        payer="payer" if layout.payer else None,
        user="user" if layout.user else None,
        time_format=time_format,
    )
    return mapping, lines


class TestCsvEngine:
    """The command line's columnar path reads CSV exports as summarize_csv does."""

    @settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(csv_exports(), cst.policies(EUR))
    def test_equals_summarize_csv(
        self, tmp_path: Path, export: tuple[CsvMapping, list[str]], policy: Policy
    ) -> None:
        """The summaries are summarize_csv's, rows named by their line numbers."""
        mapping, lines = export
        path = tmp_path / "export.csv"
        path.write_text("\ufeff" + "\r\n".join(lines) + "\r\n", encoding="utf-8")

        actual = scan_csv_polars(path, mapping, cutoff=None, policy=policy)

        assert summarize_csv(lines, mapping, policy=policy) == actual

    def test_judgements_and_last_instant(self, tmp_path: Path) -> None:
        """judge_csv_polars judges the export; the last instant is its latest row's."""
        path = tmp_path / "export.csv"
        path.write_text("customer,date,total\nc-1,2024-03-01,5\nc-1,2024-03-04T10:00+02:00,3\n")
        mapping = CsvMapping(
            party="customer", time="date", amount="total", seller="s", currency=EUR
        )

        judged = judge_csv_polars(path, mapping, as_of=NOON, policy=DEFAULT)
        last = last_instant_csv_polars(path, mapping)

        assert (
            [("c-1", "customer", ["line-2", "line-3"])],
            datetime(2024, 3, 4, 8, tzinfo=UTC),
        ) == (
            judged.select("party", "standing", "standing_facts").rows(),
            last,
        )

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            (b"customer,date,total\nc-1,2024-03-01,5\n\nc-2,2024-03-01,5\n", "width"),
            (b'customer,date,total,note\nc-1,2024-03-01,5,"a\nb"\n', "width"),
            (b"customer,date,total,note\nc-1,2024-03-01,5\n", "width"),
            (b"customer,date,total\nc-1,2024-03-01,5,6\n", "width"),
            (b'customer,date,total,note\nc-1,2024-03-01,5,"a"b\n', "width"),
            (b"customer,date,total\nc-1,2024-03-01,5\rc-2,2024-03-01,5\n", "width"),
            (
                b'customer,date,total,note\nc-1,2024-03-01,5,"a,""b"""\nc-2,2024-03-01,-5,\n',
                "positive decimal",
            ),
            (b"customer,date,total\nc-1,2024-03-01,\xff\n", "utf8"),
            (b"customer,customer,date,total\nc-1,c-2,2024-03-01,5\n", "repeats"),
            (b'"customer,date,total\nc-1,2024-03-01,5\n', "header"),
            (b'"cust""omer",date,total\nc-1,2024-03-01,5\n', "polars reads the header"),
            (b"customer,date,total\nc-1,2024-03-01," + b"9" * 40 + b"\n", "38 digits"),
            (b"customer;date;total\nc-1;2024-03-01;5\n", "'customer;date;total'"),
            (b"customer,date\nc-1,2024-03-01\n", "'total'"),
            (b"", "empty"),
        ],
    )
    def test_falls_back(self, tmp_path: Path, text: bytes, reason: str) -> None:
        """Whatever the Python reader would read differently or refuse sends the caller to it."""
        path = tmp_path / "export.csv"
        path.write_bytes(text)
        mapping = CsvMapping(
            party="customer", time="date", amount="total", seller="s", currency=EUR
        )

        with pytest.raises(ColumnarFallbackError) as raised:
            scan_csv_polars(path, mapping, cutoff=None, policy=DEFAULT)

        assert reason.lower() in str(raised.value).lower()

    def test_quoted_fields(self, tmp_path: Path) -> None:
        """Quoted fields, with separators and doubled quotes inside, are read as Python does."""
        lines = [
            "customer,date,total,note",
            '"c-1",2024-03-01,"5.00","a, ""b"""',
            'c-2,"2024-03-02T10:00:00+01:00",1.5,',
        ]
        path = tmp_path / "export.csv"
        path.write_text("\n".join(lines))
        mapping = CsvMapping(
            party="customer", time="date", amount="total", seller="s", currency=EUR
        )

        actual = scan_csv_polars(path, mapping)

        assert summarize_csv(lines, mapping) == actual

    def test_last_instant_of_unreadable_bytes(self, tmp_path: Path) -> None:
        """Bytes polars cannot read send the caller to the Python path."""
        path = tmp_path / "export.csv"
        path.write_bytes(b"customer,date,total\nc-1,2024-03-01T10:00+01:00,5\nc-2,\xff,5\n")
        mapping = CsvMapping(
            party="customer", time="date", amount="total", seller="s", currency=EUR
        )

        with pytest.raises(ColumnarFallbackError):
            last_instant_csv_polars(path, mapping)

    def test_no_rows(self, tmp_path: Path) -> None:
        """A header alone is an export without sales: no last instant."""
        path = tmp_path / "export.csv"
        path.write_text("customer,date,total\n")
        mapping = CsvMapping(
            party="customer", time="date", amount="total", seller="s", currency=EUR
        )

        assert None is last_instant_csv_polars(path, mapping)

    def test_wrong_type_falls_back(self, tmp_path: Path) -> None:
        """Errors about the mapping send the caller to the Python path too."""
        path = tmp_path / "export.csv"
        path.write_text("customer,date,total\nc-1,24 Mar 2024,5\n")
        mapping = CsvMapping(
            party="customer",
            time="date",
            amount="total",
            seller="s",
            currency=EUR,
            time_format="%d %b %Y",
        )

        with pytest.raises(ColumnarFallbackError, match="%b cannot be read exactly"):
            scan_csv_polars(path, mapping, cutoff=None, policy=DEFAULT)


class TestOptional:
    """polars stays optional."""

    def test_not_imported_by_clientele(self) -> None:
        """Importing clientele does not import polars."""
        code = "import sys, clientele; print('polars' in sys.modules)"
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )

        assert "False" == done.stdout.strip()

    @pytest.mark.parametrize("module", ["_polars", "frames"])
    def test_missing_polars_names_the_extra(
        self, module: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Without polars, importing the engine or clientele.frames says which extra to install."""
        monkeypatch.setitem(sys.modules, "polars", None)
        spec = importlib.util.spec_from_file_location(
            f"clientele.{module}_without_polars", Path(clientele.__file__).parent / f"{module}.py"
        )
        assert spec is not None
        assert spec.loader is not None
        loaded = importlib.util.module_from_spec(spec)

        with pytest.raises(ImportError) as raised:
            spec.loader.exec_module(loaded)

        assert (
            "clientele's columnar engine needs polars: install the 'polars' extra with "
            "`pip install clientele[polars]`"
        ) == str(raised.value)
