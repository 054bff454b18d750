"""Widgets that hand the compositor their last lines again when nothing in them changed.

Textual renders every visible widget for each frame, whatever part of the screen
changed: a widget with nothing new still goes through its styles, colours and line
filters row by row, and the new strips it makes are garbage a second later. A hold
repaints the clock and a line or two once a second, so the parts around them keep
the lines they rendered last and give them back until Textual marks them dirty (new
content, a style, a size) or asks for other rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Footer, Static

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object  # a mixin: the widget class comes after it in the bases


class KeptLines(_Base):
    """Mix in before a widget class (`class Part(KeptLines, Static)`).

    Only for widgets without links: a link's hover style is applied to the lines
    on the way out, and kept lines would miss a change of it.
    """

    _kept_lines: tuple[object, list[Strip]] | None = None
    _kept_style: Style | None = None

    @property
    def kept_style(self) -> Style:
        """The widget's rich style, looked up again only after Textual restyles or resizes
        it (its own refresh of some cells leaves the style as it was)."""
        style = self._kept_style
        if style is None:
            style = self._kept_style = self.rich_style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        key = (crop, self.outer_size, tuple(self.get_line_filters()))
        kept = self._kept_lines
        if kept is not None and kept[0] == key:
            return kept[1]
        lines = super().render_lines(crop)
        self._kept_lines = (key, lines)
        return lines

    def _set_dirty(self, *regions: Region) -> None:
        # Where Textual marks a widget's cells stale: new content, a style, a new size.
        # Restyling and resizing mark the whole widget (no regions).
        self._kept_lines = None
        if not regions:
            self._kept_style = None
        super()._set_dirty(*regions)


class KeptStatic(KeptLines, Static):
    """A Static that keeps its lines between frames."""


class KeptColumn(KeptLines, Vertical):
    """A Vertical that keeps its (background) lines between frames."""


class KeptFooter(KeptLines, Footer):
    """A Footer that keeps its own lines between frames (its keys are widgets of their own)."""
