"""The session engine in simulated time: countdowns, controls and the record."""

from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import pytest

from backtimer.core.clock import FakeClock, SystemClock
from backtimer.core.engine import AutoPaused, Bell, Finished, Session, State, Status, StepEnded
from backtimer.core.plan import StepKind, build_plan, estimate_seconds
from backtimer.core.routine import Alternate, Exercise, Rest, Routine

TICK = 0.25  # exact in binary, so simulated time adds up exactly


def routine(*exercises: Exercise, **kw: object) -> Routine:
    kw.setdefault("lead_in", 0)
    return Routine("Test", tuple(exercises), **kw)  # type: ignore[arg-type]


def run(session: Session, clock: FakeClock, seconds: float, step: float = TICK) -> list[object]:
    """Advance simulated time in small ticks, as the screen's repaint timer would."""
    events: list[object] = []
    for _ in range(round(seconds / step)):
        clock.advance(step)
        events += session.tick()
    return events


def started(r: Routine) -> tuple[Session, FakeClock]:
    clock = FakeClock()
    session = Session(r, clock)
    session.start()
    return session, clock


def test_countdown_comes_from_the_deadline_not_from_ticks() -> None:
    """Missed repaint ticks change nothing: time left is deadline minus now."""
    session, clock = started(routine(Exercise("Plank", hold=30)))
    clock.advance(1.75)
    assert session.remaining() == pytest.approx(28.25)
    session.tick()
    assert session.remaining() == pytest.approx(28.25)


def test_a_hold_runs_out_and_is_recorded_at_target() -> None:
    """A hold that runs its full time is saved with done == target."""
    session, clock = started(routine(Exercise("Plank", hold=30), Exercise("Bridge", reps=10)))
    events = run(session, clock, 30)
    assert any(isinstance(e, StepEnded) and e.how == "time" for e in events)
    assert session.step.kind is StepKind.REST
    assert session.records[0]["done"] == 30.0
    assert session.records[0]["target"] == 30


def test_phase_deadlines_chain_so_late_ticks_never_add_up() -> None:
    """Each new deadline starts at the old one, so a 30-minute session has no drift."""
    exercises = tuple(Exercise(f"Hold {i}", sets=3, hold=45) for i in range(8))
    r = routine(*exercises, rest=Rest(30, 30))
    planned = estimate_seconds(build_plan(r))
    assert planned > 25 * 60
    session, clock = started(r)
    start = clock.now()
    ended_at = None
    while not session.finished:
        clock.advance(0.37)  # ticks that never land on a deadline
        if any(isinstance(e, Finished) for e in session.tick()):
            ended_at = clock.now()
    assert ended_at is not None
    assert session.session_elapsed() == pytest.approx(planned, abs=1e-6)
    assert ended_at - start - planned < 0.37
    assert all(r["done"] == 45.0 for r in session.records.values())


def test_next_wakeup_is_the_next_bell_or_deadline() -> None:
    """The UI can wake exactly at the phase change instead of at a repaint."""
    session, clock = started(routine(Exercise("Plank", hold=10)))
    assert session.next_wakeup() == pytest.approx(clock.now() + 7)  # the 3 s bell
    run(session, clock, 9.5)
    assert session.next_wakeup() == pytest.approx(clock.now() + 0.5)


def test_pause_freezes_time_left_and_resume_sets_a_new_deadline() -> None:
    """While paused the countdown stands still; after resume it goes on from there."""
    session, clock = started(routine(Exercise("Plank", hold=30)))
    run(session, clock, 10)
    session.toggle_pause()
    assert session.state is State.PAUSED
    run(session, clock, 60)
    assert session.remaining() == pytest.approx(20)
    session.toggle_pause()
    run(session, clock, 5)
    assert session.remaining() == pytest.approx(15)
    assert session.session_elapsed() == pytest.approx(15)


