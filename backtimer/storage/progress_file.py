"""progress.toml in the data dir: the step-ups the person accepted, read and written.

The app's own file, rewritten atomically; a damaged one is set aside, never written over.
"""

from __future__ import annotations

import errno
import re
import tomllib
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from backtimer.core import routine_check
from backtimer.core.durations import MAX_SECONDS, describe, number_text
from backtimer.core.errors import Problem, short_reason, too_long_number
from backtimer.core.progress import (
    LEVERS,
    AcceptedStep,
    Applied,
    Progress,
    Suggestion,
    Value,
    apply_progress,
)
from backtimer.core.records import StepUpRecord
from backtimer.core.routine import Rest, Routine
from backtimer.storage import paths
from backtimer.storage.files import MAX_SETTINGS_BYTES, read_capped_text, write_toml_atomic

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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
        problems.append(problem._replace(hint=_NOT_APPLIED))
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
_LIMITS = {"hold": (1, MAX_SECONDS), "reps": (1, routine_check.MAX_REPS),
           "sets": (1, routine_check.MAX_SETS)}
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
