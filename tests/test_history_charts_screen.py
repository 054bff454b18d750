"""The history screen's Charts tab (g): pick an exercise, see it by date, and the weeks."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.padding import Padding
from rich.text import Text
from test_history_screen import history, hold, session, write_history
from textual.widgets import OptionList, TabbedContent

from backtimer.core.records import SetRecord
from backtimer.ui.screens.history import HistoryScreen
from backtimer.ui.widgets.progress_chart import (
    NO_SETS,
    ExerciseChart,
    WeeksBarChart,
    theme_colours,
)


def reps(name: str, done: int, target: int = 10) -> SetRecord:
    return {"exercise": name, "kind": "reps", "set": 1, "target": target, "done": done,
            "skipped": False}


def a_month() -> None:
    """Plank from 30 s to 35 s with a step-up on 16 Nov; bird-dog twice; a row once."""
    write_history(
        session(date(2026, 11, 2), hold("Plank", 30.0), reps("Bird-dog", 8)),
        session(date(2026, 11, 5), hold("Plank", 30.0)),
        session(date(2026, 11, 9), hold("Plank", 30.0), reps("Bird-dog", 10)),
        session(date(2026, 11, 16), hold("Plank", 33.0, 35)),
        session(date(2026, 11, 23), hold("Plank", 35.0, 35), reps("Row", 12)),
    )


async def open_charts(pilot: Any, screen: HistoryScreen) -> None:
    """Press g and wait for the chart data, worked out in a thread."""
    await pilot.press("g")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def drawn(screen: HistoryScreen, chart: type[ExerciseChart | WeeksBarChart]) -> Text:
    shown = screen.query_one(chart).render()
    if isinstance(shown, Padding):  # a sentence instead of a chart
        shown = shown.renderable
    assert isinstance(shown, Text)
    return shown


async def test_g_opens_the_charts_on_the_plank_with_dates_and_its_step_up() -> None:
    """g shows the charts; the list opens on the hold trained most, drawn by date with
    the step-up named; the weeks are drawn against the target."""
    a_month()
    async with history(size=(100, 40)) as (_, pilot, screen):
        await open_charts(pilot, screen)
        assert screen.query_one(TabbedContent).active == "charts"
        choices = screen.query_one("#chart-exercises", OptionList)
        assert choices.has_focus
        assert [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)] \
            == ["Bird-dog", "Plank", "Row"]
        assert choices.highlighted == 1
        chart = drawn(screen, ExerciseChart).plain
        assert "Plank: best hold (s)" in chart
        assert all(day in chart for day in ("2 Nov", "9 Nov", "16 Nov", "23 Nov"))
        assert "35 s" in chart
        weeks = drawn(screen, WeeksBarChart).plain
        assert "Training per week, target 2: met in 1 of the last 12" in weeks


async def test_moving_in_the_list_charts_another_exercise() -> None:
    """Up picks bird-dog, whose reps and sets are charted; down twice reaches the row,
    done once, which is said in words rather than drawn."""
    a_month()
    async with history(size=(100, 40)) as (_, pilot, screen):
        await open_charts(pilot, screen)
        await pilot.press("up")
        await pilot.pause()
        chart = drawn(screen, ExerciseChart).plain
        assert "Bird-dog: most reps in a set" in chart and "sets done" in chart
        await pilot.press("down", "down")
        await pilot.pause()
        assert drawn(screen, ExerciseChart).plain == (
            "Row: one day so far, 23 Nov 2026: 12 reps in a set. "
            "The chart starts with the second day.")


async def test_without_sets_the_tab_says_how_charts_come() -> None:
    """An empty history: the tab explains when charts appear, and the weeks are empty."""
    async with history() as (_, pilot, screen):
        await open_charts(pilot, screen)
        assert drawn(screen, ExerciseChart).plain == NO_SETS
        assert "met in 0 of the last 12" in drawn(screen, WeeksBarChart).plain


def colours_in(text: Text) -> set[tuple[int, int, int]]:
    found: set[tuple[int, int, int]] = set()
    for span in text.spans:
        style = span.style
        if not isinstance(style, str) and style.color is not None and style.color.triplet:
            red, green, blue = style.color.triplet
            found.add((red, green, blue))
    return found


async def test_the_charts_follow_the_theme() -> None:
    """The line is drawn in the theme's primary colour, and a new theme redraws it."""
    a_month()
    async with history(size=(100, 40)) as (app, pilot, screen):
        await open_charts(pilot, screen)
        before = theme_colours(app)
        assert before.line in colours_in(drawn(screen, ExerciseChart))
        app.theme = "solarized-light"
        await pilot.pause()
        after = theme_colours(app)
        assert after.line != before.line
        assert after.line in colours_in(drawn(screen, ExerciseChart))
        assert after.met in colours_in(drawn(screen, WeeksBarChart))


async def test_a_small_terminal_still_reaches_the_charts() -> None:
    """At 40x12 g still opens the tab (the footer has no room to name it), nothing
    breaks, and each chart is drawn or says it needs more room."""
    a_month()
    async with history(size=(40, 12)) as (_, pilot, screen):
        await open_charts(pilot, screen)
        assert screen.query_one(TabbedContent).active == "charts"
        for chart in (ExerciseChart, WeeksBarChart):
            shown = drawn(screen, chart).plain
            assert "┌" in shown or shown.startswith("Too small for a chart")
        await pilot.press("down", "s")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "sessions"


async def test_names_from_the_file_are_shown_as_written() -> None:
    """An exercise named like markup is listed and titled as written, not styled."""
    write_history(session(date(2026, 11, 2), hold("[b]Plank[/b]", 30.0)),
                  session(date(2026, 11, 9), hold("[b]Plank[/b]", 32.0)))
    async with history(size=(100, 40)) as (_, pilot, screen):
        await open_charts(pilot, screen)
        choices = screen.query_one("#chart-exercises", OptionList)
        assert str(choices.get_option_at_index(0).prompt) == "[b]Plank[/b]"
        assert "[b]Plank[/b]: best hold (s)" in drawn(screen, ExerciseChart).plain
