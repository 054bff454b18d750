"""One meaning for each number: sets, times, workouts and training days.

Every screen, the `history` command and the exports count with these functions,
so one session reads the same everywhere. Each takes one session record as the
reader returns it (or as the engine writes it) and never raises for odd values.

- **Sets done**: working sets with something done (a hold held, a rep made) and
  not skipped. The warm-up is never a set.
- **Planned sets**: the session's `planned_sets` (the routine's working sets),
  never fewer than the sets it recorded.
- **Active time**: the session's `active_seconds`, the clock with pauses left
  out; None for sessions saved before it was recorded.
- **Elapsed time**: from `started` to `ended`, pauses included.

A **workout** is a session together with the sessions that picked it up
(`resumed_from = "<id>"`, followed to the first one): one workout for the week,
the streak, the programme and step-ups. Its sets and times add up over its parts;
its planned sets are the plan's (every part of it records the whole plan's count).

A workout **counts as training** (`counts_as_training`) when it was completed (and
did not skip every set) or did at least half its planned sets. A **training
day** is a calendar day (of the workout's start, in the offset it was recorded
with) with at least one workout that counts; several on one day count once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import cast

from backtimer.core.records import SessionRecord, SetRecord, started_at

Session = SessionRecord


# One session -------------------------------------------------------------------


def _seconds(value: object) -> float | None:
    """A usable number, or None: `inf` and `nan` would break every total and every display."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        number = float(value)
    except OverflowError:  # an integer too large for a float
        return None
    return number if math.isfinite(number) else None


def _table(value: object) -> bool:
    # `type is dict` first: the reader gives dicts, and an ABC check costs ten times more.
    return type(value) is dict or isinstance(value, Mapping)


def recorded_sets(session: Session) -> list[SetRecord]:
    """The session's set records that are tables (damaged entries left out)."""
    sets = session.get("sets", ())
    return [r for r in sets if _table(r)] if isinstance(sets, list | tuple) else []


def working_records(session: Session) -> list[SetRecord]:
    """Every recorded set but the warm-up (which is recorded, but is not a set)."""
    return [r for r in recorded_sets(session) if r.get("kind") != "warmup"]


def set_done(record: SetRecord) -> bool:
    """A working set counts as done when something was done in it and it was not skipped."""
    return (
        record.get("kind") != "warmup" and not record.get("skipped", False)
        and (_seconds(record.get("done")) or 0) > 0
    )


def sets_done(session: Session) -> int:
    """Working sets done: never the warm-up, never a skipped set."""
    return sum(1 for r in recorded_sets(session) if set_done(r))


def sets_skipped(session: Session) -> int:
    return sum(1 for r in working_records(session) if r.get("skipped", False) is True)


def sets_planned(session: Session) -> int:
    """The planned working sets; never fewer than the working sets it recorded."""
    recorded = len(working_records(session))
    planned = session.get("planned_sets")
    if isinstance(planned, bool) or not isinstance(planned, int) or planned < recorded:
        return recorded
    return planned


def active_seconds(session: Session) -> float | None:
    """Time on the clock, pauses left out; None when the session did not record it."""
    value = _seconds(session.get("active_seconds"))
    return value if value is not None and value >= 0 else None


def elapsed_seconds(session: Session) -> float | None:
    """Start to end, pauses included; None when either is missing or they are out of order."""
    started, ended = session.get("started"), session.get("ended")
    if not isinstance(started, datetime) or not isinstance(ended, datetime):
        return None
    span = (started_at({"started": ended}) - started_at(session)).total_seconds()
    return span if span >= 0 else None


def held_seconds(session: Session) -> float:
    """Seconds under load: holds as held, and reps that are each held for a time."""
    held = 0.0
    for record in recorded_sets(session):
        if record.get("skipped", False) or record.get("kind") == "warmup":
            continue
        done = _seconds(record.get("done")) or 0.0
        if record.get("kind") == "hold":
            held += max(0.0, done)
        elif (hold := _seconds(record.get("hold"))) is not None:
            held += hold * max(0.0, done)
    return held


