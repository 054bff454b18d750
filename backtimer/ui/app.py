"""The Textual app: opens the first screen and moves between screens.

What the screens may use from it is in app_base.BacktimerBase. Quitting the app
(ctrl+q, the palette's Quit) while a session runs asks first, like `q`. With
`routine=` given (from `backtimer run`), the app opens straight on the session and
exits when the person leaves the summary; otherwise it opens on the home screen.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.screen import Screen

from backtimer.core.routine import Routine
from backtimer.ui.app_base import BacktimerBase
from backtimer.ui.phases import phase_variables

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.screen import Screen

    from backtimer.core.progress import Change
    from backtimer.core.records import SessionRecord
    from backtimer.ui.screens.session import SessionScreen
    from backtimer.ui.screens.summary import SummaryScreen


def _palette_commands() -> type[Provider]:
    """backtimer's palette entries, loaded when the palette first opens, not at start-up."""
    from backtimer.ui.palette import BacktimerCommands

    return BacktimerCommands


class BacktimerApp(BacktimerBase):
    TITLE = "backtimer"
    # Absolute: Textual reads a relative path beside the module of each subclass.
    CSS_PATH = Path(__file__).with_name("phases.tcss")
    # Sound on/off and history are offered everywhere; each screen decides about routines.
    COMMANDS = App.COMMANDS | {_palette_commands}

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """The phase colours, for themes that do not set their own."""
        return phase_variables(dark=self.current_theme.dark)

    def on_mount(self) -> None:
        self.call_after_refresh(self._remember_themes)
        if self.settings_problems:
            # One notification for all: several would not fit, and would cover the session.
            self.notify(problems_notice(self.settings_problems), title="Settings",
                        severity="warning", markup=False, timeout=15)
        for note in self.history_notes:
            stuck = not note.startswith("saved ")
            self.notify(note, title="History", severity="error" if stuck else "information",
                        markup=False, timeout=20 if stuck else 12)
        if self.direct_routine is not None:
            return  # the session is the first screen (see get_default_screen)
        if self.is_headless:
            self._open_first_screen()  # nothing is drawn, so nothing is lost; tests find it
        else:
            # Pushed once Textual's start-up batch is over: a screen drawn inside it has
            # its first frame dropped, and the terminal stays blank until something
            # repaints all of it (about 20 ms later, most of the start-up margin).
            self.call_later(self._open_first_screen)

    def get_default_screen(self) -> Screen[Any]:
        """`backtimer run`: the session itself is the first screen, not pushed over a blank one.

        Drawing it first saves a screen and a frame at start-up. It gets the result
        callback a pushed screen would have, so the summary can replace it later.
        """
        if self.direct_routine is None:
            return super().get_default_screen()
        screen = self._session_screen(self.direct_routine, file_routine=self.direct_file_routine,
                                      changes=self.direct_changes)
        screen._push_result_callback(self, None)
        freeze_after_first_frame(screen)
        return screen

    def _remember_themes(self) -> None:
        """The theme picked in the palette is saved (set up after the first frame)."""
        if not self.is_running:
            return  # quit before its first frame: nothing to remember
        from backtimer.ui.palette import install

        install(self)

    def _open_first_screen(self) -> None:
        if self.direct_routine is not None:
            self.start_session(self.direct_routine, file_routine=self.direct_file_routine,
                               changes=self.direct_changes)
        else:
            from backtimer.ui.screens.home import HomeScreen

            home = HomeScreen()
            self.push_screen(home)
            freeze_after_first_frame(home)

    def start_session(
        self,
        routine: Routine,
        *,
        file_routine: Routine | None = None,
        changes: Mapping[str, Sequence[Change]] | None = None,
        resume: SessionRecord | None = None,
    ) -> None:
        screen = self._session_screen(routine, file_routine=file_routine, changes=changes,
                                      resume=resume)
        self.push_screen(screen)
        freeze_after_first_frame(screen)

    def _session_screen(
        self,
        routine: Routine,
        *,
        file_routine: Routine | None = None,
        changes: Mapping[str, Sequence[Change]] | None = None,
        resume: SessionRecord | None = None,
    ) -> SessionScreen:
        from backtimer.ui.screens.session import SessionScreen

        return SessionScreen(routine, file_routine=file_routine, changes=changes,
                             recorder_factory=self.recorder_factory, resume=resume)

    def open_history(self) -> None:
        from backtimer.ui.screens.history import HistoryScreen

        self.push_screen(HistoryScreen())

    async def _on_key(self, event: events.Key) -> None:
        """Runs before Textual's own `_on_key`: a key pressed before the question on top
        was asked never reaches its bindings.

        Keys that arrive together travel through the screen on top when they came and
        reach the app's bindings later; by then a question may be on top, and a `y`
        typed for the weight box would answer "End the session?".
        """
        if event.time < getattr(self.screen, "asked_at", float("-inf")):
            event.prevent_default()  # Textual then skips its handler, which checks bindings

    def search_themes(self) -> None:
        """The palette's Theme entry, in the same guarded palette as ctrl+p."""
        from backtimer.ui.palette import search_themes

        search_themes(self)

    def action_command_palette(self) -> None:
        """ctrl+p: Textual's palette with guards around errors raised inside Textual."""
        from backtimer.ui.palette import open_palette

        open_palette(self)

    async def action_quit(self) -> None:
        """ctrl+q and the palette's Quit: a live session asks first (and is saved), like q."""
        from backtimer.ui.screens.session import SessionScreen

        stack = self.screen_stack
        live = next((s for s in stack if isinstance(s, SessionScreen) and s.live), None)
        unsaved = None if live is not None else _unsaved_summary(stack)
        if live is None and unsaved is None:
            self.exit()
            return
        from backtimer.ui.screens.confirm import ConfirmScreen

        asking = live if live is not None else unsaved
        assert asking is not None
        above = stack[stack.index(asking) + 1:]
        if any(isinstance(s, ConfirmScreen) for s in above):
            return  # the question is already on screen; y or n answers it
        for screen in reversed(above):  # e.g. the weight box: cancelled, as with escape
            screen.dismiss(None)
        if live is not None:
            live.ask_quit()
        elif unsaved is not None:
            unsaved.ask_leave_unsaved(quit_app=True)


