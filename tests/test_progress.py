"""Progressive overload: when a step up is offered, which lever, and how it is stored."""

from __future__ import annotations

import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.core.progress import (
    AcceptedStep,
    Progress,
    Suggestion,
    apply_progress,
    next_step,
    suggest,
)
from backtimer.core.records import SessionRecord, SetRecord
from backtimer.core.routine import Alternate, Exercise, Rest, Routine
from backtimer.storage import paths
from backtimer.storage.progress_file import accept, applied_from_file, load_progress, reset

PLANK = Exercise("Plank", sets=2, hold=30)
ROWS = Exercise("Rows", sets=3, reps=10, per_side=True, weight="12kg")
BIRD_DOG = Exercise("Bird-dog", sets=3, reps=8, hold=3, per_side=True)
DAY = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)


def routine(*exercises: Exercise, file: str = "core.toml", rest: Rest | None = None) -> Routine:
    return Routine("Core", tuple(exercises), rest=rest or Rest(60, 90), source=Path(file))


def records(exercise: Exercise, *, short: int = 0, skip: bool = False) -> list[SetRecord]:
    """Every set of `exercise` done at target; `short` takes that much off the last one."""
    kind = "hold" if exercise.kind == "hold" else "reps"
    target = (exercise.hold if kind == "hold" else exercise.reps) or 0
    sides = ("left", "right") if exercise.per_side else (None,)
    out: list[SetRecord] = []
    for number in range(1, exercise.sets + 1):
        for side in sides:
            rec: SetRecord = {"exercise": exercise.name, "kind": kind, "set": number,
                                   "target": target, "skipped": False,
                                   "done": float(target) if kind == "hold" else target}
            if side:
                rec["side"] = side
            out.append(rec)
    out[-1]["done"] -= short
    out[-1]["skipped"] = skip
    return out


def session(
    day: int, sets: list[SetRecord], status: str = "completed", file: str = "core.toml"
) -> SessionRecord:
    started = DAY + timedelta(days=day)
    warmup: SetRecord = {"exercise": "Warm-up", "kind": "warmup", "set": 0, "target": 300,
                         "done": 10.0, "skipped": True}
    return {"id": f"s{day}", "routine": "Core", "routine_file": file, "started": started,
            "ended": started + timedelta(minutes=20), "status": status,
            "planned_sets": len(sets) + 1, "sets": [warmup, *sets]}


def two_good(*exercises: Exercise, file: str = "core.toml") -> list[SessionRecord]:
    sets = [r for e in exercises for r in records(e)]
    return [session(0, sets, file=file), session(2, sets, file=file)]


def test_hold_goes_up_five_seconds_after_two_sessions_at_target() -> None:
    """A plank held in full twice in a row is offered 5 s more, with a readable text."""
    [s] = suggest(routine(PLANK), two_good(PLANK))
    assert (s.exercise, s.lever, s.old, s.new) == ("Plank", "hold", 30, 35)
    assert s.text == "Plank: hold 35 s (was 30 s)"
    assert s.routine_file == "core.toml"


def test_one_session_is_not_enough() -> None:
    """A single session at target offers nothing yet."""
    assert suggest(routine(PLANK), two_good(PLANK)[:1]) == []


def test_a_short_set_in_either_session_blocks_the_step() -> None:
    """Falling short of target in one set of one of the two sessions offers nothing."""
    good = records(PLANK)
    short = records(PLANK, short=1)
    assert suggest(routine(PLANK), [session(0, short), session(1, good)]) == []
    assert suggest(routine(PLANK), [session(0, good), session(1, short)]) == []


def test_a_skipped_set_blocks_the_step() -> None:
    """A skipped set means the exercise was not all done at target."""
    sessions = [session(0, records(PLANK)), session(1, records(PLANK, skip=True))]
    assert suggest(routine(PLANK), sessions) == []


def test_missing_sets_block_the_step() -> None:
    """A session that recorded fewer sets than the exercise has does not count as done."""
    sessions = [session(0, records(PLANK)), session(1, records(PLANK)[:1])]
    assert suggest(routine(PLANK), sessions) == []


