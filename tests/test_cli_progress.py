"""`backtimer progress`: lists accepted step-ups per routine and resets one routine."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from backtimer.__main__ import main
from backtimer.core.progress import Suggestion
from backtimer.core.routine import Rest
from backtimer.storage.progress_file import accept, load_progress

DAY = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def stored() -> None:
    accept([Suggestion("core-stability.toml", "Plank", "hold", 30, 35),
            Suggestion("rows.toml", "Rows", "rest", Rest(75, 90), Rest(60, 75))], DAY)


def test_nothing_accepted_says_how_steps_come(capsys: pytest.CaptureFixture[str]) -> None:
    """With no steps stored, the command explains when one is offered."""
    assert main(["progress"]) == 0
    assert "No step-ups accepted yet" in capsys.readouterr().out


def test_lists_steps_grouped_by_routine(capsys: pytest.CaptureFixture[str]) -> None:
    """Each routine file is a heading with its dated steps under it."""
    stored()
    assert main(["progress"]) == 0
    out = capsys.readouterr().out
    assert "core-stability.toml" in out and "rows.toml" in out
    assert "2026-11-23  Plank: hold 35 s (was 30 s)" in out
    assert "Rows: rest 60-75 s (was 75-90 s)" in out
    assert out.index("core-stability.toml") < out.index("Plank") < out.index("rows.toml")


def test_reset_by_file_stem_forgets_that_routine(capsys: pytest.CaptureFixture[str]) -> None:
    """`--reset core-stability` removes that routine's steps and keeps the others."""
    stored()
    assert main(["progress", "--reset", "core-stability"]) == 0
    assert "Forgot 1 step-up for core-stability.toml" in capsys.readouterr().out
    progress, _ = load_progress()
    assert progress.routine_files() == ["rows.toml"]


def test_reset_unknown_routine_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    """A name that matches nothing exits 1 with a single line saying what to do."""
    stored()
    assert main(["progress", "--reset", "no-such-routine"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no-such-routine" in err and "backtimer progress" in err
    progress, _ = load_progress()
    assert len(progress.steps) == 2


def test_damaged_file_is_reported_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    """A broken progress.toml gives a message naming it, and the command still answers."""
    from backtimer.storage import paths

    path = paths.progress_file()
    path.parent.mkdir(parents=True)
    path.write_text("step = [\n", encoding="utf-8")
    assert main(["progress"]) == 0
    captured = capsys.readouterr()
    assert str(path) in captured.err and "Traceback" not in captured.err


def test_command_does_not_import_textual() -> None:
    """Listing progress never loads Textual, so it answers fast."""
    code = ("import sys; from backtimer.__main__ import main; main(['progress']); "
            "print('textual' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, env=os.environ.copy())
    assert result.stdout.strip().endswith("False")
