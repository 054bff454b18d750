"""One meaning for each number: sets, times, workouts and training days, pinned in the core."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from backtimer.core.programme import training_week
from backtimer.core.records import SessionRecord, SetRecord
from backtimer.core.stats import day_counts, review, session_totals, weekly_counts
from backtimer.core.workouts import (
    Workout,
    active_seconds,
    counts_as_training,
    elapsed_seconds,
    held_seconds,
    session_numbers,
    sets_done,
    sets_planned,
    training_days,
    workout_of,
    workouts,
)

DAY = date(2026, 11, 24)  # a Tuesday


def hold(done: float, *, skipped: bool = False, kind: str = "hold") -> SetRecord:
    return {"exercise": "Plank", "kind": kind, "set": 1, "target": 30, "done": done,
            "skipped": skipped}


WARMUP: SetRecord = {"exercise": "Warm-up", "kind": "warmup", "set": 0, "target": 300,
                     "done": 300.0, "skipped": False}


def session(
    *sets: SetRecord, status: str = "completed", planned: int | None = None,
    day: date = DAY, hour: int = 18, minutes: float = 25, sid: str | None = None,
    active: float | None = None, resumed_from: str | None = None,
) -> SessionRecord:
    started = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)
    record: SessionRecord = {
        "id": sid or f"{day}-{hour}", "routine": "Core", "routine_file": "core.toml",
        "started": started, "ended": started + timedelta(minutes=minutes),
        "status": status, "sets": list(sets),
    }
    if planned is not None:
        record["planned_sets"] = planned
    if active is not None:
        record["active_seconds"] = active
    if resumed_from is not None:
        record["resumed_from"] = resumed_from
    return record


def test_sets_done_never_count_the_warm_up_or_a_skipped_set() -> None:
    """After the warm-up and two holds (one skipped), one set of four is done."""
    record = session(WARMUP, hold(30.0), hold(4.0, skipped=True), status="interrupted",
                     planned=4)
    assert (sets_done(record), sets_planned(record)) == (1, 4)


def test_planned_sets_are_never_fewer_than_those_recorded() -> None:
    """A plan count missing or below the recorded working sets is raised to them."""
    record = session(WARMUP, hold(30.0), hold(30.0), planned=1)
    assert sets_planned(record) == 2
    assert sets_planned(session(WARMUP, hold(30.0))) == 1


def test_active_time_leaves_pauses_out_and_elapsed_runs_start_to_end() -> None:
    """A 25 min session with 84 s on the clock: active 84 s, elapsed 1500 s."""
    record = session(hold(30.0), minutes=25, active=84)
    assert active_seconds(record) == 84
    assert elapsed_seconds(record) == 25 * 60


def test_times_unknown_are_none_never_zero() -> None:
    """A session saved before active time was recorded, or without an end, says so."""
    record = session(hold(30.0))
    del record["ended"]
    assert active_seconds(record) is None and elapsed_seconds(record) is None
    assert active_seconds({**record, "active_seconds": float("nan")}) is None


def test_held_time_keeps_tenths() -> None:
    """A 1.5 s hold counts 1.5 s, and held reps count reps times their hold."""
    reps: SetRecord = {"exercise": "Bird-dog", "kind": "reps", "set": 1, "target": 6, "done": 6,
            "hold": 3, "skipped": False}
    assert held_seconds(session(hold(1.5), reps, WARMUP)) == 1.5 + 18


def test_session_totals_match_the_core_numbers() -> None:
    """The older totals shape gives exactly the core's numbers."""
    record = session(WARMUP, hold(30.0), planned=3, active=70, minutes=2)
    totals, numbers = session_totals(record), session_numbers(record)
    assert (totals.sets_done, totals.sets_planned, totals.active) == (
        numbers.sets_done, numbers.sets_planned, numbers.active)
    assert totals.duration == timedelta(seconds=numbers.elapsed or -1)


def pair() -> tuple[SessionRecord, SessionRecord]:
    first = session(WARMUP, hold(30.0), hold(30.0), status="interrupted", planned=9,
                    sid="a", hour=18, minutes=6, active=300)
    second = session(*[hold(30.0)] * 7, planned=9, sid="b", hour=19, minutes=20, active=900,
                     resumed_from="a")
    return first, second


