"""Run the examples of the documentation pages.

Every ``*.md`` page is a doctest (``--doctest-glob='*.md'``). Each page's
examples run in the page's own directory, so that they can open the files
shown next to them by name, as a reader would.
"""

from __future__ import annotations

import pytest

# ``conf.py`` and the local extensions in ``_ext`` import Sphinx, which only
# the docs environment installs, and ``_build`` holds the built site: none
# has examples to run.
collect_ignore = ["conf.py", "_build", "_ext"]


@pytest.fixture(autouse=True)
def _run_in_page_directory(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(request.path.parent)
