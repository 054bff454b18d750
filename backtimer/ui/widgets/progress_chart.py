"""The history screen's Charts tab: an exercise over time and training per week.

The numbers come from `backtimer.core.charts`, worked out in a thread once the
history has been read; the widgets here only draw them (with textual-plotext, in
the theme's colours) and redraw when the size or the theme changes.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any, cast

from rich.color import Color as RichColor
from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, RenderResult
from textual.color import Color
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList
from textual.widgets.option_list import Option
from textual_plotext import PlotextPlot

from backtimer.core.charts import ChartData, ExerciseSeries, WeeksChart, chart_data, first_shown
from backtimer.core.plotting import (
    MIN_HEIGHT,
    MIN_WIDTH,
    ChartColours,
    draw_exercise,
    draw_weeks,
    too_few_text,
)
from backtimer.core.records import SessionRecord

READING = "Reading your history…"
NO_SETS = ("No sets done yet. Once you have done a hold or a rep set, its chart appears "
           "here, with your training weeks below.")


def theme_colours(app: App[Any]) -> ChartColours:
    """The chart colours of the app's theme as it is now."""
    variables = app.get_css_variables()

    def rgb(name: str, fallback: str) -> tuple[int, int, int]:
        return Color.parse(variables.get(name, fallback)).rgb

    background = Color.parse(variables.get("background", "#000000"))
    muted = background + Color.parse(variables.get("foreground-muted", "#808080"))
    return ChartColours(
        line=rgb("primary", "#0178D4"),
        second=rgb("secondary", "#004578"),
        marks=rgb("accent", "#FFA62B"),
        bars=rgb("primary", "#0178D4"),
        met=rgb("success", "#4EBF71"),
        target=rgb("warning", "#FFA62B"),
        ticks=muted.rgb,
    )


class ThemedChart(PlotextPlot):
    """A plotext chart in the theme's colours, drawn afresh for each size and theme.

    Subclasses say what to draw (`draw`) or what to say instead (`words`). The last
    picture is kept, so repaints that change nothing cost nothing.
    """

    DEFAULT_CSS = """
    ThemedChart {
        height: 1fr;
        min-height: 8;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.version = 0  # bumped when the data changes
        self.drawn: tuple[object, Text] | None = None

    def words(self) -> str | None:
        """A sentence to show instead of a chart, or None."""
        return None

    def draw(self, fig: Any, width: int, height: int, colours: ChartColours) -> None:
        raise NotImplementedError

    def changed(self) -> None:
        self.version += 1
        self.refresh()

    def render(self) -> RenderResult:
        words = self.words()
        width, height = self.size
        if words is None and (width < MIN_WIDTH or height < MIN_HEIGHT):
            words = "Too small for a chart: a larger terminal shows it."
        colours = theme_colours(self.app)
        if words is not None:
            # Padded here, not by a CSS class: a class changed while rendering would
            # change the size being rendered for.
            muted = colours.ticks if isinstance(colours.ticks, tuple) else None
            style = (Style(color=RichColor.from_rgb(*muted)) if muted else Style(dim=True))
            return Padding(Text(words, style=style), (1, 2))
        key = (self.version, width, height, colours)
        if self.drawn is None or self.drawn[0] != key:
            self.draw(self.plt, width, height, colours)
            self.drawn = (key, Text.from_ansi(self.plt.build()))
        return self.drawn[1]


class ExerciseChart(ThemedChart):
    """One exercise's best hold, or reps and sets, by day, with its step-ups."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.series: ExerciseSeries | None = None
        self.note = READING

    def show(self, series: ExerciseSeries | None, note: str = "") -> None:
        self.series, self.note = series, note
        self.changed()

    def words(self) -> str | None:
        if self.series is None:
            return self.note
        return too_few_text(self.series)

    def draw(self, fig: Any, width: int, height: int, colours: ChartColours) -> None:
        assert self.series is not None
        draw_exercise(fig, self.series, width, height, colours)


class WeeksBarChart(ThemedChart):
    """Training per week for the last twelve weeks, against the weekly target."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.weeks: WeeksChart | None = None

    def show(self, weeks: WeeksChart | None) -> None:
        self.weeks = weeks
        self.changed()

    def words(self) -> str | None:
        return None if self.weeks is not None else ""

    def draw(self, fig: Any, width: int, height: int, colours: ChartColours) -> None:
        assert self.weeks is not None
        draw_weeks(fig, self.weeks, width, height, colours)


def chart_history(today: date, target: int) -> ChartData:
    """The chart data of every session, from the history's index (each row carries what
    the charts take from its sets)."""
    from backtimer.storage.history.index import load_index

    return chart_data(cast(list[SessionRecord], load_index().rows), today, target)


class ChartsPane(Horizontal):
    """The exercises to pick from, the chosen one's chart, and the weekly chart below."""

    SCOPED_CSS = False  # the layout follows the screen's -narrow and -short classes
    DEFAULT_CSS = """
    ChartsPane {
        height: 1fr;
    }
    ChartsPane #chart-exercises {
        width: 24;
        height: 1fr;
        border: none;
        padding: 0;
    }
    ChartsPane #chart-stack {
        width: 1fr;
    }
    .-narrow ChartsPane {
        layout: vertical;
    }
    .-narrow ChartsPane #chart-exercises {
        width: 1fr;
        height: 4;
    }
    .-narrow.-short ChartsPane #chart-exercises {
        height: 2;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.data: ChartData | None = None

    def compose(self) -> ComposeResult:
        yield OptionList(id="chart-exercises")
        with VerticalScroll(id="chart-stack", can_focus=False):
            yield ExerciseChart(id="exercise-chart")
            yield WeeksBarChart(id="weeks-chart")

    def load(self, today: date, target: int) -> None:
        """Chart the history: read whole (the charts need every set) and worked out in a
        thread now, drawn when ready.

        Started as soon as the history is shown, so that g finds the charts ready.
        """
        self.data = None
        self._chart_in_thread(today, target)

    @work(thread=True, exclusive=True, group="charts", exit_on_error=False)
    def _chart_in_thread(self, today: date, target: int) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing: nothing to show
            try:
                data = chart_history(today, target)
            except Exception as exc:  # noqa: BLE001 - shown in the chart, the screen goes on
                self.app.call_from_thread(self._not_charted, exc)
                return
            self.app.call_from_thread(self.fill, data)

    def _not_charted(self, exc: Exception) -> None:
        self.query_one(ExerciseChart).show(None, f"The charts could not be drawn: {exc}")

    def fill(self, data: ChartData) -> None:
        """Show `data`: the exercise list, the first exercise's chart, the weeks."""
        self.data = data
        choices = self.query_one("#chart-exercises", OptionList)
        choices.clear_options()
        choices.add_options(Option(Text(name), id=name) for name in data.exercises)
        first = first_shown(data.exercises)
        if first is None:
            self.query_one(ExerciseChart).show(None, NO_SETS)
        else:
            choices.highlighted = list(data.exercises).index(first)
            self.query_one(ExerciseChart).show(data.exercises[first])
        self.query_one(WeeksBarChart).show(data.weeks)

    @on(OptionList.OptionHighlighted, "#chart-exercises")
    def _exercise_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.data is not None and event.option.id in self.data.exercises:
            self.query_one(ExerciseChart).show(self.data.exercises[event.option.id])