@dataclass(frozen=True)
class SessionNumbers:
    """The numbers of one session (or one workout), as every screen shows them."""

    sets_done: int
    sets_planned: int
    sets_skipped: int
    active: float | None  # seconds, pauses left out; None when not recorded
    elapsed: float | None  # seconds, start to end
    held: float  # seconds under load
    working: int = 0  # working sets recorded: done, skipped or left at nothing


def session_numbers(session: Session) -> SessionNumbers:
    """Every number of one session, from its record alone.

    One pass over the sets (a history holds tens of thousands), counting exactly as
    `sets_done`, `sets_skipped`, `sets_planned` and `held_seconds` do.
    """
    known = getattr(session, "numbers", None)
    if isinstance(known, SessionNumbers):  # an index row: counted when the row was made
        return known
    done = skipped = working = 0
    held = 0.0
    sets = session.get("sets", ())
    for record in sets if isinstance(sets, list | tuple) else ():
        if not _table(record):
            continue
        kind = record.get("kind")
        if kind == "warmup":
            continue
        working += 1
        if record.get("skipped", False):
            skipped += record.get("skipped") is True
            continue
        amount = _seconds(record.get("done")) or 0.0
        if amount > 0:
            done += 1
        if kind == "hold":
            held += max(0.0, amount)
        elif (hold := _seconds(record.get("hold"))) is not None:
            held += hold * max(0.0, amount)
    planned = session.get("planned_sets")
    if isinstance(planned, bool) or not isinstance(planned, int) or planned < working:
        planned = working
    return SessionNumbers(
        sets_done=done,
        sets_planned=planned,
        sets_skipped=skipped,
        active=active_seconds(session),
        elapsed=elapsed_seconds(session),
        held=held,
        working=working,
    )


# Workouts: a session and the sessions that picked it up ---------------------------


@dataclass(frozen=True)
class Workout:
    """One workout: its first session and any that picked it up, oldest first."""

    parts: tuple[Session, ...]

    @property
    def first(self) -> Session:
        return self.parts[0]

    @property
    def last(self) -> Session:
        return self.parts[-1]

    @property
    def id(self) -> str:
        return str(self.first.get("id", ""))

    @property
    def picked_up(self) -> bool:
        return len(self.parts) > 1

    @property
    def status(self) -> str:
        """How the workout ended: its last part's status."""
        status = self.last.get("status")
        return status if isinstance(status, str) else ""

    @property
    def completed(self) -> bool:
        return self.status == "completed"

    @property
    def routine_file(self) -> object:
        return self.first.get("routine_file")

    @property
    def day(self) -> date:
        return started_at(self.first).date()

    @cached_property
    def numbers(self) -> SessionNumbers:
        """The parts' numbers added up; planned sets are the plan's, counted once."""
        if len(self.parts) == 1:
            return session_numbers(self.parts[0])
        parts = [session_numbers(p) for p in self.parts]
        actives = [p.active for p in parts]
        elapsed = [p.elapsed for p in parts]
        done = sum(p.sets_done for p in parts)
        return SessionNumbers(
            sets_done=done,
            sets_planned=max(done, *(p.sets_planned for p in parts)),
            sets_skipped=sum(p.sets_skipped for p in parts),
            active=None if None in actives else sum(a or 0.0 for a in actives),
            elapsed=None if None in elapsed else sum(e or 0.0 for e in elapsed),
            held=sum(p.held for p in parts),
            working=sum(p.working for p in parts),
        )

    def record(self) -> SessionRecord:
        """The workout as one session record (for step-ups and programme weeks).

        Starts when its first part started, ends and has the status of its last part,
        and holds every part's sets in order.
        """
        # dict(), not .copy(): a part may be a light row of the history's index.
        if not self.picked_up:
            return cast(SessionRecord, dict(self.first))
        merged = cast(SessionRecord, dict(self.first))
        if "ended" in self.last:
            merged["ended"] = self.last["ended"]
        if "status" in self.last:
            merged["status"] = self.last["status"]
        merged["sets"] = [r for p in self.parts for r in recorded_sets(p)]
        merged["planned_sets"] = self.numbers.sets_planned
        return merged


def resumed_from(session: Session) -> str | None:
    """The id of the session this one picked up, or None."""
    value = session.get("resumed_from")
    return value if isinstance(value, str) and value else None


