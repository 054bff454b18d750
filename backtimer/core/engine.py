"""The live session: which step is on, how long is left, and what was done.

Every countdown is `deadline - clock.now()`. When a step runs out, the next
deadline is chained from the old one, not from "now", so the small delay of
each phase change never adds up over a session. The UI calls `tick()` to
repaint and at each `next_wakeup()`; events tell it what to ring, show,
journal and save.
"""

from __future__ import annotations

import math
import os
from datetime import datetime
from enum import StrEnum
from typing import NamedTuple

from backtimer.core.clock import Clock
from backtimer.core.plan import Step, StepKind, build_plan, step_estimate, working_sets
from backtimer.core.records import SessionRecord, SetRecord
from backtimer.core.routine import Routine

LATE_LIMIT = 2.0  # a tick later than this means the machine slept or froze
HALFWAY_MIN = 20  # holds this long get a bell at half time
COUNTDOWN_BELLS = (3.0, 2.0, 1.0)
MAX_REPS = 999


class State(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


class Status(StrEnum):
    COMPLETED = "completed"
    STOPPED = "stopped"
    PAIN = "pain"
    INTERRUPTED = "interrupted"


class Ending(StrEnum):
    """How a step ended."""

    TIME = "time"  # its time ran out
    DONE = "done"  # enter: done now
    SKIP = "skip"  # n: moved on, kept as skipped
    BACK = "back"  # b: left to do the step before again
    STOP = "stop"  # the session was stopped during it


class BellReason(StrEnum):
    START = "start"
    HALFWAY = "halfway"
    COUNTDOWN = "countdown"
    REP = "rep"  # a held rep's hold begins
    LOWER = "lower"  # a held rep's relax begins


# Events: what happened, for the UI to ring, flash, announce, journal and save.
# NamedTuples rather than frozen dataclasses: built at every start (see core/routine.py).
class StepStarted(NamedTuple):
    step: Step


class StepEnded(NamedTuple):
    step: Step
    how: Ending
    record: SetRecord | None  # the set written to the history, if any


class Bell(NamedTuple):
    reason: BellReason


class AutoPaused(NamedTuple):
    gap: float  # seconds the clock went missing


class Finished(NamedTuple):
    status: Status


class RepsSet(NamedTuple):
    step: Step
    reps: int  # what the set will be recorded with


class WeightSet(NamedTuple):
    step: Step  # the set the weight is for (the coming one during a rest)
    weight: str | None  # None: no weight


# Every action that changes the session returns the events it caused (often none);
# everything else is a query.
Event = StepStarted | StepEnded | Bell | AutoPaused | Finished | RepsSet | WeightSet


class _StepState:
    __slots__ = ("step", "start", "duration", "bells")

    def __init__(self, step: Step, start: float, duration: float | None) -> None:
        self.step = step
        self.start = start  # monotonic, shifted forward by pauses
        self.duration = duration  # may change with +/- on a rest
        self.bells: set[float] = set()  # the bells rung, by seconds left

    @property
    def deadline(self) -> float | None:
        return None if self.duration is None else self.start + self.duration


class Session:
    """One run of a routine, driven by an injected clock."""

    def __init__(
        self,
        routine: Routine,
        clock: Clock,
        *,
        steps: tuple[Step, ...] | None = None,
        session_id: str | None = None,
        rest_step: int = 15,
        resumed: SessionRecord | None = None,
        planned_sets: int | None = None,
    ) -> None:
        self.routine = routine
        # The session this one picks up (its record), and the whole plan's set count:
        # a pick-up is saved as the rest of that workout, never as a workout of its own.
        self.resumed = resumed
        self._planned_sets = planned_sets
        self.clock = clock
        self.steps = steps if steps is not None else build_plan(routine)
        if not self.steps:
            raise ValueError("a session needs at least one step")
        self.rest_step = rest_step
        self.started_wall: datetime = clock.wall()
        self.ended_wall: datetime | None = None
        # os.urandom, not `secrets`: that module loads the OpenSSL hash library at start-up.
        self.id = session_id or f"{self.started_wall:%Y%m%dT%H%M%S}-{os.urandom(2).hex()}"
        self.state = State.READY
        self.status: Status | None = None
        self.index = 0
        self.records: dict[int, SetRecord] = {}
        self.weights: dict[int, str] = {
            i: ex.weight for i, ex in enumerate(routine.exercises) if ex.weight
        }
        self._reps: dict[int, int] = {}  # rep count to record, per step
        self._current = _StepState(self.steps[0], 0.0, self.steps[0].duration)
        self._session_start = 0.0
        self._paused_total = 0.0
        self._paused_at: float | None = None
        self._last_tick = 0.0
        self.auto_paused_gap: float | None = None

    # ---- reading state -------------------------------------------------
    @property
    def step(self) -> Step:
        return self._current.step

    @property
    def running(self) -> bool:
        return self.state is State.RUNNING

    @property
    def paused(self) -> bool:
        return self.state is State.PAUSED

    @property
    def finished(self) -> bool:
        return self.state is State.FINISHED

    def _at(self) -> float:
        """The instant the session's time stands at: frozen while paused."""
        return self._paused_at if self._paused_at is not None else self.clock.now()

    @property
    def step_duration(self) -> float | None:
        return self._current.duration

    def remaining(self) -> float | None:
        """Seconds left in a timed step; None for a rep set."""
        deadline = self._current.deadline
        return None if deadline is None else max(0.0, deadline - self._at())

    def step_elapsed(self) -> float:
        return max(0.0, self._at() - self._current.start)

    def session_elapsed(self) -> float:
        """Active time since the start, pauses left out."""
        if self.state is State.READY:
            return 0.0
        return max(0.0, self._at() - self._session_start - self._paused_total)

    def estimated_left(self) -> float:
        left = self.remaining()
        current = left if left is not None else max(
            0.0, step_estimate(self.step) - self.step_elapsed()
        )
        return current + sum(step_estimate(s) for s in self.steps[self.index + 1:])

    def guided_position(self) -> tuple[int, bool, float]:
        """For held reps: (rep number, holding?, seconds left in this hold or gap)."""
        step = self.step
        hold = float(step.hold or 1)
        cycle = hold + step.rep_gap
        elapsed = min(self.step_elapsed(), (step.duration or 0) - 1e-9)
        rep = int(elapsed // cycle) + 1
        within = elapsed - (rep - 1) * cycle
        if within < hold:
            return rep, True, hold - within
        return rep, False, cycle - within

    def reps_to_record(self) -> int:
        step = self.step
        if step.kind is StepKind.GUIDED and self.remaining():
            return self._guided_done()
        return self._reps.get(step.index, step.reps or 0)

    def weight_for(self, step: Step) -> str | None:
        if step.exercise_index is None:
            return None
        return self.weights.get(step.exercise_index)

    def weight_step(self) -> Step | None:
        """The exercise a weight edit applies to: this one, or the one coming up.

        None during the warm-up: no weight is used in it, and an edit there would
        quietly change an exercise that has not begun.
        """
        if self.step.kind is StepKind.WARMUP:
            return None
        if self.step.exercise_index is not None:
            return self.step
        return next((s for s in self.steps[self.index + 1:] if s.exercise_index is not None), None)

    def next_step(self) -> Step | None:
        return self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None

    def next_wakeup(self) -> float | None:
        """The next instant something happens: a bell or the end of the step."""
        deadline = self._current.deadline
        if self.state is not State.RUNNING or deadline is None:
            return None
        now = self.clock.now()
        times = [deadline - t for t in self._bell_marks() if deadline - t > now]
        times.append(deadline)
        return min(times)

    # ---- driving ---------------------------------------------------------
    def start(self) -> list[Event]:
        if self.state is not State.READY:
            return []
        now = self.clock.now()
        self.started_wall = self.clock.wall()
        self._session_start = now
        self._last_tick = now
        self.state = State.RUNNING
        return self._begin(0, now)

    def tick(self) -> list[Event]:
        """Bring the session up to now: bells, phase changes, and sleep detection."""
        if self.state is not State.RUNNING:
            return []
        now = self.clock.now()
        if now - self._last_tick > LATE_LIMIT:
            gap = now - self._last_tick
            self._pause_at(self._last_tick)
            self.auto_paused_gap = gap
            return [AutoPaused(gap)]
        self._last_tick = now
        events: list[Event] = []
        while self.state is State.RUNNING:
            current = self._current
            deadline = current.deadline
            for mark, reason in self._bell_marks().items():
                if deadline is not None and mark not in current.bells and deadline - mark <= now:
                    current.bells.add(mark)
                    if deadline - mark > current.start:
                        events.append(Bell(reason))
            if deadline is None or now < deadline:
                break
            events += self._end(Ending.TIME, deadline)
        return events

    def toggle_pause(self) -> list[Event]:
        if self.state is State.RUNNING:
            self._pause_at(self.clock.now())
        elif self.state is State.PAUSED:
            self.resume()
        return []

    def resume(self) -> list[Event]:
        if self.state is not State.PAUSED or self._paused_at is None:
            return []
        now = self.clock.now()
        gap = now - self._paused_at
        self._current.start += gap
        self._paused_total += gap
        self._paused_at = None
        self._last_tick = now
        self.auto_paused_gap = None
        self.state = State.RUNNING
        return []

    def done(self) -> list[Event]:
        """Enter: a rep set is done, a hold ends early, a rest ends now."""
        if self.state is State.PAUSED:
            self.resume()
        if self.state is not State.RUNNING:
            return []
        return self._end(Ending.DONE, self.clock.now())

    def skip(self) -> list[Event]:
        """n: move on, keeping the set as skipped. While paused the next step waits paused."""
        was_paused = self._unpause_to_move()
        if self.state is not State.RUNNING:
            return []
        return self._stay_paused(self._end(Ending.SKIP, self.clock.now()), was_paused)

    def back(self) -> list[Event]:
        """Go to the previous step and do it again; its old record is dropped.

        While paused the step goes back paused, at its full length.
        """
        was_paused = self._unpause_to_move()
        if self.state is not State.RUNNING:
            return []
        target = max(0, self.index - 1)
        for i in (target, self.index):
            self.records.pop(i, None)
        events: list[Event] = [StepEnded(self.step, Ending.BACK, None)]
        return self._stay_paused(events + self._begin(target, self.clock.now()), was_paused)

    def adjust_rest(self, direction: int) -> list[Event]:
        """+/-: change the current rest by the rest step; a rest cut to nothing ends."""
        if self.step.kind is not StepKind.REST or self._current.duration is None:
            return []
        if self.state not in (State.RUNNING, State.PAUSED):
            return []
        self._current.duration = max(0.0, self._current.duration + direction * self.rest_step)
        self._current.bells = {m for m in self._current.bells if m >= (self.remaining() or 0)}
        if self.remaining() == 0 and self.state is State.RUNNING:
            return self._end(Ending.DONE, self.clock.now())
        return []

    def adjust_reps(self, delta: int) -> list[Event]:
        step = self.step
        if step.kind is not StepKind.REPS:
            return []
        count = min(MAX_REPS, max(0, self.reps_to_record() + delta))
        self._reps[step.index] = count
        return [RepsSet(step, count)]

    def set_weight(self, text: str) -> list[Event]:
        step = self.weight_step()
        if step is None or step.exercise_index is None:
            return []
        cleaned = " ".join(text.split())
        if cleaned:
            self.weights[step.exercise_index] = cleaned
        else:
            self.weights.pop(step.exercise_index, None)
        return [WeightSet(step, cleaned or None)]

    def stop(self, status: Status) -> list[Event]:
        """End early as `stopped` or `pain`, keeping what was done so far."""
        if self.state is State.FINISHED:
            return []
        now = self._at()
        events: list[Event] = []
        record = self._set_under_way()
        if record is not None:
            self.records[self.step.index] = record
            events.append(StepEnded(self.step, Ending.STOP, record))
        return events + self._finish(status, now)

    def record_if_stopped(self, status: Status = Status.STOPPED) -> SessionRecord:
        """The record `stop()` would save now, the set under way included (changes nothing)."""
        record = self.to_record(status)
        under_way = self._set_under_way()
        if under_way is not None and not self.finished:
            records = {**self.records, self.step.index: under_way}
            record["sets"] = [records[i] for i in sorted(records)]
        return record

    # ---- the record ------------------------------------------------------
    def to_record(self, status: Status | None = None) -> SessionRecord:
        """The session as the history stores it (no None values: TOML has none)."""
        status = status or self.status or Status.INTERRUPTED
        ended = self.ended_wall or self.clock.wall()
        record: SessionRecord = {
            "id": self.id,
            "routine": self.routine.name,
            "routine_file": self.routine.file_name,
            # whole seconds: what a person reads in the file, and what the history shows
            "started": self.started_wall.replace(microsecond=0),
            "ended": ended.replace(microsecond=0),
            "status": str(status),
            "planned_sets": (
                self._planned_sets if self._planned_sets is not None else working_sets(self.steps)
            ),
            # Whole seconds on the clock, pauses left out, as the session showed it.
            "active_seconds": math.floor(self.session_elapsed()),
        }
        if self.routine.source is not None:
            # The full path, so a session run from anywhere can be found again.
            record["routine_path"] = os.path.abspath(self.routine.source)
        resumed_from = self.resumed.get("id") if self.resumed is not None else None
        if isinstance(resumed_from, str) and resumed_from:
            record["resumed_from"] = resumed_from
        if self.routine.gentle:  # a rest-day session: never counted toward the week
            record["gentle"] = True
        record["sets"] = [self.records[i] for i in sorted(self.records)]
        return record

    # ---- internals -------------------------------------------------------
    def _set_under_way(self) -> SetRecord | None:
        """The timed set in progress as a stop would keep it: only once held 1 s or more."""
        step = self.step
        held = self.step_elapsed()
        if self.state in (State.RUNNING, State.PAUSED) and step.kind.recorded and (
            step.duration is not None and held >= 1.0
        ):
            return self._record(step, done=self._done_value(step, held), skipped=False)
        return None

    def _unpause_to_move(self) -> bool:
        """Resume for a move between steps; True if the session was paused (and goes back)."""
        if self.state is not State.PAUSED:
            return False
        self.resume()
        return True

    def _stay_paused(self, events: list[Event], was_paused: bool) -> list[Event]:
        """A step reached by n or b while paused starts paused: full length, clock still."""
        if was_paused and self.state is State.RUNNING:
            self._pause_at(self.clock.now())
        return events

    def _bell_marks(self) -> dict[float, BellReason]:
        """Seconds before the deadline at which a bell rings, and why."""
        step = self.step
        duration = self._current.duration
        if duration is None or step.kind not in (StepKind.HOLD, StepKind.REST, StepKind.GUIDED):
            return {}
        marks: dict[float, BellReason] = {}
        if step.kind is StepKind.GUIDED:
            # Each rep's hold after the first starts with a bell (the first is the step's own),
            # and each relax between two holds ("lower") has its own.
            hold = float(step.hold or 1)
            cycle = hold + step.rep_gap
            for rep in range(1, step.reps or 0):
                if step.rep_gap > 0:
                    marks[duration - (rep - 1) * cycle - hold] = BellReason.LOWER
                marks[duration - rep * cycle] = BellReason.REP
        if step.kind is StepKind.HOLD and duration >= HALFWAY_MIN:
            marks[duration / 2] = BellReason.HALFWAY
        for mark in COUNTDOWN_BELLS:  # a held rep's start on the same second wins
            marks.setdefault(mark, BellReason.COUNTDOWN)
        return marks

    def _pause_at(self, at: float) -> None:
        self._paused_at = at
        self.state = State.PAUSED

    def _guided_done(self) -> int:
        step = self.step
        cycle = float((step.hold or 1) + step.rep_gap)
        # a rep counts once its hold is through, even if the gap after it is cut short
        return min(step.reps or 0, int((self.step_elapsed() + step.rep_gap) // cycle))

    def _done_value(self, step: Step, held: float) -> float | int:
        if step.kind in (StepKind.REPS, StepKind.GUIDED):
            return self.reps_to_record()
        return round(min(held, self._current.duration or held), 1)

    def _record(self, step: Step, *, done: float | int, skipped: bool) -> SetRecord:
        record: SetRecord = {
            "exercise": step.title,
            "kind": step.kind.record_kind,
            "set": step.set_number,
        }
        if step.side:
            record["side"] = step.side
        record["target"] = step.target
        record["done"] = done
        weight = self.weight_for(step)
        if weight:
            record["weight"] = weight
        if step.kind is StepKind.GUIDED and step.hold:
            record["hold"] = step.hold
        record["skipped"] = skipped
        return record

    def _end(self, how: Ending, at: float) -> list[Event]:
        step = self.step
        record: SetRecord | None = None
        if step.kind.recorded:
            if how is Ending.TIME:
                done: float | int = (
                    step.reps or 0 if step.kind is StepKind.GUIDED
                    else round(self._current.duration or 0, 1)
                )
                record = self._record(step, done=done, skipped=False)
            elif how is Ending.SKIP:
                held = self.step_elapsed() if step.duration is not None else 0.0
                value: float | int = 0 if step.kind in (StepKind.REPS, StepKind.GUIDED) else round(
                    held, 1
                )
                if step.kind is StepKind.GUIDED:
                    value = self._guided_done()
                record = self._record(step, done=value, skipped=True)
            else:
                record = self._record(
                    step, done=self._done_value(step, self.step_elapsed()), skipped=False
                )
            self.records[step.index] = record
        events: list[Event] = [StepEnded(step, how, record)]
        if self.index + 1 >= len(self.steps):
            return events + self._finish(Status.COMPLETED, at)
        return events + self._begin(self.index + 1, at)

    def _begin(self, index: int, at: float) -> list[Event]:
        self.index = index
        step = self.steps[index]
        self._current = _StepState(step, at, step.duration)
        return [StepStarted(step), Bell(BellReason.START)]

    def _finish(self, status: Status, at: float) -> list[Event]:
        if self._paused_at is not None:
            self._paused_total += max(0.0, self.clock.now() - self._paused_at)
        self._paused_at = at if status is Status.COMPLETED else self.clock.now()
        self.state = State.FINISHED
        self.status = status
        self.ended_wall = self.clock.wall()
        return [Finished(status)]
