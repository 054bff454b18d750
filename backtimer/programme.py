"""Multi-week programmes such as the bundled "Four-week back plan" (pure).

Routines that share a `program` name and carry a `week` number form a programme.
Where someone stands in it follows from the history alone:

- A programme week is done once its routine has `weekly_target` completed
  sessions (the routine's own target, else the setting, else 2). These are
  programme weeks, not calendar weeks: the sessions may be spread over as many
  calendar weeks as life needs, and each counts whenever it was done.
- A week whose latest session ended in pain is not done, whatever its count:
  the person is held back on it with a reason, until a later session of it ends
  without pain.
- The current week is the first week not done; after the last, the programme is
  complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from backtimer.progress import started_at
from backtimer.routine import Routine

DEFAULT_TARGET = 2


@dataclass(frozen=True)
class WeekStatus:
    week: int
    routine: Routine
    completed: int  # completed sessions of this week's routine
    target: int
    pain: bool  # its latest session ended in pain

    @property
    def done(self) -> bool:
        return self.completed >= self.target and not self.pain


@dataclass(frozen=True)
class ProgrammeStatus:
    name: str
    weeks: tuple[WeekStatus, ...]
    last_session: date | None  # the day of the latest session of any of its weeks
    today: date

    @property
    def current(self) -> WeekStatus | None:
        """The first week not yet done; None once the programme is complete."""
        return next((w for w in self.weeks if not w.done), None)

    @property
    def complete(self) -> bool:
        return self.current is None

    @property
    def started(self) -> bool:
        return self.last_session is not None

    @property
    def routine(self) -> Routine | None:
        """What to train next: the current week's routine."""
        current = self.current
        return current.routine if current else None

    @property
    def held_back(self) -> str:
        """Why the current week cannot move on, or "" when nothing holds it."""
        current = self.current
        if current is None or not current.pain:
            return ""
        return (
            f"Week {current.week} held back: the last session ended with pain. "
            "Repeat it gently when you are ready."
        )

    @property
    def days_since_last(self) -> int | None:
        return (self.today - self.last_session).days if self.last_session else None

    @property
    def text(self) -> str:
        """One line: `Four-week back plan: week 2 of 4, 1 of 2 sessions done`."""
        current = self.current
        if current is None:
            return f"{self.name}: complete, all {len(self.weeks)} weeks done"
        return (
            f"{self.name}: week {current.week} of {len(self.weeks)}, "
            f"{min(current.completed, current.target)} of {current.target} sessions done"
        )


def programme_status(
    routines: Iterable[Routine],
    sessions: Iterable[Mapping[str, Any]],
    today: date,
    default_target: int = DEFAULT_TARGET,
) -> list[ProgrammeStatus]:
    """Each programme among `routines`, by name, with its weeks and where the person is."""
    programmes: dict[str, dict[int, Routine]] = {}
    for routine in routines:
        if routine.program and routine.week is not None:
            # The first routine found for a week wins (a user copy listed first overrides).
            programmes.setdefault(routine.program, {}).setdefault(routine.week, routine)
    history = sorted(sessions, key=started_at)
    statuses: list[ProgrammeStatus] = []
    for name in sorted(programmes, key=str.casefold):
        by_week = programmes[name]
        weeks = tuple(
            _week(number, by_week[number], history, default_target) for number in sorted(by_week)
        )
        files = {w.routine.file_name for w in weeks}
        days = [started_at(s).date() for s in history if s.get("routine_file") in files]
        statuses.append(ProgrammeStatus(name, weeks, max(days) if days else None, today))
    return statuses


def _week(
    number: int, routine: Routine, history: Sequence[Mapping[str, Any]], default_target: int
) -> WeekStatus:
    own = [s for s in history if s.get("routine_file") == routine.file_name]
    completed = sum(1 for s in own if s.get("status") == "completed")
    target = routine.weekly_target or default_target
    pain = bool(own) and own[-1].get("status") == "pain"
    return WeekStatus(number, routine, completed, target, pain)



# The week at a glance, for the home screen --------------------------------


@dataclass(frozen=True)
class TrainingWeek:
    """How training is going this calendar week (Monday to Sunday) as of `today`."""

    today: date
    this_week: int  # sessions with work done since Monday
    last_day: date | None  # the last day anything was trained
    trained_today: bool
    trained_yesterday: bool

    @property
    def days_since_last(self) -> int | None:
        return (self.today - self.last_day).days if self.last_day else None


def trained(session: Mapping[str, Any]) -> bool:
    """A session counts as training if it was completed or any working set was done.

    This is the habit view (did you train that day?), unlike programme weeks, which
    only move on with completed sessions.
    """
    if session.get("status") == "completed":
        return True
    totals = getattr(session, "totals", None)
    if totals is not None:  # an index row: its sets were counted when it was made
        return bool(totals.sets_done > 0)
    return any(
        isinstance(r, Mapping) and r.get("kind") != "warmup" and not r.get("skipped", False)
        and isinstance(r.get("done"), int | float) and r.get("done", 0) > 0
        for r in session.get("sets", ())
    )


def training_week(sessions: Iterable[Mapping[str, Any]], today: date) -> TrainingWeek:
    """Sessions this week, the last training day, and whether today or yesterday had one."""
    days = [started_at(s).date() for s in sessions if trained(s)]
    days = [d for d in days if d <= today]  # a clock set wrong must not count the future
    monday = today - timedelta(days=today.weekday())
    return TrainingWeek(
        today=today,
        this_week=sum(1 for d in days if d >= monday),
        last_day=max(days) if days else None,
        trained_today=today in days,
        trained_yesterday=(today - timedelta(days=1)) in days,
    )


def interrupted_session(sessions: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The most recent session if it was interrupted (a crash or a closed terminal).

    Any later session makes the notice go away, so an old interruption never nags.
    """
    latest = max(sessions, key=started_at, default=None)
    if latest is not None and latest.get("status") == "interrupted":
        return latest
    return None
