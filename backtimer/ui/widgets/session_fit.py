"""How the session screen shares its rows: the clock first, the rest as room allows.

The clock gets the biggest size that fits in what is left once the lines a person
cannot do without are placed (the band, the title, the bar, a short detail line
and the footer), capped to a share of the height so the screen keeps its shape.
Whatever rows remain go, in this order, to the bottom line, a taller band, the
full detail line, the cues (all of them, else a few at a time, else one at a
time, rotating), and a blank line above the title. Every step is sized from a
template of its widest value, so the clock never changes size within a step;
and every rule grows with the terminal, so a bigger one never gets a smaller clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from backtimer.ui.widgets.countdown import drawing_size, pick_size

CLOCK_SHARE = 0.5  # the clock's share of the height, at most
CLOCK_MIN_ROWS = 5  # the smallest block size: worth more than a line of text
SIDE_MARGIN = 2  # columns kept free left and right of the clock
BANNER_TALL = 3
CUE_ROTATE_SECONDS = 5  # a cue shown alone stays this long before the next


# NamedTuples rather than frozen dataclasses: built at every start (see core/routine.py).
class Need(NamedTuple):
    """What the step on screen asks for, measured at the screen's width."""

    clock: str  # the widest value the step's clock shows, e.g. "0:00"
    side: str = ""  # the smaller text beside it (a held rep's seconds), widest form
    side_word: str = ""
    title_rows: int = 1
    bar_rows: int = 1  # 0 without a bar, 2 with a mark under it
    detail_rows: int = 1  # the full detail line
    short_detail_rows: int = 1  # its compact form
    cue_rows: tuple[int, ...] = ()  # each cue line's height
    cue_header_rows: int = 0  # "For Plank:" above the cues of the set coming up


class Fit(NamedTuple):
    """Rows for each part of the session screen (0: hidden)."""

    clock_how: str  # "block:N", "digits" or "plain"
    clock_rows: int  # rows the clock's drawing takes
    banner_rows: int
    title_rows: int
    title_margin: int
    bar_rows: int
    detail_rows: int
    compact_detail: bool
    cue_page: int  # cues shown at a time; all of them when equal to their count
    cue_rows: int  # rows of the cue area, header and top margin included
    cue_header: bool
    cue_margin: int  # a blank row above the cues, when there is room for one
    overall_rows: int


def fit(width: int, height: int, need: Need, *, footer_rows: int = 1) -> Fit:
    """Share `height` rows between the clock and the rest (see the module's docstring)."""
    base = 1 + need.title_rows + need.bar_rows + need.short_detail_rows + footer_rows
    cap = min(height - base, max(CLOCK_MIN_ROWS, int(height * CLOCK_SHARE)))
    how = pick_size(need.clock, max(1, width - 2 * SIDE_MARGIN), max(1, cap),
                    need.side, need.side_word)
    clock_rows = drawing_size(need.clock, how, need.side, need.side_word).height
    spare = height - base - max(1, clock_rows)
    overall = _take(1, spare)
    spare -= overall
    banner_extra = _take(BANNER_TALL - 1, spare)
    spare -= banner_extra
    extra_detail = need.detail_rows - need.short_detail_rows
    full_detail = 0 <= extra_detail <= spare
    if full_detail:
        spare -= extra_detail
    page, cue_rows, header = _cues(need, spare)
    cue_margin = 1 if page else 0
    if not page:  # tight: the cues without the blank row above them
        page, cue_rows, header = _cues(need, spare + 1)
        cue_rows = max(0, cue_rows - 1)
    spare -= cue_rows
    margin = _take(1, spare)
    return Fit(
        clock_how=how, clock_rows=clock_rows, banner_rows=1 + banner_extra,
        title_rows=need.title_rows, title_margin=margin, bar_rows=need.bar_rows,
        detail_rows=need.detail_rows if full_detail else need.short_detail_rows,
        compact_detail=not full_detail, cue_page=page, cue_rows=cue_rows,
        cue_header=header, cue_margin=cue_margin, overall_rows=overall,
    )


def _take(wanted: int, spare: int) -> int:
    return wanted if spare >= wanted else 0


def _cues(need: Need, spare: int) -> tuple[int, int, bool]:
    """(cues at a time, rows, header shown): all if they fit, else pages, else none."""
    rows = need.cue_rows
    if not rows or spare < 2:  # a blank line above, then at least one cue
        return 0, 0, False
    room = spare - 1
    header = need.cue_header_rows if need.cue_header_rows and room - need.cue_header_rows >= (
        max(rows)) else 0
    room -= header
    if sum(rows) <= room:
        return len(rows), 1 + header + sum(rows), bool(header)
    for page in range(len(rows) - 1, 0, -1):
        tallest = max(_page_rows(rows, page))
        if tallest <= room:
            return page, 1 + header + tallest, bool(header)
    return 0, 0, False


def _page_rows(rows: Sequence[int], page: int) -> list[int]:
    """The height of each page when the cues are shown `page` at a time."""
    return [sum(rows[i:i + page]) for i in range(0, len(rows), page)]


def cue_window(count: int, page: int, elapsed: float) -> range:
    """Which cues show now: all, or the page due at `elapsed` seconds into the step."""
    if page <= 0:
        return range(0)
    if page >= count:
        return range(count)
    pages = -(-count // page)
    at = int(elapsed // CUE_ROTATE_SECONDS) % pages
    return range(at * page, min(count, (at + 1) * page))
