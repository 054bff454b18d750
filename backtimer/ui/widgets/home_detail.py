"""The selected routine on the home screen: its exercises, with step-ups marked.

Everything shown comes from files, so it is built as rich Text (never markup).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import Static

from backtimer.core.durations import format_duration
from backtimer.core.errors import shown_name
from backtimer.core.plan import build_plan, estimate_seconds
from backtimer.core.progress import Change, describe_value
from backtimer.core.routine import Alternate, Exercise, Rest, Routine

GENTLE_NOTE = ("A gentle routine for rest days and for coming back after pain: "
               "it does not count toward your weekly target.")


def estimate_text(routine: Routine) -> str:
    """`~25 min`: rests at their longest, reps at a steady pace, rounded to minutes."""
    seconds = estimate_seconds(build_plan(routine))
    return f"~{max(1, round(seconds / 60))} min"


def rest_text(rest: Rest) -> str:
    return describe_value("rest", rest) if rest.max else "no rest"


def exercise_line(
    exercise: Exercise, rest: Rest, changes: Sequence[Change] = (), show_rest: bool = False
) -> Text:
    """`Plank  2 × 35 s (was 30 s)`, `Rows  3 × 10 reps each side, 12kg`."""
    amount = f"{exercise.hold} s" if exercise.kind == "hold" else f"{exercise.reps} reps"
    if exercise.per_side or exercise.alternate is Alternate.PER_SIDE:
        amount += " each side"
    if exercise.alternate is not None:
        amount += ", alternate sides"
    if exercise.kind == "guided":
        amount += f", each held {exercise.hold} s"
    sets = f"{exercise.sets} × " if exercise.sets > 1 else ""
    line = Text.assemble((exercise.name, "bold"))
    line.append(f"  {sets}{amount}")
    if exercise.weight:
        line.append(", ")
        line.append(exercise.weight)
    rest_changed = any(c.lever == "rest" for c in changes)
    if show_rest or rest_changed:
        line.append(f", rest {rest_text(rest)}")
    if changes:
        was = ", ".join(describe_value(c.lever, c.old) for c in changes)
        line.append(f" (was {was})", style="italic")
    if exercise.easier:
        line.append("\n  Easier: ", style="dim")
        line.append(exercise.easier, style="dim italic")
    return line


def equipment_text(routine: Routine) -> Text:
    """`You need: mat, kettlebell 12-16 kg`; empty when the file names nothing."""
    items = routine.equipment
    if not items:
        return Text("")
    return Text.assemble(("You need: ", "bold"), ", ".join(items))


def routine_text(
    routine: Routine, changes: Mapping[str, Sequence[Change]], estimate: str
) -> Text:
    """The whole panel: name, description, length, warm-up and each exercise."""
    text = Text.assemble((shown_name(routine.name), "bold"))  # the file keeps all of it
    text.append(f"\n{estimate}, rest {rest_text(routine.rest)} between sets", style="dim")
    if routine.program and routine.week is not None:
        text.append("\n")
        text.append(f"{shown_name(routine.program)}, week {routine.week}", style="dim")
    if routine.equipment:
        text.append("\n")
        text.append_text(equipment_text(routine))
    if routine.gentle:
        text.append("\n")
        text.append(GENTLE_NOTE, style="italic")
    if routine.description:
        text.append("\n\n")
        text.append(routine.description.strip())
    text.append("\n")
    if routine.warmup is not None:
        text.append("\nWarm-up", style="bold")
        text.append(f"  {format_duration(routine.warmup.duration)}")
    for exercise in routine.exercises:
        own_rest = exercise.rest is not None and exercise.rest != routine.rest
        text.append("\n")
        text.append_text(
            exercise_line(exercise, routine.rest_for(exercise),
                          changes.get(exercise.name, ()), show_rest=own_rest)
        )
    if changes:
        text.append("\n\nValues marked \"was\" are step-ups you accepted; "
                    "`backtimer progress` lists them.", style="dim")
    return text


class RoutineDetail(Static):
    """Shows one routine; `text` keeps what is shown, for tests and screenshots."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self.text = Text("")

    def show(self, text: Text) -> None:
        self.text = text
        self.update(text)
