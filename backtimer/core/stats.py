"""What the history says about training: weeks, streaks, calendar days, bests.

Every function takes sessions as the reader returns them (dicts, any order) and
never raises for odd values: a set without a number simply does not count.

What counts is defined once in `backtimer.core.workouts`: a session and its
pick-ups are one workout, a workout counts as training by `counts_as_training`,
and a training day is a day with at least one such workout (several count once).
A day is the calendar day of the workout's start in the offset it was recorded
with, as in `backtimer.core.programme`. Weeks run Monday to Sunday.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from backtimer.core.records import SessionRecord, SetRecord, started_at
from backtimer.core.workouts import (
    _seconds,  # one rule for a usable number
    counted_workouts,
    days_per_week,
    session_numbers,
    training_days,
)
from backtimer.core.workouts import (
    monday_of as monday_of,  # re-exported for the history screen
)

BUSY_WEEK = 3  # more training days than this in a week earns the gentle notice
RECENT_DAYS = 28  # notices look back this far, so old habits do not nag

Session = SessionRecord


def session_day(session: Session) -> date:
    return started_at(session).date()


# Weeks ---------------------------------------------------------------------


def weekly_counts(sessions: Iterable[Session], today: date | None = None) -> dict[date, int]:
    """Training days per week, keyed by the week's Monday (weeks without any left out)."""
    return days_per_week(training_days(sessions, today))


def busy_weeks(counts: Mapping[date, int], limit: int = BUSY_WEEK) -> list[date]:
    """Mondays of the weeks with more than `limit` training days, oldest first."""
    return sorted(monday for monday, count in counts.items() if count > limit)


@dataclass(frozen=True)
class Streak:
    """Runs of consecutive calendar weeks that met the weekly target."""

    current: int  # weeks up to now; this week counts once met, and never breaks the run
    best: int


def weeks_met_streak(counts: Mapping[date, int], target: int, today: date) -> Streak:
    """The current and the longest run of weeks with at least `target` training days."""
    this_monday = monday_of(today)
    met = {monday for monday, count in counts.items() if count >= target and monday <= this_monday}
    best = 0
    for monday in met:
        if monday - timedelta(weeks=1) in met:
            continue  # not the start of a run
        length = 1
        while monday + timedelta(weeks=length) in met:
            length += 1
        best = max(best, length)
    # The week in progress adds to the run once met; until then the run ends last week.
    week = this_monday if this_monday in met else this_monday - timedelta(weeks=1)
    current = 0
    while week in met:
        current += 1
        week -= timedelta(weeks=1)
    return Streak(current, best)


def back_to_back_days(sessions: Iterable[Session], today: date | None = None) -> list[date]:
    """Each training day whose day before was one too, oldest first."""
    return _back_to_back(training_days(sessions, today))


def _back_to_back(training: Iterable[date]) -> list[date]:
    days = set(training)
    return sorted(d for d in days if d - timedelta(days=1) in days)


# The calendar ----------------------------------------------------------------


def day_counts(sessions: Iterable[Session]) -> dict[date, int]:
    """Workouts that count as training, per day, for the calendar (days without any left out)."""
    return dict(Counter(w.day for w in counted_workouts(sessions)))


def month_days(sessions: Iterable[Session], year: int, month: int) -> dict[date, int]:
    """Workouts that count as training, per day of one month."""
    return {d: n for d, n in day_counts(sessions).items() if (d.year, d.month) == (year, month)}


# Holds -----------------------------------------------------------------------


def _sets(session: Session) -> list[SetRecord]:
    sets = session.get("sets", ())
    return [r for r in sets if isinstance(r, Mapping)] if isinstance(sets, list | tuple) else []


def _held(record: SetRecord) -> float | None:
    """Seconds actually held in a hold set, or None for skipped, empty or other sets."""
    if record.get("kind") != "hold" or record.get("skipped", False):
        return None
    done = _seconds(record.get("done"))
    return done if done is not None and done > 0 else None


@dataclass(frozen=True)
class HoldBest:
    """One hold exercise: its personal best and the best hold of each session, oldest first."""

    exercise: str
    best: float  # seconds
    day: date  # when the best was first reached
    trend: tuple[float, ...]