def test_a_late_tick_pauses_itself_and_does_not_count_the_gap() -> None:
    """When the laptop sleeps, the session pauses at the last tick it saw."""
    session, clock = started(routine(Exercise("Plank", hold=30)))
    run(session, clock, 10)
    clock.advance(600)
    events = session.tick()
    assert isinstance(events[0], AutoPaused) and events[0].gap == pytest.approx(600)
    assert session.paused
    assert session.remaining() == pytest.approx(20)
    session.toggle_pause()
    run(session, clock, 20)
    assert session.records[0]["done"] == 30.0


def test_enter_ends_a_hold_early_and_records_what_was_held() -> None:
    """Ending a hold early keeps the seconds actually held."""
    session, clock = started(routine(Exercise("Plank", hold=30), Exercise("Bridge", reps=10)))
    run(session, clock, 12.5)
    session.done()
    assert session.records[0]["done"] == 12.5
    assert session.records[0]["skipped"] is False
    assert session.step.kind is StepKind.REST


def test_enter_ends_a_rest_and_starts_the_next_step_now() -> None:
    """A rest cut short starts the next set at once, with its full time."""
    session, clock = started(routine(Exercise("Plank", sets=2, hold=30)))
    run(session, clock, 30)
    run(session, clock, 10)
    session.done()
    assert session.step.kind is StepKind.HOLD and session.step.set_number == 2
    assert session.remaining() == pytest.approx(30)


def test_skip_records_the_step_as_skipped() -> None:
    """n skips the step and the history says so."""
    session, clock = started(routine(Exercise("Plank", hold=30), Exercise("Bridge", reps=10)))
    run(session, clock, 4)
    session.skip()
    assert session.records[0]["skipped"] is True
    assert session.records[0]["done"] == 4.0


def test_back_returns_to_the_previous_step_and_forgets_its_record() -> None:
    """b goes back a step and that step will be recorded again."""
    session, clock = started(routine(Exercise("Plank", sets=2, hold=30)))
    run(session, clock, 30)
    assert session.step.kind is StepKind.REST
    session.back()
    step = session.step  # read afresh: back() changed it
    assert step.kind is StepKind.HOLD and session.index == 0
    assert 0 not in session.records
    assert session.remaining() == pytest.approx(30)


def test_rest_can_be_lengthened_and_shortened() -> None:
    """+ and - move the end of the current rest by the rest step."""
    session, clock = started(routine(Exercise("Plank", sets=2, hold=30), rest=Rest(60, 90)))
    run(session, clock, 30)
    session.adjust_rest(+1)
    assert session.remaining() == pytest.approx(105)
    session.adjust_rest(-1)
    session.adjust_rest(-1)
    assert session.remaining() == pytest.approx(75)


def test_cutting_a_rest_to_nothing_starts_the_next_step() -> None:
    """Taking off more rest than is left ends the rest."""
    session, clock = started(routine(Exercise("Plank", sets=2, hold=30), rest=Rest(20, 20)))
    run(session, clock, 30 + 10)
    session.adjust_rest(-1)
    assert session.step.kind is StepKind.HOLD and session.step.set_number == 2


def test_rest_adjust_does_nothing_outside_a_rest() -> None:
    """+ and - only apply to rests."""
    session, _ = started(routine(Exercise("Plank", hold=30)))
    session.adjust_rest(+1)
    assert session.remaining() == pytest.approx(30)


def test_rep_count_can_be_changed_before_enter() -> None:
    """up/down set the reps to record; enter records them."""
    session, _ = started(routine(Exercise("Bridge", reps=12), Exercise("Plank", hold=5)))
    session.adjust_reps(-1)
    session.adjust_reps(-1)
    assert session.reps_to_record() == 10
    session.done()
    assert session.records[0]["done"] == 10
    assert session.records[0]["target"] == 12


def test_weight_is_recorded_per_set_and_can_be_changed() -> None:
    """The exercise's weight is recorded, and an edit applies from that set on."""
    session, clock = started(routine(Exercise("Rows", sets=2, reps=10, weight="12kg")))
    session.done()
    session.set_weight("14 kg")  # during the rest: applies to the coming set
    session.done()
    session.done()
    assert [r["weight"] for r in session.records.values()] == ["12kg", "14 kg"]
    assert session.finished and session.status is Status.COMPLETED


