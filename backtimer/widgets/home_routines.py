"""The home screen's routine list: one line per routine file, broken ones included.

Names come from files, so every prompt is rich Text and never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from backtimer.programme import ProgrammeStatus
from backtimer.progress import Applied
from backtimer.widgets.home_detail import estimate_text

NBSP = "\u00a0"


def next_in_programme(programmes: Sequence[ProgrammeStatus]) -> list[str]:
    """File names of each unfinished programme's current week, in programme order."""
    files: list[str] = []
    for status in programmes:
        routine = status.routine
        if routine is not None and routine.file_name:
            files.append(routine.file_name)
    return files


def ordered(entries: Sequence[Any], first: Sequence[str]) -> list[Any]:
    """The entries with each programme's current week moved to the top, order kept otherwise."""
    rank = {name: i for i, name in enumerate(first)}
    top = sorted((e for e in entries if e.path.name in rank), key=lambda e: rank[e.path.name])
    return top + [e for e in entries if e.path.name not in rank]


def routine_prompt(entry: Any, applied: Applied | None, is_next: bool) -> Text:
    """`Foundation  ~25 min`, `▶ Week 2: adding resistance  ~30 min  next`, or a broken file."""
    if entry.routine is None or applied is None:
        text = Text.assemble((entry.path.name, "red"))
        text.append("  cannot be loaded", style="dim")
        return text
    text = Text.assemble(("▶ " if is_next else "", "bold"))
    text.append(entry.routine.name, style="bold" if is_next else "")
    # No-break spaces keep `~25 min` and the tags whole when a long name wraps.
    text.append("  ")
    text.append(estimate_text(applied.routine).replace(" ", NBSP), style="dim")
    if is_next:
        text.append(f"  next{NBSP}in{NBSP}plan", style="italic")
    if not entry.bundled:
        text.append("  (yours)", style="dim")
    return text


def error_text(entry: Any) -> Text:
    """Why a routine file cannot be used, and how to see the same from the command line."""
    text = Text.assemble((entry.path.name, "bold red"))
    text.append(f"\n{entry.path}\n\n", style="dim")
    text.append(str(entry.error) if entry.error is not None else "could not be loaded")
    text.append(f"\n\nFix the file, then come back here. `backtimer validate {entry.path}` "
                "checks it from the command line.", style="dim")
    return text


class RoutineList(OptionList):
    """The routines; enter starts the highlighted one, and the footer says so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Start", priority=False),
    ]