def test_only_completed_sessions_of_the_same_routine_count() -> None:
    """Stopped sessions and other routines' sessions are not among the last two."""
    good = records(PLANK)
    sessions = [
        session(0, good, status="stopped"),
        session(1, good, file="other.toml"),
        session(2, good),
    ]
    assert suggest(routine(PLANK), sessions) == []
    sessions.append(session(3, good, status="stopped"))
    sessions.append(session(4, good))
    assert [s.exercise for s in suggest(routine(PLANK), sessions)] == ["Plank"]


def test_only_the_last_two_completed_sessions_matter() -> None:
    """An old shortfall no longer blocks once two later sessions were at target."""
    sessions = [session(0, records(PLANK, short=5)), *two_good(PLANK)]
    sessions[1]["started"] += timedelta(days=5)
    sessions[2]["started"] += timedelta(days=5)
    assert len(suggest(routine(PLANK), sessions)) == 1


def test_sessions_are_ordered_by_start_time_not_list_order() -> None:
    """The last two are the most recent by start, however the history lists them."""
    good, short = records(PLANK), records(PLANK, short=3)
    sessions = [session(5, short), session(1, good), session(2, good)]
    assert suggest(routine(PLANK), sessions) == []


def test_latest_session_in_pain_offers_nothing() -> None:
    """After a session that ended in pain, no step up is suggested."""
    sessions = [*two_good(PLANK), session(5, records(PLANK), status="pain")]
    assert suggest(routine(PLANK), sessions) == []


def test_each_exercise_is_judged_on_its_own() -> None:
    """A short plank does not stop the rows from stepping up, and vice versa."""
    sets = records(PLANK, short=2) + records(ROWS)
    sessions = [session(0, sets), session(1, sets)]
    [s] = suggest(routine(PLANK, ROWS), sessions)
    assert (s.exercise, s.lever, s.new) == ("Rows", "reps", 11)
    assert s.text == "Rows: 11 reps (was 10 reps)"


def test_reps_stop_at_twelve_then_a_set_is_added() -> None:
    """Reps grow to 12; after that one more set is offered, up to 4."""
    at_twelve = Exercise("Rows", sets=3, reps=12)
    [s] = suggest(routine(at_twelve), two_good(at_twelve))
    assert (s.lever, s.old, s.new) == ("sets", 3, 4)
    assert s.text == "Rows: 4 sets (was 3 sets)"


def test_reps_above_twelve_are_not_raised() -> None:
    """An exercise already past 12 reps (swings at 15) moves to the sets lever."""
    swings = Exercise("Swings", sets=3, reps=15)
    assert next_step(swings, Rest(60, 90)) == ("sets", 3, 4)


def test_rest_shrinks_after_reps_and_sets_are_maxed() -> None:
    """At 12 reps and 4 sets the rest loses 15 s, min and max both."""
    maxed = Exercise("Rows", sets=4, reps=12)
    [s] = suggest(routine(maxed, rest=Rest(75, 90)), two_good(maxed))
    assert (s.lever, s.old, s.new) == ("rest", Rest(75, 90), Rest(60, 75))
    assert s.text == "Rows: rest 60-75 s (was 75-90 s)"


def test_rest_never_goes_below_sixty_seconds() -> None:
    """The rest lever stops at 60 s; once there, nothing more is offered."""
    maxed = Exercise("Rows", sets=4, reps=12)
    assert next_step(maxed, Rest(60, 70)) == ("rest", Rest(60, 70), Rest(60, 60))
    assert next_step(maxed, Rest(60, 60)) is None
    assert next_step(maxed, Rest(30, 45)) is None
    # a min already under 60 is left alone rather than raised
    assert next_step(maxed, Rest(45, 90)) == ("rest", Rest(45, 90), Rest(45, 75))


def test_held_reps_add_reps_not_hold_time() -> None:
    """For reps that are each held, the step is one more rep; the hold stays."""
    [s] = suggest(routine(BIRD_DOG), two_good(BIRD_DOG))
    assert (s.lever, s.old, s.new) == ("reps", 8, 9)


def test_pure_holds_always_use_the_hold_lever() -> None:
    """A hold keeps growing by 5 s whatever its sets and rest."""
    long_hold = Exercise("Plank", sets=4, hold=90)
    assert next_step(long_hold, Rest(60, 60)) == ("hold", 90, 95)


