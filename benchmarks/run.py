"""Benchmarks: clientele against lifetimes, pandas and polars on the same ledgers.

Run with ``scripts/bench`` (see benchmarks/README.md). Each measurement runs
in a fresh process, so that its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"
END = "1998-06-30"  # CDNOW's last day: the end of observation for every tool
TOOLS = (
    "lifetimes",
    "pandas",
    "polars_raw",
    "clientele_python",
    "clientele_polars",
    "clientele_dask",
)


def cdnow_rows() -> list[tuple[str, str, str]]:
    """Return CDNOW's transactions (customer, yyyymmdd, amount), as lifetimes ships them.

    The 80 transactions of 0.00 are left out: a purchase is paid, and
    clientele refuses a zero amount.
    """
    import lifetimes.datasets

    path = Path(lifetimes.datasets.__file__).parent / "CDNOW_master.txt"
    rows = []
    for line in path.read_text().splitlines()[1:]:
        customer, day, _, amount = line.split()
        if float(amount) > 0:
            rows.append((customer, day, amount))
    return rows


def prepare(size: int) -> Path:
    """Write a CSV of *size* rows: CDNOW replicated with offset customer ids."""
    DATA.mkdir(exist_ok=True)
    path = DATA / f"cdnow-{size}.csv"
    if path.exists():
        return path
    base = cdnow_rows()
    with path.open("w") as out:
        out.write("customer,date,amount\n")
        written = 0
        copy = 0
        while written < size:
            for customer, day, amount in base:
                if written == size:
                    break
                out.write(f"{copy}-{customer},{day},{amount}\n")
                written += 1
            copy += 1
    return path


def run_lifetimes(path: Path) -> int:
    """Lifetimes' own RFM summary, from a pandas frame."""
    import pandas as pd
    from lifetimes.utils import summary_data_from_transaction_data

    frame = pd.read_csv(path, dtype={"customer": str, "date": str, "amount": float})
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    summary = summary_data_from_transaction_data(
        frame, "customer", "date", monetary_value_col="amount", observation_period_end=END
    )
    return len(summary)


def run_pandas(path: Path) -> int:
    """Compute the same RFM summary with hand-written pandas groupbys."""
    import pandas as pd

    frame = pd.read_csv(path, dtype={"customer": str, "date": str, "amount": float})
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    days = frame.groupby(["customer", "date"], as_index=False)["amount"].sum()
    grouped = days.groupby("customer")
    summary = grouped.agg(
        first=("date", "min"), last=("date", "max"), n=("date", "size"), total=("amount", "sum")
    )
    first_amount = days.sort_values("date").groupby("customer")["amount"].first()
    end = pd.Timestamp(END)
    summary["frequency"] = summary["n"] - 1
    summary["recency"] = (summary["last"] - summary["first"]).dt.days
    summary["T"] = (end - summary["first"]).dt.days
    repeat = summary["total"] - first_amount
    summary["monetary_value"] = (repeat / summary["frequency"]).where(summary["frequency"] > 0, 0)
    return len(summary)


def run_polars_raw(path: Path) -> int:
    """Group by party and day in raw polars: the floor for any engine."""
    import polars as pl

    frame = pl.read_csv(path, schema_overrides={"customer": pl.String, "date": pl.String})
    frame = frame.with_columns(pl.col("date").str.strptime(pl.Date, "%Y%m%d"))
    days = frame.group_by("customer", "date").agg(pl.col("amount").sum())
    summary = days.group_by("customer").agg(
        pl.col("date").min().alias("first"),
        pl.col("date").max().alias("last"),
        pl.len().alias("n"),
        pl.col("amount").sum().alias("total"),
    )
    return summary.height


def _mapping() -> object:
    from clientele import CsvMapping

    return CsvMapping(
        party="customer",
        time="date",
        amount="amount",
        seller="cdnow",
        currency="USD",
        time_format="%Y%m%d",
    )


