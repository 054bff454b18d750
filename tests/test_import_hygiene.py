"""The pure core and the printing commands never import Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "backtimer"

# The UI lives in app.py, palette.py, screens/, widgets/ and the `run` command; every
# other module is the pure core and is found here, so a new one is checked too.
UI = {"backtimer.app", "backtimer.palette", "backtimer.commands.run"}
UI_PACKAGES = ("backtimer.screens", "backtimer.widgets")


def _pure_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name in UI or name.startswith(UI_PACKAGES):
            continue
        names.append(name)
    return names


PURE = _pure_modules()

PRINTING_COMMANDS = [["routines"], ["validate", "foundation"], ["show", "foundation"]]


def textual_loaded_after(code: str) -> str:
    """Run `code` in a fresh interpreter and report whether Textual got imported."""
    probe = f"{code}\nimport sys\nprint('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_pure_core_is_found() -> None:
    """The discovery above sees the core modules, so the check below is not empty."""
    assert {
        "backtimer.engine", "backtimer.history.reader", "backtimer.loader",
    } <= set(PURE)


@pytest.mark.parametrize("name", PURE)
def test_module_does_not_import_textual(name: str) -> None:
    """Importing the module alone leaves Textual unloaded."""
    assert textual_loaded_after(f"import {name}") == "False"


@pytest.mark.parametrize("argv", [*PRINTING_COMMANDS, ["history"]], ids=lambda a: a[0])
def test_printing_command_runs_without_textual(argv: list[str]) -> None:
    """Running the command end to end (parser, every sub-command module) needs no Textual."""
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
