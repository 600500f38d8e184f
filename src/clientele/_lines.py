"""Reading a file's lines as text, with the line number of any bad byte."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator

from ._errors import LedgerFileError

__all__ = ["OnError", "decode_lines", "report"]

#: Called with each rejected line or row instead of stopping at the first.
OnError = Callable[[LedgerFileError], None]


def decode_lines(lines: Iterable[bytes | str], on_error: OnError | None = None) -> Iterator[str]:
    r"""Yield *lines* as text: bytes are decoded as UTF-8, a leading byte-order mark dropped.

    >>> list(decode_lines([b"\xef\xbb\xbfa,b\n", "c,d\n"]))
    ['a,b\n', 'c,d\n']

    Raises :class:`~clientele.LedgerFileError` naming the line and the
    position of the first byte that is not UTF-8; with *on_error*, the error
    is passed to it instead and the line is read as empty (reported, not
    lost; the lines after it keep their numbers).
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    for number, line in enumerate(lines, start=1):
        if isinstance(line, str):
            text = line
        else:
            try:
                text = decoder.decode(line, final=True)
            except UnicodeDecodeError as exc:
                bad = line[exc.start : exc.start + 1]
                error = LedgerFileError(
                    number, [f"not UTF-8: byte 0x{bad.hex()} at position {exc.start + 1}"]
                )
                if on_error is None:
                    raise error from None
                on_error(error)
                text = ""  # an empty line keeps the lines after it numbered
        yield text.removeprefix("\ufeff") if number == 1 else text


def report(error: LedgerFileError, on_error: OnError | None) -> None:
    """Raise *error*, or pass it to *on_error* when reading is to go on."""
    if on_error is None:
        raise error
    on_error(error)
