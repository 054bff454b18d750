"""The step's progress bar, with an optional mark (where most people are ready in a rest).

Drawn by hand rather than with Textual's ProgressBar: it needs the mark, and it
must never run a clock of its own. The screen sets `fraction` from the engine.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from backtimer.ui.widgets.kept import KeptLines

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


class StepBar(KeptLines, Widget):
    """How far through the current step; empty for a step without an end (a rep set).

    Drawn line by line: it moves about once a second during a hold, and two lines
    of blocks need none of a text widget's wrapping and alignment. A new fraction
    repaints the bar's row only; the row under it changes with the step.
    """

    DEFAULT_CSS = """
    StepBar {
        width: 1fr;
        height: auto;
        max-height: 2;
        color: $accent;
    }
    """

    DRAWS_WHOLE_ROWS = True

    mark: reactive[float | None] = reactive(None, layout=True)
    label: reactive[str] = reactive("")

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._fraction = 0.0
        self._mark_row: tuple[object, Strip] | None = None  # it stays while the bar moves

    @property
    def fraction(self) -> float:
        return self._fraction

    @fraction.setter
    def fraction(self, value: float) -> None:
        if value == self._fraction:
            return
        self._fraction = value
        width = self.size.width
        if width:
            self.refresh(Region(0, 0, width, 1))
        else:
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.kept_style
        if y == 0:
            # The row of `bar_text`, made straight from its two runs of blocks.
            filled = round(min(1.0, max(0.0, self._fraction)) * max(1, width))
            segments = [Segment("█" * filled, style)] if filled else []
            if width > filled:
                segments.append(Segment("░" * (width - filled), style + _DIM))
            return Strip(segments, max(filled, width))
        if y == 1 and self.mark is not None:
            key = (width, self.mark, self.label, style)
            if self._mark_row is None or self._mark_row[0] != key:
                line = bar_text(width, self._fraction, self.mark, self.label).split(
                    "\n", allow_blank=True)[1]
                self._mark_row = (key, Strip(line.render(self.app.console), line.cell_len)
                                  .apply_style(style).extend_cell_length(width, style))
            return self._mark_row[1]
        return Strip.blank(width)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 if self.mark is None else 2


_DIM = Style(dim=True)


class TextLine(KeptLines, Widget):
    """One centred line of text, drawn as one strip.

    For the line under the session (elapsed time), which changes every second: a
    Static would lay out and wrap its text each time; this only builds one strip.
    """

    DEFAULT_CSS = """
    TextLine {
        width: 100%;
        height: 1;
    }
    """

    DRAWS_WHOLE_ROWS = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text, *, layout: bool = False) -> None:
        """Show `text`; repaints only when it differs from what is shown."""
        if text == self._text:
            return
        self._text = text
        width = self.size.width
        if width and not layout:
            self.refresh(Region(0, 0, width, 1))  # the row only: the style stays
        else:
            self.refresh(layout=layout)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.kept_style
        if y != 0:
            return Strip.blank(width, style)
        line = self._text.copy()
        line.truncate(width, overflow="ellipsis")
        left = max(0, (width - line.cell_len) // 2)
        right = width - left - line.cell_len
        segments = [Segment(" " * left, style)] if left else []
        segments += Segment.apply_style(line.render(self.app.console), style)
        if right > 0:
            segments.append(Segment(" " * right, style))
        return Strip(segments, width)
