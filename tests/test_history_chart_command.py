"""`backtimer history --chart EXERCISE`, and the plotext drawing it shares with the screen."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from backtimer.__main__ import main
from backtimer.core.charts import DayBest, ExerciseSeries, StepUp, WeekBar, WeeksChart
from backtimer.core.plotting import ChartColours, exercise_chart, too_few_text, weeks_chart_text
from backtimer.storage import paths


def hold(done: float, target: int = 30, name: str = "Plank") -> dict[str, Any]:
    return {"exercise": name, "kind": "hold", "set": 1, "target": target, "done": done,
            "skipped": False}


def session(day: date, *sets: dict[str, Any]) -> dict[str, Any]:
    started = datetime(day.year, day.month, day.day, 18, tzinfo=UTC)
    return {"id": f"{day}", "routine": "Core", "routine_file": "core.toml", "started": started,
            "ended": started + timedelta(minutes=20), "status": "completed",
            "planned_sets": len(sets), "sets": list(sets)}


def write_history(*sessions: dict[str, Any]) -> Path:
    path = paths.history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(tomli_w.dumps({"session": [s]}) for s in sessions),
                    encoding="utf-8")
    return path


def a_month_of_planks() -> Path:
    """Plank at 30 s, then stepped up to 35 s on 9 Nov."""
    return write_history(
        session(date(2026, 11, 2), hold(30.0)), session(date(2026, 11, 5), hold(30.0)),
        session(date(2026, 11, 9), hold(33.0, 35)), session(date(2026, 11, 12), hold(35.0, 35)),
        session(date(2026, 11, 16), hold(35.0, 35), hold(20.0, name="Side plank")),
    )


@pytest.fixture(autouse=True)
def terminal_80x30(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed terminal size, and colour left to the output (a capture is no terminal)."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "30")
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_the_chart_of_an_exercise_is_printed_with_dates_and_step_ups(
        capsys: pytest.CaptureFixture[str]) -> None:
    """`--chart plank` draws the best hold by date, names the step-up, then the weeks."""
    a_month_of_planks()
    assert main(["history", "--chart", "plank"]) == 0
    out = capsys.readouterr().out
    assert "\x1b[" not in out  # not a terminal: plain text
    assert "Plank: best hold (s)" in out and "┌" in out
    assert "2 Nov" in out and "9 Nov" in out and "16 Nov" in out
    assert "Step-ups: 9 Nov 35 s" in out
    assert "Training per week, target 2" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_the_weekly_target_comes_from_the_settings(capsys: pytest.CaptureFixture[str]) -> None:
    """The weekly chart's target line is the one set in config.toml."""
    a_month_of_planks()
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text("weekly_target = 3\n", encoding="utf-8")
    assert main(["history", "--chart", "Plank"]) == 0
    assert "Training per week, target 3" in capsys.readouterr().out


def test_one_day_is_said_not_drawn(capsys: pytest.CaptureFixture[str]) -> None:
    """An exercise done on one day only gets a sentence, not a chart with a lonely dot."""
    a_month_of_planks()
    assert main(["history", "--chart", "side plank"]) == 0
    out = capsys.readouterr().out
    first = out.split("\n\n")[0]
    assert "Side plank: one day so far, 16 Nov 2026: 20 s." in first
    assert "┌" not in first


