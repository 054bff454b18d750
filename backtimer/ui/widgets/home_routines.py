"""The home screen's routine list: one line per routine file, broken ones included.

Names come from files, so every prompt is built from rich Text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from backtimer.core.errors import escape_control, shown_name
from backtimer.core.programme import ProgrammeStatus
from backtimer.core.progress import Applied
from backtimer.ui.widgets.home_detail import estimate_text


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


@dataclass(frozen=True)
class RoutinePrompt:
    """One routine in the list: its name cut to fit with …, its estimate right-aligned.

    `▶ Week 2: adding resistance   ~23 min` on one line, and for the plan's next week
    a second line `  next in plan`. Rendered at whatever width the list has, so a long
    name never pushes the estimate onto a line of its own.
    """

    name: str
    estimate: str
    is_next: bool = False
    yours: bool = False

    def __str__(self) -> str:
        parts = [f"{'▶ ' if self.is_next else ''}{self.name}", self.estimate]
        if self.is_next:
            parts.append("next in plan")
        if self.yours:
            parts.append("(yours)")
        return "  ".join(parts)

    def lines(self, width: int) -> list[Text]:
        """The prompt laid out in `width` cells."""
        tag = "  (yours)" if self.yours else ""
        right = self.estimate  # flush right: every line fills the width, so they align
        line = Text.assemble(("▶ " if self.is_next else "", "bold"))
        name = Text(self.name, style="bold" if self.is_next else "")
        name.truncate(max(4, width - line.cell_len - len(tag) - len(right) - 1),
                      overflow="ellipsis")
        line.append_text(name)
        line.append(tag, style="dim")
        line.append(" " * max(1, width - line.cell_len - len(right)))
        line.append(right, style="dim")
        shown = [line]
        if self.is_next:
            shown.append(Text("  next in plan", style="italic"))
        return shown

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            line.no_wrap = True
            line.overflow = "ellipsis"
            yield line


@dataclass(frozen=True)
class BrokenPrompt:
    """A file that cannot be loaded: its name and `cannot be loaded`, cut to one row."""

    text: Text

    def __str__(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        line = self.text.copy()
        line.truncate(options.max_width, overflow="ellipsis")
        line.no_wrap = True
        yield line


def routine_prompt(
    entry: Any, applied: Applied | None, is_next: bool
) -> RoutinePrompt | BrokenPrompt:
    """A loadable routine's prompt, or a broken file's name and `cannot be loaded`."""
    if entry.routine is None or applied is None:
        text = Text.assemble((shown_name(entry.path.name), "red"))
        text.append("  cannot be loaded", style="dim")
        return BrokenPrompt(text)
    return RoutinePrompt(shown_name(entry.routine.name), estimate_text(applied.routine), is_next,
                         yours=not entry.bundled)


def error_text(entry: Any) -> Text:
    """Why a routine file cannot be used, and how to see the same from the command line."""
    # File names are the user's: escape sequences or line breaks in them are shown, not run.
    path = escape_control(str(entry.path))
    text = Text.assemble((shown_name(entry.path.name), "bold red"))
    text.append(f"\n{path}\n\n", style="dim")
    text.append(str(entry.error) if entry.error is not None else "could not be loaded")
    text.append(f"\n\nFix the file, then come back here. `backtimer validate {path}` "
                "checks it from the command line.", style="dim")
    return text


class RoutineList(OptionList):
    """The routines; enter starts the highlighted one, and the footer says so."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Start", priority=False),
    ]
