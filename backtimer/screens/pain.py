"""Shown after a stop for pain: calm, plain advice, nothing to do but read it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from backtimer.screens.once import DismissOnce

ADVICE = (
    "You did the right thing by stopping.",
    "",
    "• Stop training for today. Do not try to finish the set or work through it.",
    "• Rest in a position that feels easy. Once the pain has settled, gentle movement "
    "such as an easy walk usually helps more than staying still.",
    "• Come back to these exercises only when they feel comfortable again, and start "
    "easier than before.",
    "• See a doctor or physiotherapist if the pain does not ease, gets worse, or comes "
    "with numbness or weakness.",
    "",
    "The session was saved as stopped for pain, with the sets you did.",
)


class PainScreen(DismissOnce[None], Screen[None]):
    """Calm advice after a pain stop; any of enter, escape or q moves on."""

    DEFAULT_CSS = """
    PainScreen { align: center middle; }
    PainScreen > VerticalScroll { width: 72; max-width: 100%; height: auto; max-height: 1fr; }
    PainScreen Vertical { height: auto; padding: 1 2; border: round $primary; }
    PainScreen #title { text-style: bold; color: $primary; margin-bottom: 1; }
    """

    BINDINGS = [Binding("enter,escape,q", "close", "Continue")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(), Vertical():
            yield Static(Text("Stopped because of pain"), id="title")
            yield Static(Text("\n".join(ADVICE)), id="advice")
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        self.dismiss(None)