def run_clientele_python(path: Path) -> int:
    """Stream the CSV with clientele's pure-Python path: summarise, judge, RFM."""
    from datetime import UTC, datetime
    from datetime import time as clock

    from clientele import CalendarPeriod, judge_summaries, summarize_csv
    from clientele._rfm import rfm_of_summaries

    end = date.fromisoformat(END)
    as_of = datetime.combine(end, clock.max, UTC)
    with path.open("rb") as lines:
        summary = summarize_csv(lines, _mapping(), cutoff=as_of)  # type: ignore[arg-type]
    population = judge_summaries(summary, "cdnow", as_of=as_of)
    rfm_of_summaries(summary.for_seller("cdnow"), end=end, period=CalendarPeriod.DAY)
    return len(population)


def run_clientele_polars(path: Path) -> int:
    """Run clientele's polars engine: summaries and every judgement, vectorised."""
    from datetime import UTC, datetime
    from datetime import time as clock

    from clientele._polars import judge_csv_polars

    as_of = datetime.combine(date.fromisoformat(END), clock.max, UTC)
    frame = judge_csv_polars(path, _mapping(), as_of=as_of)  # type: ignore[arg-type]
    return int(frame.height)


def run_clientele_dask(path: Path) -> int:
    """Run clientele's Dask adapter on a local cluster of two workers."""
    from datetime import UTC, datetime
    from datetime import time as clock

    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    from clientele import judge_summaries
    from clientele.dask import summarize_dask

    as_of = datetime.combine(date.fromisoformat(END), clock.max, UTC)
    cluster = LocalCluster(n_workers=2, threads_per_worker=1)  # type: ignore[no-untyped-call]
    with cluster, Client(cluster):  # type: ignore[no-untyped-call]
        frame = dd.read_csv(path, dtype=str, blocksize="64MB")
        summary = summarize_dask(frame, _mapping(), cutoff=as_of)  # type: ignore[arg-type]
    return len(judge_summaries(summary, "cdnow", as_of=as_of))


RUNNERS: dict[str, Callable[[Path], int]] = {
    "lifetimes": run_lifetimes,
    "pandas": run_pandas,
    "polars_raw": run_polars_raw,
    "clientele_python": run_clientele_python,
    "clientele_polars": run_clientele_polars,
    "clientele_dask": run_clientele_dask,
}


def _peak_mb() -> float:
    """Return this process's peak resident memory, in MB.

    ``VmHWM`` rather than ``ru_maxrss``: the latter survives ``exec`` on
    Linux, and would count the memory of the parent that started us.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover


def measure(tool: str, path: Path) -> dict[str, float]:
    """Run one tool in this process and return seconds and peak memory."""
    started = time.perf_counter()
    parties = RUNNERS[tool](path)
    seconds = time.perf_counter() - started
    peak_mb = _peak_mb()
    return {"seconds": seconds, "peak_mb": peak_mb, "parties": parties}


def main() -> None:
    """Prepare the data, run every tool in its own process, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="70000,1000000,10000000")
    parser.add_argument("--tools", default=",".join(TOOLS))
    parser.add_argument("--one", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one[0], Path(args.one[1]))))
        return
    RESULTS.mkdir(exist_ok=True)
    lines = [
        "| rows | tool | seconds | rows/s | x lifetimes | peak MB | x lifetimes memory |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for size in (int(s) for s in args.sizes.split(",")):
        path = prepare(size)
        base: dict[str, float] | None = None
        for tool in args.tools.split(","):
            done = subprocess.run(
                [sys.executable, __file__, "--one", tool, str(path)],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                print(f"{size} {tool}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            if tool == "lifetimes":
                base = result
            speed = size / result["seconds"]
            ratio = f"{base['seconds'] / result['seconds']:.2f}" if base else "-"
            memory = f"{result['peak_mb'] / base['peak_mb']:.2f}" if base else "-"
            row = (
                f"| {size:,} | {tool} | {result['seconds']:.2f} | {speed:,.0f} | {ratio} "
                f"| {result['peak_mb']:,.0f} | {memory} |"
            )
            lines.append(row)
            print(row, flush=True)
    (RESULTS / "RESULTS.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
