"""``clientele demo``: the main job, run on the bundled sample ledger."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, Final

from ._data import sample_ledger

__all__ = ["run_demo"]

#: As of the end of the sample's last year.
_AS_OF: Final = "2024-12-31"

#: The commands shown, with what each one illustrates.
_STEPS: Final[tuple[tuple[str, tuple[str, ...]], ...]] = (
    (
        "A corner shop's customer base: mostly one-time customers, a few regulars.",
        ("report", "--seller", "corner-shop"),
    ),
    (
        "An accounting firm works by contract: its parties are clients.",
        ("report", "--seller", "ledgerly"),
    ),
    (
        "The hypermarket buys tissues to resell, under a supply contract: the maker's client.",
        ("explain", "hyper", "--seller", "softco"),
    ),
    (
        "The shopper's friend received the tissues as a gift: the maker's consumer, "
        "and nobody's customer.",
        ("explain", "friend", "--seller", "softco"),
    ),
)


def run_demo(
    out: IO[str], err: IO[str], run: Callable[[Sequence[str], IO[str], IO[str]], int] | None = None
) -> int:
    """Print reports and explanations for the sample ledger, as the commands would.

    Returns the first non-zero exit code of the commands run, or 0.
    """
    if run is None:
        from ._cli import main

        run = main
    status = 0
    with sample_ledger() as path:
        for n, (what, command) in enumerate(_STEPS):
            verb, *rest = command
            argv = [verb, str(path), "--as-of", _AS_OF, *rest]
            shown = " ".join(["clientele", verb, "sample-ledger.jsonl", *argv[2:]])
            out.write(("\n" if n else "") + f"# {what}\n$ {shown}\n")
            code = run(argv, out, err)
            status = status or code
    return status