def test_held_reps_count_each_hold_and_record_the_reps() -> None:
    """Guided reps show which rep and whether holding, and record all reps at the end."""
    session, clock = started(routine(Exercise("Bird-dog", reps=3, hold=2, rep_gap=2)))
    assert session.guided_position()[:2] == (1, True)
    run(session, clock, 2.5)
    assert session.guided_position()[:2] == (1, False)
    run(session, clock, 2)
    assert session.guided_position()[:2] == (2, True)
    run(session, clock, 6)
    assert session.finished
    assert session.records[0] == {
        "exercise": "Bird-dog", "kind": "reps", "set": 1, "target": 3, "done": 3,
        "hold": 2, "skipped": False,
    }


def test_held_reps_ended_early_record_the_reps_completed() -> None:
    """Stopping held reps early records only the reps whose hold was finished."""
    session, clock = started(routine(Exercise("Bird-dog", reps=5, hold=2, rep_gap=2),
                                     Exercise("P", hold=5)))
    run(session, clock, 6.5)  # rep 1 and 2 held, rep 3 under way
    session.done()
    assert session.records[0]["done"] == 2


def test_bells_ring_at_start_half_time_and_last_three_seconds() -> None:
    """A 20 s hold rings at its start, at 10 s left, at 3, 2 and 1 s left, then the rest starts."""
    clock = FakeClock()
    session = Session(routine(Exercise("Plank", hold=20), Exercise("P", hold=5)), clock)
    first = [e for e in session.start() if isinstance(e, Bell)]
    events = [e for e in run(session, clock, 20) if isinstance(e, Bell)]
    assert [b.reason for b in first] == ["start"]
    assert [b.reason for b in events] == [
        "halfway", "countdown", "countdown", "countdown", "start",
    ]


def test_stop_keeps_the_sets_done_so_far_and_the_hold_under_way() -> None:
    """q then y saves a stopped session with everything done until then."""
    session, clock = started(routine(Exercise("Plank", sets=3, hold=30)))
    run(session, clock, 30 + 90 + 7)
    session.stop(Status.STOPPED)
    record = session.to_record()
    assert record["status"] == "stopped"
    assert [s["done"] for s in record["sets"]] == [30.0, 7.0]
    assert record["planned_sets"] == 3
    assert session.finished


def test_pain_stop_is_recorded_as_pain() -> None:
    """! then y saves the session with status pain."""
    session, clock = started(routine(Exercise("Plank", hold=30)))
    run(session, clock, 3)
    session.stop(Status.PAIN)
    assert session.to_record()["status"] == "pain"


def test_record_has_the_history_keys_and_no_none_values() -> None:
    """The record matches the history format, which TOML can always hold."""
    r = Routine("Core", (Exercise("Side plank", hold=5, per_side=True),), lead_in=0)
    session, clock = started(r)
    run(session, clock, 15)
    record = session.to_record()
    assert record["status"] == "completed"
    assert set(record) == {
        "id", "routine", "routine_file", "started", "ended", "status", "planned_sets", "sets",
        "active_seconds",
    }
    assert [s["side"] for s in record["sets"]] == ["left", "right"]
    assert record["started"].tzinfo is not None
    assert (record["ended"] - record["started"]).total_seconds() == pytest.approx(15)

    def walk(value: object) -> None:
        assert value is not None
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        if isinstance(value, list):
            for v in value:
                walk(v)

    walk(record)


def test_estimated_left_shrinks_as_the_session_goes() -> None:
    """The time-left estimate counts down with the session."""
    session, clock = started(routine(Exercise("Plank", sets=2, hold=30), rest=Rest(60, 60)))
    before = session.estimated_left()
    run(session, clock, 10)
    assert session.estimated_left() == pytest.approx(before - 10)


