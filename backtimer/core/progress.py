"""Progressive overload: one small step up once an exercise is done at target twice.

The rule: when every set of an exercise was done at its target (nothing skipped)
in each of the last two completed sessions of a routine, suggest one step up,
using the first lever that applies:

- a pure hold (plank): hold 5 s longer;
- reps, plain or each held for some seconds (bird-dog): one more rep, up to 12;
  then one more set, up to 4; then 15 s less rest (its min and max both), not
  below 60 s. Held reps keep their hold length: more reps is the gentler step.

Nothing is suggested while the routine's latest session ended in pain, nor ever
for a gentle routine, and a session from before the exercise's last accepted step
does not count.

Accepted steps are kept in `progress.toml` (see `backtimer.storage.progress_file`).
The routine file itself is never changed: overrides are applied to the loaded
Routine, and if the file's value no longer matches the one the steps started
from, the person edited it and the file wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from backtimer.core.records import SessionRecord, started_at
from backtimer.core.routine import Exercise, Rest, Routine

HOLD_STEP = 5
MAX_REPS = 12
MAX_SETS = 4
REST_STEP = 15
MIN_REST = 60
SESSIONS_NEEDED = 2
LEVERS = ("hold", "reps", "sets", "rest")

Value = int | Rest


def describe_value(lever: str, value: Value) -> str:
    """`35 s`, `11 reps`, `4 sets`, `60-75 s`: a lever's value in words."""
    if isinstance(value, Rest):
        return f"{value.min}-{value.max} s" if value.is_range else f"{value.max} s"
    if lever == "reps":
        return f"{value} reps"
    if lever == "sets":
        return f"{value} sets"
    return f"{value} s"


@dataclass(frozen=True)
class Change:
    """One lever of one exercise moved from `old` to `new`."""

    lever: str
    old: Value
    new: Value

    @property
    def text(self) -> str:
        """`hold 35 s (was 30 s)`, `11 reps (was 10 reps)`, `rest 60-75 s (was 75-90 s)`."""
        new, old = describe_value(self.lever, self.new), describe_value(self.lever, self.old)
        prefix = f"{self.lever} " if self.lever in ("hold", "rest") else ""
        return f"{prefix}{new} (was {old})"


@dataclass(frozen=True)
class Suggestion:
    routine_file: str
    exercise: str
    lever: str
    old: Value
    new: Value

    @property
    def change(self) -> Change:
        return Change(self.lever, self.old, self.new)

    @property
    def text(self) -> str:
        """`Plank: hold 35 s (was 30 s)`."""
        return f"{self.exercise}: {self.change.text}"


@dataclass(frozen=True)
class AcceptedStep(Suggestion):
    accepted: datetime = field(default_factory=lambda: datetime.now(UTC))


Overrides = Mapping[str, Sequence[Change]]  # exercise name -> (original -> current) per lever


@dataclass(frozen=True)
class Progress:
    """Every accepted step, oldest first."""

    steps: tuple[AcceptedStep, ...] = ()

    def routine_files(self) -> list[str]:
        return sorted({s.routine_file for s in self.steps})

    def for_routine(self, routine_file: str) -> tuple[AcceptedStep, ...]:
        return tuple(s for s in self.steps if s.routine_file == routine_file)

    def overrides_for(self, routine_file: str) -> dict[str, tuple[Change, ...]]:
        """Per exercise and lever: the value before the first step and after the last."""
        chains: dict[str, dict[str, Change]] = {}
        for step in self.for_routine(routine_file):
            levers = chains.setdefault(step.exercise, {})
            first = levers.get(step.lever)
            levers[step.lever] = Change(step.lever, first.old if first else step.old, step.new)
        return {name: tuple(levers.values()) for name, levers in chains.items()}

    def last_accepted(self, routine_file: str, exercise: str) -> datetime | None:
        times = [s.accepted for s in self.for_routine(routine_file) if s.exercise == exercise]
        return max(times) if times else None


@dataclass(frozen=True)
class Applied:
    """A routine with accepted steps applied, and what changed, for `Plank 35 s (was 30 s)`."""

    routine: Routine
    changes: dict[str, tuple[Change, ...]]


def apply_progress(routine: Routine, overrides: Overrides) -> Applied:
    """A new Routine with the overrides applied; the one given is left as it was."""
    exercises: list[Exercise] = []
    changes: dict[str, tuple[Change, ...]] = {}
    for exercise in routine.exercises:
        updated = exercise
        applied: list[Change] = []
        for change in overrides.get(exercise.name, ()):
            if _current(routine, exercise, change.lever) != change.old:
                continue  # the file was edited since: its value wins
            updated = _set(updated, change.lever, change.new)
            applied.append(change)
        exercises.append(updated)
        if applied:
            changes[exercise.name] = tuple(applied)
    return Applied(routine._replace(exercises=tuple(exercises)), changes)


