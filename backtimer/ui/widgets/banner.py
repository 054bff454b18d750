"""The coloured band across the top: the phase in capitals, one colour per phase.

The colour is the signal a person sees from the floor without reading, so each
phase has its own, and a phase change flashes the band for a moment (the cue
for when the sound is off). PAUSED is grey and unmistakable. The colours are the
theme's `phase-*` variables, set in phases.tcss.
"""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from backtimer.ui.phases import PHASE_OF_WORD
from backtimer.ui.widgets.kept import KeptLines

FLASH_SECONDS = 0.6

# Banner word -> CSS class. Summary banners use the same widget.
TONES: dict[str, str] = {word: phase.css_class for word, phase in PHASE_OF_WORD.items()}


class PhaseBanner(KeptLines, Static):
    """A full-width band showing one word, coloured by what it says."""

    DEFAULT_CSS = """
    PhaseBanner {
        width: 100%;
        height: 3;
        content-align: center middle;
        text-style: bold;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, word: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.word = ""
        self.detail = ""
        self._flash_timer: Timer | None = None
        if word:
            self.show(word)

    def show(self, word: str, detail: str = "") -> None:
        """Show `word` (and a smaller `detail` after it) in the word's colour."""
        text = Text(word)
        if detail:
            text.append(f"  ·  {detail}")
        # Its height is set in CSS, so a new word needs no layout pass of the screen.
        self.update(text, layout=False)
        self.detail = detail
        if word != self.word:
            for tone in TONES.values():
                self.remove_class(tone)
            new_tone = TONES.get(word)
            if new_tone:
                self.add_class(new_tone)
            self.word = word

    def flash(self) -> None:
        """Light the band up briefly: a phase change seen without sound."""
        if self._flash_timer is not None:
            self._flash_timer.stop()
        self.add_class("-flash")
        # A display-only timer: nothing about time in the session depends on it.
        self._flash_timer = self.set_timer(FLASH_SECONDS, lambda: self.remove_class("-flash"))