def test_record_counts_working_sets_and_whole_seconds() -> None:
    """planned_sets leaves the warm-up out; times are stored to the whole second."""
    from backtimer.core.routine import Warmup

    session, clock = started(routine(Exercise("Plank", hold=5, sets=2), warmup=Warmup(60)))
    clock.advance(0.4)
    record = session.to_record()
    assert record["planned_sets"] == 2
    assert record["started"].microsecond == 0 and record["ended"].microsecond == 0


@pytest.mark.skipif(not hasattr(time, "CLOCK_BOOTTIME"), reason="CLOCK_BOOTTIME is Linux only")
def test_the_system_clock_counts_time_asleep_on_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Linux the clock is CLOCK_BOOTTIME, which goes on through suspend; monotonic stops."""
    readings = {time.CLOCK_BOOTTIME: 5000.0, time.CLOCK_MONOTONIC: 100.0}
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(time, "clock_gettime", lambda clock_id: readings[clock_id])
    monkeypatch.setattr(time, "monotonic", lambda: readings[time.CLOCK_MONOTONIC])
    clock = SystemClock()
    before = clock.now()
    readings[time.CLOCK_BOOTTIME] += 600  # ten minutes with the lid closed
    assert clock.now() - before == 600


def test_the_system_clock_on_macos_uses_clock_monotonic(monkeypatch: pytest.MonkeyPatch) -> None:
    """On macOS clock_gettime(CLOCK_MONOTONIC) counts sleep, unlike time.monotonic()."""
    calls: list[int] = []

    def gettime(clock_id: int) -> float:
        calls.append(clock_id)
        return 42.0

    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(time, "clock_gettime", gettime)
    monkeypatch.setattr(time, "monotonic", lambda: 1.0)
    assert SystemClock().now() == 42.0
    assert set(calls) == {time.CLOCK_MONOTONIC}


def test_the_system_clock_falls_back_to_monotonic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where the sleep-aware clock cannot be read, time.monotonic() is used."""
    def broken(clock_id: int) -> float:
        raise OSError("no such clock")

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(time, "clock_gettime", broken)
    monkeypatch.setattr(time, "monotonic", lambda: 7.0)
    assert SystemClock().now() == 7.0
    monkeypatch.setattr(sys, "platform", "win32")
    assert SystemClock().now() == 7.0


def test_skip_while_paused_starts_the_next_step_paused() -> None:
    """n while paused moves on, but the next step waits at its full length until space."""
    session, clock = started(routine(Exercise("Plank", sets=2, hold=30), rest=Rest(60, 60)))
    run(session, clock, 10)
    session.toggle_pause()
    run(session, clock, 5)
    session.skip()
    assert session.state is State.PAUSED and session.step.kind is StepKind.REST
    assert session.records[0]["done"] == 10.0  # the pause is not counted as held
    run(session, clock, 20)
    assert session.remaining() == pytest.approx(60)
    assert session.session_elapsed() == pytest.approx(10)
    session.toggle_pause()
    run(session, clock, 5)
    assert session.remaining() == pytest.approx(55)


def test_back_while_paused_goes_back_paused() -> None:
    """b while paused returns to the previous step at its full length, still paused."""
    session, clock = started(routine(Exercise("Plank", sets=2, hold=30)))
    run(session, clock, 30 + 4)
    session.toggle_pause()
    session.back()
    assert session.state is State.PAUSED and session.step.kind is StepKind.HOLD
    run(session, clock, 10)
    assert session.remaining() == pytest.approx(30)


def test_enter_while_paused_still_goes_on() -> None:
    """enter (Start now, End rest) is a go: it resumes and starts the next step running."""
    session, clock = started(routine(Exercise("Plank", sets=2, hold=30)))
    run(session, clock, 30)
    session.toggle_pause()
    session.done()
    assert session.state is State.RUNNING and session.step.kind is StepKind.HOLD


