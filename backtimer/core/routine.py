"""The routine model: immutable, typed, and free of TOML.

The records are NamedTuples rather than frozen dataclasses: they are built at every
start of the app, where Python 3.11 takes about a millisecond for each frozen dataclass
(more with many fields) and a tenth of that for a NamedTuple. Change one with
`_replace`.

`backtimer.core.routine_check` builds these from a file's TOML; everything else (plan,
session, screens) reads only these classes.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

DEFAULT_REST = (60, 90)
DEFAULT_LEAD_IN = 5
DEFAULT_SWITCH = 5
DEFAULT_REP_GAP = 3  # seconds to relax between held reps


_BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def weight_problem(text: str) -> str | None:
    """The routine format's weight rule, for files and for the weight typed mid-session.

    A weight is text with its unit (`8kg`, `2 × 12kg`, `blue band`): a bare number is
    ambiguous (kg? lb? per hand?), so it is refused with how to write it instead.
    """
    value = text.strip()
    if _BARE_NUMBER.fullmatch(value):
        return f'write the unit too, e.g. "{value}kg" or "{value}lb"'
    return None


class Rest(NamedTuple):
    """Rest between sets: a fixed length, or a range counted to `max` with `min` marked."""

    min: int
    max: int

    @property
    def is_range(self) -> bool:
        return self.min != self.max


class Warmup(NamedTuple):
    duration: int
    cues: tuple[str, ...] = ()


class Alternate(StrEnum):
    """How an alternating exercise's `reps` are counted (dead bug, bird-dog)."""

    TOTAL = "total"  # reps = every move, both sides together
    PER_SIDE = "per side"  # reps = moves on each side: the set has twice as many


class Exercise(NamedTuple):
    name: str
    sets: int = 1
    hold: int | None = None  # seconds; with reps, each rep is held this long
    reps: int | None = None
    per_side: bool = False
    switch: int = DEFAULT_SWITCH  # seconds to change sides; 0 = no pause
    weight: str | None = None
    rest: Rest | None = None  # overrides the routine's rest
    cues: tuple[str, ...] = ()
    alternate: Alternate | None = None  # sides alternate rep by rep: one set, no switch
    easier: str | None = None  # a lighter option: "bottom knee down"
    equipment: tuple[str, ...] = ()  # what the exercise needs: "kettlebell 12-16 kg"
    rep_gap: int | None = None  # held reps: overrides the routine's rep_gap

    @property
    def moves(self) -> int | None:
        """Reps in one set as the timer counts them: both sides for `alternate = "per side"`."""
        if self.reps is None:
            return None
        return self.reps * 2 if self.alternate is Alternate.PER_SIDE else self.reps

    @property
    def kind(self) -> str:
        """"hold", "reps" or "guided" (reps, each held for `hold` seconds)."""
        if self.hold is not None and self.reps is not None:
            return "guided"
        return "hold" if self.hold is not None else "reps"


class Routine(NamedTuple):
    name: str
    exercises: tuple[Exercise, ...]
    description: str = ""
    rest: Rest = Rest(*DEFAULT_REST)
    lead_in: int = DEFAULT_LEAD_IN
    warmup: Warmup | None = None
    program: str | None = None
    week: int | None = None
    weekly_target: int | None = None  # sessions a week that complete a programme week
    gentle: bool = False  # a rest-day routine: never counted toward the week, never a step
    rep_gap: int = DEFAULT_REP_GAP  # held reps: seconds to relax between two holds
    source: Path | None = None  # the file it came from

    @property
    def file_name(self) -> str:
        return self.source.name if self.source else ""

    @property
    def slug(self) -> str:
        """The name a person types: the file stem."""
        return self.source.stem if self.source else self.name

    def rest_for(self, exercise: Exercise) -> Rest:
        return exercise.rest if exercise.rest is not None else self.rest

    @property
    def equipment(self) -> tuple[str, ...]:
        """Everything the exercises need, each item once, in the order first named."""
        return tuple(dict.fromkeys(item for e in self.exercises for item in e.equipment))
