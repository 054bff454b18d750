"""Errors caused by something the user wrote or did.

Each carries enough to print one line a person can act on: the file, where in
it, what was expected and what was found. Nothing here imports Textual.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

# C0 and C1 controls, DEL, and the line and paragraph separators: anything a terminal
# would act on (colours, titles, cursor moves) or that would break a one-line message.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
SHOWN_NAME = 60  # characters of a name shown in a list; the file keeps all of it
EXCERPT = 40  # characters of a line quoted in a hint


def escape_control(text: str) -> str:
    """`text` with each control character written out (`\\x1b`, `\\n`), safe to print or show."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text)


def clip(text: str, limit: int = SHOWN_NAME) -> str:
    """`text` cut to `limit` characters, the last one an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[: max(0, limit - 1)] + "…"


def shown_name(text: str, limit: int = SHOWN_NAME) -> str:
    """A name from a file (a file name, a routine's name) as shown: escaped and clipped."""
    return clip(escape_control(text), limit)


_DIGITS = re.compile(r"[0-9_]+")


def short_reason(exc: BaseException) -> str:
    """A short reason from an exception: its first clause, its type when it has none."""
    text = str(exc).split(";")[0].strip()
    return clip(escape_control(text), 80) or type(exc).__name__


def too_long_number(file: str, text: str, exc: ValueError) -> Problem:
    """tomllib's ValueError for an integer Python will not convert: where it is, if found."""
    found = next((m for m in _DIGITS.finditer(text) if len(m[0]) > 4000), None)
    if found is None:
        return Problem(file, "", f"not valid TOML: {short_reason(exc)}")
    line = text.count("\n", 0, found.start()) + 1
    return Problem(file, f"line {line}", "not valid TOML: a number with thousands of digits",
                   "numbers here have a few digits")


class UserError(Exception):
    """A mistake by the user: printed as a message, never as a traceback."""


class Problem(NamedTuple):  # a NamedTuple: built at every start (see core/routine.py)
    """One thing wrong in one file."""

    file: str
    where: str  # "line 3, column 5" or a key path such as 'exercise 2 ("Plank") → hold'
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}: {self.where}: {self.message}" if self.where else (
            f"{self.file}: {self.message}"
        )
        # File names and values come from the user: nothing in them may reach a terminal raw.
        return escape_control(f"{text} ({self.hint})" if self.hint else text)


class RoutineError(UserError):
    """A routine file could not be loaded; holds every problem found in it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(
        cls, file: str | Path, message: str, where: str = "", hint: str = ""
    ) -> RoutineError:
        return cls([Problem(str(file), where, message, hint)])


class RoutineNotFound(UserError):
    """A routine name or path that matches nothing."""


class ConfigError(UserError):
    """The settings file has a mistake; the app falls back to defaults."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