def test_held_reps_ring_at_each_hold_and_each_lower() -> None:
    """Reps held 2 s, 2 s apart ring as each hold ends and the next begins, then count down."""
    session, clock = started(routine(Exercise("Bird-dog", reps=3, hold=2, rep_gap=2),
                                     Exercise("P", hold=5)))
    rang: list[tuple[float, str]] = []
    start = clock.now()
    for _ in range(round(10 / TICK)):
        clock.advance(TICK)
        rang += [(clock.now() - start, e.reason) for e in session.tick()
                 if isinstance(e, Bell)]
    # 3 reps: holds start at 0 (the step's own bell), 4 and 8, and end at 2, 6 and 10.
    assert rang == [(2, "lower"), (4, "rep"), (6, "lower"), (7, "countdown"),
                    (8, "rep"), (9, "countdown"), (10, "start")]


def test_the_record_a_stop_would_save_includes_the_hold_under_way() -> None:
    """Asking what a stop keeps adds the hold in progress (1 s or more) and changes nothing."""
    session, clock = started(routine(Exercise("Plank", sets=3, hold=30)))
    run(session, clock, 0.5)
    assert session.record_if_stopped()["sets"] == []
    run(session, clock, 30 + 90 + 6.5)
    preview = session.record_if_stopped()
    assert [s["done"] for s in preview["sets"]] == [30.0, 7.0]
    assert len(session.records) == 1 and session.running
    session.stop(Status.STOPPED)
    assert session.to_record()["sets"] == preview["sets"]


def test_record_keeps_active_time_path_and_the_session_picked_up(tmp_path: Path) -> None:
    """Active time leaves the pause out; the full path and the picked-up id are saved."""
    source = tmp_path / "mine.toml"
    r = Routine("Core", (Exercise("Plank", hold=5, sets=2),), lead_in=0, source=source)
    session, clock = started(r)
    session.toggle_pause()
    clock.advance(100)
    session.toggle_pause()
    run(session, clock, 30)
    record = session.to_record()
    assert record["active_seconds"] == math.floor(session.session_elapsed())
    assert record["active_seconds"] < 100
    assert record["routine_path"] == str(source)
    assert "resumed_from" not in record
    picked = Session(r, clock, resumed={"id": "before"}, planned_sets=9).to_record()
    assert (picked["resumed_from"], picked["planned_sets"]) == ("before", 9)


def test_a_gentle_routine_marks_its_record_gentle() -> None:
    """A gentle routine's session carries gentle = true; other sessions have no such key."""
    session, clock = started(routine(Exercise("Bridge", reps=8), gentle=True))
    session.stop(Status.COMPLETED)
    assert session.to_record()["gentle"] is True
    session, clock = started(routine(Exercise("Bridge", reps=8)))
    assert "gentle" not in session.to_record()


def test_alternating_reps_record_every_move_as_one_set() -> None:
    """8 a side, alternating, is one set recorded with 16 reps and no side."""
    bug = Exercise("Dead bug", reps=8, alternate=Alternate.PER_SIDE)
    session, _ = started(routine(bug))
    assert session.step.side is None and session.reps_to_record() == 16
    session.done()
    record = session.to_record()
    assert record["status"] == "completed" and record["planned_sets"] == 1
    [done] = record["sets"]
    assert done["target"] == 16 and done["done"] == 16 and "side" not in done


def test_held_reps_without_a_gap_ring_only_at_each_hold() -> None:
    """rep_gap = 0: straight from one hold into the next, so there is no "lower" bell."""
    session, clock = started(routine(Exercise("Bird-dog", reps=3, hold=2, rep_gap=0),
                                     Exercise("P", hold=5)))
    assert session.step.duration == 6
    rang: list[tuple[float, str]] = []
    start = clock.now()
    for _ in range(round(6 / TICK)):
        clock.advance(TICK)
        rang += [(clock.now() - start, e.reason) for e in session.tick()
                 if isinstance(e, Bell)]
    assert rang == [(2, "rep"), (3, "countdown"), (4, "rep"), (5, "countdown"), (6, "start")]
