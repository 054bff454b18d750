"""A yes/no question over the current screen: `y` yes, `n` or escape no."""

from __future__ import annotations

from rich.text import Text
from textual._time import get_time  # the clock Textual stamps key events with
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from backtimer.ui.screens.once import DismissOnce


class ConfirmScreen(DismissOnce[bool], ModalScreen[bool]):
    """Asks `question`; dismisses with True for yes, False for no."""

    DEFAULT_CSS = """
    ConfirmScreen {
        align: center middle;
        background: $background 60%;
    }
    ConfirmScreen > Vertical {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: thick $warning;
        background: $surface;
    }
    ConfirmScreen #question { text-style: bold; }
    ConfirmScreen #explain { margin-top: 1; color: $text-muted; }
    ConfirmScreen #keys { margin-top: 1; text-style: bold; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, explain: str = "") -> None:
        super().__init__()
        self.question = question
        self.explain = explain
        # Keys made before the question was asked never answer it (see BacktimerApp._on_key).
        self.asked_at = get_time()

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(self.question), id="question")
            if self.explain:
                yield Static(Text(self.explain), id="explain")
            yield Static(Text("y  yes      n  no"), id="keys")
        # Its own footer covers the one underneath, which would list keys that do nothing now.
        yield Footer(compact=True, show_command_palette=False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
