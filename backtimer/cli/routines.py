"""`backtimer routines`: every routine, bundled and the person's own, with its length.

A printing command: no Textual import.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from backtimer.core.errors import escape_control, shown_name
from backtimer.core.plan import build_plan, estimate_seconds
from backtimer.core.progress import Progress, apply_progress
from backtimer.core.routine import Routine
from backtimer.storage import paths
from backtimer.storage.loader import RoutineEntry, available_routines, duplicate_weeks
from backtimer.storage.progress_file import load_progress


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "routines",
        help="list the bundled routines and your own",
        description=(
            "List every routine: the ones that come with backtimer and your own "
            "(the folder is printed at the end). ROUTINE in other commands is the "
            "name in the second column."
        ),
    )
    parser.add_argument(
        "--equipment", action="store_true",
        help="list what each routine needs (mat, dumbbells, kettlebell ...) instead",
    )
    parser.set_defaults(func=run)


def estimate_text(seconds: float) -> str:
    """`about 15 min`: estimates are rough, so whole minutes are enough."""
    if seconds < 60:
        return f"about {round(seconds)} s"
    return f"about {round(seconds / 60)} min"


def routine_estimate(routine: Routine) -> str:
    return estimate_text(estimate_seconds(build_plan(routine)))


def run(args: argparse.Namespace) -> int:
    entries = available_routines()
    if getattr(args, "equipment", False):
        _print_equipment(entries)
        return 0
    progress = _progress()
    bundled = [e for e in entries if e.bundled]
    own = [e for e in entries if not e.bundled]
    folder = paths.user_routines_dir()
    bundled_stems = {p.stem for p in paths.bundled_routines_dir().glob("*.toml")}

    print("Bundled routines")
    if bundled:
        _print_rows(_rows(bundled, progress, bundled_stems))
    else:
        print("  none found (is the installation complete?)")
    print()
    if own:
        print("Your routines")
        _print_rows(_rows(own, progress, bundled_stems))
        broken = [e for e in own if e.error is not None]
        if broken:
            print("\n`backtimer validate FILE` lists every problem in a file.")
    else:
        print("Your routines: none yet.")
    for problem in duplicate_weeks(entries):
        print(f"backtimer: {problem}", file=sys.stderr)
    print()
    print("Start one: backtimer run ROUTINE    See its steps: backtimer show ROUTINE")
    print(f"Your own routines go in: {folder}")
    return 0


def _progress() -> Progress:
    """Accepted step-ups change what a session does, so estimates include them."""
    progress, problems = load_progress()
    for problem in problems:
        print(f"backtimer: {problem}", file=sys.stderr)
    return progress


def _rows(
    entries: Sequence[RoutineEntry], progress: Progress, bundled_stems: set[str]
) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    programme: str | None = None
    for entry in entries:
        routine = entry.routine
        if routine is None:
            assert entry.error is not None
            first = entry.error.problems[0]
            where = f"{first.where}: " if first.where else ""
            more = len(entry.error.problems) - 1
            extra = f" (and {more} more)" if more else ""
            reason = escape_control(f"{where}{first.message}{extra}")
            rows.append((f"  {shown_name(entry.path.name)}", shown_name(entry.slug), "-",
                         f"cannot be used: {reason}"))
            continue
        if routine.program != programme and routine.program is not None:
            rows.append((f"  {shown_name(routine.program)}:",))
        programme = routine.program
        applied = apply_progress(routine, progress.overrides_for(routine.file_name)).routine
        indent = "    " if routine.program else "  "
        count = len(routine.exercises)
        note = ""
        if routine.gentle:
            note = "  (gentle day: not counted toward the week)"
        if not entry.bundled and entry.slug in bundled_stems:
            note += "  (replaces the bundled one)"
        rows.append((f"{indent}{shown_name(routine.name)}", shown_name(entry.slug),
                     f"{count} exercise{'' if count == 1 else 's'}",
                     routine_estimate(applied) + note))
    return rows


def _print_rows(rows: list[tuple[str, ...]]) -> None:
    """Aligned columns; a one-cell row is a heading spanning the line."""
    full = [r for r in rows if len(r) > 1]
    widths = [max((len(r[i]) for r in full), default=0) for i in range(3)]
    for row in rows:
        if len(row) == 1:
            print(row[0])
            continue
        cells = [row[i].ljust(widths[i]) for i in range(3)]
        print("  ".join([*cells, row[3]]).rstrip())


def _print_equipment(entries: Sequence[RoutineEntry]) -> None:
    """Each routine and what its exercises need, so the kit is ready before a session."""
    rows: list[tuple[str, ...]] = []
    programme: str | None = None
    for entry in entries:
        routine = entry.routine
        if routine is None:
            rows.append((f"  {shown_name(entry.path.name)}", shown_name(entry.slug),
                         "cannot be used", "(`backtimer validate FILE` says why)"))
            continue
        if routine.program != programme and routine.program is not None:
            rows.append((f"  {shown_name(routine.program)}:",))
        programme = routine.program
        indent = "    " if routine.program else "  "
        items = escape_control(", ".join(routine.equipment)) or "nothing listed"
        rows.append((f"{indent}{shown_name(routine.name)}", shown_name(entry.slug), items, ""))
    print("What each routine needs")
    if rows:
        _print_rows(rows)
    else:
        print("  no routines found")
    print()
    print("`backtimer show ROUTINE` names each exercise's lighter option too.")
