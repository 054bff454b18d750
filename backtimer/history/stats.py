"""What the history says about training: weeks, streaks, calendar days, bests (pure).

Every function takes sessions as the reader returns them (dicts, any order) and
never raises for odd values: a set without a number simply does not count.

A day is the calendar day of the session's start in the offset it was recorded
with, as in `backtimer.programme`. Weeks run Monday to Sunday. A session counts
as training when `programme.trained` says so (completed, or some work done), so
a session stopped in the first minute neither fills a week nor marks a day.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backtimer.programme import trained, training_week
from backtimer.progress import started_at

BUSY_WEEK = 3  # more sessions than this in a week earns the gentle notice
RECENT_DAYS = 28  # notices look back this far, so old habits do not nag

Session = Mapping[str, Any]


def read_sessions() -> tuple[list[dict[str, Any]], list[str]]:
    """Every session (oldest first) and the reader's problems; never raises.

    Screens call this from a worker thread; a failure becomes a problem line so the
    screen can still show what it has.
    """
    from backtimer.history import reader

    try:
        result = reader.read_history()
    except Exception as exc:  # the screens must stay usable whatever the file holds
        return [], [f"The history could not be read: {exc}"]
    return list(result.sessions), list(result.problems)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def session_day(session: Session) -> date:
    return started_at(session).date()


def _training_days(sessions: Iterable[Session], today: date | None = None) -> list[date]:
    days = [session_day(s) for s in sessions if trained(s)]
    # A clock set wrong must not count the future.
    return [d for d in days if today is None or d <= today]


# Weeks ---------------------------------------------------------------------


def weekly_counts(sessions: Iterable[Session], today: date | None = None) -> dict[date, int]:
    """Training sessions per week, keyed by the week's Monday (weeks without any left out)."""
    return dict(Counter(monday_of(d) for d in _training_days(sessions, today)))


def busy_weeks(counts: Mapping[date, int], limit: int = BUSY_WEEK) -> list[date]:
    """Mondays of the weeks with more than `limit` sessions, oldest first."""
    return sorted(monday for monday, count in counts.items() if count > limit)


@dataclass(frozen=True)
class Streak:
    """Runs of consecutive calendar weeks that met the weekly target."""

    current: int  # weeks up to now; this week counts once met, and never breaks the run
    best: int


def weeks_met_streak(counts: Mapping[date, int], target: int, today: date) -> Streak:
    """The current and the longest run of weeks with at least `target` sessions."""
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
    """Each day that had a training session and so did the day before, oldest first."""
    days = set(_training_days(sessions, today))
    return sorted(d for d in days if d - timedelta(days=1) in days)


# The calendar ----------------------------------------------------------------


def day_counts(sessions: Iterable[Session]) -> dict[date, int]:
    """Training sessions per day, for the calendar (days without any left out)."""
    return dict(Counter(_training_days(sessions)))


def month_days(sessions: Iterable[Session], year: int, month: int) -> dict[date, int]:
    """Training sessions per day of one month."""
    return {d: n for d, n in day_counts(sessions).items() if (d.year, d.month) == (year, month)}


# Holds -----------------------------------------------------------------------


def _seconds(value: object) -> float | None:
    """A usable number, or None: `inf` and `nan` would break every total and every display."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return number if math.isfinite(number) else None


def _sets(session: Session) -> list[Mapping[str, Any]]:
    sets = session.get("sets", ())
    return [r for r in sets if isinstance(r, Mapping)] if isinstance(sets, list | tuple) else []


def _held(record: Mapping[str, Any]) -> float | None:
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
        for name, held in session_best_holds(session).items():
            series.setdefault(name, []).append((held, session_day(session)))
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
    duration: timedelta | None  # None when the start or end is missing or out of order
    sets_done: int
    sets_planned: int
    held: float  # seconds under load: holds, and reps that are each held


def session_totals(session: Session) -> SessionTotals:
    """How long, how many sets of how many, and time held, for one session."""
    known = getattr(session, "totals", None)
    if isinstance(known, SessionTotals):  # an index row: worked out from its sets
        return known
    started, ended = session.get("started"), session.get("ended")
    duration = None
    if started is not None and ended is not None:
        span = started_at({"started": ended}) - started_at(session)
        duration = span if span >= timedelta(0) else None
    sets = _sets(session)
    # The warm-up is recorded but is not a set: it counts in neither number.
    working = [r for r in sets if r.get("kind") != "warmup"]
    done = sum(
        1 for r in working
        if not r.get("skipped", False) and (_seconds(r.get("done")) or 0) > 0
    )
    planned = session.get("planned_sets")
    if isinstance(planned, bool) or not isinstance(planned, int) or planned < len(working):
        planned = len(working)
    held = 0.0
    for record in sets:
        if record.get("skipped", False):
            continue
        if record.get("kind") == "hold":
            held += _held(record) or 0.0
        elif (hold := _seconds(record.get("hold"))) is not None:
            held += hold * max(0.0, _seconds(record.get("done")) or 0.0)
    return SessionTotals(duration, done, planned, held)


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
        """`This week: 1 of 2 sessions`."""
        return f"This week: {self.this_week} of {self.target} sessions"

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
    counts = weekly_counts(sessions, today)
    since = today - timedelta(days=RECENT_DAYS)
    notices: list[str] = []
    busy = [m for m in busy_weeks(counts) if m + timedelta(days=6) >= since]
    if busy:
        latest = busy[-1]
        more = f" and {len(busy) - 1} more lately" if len(busy) > 1 else ""
        notices.append(
            f"{counts[latest]} sessions in the week of {_short(latest)}{more}. "
            "Rest is part of training: muscles grow stronger on the days between."
        )
    pairs = [d for d in back_to_back_days(sessions, today) if d >= since]
    if pairs:
        latest_pair = _span(pairs[-1] - timedelta(days=1), pairs[-1])
        more = f" and {len(pairs) - 1} more times lately" if len(pairs) > 1 else ""
        notices.append(
            f"Strength sessions on consecutive days, {latest_pair}{more}. "
            "Leave a rest day between them when you can."
        )
    return WeekReview(
        this_week=training_week(sessions, today).this_week,
        target=target,
        streak=weeks_met_streak(counts, target, today),
        notices=tuple(notices),
    )
