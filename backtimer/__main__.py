"""Command line entry point.

Printing commands (routines, validate, show, history, progress) never import
Textual, so they answer fast; only `run` and the bare `backtimer` start the app.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence

from backtimer import __version__
from backtimer.core.errors import UserError, escape_control
from backtimer.storage import paths

# One module per sub-command under backtimer/cli/, each with
# `add_parser(subparsers)` that registers itself and sets `func(args) -> int`.
# Only the command being run is imported (each import costs start-up time); the
# others are listed by name and help line alone, which must match their modules'
# (a test checks). A missing module is a packaging mistake and fails loudly.
COMMANDS: dict[str, str] = {
    "run": "start a routine now",
    "routines": "list the bundled routines and your own",
    "validate": "check routine files for mistakes",
    "show": "print a routine's steps and how long it takes",
    "history": "list past sessions, chart an exercise, or export them as JSON or CSV",
    "progress": "list the step-ups you accepted, per routine",
}

_DATA_DIR_HELP = f"where the history is kept (default: ${paths.DATA_ENV} or the user data dir)"


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser for `argv`: only its sub-command is imported. None: every one is."""
    parser = argparse.ArgumentParser(
        prog="backtimer",
        description="A terminal workout timer for back-strengthening routines.",
    )
    parser.add_argument("--version", action="version", version=f"backtimer {__version__}")
    parser.add_argument("--data-dir", metavar="DIR", help=_DATA_DIR_HELP)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = None if argv is None else command_in(argv)
    for name, help_line in COMMANDS.items():
        if argv is None or name == wanted:
            importlib.import_module(f"backtimer.cli.{name}").add_parser(subparsers)
        elif wanted not in COMMANDS:
            # For `--help` and "invalid choice" messages; a known command needs none.
            subparsers.add_parser(name, help=help_line)
    for sub in subparsers.choices.values():
        # Also accepted after the command (`backtimer history --data-dir X`). SUPPRESS
        # leaves the value given before the command alone when it is not repeated here.
        sub.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                         help=_DATA_DIR_HELP)
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv`, skipping the options before it; None if none."""
    words = iter(argv)
    for word in words:
        if word == "--data-dir":
            next(words, None)  # its value, which may look like a command name
        elif word == "--":
            return next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if command_in(argv) in (None, "run"):
        # The app's start-up makes some 50,000 objects that live as long as it does:
        # the ~90 collections that would walk them before the first frame cost tens of
        # ms and free next to nothing. The app switches collection back on once its
        # first screen is drawn (ui.app.freeze_after_first_frame), or `finally` below.
        gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str]) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    try:
        # Printed for the printing commands; the app shows them itself (its screen
        # would hide anything on stderr).
        args.history_notes = _recover_interrupted()
        func = getattr(args, "func", None)
        if func is None:
            from backtimer.cli.run import run_home

            return run_home(args)
        return int(func(args))
    except UserError as exc:
        # One line per problem, each prefixed, so a multi-problem routine reads like validate.
        for line in str(exc).splitlines() or [type(exc).__name__]:
            print(f"backtimer: {escape_control(line)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `backtimer history | head`: the reader left; nothing to say, and Python must
        # not complain again when it flushes stdout on exit.
        _silence_stdout()
        return 1
    except OSError as exc:
        # Last resort for a file problem no command foresaw (a full disk, a name too long):
        # one line, not a traceback. Programming errors still show theirs.
        print(f"backtimer: {_os_error_text(exc)}", file=sys.stderr)
        return 1
    finally:
        _print_kept()


def _print_kept() -> None:
    """Sessions that could not be saved, printed once the app has closed (its screen
    would hide them): where each is kept, how to add it, and its [[session]] block."""
    fallback = sys.modules.get("backtimer.storage.history.fallback")  # loaded only if one was kept
    if fallback is None:
        return
    for kept in fallback.take_kept():
        try:
            print(kept.report(), flush=True)
        except (OSError, ValueError):
            print(kept.report(), file=sys.stderr, flush=True)


def _os_error_text(exc: OSError) -> str:
    """`no space left on device (/data/history.toml)`: what went wrong, then where."""
    what = exc.strerror or str(exc) or type(exc).__name__
    what = what[:1].lower() + what[1:]
    return f"{what} ({exc.filename})" if exc.filename is not None else what


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a real file (tests): nothing will be flushed to a pipe


def _recover_interrupted() -> list[str]:
    """Sessions left behind by a crash are saved before anything else runs."""
    from backtimer.storage.history.recovery import recover_interrupted

    messages = recover_interrupted()
    for message in messages:
        print(f"backtimer: {message}", file=sys.stderr)
    return messages


if __name__ == "__main__":
    sys.exit(main())
