"""The Dask adapter on a local cluster of two workers equals the single-process fold."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from clientele import (  # noqa: E402 - after the skips
    CsvMapping,
    judge_summaries,
    summarize_csv,
)
from clientele.dask import summarize_dask  # noqa: E402

MAPPING = CsvMapping(
    party="customer", time="date", amount="total", seller="shop", currency="EUR",
    time_format="%Y%m%d",
)  # fmt: skip
AS_OF = datetime(2024, 12, 31, 23, 59, tzinfo=UTC)


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    """Start a local cluster of two worker processes, shared by the tests of this module."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            scheduler_port=0,
        ) as local,
        distributed.Client(local) as client,
    ):
        yield client


def export(rows: int) -> str:
    """Return a CSV export of *rows* purchases by a few hundred customers."""
    lines = ["customer,date,total"]
    for n in range(rows):
        month, day = 1 + n % 12, 1 + (n * 7) % 28
        lines.append(f"c-{(n * 37) % 301},2024{month:02d}{day:02d},{1 + n % 97}.{n % 100:02d}")
    return "\n".join(lines) + "\n"


class TestSummarizeDask:
    """Partition summaries merged on the cluster equal the whole file folded at once."""

    @pytest.mark.parametrize("blocksize", [2_000, 9_000, 64_000_000])
    def test_equals_the_single_process_fold(
        self, cluster: object, tmp_path: Path, blocksize: int
    ) -> None:
        """Summaries, and so every judgement, are the same however the file is split."""
        path = tmp_path / "sales.csv"
        path.write_text(export(3_000))
        frame = dd.read_csv(path, dtype=str, blocksize=blocksize)

        merged = summarize_dask(frame, MAPPING, cutoff=AS_OF)
        with path.open("rb") as lines:
            whole = summarize_csv(lines, MAPPING, cutoff=AS_OF)

        assert whole == merged
        assert judge_summaries(whole, "shop", as_of=AS_OF) == judge_summaries(
            merged, "shop", as_of=AS_OF
        )

    def test_errors_name_the_line_of_the_file(self, cluster: object, tmp_path: Path) -> None:
        """A bad row in a later partition is reported with its line in the whole file."""
        text = export(400).splitlines()
        text[351] = "c-1,2024-13-45,1.00"
        path = tmp_path / "bad.csv"
        path.write_text("\n".join(text) + "\n")
        frame = dd.read_csv(path, dtype=str, blocksize=2_000)

        with pytest.raises(Exception, match="line 352") as caught:
            summarize_dask(frame, MAPPING)
        assert "column 'date': expected a time like '%Y%m%d' (got '2024-13-45')" in str(
            caught.value
        )
