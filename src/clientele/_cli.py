"""The ``clientele`` command line: classify, report, explain and RFM over ledger files."""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib.util
import os
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime, time, tzinfo
from decimal import Decimal
from typing import IO, Final, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import __version__
from ._csv import CsvMapping
from ._errors import ClienteleError, InvalidValueError, LedgerFileError
from ._judgement import Judgement, Role, Standing
from ._lines import OnError
from ._output import write_csv, write_json, write_jsonl, write_table
from ._periods import local_date
from ._policy import PRESETS, Policy
from ._population import Population, judge_summaries, timeline
from ._rfm import RFM_PERIODS, Rfm, observation_cutoff, rfm_of_summaries
from ._sources import Scan, Source, collect_about, scan, spooled

__all__ = ["main"]

EXIT_OK: Final = 0
EXIT_DATA: Final = 1
EXIT_USAGE: Final = 2

_FIELDS: Final = ("standing", "tenure", "environment", "stage", "tier", "account")
_CLASSIFY_HEADER: Final = ("seller", "party", *_FIELDS, "roles", "revenue", "currency")


class _UsageError(Exception):
    """A command line that cannot be run as given."""


class _NotFoundError(ClienteleError, LookupError):
    """The ledger holds nothing about what was asked."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _as_of(text: str) -> date | datetime:
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        moment = datetime.fromisoformat(text)
    except ValueError:
        msg = f"expected a date (2024-06-30) or an instant with an offset, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if moment.utcoffset() is None:
        msg = f"{text!r} has no UTC offset: add one (e.g. {text}+00:00) or give a date"
        raise argparse.ArgumentTypeError(msg)
    return moment


def _add_input_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("reading CSV exports")
    group.add_argument(
        "--input-format",
        choices=("auto", "jsonl", "csv"),
        default="auto",
        help="auto: CSV when a --*-column option is given or the file ends in .csv",
    )
    for name, what in (
        ("party", "the party who bought (required for CSV)"),
        ("time", "the time of purchase (required for CSV)"),
        ("amount", "the amount paid (required for CSV)"),
        ("seller", "the seller, when not one --seller for every row"),
        ("currency", "the currency, when not one --currency for every row"),
        ("payer", "who paid, when not the policy's assumption"),
        ("user", "who uses what was bought"),
        ("id", "a unique id for each row (default: its line number)"),
    ):
        group.add_argument(f"--{name}-column", metavar="NAME", help=f"the column holding {what}")
    group.add_argument("--currency", help="the ISO 4217 currency of every amount, e.g. EUR")
    group.add_argument("--time-format", metavar="FORMAT", help="strptime format, e.g. %%Y%%m%%d")
    group.add_argument(
        "--timezone", metavar="ZONE", help="IANA zone of timestamps without an offset"
    )
    group.add_argument("--delimiter", default=",", help="the CSV field separator (default ,)")


def _add_judging_options(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument("ledger", help="a ledger file (JSON Lines or CSV), or - for stdin")
    parser.add_argument(
        "--as-of",
        type=_as_of,
        metavar="INSTANT|DATE",
        help="judge as of this instant, or the end of this date (default: the end of "
        "the ledger's last day)",
    )
    parser.add_argument(
        "--policy", choices=sorted(PRESETS), default="default", help="the policy preset"
    )
    parser.add_argument(
        "--seller",
        metavar="ID",
        help="only this seller (for CSV without --seller-column: the seller of every row)",
    )
    parser.add_argument("--format", choices=formats, default=formats[0])
    parser.add_argument(
        "--on-error",
        action="extend",
        nargs="+",
        metavar=("stop|report", "FILE"),
        help="stop at the first bad row (default), or 'report FILE': write every "
        "rejected row to FILE, go on, and exit 1",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "python", "polars"),
        default="auto",
        help="how to fold CSV files: polars (the 'polars' extra) or pure Python; "
        "auto: polars when installed. Both give the same results",
    )
    _add_input_options(parser)


def _columnar(args: argparse.Namespace) -> bool:
    """Whether to fold CSV files with the polars engine, as ``--engine`` says."""
    installed = importlib.util.find_spec("polars") is not None
    if args.engine == "polars" and not installed:
        raise _UsageError(
            "--engine polars needs polars: install the 'polars' extra with "
            "`pip install clientele[polars]`"
        )
    return args.engine == "polars" or (args.engine == "auto" and installed)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="clientele",
        description="Who is each party to a seller: customer, client, user, payer…",
    )
    parser.add_argument("--version", action="version", version=f"clientele {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    commands.add_parser(
        "demo", help="classify the bundled sample ledger and explain a few parties"
    )
    _add_judging_options(
        commands.add_parser("classify", help="one row per (seller, party): every judgement"),
        ("table", "json", "jsonl", "csv"),
    )
    _add_judging_options(
        commands.add_parser("report", help="counts by standing, tenure, stage, tier…"),
        ("table", "json"),
    )
    explain = commands.add_parser("explain", help="one party's judgement with every reason")
    _add_judging_options(explain, ("text", "json"))
    explain.add_argument("party", help="the party's id")
    rfm = commands.add_parser("rfm", help="frequency, recency, T and monetary value per party")
    _add_judging_options(rfm, ("csv", "json", "table"))
    rfm.add_argument("--freq", choices=sorted(RFM_PERIODS), default="D")
    glossary = commands.add_parser("glossary", help="look a term up in any language")
    glossary.add_argument("term")
    return parser


def _source(args: argparse.Namespace) -> Source:
    columns = {
        name: getattr(args, f"{name}_column")
        for name in ("party", "time", "amount", "seller", "currency", "payer", "user", "id")
    }
    kind = args.input_format
    if kind == "auto":
        wants_csv = any(columns.values()) or args.ledger.lower().endswith(".csv")
        kind = "csv" if wants_csv else "jsonl"
    if kind == "jsonl":
        return Source(path=args.ledger, kind="jsonl")
    missing = [f"--{n}-column" for n in ("party", "time", "amount") if columns[n] is None]
    if missing:
        raise _UsageError(f"reading CSV needs {', '.join(missing)}")
    try:
        mapping = CsvMapping(
            party=columns["party"],
            time=columns["time"],
            amount=columns["amount"],
            seller=None if columns["seller"] else args.seller,
            seller_column=columns["seller"],
            currency=args.currency,
            currency_column=columns["currency"],
            payer=columns["payer"],
            user=columns["user"],
            id=columns["id"],
            time_format=args.time_format,
            timezone=args.timezone,
            delimiter=args.delimiter,
        )
    except InvalidValueError as exc:
        flag = {
            "seller": "--seller or --seller-column",
            "currency": "--currency or --currency-column",
        }.get(exc.field, f"--{exc.field.replace('_', '-')}")
        raise _UsageError(f"{flag}: {exc}") from None
    return Source(path=args.ledger, kind="csv", mapping=mapping)


class _Rejects:
    """Collects rejected rows for ``--on-error report FILE``."""

    def __init__(self, mode: Sequence[str] | None) -> None:
        if mode is None or list(mode) == ["stop"]:
            self.path: str | None = None
        elif len(mode) == 2 and mode[0] == "report":
            self.path = mode[1]
        else:
            raise _UsageError("--on-error takes 'stop' or 'report FILE'")
        self.errors: list[LedgerFileError] = []

    def __call__(self, error: LedgerFileError) -> None:
        self.errors.append(error)

    @property
    def hook(self) -> _Rejects | None:
        return None if self.path is None else self

    @property
    def again(self) -> OnError | None:
        """For reading the input a second time: its rejects are known already."""
        return None if self.path is None else _Rejects.skip

    @staticmethod
    def skip(_: LedgerFileError) -> None:
        """Leave out a row rejected before."""

    def close(self, err: IO[str]) -> int:
        if self.path is None:
            return EXIT_OK
        with open(self.path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(("line", "reason"))
            for error in self.errors:
                writer.writerow((error.line, "; ".join(error.errors)))
        if not self.errors:
            return EXIT_OK
        err.write(f"clientele: {len(self.errors)} rejected row(s) written to {self.path}\n")
        return EXIT_DATA


def _zone(args: argparse.Namespace) -> tzinfo:
    if not args.timezone:
        return UTC
    try:
        return ZoneInfo(args.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        error = InvalidValueError(
            "timezone", "an IANA time zone name such as 'Europe/Paris'", args.timezone
        )
        raise _UsageError(f"--timezone: {error}") from None


def _end_of(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time.max, zone)


def _judged(
    args: argparse.Namespace, source: Source, err: IO[str], rejects: _Rejects
) -> tuple[datetime, Scan, Policy]:
    policy = PRESETS[args.policy]
    zone = _zone(args)
    given = args.as_of
    cutoff = (
        None if given is None else (given if isinstance(given, datetime) else _end_of(given, zone))
    )
    found = _scan(args, source, cutoff, policy, rejects, err)
    if cutoff is None:
        cutoff = _end_of(_last_day(found, zone), zone)
        err.write(f"clientele: as of {cutoff.isoformat()} (the end of the ledger's last day)\n")
    else:
        err.write(f"clientele: as of {cutoff.isoformat()}\n")
    return cutoff, found, policy


def _scan(
    args: argparse.Namespace,
    source: Source,
    cutoff: datetime | None,
    policy: Policy,
    rejects: _Rejects,
    err: IO[str],
) -> Scan:
    """Fold *source* up to *cutoff*, with the engine and error handling the flags ask for."""
    return scan(
        source,
        cutoff=cutoff,
        policy=policy,
        on_error=rejects.hook,
        progress=err,
        columnar=_columnar(args),
    )


def _last_day(found: Scan, zone: tzinfo) -> date:
    """Return the day, on *zone*'s clock, of the ledger's last fact (today if it has none)."""
    last = found.summary.last_instant
    return local_date(last.astimezone(zone)) if last else datetime.now(zone).date()


def _sellers(args: argparse.Namespace, found: Scan) -> list[str]:
    sellers = sorted(found.summary.sellers() | set(found.sellers))
    if args.seller is not None:
        return [args.seller]
    return sellers


def _populations(args: argparse.Namespace, err: IO[str], rejects: _Rejects) -> list[Population]:
    as_of, found, policy = _judged(args, _source(args), err, rejects)
    return [
        judge_summaries(found.summary, seller, as_of=as_of, policy=policy, parties=found.parties)
        for seller in _sellers(args, found)
    ]


def _roles(judgement: Judgement) -> str:
    return " ".join(role.value for role in Role if role in judgement.roles)


def _classify_row(j: Judgement) -> list[str | Decimal]:
    return [
        j.seller,
        j.party,
        *(getattr(j, field).value for field in _FIELDS),
        _roles(j),
        j.revenue.amount if j.revenue else "",
        j.revenue.currency if j.revenue else "",
    ]


def _classify(args: argparse.Namespace, out: IO[str], err: IO[str], rejects: _Rejects) -> None:
    judgements = [j for population in _populations(args, err, rejects) for j in population]
    if args.format == "json":
        write_json(judgements, out)
    elif args.format == "jsonl":
        write_jsonl(judgements, out)
    elif args.format == "csv":
        write_csv(_CLASSIFY_HEADER, (_classify_row(j) for j in judgements), out)
    else:
        write_table(_CLASSIFY_HEADER, [_classify_row(j) for j in judgements], out)


def _report_data(population: Population) -> dict[str, object]:
    share = population.concentration()
    revenue = population.revenue
    data: dict[str, object] = {"seller": population.seller, "parties": len(population)}
    for field in (*_FIELDS,):
        counts = population.counts(field)
        data[field] = {value.value: count for value, count in counts.items()}
    data["revenue"] = None if revenue is None else str(revenue.amount)
    data["currency"] = None if revenue is None else revenue.currency
    data["high_value_share"] = None if share is None else str(round(share, 4))
    data["unattributed_sales"] = population.unattributed_sales
    return data


def _report(args: argparse.Namespace, out: IO[str], err: IO[str], rejects: _Rejects) -> None:
    reports = [_report_data(p) for p in _populations(args, err, rejects)]
    if args.format == "json":
        write_json(reports, out)
        return
    for n, data in enumerate(reports):
        rows: list[list[str | int | Decimal]] = []
        for field in _FIELDS:
            counts = data[field]
            assert isinstance(counts, dict)
            rows.extend([field, value, count] for value, count in counts.items())
        rows.append(["revenue", str(data["currency"] or ""), str(data["revenue"] or "0")])
        rows.append(["high-value share", "of revenue", str(data["high_value_share"] or "-")])
        rows.append(["unattributed", "sales", str(data["unattributed_sales"])])
        count = data["parties"]
        title = f"{data['seller']}: {count} part{'y' if count == 1 else 'ies'}"
        if n:
            out.write("\n")
        write_table(("measure", "value", "parties"), rows, out, title)


def _explain(args: argparse.Namespace, out: IO[str], err: IO[str], rejects: _Rejects) -> None:
    with spooled(_source(args)) as source:  # read twice: standard input is kept
        _explain_source(args, source, out, err, rejects)


def _explain_source(
    args: argparse.Namespace, source: Source, out: IO[str], err: IO[str], rejects: _Rejects
) -> None:
    as_of, found, policy = _judged(args, source, err, rejects)
    judgements = [
        j
        for seller in _sellers(args, found)
        for j in judge_summaries(
            found.summary, seller, as_of=as_of, policy=policy, parties=found.parties
        )
        if j.party == args.party
    ]
    if not judgements:
        raise _NotFoundError(f"no fact of the ledger names party {args.party!r}")
    if args.format == "json":
        write_json(judgements, out)
        return
    about = collect_about(source, args.party, on_error=rejects.again)
    for n, judgement in enumerate(judgements):
        if n:
            out.write("\n")
        _explain_text(judgement, about, policy, out)


def _explain_text(j: Judgement, about: object, policy: Policy, out: IO[str]) -> None:
    from ._ledger import Ledger

    assert isinstance(about, Ledger)
    what = (
        f"has no standing with {j.seller}"
        if j.standing is Standing.NONE
        else f"is a {j.standing.value} of {j.seller}"
    )
    out.write(f"{j.party} {what} as of {j.as_of.isoformat()} (policy {j.policy!r})\n")
    for reason in j.reasons:
        value = getattr(j, reason.field).value if "." not in reason.field else "yes"
        facts = f" [{', '.join(reason.facts)}]" if reason.facts else ""
        out.write(f"  {reason.field:<22} {value:<13} {reason.detail}{facts}\n")
    cited = sorted({fact for reason in j.reasons for fact in reason.facts})
    if cited:
        out.write("  facts:\n")
        for fact_id in cited:
            fact = about.fact(fact_id)
            out.write(f"    {fact_id}: {_describe(fact)}\n")
    changes = timeline(about, j.seller, j.party, until=j.as_of, policy=policy)
    if changes:
        out.write("  history:\n")
        for change in changes:
            out.write(
                f"    {change.at.date()}  {change.field}: {change.before.value} -> "
                f"{change.after.value}\n"
            )


def _describe(fact: object) -> str:
    if fact is None:
        return "(not in the ledger)"
    kind = type(fact).__name__.lower()
    when = getattr(fact, "at", None) or getattr(fact, "start", None)
    amount = getattr(fact, "amount", None) or getattr(fact, "fees", None)
    parts = [kind, str(when)]
    if amount is not None:
        parts.append(str(amount))
    return "  ".join(parts)


def _rfm(args: argparse.Namespace, out: IO[str], err: IO[str], rejects: _Rejects) -> None:
    period = RFM_PERIODS[args.freq]
    zone = _zone(args)
    source = _source(args)
    policy = PRESETS[args.policy]
    given = args.as_of
    if given is None:
        found = _scan(args, source, None, policy, rejects, err)
        end = _last_day(found, zone)
    else:
        end = given if not isinstance(given, datetime) else local_date(given.astimezone(zone))
        found = _scan(args, source, observation_cutoff(end, period, zone), policy, rejects, err)
    err.write(f"clientele: observation ends {end.isoformat()} (freq {args.freq})\n")
    sellers = _sellers(args, found)
    if len(sellers) > 1:
        raise _UsageError(f"the ledger has several sellers {sellers}: choose one with --seller")
    rows = rfm_of_summaries(
        found.summary.for_seller(sellers[0]) if sellers else {}, end=end, period=period
    )
    _write_rfm(args.format, rows, out)


def _write_rfm(fmt: str, rows: Sequence[Rfm], out: IO[str]) -> None:
    header = ("party", "frequency", "recency", "T", "monetary_value")
    table: list[list[str | int | Decimal]] = [
        [r.party, r.frequency, r.recency, r.T, r.monetary_value] for r in rows
    ]
    if fmt == "json":
        write_json(list(rows), out)
    elif fmt == "table":
        write_table(header, table, out)
    else:
        write_csv(header, table, out)


def _glossary(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from ._glossary import format_candidates, lookup

    found = lookup(args.term)
    text = format_candidates(args.term, found)
    (out if found else err).write(text if text.endswith("\n") else f"{text}\n")
    return EXIT_OK if found else EXIT_DATA


def _run(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    if args.command == "demo":
        from ._demo import run_demo

        return run_demo(out, err)
    if args.command == "glossary":
        return _glossary(args, out, err)
    rejects = _Rejects(args.on_error)
    commands = {"classify": _classify, "report": _report, "explain": _explain, "rfm": _rfm}
    commands[args.command](args, out, err, rejects)
    return rejects.close(err)


def _silence(out: IO[str]) -> None:
    """Point stdout at /dev/null if *out* is it, so that flushing at exit raises nothing."""
    if out is sys.__stdout__:  # pragma: no cover - only in a real pipe, see tests/test_cli.py
        devnull = os.open(os.devnull, os.O_WRONLY)
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, out.fileno())
        os.close(devnull)


def _bounded_on_error(argv: Sequence[str]) -> list[str]:
    """Give ``--on-error`` exactly its own words, so it never swallows the ledger.

    ``--on-error report FILE ledger.csv`` would otherwise read as three words
    for ``--on-error``: attach each word to the option instead.
    """
    words = list(argv)
    bounded: list[str] = []
    while words:
        word = words.pop(0)
        if word == "--on-error" and words:
            mode = words.pop(0)
            bounded.append(f"--on-error={mode}")
            if mode == "report" and words:
                bounded.append(f"--on-error={words.pop(0)}")
        else:
            bounded.append(word)
    return bounded


def main(
    argv: Sequence[str] | None = None, out: IO[str] | None = None, err: IO[str] | None = None
) -> int:
    """Run the command line with *argv* and return its exit code.

    0: success; 1: bad data (the message names the line, column and value);
    2: a command line that cannot be run as given. Results go to *out*
    (stdout), progress and messages to *err* (stderr).
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    parser = _parser()
    try:
        # argparse writes --help, --version and its errors to sys.stdout and
        # sys.stderr, and exits: send them to *out* and *err*, and return.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(_bounded_on_error(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        return _run(args, out, err)
    except BrokenPipeError:  # the reader (``| head``) has seen enough
        _silence(out)
        return EXIT_OK
    except _UsageError as exc:
        parser.print_usage(err)
        err.write(f"clientele: error: {exc}\n")
        return EXIT_USAGE
    except (ClienteleError, OSError) as exc:
        err.write(f"clientele: error: {exc}\n")
        return EXIT_DATA
