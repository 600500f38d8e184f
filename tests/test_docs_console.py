r"""Run the terminal examples of the documentation.

Every ```` ```console ```` block of ``docs/**/*.md`` and ``README.md`` shows
commands a reader can type. Each line that starts with ``$ clientele`` is run
in this process, through :func:`clientele._cli.main`, in the page's own
directory, and the lines after it (up to the next ``$`` line or the end of the
block) must be exactly what it writes to stdout. A few shell forms are
understood, so that examples read as a terminal session does:

- ``< FILE`` makes FILE the command's standard input;
- ``> FILE`` writes its stdout to FILE instead;
- ``2>&1`` shows its stderr too, in the order it was written (how examples
  show errors and messages);
- ``$ cat FILE`` shows a file that a command wrote;
- a line ending with ``\`` goes on on the next line.

A command shown without output must succeed (exit code 0). Files the
commands create are removed afterwards. Lines that are not ``$ clientele`` or
``$ cat`` (the README's ``python3 -m venv … && …`` and ``scripts/test``) are
not run.
"""

from __future__ import annotations

import io
import re
import shlex
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from clientele._cli import main

ROOT = Path(__file__).resolve().parents[1]
_FENCE = re.compile(r"(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>.*)")


class Command(NamedTuple):
    """One ``$`` line of a block, and the output shown after it."""

    line: int
    text: str
    output: str


class Block(NamedTuple):
    """A ``console`` block: the commands of one terminal session."""

    page: Path
    line: int
    commands: tuple[Command, ...]


def _pages() -> list[Path]:
    docs = ROOT / "docs"
    pages = [p for p in docs.rglob("*.md") if "_build" not in p.relative_to(docs).parts]
    readme = ROOT / "README.md"
    return sorted(pages) + ([readme] if readme.is_file() else [])


def _blocks(page: Path) -> list[Block]:
    """Return the ``console`` blocks of *page* that run at least one command."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        opening = _FENCE.fullmatch(lines[number])
        number += 1
        if opening is None:
            continue
        start, indent = number, len(opening["indent"])
        closing = re.compile(rf" *{opening['fence'][0]}{{{len(opening['fence'])},}} *")
        body: list[tuple[int, str]] = []
        while number < len(lines) and not closing.fullmatch(lines[number]):
            body.append((number + 1, lines[number][indent:]))
            number += 1
        number += 1
        commands = _commands(body)
        if opening["info"].strip() == "console" and any(map(_runs, commands)):
            found.append(Block(page, start, tuple(commands)))
    return found


def _runs(command: Command) -> bool:
    """Whether *command* is one this test runs."""
    return command.text.split()[0] in ("clientele", "cat")


def _commands(body: list[tuple[int, str]]) -> list[Command]:
    """Split a block into its ``$`` commands, each with the lines it shows.

    A command continues on the next line when it ends with a backslash.
    """
    commands: list[Command] = []
    going_on = False
    for line, text in body:
        if text.startswith("$ ") or going_on:
            words = text[2:] if text.startswith("$ ") else text
            going_on = words.endswith("\\")
            words = words.removesuffix("\\").strip()
            if text.startswith("$ "):
                commands.append(Command(line, words, ""))
            else:
                commands[-1] = commands[-1]._replace(text=f"{commands[-1].text} {words}")
        elif commands:  # lines before the first "$" are not commands: not run
            last = commands[-1]
            commands[-1] = last._replace(output=f"{last.output}{text}\n")
    return commands


BLOCKS = [block for page in _pages() for block in _blocks(page)]


class Shown(NamedTuple):
    """What a command showed on the terminal, and its exit code."""

    code: int
    output: str


def _run(command: Command, monkeypatch: pytest.MonkeyPatch, created: list[Path]) -> Shown:
    """Run one ``$`` line, with its redirections, and return what it showed."""
    words = iter(shlex.split(command.text))
    argv: list[str] = []
    source = target = None
    merged = False
    for word in words:
        if word == "<":
            source = next(words)
        elif word == ">":
            target = next(words)
        elif word == "2>&1":
            merged = True
        else:
            argv.append(word)
    program, *args = argv
    if program == "cat":
        return Shown(0, "".join(Path(name).read_text(encoding="utf-8") for name in args))
    if source is not None:
        data = io.BytesIO(Path(source).read_bytes())
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(data, encoding="utf-8"))
    new = [Path(word) for word in [*args, target] if word and not Path(word).exists()]
    out = io.StringIO()
    err = out if merged else io.StringIO()
    code = main(args, out, err)
    created.extend(path for path in new if path.exists())
    if target is None:
        return Shown(code, out.getvalue())
    Path(target).write_text(out.getvalue(), encoding="utf-8")
    created.append(Path(target))
    return Shown(code, "")


@pytest.mark.parametrize(
    "block",
    BLOCKS,
    ids=[f"{block.page.relative_to(ROOT).as_posix()}:{block.line}" for block in BLOCKS],
)
def test_console_block(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each command of the block shows exactly the output written after it."""
    monkeypatch.chdir(block.page.parent)
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps its usage lines to the terminal
    created: list[Path] = []
    try:
        for command in filter(_runs, block.commands):
            shown = _run(command, monkeypatch, created)
            if command.output:
                assert (command.line, command.output) == (command.line, shown.output)
            else:
                assert (command.line, 0) == (command.line, shown.code)
    finally:
        for path in created:
            path.unlink(missing_ok=True)


class TestParsing:
    """How blocks and commands are found in a page."""

    def test_blocks_commands_and_outputs(self, tmp_path: Path) -> None:
        """Only ``console`` blocks with a command count; output lines follow their command."""
        page = tmp_path / "page.md"
        page.write_text(
            "Text\n\n```console\npython3 -m venv .venv && .venv/bin/clientele demo\n```\n\n"
            "```python\n$ clientele demo\n```\n\n"
            "  ```console\n  $ clientele --help\n  $ clientele rfm \\\n      x\n"
            "  party\n  a,1\n  ```\n",
            encoding="utf-8",
        )
        expected = [
            Block(
                page,
                11,
                (
                    Command(12, "clientele --help", ""),
                    Command(13, "clientele rfm x", "party\na,1\n"),
                ),
            )
        ]
        assert expected == _blocks(page)

    def test_redirections(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """``<``, ``>`` and ``2>&1`` behave as in a shell; created files are listed."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "in.csv").write_text("customer,date,total\nana,2024-03-01,1\n")
        created: list[Path] = []
        rfm = (
            "clientele rfm - --party-column customer --time-column date --amount-column total "
            "--currency EUR --seller s < in.csv"
        )
        table = "party,frequency,recency,T,monetary_value\nana,0,0,0,0\n"
        message = "clientele: observation ends 2024-03-01 (freq D)\n"
        assert Shown(0, message + table) == _run(
            Command(1, f"{rfm} 2>&1", ""), monkeypatch, created
        )
        assert Shown(0, "") == _run(Command(2, f"{rfm} > out.csv", ""), monkeypatch, created)
        assert [Path("out.csv")] == created
        assert Shown(0, table) == _run(Command(3, "cat out.csv", ""), monkeypatch, created)