def test_an_unknown_exercise_names_the_ones_there_are(capsys: pytest.CaptureFixture[str]) -> None:
    """A name not in the history is one line on stderr listing the charted exercises."""
    a_month_of_planks()
    assert main(["history", "--chart", "Plonk"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("backtimer: no sets of 'Plonk' in the history; charted exercises: "
                            "Plank, Side plank\n")


def test_an_empty_history_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a history there is nothing to chart, and the command says how to start."""
    assert main(["history", "--chart", "Plank"]) == 0
    assert capsys.readouterr().out.startswith("No sessions yet, so nothing to chart.")


def test_a_chart_is_not_an_export(capsys: pytest.CaptureFixture[str]) -> None:
    """`--chart` with `--csv` is refused by the parser, naming both options."""
    with pytest.raises(SystemExit) as stop:
        main(["history", "--chart", "Plank", "--csv"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_the_chart_command_does_not_import_textual(tmp_path: Path) -> None:
    """Drawing a chart in the shell loads plotext but never Textual."""
    a_month_of_planks()
    probe = ("import contextlib, io, sys\n"
             "from backtimer.__main__ import main\n"
             "out = io.StringIO()\n"
             "with contextlib.redirect_stdout(out):\n"
             "    code = main(['history', '--chart', 'Plank'])\n"
             "print(code, 'Plank: best hold' in out.getvalue(), 'plotext' in sys.modules,\n"
             "      'textual' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=False, env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "True", "True", "False"]


# The drawing shared with the screen -------------------------------------------------------

PLANK = ExerciseSeries(
    "Plank", "hold",
    tuple(DayBest(date(2026, 11, d), v, 1) for d, v in ((2, 30.0), (9, 33.0), (16, 35.0))),
    (StepUp(date(2026, 11, 9), "35 s"),))
WEEKS = WeeksChart(tuple(WeekBar(date(2026, 9, 7) + timedelta(weeks=i), i % 4)
                         for i in range(12)), 2)


def test_the_same_data_at_the_same_size_draws_the_same_picture() -> None:
    """Drawing is deterministic: snapshot tests and screenshots depend on it."""
    colours = ChartColours()
    assert exercise_chart(PLANK, 60, 14, colours) == exercise_chart(PLANK, 60, 14, colours)
    assert weeks_chart_text(WEEKS, 60, 12, colours) == weeks_chart_text(WEEKS, 60, 12, colours)


def test_the_colours_given_are_the_colours_drawn() -> None:
    """The line, step-ups, bars and target line are drawn in the colours asked for."""
    colours = ChartColours(line=(1, 2, 3), marks=(4, 5, 6), bars=(7, 8, 9), met=(10, 11, 12),
                           target=(13, 14, 15))
    drawn = exercise_chart(PLANK, 60, 14, colours)
    assert "38;2;1;2;3m" in drawn and "38;2;4;5;6m" in drawn
    weeks = weeks_chart_text(WEEKS, 60, 12, colours)
    assert all(f"38;2;{code}m" in weeks for code in ("7;8;9", "10;11;12", "13;14;15"))


def test_a_single_day_or_none_is_a_sentence() -> None:
    """Fewer than two days: a sentence with the one day's value, or that none was done."""
    one = ExerciseSeries("Row", "reps", (DayBest(date(2026, 11, 2), 10.0, 3),))
    assert too_few_text(one) == ("Row: one day so far, 2 Nov 2026: 10 reps in a set. "
                                 "The chart starts with the second day.")
    assert exercise_chart(one, 60, 14, ChartColours()) == too_few_text(one)
    assert too_few_text(ExerciseSeries("Row", "reps", ())) == "No sets of Row done yet."
    assert too_few_text(PLANK) is None


def test_the_picture_does_not_depend_on_the_string_hash_seed() -> None:
    """Crowded date labels are dropped the same way in every process, whatever Python's
    salted string hashing (plotext keeps ticks in a set)."""
    probe = ("from datetime import date, timedelta\n"
             "from backtimer.core.charts import WeekBar, WeeksChart\n"
             "from backtimer.core.plotting import ChartColours, weeks_chart_text\n"
             "w = WeeksChart(tuple(WeekBar(date(2026, 9, 7) + timedelta(weeks=i), i % 4)\n"
             "                     for i in range(12)), 2)\n"
             "print(''.join(weeks_chart_text(w, n, 10, ChartColours()) for n in range(30, 90)))\n")
    pictures = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                                timeout=60, check=True,
                                env={**os.environ, "PYTHONHASHSEED": seed})
        pictures.add(result.stdout)
    assert len(pictures) == 1
