"""Progressive overload: one small step up once an exercise is done at target twice (pure).

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

Accepted steps live in `progress.toml` in the data dir (the app's own file,
rewritten atomically). The routine file itself is never changed: overrides are
applied to the loaded Routine, and if the file's value no longer matches the one
the steps started from, the person edited it and the file wins.
"""

from __future__ import annotations

import errno
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from backtimer.core.durations import MAX_SECONDS, describe, number_text
from backtimer.core.errors import Problem, short_reason, too_long_number
from backtimer.core.records import SessionRecord, StepUpRecord, started_at
from backtimer.core.routine import Exercise, Rest, Routine
from backtimer.core.workouts import workouts
from backtimer.storage import loader, paths
from backtimer.storage.files import MAX_SETTINGS_BYTES, read_capped_text, write_toml_atomic

HOLD_STEP = 5
MAX_REPS = 12
MAX_SETS = 4
REST_STEP = 15
MIN_REST = 60
SESSIONS_NEEDED = 2
LEVERS = ("hold", "reps", "sets", "rest")

Value = int | Rest
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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
    return Applied(replace(routine, exercises=tuple(exercises)), changes)


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
        return replace(exercise, rest=value if isinstance(value, Rest) else None)
    changes: dict[str, Any] = {lever: value}  # lever is a checked field name
    return replace(exercise, **changes)


# Storage -------------------------------------------------------------------


def load_progress(path: Path | None = None) -> tuple[Progress, list[Problem]]:
    """Accepted steps from progress.toml; a damaged file or entry is a Problem, not a crash."""
    path = path if path is not None else paths.progress_file()
    problems: list[Problem] = []
    data = _read_document(path, problems)
    if data is None:
        return Progress(), problems
    steps: list[AcceptedStep] = []
    raw = data.get("step", [])
    if not isinstance(raw, list):
        problems.append(Problem(str(path), "step", f"expected [[step]] tables, found "
                                f"{describe(raw)}; ignored", _NOT_APPLIED))
        raw = []
    for number, entry in enumerate(raw, start=1):
        step = _step_from_toml(entry)
        if isinstance(step, str):
            problems.append(Problem(str(path), f"step {number}", f"{step}; ignored"))
        else:
            steps.append(step)
    return Progress(tuple(steps)), problems


_NOT_APPLIED = "progress steps are not applied until it is fixed"


def _read_document(path: Path, problems: list[Problem]) -> dict[str, Any] | None:
    """progress.toml's table; None, with a Problem when it exists, if it cannot be used."""
    text = ""
    try:
        text = read_capped_text(path, MAX_SETTINGS_BYTES)
        return tomllib.loads(text)
    except FileNotFoundError:
        return None
    except RecursionError:
        reason = "arrays or tables nested too deeply"
    except OSError as exc:
        problems.append(_unreadable(path, exc))
        return None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        reason = short_reason(exc)
    except Exception as exc:  # noqa: BLE001 - a 5,000-digit number, ...: never a traceback
        problem = too_long_number(str(path), text, exc) if isinstance(exc, ValueError) else (
            Problem(str(path), "", f"could not be read ({type(exc).__name__})"))
        problems.append(replace(problem, hint=_NOT_APPLIED))
        return None
    problems.append(Problem(str(path), "", f"could not be read ({reason})", _NOT_APPLIED))
    return None


def _unreadable(path: Path, exc: OSError) -> Problem:
    """progress.toml could not be opened: the system's reason in our words, and what to do."""
    if exc.errno == errno.ENOTDIR:
        # A file where the data folder (or one above it) should be, as after a bad copy.
        blocker = next((folder for folder in path.parents if folder.is_file()), None)
        if blocker is not None:
            return Problem(str(path), "", f"could not be read: {blocker} is a file, not a "
                           "folder", f"move or rename that file; {_NOT_APPLIED}")
        return Problem(str(path), "", "could not be read: a folder on its path is a file",
                       _NOT_APPLIED)
    reason = exc.strerror or short_reason(exc)  # ours (too large, a folder) have no strerror
    return Problem(str(path), "", f"could not be read ({reason[:1].lower() + reason[1:]})",
                   _NOT_APPLIED)


def accept(
    suggestions: Iterable[Suggestion], when: datetime, path: Path | None = None
) -> Progress:
    """Record the suggestions the person took; returns every step now stored."""
    path = path if path is not None else paths.progress_file()
    progress = _load_for_writing(path)
    added = tuple(
        AcceptedStep(s.routine_file, s.exercise, s.lever, s.old, s.new, accepted=when)
        for s in suggestions
    )
    progress = Progress(progress.steps + added)
    _save(progress, path)
    return progress


