"""Arbitrary TOML values, nested deep, fed to every reader: none raises, none hangs.

Values are written by hand (tomli_w refuses integers past 4,300 digits and nesting in
the thousands): integers of any size, floats with inf and nan, strings with control
characters and foreign digits, dates and times down to year 1 and up to 9999, and
arrays and tables of them, some nested thousands deep, under the keys each reader
knows and under others.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_input import returns as returns_within

from backtimer.__main__ import main
from backtimer.core.errors import RoutineError
from backtimer.core.routine_check import EXERCISE_KEYS, TOP_KEYS, WARMUP_KEYS
from backtimer.storage import paths
from backtimer.storage.config import load_settings
from backtimer.storage.history.journal import JournalError, read_journal
from backtimer.storage.history.reader import read_history
from backtimer.storage.loader import available_routines, load_routine
from backtimer.storage.progress_file import load_progress

T = TypeVar("T")
GUARD = 60.0  # seconds: a reader still busy after this is taken as hung
SETTINGS = ("sound", "weekly_target", "lead_in", "first_lead_in", "rest_step", "theme", "announce")
STEP = ("routine_file", "exercise", "lever", "old", "new", "accepted")
SESSION = ("id", "started", "ended", "status", "rating", "planned_sets", "sets", "notes",
           "routine", "routine_file")
SET = ("exercise", "kind", "set", "target", "done", "hold", "skipped", "side", "weight")
KNOWN = sorted({*TOP_KEYS, *WARMUP_KEYS, *EXERCISE_KEYS, *SETTINGS, *STEP, *SESSION, *SET})
CONFIGS: dict[str, Any] = dict(
    max_examples=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture])


@dataclass(frozen=True)
class HugeInt:
    """An integer with more digits than Python converts by default."""

    digits: int


@dataclass(frozen=True)
class Deep:
    """`value` inside `depth` arrays or inline tables."""

    value: Any
    depth: int
    table: bool


TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=20)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=-12)), timezone(timedelta(hours=14)),
                         timezone(timedelta(hours=5, minutes=30))])
LEAVES = st.one_of(
    st.integers(-(2**63), 2**63 - 1),
    st.integers(1, 2_000).map(lambda n: 10**n),
    st.builds(HugeInt, st.integers(4_000, 6_000)),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    st.sampled_from(["²", "٣", "３０", "1" * 5_000, "1" * 5_000 + "s", "30s", "1m30s",
                     "hold", "sets", "reps", "rest", "\x1b]0;x\x07", "a\nb", ""]),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.none() | ZONES),
    st.times(),
)
KEYS = st.one_of(st.sampled_from(KNOWN), TEXT)
NESTED = st.recursive(
    LEAVES,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)
VALUES = st.one_of(NESTED, st.builds(Deep, NESTED, st.integers(1, 3_000), st.booleans()))


def key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else text(name)


def text(value: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's, but DEL must be escaped too."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml(value: Any) -> str:
    """`value` as an inline TOML value."""
    if isinstance(value, HugeInt):
        return "9" * value.digits
    if isinstance(value, Deep):
        if value.table:
            return "{a = " * value.depth + toml(value.value) + "}" * value.depth
        return "[" * value.depth + toml(value.value) + "]" * value.depth
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return text(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{key(k)} = {toml(v)}" for k, v in value.items()) + "}"


def table(pairs: Mapping[str, Any]) -> str:
    return "".join(f"{key(k)} = {toml(v)}\n" for k, v in pairs.items())


def tables(names: tuple[str, ...], inner: st.SearchStrategy[Any] = VALUES) -> Any:
    """Tables that mostly use the reader's own keys, with values of any kind."""
    return st.dictionaries(st.one_of(st.sampled_from(names), KEYS), inner, max_size=8)


def returns(call: Callable[[], T]) -> T:
    """`call()`'s result; fails (instead of hanging the suite) if it does not return."""
    return returns_within(call, guard=GUARD)


def quietly(*argv: str) -> int:
    """A printing command run with its output thrown away."""
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(argv))