def hold_bests(sessions: Iterable[Session]) -> list[HoldBest]:
    """Every hold exercise ever done, by name, with its best and its trend."""
    series: dict[str, list[tuple[float, date]]] = {}
    for session in sorted(sessions, key=started_at):
        holds = session_best_holds(session)
        if holds:
            day = session_day(session)  # once per session, not per exercise
            for name, held in holds.items():
                series.setdefault(name, []).append((held, day))
    bests: list[HoldBest] = []
    for name in sorted(series, key=str.casefold):
        points = series[name]
        best, day = max(points, key=lambda p: p[0])  # max keeps the first of equal bests
        bests.append(HoldBest(name, best, day, tuple(p[0] for p in points)))
    return bests


def session_best_holds(session: Session) -> dict[str, float]:
    """The longest hold of each exercise in one session (an index row knows it already)."""
    known = getattr(session, "holds", None)
    if isinstance(known, dict):
        return known
    per_session: dict[str, float] = {}
    for record in _sets(session):
        held = _held(record)
        name = record.get("exercise")
        if held is None or not isinstance(name, str):
            continue
        per_session[name] = max(held, per_session.get(name, 0.0))
    return per_session


# One session -------------------------------------------------------------------


@dataclass(frozen=True)
class SessionTotals:
    duration: timedelta | None  # elapsed, start to end; None when either is missing
    sets_done: int
    sets_planned: int
    held: float  # seconds under load: holds, and reps that are each held
    active: float | None = None  # seconds, pauses left out; None when not recorded
    sets_skipped: int = 0
    working: int = 0  # working sets recorded: done, skipped or left at nothing


def session_totals(session: Session) -> SessionTotals:
    """How long, how many sets of how many, and time held, for one session.

    The numbers are `backtimer.core.workouts.session_numbers`; this shape is kept
    for the callers that read `duration` as a timedelta.
    """
    known = getattr(session, "totals", None)
    if isinstance(known, SessionTotals):  # an index row: worked out from its sets
        return known
    numbers = session_numbers(session)
    duration = None if numbers.elapsed is None else timedelta(seconds=numbers.elapsed)
    return SessionTotals(duration, numbers.sets_done, numbers.sets_planned, numbers.held,
                         numbers.active, numbers.sets_skipped, numbers.working)


# Notices -------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekReview:
    """This week against the target, the streak, and any gentle notices."""

    this_week: int
    target: int
    streak: Streak
    notices: tuple[str, ...]

    @property
    def text(self) -> str:
        """`This week: 1 of 2 training days`."""
        return f"This week: {self.this_week} of {self.target} training days"

    @property
    def streak_text(self) -> str:
        """`3 weeks in a row at your target (best 5)`, or "" before the first such week."""
        if not self.streak.best:
            return ""
        weeks = "week" if self.streak.current == 1 else "weeks"
        return f"{self.streak.current} {weeks} in a row at your target (best {self.streak.best})"


def _short(day: date) -> str:
    return f"{day.day} {day:%b}"


def _span(first: date, last: date) -> str:
    """`3-4 Nov`, or `30 Nov-1 Dec` across a month."""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{_short(last)}"
    return f"{_short(first)}-{_short(last)}"


def review(sessions: Sequence[Session], target: int, today: date) -> WeekReview:
    """The week at a glance, with notices about the last four weeks only."""
    days = training_days(sessions, today)  # worked out once for every figure below
    counts = days_per_week(days)
    since = today - timedelta(days=RECENT_DAYS)
    notices: list[str] = []
    busy = [m for m in busy_weeks(counts) if m + timedelta(days=6) >= since]
    if busy:
        latest = busy[-1]
        more = f" and {len(busy) - 1} more lately" if len(busy) > 1 else ""
        notices.append(
            f"{counts[latest]} training days in the week of {_short(latest)}{more}. "
            "Rest is part of training: muscles grow stronger on the days between."
        )
    pairs = [d for d in _back_to_back(days) if d >= since]
    if pairs:
        latest_pair = _span(pairs[-1] - timedelta(days=1), pairs[-1])
        more = f" and {len(pairs) - 1} more times lately" if len(pairs) > 1 else ""
        notices.append(
            f"Strength sessions on consecutive days, {latest_pair}{more}. "
            "Leave a rest day between them when you can."
        )
    return WeekReview(
        this_week=counts.get(monday_of(today), 0),
        target=target,
        streak=weeks_met_streak(counts, target, today),
        notices=tuple(notices),
    )
