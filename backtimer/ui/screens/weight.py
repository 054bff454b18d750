"""A small box to type the weight used, e.g. `14kg`; enter keeps it, escape cancels.

What is typed follows the routine format's weight rule (`routine.weight_problem`):
a bare number is refused until it has its unit.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from backtimer.core.routine import weight_problem
from backtimer.ui.screens.once import DismissOnce

MAX_LENGTH = 40
HINT = "enter keeps it (this set and the next ones)  ·  escape cancels"


class WeightScreen(DismissOnce[str | None], ModalScreen[str | None]):
    """Dismisses with the text typed (empty clears the weight), or None when cancelled."""

    DEFAULT_CSS = """
    WeightScreen {
        align: center middle;
        background: $background 60%;
    }
    WeightScreen > Vertical {
        width: 56;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 1 2;
        border: thick $accent;
        background: $surface;
    }
    WeightScreen #hint { color: $text-muted; }
    WeightScreen #hint.-problem { color: $text-error; }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, exercise: str, current: str | None) -> None:
        super().__init__()
        self.exercise = exercise
        self.current = current or ""

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Weight for ")
            title.append(self.exercise, style="bold")
            yield Static(title)
            yield Input(self.current, placeholder="e.g. 12kg", max_length=MAX_LENGTH,
                        id="weight")
            yield Static(Text(HINT), id="hint")
        # Its own footer covers the session's, whose keys do nothing while typing.
        yield Footer(compact=True, show_command_palette=False)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = weight_problem(event.value)
        hint = self.query_one("#hint", Static)
        if problem is not None:  # kept open: the number stays, to add its unit
            hint.update(Text(f"{event.value.strip()}: {problem}; escape cancels"))
            hint.add_class("-problem")
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