def put(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


@settings(**CONFIGS)
@given(top=tables(TOP_KEYS), warmup=tables(WARMUP_KEYS),
       exercises=st.lists(tables(EXERCISE_KEYS), max_size=3))
def test_routine_reader_survives_any_values(
    top: dict[str, Any], warmup: dict[str, Any], exercises: list[dict[str, Any]],
) -> None:
    """A routine file of any values: a routine or a RoutineError, and the lists go on."""
    content = table(top) + "[warmup]\n" + table(warmup) + "".join(
        "[[exercise]]\n" + table(e) for e in exercises)
    path = put(paths.user_routines_dir() / "fuzz.toml", content)
    with contextlib.suppress(RoutineError):
        returns(lambda: load_routine(path))
    (entry,) = [e for e in returns(available_routines) if e.path == path]
    assert (entry.routine is None) != (entry.error is None)
    assert returns(lambda: quietly("routines")) == 0
    assert returns(lambda: quietly("validate")) in (0, 1)


@settings(**CONFIGS)
@given(config=tables(SETTINGS), state=tables(SETTINGS))
def test_settings_reader_survives_any_values(
    config: dict[str, Any], state: dict[str, Any],
) -> None:
    """config.toml and state.toml of any values: settings and problems, never an error."""
    put(paths.config_file(), table(config))
    put(paths.data_dir() / "state.toml", table(state))
    found, problems = returns(load_settings)
    assert found.sound in ("tones", "bell", False) and all(str(p) for p in problems)


@settings(**CONFIGS)
@given(top=tables(("step",)), steps=st.lists(tables(STEP), max_size=4))
def test_progress_reader_survives_any_values(
    top: dict[str, Any], steps: list[dict[str, Any]],
) -> None:
    """progress.toml of any values: steps and problems, and `progress` lists them."""
    content = table({k: v for k, v in top.items() if k != "step"}) if steps else table(top)
    content += "".join("[[step]]\n" + table(s) for s in steps)
    put(paths.progress_file(), content)
    progress, problems = returns(load_progress)
    assert all(str(p) for p in problems)
    for step in progress.steps:
        assert step.text and step.accepted.astimezone()
    assert returns(lambda: quietly("progress")) == 0


SETS = st.lists(tables(SET, NESTED), max_size=3)
SESSIONS = st.lists(st.tuples(st.booleans(), tables(SESSION), SETS), min_size=1, max_size=4)


def history_text(blocks: list[tuple[bool, dict[str, Any], list[dict[str, Any]]]]) -> str:
    """One `[[session]]` (or `[[amend]]`) block per item, a good session after each."""
    out = []
    for number, (amend, pairs, sets) in enumerate(blocks):
        pairs = {k: v for k, v in pairs.items() if k != "sets"}
        out.append(("[[amend]]\n" if amend else "[[session]]\n") + table(pairs)
                   + f"sets = {toml(sets)}\n")
        out.append(f'[[session]]\nid = "good-{number}"\n'
                   f"started = 2026-11-{number + 1:02d}T18:00:00Z\nstatus = \"completed\"\n")
    return "".join(out)


@settings(**CONFIGS)
@given(blocks=SESSIONS)
def test_history_reader_survives_any_values(
    blocks: list[tuple[bool, dict[str, Any], list[dict[str, Any]]]],
) -> None:
    """history.toml of any values: every good session between the bad blocks is read."""
    path = put(paths.history_file(), history_text(blocks))
    for last in (None, 2):
        result = returns(partial(read_history, path, last=last))
        assert not result.unreadable
        good = {s["id"] for s in result.sessions if str(s["id"]).startswith("good-")}
        wanted = {f"good-{n}" for n in range(len(blocks))}
        if last is None:
            assert good == wanted, result.problems
    assert returns(lambda: quietly("history")) == 0


@settings(**CONFIGS)
@given(top=tables(("version", "final", "saved", "problem", "session", "amend")),
       session=tables(SESSION))
def test_journal_reader_survives_any_values(
    top: dict[str, Any], session: dict[str, Any],
) -> None:
    """A journal of any values is a Journal or a JournalError; recovery never raises."""
    from backtimer.storage.history.recovery import recover_interrupted

    path = put(paths.data_dir() / "journal" / "fuzz.toml",
               table({k: v for k, v in top.items() if k != "session"})
               + "[session]\n" + table(session))
    with contextlib.suppress(JournalError):
        returns(lambda: read_journal(path))
    messages = returns(recover_interrupted)
    assert all(isinstance(m, str) for m in messages)


@pytest.mark.parametrize("depth", [10, 1_000, 100_000])
def test_deep_nesting_everywhere_is_a_problem(depth: int) -> None:
    """Arrays nested `depth` deep in each file: each reader answers with a problem or data."""
    deep = "x = " + "[" * depth + "]" * depth + "\n"
    put(paths.config_file(), deep)
    put(paths.progress_file(), deep)
    put(paths.history_file(), '[[session]]\nid = "a"\nstarted = 2026-11-01T18:00:00Z\n'
        + deep + '[[session]]\nid = "b"\nstarted = 2026-11-02T18:00:00Z\n')
    put(paths.user_routines_dir() / "deep.toml", deep)
    _, problems = returns(load_settings)
    _, progress_problems = returns(load_progress)
    assert len(problems) == 1  # not valid TOML, or (parsed) an unknown setting
    assert len(progress_problems) == (depth > 100)
    assert {s["id"] for s in returns(lambda: read_history(paths.history_file())).sessions} >= {
        "b"}
    assert any(e.error is not None for e in returns(available_routines))