def test_apply_progress_returns_a_new_routine_and_the_changes() -> None:
    """Overrides change a copy; the original keeps its values and changes list was/now."""
    base = routine(PLANK, ROWS)
    progress = Progress((
        AcceptedStep("core.toml", "Plank", "hold", 30, 35, accepted=DAY),
        AcceptedStep("core.toml", "Plank", "hold", 35, 40, accepted=DAY + timedelta(days=4)),
        AcceptedStep("core.toml", "Rows", "rest", Rest(60, 90), Rest(60, 75), accepted=DAY),
        AcceptedStep("other.toml", "Rows", "reps", 10, 11, accepted=DAY),
    ))
    applied = apply_progress(base, progress.overrides_for("core.toml"))
    plank, rows = applied.routine.exercises
    assert plank.hold == 40 and rows.reps == 10
    assert applied.routine.rest_for(rows) == Rest(60, 75)
    assert base.exercises[0].hold == 30 and base.exercises[1].rest is None
    assert [c.text for c in applied.changes["Plank"]] == ["hold 40 s (was 30 s)"]
    assert [c.text for c in applied.changes["Rows"]] == ["rest 60-75 s (was 60-90 s)"]


def test_an_edited_routine_file_wins_over_stored_steps() -> None:
    """When the file's value no longer matches where the steps began, the file is used."""
    edited = routine(Exercise("Plank", sets=2, hold=45))
    progress = Progress((AcceptedStep("core.toml", "Plank", "hold", 30, 35, accepted=DAY),))
    applied = apply_progress(edited, progress.overrides_for("core.toml"))
    assert applied.routine.exercises[0].hold == 45
    assert applied.changes == {}


def test_suggestions_build_on_accepted_steps() -> None:
    """With 35 s accepted, two later sessions at 35 s offer 40 s."""
    progress = Progress((AcceptedStep("core.toml", "Plank", "hold", 30, 35,
                                      accepted=DAY - timedelta(days=1)),))
    stepped = Exercise("Plank", sets=2, hold=35)
    [s] = suggest(routine(PLANK), two_good(stepped), progress)
    assert (s.old, s.new) == (35, 40)
    # sessions still at the old 30 s are not at today's target
    assert suggest(routine(PLANK), two_good(PLANK), progress) == []


def test_sessions_before_an_accepted_step_do_not_count() -> None:
    """After a rest step is accepted, two new sessions are needed before the next one."""
    maxed = Exercise("Rows", sets=4, reps=12)
    sessions = two_good(maxed)
    progress = Progress((AcceptedStep("core.toml", "Rows", "rest", Rest(60, 90), Rest(60, 75),
                                      accepted=DAY + timedelta(days=3)),))
    assert suggest(routine(maxed), sessions, progress) == []
    later = [session(4, records(maxed)), session(6, records(maxed))]
    [s] = suggest(routine(maxed), sessions + later, progress)
    assert (s.old, s.new) == (Rest(60, 75), Rest(60, 60))


def test_started_may_be_an_iso_string() -> None:
    """Sessions whose start time is text still sort and count."""
    sessions = two_good(PLANK)
    for s in sessions:
        s["started"] = cast(datetime, s["started"].isoformat())  # text where a time belongs
    assert len(suggest(routine(PLANK), sessions)) == 1


def test_accept_stores_and_reloads_steps() -> None:
    """Accepted suggestions survive a reload and apply to the routine from the file."""
    suggestion = Suggestion("core.toml", "Plank", "hold", 30, 35)
    rest = Suggestion("core.toml", "Rows", "rest", Rest(60, 90), Rest(60, 75))
    accept([suggestion, rest], DAY)
    progress, problems = load_progress()
    assert problems == []
    assert [(s.exercise, s.new, s.accepted) for s in progress.steps] == [
        ("Plank", 35, DAY), ("Rows", Rest(60, 75), DAY)
    ]
    applied, _ = applied_from_file(routine(PLANK, ROWS))
    assert applied.routine.exercises[0].hold == 35
    with paths.progress_file().open("rb") as handle:
        assert tomllib.load(handle)["step"][1]["new"] == [60, 75]


def test_reset_forgets_one_routine_only() -> None:
    """Resetting a routine removes its steps and keeps the others'."""
    accept([Suggestion("core.toml", "Plank", "hold", 30, 35),
            Suggestion("rows.toml", "Rows", "reps", 10, 11)], DAY)
    assert reset("core.toml") == 1
    assert reset("core.toml") == 0
    progress, _ = load_progress()
    assert progress.routine_files() == ["rows.toml"]


