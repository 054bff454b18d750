"""A list of problems found in a file, over the screen that opened it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from backtimer.ui.screens.once import DismissOnce


class ProblemsScreen(DismissOnce[None], ModalScreen[None]):
    """A scrollable list of problems found in a file, over the screen that opened it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "dismiss", "Close"),
    ]
    DEFAULT_CSS = """
    ProblemsScreen {
        align: center middle;
    }
    ProblemsScreen #problems-box {
        width: 100%;
        max-width: 96;
        height: auto;
        max-height: 100%;
        border: round $error;
        border-title-style: bold;
        padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self, title: str, lines: Sequence[str], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems-box") as box:
            box.border_title = self.title_text
            text = Text("\n\n").join(Text(line) for line in self.lines)
            if self.hint:
                text.append("\n\n")
                text.append(self.hint, style="dim")
            yield Static(text, id="problems")
        yield Footer()
