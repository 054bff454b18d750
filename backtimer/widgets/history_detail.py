"""Text for the history screen: table cells, one session's sets, and hold bests.

Routine and exercise names and notes come from files, so everything is rich Text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from backtimer.durations import format_duration
from backtimer.history.stats import HoldBest, session_totals
from backtimer.progress import started_at

RATINGS = {1: "easy", 2: "right", 3: "hard"}  # how the session felt
STATUS_WORDS = {
    "completed": "completed",
    "stopped": "stopped",
    "pain": "stopped: pain",
    "interrupted": "interrupted",
}
STATUS_STYLES = {"completed": "green", "pain": "bold red", "interrupted": "yellow"}


def _number(value: float) -> str:
    """`30`, `14.2`: whole numbers without a trailing .0."""
    return f"{value:g}" if value != int(value) else str(int(value))


def day_text(session: Mapping[str, Any], today: date) -> str:
    """`Mon 23 Nov`, with the year when it is not this year's."""
    if session.get("started") is None:
        return "unknown date"
    day = started_at(session).date()
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def minutes_text(duration: timedelta | None) -> str:
    """`27 min`; `<1 min` for a session stopped at once; `?` when unknown."""
    if duration is None:
        return "?"
    minutes = round(duration.total_seconds() / 60)
    return f"{minutes} min" if minutes else "<1 min"


def status_text(session: Mapping[str, Any]) -> Text:
    status = str(session.get("status", "?"))
    return Text(STATUS_WORDS.get(status, status), style=STATUS_STYLES.get(status, ""))


def rating_text(session: Mapping[str, Any]) -> str:
    rating = session.get("rating")
    return RATINGS.get(rating, "") if isinstance(rating, int) else ""


def routine_name(session: Mapping[str, Any]) -> str:
    return str(session.get("routine") or session.get("routine_file") or "?")


def row_cells(session: Mapping[str, Any], today: date) -> tuple[Text, ...]:
    """Date, routine, status, duration, sets done/planned, rating: one table row."""
    totals = session_totals(session)
    return (
        Text(day_text(session, today)),
        Text(routine_name(session)),
        status_text(session),
        Text(minutes_text(totals.duration), justify="right"),
        Text(f"{totals.sets_done}/{totals.sets_planned}", justify="right"),
        Text(rating_text(session)),
    )


def _amount(kind: object, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "-"
    return f"{_number(float(value))} s" if kind in ("hold", "warmup") else f"{_number(value)}"


def sets_table(session: Mapping[str, Any]) -> Table:
    """Every recorded set: exercise, set and side, target, done (skipped marked)."""
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
    table.add_column("Exercise", no_wrap=False, ratio=None)
    table.add_column("Set")
    table.add_column("Target", justify="right")
    table.add_column("Done", justify="right")
    for record in session.get("sets", ()):
        if not isinstance(record, Mapping):
            continue
        kind = record.get("kind")
        name = "Warm-up" if kind == "warmup" else str(record.get("exercise", "?"))
        number = record.get("set")
        where = " ".join(str(p) for p in (number if kind != "warmup" else "",
                                          record.get("side", "")) if p)
        unit = "" if kind in ("hold", "warmup") else " reps"
        target = _amount(kind, record.get("target"))
        if record.get("skipped", False):
            done = Text("skipped", style="yellow")
        else:
            done = Text(_amount(kind, record.get("done")))
            target_value, done_value = record.get("target"), record.get("done")
            if (isinstance(target_value, int | float) and isinstance(done_value, int | float)
                    and done_value < target_value):
                done.stylize("italic")
        table.add_row(Text(name), Text(where), Text(f"{target}{unit}" if target != "-" else "-"),
                      done)
    return table


def session_detail(session: Mapping[str, Any], today: date) -> RenderableType:
    """The selected session: heading line, rating and notes, then its sets."""
    totals = session_totals(session)
    heading = Text.assemble((routine_name(session), "bold"))
    start = started_at(session)
    heading.append(f"  {day_text(session, today)}")
    if session.get("started") is not None:
        heading.append(f", {start:%H:%M}")
    heading.append("  ")
    heading.append_text(status_text(session))
    facts = Text(f"{totals.sets_done} of {totals.sets_planned} sets", style="dim")
    if totals.duration is not None:
        facts.append(f" in {format_duration(totals.duration.total_seconds())}")
    if totals.held:
        facts.append(f", {format_duration(totals.held)} held")
    parts: list[RenderableType] = [heading, facts]
    rating = rating_text(session)
    if rating:
        parts.append(Text(f"Felt {'about right' if rating == 'right' else rating}"))
    notes = session.get("notes")
    if isinstance(notes, str) and notes.strip():
        parts.append(Text(f"Notes: {notes.strip()}", style="italic"))
    if any(isinstance(r, Mapping) for r in session.get("sets", ())):
        parts.append(Text(""))
        parts.append(sets_table(session))
    else:
        parts.append(Text("No sets were recorded.", style="dim"))
    return Group(*parts)


def best_text(best: HoldBest) -> Text:
    """`Plank  best 45 s (23 Nov 2026)`."""
    text = Text.assemble((best.exercise, "bold"))
    text.append(f"  best {format_duration(best.best)}")
    text.append(f" ({best.day.day} {best.day:%b} {best.day.year})", style="dim")
    return text


def trend_caption(best: HoldBest) -> Text:
    """`30 s → 43 s, 14 sessions`: the trend's first and latest best hold."""
    sessions = len(best.trend)
    first, last = best.trend[0], best.trend[-1]
    counted = f"{sessions} session{'s' if sessions != 1 else ''}"
    if sessions == 1:
        return Text(counted, style="dim")
    return Text(f"{format_duration(first)} → {format_duration(last)}, {counted}", style="dim")


SPARK_MAX = 48  # columns; longer histories are bucketed, each bar its bucket's best


class HoldTrend(Vertical):
    """One hold exercise: its best in words, and each session's best hold as a sparkline."""

    DEFAULT_CSS = """
    HoldTrend {
        height: auto;
        margin-bottom: 1;
    }
    HoldTrend > Horizontal {
        height: 2;
    }
    HoldTrend Sparkline {
        height: 2;
        margin-right: 2;
    }
    HoldTrend .caption {
        width: auto;
    }
    """

    def __init__(self, best: HoldBest) -> None:
        super().__init__()
        self.best = best

    def compose(self) -> ComposeResult:
        yield Static(best_text(self.best), classes="best")
        with Horizontal():
            sparkline = Sparkline(list(self.best.trend))
            # Two columns a session reads as bars, not a smear, until the history is long.
            sparkline.styles.width = min(SPARK_MAX, max(6, 2 * len(self.best.trend)))
            yield sparkline
            yield Static(trend_caption(self.best), classes="caption")
