"""What the history screen shows, worked out from the sessions away from the UI thread:
the workouts newest first, then the week, the recent weeks, training days and bests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from rich.cells import cell_len

from backtimer.core.history_text import routine_name
from backtimer.core.records import SessionRecord, started_at
from backtimer.core.stats import HoldBest, WeekReview, day_counts, hold_bests, review, weekly_counts
from backtimer.core.workouts import Workout, workouts


@dataclass(frozen=True)
class HistoryData:
    """Everything the screen shows, worked out away from the UI thread."""

    sessions: list[SessionRecord] = field(default_factory=list)  # newest first: rows
    # The table's rows, newest first: a session and its pick-ups are one workout.
    entries: list[Workout] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    review: WeekReview | None = None
    weeks: dict[date, int] = field(default_factory=dict)
    days: dict[date, int] = field(default_factory=dict)
    bests: list[HoldBest] = field(default_factory=list)
    longest: int | None = None  # cells of the longest routine name among the entries


def listed(sessions: list[SessionRecord], problems: list[str]) -> HistoryData:
    """The sessions newest first and the table's rows, before anything is counted.

    Sessions may be light rows from the history's index: each one's sets are read only
    when it is shown.
    """
    entries = workouts(sessions)[::-1]
    return HistoryData(sessions=sorted(sessions, key=started_at, reverse=True),
                       entries=entries, problems=problems, longest=longest_name(entries))


def longest_name(entries: Sequence[Workout]) -> int:
    # Measured once per name: a long history repeats a handful of them.
    return max(map(cell_len, {routine_name(e.first) for e in entries}), default=0)


def gather(today: date, target: int, rows: HistoryData) -> HistoryData:
    """`rows` with the week, the recent weeks, the training days and the hold bests."""
    sessions = rows.sessions
    return HistoryData(
        sessions=sessions,
        entries=rows.entries,
        problems=rows.problems,
        longest=rows.longest,
        review=review(sessions, target, today),
        weeks=weekly_counts(sessions, today),
        days=day_counts(sessions),
        bests=hold_bests(sessions),
    )
