"""The ledger file format: JSON Lines, one record per line.

The first line is a header naming the format and its version::

    {"clientele": "ledger", "version": 1}

Every following line is one record, tagged with its ``"type"``, exactly as
:func:`clientele.to_json` writes it. Blank lines are ignored. Readers report
the 1-based line number of any line they refuse.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import IO, Final, cast

from ._converter import structure, to_json
from ._errors import (
    DanglingReferenceError,
    DecodeError,
    DuplicateIdError,
    LedgerError,
    LedgerFileError,
    RefundExceedsPurchaseError,
)
from ._ledger import Ledger, Record, id_space
from ._lines import OnError, decode_lines

__all__ = ["FORMAT_VERSION", "HEADER", "dump_ledger", "iter_records", "load_ledger"]

#: The version of the ledger file format this release reads and writes.
FORMAT_VERSION: Final = 1

#: The first line of every ledger file (as data).
HEADER: Final = {"clientele": "ledger", "version": FORMAT_VERSION}


def iter_records(
    lines: Iterable[bytes | str], *, on_error: OnError | None = None
) -> Iterator[Record]:
    """Yield the records of a ledger file, one line at a time.

    >>> lines = [
    ...     '{"clientele": "ledger", "version": 1}',
    ...     '{"type": "person", "id": "p-1"}',
    ... ]
    >>> list(iter_records(lines))
    [Person(id='p-1', name=None)]

    *lines* may be text or bytes (decoded as UTF-8). Memory stays constant
    however long the file is: use it to stream files too large to hold.
    Raises :class:`~clientele.LedgerFileError` naming the first line it
    cannot read; with *on_error*, each such error is passed to it instead and
    reading goes on (a bad header still stops it).
    """
    for _, record in _numbered_records(lines, on_error):
        yield record


def _numbered_records(
    lines: Iterable[bytes | str], on_error: OnError | None = None
) -> Iterator[tuple[int, Record]]:
    header_seen = False
    for number, line in enumerate(decode_lines(lines, on_error), start=1):
        if not line.strip():
            continue
        try:
            data = _parse(number, line)
        except LedgerFileError as exc:
            if on_error is None or not header_seen:
                raise
            on_error(exc)
            continue
        if not header_seen:
            _check_header(number, data)
            header_seen = True
            continue
        try:
            yield number, structure(data, Record)  # type: ignore[arg-type]
        except DecodeError as exc:
            if on_error is None:
                raise LedgerFileError(number, exc.errors) from exc
            on_error(LedgerFileError(number, exc.errors))
    if not header_seen:
        raise LedgerFileError(
            1, [f"expected the header line {json.dumps(HEADER)} (got an empty file)"]
        )


def load_ledger(source: str | os.PathLike[str] | IO[str]) -> Ledger:
    r"""Read a whole ledger file (a path or an open text file) into a ledger.

    >>> import io
    >>> lines = ['{"clientele": "ledger", "version": 1}', '{"type": "person", "id": "p-1"}']
    >>> load_ledger(io.StringIO("\n".join(lines))).parties
    (Person(id='p-1', name=None),)

    Besides the errors of :func:`iter_records`, a record that breaks the
    ledger's rules (a duplicate id, a refund of an unknown purchase) is
    reported with its line.
    """
    lines: dict[tuple[str, str], int] = {}
    records: list[Record] = []
    with ExitStack() as stack:
        stream = _open(source, "r", stack)
        for number, record in _numbered_records(stream):
            key = (id_space(record), record.id)
            if key in lines:
                error = DuplicateIdError(key[0], record.id)
                raise LedgerFileError(number, [str(error)])
            lines[key] = number
            records.append(record)
    try:
        return Ledger.from_records(records)
    except (DanglingReferenceError, RefundExceedsPurchaseError) as exc:
        fact = exc.fact if isinstance(exc, DanglingReferenceError) else exc.refund or exc.purchase
        raise LedgerFileError(lines[("fact", fact)], [str(exc)]) from exc
    except LedgerError as exc:  # pragma: no cover - duplicates are caught above
        raise LedgerFileError(0, [str(exc)]) from exc


def dump_ledger(ledger: Ledger, target: str | os.PathLike[str] | IO[str]) -> None:
    """Write *ledger* as a ledger file: the header, then one record per line.

    >>> import io
    >>> from clientele import Person
    >>> out = io.StringIO()
    >>> dump_ledger(Ledger.of(Person(id="p-1")), out)
    >>> print(out.getvalue(), end="")
    {"clientele":"ledger","version":1}
    {"type":"person","id":"p-1"}
    """
    with ExitStack() as stack:
        stream = _open(target, "w", stack)
        stream.write(json.dumps(HEADER, separators=(",", ":")) + "\n")
        for record in ledger.records():
            stream.write(to_json(record) + "\n")


def _open(source: str | os.PathLike[str] | IO[str], mode: str, stack: ExitStack) -> IO[str]:
    if isinstance(source, str | os.PathLike):
        encoding = "utf-8-sig" if mode == "r" else "utf-8"
        stream = open(source, mode, encoding=encoding, newline="")  # noqa: SIM115 - closed by the ExitStack
        return cast("IO[str]", stack.enter_context(stream))
    return source


def _parse(number: int, line: str) -> object:
    try:
        return json.loads(line)
    except (ValueError, RecursionError) as exc:  # RecursionError: too deeply nested
        raise LedgerFileError(number, [f"not valid JSON: {exc}"]) from None


def _check_header(number: int, data: object) -> None:
    # ``True == 1`` in Python: compare the version's type too, so that a
    # header saying ``"version": true`` is refused as the schema refuses it.
    if data != HEADER or not isinstance(data, dict) or type(data["version"]) is not int:
        raise LedgerFileError(
            number, [f"expected the header line {json.dumps(HEADER)} (got {data!r})"]
        )
