"""The big number in the middle of the session screen, readable from a mat two metres away.

It draws the text (`0:45`, `12`) in the largest size that fits the space it is
given: a chunky block font built from half-block characters, Textual's 3-row
digits when space is short, and a plain bold line when even that does not fit.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.reactive import reactive
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
from textual.widget import Widget

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
}
FONT_ROWS = 5
SCALES = (4, 3, 2)  # pixel side in columns (= half rows); tried from the biggest


def pixel_rows(text: str) -> list[str] | None:
    """The text as rows of pixels, one blank pixel between characters; None if unknown chars."""
    glyphs = [FONT.get(ch) for ch in text]
    if not glyphs or any(g is None for g in glyphs):
        return None
    return [".".join(g[row] for g in glyphs if g is not None) for row in range(FONT_ROWS)]


def block_size(text: str, scale: int) -> tuple[int, int] | None:
    """(columns, rows) the text takes at this scale."""
    rows = pixel_rows(text)
    if rows is None:
        return None
    return len(rows[0]) * scale, -(-FONT_ROWS * scale // 2)


def render_blocks(text: str, scale: int) -> list[str]:
    """Draw the text with half blocks: each row of cells shows two rows of pixels."""
    rows = pixel_rows(text) or []
    half_rows = [
        "".join(ch * scale for ch in row) for row in rows for _ in range(scale)
    ]
    if len(half_rows) % 2:
        half_rows.append("." * len(half_rows[0]))
    lines: list[str] = []
    for top, bottom in zip(half_rows[::2], half_rows[1::2], strict=True):
        cells = []
        for a, b in zip(top, bottom, strict=True):
            cells.append({(True, True): "█", (True, False): "▀", (False, True): "▄"}.get(
                (a == "#", b == "#"), " "))
        lines.append("".join(cells))
    return lines


def pick_size(text: str, width: int, height: int) -> str:
    """"block:N", "digits" or "plain": the biggest drawing that fits in width x height."""
    for scale in SCALES:
        size = block_size(text, scale)
        if size is not None and size[0] <= width and size[1] <= height:
            return f"block:{scale}"
    if height >= 3 and DigitsRenderable.get_width(text) <= width:
        return "digits"
    return "plain"


class BigClock(Widget):
    """Shows `value` as large as the space allows, centred.

    Drawn line by line from a cache: the clock changes once a second, and a
    screen of half blocks is costly to lay out as text each time.
    """

    DEFAULT_CSS = """
    BigClock {
        width: 100%;
        height: 1fr;
        min-height: 1;
        text-style: bold;
    }
    """

    value: reactive[str] = reactive("", layout=False)

    def __init__(self, value: str = "", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(BigClock.value, value)
        self._drawn: tuple[object, list[Strip]] = (None, [])

    @property
    def drawn_as(self) -> str:
        """How the value is drawn at the current size (for tests and layout checks)."""
        return pick_size(self.value, self.content_size.width, self.content_size.height)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The style (colour by phase) is looked up once per repaint, not once per row.
        width, height = self.size
        style = self.rich_style
        key = (self.value, width, height, style)
        if self._drawn[0] != key:
            self._drawn = (key, _strips(self.value, width, height, style))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        strips = self._drawn[1]
        return strips[y] if 0 <= y < len(strips) else Strip.blank(self.size.width)


def _strips(value: str, width: int, height: int, style: Style) -> list[Strip]:
    """The whole drawing, centred both ways, one full-width strip per row."""
    how = pick_size(value, width, height)
    if how.startswith("block:"):
        lines = render_blocks(value, int(how.split(":")[1]))
    elif how == "digits":
        lines = _digit_lines(value, style + Style(bold=True))
    else:
        lines = [value]
    # Centred by hand: every line has the same width, so the block never shifts.
    pad = " " * max(0, (width - len(lines[0])) // 2)
    top = max(0, height - len(lines)) // 2
    blank = Strip.blank(width, style)
    rows = [Strip([Segment((pad + line)[:width].ljust(width), style)], width)
            for line in lines[:height]]
    return [blank] * top + rows + [blank] * (height - top - len(rows))


def _digit_lines(value: str, style: Style) -> list[str]:
    """Textual's 3-row digits as plain lines of equal width."""
    rows = ["", "", ""]
    row = 0
    for segment in DigitsRenderable(value, style).render(style):
        if not isinstance(segment, Segment):
            continue
        if segment.text == "\n":
            row += 1
        elif row < 3:
            rows[row] += segment.text
    width = max(len(r) for r in rows)
    return [r.ljust(width) for r in rows]
