"""What every screen may use from the app: settings, the clock, sound and the moves
between screens.

Screens type their app as `BacktimerBase` (through `textual.getters.app`), never as the
app in app.py, which imports the screens to move between them.

CONTRACT for screens:
- `self.app.settings` (config.Settings), `self.app.clock` (clock.Clock), `self.app.quiet`.
- `self.app.start_session(routine)` pushes the session screen for a loaded Routine
  (accepted progress steps are applied by the caller, see progress_file.applied_from_file).
  Optional keywords: `file_routine=` the routine as in its file (for step-up
  suggestions) and `changes=` the applied steps (`Applied.changes`) to show as
  `35 s (was 30 s)`; without them the session screen works both out itself.
  `resume=` an interrupted session's record: the session picks up after its last set.
- `self.app.open_history()` pushes the history screen.
- `self.app.tones` (tones.TonePlayer) plays the session's tones; it outlives screens, so
  the end-of-session tone is not cut off when the summary replaces the session.
- `self.app.ring()` rings the terminal bell unless sound is off; `self.app.voice_off`
  silences spoken steps (both are switched together by the palette's sound entry).
- `self.app.settings_problems`: every problem found in the settings files, as lines
  (the app shows them once, together, in one notification).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual.app import App

from backtimer.core.clock import Clock, SystemClock
from backtimer.core.routine import Routine
from backtimer.sound.tones import TonePlayer
from backtimer.storage.config import DEFAULTS, Settings

if TYPE_CHECKING:  # not imported at start-up: the first frame needs none of them
    from backtimer.core.progress import Change
    from backtimer.core.records import SessionRecord
    from backtimer.storage.history.recorder import RecorderFactory


class BacktimerBase(App[int]):
    """The app as its screens see it; app.BacktimerApp fills in the moves."""

    def __init__(
        self,
        *,
        routine: Routine | None = None,
        settings: Settings = DEFAULTS,
        settings_problems: list[str] | None = None,
        history_notes: list[str] | None = None,
        clock: Clock | None = None,
        quiet: bool = False,
        today: date | None = None,
        file_routine: Routine | None = None,
        routine_changes: Mapping[str, Sequence[Change]] | None = None,
        recorder_factory: RecorderFactory | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.settings_problems = settings_problems or []
        self.history_notes = history_notes or []  # sessions recovered (or stuck) at start
        self.clock: Clock = clock or SystemClock()
        self.quiet = quiet or not settings.sound
        self.voice_off = quiet  # --quiet also silences the announce command
        self.tones = TonePlayer()  # finds a player at the first tone, not at start-up
        self.sound_mode = settings.sound if isinstance(settings.sound, str) else "tones"
        self.today = today  # fixed in tests and screenshots; None means the real date
        self.direct_routine = routine
        self.direct_file_routine = file_routine
        self.direct_changes = routine_changes
        self.recorder_factory = recorder_factory  # None: the real history store
        self.theme = settings.theme

    def current_date(self) -> date:
        return self.today or self.clock.wall().date()

    def ring(self) -> None:
        if not self.quiet:
            self.bell()

    def start_session(
        self,
        routine: Routine,
        *,
        file_routine: Routine | None = None,
        changes: Mapping[str, Sequence[Change]] | None = None,
        resume: SessionRecord | None = None,
    ) -> None:
        raise NotImplementedError

    def open_history(self) -> None:
        raise NotImplementedError
