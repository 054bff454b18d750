"""The plan: a routine becomes the ordered steps a person follows."""

from __future__ import annotations

from backtimer.core.plan import REP_GAP, StepKind, build_plan, estimate_seconds, recorded_count
from backtimer.core.routine import Alternate, Exercise, Rest, Routine, Warmup


def kinds(routine: Routine) -> list[str]:
    return [s.kind.value for s in build_plan(routine)]


def test_warmup_comes_first_then_a_lead_in_before_the_first_hold() -> None:
    """A warm-up opens the session and a get-ready precedes the first hold."""
    routine = Routine("R", (Exercise("Plank", hold=30),), warmup=Warmup(300))
    assert kinds(routine) == ["warmup", "get_ready", "hold"]


def test_rests_go_between_sets_and_exercises_never_at_the_end() -> None:
    """Rests separate every set and exercise, and the session ends on work."""
    routine = Routine("R", (Exercise("Plank", sets=2, hold=30), Exercise("Bridge", reps=12)))
    assert kinds(routine) == ["get_ready", "hold", "rest", "hold", "rest", "reps"]


def test_no_lead_in_after_a_rest_or_when_turned_off() -> None:
    """A hold that follows a rest needs no get-ready; lead_in = 0 removes them all."""
    routine = Routine("R", (Exercise("Plank", sets=2, hold=30),), lead_in=0)
    assert kinds(routine) == ["hold", "rest", "hold"]


def test_rep_sets_have_no_lead_in() -> None:
    """An open rep set starts when the person is ready, so it needs no get-ready."""
    routine = Routine("R", (Exercise("Bridge", reps=12),))
    assert kinds(routine) == ["reps"]


def test_per_side_sets_become_left_and_right_with_a_switch() -> None:
    """Per-side sets are done left then right with a switch pause between."""
    routine = Routine("R", (Exercise("Side plank", sets=1, hold=20, per_side=True, switch=5),))
    steps = build_plan(routine)
    assert [(s.kind.value, s.side) for s in steps] == [
        ("get_ready", None), ("hold", "left"), ("switch", None), ("hold", "right"),
    ]
    assert steps[2].duration == 5
    assert steps[2].kind.banner == "SWITCH SIDES"


def test_switch_zero_means_no_pause() -> None:
    """switch = 0 goes straight from left to right."""
    routine = Routine("R", (Exercise("Dead bug", reps=8, per_side=True, switch=0),))
    assert kinds(routine) == ["reps", "reps"]


def test_guided_reps_last_reps_times_hold_plus_gaps() -> None:
    """Reps that are each held count every hold with a 2 s gap between reps."""
    routine = Routine("R", (Exercise("Bird-dog", reps=5, hold=3),), lead_in=0)
    (step,) = build_plan(routine)
    assert step.kind is StepKind.GUIDED
    assert step.duration == 5 * 3 + 4 * REP_GAP
    assert step.kind.banner == "REPS"


def test_rest_range_counts_to_max_and_marks_min() -> None:
    """A [60, 90] rest runs 90 s and remembers 60 s as the ready point."""
    routine = Routine("R", (Exercise("Rows", sets=2, reps=10),), rest=Rest(60, 90))
    rest = build_plan(routine)[1]
    assert (rest.duration, rest.rest_min) == (90, 60)


def test_exercise_rest_overrides_routine_rest() -> None:
    """An exercise's own rest replaces the routine's after its sets."""
    routine = Routine("R", (Exercise("Plank", sets=2, hold=30, rest=Rest(45, 45)),), lead_in=0)
    rest = build_plan(routine)[1]
    assert (rest.duration, rest.rest_min) == (45, None)


def test_rests_announce_what_comes_next() -> None:
    """A rest knows the next set: 'Plank, set 2 of 3'."""
    routine = Routine("R", (Exercise("Plank", sets=3, hold=30),), lead_in=0)
    assert build_plan(routine)[1].up_next == "Plank, set 2 of 3"


def test_steps_are_numbered_and_carry_what_the_history_needs() -> None:
    """Each step knows its index, set number, target and weight."""
    routine = Routine("R", (Exercise("Rows", sets=2, reps=10, weight="12kg"),))
    steps = build_plan(routine)
    assert [s.index for s in steps] == list(range(len(steps)))
    assert (steps[2].set_number, steps[2].sets_total, steps[2].target) == (2, 2, 10)
    assert steps[2].weight == "12kg"
    assert recorded_count(steps) == 2


def test_estimate_counts_rests_at_max_and_reps_at_a_pace() -> None:
    """The estimate adds timed steps, rests at their max, and reps at 4 s each."""
    routine = Routine("R", (Exercise("Plank", hold=30), Exercise("Bridge", reps=10)))
    assert estimate_seconds(build_plan(routine)) == 5 + 30 + 90 + 40


def test_spoken_text_names_the_set_and_amount() -> None:
    """What is announced names the exercise, the set and how long."""
    routine = Routine("R", (Exercise("Plank", sets=3, hold=30),), lead_in=0)
    assert build_plan(routine)[0].spoken == "Plank, set 1 of 3, 30 seconds"


