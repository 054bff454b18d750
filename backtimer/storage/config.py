"""Settings: the user's `config.toml`, plus the app's own `state.toml` on top.

`config.toml` belongs to the person and is only ever read. What the app changes by
itself (the theme picked in the palette, sound switched off) goes to
`data_dir/state.toml`, written atomically, and wins over `config.toml`.

A bad key never stops the app: it is reported as a Problem naming the file and the
key, and that key keeps its default while the good keys still apply.
"""

from __future__ import annotations

import difflib
import re
import shlex
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import tomli_w

from backtimer.core.durations import DurationError, describe, parse_duration, quoted
from backtimer.core.errors import SHOWN_NAME, Problem, clip, too_long_number
from backtimer.storage import paths
from backtimer.storage.files import (
    MAX_SETTINGS_BYTES,
    FileTooLarge,
    NotRegularFile,
    read_capped_text,
    write_toml_atomic,
)

# Textual 8.2.8's built-in themes (textual/theme.py, BUILTIN_THEMES), copied so that
# reading settings never imports Textual; a test keeps the two lists equal.
THEMES: tuple[str, ...] = (
    "textual-dark",
    "textual-light",
    "nord",
    "gruvbox",
    "catppuccin-mocha",
    "dracula",
    "tokyo-night",
    "monokai",
    "flexoki",
    "catppuccin-latte",
    "catppuccin-frappe",
    "catppuccin-macchiato",
    "solarized-light",
    "solarized-dark",
    "rose-pine",
    "rose-pine-moon",
    "rose-pine-dawn",
    "atom-one-dark",
    "atom-one-light",
    "ansi-dark",
    "ansi-light",
)

LEAD_IN_RANGE = (0, 300)
SOUNDS = ("tones", "bell")  # or false: silent
REST_STEP_RANGE = (5, 120)
WEEKLY_TARGET_RANGE = (1, 7)
STATE_KEYS = ("theme", "sound")  # what the app may change by itself


class Settings(NamedTuple):  # a NamedTuple: built at every start (see core/routine.py)
    sound: str | bool = "tones"  # "tones", "bell", or False for none (True reads as "tones")
    weekly_target: int = 2  # sessions a week; 2-3 with a rest day between is the advice
    lead_in: int | None = None  # seconds; None keeps each routine's own
    rest_step: int = 15  # seconds that + and - add to or take from a rest
    theme: str = "textual-dark"
    announce: str | None = None  # a command that speaks its last argument, e.g. espeak-ng
    first_lead_in: int = 10  # seconds to reach the mat before a session's first timed set

    @property
    def announce_argv(self) -> list[str]:
        """The announce command split like a shell would; empty when there is none."""
        return shlex.split(self.announce) if self.announce else []


DEFAULTS = Settings()


def state_file() -> Path:
    return paths.data_dir() / "state.toml"


def load_settings(
    config: Path | None = None, state: Path | None = None
) -> tuple[Settings, list[Problem]]:
    """Settings from config.toml then state.toml; never raises for a bad file."""
    config = config if config is not None else paths.config_file()
    state = state if state is not None else state_file()
    problems: list[Problem] = []
    settings = DEFAULTS
    for path, allowed in ((config, None), (state, STATE_KEYS)):
        table = _read_table(path, problems)
        settings = _apply(settings, table, path, allowed, problems)
    return settings, problems


def save_state(**changes: Any) -> None:
    """Remember a setting the app changed (theme, sound) in state.toml, atomically.

    Raises ValueError for a key the app may not change or a value that is not valid,
    since that is a mistake in the caller, not the user's.
    """
    problems: list[Problem] = []
    for key in changes:
        if key not in STATE_KEYS:
            raise ValueError(f"{key!r} is not a setting the app changes by itself")
    _apply(DEFAULTS, changes, state_file(), STATE_KEYS, problems)
    if problems:
        raise ValueError(str(problems[0]))
    path = state_file()
    current = _read_table(path, [])
    kept = {k: v for k, v in current.items() if k in STATE_KEYS}
    write_toml_atomic(path, kept | changes)