def test_a_pick_up_and_what_it_picks_up_are_one_workout() -> None:
    """2 sets, then 7 more in the pick-up: one workout of 9 of 9, times added up."""
    first, second = pair()
    [workout] = workouts([second, first])
    assert workout.parts == (first, second) and workout.completed
    numbers = workout.numbers
    assert (numbers.sets_done, numbers.sets_planned) == (9, 9)
    assert (numbers.active, numbers.elapsed) == (1200, 26 * 60)
    assert workout_of(second, [first, second]) == workout


def test_chains_and_loops_of_pick_ups() -> None:
    """A pick-up of a pick-up joins the first; ids that point at each other never hang."""
    first, second = pair()
    second["status"] = "interrupted"
    third = session(hold(30.0), sid="c", hour=20, resumed_from="b", planned=9)
    assert [len(w.parts) for w in workouts([first, second, third])] == [3]
    loop_a = session(hold(1.0), sid="x", resumed_from="y", hour=8)
    loop_b = session(hold(1.0), sid="y", resumed_from="x", hour=9)
    assert sum(len(w.parts) for w in workouts([loop_a, loop_b])) == 2
    orphan = session(hold(1.0), sid="o", resumed_from="gone")
    assert workouts([orphan]) == [Workout((orphan,))]


def test_the_pair_is_one_training_day_and_one_programme_workout() -> None:
    """The interrupted session and its pick-up fill the week once."""
    first, second = pair()
    assert weekly_counts([first, second]) == {date(2026, 11, 23): 1}
    assert day_counts([first, second]) == {DAY: 1}


def test_a_workout_record_holds_every_part() -> None:
    """Step-ups judge the pair as one session: all its sets, the last part's status."""
    first, second = pair()
    record = workouts([first, second])[0].record()
    assert record["status"] == "completed" and record["id"] == "a"
    assert sets_done(record) == 9 and record["planned_sets"] == 9


def test_what_counts_as_training() -> None:
    """Completed, or half the planned sets done; a 5 s stop or one set of nine is not."""
    def counts(record: SessionRecord) -> bool:
        return counts_as_training(Workout((record,)))

    assert counts(session(hold(30.0), planned=9))
    assert not counts(session(hold(5.0), status="pain", planned=9))
    assert not counts(session(status="pain", planned=9))
    assert not counts(session(hold(30.0), status="stopped", planned=9))
    assert not counts(session(*[hold(30.0)] * 4, status="stopped", planned=9))
    assert counts(session(*[hold(30.0)] * 5, status="stopped", planned=9))
    assert not counts(session(hold(0.0, skipped=True), planned=1))  # every set skipped


def test_a_gentle_session_is_never_training() -> None:
    """A completed gentle (rest-day) session fills no week and marks no training day."""
    gentle: SessionRecord = {**session(hold(30.0), planned=1), "gentle": True}
    assert not counts_as_training(Workout((gentle,)))
    assert training_days([gentle]) == []
    assert review([gentle], 2, DAY).text == "This week: 0 of 2 training days"


def test_two_workouts_on_one_day_make_one_training_day() -> None:
    """Morning and evening sessions count once, for the week and for the calendar's mark."""
    morning = session(hold(30.0), hour=7, sid="m")
    evening = session(hold(30.0), hour=19, sid="e")
    assert training_days([morning, evening]) == [DAY]
    assert training_week([morning, evening], DAY).this_week == 1
    assert review([morning, evening], 2, DAY).text == "This week: 1 of 2 training days"


def test_an_accidental_start_after_midnight_is_not_a_consecutive_day() -> None:
    """A 4 s start just after midnight raises no consecutive-days notice."""
    evening = session(hold(30.0), hour=19, sid="e")
    slip = session(hold(4.0), status="stopped", planned=9, day=DAY + timedelta(days=1),
                   hour=0, minutes=0.1, sid="s")
    assert review([evening, slip], 2, DAY + timedelta(days=1)).notices == ()
    assert training_week([evening, slip], DAY + timedelta(days=1)).trained_yesterday


@given(st.lists(st.tuples(st.integers(0, 10), st.booleans(), st.integers(0, 12)), max_size=8))
def test_training_days_never_exceed_the_days_with_sessions(
    specs: list[tuple[int, bool, int]],
) -> None:
    """However sessions fall, each day counts at most once and only days with sessions count."""
    sessions = [
        session(*[hold(30.0)] * done, status="completed" if ok else "stopped", planned=9,
                day=DAY + timedelta(days=offset), hour=n % 24, sid=f"s{n}")
        for n, (done, ok, offset) in enumerate(specs)
    ]
    days = training_days(sessions)
    assert len(days) == len(set(days)) <= len({s["started"].date() for s in sessions})
