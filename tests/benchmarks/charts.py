"""How soon the Charts tab fills with a long history: `python tests/benchmarks/charts.py`.

    python tests/benchmarks/charts.py            # 10,000 sessions, 5 runs
    python tests/benchmarks/charts.py --sessions 2000 --runs 3

Figures, each the median of the runs (and the worst):

- chart data CPU: `history.charts.chart_data` over every session, in CPU time (the pure core; the
  screen runs it in a thread as soon as it has read the history);
- data ready: from the history showing until the chart data is ready (the thread);
- g, first time: then, from pressing g until both charts are drawn (the first drawing);
- g, again: back to the sessions (s), then g once more: drawing only;
- c to calendar: the same screen's calendar tab, for scale.

Reading the history itself (seconds at 10,000 sessions) is not part of these: the
screen has read it before g is pressed. The app runs headless (Textual's test pilot)
at 100x32 on a temporary data folder written with `history.sample`. Figures are
printed, never asserted: machines are noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

GOAL = 0.5  # seconds, from g to the charts drawn


def chart_data_seconds(count: int) -> float:
    from backtimer.core.charts import chart_data
    from backtimer.core.sample import sample_session

    sessions = [sample_session(n) for n in range(count)]
    started = time.process_time()  # CPU time: on a busy machine, wall time says little
    chart_data(sessions, date(2026, 11, 26), 2)
    return time.process_time() - started


async def charts_drawn(app: Any) -> None:
    """Until both charts have drawn their data (not the reading note)."""
    from backtimer.ui.widgets.progress_chart import ExerciseChart, WeeksBarChart

    while True:
        screen = app.screen
        exercise = screen.query(ExerciseChart)
        weeks = screen.query(WeeksBarChart)
        if (exercise and weeks and exercise.first().drawn is not None
                and weeks.first().drawn is not None):
            return
        await asyncio.sleep(0.002)


async def history_read(app: Any) -> None:
    """Until the history screen has read the history and shows it."""
    from backtimer.ui.screens.history import HistoryScreen

    while not (isinstance(app.screen, HistoryScreen) and app.screen.data is not None):
        await asyncio.sleep(0.005)


async def charts_ready(app: Any) -> None:
    """Until the Charts tab has its data, worked out after the history was shown."""
    from backtimer.ui.widgets.progress_chart import ChartsPane

    while app.screen.query_one(ChartsPane).data is None:
        await asyncio.sleep(0.002)


async def timed(pilot: Any, key: str, drawn: bool) -> float:
    started = time.perf_counter()
    await pilot.press(key)
    if drawn:
        await charts_drawn(pilot.app)
    await pilot.pause()
    return time.perf_counter() - started


async def one_run() -> tuple[float, float, float, float]:
    """Seconds for g the first time, g again, c (the calendar), and for the chart data
    to be ready once the history shows."""
    from backtimer.storage.config import Settings
    from backtimer.ui.app import BacktimerApp

    app = BacktimerApp(settings=Settings(), today=date(2026, 11, 26))
    app.animation_level = "none"
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await history_read(app)
        started = time.perf_counter()
        await charts_ready(app)
        ready = time.perf_counter() - started
        await pilot.pause()
        calendar = await timed(pilot, "c", False)
        first = await timed(pilot, "g", True)
        await timed(pilot, "s", False)
        again = await timed(pilot, "g", True)
        return first, again, calendar, ready


def report(name: str, figures: list[float]) -> None:
    print(f"{name:>15}: median {statistics.median(figures) * 1000:6.0f} ms, "
          f"worst {max(figures) * 1000:6.0f} ms  ({len(figures)} runs)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from backtimer.core.sample import write_sample_history
    from backtimer.storage import paths

    with tempfile.TemporaryDirectory(prefix="backtimer-charts-") as tmp:
        os.environ[paths.DATA_ENV] = str(Path(tmp) / "data")
        os.environ[paths.CONFIG_ENV] = str(Path(tmp) / "config")
        paths.set_data_dir(None)
        write_sample_history(paths.history_file(), args.sessions)
        print(f"{args.sessions} sessions, {os.cpu_count()} cores, "
              f"load {os.getloadavg()[0]:.1f}")
        report("chart data CPU", [chart_data_seconds(args.sessions) for _ in range(args.runs)])
        runs = [asyncio.run(one_run()) for _ in range(args.runs)]
        first = [r[0] for r in runs]
        report("g, first time", first)
        report("g, again", [r[1] for r in runs])
        report("c to calendar", [r[2] for r in runs])
        report("data ready", [r[3] for r in runs])
    g_to_chart = first
    verdict = "within" if statistics.median(g_to_chart) <= GOAL else "OVER"
    print(f"g to chart {verdict} the {GOAL} s goal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