_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _read_table(path: Path, problems: list[Problem]) -> dict[str, Any]:
    """The file's top-level table; missing is empty, unreadable is a Problem."""
    try:
        # utf-8-sig: a byte-order mark at the start is accepted, as in routines and history.
        text = read_capped_text(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError as exc:
        problems.append(Problem(str(path), "", f"is not UTF-8 text (at byte {exc.start})",
                                _ALL_DEFAULTS))
        return {}
    except OSError as exc:
        reason = str(exc) if isinstance(exc, NotRegularFile | FileTooLarge) else exc.strerror
        problems.append(Problem(str(path), "", f"could not be read ({reason or exc})",
                                _ALL_DEFAULTS))
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _AT.search(message)
        where = f"line {match[1]}, column {match[2]}" if match else ""
        message = _AT.sub("", message).strip()
        problems.append(
            Problem(str(path), where, f"not valid TOML: {message[:1].lower()}{message[1:]}",
                    _ALL_DEFAULTS)
        )
    except RecursionError:
        problems.append(Problem(str(path), "", "not valid TOML: arrays or tables nested too "
                                "deeply", _ALL_DEFAULTS))
    except Exception as exc:  # noqa: BLE001 - a number of 5,000 digits, ...: never a traceback
        problem = too_long_number(str(path), text, exc) if isinstance(exc, ValueError) else (
            Problem(str(path), "", f"could not be read ({type(exc).__name__})"))
        problems.append(problem._replace(hint=_ALL_DEFAULTS))
    return {}


_ALL_DEFAULTS = "using the defaults for every setting in it"


def _bool(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, found {describe(value)}")
    return value


def _int_in(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected a whole number from {low} to {high}, "
                             f"found {describe(value)}")
        if not low <= value <= high:
            raise ValueError(f"expected a whole number from {low} to {high}, found {value}")
        return value

    return check


def _seconds_in(low: int, high: int) -> Callable[[object], int]:
    def check(value: object) -> int:
        try:
            seconds = parse_duration(value, allow_zero=True)
        except DurationError as exc:
            raise ValueError(f"expected seconds from {low} to {high} (like 10 or \"1m\"), "
                             f"{exc}") from None
        if not low <= seconds <= high:
            raise ValueError(f"expected seconds from {low} to {high}, found {seconds} s")
        return seconds

    return check


def _theme(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected a theme name, found {describe(value)}")
    if value not in THEMES:
        close = difflib.get_close_matches(value, THEMES, n=1)
        # All 21 names would fill a notification; the palette's Theme entry lists them.
        hint = (f"did you mean {close[0]!r}?" if close else
                "ctrl+p, Theme lists them all; 'textual-dark', 'nord' and 'gruvbox' are some")
        raise ValueError(f"no theme called {quoted(value)}; {hint}")
    return value


def _sound(value: object) -> str | bool:
    if value is True or value in SOUNDS:
        return "tones" if value is True else str(value)
    if value is False:
        return False
    raise ValueError(f'expected "tones", "bell" or false, found {describe(value)}')


def _command(value: object) -> str | None:
    if not isinstance(value, str):
        raise ValueError(f"expected a command as a string, found {describe(value)}")
    try:
        argv = shlex.split(value)
    except ValueError as exc:
        raise ValueError(f"could not split {quoted(value)} into words ({exc})") from None
    return value if argv else None


_CHECKS: dict[str, Callable[[object], Any]] = {
    "sound": _sound,
    "weekly_target": _int_in(*WEEKLY_TARGET_RANGE),
    "lead_in": _seconds_in(*LEAD_IN_RANGE),
    "rest_step": _seconds_in(*REST_STEP_RANGE),
    "theme": _theme,
    "announce": _command,
    "first_lead_in": _seconds_in(*LEAD_IN_RANGE),
}
assert set(_CHECKS) == set(Settings._fields)


def _apply(
    settings: Settings,
    table: Mapping[str, Any],
    path: Path,
    allowed: tuple[str, ...] | None,
    problems: list[Problem],
) -> Settings:
    """Settings with each valid key of `table` applied; each bad key becomes a Problem."""
    known = tuple(_CHECKS) if allowed is None else allowed
    changes: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "known keys: " + ", ".join(known)
            problems.append(Problem(str(path), clip(key, SHOWN_NAME), "unknown setting, ignored",
                                    hint))
            continue
        try:
            changes[key] = _CHECKS[key](value)
        except ValueError as exc:
            default = getattr(DEFAULTS, key)
            shown = "the routine's own" if default is None and key == "lead_in" else (
                "none" if default is None else tomli_w.dumps({"v": default})[4:].strip()
            )
            problems.append(Problem(str(path), key, str(exc), f"using the default, {shown}"))
    return settings._replace(**changes)
