"""`backtimer progress`: the step-ups accepted so far, and `--reset ROUTINE` to undo them.

A printing command: no Textual import.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from backtimer.core.errors import UserError
from backtimer.core.progress import Progress
from backtimer.storage.progress_file import load_progress, reset


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "progress",
        help="list the step-ups you accepted, per routine",
        description=(
            "List the step-ups you accepted after sessions at target (a longer hold, "
            "one more rep or set, a shorter rest). Routine files are never changed; "
            "the steps are applied on top of them."
        ),
    )
    parser.add_argument(
        "--reset",
        metavar="ROUTINE",
        help="forget the accepted steps of ROUTINE (its name or file) and go back to the file",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    progress, problems = load_progress()
    for problem in problems:
        print(f"backtimer: {problem}", file=sys.stderr)
    if args.reset:
        return _reset(args.reset, progress)
    files = progress.routine_files()
    if not files:
        print("No step-ups accepted yet. After two sessions in a row with every set at "
              "target, the summary offers one.")
        return 0
    names = _display_names()
    for index, file_name in enumerate(files):
        if index:
            print()
        name = names.get(file_name)
        print(f"{name} ({file_name})" if name else file_name)
        for step in progress.for_routine(file_name):
            print(f"  {step.accepted.astimezone().date().isoformat()}  {step.text}")
    print("\nTo go back to a routine's own values: backtimer progress --reset ROUTINE")
    return 0


def _reset(query: str, progress: Progress) -> int:
    file_name = _resolve(query, progress)
    removed = reset(file_name)
    if removed:
        plural = "" if removed == 1 else "s"
        print(f"Forgot {removed} step-up{plural} for {file_name}; it runs as written again.")
    else:
        print(f"{file_name} has no step-ups to forget.")
    return 0


def _resolve(query: str, progress: Progress) -> str:
    """The routine file name for what the person typed: a name, a slug or a path."""
    from backtimer.storage.loader import find_routine

    try:
        return find_routine(query).name
    except UserError:
        pass
    # The routine may be gone while its steps remain: match what is stored.
    wanted = {query.casefold(), Path(query).name.casefold()}
    for file_name in progress.routine_files():
        if wanted & {file_name.casefold(), Path(file_name).stem.casefold()}:
            return file_name
    raise UserError(
        f"no routine or stored step-ups match {query!r}; "
        "`backtimer progress` lists the routines that have some"
    )


def _display_names() -> dict[str, str]:
    """Routine names by file name, for the listing."""
    from backtimer.storage.loader import available_routines

    try:
        listed = available_routines()
    except (UserError, OSError):
        return {}
    names: dict[str, str] = {}
    for entry in listed:
        if entry.routine is not None:
            names.setdefault(entry.path.name, entry.routine.name)
    return names