def suggest(
    routine: Routine, sessions: Iterable[SessionRecord], progress: Progress | None = None
) -> list[Suggestion]:
    """At most one step up per exercise that was done at target in the last two sessions.

    `routine` is the routine as in its file; `progress`' accepted steps are applied
    first, so suggestions build on the values the person trains with now.
    """
    if routine.gentle:
        return []  # a gentle day stays gentle: it is never pushed harder
    progress = progress or Progress()
    file_name = routine.file_name
    current = apply_progress(routine, progress.overrides_for(file_name)).routine
    # A session and its pick-up are one workout: judged together, on all their sets.
    from backtimer.core.workouts import workouts  # after a session, not at start-up

    own = [w.record() for w in workouts(sessions) if w.routine_file == file_name]
    if not own or own[-1].get("status") == "pain":
        return []
    recent = [s for s in own if s.get("status") == "completed"][-SESSIONS_NEEDED:]
    if len(recent) < SESSIONS_NEEDED:
        return []
    suggestions: list[Suggestion] = []
    for exercise in current.exercises:
        since = progress.last_accepted(file_name, exercise.name)
        if since is not None and any(started_at(s) <= since for s in recent):
            continue
        if not all(_met(exercise, s) for s in recent):
            continue
        step = next_step(exercise, current.rest_for(exercise))
        if step is not None:
            suggestions.append(Suggestion(file_name, exercise.name, *step))
    return suggestions


def next_step(exercise: Exercise, rest: Rest) -> tuple[str, Value, Value] | None:
    """(lever, old, new) for the first lever that can still move, or None."""
    if exercise.kind == "hold":
        hold = exercise.hold or 0
        return ("hold", hold, hold + HOLD_STEP)
    reps = exercise.reps or 0
    if reps < MAX_REPS:
        return ("reps", reps, reps + 1)
    if exercise.sets < MAX_SETS:
        return ("sets", exercise.sets, exercise.sets + 1)
    if rest.max > MIN_REST:
        new_max = max(MIN_REST, rest.max - REST_STEP)
        new_min = rest.min if rest.min <= MIN_REST else max(MIN_REST, rest.min - REST_STEP)
        return ("rest", rest, Rest(min(new_min, new_max), new_max))
    return None


def _met(exercise: Exercise, session: SessionRecord) -> bool:
    """Every set of the exercise in this session was done at today's target, none skipped."""
    kind = "hold" if exercise.kind == "hold" else "reps"
    target = exercise.hold if kind == "hold" else exercise.reps
    records = [
        r for r in session.get("sets", ())
        if isinstance(r, Mapping) and r.get("exercise") == exercise.name
        and r.get("kind") != "warmup"
    ]
    expected = exercise.sets * (2 if exercise.per_side else 1)
    if target is None or len(records) < expected:
        return False
    for record in records:
        done = record.get("done")
        if record.get("kind") != kind or record.get("skipped", False):
            return False
        if isinstance(done, bool) or not isinstance(done, int | float):
            return False
        wanted = max(target, _number(record.get("target")))
        if done < wanted:
            return False
    return True


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value)


def _current(routine: Routine, exercise: Exercise, lever: str) -> Value | None:
    if lever == "rest":
        return routine.rest_for(exercise)
    value = getattr(exercise, lever, None)
    return value if isinstance(value, int) else None


def _set(exercise: Exercise, lever: str, value: Value) -> Exercise:
    if lever == "rest":
        return exercise._replace(rest=value if isinstance(value, Rest) else None)
    changes: dict[str, Any] = {lever: value}  # lever is a checked field name
    return exercise._replace(**changes)


def applied_changes(routine: Routine, progress: Progress) -> dict[str, tuple[Change, ...]]:
    """The stored step-ups this routine already carries (its value is the step's new one)."""
    found: dict[str, tuple[Change, ...]] = {}
    for exercise in routine.exercises:
        changes = progress.overrides_for(routine.file_name).get(exercise.name, ())
        live = []
        for change in changes:
            current = routine.rest_for(exercise) if change.lever == "rest" else getattr(
                exercise, change.lever, None
            )
            if current == change.new:
                live.append(change)
        if live:
            found[exercise.name] = tuple(live)
    return found
