"""The Textual app: holds settings and the clock, and moves between screens.

CONTRACT for screens:
- `self.app.settings` (config.Settings), `self.app.clock` (clock.Clock), `self.app.quiet`.
- `self.app.start_session(routine)` pushes the session screen for a loaded Routine
  (accepted progress steps are applied by the caller, see progress.applied_from_file).
  Optional keywords: `file_routine=` the routine as in its file (for step-up
  suggestions) and `changes=` the applied steps (`Applied.changes`) to show as
  `35 s (was 30 s)`; without them the session screen works both out itself.
  `resume=` an interrupted session's record: the session picks up after its last set.
- `self.app.open_history()` pushes the history screen.
- `self.app.ring()` rings the terminal bell unless sound is off.
- With `routine=` given (from `backtimer run`), the app opens straight on the session and
  exits when the person leaves the summary; otherwise it opens on the home screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from textual.app import App

from backtimer.clock import Clock, SystemClock
from backtimer.config import DEFAULTS, Settings
from backtimer.palette import BacktimerCommands, install
from backtimer.routine import Routine

if TYPE_CHECKING:
    from backtimer.progress import Change
    from backtimer.screens.session import RecorderFactory


class BacktimerApp(App[int]):
    TITLE = "backtimer"
    # Sound on/off and history are offered everywhere; each screen decides about routines.
    COMMANDS = App.COMMANDS | {BacktimerCommands}

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
        self.today = today  # fixed in tests and screenshots; None means the real date
        self.direct_routine = routine
        self.direct_file_routine = file_routine
        self.direct_changes = routine_changes
        self.recorder_factory = recorder_factory  # None: the real history store
        self.theme = settings.theme

    def on_mount(self) -> None:
        install(self)  # the theme picked in the palette is remembered
        for problem in self.settings_problems:
            self.notify(problem, title="Settings", severity="warning", markup=False,
                        timeout=12)
        for note in self.history_notes:
            stuck = not note.startswith("saved ")
            self.notify(note, title="History", severity="error" if stuck else "information",
                        markup=False, timeout=20 if stuck else 12)
        if self.direct_routine is not None:
            self.start_session(self.direct_routine, file_routine=self.direct_file_routine,
                               changes=self.direct_changes)
        else:
            from backtimer.screens.home import HomeScreen

            self.push_screen(HomeScreen())

    def current_date(self) -> date:
        return self.today or self.clock.wall().date()

    def start_session(
        self,
        routine: Routine,
        *,
        file_routine: Routine | None = None,
        changes: Mapping[str, Sequence[Change]] | None = None,
        resume: Mapping[str, Any] | None = None,
    ) -> None:
        from backtimer.screens.session import SessionScreen

        self.push_screen(
            SessionScreen(routine, file_routine=file_routine, changes=changes,
                          recorder_factory=self.recorder_factory, resume=resume)
        )

    def open_history(self) -> None:
        from backtimer.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    def ring(self) -> None:
        if not self.quiet:
            self.bell()
