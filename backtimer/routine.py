"""The routine model: immutable, typed, and free of TOML.

`backtimer.loader` builds these from files; everything else (plan, session,
screens) reads only these classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_REST = (60, 90)
DEFAULT_LEAD_IN = 5
DEFAULT_SWITCH = 5
DEFAULT_REP_GAP = 3  # seconds to relax between held reps


@dataclass(frozen=True)
class Rest:
    """Rest between sets: a fixed length, or a range counted to `max` with `min` marked."""

    min: int
    max: int

    @property
    def is_range(self) -> bool:
        return self.min != self.max


@dataclass(frozen=True)
class Warmup:
    duration: int
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exercise:
    name: str
    sets: int = 1
    hold: int | None = None  # seconds; with reps, each rep is held this long
    reps: int | None = None
    per_side: bool = False
    switch: int = DEFAULT_SWITCH  # seconds to change sides; 0 = no pause
    weight: str | None = None
    rest: Rest | None = None  # overrides the routine's rest
    cues: tuple[str, ...] = ()
    rep_gap: int | None = None  # held reps: overrides the routine's rep_gap

    @property
    def kind(self) -> str:
        """"hold", "reps" or "guided" (reps, each held for `hold` seconds)."""
        if self.hold is not None and self.reps is not None:
            return "guided"
        return "hold" if self.hold is not None else "reps"


@dataclass(frozen=True)
class Routine:
    name: str
    exercises: tuple[Exercise, ...]
    description: str = ""
    rest: Rest = field(default_factory=lambda: Rest(*DEFAULT_REST))
    lead_in: int = DEFAULT_LEAD_IN
    warmup: Warmup | None = None
    program: str | None = None
    week: int | None = None
    weekly_target: int | None = None  # sessions a week that complete a programme week
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
