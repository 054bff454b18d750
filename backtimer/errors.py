"""Errors caused by something the user wrote or did.

Each carries enough to print one line a person can act on: the file, where in
it, what was expected and what was found. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path


class UserError(Exception):
    """A mistake by the user: printed as a message, never as a traceback."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one file."""

    file: str
    where: str  # "line 3, column 5" or a key path such as 'exercise 2 ("Plank") → hold'
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}: {self.where}: {self.message}" if self.where else (
            f"{self.file}: {self.message}"
        )
        return f"{text} ({self.hint})" if self.hint else text


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
