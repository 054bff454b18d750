"""The step's progress bar, with an optional mark (where most people are ready in a rest).

Drawn by hand rather than with Textual's ProgressBar: it needs the mark, and it
must never run a clock of its own. The screen sets `fraction` from the engine.
"""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

READY_LABEL = "most people are ready"


def bar_text(width: int, fraction: float, mark: float | None, label: str = "") -> Text:
    """One line of bar, and under it a ▲ at `mark` with its label when there is one."""
    width = max(1, width)
    fraction = min(1.0, max(0.0, fraction))
    filled = round(fraction * width)
    text = Text()
    text.append("█" * filled)
    text.append("░" * (width - filled), style="dim")
    if mark is not None:
        at = min(width - 1, max(0, round(min(1.0, max(0.0, mark)) * width)))
        under = f"▲ {label}" if label else "▲"
        if at + len(under) > width:
            # Not enough room after the mark: put the label before it.
            under = f"{label} ▲" if label else "▲"
            start = max(0, at - len(under) + 1)
        else:
            start = at
        text.append("\n")
        text.append(" " * start + under[: width - start], style="italic")
    return text


class StepBar(Widget):
    """How far through the current step; empty for a step without an end (a rep set)."""

    DEFAULT_CSS = """
    StepBar {
        width: 1fr;
        height: auto;
        max-height: 2;
        color: $accent;
    }
    """

    fraction: reactive[float] = reactive(0.0)
    mark: reactive[float | None] = reactive(None, layout=True)
    label: reactive[str] = reactive("")

    def render(self) -> Text:
        return bar_text(self.content_size.width, self.fraction, self.mark, self.label)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 if self.mark is None else 2
