"""The step's progress bar, with an optional mark (where most people are ready in a rest).

Drawn by hand rather than with Textual's ProgressBar: it needs the mark, and it
must never run a clock of its own. The screen sets `fraction` from the engine.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Region
from textual.reactive import reactive
from textual.strip import Strip
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
    """How far through the current step; empty for a step without an end (a rep set).

    Drawn line by line from a cache: it moves about once a second during a hold,
    and two lines of blocks need none of a text widget's wrapping and alignment.
    """

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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: tuple[object, list[Strip]] = (None, [])

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.size.width
        style = self.rich_style
        key = (width, self.fraction, self.mark, self.label, style)
        if self._drawn[0] != key:
            text = bar_text(width, self.fraction, self.mark, self.label)
            lines = text.split("\n", allow_blank=True)
            self._drawn = (key, [
                Strip(line.render(self.app.console), line.cell_len)
                .apply_style(style).extend_cell_length(width, style)
                for line in lines
            ])
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strips = self._drawn[1]
        return strips[y] if 0 <= y < len(strips) else Strip.blank(self.size.width)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 if self.mark is None else 2


class TextLine(Widget):
    """One centred line of text drawn from a cached strip.

    For the line under the session (elapsed time), which changes every second: a
    Static would lay out and wrap its text each time; this only builds one strip.
    """

    DEFAULT_CSS = """
    TextLine {
        width: 100%;
        height: 1;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._drawn: tuple[object, Strip | None] = (None, None)

    @property
    def text(self) -> Text:
        return self._text

    def update(self, text: Text, *, layout: bool = False) -> None:
        """Show `text`; repaints only when it differs from what is shown."""
        if text == self._text:
            return
        self._text = text
        self.refresh(layout=layout)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        style = self.rich_style
        if y != 0:
            return Strip.blank(width, style)
        key = (self._text, width, style)
        if self._drawn[0] != key or self._drawn[1] is None:
            line = self._text.copy()
            line.truncate(width, overflow="ellipsis")
            left = max(0, (width - line.cell_len) // 2)
            body = Strip(line.render(self.app.console), line.cell_len).apply_style(style)
            strip = Strip.join([Strip.blank(left, style), body]).extend_cell_length(width, style)
            self._drawn = (key, strip.crop(0, width))
        drawn = self._drawn[1]
        assert drawn is not None
        return drawn
