"""Which of a screen's breakpoint classes apply at a size, for code that must know before
Textual sets them: a screen's `on_resize` runs first, and a covered screen keeps its old
classes until it is resized again."""

from __future__ import annotations

from typing import Any

from textual.geometry import Size
from textual.screen import Screen


def breakpoint_classes(screen: Screen[Any], size: Size) -> set[str]:
    """The classes the screen's own HORIZONTAL_ and VERTICAL_BREAKPOINTS give at `size`,
    chosen as Textual chooses them: per direction, the last breakpoint reached."""
    app = screen.app
    horizontal = screen.HORIZONTAL_BREAKPOINTS
    vertical = screen.VERTICAL_BREAKPOINTS
    classes = set()
    for breakpoints, cells in (
        ((app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal) or [], size.width),
        ((app.VERTICAL_BREAKPOINTS if vertical is None else vertical) or [], size.height),
    ):
        reached = [(at, name) for at, name in breakpoints if cells >= at]
        if reached:
            classes.add(max(reached)[1])
    return classes
