"""The big number in the middle of the session screen, readable from a mat two metres away.

It draws the text (`0:45`, `12`, `3/8`) from a chunky 3x5 block font scaled up to
the size the screen picks for it (see `session_fit`), with a smaller second text
beside it when there is one (a held rep's seconds). Textual's 3-row digits and a
plain bold line stand in when even the smallest block size does not fit.

Each glyph is drawn once per size and kept; when the value changes, only the
cells of the characters that changed are repainted, so a hold's second costs
part of one or two glyphs, not the whole clock.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widget import Widget

from backtimer.ui.widgets.kept import KeptLines

# A 3x5 pixel font: '#' is ink. Wider characters are easier to tell apart at a distance.
FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", ".##", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    " ": ("..",) * 5,
    "-": ("...", "...", "###", "...", "..."),
    "/": ("..#", "..#", ".#.", "#..", "#.."),
}
FONT_ROWS = 5
MAX_SCALE = 16
SCALES = tuple(range(MAX_SCALE, 0, -1))  # pixel side in columns (= half rows), biggest first
_CELL = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def pixel_rows(text: str) -> list[str] | None:
    """The text as rows of pixels, one blank pixel between characters; None if unknown chars."""
    glyphs = [FONT.get(ch) for ch in text]
    if not glyphs or any(g is None for g in glyphs):
        return None
    return [".".join(g[row] for g in glyphs if g is not None) for row in range(FONT_ROWS)]


def rows_at(scale: int) -> int:
    """Terminal rows a block drawing takes at `scale` (two pixel rows per terminal row)."""
    return -(-FONT_ROWS * scale // 2)


def block_size(text: str, scale: int) -> tuple[int, int] | None:
    """(columns, rows) the text takes at this scale; None if it has characters the font lacks."""
    rows = pixel_rows(text)
    if rows is None:
        return None
    return len(rows[0]) * scale, rows_at(scale)


@lru_cache(maxsize=256)
def glyph(char: str, scale: int) -> tuple[str, ...]:
    """One character drawn with half blocks at `scale`, kept: the clock reuses it every second."""
    pixels = FONT[char]
    half_rows = ["".join(p * scale for p in row) for row in pixels for _ in range(scale)]
    if len(half_rows) % 2:
        half_rows.append("." * len(half_rows[0]))
    return tuple(
        "".join(_CELL[(a == "#", b == "#")] for a, b in zip(top, bottom, strict=True))
        for top, bottom in zip(half_rows[::2], half_rows[1::2], strict=True)
    )


def render_blocks(text: str, scale: int) -> list[str]:
    """Draw the text with half blocks: each row of cells shows two rows of pixels."""
    return list(_blocks(text, scale)[0])


def _blocks(text: str, scale: int) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """The drawn lines, and each character's (start, end) columns in them."""
    glyphs = [glyph(ch, scale) for ch in text]
    gap = " " * scale
    lines = tuple(gap.join(g[row] for g in glyphs) for row in range(rows_at(scale)))
    spans: list[tuple[int, int]] = []
    x = 0
    for g in glyphs:
        spans.append((x, x + len(g[0])))
        x += len(g[0]) + scale
    return lines, tuple(spans)


class Drawing(NamedTuple):  # a NamedTuple: built at every start (see core/routine.py)
    """A clock's lines (all the same width) and the column span of each big character."""

    lines: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    side_from: int  # first column of the side text (len of a line when there is none)

    @property
    def width(self) -> int:
        return len(self.lines[0]) if self.lines else 0


