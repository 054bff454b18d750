"""Text for the history screen: table cells, one session's sets, and hold bests.

Routine and exercise names and notes come from files, so everything is rich Text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from backtimer.core.durations import format_duration, format_held, format_minutes
from backtimer.core.records import SessionRecord, started_at
from backtimer.core.stats import HoldBest
from backtimer.core.workouts import SessionNumbers, Workout, session_numbers

RATINGS = {1: "easy", 2: "right", 3: "hard"}  # how the session felt
STATUS_WORDS = {
    "completed": "completed",
    "stopped": "stopped",
    "pain": "stopped: pain",
    "interrupted": "interrupted",
}
STATUS_STYLES = {"completed": "green", "pain": "bold red", "interrupted": "yellow"}
# Narrow tables: a mark of at most four cells; the selected session's detail says it in full.
STATUS_MARKS = {"completed": "✓", "stopped": "stop", "pain": "pain", "interrupted": "part"}


def _number(value: float) -> str:
    """`30`, `14.2`: whole numbers without a trailing .0."""
    return f"{value:g}" if value != int(value) else str(int(value))


def day_text(session: SessionRecord, today: date) -> str:
    """`Mon 23 Nov`, with the year when it is not this year's."""
    if session.get("started") is None:
        return "unknown date"
    day = started_at(session).date()
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def short_day_text(session: SessionRecord, today: date) -> str:
    """`24 Nov`, or `24 Nov '25` for another year: the date for narrow tables."""
    if session.get("started") is None:
        return "?"
    day = started_at(session).date()
    text = f"{day.day} {day:%b}"
    return text if day.year == today.year else f"{text} '{day:%y}"


def minutes_text(duration: timedelta | None) -> str:
    """`27 min`, `1 h 5 min`, `40 s`; `?` when unknown."""
    if duration is None:
        return "?"
    return format_minutes(duration.total_seconds())


def time_text(seconds: float | None) -> str:
    """A time for a table cell: `27 min`, `1 h 5 min`, `40 s`; `-` when not recorded."""
    return "-" if seconds is None else format_minutes(seconds)


def times_text(numbers: SessionNumbers) -> str:
    """`active 24 min 13 s, elapsed 26 min`: both times, each named (unknown ones left out)."""
    parts = []
    if numbers.active is not None:
        parts.append(f"active {format_duration(numbers.active)}")
    if numbers.elapsed is not None:
        parts.append(f"elapsed {format_duration(numbers.elapsed)}")
    return ", ".join(parts)


Entry = SessionRecord | Workout


def as_workout(entry: Entry) -> Workout:
    """A history entry as a workout: a lone session is a workout of one part."""
    return entry if isinstance(entry, Workout) else Workout((entry,))


def status_text(session: SessionRecord, *, short: bool = False) -> Text:
    """`completed`, `stopped: pain`...; with `short`, a mark such as `✓` or `pain`."""
    status = str(session.get("status", "?"))
    words = STATUS_MARKS if short else STATUS_WORDS
    shown = words.get(status, status if not short else status[:4])
    return Text(shown, style=STATUS_STYLES.get(status, ""))


def rating_text(session: SessionRecord) -> str:
    rating = session.get("rating")
    return RATINGS.get(rating, "") if isinstance(rating, int) else ""


def routine_name(session: SessionRecord) -> str:
    return str(session.get("routine") or session.get("routine_file") or "?")


COLUMNS = ("Date", "Routine", "Status", "Active", "Sets", "Felt")
COMPACT_COLUMNS = ("Date", "Routine", "", "Sets")
NAME_COLUMN = 1  # the routine: the one column shortened to fit the width
SCROLLBAR = 2  # columns the table's scrollbar takes when the rows overflow


def row_cells(entry: Entry, today: date, *, compact: bool = False) -> tuple[Text, ...]:
    """One table row: date, routine, status, active time, sets done/planned, rating.

    A workout that was picked up is one row: its first part's date, its last part's
    status, its sets and times added up. `compact` (narrow terminals) keeps date,
    routine, a status mark and sets, shorter.
    """
    workout = as_workout(entry)
    first, last = workout.first, workout.last
    numbers = workout.numbers
    sets = Text(f"{numbers.sets_done}/{numbers.sets_planned}", justify="right")
    if compact:
        return (Text(short_day_text(first, today), justify="right"), Text(routine_name(first)),
                status_text(last, short=True), sets)
    status = status_text(last)
    if workout.picked_up:
        status.append(f" ({len(workout.parts)} parts)", style="dim")
    rating = next((r for r in map(rating_text, reversed(workout.parts)) if r), "")
    return (
        Text(day_text(first, today)),
        Text(routine_name(first)),
        status,
        Text(time_text(numbers.active), justify="right"),
        sets,
        Text(rating),
    )


def name_room(rows: Sequence[tuple[Text, ...]], labels: tuple[str, ...], width: int) -> int:
    """Cells left for the routine names once the other columns have what they need.

    Each column takes its widest cell or label plus one cell of padding either side.
    """
    others = sum(
        max([len(labels[i]), *(row[i].cell_len for row in rows)]) + 2
        for i in range(len(labels)) if i != NAME_COLUMN
    )
    return max(6, width - others - 2 - SCROLLBAR)


