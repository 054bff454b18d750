"""Arbitrary input to the loader gives a Routine or a RoutineError, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.core.errors import RoutineError
from backtimer.core.routine import Routine
from backtimer.core.routine_check import EXERCISE_KEYS, TOP_KEYS, WARMUP_KEYS, parse_routine
from backtimer.storage.loader import load_routine

FILE = "fuzz.toml"
FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)
durations = st.sampled_from(["30s", "5m", "1m30s", "1h", "0s", "25h", "1m1m", "x", ""])
scalars = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.integers(min_value=-3, max_value=200),
    st.floats(allow_nan=False),
    st.booleans(),
    text,
    durations,
    st.datetimes(),
)


def values(depth: int = 2) -> st.SearchStrategy[Any]:
    """TOML values: scalars, and (while depth lasts) arrays and tables."""
    if depth == 0:
        return scalars
    inner = values(depth - 1)
    keys = st.one_of(text, st.sampled_from(TOP_KEYS + EXERCISE_KEYS + WARMUP_KEYS))
    return st.one_of(
        scalars,
        st.lists(inner, max_size=3),
        st.dictionaries(keys, inner, max_size=3),
    )


def table(keys: tuple[str, ...], extra: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A table that mostly uses the format's own keys, with arbitrary values."""
    return st.dictionaries(st.one_of(st.sampled_from(keys), text), extra, max_size=len(keys))


near_routines = st.fixed_dictionaries(
    {},
    optional={
        "name": st.one_of(text, scalars),
        "rest": st.one_of(scalars, st.lists(st.one_of(scalars, durations), max_size=3)),
        "lead_in": st.one_of(scalars, durations),
        "warmup": st.one_of(table(WARMUP_KEYS, values(1)), scalars),
        "program": st.one_of(text, scalars),
        "week": scalars,
        "weekly_target": scalars,
        "exercise": st.one_of(
            st.lists(st.one_of(table(EXERCISE_KEYS, values(1)), scalars), max_size=4),
            table(EXERCISE_KEYS, values(1)),
            scalars,
        ),
        "description": st.one_of(text, scalars),
    },
)
documents = st.one_of(near_routines, st.dictionaries(text, values(), max_size=4))

# Mostly valid routines with values near the limits, so both outcomes are exercised.
names = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=10)
ok_durations = st.one_of(st.integers(0, 400), st.sampled_from(["30s", "5m", "1m30s", "0s"]))
rests = st.one_of(st.integers(0, 120), st.lists(st.integers(0, 120), min_size=2, max_size=2))
exercises = st.fixed_dictionaries(
    {"name": names},
    optional={
        "hold": ok_durations, "reps": st.integers(0, 120), "sets": st.integers(0, 25),
        "per_side": st.booleans(), "switch": ok_durations, "weight": names, "rest": rests,
        "cues": st.lists(names, max_size=3),
    },
)
routines = st.fixed_dictionaries(
    {"name": names, "exercise": st.lists(exercises, min_size=1, max_size=3)},
    optional={
        "rest": rests, "lead_in": ok_durations, "weekly_target": st.integers(0, 8),
        "warmup": st.fixed_dictionaries({"duration": ok_durations}),
        "description": names,
    },
)


def check(result_of: Any) -> None:
    try:
        routine = result_of()
    except RoutineError as exc:
        assert exc.problems, "a RoutineError always carries at least one problem"
        assert all(p.file == FILE for p in exc.problems)
        assert all(str(p).startswith(FILE) for p in exc.problems)
        return
    assert isinstance(routine, Routine)
    assert routine.name and routine.exercises
    assert all(e.hold is not None or e.reps is not None for e in routine.exercises)


@FAST
@given(documents)
def test_any_toml_document_gives_routine_or_routine_error(doc: dict[str, Any]) -> None:
    """A TOML document of any shape loads or fails with RoutineError only."""
    check(lambda: parse_routine(tomli_w.dumps(doc), FILE))


@FAST
@given(st.text(max_size=200))
def test_any_text_gives_routine_or_routine_error(source: str) -> None:
    """Arbitrary text, mostly invalid TOML, fails with RoutineError only."""
    check(lambda: parse_routine(source, FILE))


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_in_a_file_give_routine_or_routine_error(data: bytes) -> None:
    """Any bytes on disk, including invalid UTF-8, fail with RoutineError only."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / FILE
        path.write_bytes(data)
        try:
            load_routine(path)
        except RoutineError as exc:
            assert exc.problems and str(exc).startswith(str(path))


@FAST
@given(near_routines.filter(lambda d: "name" in d and "exercise" in d))
def test_valid_looking_documents_are_checked(doc: dict[str, Any]) -> None:
    """Documents shaped like routines, with random values, load or fail cleanly."""
    check(lambda: parse_routine(tomli_w.dumps(doc), FILE))


@FAST
@given(routines)
def test_nearly_valid_routines_load_with_their_values(doc: dict[str, Any]) -> None:
    """Routine-shaped documents load with the values written, or fail with RoutineError."""
    try:
        routine = parse_routine(tomli_w.dumps(doc), FILE)
    except RoutineError as exc:
        assert exc.problems and all(p.file == FILE for p in exc.problems)
        return
    assert routine.name == doc["name"].strip()
    for written, loaded in zip(doc["exercise"], routine.exercises, strict=True):
        assert loaded.name == written["name"].strip()
        assert loaded.sets == written.get("sets", 1)
        assert loaded.reps == written.get("reps")
        assert loaded.per_side == written.get("per_side", False)


@FAST
@given(
    alternate=st.one_of(st.booleans(), st.sampled_from(["total", "per side", "Per  Side", "x"])),
    per_side=st.booleans(),
    reps=st.one_of(st.none(), st.integers(min_value=1, max_value=20)),
    easier=st.one_of(st.none(), st.text(max_size=80)),
    equipment=st.one_of(st.none(), st.lists(st.text(max_size=40), max_size=7)),
)
def test_new_exercise_keys_load_within_their_limits_or_are_refused(
    alternate: bool | str, per_side: bool, reps: int | None, easier: str | None,
    equipment: list[str] | None,
) -> None:
    """alternate, easier and equipment give a routine inside every limit, or a RoutineError."""
    exercise: dict[str, Any] = {"name": "Bug", "alternate": alternate, "per_side": per_side}
    exercise["reps" if reps is not None else "hold"] = reps if reps is not None else 30
    if easier is not None:
        exercise["easier"] = easier
    if equipment is not None:
        exercise["equipment"] = equipment
    try:
        routine = parse_routine(tomli_w.dumps({"name": "R", "exercise": [exercise]}), FILE)
    except RoutineError as exc:
        assert all("\n" not in str(p) for p in exc.problems)
        return
    [bug] = routine.exercises
    assert not (bug.alternate and bug.per_side)
    assert bug.alternate is None or bug.reps is not None
    assert bug.easier is None or 0 < len(bug.easier) <= 60
    assert len(bug.equipment) <= 5 and all(0 < len(i) <= 30 for i in bug.equipment)