def workouts(sessions: Iterable[Session]) -> list[Workout]:
    """The sessions grouped into workouts (pick-ups joined to what they picked up), by start.

    A pick-up whose first part is not among `sessions` (not read, or damaged) is a
    workout of its own.
    """
    given = list(sessions)
    starts = [started_at(s) for s in given]  # each worked out once: histories are long
    # A stable sort by start alone keeps equal starts in their given order.
    ordered = [given[n] for n in sorted(range(len(given)), key=starts.__getitem__)]
    # Any truthy `resumed_from` first: a cheap look at each, the full check on a few.
    if not any(resumed_from(s) for s in ordered if s.get("resumed_from")):
        return [Workout((s,)) for s in ordered]  # the usual history: no pick-ups at all
    by_id = {s["id"]: s for s in ordered if isinstance(s.get("id"), str)}
    groups: dict[int, list[Session]] = {}
    for session in ordered:
        root = _root(session, by_id)
        groups.setdefault(id(root), []).append(session)
    # Each group's first part is its earliest, so groups come in order of their start.
    return [Workout(tuple(parts)) for parts in groups.values()]


def _root(session: Session, by_id: Mapping[str, Session]) -> Session:
    """The first session of the chain of pick-ups that `session` belongs to."""
    seen = {id(session)}
    current = session
    while (parent_id := resumed_from(current)) is not None:
        parent = by_id.get(parent_id)
        if parent is None or id(parent) in seen:  # not read, or a loop in a hand-edited file
            break
        seen.add(id(parent))
        current = parent
    return current


def workout_of(session: Session, sessions: Iterable[Session]) -> Workout:
    """The workout that `session` is a part of."""
    return workout_among(session, workouts(sessions))


def workout_among(session: Session, grouped: Iterable[Workout]) -> Workout:
    """The workout that `session` is a part of, among workouts already grouped."""
    target = session.get("id")
    for workout in grouped:
        for part in workout.parts:
            if part.get("id") == target:
                return workout
    return Workout((session,))


# What counts as training -----------------------------------------------------------


def gentle_session(session: SessionRecord) -> bool:
    """A session of a gentle routine (the record's `gentle = true`): rest-day movement."""
    return session.get("gentle") is True


def counts_as_training(workout: Workout) -> bool:
    """Whether a workout counts toward the week, the streak, the calendar and the programme.

    It counts when it was completed or did at least half its planned sets: a stop in
    the first minute, or after one set of nine, does not. A completed workout whose
    every set was skipped did no work and does not count either.
    This is the one place to say which workouts never count: a gentle (rest-day)
    routine's sessions never do.
    """
    if len(workout.parts) == 1:
        known = getattr(workout.parts[0], "counts", None)
        if isinstance(known, bool):  # an index row: judged when the row was made
            return known
    if any(gentle_session(part) for part in workout.parts):
        return False
    numbers = workout.numbers
    if workout.completed:
        return numbers.sets_done > 0 or numbers.working == 0
    return numbers.sets_done > 0 and 2 * numbers.sets_done >= numbers.sets_planned


def counted_workouts(sessions: Iterable[Session], today: date | None = None) -> list[Workout]:
    """The workouts that count as training, oldest first; none after `today` (a clock set wrong)."""
    return counted_among(workouts(sessions), today)


def counted_among(grouped: Iterable[Workout], today: date | None = None) -> list[Workout]:
    """`counted_workouts` of workouts already grouped (`workouts`), in their order."""
    return [
        w for w in grouped
        if counts_as_training(w) and (today is None or w.day <= today)
    ]


def training_days(sessions: Iterable[Session], today: date | None = None) -> list[date]:
    """Each day with at least one workout that counts, oldest first, each day once."""
    return days_among(workouts(sessions), today)


def days_among(grouped: Iterable[Workout], today: date | None = None) -> list[date]:
    """`training_days` of workouts already grouped (`workouts`)."""
    return sorted({w.day for w in counted_among(grouped, today)})


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def days_per_week(days: Sequence[date]) -> dict[date, int]:
    """Training days per week (Monday to Sunday), keyed by the week's Monday."""
    counts: dict[date, int] = {}
    for day in set(days):
        monday = monday_of(day)
        counts[monday] = counts.get(monday, 0) + 1
    return counts