def side_scale(scale: int) -> int:
    """The size of the smaller text beside the big one."""
    return max(1, scale // 2)


def side_gap(scale: int) -> int:
    return max(2, 2 * scale)


def draw(value: str, how: str, side: str = "", side_word: str = "") -> Drawing:
    """`value` drawn as `how` ("block:N", "digits" or "plain"), `side_word` and `side` beside it."""
    if how.startswith("block:") and pixel_rows(value) is not None:
        scale = int(how.split(":")[1])
        lines, spans = _blocks(value, scale)
        return _with_side(lines, spans, side, side_word, scale)
    if how == "digits":
        lines = tuple(_digit_lines(value))
        spans = ((0, len(lines[0])),)
        return _with_side(lines, spans, side, side_word, 0)
    text = value if not side else f"{value}  {side_word} {side}".rstrip()
    return Drawing((text,), ((0, len(text)),), len(value))


def _with_side(lines: tuple[str, ...], spans: tuple[tuple[int, int], ...], side: str,
               word: str, scale: int) -> Drawing:
    """Put the side text right of the drawing, centred on it from top to bottom."""
    big_width = len(lines[0]) if lines else 0
    if not side:
        return Drawing(lines, spans, big_width)
    small_scale = side_scale(scale) if scale else 0
    small = list(_blocks(side, small_scale)[0]) if small_scale and pixel_rows(side) else [side]
    column = [word, *small] if word else small
    width = max(len(line) for line in column)
    gap = " " * side_gap(scale)
    height = max(len(lines), len(column))
    column = [""] * max(0, (len(lines) - len(column)) // 2) + column
    rows = []
    for row in range(height):
        big = lines[row] if row < len(lines) else " " * big_width
        extra = column[row] if row < len(column) else ""
        rows.append(big + gap + extra.ljust(width))
    return Drawing(tuple(rows), spans, big_width + len(gap))


def drawing_size(value: str, how: str, side: str = "", side_word: str = "") -> Size:
    """Columns and rows `value` (with its side text) takes when drawn as `how`."""
    drawn = draw(value, how, side, side_word)
    return Size(drawn.width, len(drawn.lines))


def pick_size(text: str, width: int, height: int, side: str = "", side_word: str = "") -> str:
    """"block:N", "digits" or "plain": the biggest drawing that fits in width x height."""
    if pixel_rows(text) is not None:
        for scale in SCALES:
            if rows_at(scale) > height:
                continue
            size = drawing_size(text, f"block:{scale}", side, side_word)
            if size.width <= width and size.height <= height:
                return f"block:{scale}"
    if height >= 3 and drawing_size(text, "digits", side, side_word).width <= width:
        return "digits"
    return "plain"


class BigClock(KeptLines, Widget):
    """Shows a value as large as the screen asks for (or as fits), centred.

    `show()` compares the new drawing with the one on screen and marks only the
    cells that changed (the rows of the characters that differ); only those rows
    are drawn again, each from its line of text when Textual asks for it. The
    widget's size never depends on its value, so a new value never needs a layout
    pass.
    """

    DEFAULT_CSS = """
    BigClock {
        width: 100%;
        height: 1fr;
        min-height: 1;
        text-style: bold;
    }
    """

    DRAWS_WHOLE_ROWS = True

    def __init__(self, value: str = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._value = value
        self.side = ""
        self.side_word = ""
        self.how: str | None = None  # set by the screen's fit; None: pick by own size
        self._key: tuple[object, ...] = ()
        self._drawing: Drawing | None = None
        self._origin = (0, 0)  # where the drawing's top-left cell sits in the widget
        self._cells = (0, 0)  # the widget's size when last drawn
        # The colour the drawing is made in; None once Textual restyles or resizes the
        # widget (both mark all of it dirty), to be looked up again at the next paint.
        self._style: Style | None = None
        self._rows: dict[str, Strip] = {}  # strips made for the drawing's rows, by text

    @property
    def value(self) -> str:
        return self._value

    @value.setter
    def value(self, value: str) -> None:
        self.show(value, self.side, self.side_word, self.how)

    @property
    def drawn_as(self) -> str:
        """How the value is drawn at the current size (for tests and layout checks)."""
        width, height = self.content_size
        if self.how is not None:
            size = drawing_size(self.value, self.how, self.side, self.side_word)
            if size.width <= width and size.height <= height:
                return self.how
        return pick_size(self.value, width, height, self.side, self.side_word)

    @property
    def glyph_rows(self) -> int:
        """Rows the big text takes on screen now (what someone on the floor sees)."""
        how = self.drawn_as
        if how.startswith("block:"):
            return rows_at(int(how.split(":")[1]))
        return 3 if how == "digits" else 1

    def show(self, value: str, side: str = "", side_word: str = "", how: str | None = None
             ) -> None:
        """Show a new value; repaints only the characters that changed when nothing moved."""
        if (value, side, side_word, how) == (self.value, self.side, self.side_word, self.how):
            return
        self._value, self.side, self.side_word, self.how = value, side, side_word, how
        old, old_origin, style = self._drawing, self._origin, self._style
        if not self.is_mounted or old is None or style is None:
            self.refresh()  # not drawn yet, or all of it is to be drawn again anyway
            return
        self._update(*self._cells, style)
        new = self._drawing
        if new is None or self._origin != old_origin or new.width != old.width or (
            len(new.lines) != len(old.lines) or len(new.spans) != len(old.spans)
        ):
            self.refresh()
            return
        regions = _changed(old, new, self._origin)
        if regions:
            self.refresh(*regions)

    def _set_dirty(self, *regions: Region) -> None:
        if not regions:  # Textual's whole-widget repaint: a new style or size
            self._style = None
        super()._set_dirty(*regions)

    def _update(self, width: int, height: int, style: Style) -> None:
        key = (self.value, self.side, self.side_word, self.how, width, height, style)
        if key == self._key:
            return
        self._cells = (width, height)
        how = self.how
        drawing = draw(self.value, how, self.side, self.side_word) if how else None
        if drawing is None or drawing.width > width or len(drawing.lines) > height:
            how = pick_size(self.value, width, height, self.side, self.side_word)
            drawing = draw(self.value, how, self.side, self.side_word)
        self._drawing = drawing
        # Centred by hand: every line has the same width, so the block never shifts.
        self._origin = (max(0, (width - drawing.width) // 2),
                        max(0, height - len(drawing.lines)) // 2)
        kept = self._rows if self._key[4:] == key[4:] else {}
        self._key = key
        # A row that reads the same keeps its strip (a 3 and a 2 share their top rows).
        rows = (self._padded(line) for line in drawing.lines)
        self._rows = {row: kept[row] for row in rows if row in kept}

    def _padded(self, line: str) -> str:
        """A line of the drawing as the full row of the widget it is shown on."""
        width = self._cells[0]
        return (" " * self._origin[0] + line)[:width].ljust(width)

    def render_line(self, y: int) -> Strip:
        style = self._style
        if style is None:
            # Looked up once per restyle, not for each row or each second.
            style = self._style = self.rich_style
            width, height = self.size
            self._update(width, height, style)
        width = self._cells[0]
        drawing = self._drawing
        top = self._origin[1]
        if drawing is None or not top <= y < top + len(drawing.lines):
            return Strip.blank(width, style)
        row = self._padded(drawing.lines[y - top])
        strip = self._rows.get(row)
        if strip is None:
            strip = self._rows[row] = Strip([Segment(row, style)], width)
        return strip


def _changed(old: Drawing, new: Drawing, origin: tuple[int, int]) -> list[Region]:
    """The regions (widget coordinates) of the characters whose drawing changed: for
    each character, the runs of rows that differ (a 3 and a 2 share their top rows)."""
    x0, y0 = origin
    regions: list[Region] = []
    spans = [*new.spans, (new.side_from, new.width)]
    for start, end in spans:
        if end <= start:
            continue
        run = None  # first row of the run of changed rows being collected
        for row, (a, b) in enumerate(zip(old.lines, new.lines, strict=True)):
            if a[start:end] != b[start:end]:
                if run is None:
                    run = row
            elif run is not None:
                regions.append(Region(x0 + start, y0 + run, end - start, row - run))
                run = None
        if run is not None:
            regions.append(Region(x0 + start, y0 + run, end - start, len(new.lines) - run))
    return regions


def _digit_lines(value: str) -> list[str]:
    """Textual's 3-row digits as plain lines of equal width."""
    rows = ["", "", ""]
    row = 0
    style = Style()
    for segment in DigitsRenderable(value, style).render(style):
        if not isinstance(segment, Segment):
            continue
        if segment.text == "\n":
            row += 1
        elif row < 3:
            rows[row] += segment.text
    width = max(len(r) for r in rows)
    return [r.ljust(width) for r in rows]
