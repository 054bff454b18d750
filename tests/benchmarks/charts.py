"""How soon the Charts tab fills with a long history: `python tests/benchmarks/charts.py`.

    python tests/benchmarks/charts.py            # 10,000 sessions, 5 runs
    python tests/benchmarks/charts.py --sessions 2000 --runs 3

Three figures, each the median of the runs (and the worst):

- chart data: `history.charts.chart_data` over every session (the pure core, in the
  thread that the tab starts once the history has been read);
- g to chart: the history screen open and read, from pressing g until both charts
  are drawn (beside it, c to calendar: the same screen's calendar tab, for scale);
- open to chart: from opening the history screen until the charts are drawn, pressing
  g at once (the history's reading, then the chart data, then the drawing).

The app runs headless (Textual's test pilot) at 100x32 on a temporary data folder
written with `history.sample`. Figures are printed, never asserted: machines are noisy.
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
    from backtimer.history.charts import chart_data
    from backtimer.history.sample import sample_session

    sessions = [sample_session(n) for n in range(count)]
    started = time.perf_counter()
    chart_data(sessions, date(2026, 11, 26), 2)
    return time.perf_counter() - started


async def charts_drawn(app: Any) -> None:
    """Until both charts have drawn their data (not the reading note)."""
    from backtimer.widgets.progress_chart import ExerciseChart, WeeksBarChart

    while True:
        screen = app.screen
        exercise = screen.query(ExerciseChart)
        weeks = screen.query(WeeksBarChart)
        if (exercise and weeks and exercise.first().drawn is not None
                and weeks.first().drawn is not None):
            return
        await asyncio.sleep(0.002)


async def chart_data_ready(app: Any) -> None:
    """Until the Charts tab has its data (worked out after the history was read)."""
    from backtimer.widgets.progress_chart import ChartsPane

    while True:
        panes = app.screen.query(ChartsPane)
        if panes and panes.first().data is not None:
            return
        await asyncio.sleep(0.005)


async def one_run(press_at_once: bool) -> tuple[float, float]:
    """Seconds until the charts are drawn, from g (or from opening the screen), and
    for comparison the seconds the calendar tab (c) took just before."""
    from backtimer.app import BacktimerApp
    from backtimer.config import Settings

    app = BacktimerApp(settings=Settings(), today=date(2026, 11, 26))
    app.animation_level = "none"
    calendar = 0.0
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        started = time.perf_counter()
        await pilot.press("h")
        if not press_at_once:
            await chart_data_ready(app)
            await pilot.pause()
            started = time.perf_counter()
            await pilot.press("c")
            await pilot.pause()
            calendar = time.perf_counter() - started
            started = time.perf_counter()
        await pilot.press("g")
        await charts_drawn(app)
        return time.perf_counter() - started, calendar


def report(name: str, figures: list[float]) -> None:
    print(f"{name:>15}: median {statistics.median(figures) * 1000:6.0f} ms, "
          f"worst {max(figures) * 1000:6.0f} ms  ({len(figures)} runs)")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    from backtimer import paths
    from backtimer.history.sample import write_sample_history

    with tempfile.TemporaryDirectory(prefix="backtimer-charts-") as tmp:
        os.environ[paths.DATA_ENV] = str(Path(tmp) / "data")
        os.environ[paths.CONFIG_ENV] = str(Path(tmp) / "config")
        paths.set_data_dir(None)
        write_sample_history(paths.history_file(), args.sessions)
        print(f"{args.sessions} sessions, {os.cpu_count()} cores, "
              f"load {os.getloadavg()[0]:.1f}")
        report("chart data", [chart_data_seconds(args.sessions) for _ in range(args.runs)])
        runs = [asyncio.run(one_run(False)) for _ in range(args.runs)]
        g_to_chart = [g for g, _ in runs]
        report("g to chart", g_to_chart)
        report("c to calendar", [c for _, c in runs])
        report("open to chart", [asyncio.run(one_run(True))[0] for _ in range(args.runs)])
    verdict = "within" if statistics.median(g_to_chart) <= GOAL else "OVER"
    print(f"g to chart {verdict} the {GOAL} s goal")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
