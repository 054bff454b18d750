"""`backtimer show ROUTINE`: the session a routine makes, step by step, with its length.

A printing command: no Textual import. Accepted step-ups are applied, because
that is what a session with this routine will do.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from typing import Any

from backtimer.cli.routines import estimate_text
from backtimer.core.durations import format_duration
from backtimer.core.errors import RoutineError, escape_control
from backtimer.core.plan import Step, StepKind, build_plan, estimate_seconds
from backtimer.core.routine import Routine
from backtimer.storage.config import load_settings
from backtimer.storage.loader import find_routine, load_routine
from backtimer.storage.progress_file import applied_from_file

WIDTH = 78
GENTLE_LINE = "A gentle routine: it never counts toward the weekly target or a programme week."


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "show",
        help="print a routine's steps and how long it takes",
        description=(
            "Print every step of a routine in order (warm-up, get-ready, sets, side "
            "switches, rests) with its length or rep count, and the estimated total."
        ),
    )
    parser.add_argument(
        "routine", metavar="ROUTINE",
        help="a routine name as `backtimer routines` lists it, or the path of a .toml file",
    )
    parser.add_argument("--cues", action="store_true", help="also print each exercise's cues")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = find_routine(args.routine)
    try:
        routine = load_routine(path)
    except RoutineError as exc:
        # One line per problem, like `validate`, rather than one long error.
        for problem in exc.problems:
            print(f"backtimer: {problem}", file=sys.stderr)
        return 1
    applied, problems = applied_from_file(routine)
    settings, setting_problems = load_settings()
    for problem in [*setting_problems, *problems]:
        print(f"backtimer: {problem}", file=sys.stderr)
    shown = applied.routine
    if settings.lead_in is not None:  # the setting replaces every routine's, as in a session
        shown = shown._replace(lead_in=settings.lead_in)
    print("\n".join(render(shown, cues=args.cues, first_lead_in=settings.first_lead_in)))
    if applied.changes:
        print("\nWith the step-ups you accepted:")
        for exercise, changes in applied.changes.items():
            print(f"  {exercise}: " + ", ".join(c.text for c in changes))
        print("`backtimer progress --reset ROUTINE` goes back to the file's values.")
    return 0


def render(routine: Routine, *, cues: bool = False, first_lead_in: int | None = None
           ) -> list[str]:
    """The lines `show` prints; names and cues appear exactly as written in the file.

    `first_lead_in`: the settings' longer first get-ready, so the steps are the session's.
    """
    steps = build_plan(routine, first_lead_in=first_lead_in)
    total = estimate_text(estimate_seconds(steps))
    count = len(routine.exercises)
    file_name = escape_control(routine.file_name)  # a file name may hold anything
    lines = [f"{routine.name} ({file_name})" if file_name else routine.name]
    facts = [f"{total[:1].upper()}{total[1:]}", f"{count} exercise{'' if count == 1 else 's'}",
             f"{len(steps)} steps", f"rest {_rest_text(routine.rest.min, routine.rest.max)}"]
    if routine.program and routine.week is not None:
        facts.append(f"{routine.program}, week {routine.week}")
    lines.append(", ".join(facts))
    if routine.equipment:
        lines.append(textwrap.fill("You need: " + ", ".join(routine.equipment), WIDTH,
                                   subsequent_indent="  "))
    if routine.gentle:
        lines.append(GENTLE_LINE)
    for paragraph in routine.description.split("\n\n"):
        if paragraph.strip():
            lines.append("")
            lines.append(textwrap.fill(" ".join(paragraph.split()), WIDTH))
    lines.append("")
    rows = [("#", "STEP", "WHAT", "AMOUNT")]
    rows += [(str(s.index + 1), s.kind.banner, s.label, _amount(s)) for s in steps]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    seen: set[int | None] = set()
    for row, step in zip(rows, (None, *steps), strict=True):
        lines.append("  ".join(
            [row[0].rjust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2]), row[3]]
        ).rstrip())
        first_of_exercise = step is not None and step.cues and step.exercise_index not in seen
        if cues and step is not None and first_of_exercise:
            seen.add(step.exercise_index)
            indent = " " * (widths[0] + widths[1] + 4)
            lines.extend(f"{indent}· {cue}" for cue in step.cues)
    lines.extend(_easier_lines(routine))
    lines.append("")
    lines.append(f"Total: {total} (rests at their longest, about 4 s a rep).")
    return lines


def _easier_lines(routine: Routine) -> list[str]:
    """The lighter option of each exercise that has one, after the steps."""
    options = [(e.name, e.easier) for e in routine.exercises if e.easier]
    if not options:
        return []
    lines = ["", "Easier options:"]
    lines += [textwrap.fill(f"{name}: {easier}", WIDTH, initial_indent="  ",
                            subsequent_indent="    ") for name, easier in options]
    return lines


def _amount(step: Step) -> str:
    if step.kind is StepKind.REPS:
        text = f"{step.reps} reps"
    elif step.kind is StepKind.GUIDED:
        text = f"{step.reps} reps, hold {step.hold} s each ({format_duration(step.duration or 0)})"
    elif step.kind is StepKind.REST and step.rest_min is not None:
        text = _rest_text(step.rest_min, round(step.duration or 0))
    else:
        text = format_duration(step.duration or 0)
    if step.sides_text:
        text += f", {step.sides_text}"
    if step.weight:
        text += f", {step.weight}"
    return text


def _rest_text(low: int, high: int) -> str:
    if high == 0:
        return "none"
    if low == high:
        return format_duration(high)
    return f"{format_duration(low)} to {format_duration(high)}"
