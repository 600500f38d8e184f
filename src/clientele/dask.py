"""Running clientele on a Dask cluster: summaries per partition, merged.

>>> from clientele.dask import summarize_dask

A ledger too large for one machine is a Dask DataFrame of transactions, one
row per purchase, with the columns a :class:`~clientele.CsvMapping` names.
Each partition is folded into a :class:`~clientele.LedgerSummary` on its
worker, exactly as :func:`~clientele.summarize_csv` folds those rows from a
file, and the partial summaries are merged pairwise up a tree. Because
summaries are a monoid, the result equals the single-process one: then
judge it with :func:`~clientele.judge_summaries`.

Needs the ``dask`` extra (``pip install clientele[dask]``).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._csv import CsvMapping, fold_csv
from ._policy import DEFAULT, Policy
from ._summary import LedgerSummary

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["summarize_dask"]

_MISSING = "clientele.dask needs Dask: install the 'dask' extra with `pip install clientele[dask]`"


def _fold_partition(
    part: pd.DataFrame,
    mapping: CsvMapping,
    first_line: int,
    cutoff: datetime | None,
    policy: Policy,
) -> LedgerSummary:
    text = io.StringIO()
    part.to_csv(text, index=False, sep=mapping.delimiter)
    text.seek(0)
    return fold_csv(text, mapping, cutoff=cutoff, policy=policy, first_line=first_line)


def _merge(a: LedgerSummary, b: LedgerSummary) -> LedgerSummary:
    return a.merge(b)


def summarize_dask(
    frame: Any,
    mapping: CsvMapping,
    *,
    cutoff: datetime | None = None,
    policy: Policy = DEFAULT,
) -> LedgerSummary:
    """Fold a Dask DataFrame of transactions into summaries, on the cluster.

    *frame* holds one purchase per row, in the columns *mapping* names (read
    it with ``dask.dataframe.read_csv(..., dtype=str)`` so that no cell is
    converted on the way: amounts must stay decimal text). Rows are numbered
    as the lines of the CSV file they came from (the header is line 1), so
    fact ids and error messages match a single-process run over that file.
    Computes with the current Dask scheduler (a ``distributed.Client`` if
    one is active).
    """
    try:
        from dask.delayed import delayed
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError(_MISSING) from exc
    lengths = frame.map_partitions(len).compute()
    parts = frame.to_delayed()
    partials = []
    line = 1
    for part, length in zip(parts, lengths, strict=True):
        partials.append(delayed(_fold_partition)(part, mapping, line, cutoff, policy))
        line += int(length)
    if not partials:  # pragma: no cover - Dask frames have at least one partition
        return LedgerSummary(cutoff=cutoff)
    while len(partials) > 1:
        paired = [
            delayed(_merge)(partials[n], partials[n + 1]) for n in range(0, len(partials) - 1, 2)
        ]
        if len(partials) % 2:
            paired.append(partials[-1])
        partials = paired
    result: LedgerSummary = partials[0].compute()
    return result