def fitted(rows: Sequence[tuple[Text, ...]], room: int) -> list[tuple[Text, ...]]:
    """Copies of `rows` with the routine names shortened (with …) to `room` cells."""
    out = []
    for row in rows:
        name = row[NAME_COLUMN].copy()
        name.truncate(room, overflow="ellipsis")
        out.append((*row[:NAME_COLUMN], name, *row[NAME_COLUMN + 1:]))
    return out


def _amount(kind: object, value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "-"
    return f"{_number(float(value))} s" if kind in ("hold", "warmup") else f"{_number(value)}"


def sets_table(session: SessionRecord) -> Table:
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


def session_detail(entry: Entry, today: date) -> RenderableType:
    """The selected workout: heading line, its numbers, rating and notes, then its sets.

    A workout that was picked up shows each part, with its own time and sets.
    """
    workout = as_workout(entry)
    first = workout.first
    numbers = workout.numbers
    heading = Text.assemble((routine_name(first), "bold"))
    heading.append(f"  {day_text(first, today)}")
    if first.get("started") is not None:
        heading.append(f", {started_at(first):%H:%M}")
    heading.append("  ")
    heading.append_text(status_text(workout.last))
    parts: list[RenderableType] = [heading, _facts(numbers)]
    for session in workout.parts:
        rating = rating_text(session)
        if rating:
            parts.append(Text(f"Felt {'about right' if rating == 'right' else rating}"))
        notes = session.get("notes")
        if isinstance(notes, str) and notes.strip():
            parts.append(Text(f"Notes: {notes.strip()}", style="italic"))
    for number, session in enumerate(workout.parts, 1):
        if workout.picked_up:
            parts.append(Text(""))
            parts.append(_part_heading(number, session, today))
        if any(isinstance(r, Mapping) for r in session.get("sets", ())):
            if not workout.picked_up:
                parts.append(Text(""))
            parts.append(sets_table(session))
        else:
            parts.append(Text("No sets were recorded.", style="dim"))
    return Group(*parts)


def _facts(numbers: SessionNumbers) -> Text:
    """`9 of 10 sets · active 24 min 13 s, elapsed 26 min · 3 min 30 s held`."""
    facts = Text(f"{numbers.sets_done} of {numbers.sets_planned} sets", style="dim")
    times = times_text(numbers)
    if times:
        facts.append(f" · {times}")
    if numbers.held:
        facts.append(f" · {format_held(numbers.held)} held")
    return facts


def _part_heading(number: int, session: SessionRecord, today: date) -> Text:
    """`Part 2 (picked up): Tue 24 Nov, 19:00  completed  7 sets · active 15 min, ...`."""
    own = session_numbers(session)
    text = Text(f"Part {number}", style="bold")
    if number > 1:
        text.append(" (picked up)")
    text.append(f": {day_text(session, today)}")
    if session.get("started") is not None:
        text.append(f", {started_at(session):%H:%M}")
    text.append("  ")
    text.append_text(status_text(session))
    sets = "set" if own.sets_done == 1 else "sets"
    text.append(f"  {own.sets_done} {sets}", style="dim")
    times = times_text(own)
    if times:
        text.append(f" · {times}", style="dim")
    return text


def best_text(best: HoldBest) -> Text:
    """`Plank  best 45 s (23 Nov 2026)`."""
    text = Text.assemble((best.exercise, "bold"))
    text.append(f"  best {format_held(best.best)}")
    text.append(f" ({best.day.day} {best.day:%b} {best.day.year})", style="dim")
    return text


def trend_caption(best: HoldBest) -> Text:
    """`30 s → 43 s, 14 sessions`, or `30 s each time, 5 sessions` when it never changed."""
    sessions = len(best.trend)
    first, last = best.trend[0], best.trend[-1]
    counted = f"{sessions} session{'s' if sessions != 1 else ''}"
    if sessions == 1:
        return Text(f"{format_held(first)}, {counted}", style="dim")
    if min(best.trend) == max(best.trend):
        return Text(f"{format_held(first)} each time, {counted}", style="dim")
    return Text(f"{format_held(first)} → {format_held(last)}, {counted}", style="dim")


BARS = " ▁▂▃▄▅▆▇█"


def bar_rows(values: list[float], width: int, height: int) -> list[str]:
    """Bars measured from zero, top row first: equal values draw equally tall, never flat.

    With more values than columns each column shows the best of its share of them.
    """
    if not values or width <= 0 or height <= 0:
        return [" " * max(0, width)] * max(0, height)
    count = len(values)
    columns = []
    for column in range(width):  # fewer values than columns: each spreads over several
        start = count * column // width
        stop = max(count * (column + 1) // width, start + 1)
        columns.append(max(values[start:stop]))
    top = max(columns) or 1.0
    steps = 8 * height
    # Any hold at all shows at least one eighth, so only a true zero is empty.
    levels = [max(1, round(v / top * steps)) if v > 0 else 0 for v in columns]
    rows = []
    for row in reversed(range(height)):
        rows.append("".join(BARS[min(8, max(0, level - 8 * row))] for level in levels))
    return rows