def test_damaged_progress_file_is_reported_and_kept() -> None:
    """A broken progress.toml is a problem, not a crash, and is set aside before rewriting."""
    path = paths.progress_file()
    path.parent.mkdir(parents=True)
    path.write_text("[[step]\n", encoding="utf-8")
    progress, problems = load_progress()
    assert progress.steps == () and len(problems) == 1 and problems[0].file == str(path)
    accept([Suggestion("core.toml", "Plank", "hold", 30, 35)], DAY)
    kept = [p for p in path.parent.iterdir() if p.name.startswith("progress.toml.damaged-")]
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == "[[step]\n"


def test_bad_entries_are_skipped_with_a_problem() -> None:
    """An entry with a wrong lever is ignored and named; the good ones load."""
    path = paths.progress_file()
    path.parent.mkdir(parents=True)
    path.write_text(
        '[[step]]\nroutine_file = "core.toml"\nexercise = "Plank"\nlever = "weight"\n'
        "old = 1\nnew = 2\naccepted = 2026-11-02T18:00:00Z\n"
        '[[step]]\nroutine_file = "core.toml"\nexercise = "Plank"\nlever = "hold"\n'
        "old = 30\nnew = 35\naccepted = 2026-11-02T18:00:00Z\n",
        encoding="utf-8",
    )
    progress, problems = load_progress()
    assert [s.lever for s in progress.steps] == ["hold"]
    assert [p.where for p in problems] == ["step 1"]


@settings(max_examples=200, deadline=None)
@given(
    sets=st.integers(1, 6),
    reps=st.integers(1, 20),
    rest_min=st.integers(0, 180),
    rest_span=st.integers(0, 60),
)
def test_a_step_up_never_breaks_the_limits(
    sets: int, reps: int, rest_min: int, rest_span: int
) -> None:
    """Whatever the start, a step never passes 12 reps, 4 sets, or takes rest under 60 s."""
    exercise = Exercise("Rows", sets=sets, reps=reps)
    rest = Rest(rest_min, rest_min + rest_span)
    step = next_step(exercise, rest)
    if step is None:
        assert reps >= 12 and sets >= 4 and rest.max <= 60
        return
    lever, old, new = step
    if lever == "reps":
        assert new == old + 1 <= 12  # type: ignore[operator]
    elif lever == "sets":
        assert reps >= 12 and new == old + 1 <= 4  # type: ignore[operator]
    else:
        assert isinstance(new, Rest) and isinstance(old, Rest)
        assert new.min <= new.max < old.max and new.max >= 60
        assert new.min >= min(old.min, 60)


def test_a_gentle_routine_is_never_stepped_up() -> None:
    """Two full sessions of a gentle day suggest nothing: it is meant to stay easy."""

    gentle = routine(PLANK)._replace(gentle=True)
    assert suggest(gentle, two_good(PLANK)) == []
    assert suggest(routine(PLANK), two_good(PLANK))


def test_alternating_per_side_reps_step_up_from_a_full_set() -> None:
    """8 a side, alternating, recorded as 16 moves twice, steps up to 9 a side."""
    bug = Exercise("Dead bug", sets=2, reps=8, alternate=Alternate.PER_SIDE)
    sets: list[SetRecord] = [{"exercise": "Dead bug", "kind": "reps", "set": n, "target": 16,
                              "done": 16, "skipped": False} for n in (1, 2)]
    [s] = suggest(routine(bug), [session(0, sets), session(2, sets)])
    assert (s.lever, s.old, s.new) == ("reps", 8, 9)
    short: list[SetRecord] = [{**sets[0], "done": 15}, sets[1]]
    assert suggest(routine(bug), [session(0, sets), session(2, short)]) == []


def test_a_file_in_place_of_the_data_folder_is_named_with_what_to_do(tmp_path: Path) -> None:
    """A file where the data folder should be: one line naming that file and the fix, no
    raw `[Errno 20]`."""
    data = tmp_path / "data"
    data.write_text("not a folder\n")
    progress, problems = load_progress(data / "progress.toml")
    assert progress.steps == ()
    (problem,) = problems
    text = str(problem)
    assert "Errno" not in text and "\n" not in text
    assert f"{data} is a file, not a folder" in text
    assert "move or rename that file" in text
