"""`?`: every key of the screen underneath, for terminals too small to show them all below.

↑/↓ (and page up/down) scroll a list taller than the terminal; any other key closes
it. The screen underneath (a session keeps running) is not touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


@dataclass(frozen=True)
class KeyHelp:
    """One line of the list: the key as shown, what it does, and whether it works now."""

    key: str
    does: str
    now: bool = True


def keys_text(keys: Sequence[KeyHelp]) -> Text:
    """The keys that work now first, then the others, dimmed, under a heading."""
    width = max((len(k.key) for k in keys), default=0)
    text = Text()
    later = [k for k in keys if not k.now]
    for item in (k for k in keys if k.now):
        text.append(item.key.ljust(width), style="bold")
        text.append(f"  {item.does}\n")
    if later:
        text.append("In other steps:\n", style="italic")
        for item in later:
            text.append(f"{item.key.ljust(width)}  {item.does}\n", style="dim")
    text.append("↑/↓ scroll; any other key closes this list.", style="italic")
    return text


_SCROLL = {"up": "scroll_up", "down": "scroll_down", "pageup": "scroll_page_up",
           "pagedown": "scroll_page_down", "home": "scroll_home", "end": "scroll_end"}


class KeysScreen(ModalScreen[None]):
    """Lists `keys` over the screen; any key or a click closes it."""

    DEFAULT_CSS = """
    KeysScreen { align: center middle; background: $background 40%; }
    KeysScreen > VerticalScroll {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 2;
        border: round $accent;
        background: $surface;
    }
    KeysScreen Static { width: 100%; }
    KeysScreen Toast { display: none; }  /* nothing covers the list while it is read */
    """

    def __init__(self, keys: Sequence[KeyHelp]) -> None:
        super().__init__()
        self.keys = tuple(keys)
        self._closed = False  # a paste delivers many keys at once: dismiss only once

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(keys_text(self.keys), id="keys")

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        scroll = _SCROLL.get(event.key)
        if scroll is not None:
            getattr(self.query_one(VerticalScroll), scroll)(animate=False)
            return
        self._close()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self._close()

    def _close(self) -> None:
        if not self._closed and self.is_current:
            self._closed = True
            self.dismiss(None)
