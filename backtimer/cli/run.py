"""`backtimer run ROUTINE`: start a routine straight away; bare `backtimer` opens the home screen.

Textual is imported only here, when the app actually starts.
"""

from __future__ import annotations

import argparse
import os
from typing import TYPE_CHECKING, Any

from backtimer.storage import paths
from backtimer.storage.config import load_settings

if TYPE_CHECKING:  # Textual is imported only when the app starts
    from collections.abc import Mapping, Sequence

    from backtimer.core.errors import Problem
    from backtimer.core.progress import Change
    from backtimer.core.routine import Routine
    from backtimer.ui.app import BacktimerApp


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "run",
        help="start a routine now",
        description=(
            "Start a routine now, full screen. Keys are shown at the bottom; "
            "the session is saved to the history when it ends."
        ),
    )
    parser.add_argument(
        "routine",
        metavar="ROUTINE",
        help="a bundled or own routine name (see `backtimer routines`) or a path to a .toml file",
    )
    parser.add_argument("--quiet", action="store_true",
                        help="no terminal bell and no spoken announcements")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from backtimer.storage.loader import find_routine, load_routine

    routine = load_routine(find_routine(args.routine))  # a UserError is printed by main
    trained, changes, progress_problems = _with_step_ups(routine)
    settings, problems = load_settings()
    from backtimer.ui.app import BacktimerApp

    app = BacktimerApp(
        routine=trained,
        file_routine=routine,
        routine_changes=changes,
        settings=settings,
        settings_problems=[str(p) for p in [*problems, *progress_problems]],
        history_notes=list(getattr(args, "history_notes", [])),
        quiet=bool(getattr(args, "quiet", False)),
    )
    return _exit_code(app)


def _with_step_ups(routine: Routine) -> tuple[Routine, Mapping[str, Sequence[Change]],
                                               list[Problem]]:
    """The routine with its accepted step-ups, what they changed, and any problems."""
    try:
        os.lstat(paths.progress_file())
    except FileNotFoundError:
        # None accepted yet: the step-up code is not loaded before the first frame.
        return routine, {}, []
    except OSError:
        pass  # a folder in the way, no permission: read and reported below
    from backtimer.storage.progress_file import applied_from_file

    applied, problems = applied_from_file(routine)
    return applied.routine, applied.changes, problems


def run_home(args: argparse.Namespace) -> int:
    """Bare `backtimer`: the home screen."""
    settings, problems = load_settings()
    from backtimer.ui.app import BacktimerApp

    app = BacktimerApp(
        settings=settings,
        settings_problems=[str(p) for p in problems],
        history_notes=list(getattr(args, "history_notes", [])),
        quiet=bool(getattr(args, "quiet", False)),
    )
    return _exit_code(app)


def _exit_code(app: BacktimerApp) -> int:
    """0 on a normal quit; Textual's own code when the app ended on an error."""
    result = app.run()
    if app.return_code:
        return int(app.return_code)
    return 0 if result is None else int(result)
