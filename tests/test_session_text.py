"""What the session screen draws and says, without running the app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backtimer.core import session_text as texts
from backtimer.core.clock import FakeClock
from backtimer.core.engine import Session
from backtimer.core.plan import StepKind, build_plan, resume_steps
from backtimer.core.progress import Change, Progress, Suggestion, applied_changes
from backtimer.core.records import SessionRecord, SetRecord
from backtimer.core.routine import Alternate, Exercise, Rest, Routine, Warmup
from backtimer.storage.progress_file import accept, load_progress
from backtimer.ui.screens.session import _to_next_second
from backtimer.ui.widgets.countdown import block_size, pick_size, render_blocks
from backtimer.ui.widgets.session_bar import bar_text


def started(*exercises: Exercise, **kw: object) -> tuple[Session, FakeClock]:
    kw.setdefault("lead_in", 0)
    kw.setdefault("rest", Rest(45, 60))
    clock = FakeClock()
    session = Session(Routine("R", tuple(exercises), **kw), clock)  # type: ignore[arg-type]
    session.start()
    return session, clock


def run_for(session: Session, clock: FakeClock, seconds: float) -> None:
    """Move time in quarter seconds, ticking like the screen does (a jump would auto-pause)."""
    for _ in range(round(seconds * 4)):
        clock.advance(0.25)
        session.tick()


def test_the_big_font_picks_the_largest_size_that_fits() -> None:
    """0:45 is drawn huge at 80x13, smaller at 40x5, as 3-row digits, then as plain text."""
    assert pick_size("0:45", 80, 13) == "block:5"
    assert pick_size("0:45", 200, 60) == "block:15"
    assert pick_size("0:45", 40, 5) == "block:2"
    assert pick_size("0:45", 20, 4) == "block:1"
    assert pick_size("0:45", 12, 3) == "digits"
    assert pick_size("0:45", 3, 1) == "plain"
    width, height = block_size("0:45", 4) or (0, 0)
    lines = render_blocks("0:45", 4)
    assert len(lines) == height and {len(line) for line in lines} == {width}


def test_the_big_font_draws_each_digit_distinctly() -> None:
    """Every digit has its own shape (a font mix-up would read as the wrong number)."""
    shapes = {"\n".join(render_blocks(d, 2)) for d in "0123456789"}
    assert len(shapes) == 10


def test_the_rest_bar_marks_where_most_people_are_ready() -> None:
    """The ▲ sits under the bar at min/max, with its label kept inside the width."""
    text = bar_text(40, 0.5, 0.75, "ready").plain
    bar, under = text.split("\n")
    assert len(bar) == 40 and bar.count("█") == 20
    assert under.index("▲") == 30
    assert len(bar_text(40, 0.2, 0.99, "most people are ready").plain.split("\n")[1]) <= 40
    assert "\n" not in bar_text(40, 0.2, None).plain


def test_counts_change_on_whole_seconds() -> None:
    """The next repaint lands when the shown second changes, for time left and elapsed."""
    assert _to_next_second(5.3, up=False) == pytest.approx(0.3)
    assert _to_next_second(5.0, up=False) == pytest.approx(1.0)
    assert _to_next_second(4.25, up=True) == pytest.approx(0.75)


def test_titles_say_what_is_on_and_what_is_next() -> None:
    """A set shows name, set and side; a rest says what comes next."""
    session, clock = started(Exercise("Side plank", sets=2, hold=10, per_side=True, switch=0))
    assert texts.title_text(session).plain == "Side plank  ·  set 1 of 2  ·  left side"
    run_for(session, clock, 10)
    assert texts.title_text(session).plain == "Side plank  ·  set 1 of 2  ·  right side"
    run_for(session, clock, 10)
    assert session.step.kind is StepKind.REST
    assert texts.title_text(session).plain == "Up next: Side plank, set 2 of 2, left"
    assert texts.rest_mark(session) == pytest.approx(0.75)
    assert "ready in 0:45" in texts.detail_text(session).plain


def test_clock_values_for_each_kind_of_step() -> None:
    """Holds show m:ss left, rep sets the count to record, held reps which rep (its seconds
    beside it)."""
    session, clock = started(Exercise("Plank", hold=75), Exercise("Rows", reps=10),
                             Exercise("Bird-dog", reps=3, hold=4), rest=Rest(0, 0))
    assert texts.clock_value(session) == "1:15"
    run_for(session, clock, 75)
    assert texts.clock_value(session) == "10"
    session.adjust_reps(-2)
    assert texts.clock_value(session) == "8"
    session.done()
    assert texts.clock_value(session) == "1/3"
    assert texts.clock_side(session) == ("4", "hold")
    assert texts.clock_template(session) == ("0/0", "0", "relax")
    assert texts.banner_detail(session) == "HOLD 1/3"


def test_overall_progress_reads_in_full_and_compact() -> None:
    """Step k of n, active time, and about how long is left; a short form for small terminals."""
    session, clock = started(Exercise("Plank", sets=3, hold=60), rest=Rest(60, 60))
    run_for(session, clock, 1.5)
    assert texts.overall_text(session).plain == (
        "Step 1 of 5  ·  0:01 active  ·  about 5 min left"
    )
    assert texts.overall_text(session, compact=True).plain == "1/5 · 0:01 · ~5 min left"


def test_summary_facts_count_sets_and_time_held() -> None:
    """Warm-ups are not sets; skipped sets count apart and add nothing held; held reps do."""
    record: SessionRecord = {
        "routine": "R", "status": "completed",
        "sets": [
            {"kind": "warmup", "done": 300.0, "skipped": False},
            {"kind": "hold", "done": 30.0, "skipped": False},
            {"kind": "hold", "done": 4.0, "skipped": True},
            {"kind": "reps", "done": 6, "hold": 3, "skipped": False},
        ],
    }
    facts = texts.session_facts(record, 600.0, 4)
    assert (facts.sets_done, facts.sets_skipped, facts.held) == (2, 1, 48.0)
    assert facts.banner == "SESSION COMPLETE"
    assert "2 of 4 sets done, 1 skipped" in texts.facts_text(facts).plain


def test_summary_names_both_times_and_keeps_tenths_held() -> None:
    """Active 1 min 24 s and elapsed 1 min 34 s, each named; a 1.5 s hold is 1.5 s."""
    start = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    record: SessionRecord = {"routine": "R", "status": "completed", "started": start,
              "ended": start + timedelta(seconds=94), "active_seconds": 84,
              "sets": [{"kind": "hold", "done": 1.5, "skipped": False}]}
    shown = texts.facts_text(texts.session_facts(record, 84.9, 1)).plain
    assert "Active 1 min 24 s  ·  elapsed 1 min 34 s" in shown
    assert "1.5 s held" in shown


def test_summary_of_a_pick_up_counts_the_whole_workout() -> None:
    """Two sets before the pick-up and two after: 4 of 4 done, times of both parts added."""
    hold: SetRecord = {"kind": "hold", "done": 30.0, "skipped": False}
    start = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    before: SessionRecord = {
        "id": "a", "status": "interrupted", "planned_sets": 4, "sets": [hold, hold],
        "started": start, "ended": start + timedelta(seconds=100), "active_seconds": 90}
    later = start + timedelta(hours=1)
    record: SessionRecord = {
        "id": "b", "status": "completed", "planned_sets": 4, "resumed_from": "a",
        "sets": [hold, hold], "started": later, "ended": later + timedelta(seconds=80),
        "active_seconds": 60}
    facts = texts.session_facts(record, 60.0, 2, before=before)
    assert (facts.sets_done, facts.sets_planned, facts.sets_before) == (4, 4, 2)
    shown = texts.facts_text(facts).plain
    assert "Active 2 min 30 s  ·  elapsed 3 min, both parts" in shown
    assert "4 of 4 sets done (2 before the pick-up)  ·  2 min held" in shown


def test_resume_starts_after_the_last_recorded_set() -> None:
    """An interrupted session picks up at the next set, with a lead-in and no rest first."""
    routine = Routine("R", (Exercise("Plank", sets=3, hold=30),), rest=Rest(60, 60),
                      lead_in=5, warmup=Warmup(60))
    steps = build_plan(routine)
    record: SessionRecord = {"sets": [{"exercise": "Warm-up", "kind": "warmup", "set": 0},
                       {"exercise": "Plank", "kind": "hold", "set": 1}]}
    rest = resume_steps(steps, record, 5)
    assert [s.kind for s in rest] == [StepKind.GET_READY, StepKind.HOLD, StepKind.REST,
                                      StepKind.HOLD]
    assert rest[1].set_number == 2
    assert [s.index for s in rest] == [0, 1, 2, 3]
    assert resume_steps(steps, {"sets": []}, 5) == steps
    everything: SessionRecord = {"sets": [{"exercise": "Plank", "kind": "hold", "set": 3}]}
    assert resume_steps(steps, everything, 5) == ()


def test_step_ups_already_applied_are_found_from_progress(tmp_path: Path) -> None:
    """A routine already carrying a stored step-up gets its `was` text; an edited file does not."""
    accept([Suggestion("core.toml", "Plank", "hold", 30, 35)], when=datetime.now(UTC))
    progress, _ = load_progress()
    applied = Routine("R", (Exercise("Plank", hold=35),), source=Path("core.toml"))
    assert applied_changes(applied, progress) == {"Plank": (Change("hold", 30, 35),)}
    edited = Routine("R", (Exercise("Plank", hold=40),), source=Path("core.toml"))
    assert applied_changes(edited, progress) == {}
    assert applied_changes(applied, Progress()) == {}


def test_one_set_is_singular() -> None:
    """A one-set session reads `1 of 1 set done`."""
    record: SessionRecord = {"routine": "R", "status": "completed",
              "sets": [{"kind": "hold", "done": 30.0, "skipped": False}]}
    assert "1 of 1 set done" in texts.facts_text(texts.session_facts(record, 30.0, 1)).plain


def test_summary_facts_match_the_history_totals() -> None:
    """The summary counts as the history does: a set with nothing done is not done."""
    from backtimer.core.stats import session_totals

    record: SessionRecord = {"routine": "R", "status": "stopped", "planned_sets": 3,
              "sets": [{"kind": "hold", "done": 30.0, "skipped": False},
                       {"kind": "reps", "done": 0, "hold": 3, "skipped": False}]}
    facts = texts.session_facts(record, 60.0, 3)
    totals = session_totals(record)
    assert (facts.sets_done, facts.held) == (totals.sets_done, totals.held) == (1, 30.0)


def test_just_under_a_minute_left_reads_about_one_minute() -> None:
    """59.5 s left rounds up to 60 s, which reads `about 1 min`, not `about 60 s`."""
    session, clock = started(Exercise("Plank", hold=60))
    run_for(session, clock, 0.5)
    assert texts.overall_text(session).plain.endswith("about 1 min left")
    run_for(session, clock, 1)
    assert texts.overall_text(session).plain.endswith("about 59 s left")


def test_step_ups_show_in_the_detail_line() -> None:
    """More sets and a shorter rest are shown where they apply, with what they were."""
    changes = {"Plank": (Change("sets", 2, 3), Change("rest", Rest(60, 60), Rest(45, 45)))}
    session, clock = started(Exercise("Plank", sets=3, hold=30), rest=Rest(45, 45))
    assert "3 sets (was 2 sets)" in texts.detail_text(session, changes).plain
    session.done()
    assert "Rest 45 s (was 60 s)" in texts.detail_text(session, changes).plain


def test_alternating_set_says_alternate_sides_and_counts_each_side() -> None:
    """The title says "alternate sides" where a side would go; the target counts each side."""
    bug = Exercise("Dead bug", sets=2, reps=8, alternate=Alternate.PER_SIDE)
    session, _ = started(bug)
    assert texts.title_text(session).plain == "Dead bug  ·  set 1 of 2  ·  alternate sides"
    assert texts.detail_text(session, compact=True).plain == "Target 16 reps (8 each side)"
    assert texts.clock_value(session) == "16"


def test_cues_area_adds_the_easier_option_and_equipment_when_they_fit() -> None:
    """Two cues leave room for `Easier:` and `You need:`; a full area keeps only the cues."""
    roomy = Exercise("Side plank", hold=20, cues=("Elbow under shoulder", "Hips up"),
                     easier="bottom knee down", equipment=("mat",))
    session, _ = started(roomy)
    assert texts.cues_text(session).plain.split("\n") == [
        "• Elbow under shoulder", "• Hips up", "Easier: bottom knee down", "You need: mat"]
    assert texts.cues_text(session, room=3).plain.split("\n")[-1] == "Easier: bottom knee down"
    full = Exercise("Row", reps=8, cues=tuple(f"cue {n}" for n in range(6)),
                    easier="lighter", equipment=("dumbbell",))
    session, _ = started(full)
    assert "Easier" not in texts.cues_text(session).plain
    assert "You need" not in texts.cues_text(session).plain


def test_cues_before_a_set_name_it_and_what_it_needs() -> None:
    """During a rest the options of the coming set show under its name, markup kept literal."""
    first = Exercise("Plank", hold=10)
    swing = Exercise("Swing [b]", reps=6, equipment=("kettlebell [/]",))
    session, clock = started(first, swing)
    run_for(session, clock, 10.5)
    assert session.step.kind is StepKind.REST
    assert texts.cues_text(session).plain == "For Swing [b]:\nYou need: kettlebell [/]"