def _unsaved_summary(stack: Sequence[Screen[Any]]) -> SummaryScreen | None:
    """The summary of a session that could not be saved nor kept yet, if one is open."""
    from backtimer.ui.screens.summary import SummaryScreen

    return next((s for s in stack if isinstance(s, SummaryScreen) and s.needs_keeping), None)


def freeze_after_first_frame(screen: Screen[Any]) -> None:
    """Once the screen is drawn, move everything alive then out of the collector's sight.

    The app, its widgets and the imported modules live as long as the session: frozen,
    the collections during a hold walk a few thousand objects instead of ~50,000
    (about a quarter of the CPU a hold costs). Collection is switched off for the
    start-up (see `__main__`), and back on from here.
    """
    screen.call_after_refresh(_freeze_then_collect)


def _freeze_then_collect() -> None:
    # No collection first: it would walk every object just frozen (tens of ms) to free
    # the few hundred KB of cycles the start-up left, which then stay with the rest.
    gc.freeze()
    gc.enable()


def problems_notice(problems: Sequence[str]) -> str:
    """All settings problems in one text: `3 problems in config.toml:` then one line each."""
    if len(problems) == 1:
        return problems[0]
    files = {p.split(": ", 1)[0] for p in problems}
    if len(files) == 1 and all(": " in p for p in problems):
        head = f"{len(problems)} problems in {files.pop()}:"
        lines = [p.split(": ", 1)[1] for p in problems]
    else:
        head, lines = f"{len(problems)} problems with the settings:", list(problems)
    return "\n".join([head, *(f"• {line}" for line in lines)])
