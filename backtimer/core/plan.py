"""A routine turned into the ordered steps of a session (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from backtimer.core.records import SessionRecord
from backtimer.core.routine import DEFAULT_REP_GAP, Alternate, Exercise, Routine

REP_GAP = DEFAULT_REP_GAP  # seconds to relax between held reps, unless the routine says otherwise
REP_SECONDS = 4  # rough pace of one rep, for estimates only


class StepKind(StrEnum):
    WARMUP = "warmup"
    GET_READY = "get_ready"
    HOLD = "hold"
    REPS = "reps"
    GUIDED = "guided"  # reps, each held for `hold` seconds
    SWITCH = "switch"
    REST = "rest"

    @property
    def banner(self) -> str:
        return _BANNERS[self]

    @property
    def recorded(self) -> bool:
        """Steps that become a set in the history."""
        return self in (StepKind.WARMUP, StepKind.HOLD, StepKind.REPS, StepKind.GUIDED)

    @property
    def record_kind(self) -> str:
        return {StepKind.WARMUP: "warmup", StepKind.HOLD: "hold"}.get(self, "reps")


_BANNERS = {
    StepKind.WARMUP: "WARM-UP",
    StepKind.GET_READY: "GET READY",
    StepKind.HOLD: "HOLD",
    StepKind.REPS: "REPS",
    StepKind.GUIDED: "REPS",
    StepKind.SWITCH: "SWITCH SIDES",
    StepKind.REST: "REST",
}


@dataclass(frozen=True)
class Step:
    index: int
    kind: StepKind
    title: str  # the exercise name, or "Warm-up"
    exercise_index: int | None = None  # position in routine.exercises
    set_number: int = 0
    sets_total: int = 0
    side: str | None = None  # "left" / "right" for per-side sets
    duration: float | None = None  # None: a rep set, open until the person says done
    reps: int | None = None
    hold: int | None = None  # seconds per rep for guided reps
    weight: str | None = None
    cues: tuple[str, ...] = ()
    rest_min: int | None = None  # for a rest with a range: where most people are ready
    up_next: str = ""  # for rests, switches and lead-ins: what comes after
    alternate: Alternate | None = None  # sides take turns rep by rep; `reps` counts every move
    easier: str | None = None
    equipment: tuple[str, ...] = ()
    rep_gap: int = REP_GAP  # held reps: seconds to relax between two holds

    @property
    def sides_text(self) -> str:
        """`alternate sides`, or `alternate sides, 6 each side` when the file counts per side."""
        if self.alternate is None:
            return ""
        if self.alternate is Alternate.PER_SIDE and self.reps:
            return f"alternate sides, {self.reps // 2} each side"
        return "alternate sides"

    @property
    def label(self) -> str:
        """"Plank, set 2 of 3, left" — also what is announced."""
        parts = [self.title]
        if self.sets_total > 1:
            parts.append(f"set {self.set_number} of {self.sets_total}")
        if self.side:
            parts.append(self.side)
        return ", ".join(parts)

    @property
    def target(self) -> int:
        """What the history records as target: seconds, or reps."""
        if self.kind in (StepKind.REPS, StepKind.GUIDED):
            return self.reps or 0
        return round(self.duration or 0)

    @property
    def spoken(self) -> str:
        """Text announced when the step starts."""
        if self.kind is StepKind.REST:
            return f"Rest. Up next: {self.up_next}" if self.up_next else "Rest"
        if self.kind is StepKind.SWITCH:
            return f"Switch sides. {self.up_next}"
        if self.kind is StepKind.GET_READY:
            return f"Get ready: {self.up_next}"
        amount = ""
        if self.kind is StepKind.HOLD or self.kind is StepKind.WARMUP:
            amount = f"{round(self.duration or 0)} seconds"
        elif self.reps:
            amount = f"{self.reps} reps"
        if self.alternate is not None:
            amount += ", alternate sides"
        return f"{self.label}, {amount}" if amount else self.label


def guided_duration(reps: int, hold: int, gap: int = REP_GAP) -> float:
    return float(reps * hold + (reps - 1) * gap)


def build_plan(routine: Routine, *, first_lead_in: int | None = None) -> tuple[Step, ...]:
    """Warm-up, then each exercise's sets; rests between sets and exercises, none at the end.

    `first_lead_in`: the get-ready before the session's first set, when that set is timed
    (after the warm-up, if any), lasts this long (or the routine's lead_in, if that is
    longer): time to reach the mat.
    """
    raw: list[Step] = []
    if routine.warmup is not None:
        raw.append(
            Step(0, StepKind.WARMUP, "Warm-up", duration=float(routine.warmup.duration),
                 cues=routine.warmup.cues)
        )
    work: list[list[Step]] = []  # each set's steps, rests go between them
    for ex_index, exercise in enumerate(routine.exercises):
        for set_number in range(1, exercise.sets + 1):
            work.append(_set_steps(exercise, ex_index, set_number, routine.rep_gap))
    for i, set_steps in enumerate(work):
        if i > 0:
            previous = work[i - 1][0]
            rest = routine.rest_for(routine.exercises[previous.exercise_index or 0])
            if rest.max > 0:
                raw.append(
                    Step(0, StepKind.REST, "Rest", duration=float(rest.max),
                         rest_min=rest.min if rest.is_range else None)
                )
        raw.extend(set_steps)
    return _finish(raw, routine.lead_in, first_lead_in)


def _set_steps(exercise: Exercise, ex_index: int, set_number: int, rep_gap: int = REP_GAP
               ) -> list[Step]:
    kind = {"hold": StepKind.HOLD, "reps": StepKind.REPS, "guided": StepKind.GUIDED}[exercise.kind]
    gap = exercise.rep_gap if exercise.rep_gap is not None else rep_gap
    if kind is StepKind.HOLD:
        duration: float | None = float(exercise.hold or 0)
    elif kind is StepKind.GUIDED:
        duration = guided_duration(exercise.moves or 1, exercise.hold or 1, gap)
    else:
        duration = None
    sides: tuple[str | None, ...] = ("left", "right") if exercise.per_side else (None,)
    steps: list[Step] = []
    for side in sides:
        if side == "right" and exercise.switch > 0:
            steps.append(Step(0, StepKind.SWITCH, "Switch sides", duration=float(exercise.switch)))
        steps.append(
            Step(0, kind, exercise.name, exercise_index=ex_index, set_number=set_number,
                 sets_total=exercise.sets, side=side, duration=duration, reps=exercise.moves,
                 hold=exercise.hold if kind is StepKind.GUIDED else None,
                 weight=exercise.weight, cues=exercise.cues, alternate=exercise.alternate,
                 easier=exercise.easier, equipment=exercise.equipment, rep_gap=gap)
        )
    return steps


def _finish(raw: list[Step], lead_in: int, first_lead_in: int | None = None
            ) -> tuple[Step, ...]:
    """Insert lead-ins, number the steps and fill in what comes next."""
    from dataclasses import replace

    steps: list[Step] = []
    for step in raw:
        timed_work = step.kind in (StepKind.HOLD, StepKind.GUIDED)
        before = steps[-1].kind if steps else None
        wait = lead_in
        # The first set's get-ready, after a warm-up too: time to get down to the mat.
        first_work = all(s.kind is StepKind.WARMUP for s in steps)
        if first_work and first_lead_in is not None:
            wait = max(lead_in, first_lead_in)
        if timed_work and wait > 0 and before not in (StepKind.REST, StepKind.SWITCH):
            steps.append(Step(0, StepKind.GET_READY, "Get ready", duration=float(wait)))
        steps.append(step)
    numbered = [replace(s, index=i) for i, s in enumerate(steps)]
    result: list[Step] = []
    for i, step in enumerate(numbered):
        if step.kind in (StepKind.REST, StepKind.SWITCH, StepKind.GET_READY):
            following = next((s for s in numbered[i + 1:] if s.kind.recorded), None)
            if following is not None:
                step = replace(step, up_next=following.label)
        result.append(step)
    return tuple(result)


def step_estimate(step: Step) -> float:
    if step.duration is not None:
        return step.duration
    return float((step.reps or 10) * REP_SECONDS)


def estimate_seconds(steps: tuple[Step, ...] | list[Step]) -> float:
    """Rests counted at their maximum, rep sets at a steady pace."""
    return sum(step_estimate(s) for s in steps)


def recorded_count(steps: tuple[Step, ...] | list[Step]) -> int:
    return sum(1 for s in steps if s.kind.recorded)


def working_sets(steps: tuple[Step, ...] | list[Step]) -> int:
    """Sets a person counts: every recorded step but the warm-up (history's planned_sets)."""
    return sum(1 for s in steps if s.kind.recorded and s.kind is not StepKind.WARMUP)


def resume_steps(
    steps: tuple[Step, ...], record: SessionRecord, lead_in: int
) -> tuple[Step, ...]:
    """The plan from just after the last set an interrupted session recorded.

    A rest left at the front is dropped (the break was long enough); a hold that
    then comes first gets its get-ready lead-in. Nothing recorded: the whole plan.
    """
    done = {
        (s.get("exercise"), s.get("set"), s.get("side"), s.get("kind"))
        for s in record.get("sets", ()) if isinstance(s, Mapping)
    }
    last = -1
    for position, step in enumerate(steps):
        key = (step.title, step.set_number, step.side, step.kind.record_kind)
        if step.kind.recorded and key in done:
            last = position
    rest = list(steps[last + 1:])
    while rest and rest[0].kind is StepKind.REST:
        rest.pop(0)
    if not rest:
        return ()
    first = rest[0]
    if first.kind in (StepKind.HOLD, StepKind.GUIDED) and lead_in > 0:
        rest.insert(0, Step(0, StepKind.GET_READY, "Get ready", duration=float(lead_in),
                            up_next=first.label))
    return tuple(replace(step, index=i) for i, step in enumerate(rest))
