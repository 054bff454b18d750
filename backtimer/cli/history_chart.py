"""`backtimer history --chart EXERCISE`: the exercise's chart and the training weeks.

A printing command: plotext draws in the terminal, no Textual import. The charts
are the history screen's (same data, same drawing), sized to the terminal and in
plain text when the output is not a terminal or NO_COLOR is set.
"""

from __future__ import annotations

import os
import shutil
import sys
from datetime import datetime
from typing import Any, TextIO

from backtimer.core.charts import ExerciseSeries, chart_data, date_label, find_exercise
from backtimer.core.plotting import ChartColours, exercise_chart, weeks_chart_text
from backtimer.storage.config import load_settings
from backtimer.storage.history.reader import read_history

MAX_WIDTH = 120
STEP_UPS_LISTED = 5


def chart_size(columns: int, lines: int) -> tuple[int, int, int]:
    """(width, exercise chart height, weeks chart height) for a terminal of that size."""
    width = max(40, min(columns, MAX_WIDTH))
    height = max(12, min(lines - 14, 22))
    return width, height, 12


def run_chart(wanted: str, last: int | None = None, out: TextIO | None = None,
              err: TextIO | None = None) -> int:
    """Print the charts for `wanted`; 1 when the history has no such exercise."""
    out, err = out or sys.stdout, err or sys.stderr
    result = read_history(last=last)
    for problem in result.problems:
        print(f"backtimer: {problem}", file=err)
    if not result.sessions:
        if result.problems:
            return 1
        out.write("No sessions yet, so nothing to chart. Start one with `backtimer run "
                  "ROUTINE`; its sets are charted here once it ends.\n")
        return 0
    settings, _ = load_settings()  # a bad setting is reported where it is edited, not here
    today = datetime.now().astimezone().date()
    data = chart_data(result.sessions, today, settings.weekly_target)
    series = find_exercise(data.exercises, wanted)
    if series is None:
        print(f"backtimer: no sets of {' '.join(wanted.split())!r} in the history; "
              f"charted exercises: {', '.join(data.exercises) or 'none yet'}", file=err)
        return 1
    width, height, weeks_height = chart_size(*shutil.get_terminal_size((80, 24)))
    plain = not _colour_wanted(out)
    colours = ChartColours()
    text = exercise_chart(series, width, height, colours)
    lines = [text, *step_up_lines(series), "", weeks_chart_text(data.weeks, width,
                                                               weeks_height, colours)]
    printed = "\n".join(lines) + "\n"
    out.write(_plain(printed) if plain else printed)
    return 0


def step_up_lines(series: ExerciseSeries, most: int = STEP_UPS_LISTED) -> list[str]:
    """`Step-ups: 17 Nov 35 s, 1 Dec 40 s` (the latest few), or nothing."""
    if not series.step_ups or len(series.days) < 2:
        return []
    shown = series.step_ups[-most:]
    span = (series.days[-1].day - series.days[0].day).days
    words = ", ".join(f"{date_label(s.day, span)} {s.text}" for s in shown)
    more = len(series.step_ups) - len(shown)
    return [f"Step-ups: {words}" + (f" and {more} before" if more else "")]


def _colour_wanted(out: Any) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty and isatty())


def _plain(text: str) -> str:
    from plotext import uncolorize

    return str(uncolorize(text))
