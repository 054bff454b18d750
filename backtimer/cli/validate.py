"""`backtimer validate FILE...`: check routine files and print every problem, one a line.

Exit 0 when every file is a valid routine, 1 otherwise. A printing command: no
Textual import.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from backtimer.core.errors import RoutineError, RoutineNotFound, escape_control
from backtimer.storage import paths
from backtimer.storage.loader import available_routines, duplicate_weeks, find_routine, load_routine


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "validate",
        help="check routine files for mistakes",
        description=(
            "Check routine files and print each problem on its own line: the file, "
            "where in it, what was expected and what was found. Without FILE, checks "
            "every routine in your own routines folder. Exits 1 if anything is wrong."
        ),
    )
    parser.add_argument(
        "files", nargs="*", metavar="FILE",
        help="a routine file, or the name of one (as `backtimer routines` lists them)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    queries: list[str] = list(args.files)
    if not queries:
        folder = paths.user_routines_dir()
        try:
            queries = [str(p) for p in sorted(folder.glob("*.toml"))] if folder.is_dir() else []
        except OSError:  # an unusable folder (name too long, no permission) has nothing to check
            queries = []
        if not queries:
            print(f"No routines of your own to check in {folder}; "
                  "give a file: backtimer validate FILE")
            return 0
    failed = False
    for query in queries:
        problems = _check(query)
        if problems:
            failed = True
            for line in problems:
                print(escape_control(line))
        else:
            print(f"{escape_control(query)}: ok")
    if not args.files:
        # The folder as a whole: two files for one programme week.
        own = [e for e in available_routines() if not e.bundled]
        for problem in duplicate_weeks(own):
            failed = True
            print(problem)
    return 1 if failed else 0


def _check(query: str) -> list[str]:
    """One line per problem in the routine `query` names; empty when it is valid."""
    try:
        path = find_routine(query)
    except RoutineNotFound as exc:
        text = str(exc)
        return [text if text.startswith(query) else f"{query}: {text}"]
    try:
        load_routine(path)
    except RoutineError as exc:
        # Name the file the way the person typed it, not as it was resolved.
        shown = query if _expanded(query) == path else str(path)
        return [str(p._replace(file=shown)) for p in exc.problems]
    return []


def _expanded(query: str) -> Path:
    try:
        return Path(query).expanduser()
    except RuntimeError:  # `~someone/...` for a user that does not exist
        return Path(query)