def reset(routine_file: str, path: Path | None = None) -> int:
    """Forget every step of one routine; returns how many were removed."""
    path = path if path is not None else paths.progress_file()
    progress = _load_for_writing(path)
    kept = tuple(s for s in progress.steps if s.routine_file != routine_file)
    removed = len(progress.steps) - len(kept)
    if removed:
        _save(Progress(kept), path)
    return removed


def applied_from_file(routine: Routine) -> tuple[Applied, list[Problem]]:
    """The routine with its stored steps applied: what the screens train with."""
    progress, problems = load_progress()
    return apply_progress(routine, progress.overrides_for(routine.file_name)), problems


def _load_for_writing(path: Path) -> Progress:
    progress, problems = load_progress(path)
    if problems and path.exists():
        # Keep the damaged file for the person to look at instead of writing over it.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path.replace(path.with_name(f"{path.name}.damaged-{stamp}"))
    return progress


def _save(progress: Progress, path: Path) -> None:
    write_toml_atomic(path, {"step": [_step_to_toml(s) for s in progress.steps]})


def _value_to_toml(value: Value) -> int | list[int]:
    return [value.min, value.max] if isinstance(value, Rest) else value


def _value_from_toml(lever: str, value: object) -> Value | str:
    """The lever's value, or why it is not one: the routine format's own limits apply."""
    if lever == "rest":
        if not (isinstance(value, list) and len(value) == 2
                and all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            return f"expected [min, max] in seconds, found {describe(value)}"
        low, high = value
        if not (0 <= low <= high <= MAX_SECONDS):
            return f"expected [min, max] from 0 to {MAX_SECONDS} s with min ≤ max, found " \
                   f"[{number_text(low)}, {number_text(high)}]"
        return Rest(low, high)
    low, high = _LIMITS[lever]
    if isinstance(value, bool) or not isinstance(value, int):
        return f"expected a whole number, found {describe(value)}"
    if not low <= value <= high:
        return f"expected {lever} from {low} to {high}, found {number_text(value)}"
    return value


# What a step may set each lever to: the same limits as a routine file.
_LIMITS = {"hold": (1, MAX_SECONDS), "reps": (1, loader.MAX_REPS), "sets": (1, loader.MAX_SETS)}
_YEARS = (1970, 2999)  # as in the history: a time outside these is a typing mistake


def _step_to_toml(step: AcceptedStep) -> StepUpRecord:
    return {
        "routine_file": step.routine_file,
        "exercise": step.exercise,
        "lever": step.lever,
        "old": _value_to_toml(step.old),
        "new": _value_to_toml(step.new),
        "accepted": step.accepted,
    }


def _step_from_toml(entry: object) -> AcceptedStep | str:
    """The step in one [[step]] table, or why it cannot be used."""
    if not isinstance(entry, dict):
        return f"expected a [[step]] table, found {describe(entry)}"
    lever = entry.get("lever")
    if lever not in LEVERS:
        return f"`lever` is {describe(lever)}, not one of {', '.join(LEVERS)}"
    names = {key: entry.get(key) for key in ("routine_file", "exercise")}
    for key, name in names.items():
        if not isinstance(name, str) or not name.strip() or _CONTROL.search(name):
            return f"`{key}` is {describe(name)}, not a name on one line"
    values: dict[str, Value] = {}
    for key in ("old", "new"):
        value = _value_from_toml(str(lever), entry.get(key))
        if isinstance(value, str):
            return f"`{key}`: {value}"
        values[key] = value
    accepted = _accepted(entry.get("accepted"))
    if accepted is None:
        return (f"`accepted` is {_shown(entry.get('accepted'))}, not a date and time in the "
                f"years {_YEARS[0]}-{_YEARS[1]}")
    return AcceptedStep(str(names["routine_file"]), str(names["exercise"]), str(lever),
                        values["old"], values["new"], accepted=accepted)


def _accepted(value: object) -> datetime | None:
    """An aware time that can also be shown in this machine's zone, or None."""
    if type(value) is not datetime:
        return None
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    try:
        local = aware.astimezone()  # the listing shows it so: 9999-12-31 may overflow
    except (OverflowError, ValueError, OSError):
        return None
    if not all(_YEARS[0] <= t.year <= _YEARS[1] for t in (aware, local)):
        return None
    return aware


def _shown(value: object) -> str:
    if isinstance(value, date | time):
        return value.isoformat()
    return describe(value) if value is not None else "missing"


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
