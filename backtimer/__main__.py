"""Command line entry point.

Printing commands (routines, validate, show, history, progress) never import
Textual, so they answer fast; only `run` and the bare `backtimer` start the app.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from backtimer import __version__, paths
from backtimer.errors import UserError

# One module per sub-command under backtimer/commands/, each with
# `add_parser(subparsers)` that registers itself and sets `func(args) -> int`.
COMMANDS = ("run", "routines", "validate", "show", "history", "progress")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="backtimer",
        description="A terminal workout timer for back-strengthening routines.",
    )
    parser.add_argument("--version", action="version", version=f"backtimer {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=f"where the history is kept (default: ${paths.DATA_ENV} or the user data dir)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"backtimer.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"backtimer.commands.{name}":
                raise
            continue
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    try:
        # Printed for the printing commands; the app shows them itself (its screen
        # would hide anything on stderr).
        args.history_notes = _recover_interrupted()
        func = getattr(args, "func", None)
        if func is None:
            from backtimer.commands.run import run_home

            return run_home(args)
        return int(func(args))
    except UserError as exc:
        # One line per problem, each prefixed, so a multi-problem routine reads like validate.
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"backtimer: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _recover_interrupted() -> list[str]:
    """Sessions left behind by a crash are saved before anything else runs."""
    from backtimer.history.recovery import recover_interrupted

    messages = recover_interrupted()
    for message in messages:
        print(f"backtimer: {message}", file=sys.stderr)
    return messages


if __name__ == "__main__":
    sys.exit(main())
