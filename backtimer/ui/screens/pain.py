"""Shown after a stop for pain: calm, plain advice, nothing to do but read it."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from backtimer.ui.screens.once import DismissOnce

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


def gentle_line() -> str:
    """Where to start again once the pain settles: the gentle routine, if one is found."""
    from backtimer.core.programme import gentle_choice
    from backtimer.storage.loader import available_routines

    try:
        routine = gentle_choice(e.routine for e in available_routines() if e.routine)
    except Exception:  # the advice must show whatever the routine files hold
        return ""
    if routine is None:
        return ""
    return (f"• When the pain has settled, {routine.name} is the place to start: slow, easy "
            f"movement before anything harder (pick it on the home screen, or run "
            f"`backtimer run {routine.slug}`).")


def advice_text(gentle: str) -> str:
    """The advice, with the gentle-routine line before the last point (see a doctor)."""
    lines = list(ADVICE)
    if gentle:
        doctor = next(i for i, line in enumerate(ADVICE) if line.startswith("• See a doctor"))
        lines.insert(doctor, gentle)
    return "\n".join(lines)


class PainScreen(DismissOnce[None], Screen[None]):
    """Calm advice after a pain stop; any of enter, escape or q moves on."""

    DEFAULT_CSS = """
    PainScreen { align: center middle; }
    PainScreen > VerticalScroll { width: 72; max-width: 100%; height: auto; max-height: 1fr; }
    PainScreen Vertical { height: auto; padding: 1 2; border: round $primary; }
    PainScreen #title { text-style: bold; color: $primary; margin-bottom: 1; }
    """

    BINDINGS = [Binding("enter,escape,q", "close", "Continue")]

    def __init__(self, gentle: str | None = None) -> None:
        super().__init__()
        self.gentle = gentle_line() if gentle is None else gentle

    def compose(self) -> ComposeResult:
        with VerticalScroll(), Vertical():
            yield Static(Text("Stopped because of pain"), id="title")
            yield Static(Text(advice_text(self.gentle)), id="advice")
        yield Footer(show_command_palette=False)

    def action_close(self) -> None:
        self.dismiss(None)
