"""Reading a file's lines as text, with the line number of any bad byte."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator

from ._errors import LedgerFileError

__all__ = ["OnError", "decode_lines"]

#: Called with each rejected line or row instead of stopping at the first.
OnError = Callable[[LedgerFileError], None]


def decode_lines(lines: Iterable[bytes | str]) -> Iterator[str]:
    r"""Yield *lines* as text: bytes are decoded as UTF-8, a leading byte-order mark dropped.

    >>> list(decode_lines([b"\xef\xbb\xbfa,b\n", "c,d\n"]))
    ['a,b\n', 'c,d\n']

    Raises :class:`~clientele.LedgerFileError` naming the line and the
    position of the first byte that is not UTF-8.
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
                raise LedgerFileError(
                    number, [f"not UTF-8: byte 0x{bad.hex()} at position {exc.start + 1}"]
                ) from None
        yield text.removeprefix("\ufeff") if number == 1 else text
