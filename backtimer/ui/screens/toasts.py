"""Where notices go in a small terminal: above the list being chosen from, never over it."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widget import Widget
from textual.widgets._toast import ToastRack

SMALL_WIDTH = 64  # columns: below this a notice would cover the list
SMALL_HEIGHT = 18  # rows


def keep_toasts_above(screen: Screen[Any], chooser: Widget) -> None:
    """In a small terminal, notices sit in the rows above `chooser` (cut to fit, newest
    kept in the app's notifications); elsewhere they keep Textual's bottom-right place.

    Called after each layout of the screen: `chooser`'s place is known only then.
    """
    if not screen.is_attached or not chooser.is_attached:
        return
    width, height = screen.app.size
    small = width < SMALL_WIDTH or height < SMALL_HEIGHT
    room = max(1, chooser.region.y - screen.region.y)
    for rack in screen.query(ToastRack):  # not `display`: Textual sets it with each notice
        if small:
            rack.styles.dock = "top"
            rack.styles.align = ("right", "top")
            rack.styles.margin = (0, 0, 0, 0)
            rack.styles.max_height = room
        else:
            rack.styles.dock = "bottom"
            rack.styles.align = ("right", "bottom")
            rack.styles.margin = (0, 0, 1, 0)
            rack.styles.max_height = None
