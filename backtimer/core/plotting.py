"""Drawing the history charts with plotext, for the terminal and for the history screen.

No Textual here: `backtimer history --chart` draws with these functions too. Each
function draws onto a plotext figure of a given size from the chart data in
`backtimer.core.charts`, so the same history at the same size and colours
always gives the same picture (the x axis is day numbers with our own date
labels: plotext's own date handling would depend on the local time zone).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from plotext._figure import _figure_class as Figure  # the object `import plotext` draws on

from backtimer.core.charts import (
    HOLD,
    ExerciseSeries,
    WeeksChart,
    date_label,
    date_ticks,
    thinned,
)

Colour = str | tuple[int, int, int]  # a plotext colour name, or RGB
MIN_WIDTH, MIN_HEIGHT = 20, 6  # smaller than this and there is no chart to read


@dataclass(frozen=True)
class ChartColours:
    """The colours of the charts; "default" is the terminal's (or the widget's) own."""

    line: Colour = "cyan"
    second: Colour = "green"  # sets done, beside the reps
    marks: Colour = "magenta"  # step-ups
    bars: Colour = "blue"
    met: Colour = "green"  # weeks at the target
    target: Colour = "yellow"
    ticks: Colour = "default"


def new_figure() -> Any:
    """A plotext figure of its own: no state shared with other charts."""
    return Figure()


def _setup(fig: Any, width: int, height: int, colours: ChartColours) -> None:
    fig.clear_figure()
    fig.plotsize(width, height)
    fig.theme("clear")  # no background: the terminal's or the widget's shows through
    fig.ticks_color(colours.ticks)


def _ticks(fig: Any, axis: str, ticks: Sequence[float], labels: list[str]) -> None:
    """Set the ticks of the x or y axis in order.

    plotext keeps them in the order of a set, which changes from run to run (string
    hashes are salted), and where labels are crowded the first placed wins: back in
    order, the same labels are drawn every time, so a picture can be compared.
    """
    getattr(fig, f"{axis}ticks")(ticks, labels)
    monitor = fig.monitor
    stored_ticks = getattr(monitor, f"{axis}ticks")
    stored_labels = getattr(monitor, f"{axis}labels")
    pairs = sorted(zip(stored_ticks[0], stored_labels[0], strict=True))
    stored_ticks[0], stored_labels[0] = [t for t, _ in pairs], [label for _, label in pairs]


def nice_step(span: float, most: int) -> float:
    """A round tick step (1, 2, 5, 10…) giving at most `most` ticks over `span`."""
    raw = max(span, 1e-9) / max(1, most)
    power: float = 10.0 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return max(1.0, factor * power)
    return max(1.0, 10 * power)  # pragma: no cover - the loop always returns


def value_range(low: float, high: float, rows: int,
                keep_free: int = 0) -> tuple[float, float, list[float]]:
    """Y limits a little beyond the values, and whole-number ticks between them;
    `keep_free` rows at the top stay clear of the values (for the legend)."""
    pad = max(1.0, (high - low) * 0.15)
    bottom, top = max(0.0, math.floor(low - pad)), math.ceil(high + pad)
    if keep_free:
        used = max(1, rows - keep_free)
        top = math.ceil(bottom + (top - bottom) * rows / used)
    step = nice_step(top - bottom, max(2, rows // 2))
    first = math.ceil(bottom / step) * step
    ticks = [first + i * step for i in range(int((top - first) // step) + 1)]
    return bottom, top, ticks


def draw_exercise(fig: Any, series: ExerciseSeries, width: int, height: int,
                  colours: ChartColours) -> None:
    """The exercise's days as a dated line, with the step-ups as marked vertical lines."""
    _setup(fig, width, height, colours)
    days = thinned(series.days, max(2, width * 2))  # two braille dots a column
    xs = [d.day.toordinal() for d in days]
    values = [d.value for d in days]
    lows, highs = values, values
    if series.kind != HOLD:
        sets = [float(d.sets) for d in days]
        lows, highs = values + sets, values + sets
    # Rows kept clear at the top: the legend of the two rep lines, the step-ups' names.
    free = (0 if series.kind == HOLD else 2) + (1 if series.step_ups else 0)
    bottom, top, yticks = value_range(min(lows), max(highs), height - 4, free)
    first, last = days[0].day, days[-1].day
    margin = max(1, round((last - first).days * 0.03))
    fig.xlim(xs[0] - margin, xs[-1] + margin)
    fig.ylim(bottom, top)
    _ticks(fig, "y", yticks, [f"{t:g}" for t in yticks])
    ticks = date_ticks(first, last, max(2, (width - 8) // 10))  # `30 Nov`, `Nov 2026` and room
    _ticks(fig, "x", [t for t, _ in ticks], [label for _, label in ticks])
    _draw_step_ups(fig, series, xs[0], xs[-1], top, width, colours)
    # A hold has one line, named in the title; reps have two, named in a legend.
    fig.plot(xs, values, marker="braille", color=colours.line,
             label=None if series.kind == HOLD else series.label)
    if len(days) <= width // 3:  # each day a dot, while there is room to tell them apart
        fig.scatter(xs, values, marker="●", color=colours.line)
    if series.kind != HOLD:
        fig.plot(xs, sets, marker="braille", color=colours.second, label="sets done")
    fig.title(f"{series.name}: {series.label}")


def _draw_step_ups(fig: Any, series: ExerciseSeries, first: int, last: int, top: float,
                   width: int, colours: ChartColours) -> None:
    """A vertical line at each step-up, named at the top while there is room for it."""
    shown = [s for s in series.step_ups if first <= s.day.toordinal() <= last]
    if not shown or len(shown) > width // 3:
        return  # dozens of lines would hide the line they mark
    room = width // max(1, len(shown))
    for step in shown:
        fig.vline(step.day.toordinal(), colours.marks)
        if room >= len(step.text) + 2:
            fig.text(step.text, step.day.toordinal(), top, color=colours.marks,
                     alignment="left")


def draw_weeks(fig: Any, weeks: WeeksChart, width: int, height: int,
               colours: ChartColours) -> None:
    """Training per week as bars, the weeks at the target in their own colour, the target
    as a line across."""
    _setup(fig, width, height, colours)
    positions = list(range(1, len(weeks.bars) + 1))
    met = [(x, b.count) for x, b in zip(positions, weeks.bars, strict=True)
           if b.count >= weeks.target and b.count > 0]
    under = [(x, b.count) for x, b in zip(positions, weeks.bars, strict=True)
             if 0 < b.count < weeks.target]
    for bars, colour in ((met, colours.met), (under, colours.bars)):
        if bars:
            fig.bar([x for x, _ in bars], [c for _, c in bars], color=colour, width=0.5)
    fig.hline(weeks.target, colours.target)
    top = max([weeks.target, *(b.count for b in weeks.bars)]) + 1
    fig.xlim(0.4, len(positions) + 0.6)
    fig.ylim(0, top)
    step = int(nice_step(top, max(2, (height - 4) // 2)))
    yticks = list(range(0, top + 1, step))
    _ticks(fig, "y", yticks, [str(t) for t in yticks])
    every = max(1, math.ceil(len(positions) * 7 / max(1, width - 6)))  # `30 Nov` and a gap
    shown = positions[::-1][::every][::-1]  # this week is always labelled
    _ticks(fig, "x", shown, [date_label(weeks.bars[x - 1].monday, 0) for x in shown])
    title = (f"Training per week, target {weeks.target}: "
             f"met in {weeks.met} of the last {len(weeks.bars)}")
    fig.title(title if len(title) <= width - 4 else f"Per week, target {weeks.target}")


def too_few_text(series: ExerciseSeries) -> str | None:
    """What to say instead of a chart of fewer than two days; None when there is a chart."""
    if len(series.days) >= 2:
        return None
    if not series.days:
        return f"No sets of {series.name} done yet."
    day = series.days[0]
    what = f"{day.value:g} s" if series.kind == HOLD else f"{day.value:g} reps in a set"
    return (f"{series.name}: one day so far, {date_label(day.day, 0)} {day.day.year}: {what}. "
            "The chart starts with the second day.")


def exercise_chart(series: ExerciseSeries, width: int, height: int,
                   colours: ChartColours) -> str:
    """The exercise chart as text with colour codes, or the sentence that stands for it."""
    words = too_few_text(series)
    if words is not None:
        return words
    fig = new_figure()
    draw_exercise(fig, series, max(width, MIN_WIDTH), max(height, MIN_HEIGHT), colours)
    return str(fig.build())


def weeks_chart_text(weeks: WeeksChart, width: int, height: int, colours: ChartColours) -> str:
    """The weekly chart as text with colour codes."""
    fig = new_figure()
    draw_weeks(fig, weeks, max(width, MIN_WIDTH), max(height, MIN_HEIGHT), colours)
    return str(fig.build())
