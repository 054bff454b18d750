"""Widgets that hand the compositor their last lines again when nothing in them changed.

Textual renders every visible widget for each frame, whatever part of the screen
changed: a widget with nothing new still goes through its styles, colours and line
filters row by row, and the new strips it makes are garbage a second later. A hold
repaints the clock and a line or two once a second, so the parts around them keep
the lines they rendered last and give them back until Textual marks them dirty (new
content, a style, a size) or asks for other rows.

The parts that do move each second (clock, bar, bottom line) draw their rows
complete, in their own colours and across their full width. Textual's styling of
each row (padding, border, outline, tint, opacity) has nothing to add to them, yet
costs more than drawing the row: they skip it whenever their styles have none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from textual.color import Color
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    _Base = Widget
else:
    _Base = object  # a mixin: the widget class comes after it in the bases


class KeptLines(_Base):
    """Mix in before a widget class (`class Part(KeptLines, Static)`).

    Only for widgets without links: a link's hover style is applied to the lines
    on the way out, and kept lines would miss a change of it.
    """

    # True for a widget whose `render_line` returns each row complete: full width, in
    # the widget's own style (`kept_style`), background included.
    DRAWS_WHOLE_ROWS: ClassVar[bool] = False

    _kept_lines: tuple[object, list[Strip]] | None = None
    _kept_style: Style | None = None
    _kept_plain: tuple[bool, Color] | None = None

    @property
    def kept_style(self) -> Style:
        """The widget's rich style, looked up again only after Textual restyles or resizes
        it (its own refresh of some cells leaves the style as it was)."""
        style = self._kept_style
        if style is None:
            style = self._kept_style = self.rich_style
        return style

    def render_lines(self, crop: Region) -> list[Strip]:
        filters = tuple(self.get_line_filters())
        key = (crop, self.outer_size, filters)
        kept = self._kept_lines
        if kept is not None and kept[0] == key:
            return kept[1]
        background = self._plain_background() if self.DRAWS_WHOLE_ROWS else None
        if background is not None:
            # What Textual's styles cache makes of rows with no dressing to add.
            lines = []
            for y in crop.line_range:
                strip = self.render_line(y)
                for line_filter in filters:
                    strip = strip.apply_filter(line_filter, background)
                lines.append(strip)
            x1, x2 = crop.column_span
            if (x1, x2) != (0, self.outer_size.width):
                lines = [strip.crop(x1, x2) for strip in lines]
        else:
            lines = super().render_lines(crop)
        self._kept_lines = (key, lines)
        return lines

    def _plain_background(self) -> Color | None:
        """The background Textual gives its line filters, when it would hand the rows on
        as drawn (no padding, border, outline, tint, opacity or hatch to add); else None."""
        plain = self._kept_plain
        if plain is None:
            styles = self.styles
            undressed = (
                not any(styles.gutter) and not any(kind for kind, _ in styles.outline)
                and not styles.tint.a and styles.text_opacity == 1.0 and self.opacity == 1.0
                and not (styles.has_rule("hatch") and styles.hatch != "none")
            )
            plain = self._kept_plain = (undressed, self.background_colors[1])
        undressed, background = plain
        return background if undressed else None

    def _set_dirty(self, *regions: Region) -> None:
        # Where Textual marks a widget's cells stale: new content, a style, a new size.
        # Restyling and resizing mark the whole widget (no regions).
        self._kept_lines = None
        if not regions:
            self._kept_style = self._kept_plain = None
        super()._set_dirty(*regions)


class KeptStatic(KeptLines, Static):
    """A Static that keeps its lines between frames."""


class KeptColumn(KeptLines, Vertical):
    """A Vertical that keeps its (background) lines between frames."""
