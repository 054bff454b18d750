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
    days_among,
    workout_among,
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
    programmes = _programmes(routines)
    if not programmes:
        return []
    history = list(sessions)
    return _statuses(programmes, workouts(history), history, today, default_target)


def _programmes(routines: Iterable[Routine]) -> dict[str, dict[int, Routine]]:
    """Programme name -> week number -> its routine."""
    programmes: dict[str, dict[int, Routine]] = {}
    for routine in routines:
        if routine.program and routine.week is not None and not routine.gentle:
            # The first routine found for a week wins (a user copy listed first overrides).
            programmes.setdefault(routine.program, {}).setdefault(routine.week, routine)
    return programmes


def _statuses(programmes: dict[str, dict[int, Routine]], grouped: Sequence[Workout],
              sessions: Sequence[SessionRecord], today: date, default_target: int,
              ) -> list[ProgrammeStatus]:
    """The programmes' statuses from the workouts (`workouts(sessions)`): one pass each."""
    files = {r.file_name for weeks in programmes.values() for r in weeks.values()}
    # A session and its pick-up are one workout, filed under its first part's routine.
    own: dict[str, list[Workout]] = {name: [] for name in files}
    for workout in grouped:
        routine_file = workout.routine_file
        if isinstance(routine_file, str) and routine_file in own:
            own[routine_file].append(workout)
    last: dict[str, date] = {}  # the day of each routine's latest session
    for session in sessions:
        routine_file = session.get("routine_file")
        if isinstance(routine_file, str) and routine_file in own:
            day = started_at(session).date()
            if routine_file not in last or day > last[routine_file]:
                last[routine_file] = day
    statuses: list[ProgrammeStatus] = []
    for name in sorted(programmes, key=str.casefold):
        by_week = programmes[name]
        weeks = tuple(_week(number, by_week[number], own[by_week[number].file_name],
                            default_target) for number in sorted(by_week))
        days = [last[w.routine.file_name] for w in weeks if w.routine.file_name in last]
        statuses.append(ProgrammeStatus(name, weeks, max(days) if days else None, today))
    return statuses


def _week(
    number: int, routine: Routine, own: Sequence[Workout], default_target: int
) -> WeekStatus:
    # A session and its pick-up are one workout: it counts once, by how it ended.
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
    return _training_week(workouts(sessions), sessions, today)


def _training_week(grouped: Sequence[Workout], sessions: Sequence[SessionRecord],
                   today: date) -> TrainingWeek:
    days = days_among(grouped, today)  # a clock set wrong must not count the future
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


# Everything the home screen takes from the history -----------------------------


@dataclass(frozen=True)
class HomeHistory:
    """The week, the programmes and an interrupted session, from one grouping of a
    (possibly long) history: worked out away from the screen, which only shows them."""

    week: TrainingWeek
    programmes: list[ProgrammeStatus]
    interrupted: SessionRecord | None
    interrupted_workout: Workout | None  # it and the sessions it picked up
    routines: tuple[Routine, ...]  # the programmes are these routines'
    target: int  # ... with this weekly target where a routine names none


def home_history(routines: Iterable[Routine], sessions: Sequence[SessionRecord], today: date,
                 default_target: int = DEFAULT_TARGET) -> HomeHistory:
    """training_week, programme_status, interrupted_session and its workout_of, at once."""
    routines = tuple(routines)
    grouped = workouts(sessions)
    programmes = _programmes(routines)
    interrupted = interrupted_session(sessions)
    return HomeHistory(
        week=_training_week(grouped, sessions, today),
        programmes=_statuses(programmes, grouped, sessions, today, default_target)
        if programmes else [],
        interrupted=interrupted,
        interrupted_workout=None if interrupted is None else workout_among(interrupted, grouped),
        routines=routines,
        target=default_target,
    )
