"""Ledger inputs for the command line: files or stdin, JSON Lines or CSV, streamed."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime
from typing import IO, Final, Literal, final

import attrs

from ._csv import CsvMapping, read_csv, summarize_csv
from ._errors import CurrencyMismatchError, DuplicateIdError, LedgerFileError
from ._facts import Fact, Refund, Usage
from ._ledger import Ledger, Record, parties_in
from ._ledger_file import _numbered_records
from ._lines import OnError, report
from ._offerings import Offering
from ._parties import Organization, Party, PartyId, Person, Seller
from ._policy import Policy
from ._summary import LedgerSummary, _Folder

__all__ = ["Scan", "Source", "collect_about", "scan", "spooled"]

InputKind = Literal["jsonl", "csv"]
_CHUNK: Final = 1 << 20


@final
@attrs.frozen(kw_only=True)
class Source:
    """Where a ledger comes from and how to read it."""

    #: A path, or ``-`` for standard input.
    path: str
    kind: InputKind
    mapping: CsvMapping | None = None


@final
@attrs.frozen(kw_only=True)
class Scan:
    """What one streamed pass over a ledger yields."""

    summary: LedgerSummary
    parties: dict[PartyId, Party]
    sellers: dict[PartyId, Seller]


class _Progress:
    """Shows how much of a file has been read, on a terminal only."""

    def __init__(self, total: int | None, stream: IO[str], label: str) -> None:
        self.total = total
        self.stream = stream
        self.label = label
        self.done = 0
        self.rows = 0
        self.shown = 0.0
        self.active = total is not None and stream.isatty()

    def wrap(self, lines: Iterable[bytes]) -> Iterator[bytes]:
        for line in lines:
            self.done += len(line)
            self.rows += 1
            if self.active and self.rows % 4096 == 0:
                self.show()
            yield line
        if self.active:
            self.show()
            self.stream.write("\n")

    def show(self) -> None:
        now = time.monotonic()
        if now - self.shown < 0.2 and self.done < (self.total or 0):
            return
        self.shown = now
        share = self.done / self.total if self.total else 1.0
        filled = int(share * 30)
        bar = "#" * filled + "-" * (30 - filled)
        self.stream.write(f"\r{self.label} [{bar}] {share:6.1%} {self.rows:,} lines")
        self.stream.flush()


@contextmanager
def _lines(path: str, label: str, progress: IO[str] | None) -> Iterator[Iterable[bytes]]:
    with ExitStack() as stack:
        if path == "-":
            stream: IO[bytes] = sys.stdin.buffer
            total = None
        else:
            stream = stack.enter_context(open(path, "rb"))
            total = os.fstat(stream.fileno()).st_size
        if progress is None:
            yield stream
        else:
            yield _Progress(total, progress, label).wrap(stream)


@contextmanager
def spooled(source: Source) -> Iterator[Source]:
    """Spool standard input to a temporary file, so that it can be read more than once."""
    if source.path != "-":
        yield source
        return
    with tempfile.NamedTemporaryFile("wb", suffix=f".{source.kind}", delete=False) as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool, _CHUNK)
    try:
        yield attrs.evolve(source, path=spool.name)
    finally:
        os.unlink(spool.name)


@contextmanager
def _replayable(source: Source) -> Iterator[Source]:
    """Spool standard input to a file when it must be read twice (JSON Lines is)."""
    if source.kind == "csv":
        yield source
        return
    with spooled(source) as replayable:
        yield replayable


@final
class _Lookups:
    """The few records a fold needs before the facts: kept in memory."""

    def __init__(self) -> None:
        self.parties: dict[PartyId, Party] = {}
        self.sellers: dict[PartyId, Seller] = {}
        self.offerings: list[Offering] = []
        self.refunds: list[Refund] = []

    def add(self, record: Record) -> None:
        match record:
            case Person() | Organization():
                self.parties[record.id] = record
            case Seller():
                self.sellers[record.id] = record
            case Offering():
                self.offerings.append(record)
            case Refund():
                self.refunds.append(record)
            case _:
                pass


def _ignore(_: LedgerFileError) -> None:
    """Errors of a first pass are reported by the second."""


def _facts(
    records: Iterable[tuple[int, Record]],
    lookups: _Lookups | None,
    on_error: OnError | None = None,
) -> Iterator[Fact]:
    for _, fact in _numbered_facts(records, lookups, on_error):
        yield fact


def _numbered_facts(
    records: Iterable[tuple[int, Record]],
    lookups: _Lookups | None,
    on_error: OnError | None = None,
) -> Iterator[tuple[int, Fact]]:
    """Yield the facts among *records*, refusing a fact id seen twice.

    The first fact with an id is kept; a later one is an error (passed to
    *on_error*, when given, and left out of *lookups* too).
    """
    seen: dict[str, int] = {}
    for number, record in records:
        if isinstance(record, Person | Organization | Seller | Offering):
            if lookups is not None:
                lookups.add(record)
            continue
        first = seen.setdefault(record.id, number)
        if first != number:
            duplicate = DuplicateIdError("fact", record.id)
            error = LedgerFileError(number, [f"{duplicate} (first on line {first})"])
            if on_error is None:
                raise error
            on_error(error)
            continue
        if lookups is not None:
            lookups.add(record)
        yield number, record


def _check_one_scale(path: str, mapping: CsvMapping) -> None:
    """Refuse the columnar engine unless every amount has the same number of decimals.

    polars reads a column of decimals at one scale: ``5`` beside ``9.99``
    would become ``5.00``, equal in value to what Python reads, but printed
    differently. Raises :class:`ColumnarFallbackError` when in doubt.
    """
    import polars as pl

    from ._polars import ColumnarFallbackError

    try:
        places = (
            pl.scan_csv(path, separator=mapping.delimiter, infer_schema=False)
            .select(
                pl.col(mapping.amount)
                .str.extract(r"\.([0-9]*)$", 1)
                .str.len_chars()
                .fill_null(0)
                .n_unique()
            )
            .collect()
            .item()
        )
    except Exception as exc:  # any doubt sends the file to the Python path
        raise ColumnarFallbackError(str(exc)) from exc
    if places != 1:
        raise ColumnarFallbackError("amounts written with different numbers of decimals")


def scan(
    source: Source,
    *,
    cutoff: datetime | None,
    policy: Policy,
    on_error: OnError | None = None,
    progress: IO[str] | None = None,
    columnar: bool = False,
) -> Scan:
    """Fold the whole ledger in *source* into summaries, streaming it.

    With *columnar*, a CSV file is folded by the polars engine when it can
    read it exactly as the Python path would; otherwise (and for stdin, or
    when bad rows are to be reported and skipped) by the Python path.
    """
    if (
        columnar
        and source.kind == "csv"
        and source.path != "-"
        and on_error is None
        and source.mapping is not None
        # With a currency column, polars reads each amount at the column's
        # scale, not as written: equal values, printed differently.
        and source.mapping.currency_column is None
    ):
        from ._polars import ColumnarFallbackError, scan_csv_polars

        try:
            _check_one_scale(source.path, source.mapping)
            summary = scan_csv_polars(source.path, source.mapping, cutoff=cutoff, policy=policy)
        except ColumnarFallbackError:
            pass  # the Python path reads it, and reports what it refuses
        else:
            return Scan(summary=summary, parties={}, sellers={})
    with _replayable(source) as source:
        if source.kind == "csv":
            assert source.mapping is not None
            with _lines(source.path, "reading", progress) as lines:
                summary = summarize_csv(
                    lines, source.mapping, cutoff=cutoff, policy=policy, on_error=on_error
                )
            return Scan(summary=summary, parties={}, sellers={})
        lookups = _Lookups()
        with _lines(source.path, "indexing", None) as lines:
            for _ in _facts(_numbered_records(lines, _ignore), lookups, _ignore):
                pass
        folder = _Folder(policy, lookups.offerings, lookups.refunds, cutoff)
        with _lines(source.path, "reading", progress) as lines:
            for number, fact in _numbered_facts(
                _numbered_records(lines, on_error), None, on_error
            ):
                try:
                    folder.add(fact)
                except CurrencyMismatchError as exc:
                    report(LedgerFileError(number, [str(exc)]), on_error)
        return Scan(summary=folder.summary(), parties=lookups.parties, sellers=lookups.sellers)


def collect_about(source: Source, party: PartyId, *, on_error: OnError | None = None) -> Ledger:
    """Return a ledger of the facts naming *party*, with what they refer to.

    Rows that cannot be read raise, or are passed to *on_error* and left out.
    """
    with _replayable(source) as source:
        if source.kind == "csv":
            assert source.mapping is not None
            with _lines(source.path, "reading", None) as lines:
                return Ledger.from_records(
                    p
                    for p in read_csv(lines, source.mapping, on_error=on_error)
                    if party in parties_in(p)
                )
        lookups = _Lookups()
        kept: list[Record] = []
        with _lines(source.path, "reading", None) as lines:
            kept.extend(
                f
                for f in _facts(_numbered_records(lines, on_error), lookups, on_error)
                if party in parties_in(f)
            )
        ids = {fact.id for fact in kept}
        linked = {f.purchase for f in kept if isinstance(f, Usage) and f.purchase} - ids
        if linked:
            with _lines(source.path, "reading", None) as lines:
                kept += [
                    f
                    for f in _facts(_numbered_records(lines, _ignore), None, _ignore)
                    if f.id in linked
                ]
        kept += [r for r in lookups.refunds if r.purchase in ids]
        kept += lookups.offerings
        kept += [p for p in lookups.parties.values() if p.id == party]
        return Ledger.from_records(kept)