def test_alternating_reps_are_one_set_with_no_switch_pause() -> None:
    """alternate = true: each set is one step with no side and no switch before or after."""
    bug = Exercise("Dead bug", sets=2, reps=8, alternate=Alternate.TOTAL)
    steps = build_plan(Routine("R", (bug,)))
    assert [s.kind for s in steps] == [StepKind.REPS, StepKind.REST, StepKind.REPS]
    assert all(s.side is None for s in steps)
    assert [s.reps for s in steps if s.kind is StepKind.REPS] == [8, 8]
    assert steps[0].sides_text == "alternate sides"


def test_alternating_per_side_counts_both_sides_in_one_set() -> None:
    """alternate = "per side": 8 a side is one set of 16 moves, held reps timed for all 16."""
    bug = Exercise("Dead bug", reps=8, alternate=Alternate.PER_SIDE)
    (step,) = build_plan(Routine("R", (bug,), lead_in=0))
    assert step.reps == 16 and step.target == 16
    assert step.sides_text == "alternate sides, 8 each side"
    dog = Exercise("Bird-dog", reps=6, hold=3, alternate=Alternate.PER_SIDE)
    (guided,) = build_plan(Routine("R", (dog,), lead_in=0))
    assert guided.kind is StepKind.GUIDED and guided.reps == 12
    assert guided.duration == 12 * 3 + 11 * REP_GAP


def test_alternating_estimate_matches_the_same_work_per_side() -> None:
    """Alternating 8 a side takes as long as 8 a side done per side, minus the switch."""
    per_side = Routine("R", (Exercise("Bug", reps=8, per_side=True, switch=5),))
    alternating = Routine("R", (Exercise("Bug", reps=8, alternate=Alternate.PER_SIDE),))
    assert estimate_seconds(build_plan(alternating)) == estimate_seconds(build_plan(per_side)) - 5


def test_alternating_step_says_so_aloud_and_carries_options() -> None:
    """The spoken text says "alternate sides"; easier and equipment ride on the step."""
    bug = Exercise("Dead bug", reps=10, alternate=Alternate.TOTAL, easier="smaller range",
                   equipment=("mat",))
    (step,) = build_plan(Routine("R", (bug,)))
    assert step.spoken == "Dead bug, 10 reps, alternate sides"
    assert step.easier == "smaller range" and step.equipment == ("mat",)


def test_the_first_timed_set_gets_the_longer_first_lead_in() -> None:
    """first_lead_in is the first get-ready's length; later ones keep the routine's lead_in."""
    r = Routine("R", (Exercise("Plank", sets=2, hold=30),), lead_in=5, rest=Rest(0, 0))
    steps = build_plan(r, first_lead_in=10)
    ready = [s.duration for s in steps if s.kind is StepKind.GET_READY]
    assert ready == [10, 5]
    assert steps[0].kind is StepKind.GET_READY
    assert [s.duration for s in build_plan(r) if s.kind is StepKind.GET_READY] == [5, 5]


def test_first_lead_in_follows_the_warm_up() -> None:
    """After a warm-up the first set's get-ready is first_lead_in long, time to reach the mat."""
    r = Routine("R", (Exercise("Plank", sets=2, hold=30),), lead_in=5, rest=Rest(0, 0),
                warmup=Warmup(duration=300))
    kinds = [(s.kind, s.duration) for s in build_plan(r, first_lead_in=10)]
    assert kinds[:3] == [(StepKind.WARMUP, 300), (StepKind.GET_READY, 10), (StepKind.HOLD, 30)]
    assert kinds[3] == (StepKind.GET_READY, 5)


def test_first_lead_in_applies_even_without_a_routine_lead_in() -> None:
    """A routine with lead_in = 0 still gives time to reach the mat before its first set."""
    r = Routine("R", (Exercise("Plank", sets=2, hold=30),), lead_in=0, rest=Rest(0, 0))
    kinds = [(s.kind, s.duration) for s in build_plan(r, first_lead_in=10)]
    assert kinds == [(StepKind.GET_READY, 10), (StepKind.HOLD, 30), (StepKind.HOLD, 30)]
    assert build_plan(r, first_lead_in=0)[0].kind is StepKind.HOLD


def test_rep_gap_sets_the_length_of_held_reps() -> None:
    """A held rep set lasts reps x hold plus a rep_gap between reps (the exercise's wins)."""
    r = Routine("R", (Exercise("Bridge", reps=4, hold=5, rep_gap=6),
                      Exercise("Bird-dog", reps=4, hold=5)), rep_gap=1, lead_in=0)
    bridge, bird = [s for s in build_plan(r) if s.kind is StepKind.GUIDED]
    assert (bridge.duration, bridge.rep_gap) == (4 * 5 + 3 * 6, 6)
    assert (bird.duration, bird.rep_gap) == (4 * 5 + 3 * 1, 1)
