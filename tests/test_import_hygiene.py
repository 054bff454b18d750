"""The pure core and the printing commands never import Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "backtimer"

PURE = [
    "backtimer.routine",
    "backtimer.loader",
    "backtimer.durations",
    "backtimer.errors",
    "backtimer.paths",
    "backtimer.plan",
    "backtimer.engine",
    "backtimer.clock",
    "backtimer.config",
    "backtimer.progress",
    "backtimer.programme",
    "backtimer.announce",
    "backtimer.__main__",
    "backtimer.commands.routines",
    "backtimer.commands.validate",
    "backtimer.commands.show",
]
# Built separately; checked once their file is there.
LATER = ["backtimer.commands.history"]

PRINTING_COMMANDS = [["routines"], ["validate", "foundation"], ["show", "foundation"]]


def module_file(name: str) -> Path:
    return PACKAGE.parent.joinpath(*name.split(".")).with_suffix(".py")


def textual_loaded_after(code: str) -> str:
    """Run `code` in a fresh interpreter and report whether Textual got imported."""
    probe = f"{code}\nimport sys\nprint('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.mark.parametrize("name", PURE + LATER)
def test_module_does_not_import_textual(name: str) -> None:
    """Importing the module alone leaves Textual unloaded."""
    if name in LATER and not module_file(name).exists():
        pytest.skip(f"{name} is not written yet")
    assert module_file(name).exists(), name
    assert textual_loaded_after(f"import {name}") == "False"


@pytest.mark.parametrize("argv", [*PRINTING_COMMANDS, ["history"]], ids=lambda a: a[0])
def test_printing_command_runs_without_textual(argv: list[str]) -> None:
    """Running the command end to end (parser, every sub-command module) needs no Textual."""
    if argv == ["history"] and not module_file("backtimer.commands.history").exists():
        pytest.skip("the history command is not written yet")
    code = (
        "import contextlib, io\n"
        "from backtimer.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):"
        f"\n    main({argv!r})"
    )
    assert textual_loaded_after(code) == "False"


def test_the_probe_does_see_textual() -> None:
    """The check itself works: importing the app does load Textual."""
    assert textual_loaded_after("import backtimer.app") == "True"
