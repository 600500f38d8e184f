"""Data shipped with clientele: the ledger file's JSON Schema and a sample ledger.

Both live in ``clientele/data/`` inside the installed package and are read
through :mod:`importlib.resources`, so they work from a wheel, an editable
install or a zip file alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from ._ledger import Ledger
from ._ledger_file import load_ledger

__all__ = ["ledger_schema", "load_sample_ledger", "sample_ledger"]

_SCHEMA = "ledger.schema.json"
_SAMPLE = "sample-ledger.jsonl"


def _resource(name: str) -> Traversable:
    """Return the bundled data file *name*."""
    return files("clientele") / "data" / name


def ledger_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of one line of a ledger file.

    >>> schema = ledger_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> sorted(schema["$defs"]["purchase"]["required"])
    ['amount', 'at', 'buyer', 'id', 'seller', 'type']

    Use it to check files that other systems produce before handing them to
    :func:`load_ledger`, or to generate readers in other languages. It
    describes each line on its own: the header, or one record. What no
    schema can say (that ids are unique, that a refund's purchase is in the
    file, that a contract ends after it starts) is listed in its
    ``$comment``, and :func:`load_ledger` checks it. Each call returns a new
    dict, which the caller may change.

    .. versionadded:: 0.1.0
    """
    schema: dict[str, Any] = json.loads(_resource(_SCHEMA).read_text(encoding="utf-8"))
    return schema


@contextmanager
def sample_ledger() -> Iterator[Path]:
    """Yield the path of the bundled sample ledger file, for as long as the block runs.

    >>> from clientele import iter_records
    >>> with sample_ledger() as path, path.open(encoding="utf-8") as lines:
    ...     [record for record in iter_records(lines) if record.id == "shopper"]
    [Person(id='shopper', name='Sam Shopper')]

    The sample holds every worked scenario of the documentation under the
    ids the docs use (``shopper``, ``hyper``, ``globex``, …) and a few hundred
    synthetic parties of three sellers: a corner shop (``corner-shop``), an
    accounting firm (``ledgerly``) and a bank (``northbank``), with dates in
    2023 and 2024 and amounts in euros. Use the path to try tools that read
    files, such as :func:`iter_records` or the ``clientele`` command; the path
    may be a temporary copy that is removed when the block ends.

    .. versionadded:: 0.1.0
    """
    with as_file(_resource(_SAMPLE)) as path:
        yield path


def load_sample_ledger() -> Ledger:
    """Return the bundled sample ledger (see :func:`sample_ledger`).

    >>> ledger = load_sample_ledger()
    >>> ledger.seller("corner-shop").business_model
    <BusinessModel.CUSTOMER_BASED: 'customer_based'>

    Use it for examples, tutorials and benchmarks: it is the same ledger on
    every machine and in every release of the format.

    .. versionadded:: 0.1.0
    """
    with _resource(_SAMPLE).open("r", encoding="utf-8") as stream:
        return load_ledger(stream)
