"""Multi-week programmes such as the bundled "Four-week back plan".

Routines that share a `program` name and carry a `week` number form a programme.
Where someone stands in it follows from the history alone:

- A programme week is done once its routine has `weekly_target` completed
  workouts that count as training (the routine's own target, else the setting,
  else 2); a session and its pick-up are one workout. These are programme
  weeks, not calendar weeks: the sessions may be spread over as many
  calendar weeks as life needs, and each counts whenever it was done.
- A week whose latest session ended in pain is not done, whatever its count:
  the person is held back on it with a reason, until a later session of it ends
  without pain.
- The current week is the first week not done; after the last, the programme is
  complete.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from backtimer.core.records import SessionRecord, started_at
from backtimer.core.routine import Routine
from backtimer.core.workouts import (
    Workout,
    counts_as_training,
    training_days,
    workouts,
)

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
    sessions: Iterable[SessionRecord],
    today: date,
    default_target: int = DEFAULT_TARGET,
) -> list[ProgrammeStatus]:
    """Each programme among `routines`, by name, with its weeks and where the person is."""
    programmes: dict[str, dict[int, Routine]] = {}
    for routine in routines:
        if routine.program and routine.week is not None and not routine.gentle:
            # The first routine found for a week wins (a user copy listed first overrides).
            programmes.setdefault(routine.program, {}).setdefault(routine.week, routine)
    history = sorted(sessions, key=started_at)
    grouped = workouts(history) if programmes else []  # a session and its pick-up: one
    statuses: list[ProgrammeStatus] = []
    for name in sorted(programmes, key=str.casefold):
        by_week = programmes[name]
        weeks = tuple(
            _week(number, by_week[number], grouped, default_target) for number in sorted(by_week)
        )
        files = {w.routine.file_name for w in weeks}
        days = [started_at(s).date() for s in history if s.get("routine_file") in files]
        statuses.append(ProgrammeStatus(name, weeks, max(days) if days else None, today))
    return statuses


def _week(
    number: int, routine: Routine, history: Sequence[Workout], default_target: int
) -> WeekStatus:
    # A session and its pick-up are one workout: it counts once, by how it ended.
    own = [w for w in history if w.routine_file == routine.file_name]
    completed = sum(1 for w in own if w.completed and counts_as_training(w))
    target = routine.weekly_target or default_target
    pain = bool(own) and own[-1].status == "pain"
    return WeekStatus(number, routine, completed, target, pain)


# The week at a glance, for the home screen --------------------------------


@dataclass(frozen=True)
class TrainingWeek:
    """How training is going this calendar week (Monday to Sunday) as of `today`."""

    today: date
    this_week: int  # training days since Monday (see backtimer.core.workouts)
    last_day: date | None  # the last training day
    trained_today: bool
    trained_yesterday: bool
    has_sessions: bool = True  # any session at all, counted or not
    moved_today: bool = False  # any session started today, counted or not (a gentle one too)

    @property
    def days_since_last(self) -> int | None:
        return (self.today - self.last_day).days if self.last_day else None

    @property
    def offers_gentle(self) -> bool:
        """A rest day (trained yesterday, not today) with no session yet today.

        A gentle session never counts as training, so without the last clause it
        would be offered again right after it was done.
        """
        return self.trained_yesterday and not self.trained_today and not self.moved_today


def trained(session: SessionRecord) -> bool:
    """Whether one session, taken as a workout of its own, counts as training.

    The rule is `backtimer.core.workouts.counts_as_training`; with the whole history
    at hand use `training_days`, which joins a pick-up to the session it continues.
    """
    return counts_as_training(Workout((session,)))


def training_week(sessions: Iterable[SessionRecord], today: date) -> TrainingWeek:
    """Training days this week, the last one, and whether today or yesterday was one."""
    sessions = list(sessions)
    days = training_days(sessions, today)  # a clock set wrong must not count the future
    monday = today - timedelta(days=today.weekday())
    return TrainingWeek(
        today=today,
        this_week=sum(1 for d in days if d >= monday),
        last_day=max(days) if days else None,
        trained_today=today in days,
        trained_yesterday=(today - timedelta(days=1)) in days,
        has_sessions=bool(sessions),
        moved_today=any(started_at(s).date() == today for s in sessions),
    )


def gentle_choice(routines: Iterable[Routine]) -> Routine | None:
    """The gentle routine to offer: the one named `gentle` if it is gentle, else the first."""
    gentle = [r for r in routines if r.gentle]
    return next((r for r in gentle if r.slug == "gentle"), gentle[0] if gentle else None)


def interrupted_session(sessions: Iterable[SessionRecord]) -> SessionRecord | None:
    """The most recent session if it was interrupted (a crash or a closed terminal).

    Any later session makes the notice go away, so an old interruption never nags.
    """
    latest = max(sessions, key=started_at, default=None)
    if latest is not None and latest.get("status") == "interrupted":
        return latest
    return None
