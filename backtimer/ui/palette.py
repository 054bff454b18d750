"""Command palette entries: start a routine, open the history, sound on/off.

`BacktimerCommands` is a Textual command Provider in the app's `COMMANDS`, so it is
offered on every screen; each screen decides about some entries: a screen with
`offers_routines = True` lists the routines to start, and "Open history" is left out
while the history is already open or a live session (`offers_history` False) would
go on unseen underneath. Switching theme is Textual's own "Theme" entry; `install(app)`,
called once when the app mounts, makes the theme picked there stick: it is saved to
state.toml (the app's own file), so the next start uses it.
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from rich.align import Align
from rich.text import Text
from textual import on, work
from textual.app import App
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.css.query import NoMatches
from textual.markup import escape
from textual.theme import Theme, ThemeProvider
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from backtimer.core.routine import Routine
from backtimer.storage.config import save_state
from backtimer.ui.screens.once import DismissOnce
from backtimer.ui.widgets.home_detail import estimate_text

if TYPE_CHECKING:
    from backtimer.storage.loader import RoutineEntry
    from backtimer.ui.app_base import BacktimerBase


def routine_entries() -> list[RoutineEntry]:
    """Every routine the loader finds (the person's own first, then bundled), broken ones too."""
    from backtimer.storage import loader

    return list(loader.available_routines())


def start_routine(app: BacktimerBase, routine: Routine) -> None:
    """Start a session of `routine` with the step-ups the person accepted applied."""
    from backtimer.storage.progress_file import applied_from_file

    applied, problems = applied_from_file(routine)
    for problem in problems:
        app.notify(str(problem), title="Progress file", severity="warning", markup=False)
    app.start_session(
        applied.routine, file_routine=routine, changes=applied.changes
    )


def toggle_sound(app: BacktimerBase) -> None:
    """Bell and spoken steps off if the bell was on, and the other way round.

    Only the bell is remembered for the next start (the `sound` setting); spoken
    steps come back with the next start unless `--quiet` is given.
    """
    quiet = not app.quiet
    app.quiet = quiet
    app.voice_off = quiet
    # Back on as it was set: tones, or the bell.
    sound: str | bool = False if quiet else app.sound_mode
    app.settings = app.settings._replace(sound=sound)
    try:
        save_state(sound=sound)
    except OSError as exc:
        app.notify(f"Sound is {'off' if quiet else 'on'} for now, but could not be saved: {exc}",
                   severity="warning", markup=False)
        return
    app.notify("Sound off" if quiet else "Sound on")


def save_theme(app: BacktimerBase, name: str) -> None:
    """Keep a theme the person picked; the theme already in the settings is not written again."""
    if app.settings.theme == name:
        return
    try:
        save_state(theme=name)
    except (OSError, ValueError) as exc:
        app.notify(f"The theme {name} is used now but could not be saved: {exc}",
                   severity="warning", markup=False)
        return
    app.settings = app.settings._replace(theme=name)


def install(app: BacktimerBase) -> None:
    """Save every later theme change (from the palette's theme picker)."""
    def changed(theme: Theme) -> None:
        save_theme(app, theme.name)

    app.theme_changed_signal.subscribe(app, changed)


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[], Any]


def offers_history(app: App[Any], screen: Any) -> bool:
    """Not while the history is already open (a second copy), nor over a live session."""
    from backtimer.ui.screens.history import HistoryScreen

    stack = [*getattr(app, "screen_stack", ()), screen]
    return not any(
        isinstance(s, HistoryScreen) or not getattr(s, "offers_history", True) for s in stack
    )


def commands(
    app: BacktimerBase, with_routines: bool = True, with_history: bool = True
) -> Iterator[Command]:
    """The entries, in the order the palette lists them before anything is typed."""
    if with_routines:
        try:
            entries = routine_entries()
        except Exception:  # a loader problem is shown on the home screen, not here
            entries = []
        for entry in entries:
            routine = getattr(entry, "routine", None)
            if routine is None:
                continue
            yield Command(f"Start {routine.name}", f"{estimate_text(routine)}, "
                          f"{routine.file_name or routine.name}",
                          partial(start_routine, app, routine))
    if with_history:
        yield Command("Open history", "Past sessions, calendar and personal bests",
                      app.open_history)
    quiet = app.quiet
    yield Command("Sound on" if quiet else "Sound off",
                  "Bell and spoken steps back on" if quiet
                  else "Bell and spoken steps off; the bell stays off next time",
                  partial(toggle_sound, app))


def _literal(name: str, matcher: Any = None) -> Content:
    """The name as plain text (routine names are data), with the typed letters marked."""
    content = Content(name)
    if matcher is None:
        return content
    _, offsets = matcher.fuzzy_search.match(matcher.query, name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


class BacktimerCommands(Provider):
    """The app's own palette entries, built from the routines found now."""

    def _commands(self) -> list[Command]:
        # Starting a routine from inside a live session would stack a second one.
        offers = getattr(self.screen, "offers_routines", False)
        app = cast("BacktimerBase", self.app)  # the only app this provider is listed in
        return list(commands(app, with_routines=offers,
                             with_history=offers_history(self.app, self.screen)))

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(_literal(command.name), command.run, text=command.name,
                               help=escape(command.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, _literal(command.name, matcher), command.run,
                          text=command.name, help=escape(command.help))


class SafeCommandPalette(DismissOnce[None], CommandPalette):
    """Textual's palette, guarded where keys that arrive fast make it raise inside Textual.

    PageUp/PageDown within moments of ctrl+p reach Textual's option list before its
    lines are laid out (KeyError in `OptionList._move_page`), and keys that arrive
    while it closes look up a command list already removed (NoMatches). Either would
    end the app, and a live session with it; the key is dropped instead.
    """

    def _action_command_list(self, action: str) -> None:
        try:
            super()._action_command_list(action)
        except (KeyError, IndexError, NoMatches):
            return  # Textual's own error (see the class docstring): the key does nothing

    def _action_cursor_down(self) -> None:
        try:
            super()._action_cursor_down()
        except (KeyError, IndexError, NoMatches):
            return  # as above, inside Textual

    # Textual's command search runs in a worker that can finish after the palette's
    # widgets are gone; its watchers then look them up (NoMatches inside Textual).
    def _watch__list_visible(self) -> None:
        with contextlib.suppress(NoMatches):
            super()._watch__list_visible()

    async def _watch__show_busy(self) -> None:
        with contextlib.suppress(NoMatches):
            await super()._watch__show_busy()

    def _refresh_command_list(self, *args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(NoMatches, KeyError, IndexError):
            super()._refresh_command_list(*args, **kwargs)

    # Textual's search worker (started on mount and by every typed key) looks up the
    # command list; keys that close the palette can take its widgets away first, and
    # Textual then raises NoMatches in the worker, which would end the app.
    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP)
    async def _gather_commands(self, search_value: str) -> None:
        with contextlib.suppress(NoMatches):
            await _TEXTUAL_GATHER(self, search_value)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual's countdown looks the command list up when it is due, and raises
        # NoMatches (inside Textual) if the palette closed meanwhile: the same countdown,
        # with a lookup that lets a gone list be.
        self._stop_no_matches_countdown()
        self._no_matches_timer = self.set_timer(
            self._NO_MATCHES_COUNTDOWN, partial(self._show_no_matches, search_value)
        )

    def _show_no_matches(self, search_value: str) -> None:
        """Textual's "No matches found" line after a search found nothing (not when
        nothing was typed), while the command list is still there."""
        if not search_value:
            self._list_visible = False
            return
        try:
            command_list = self.query_one(CommandList)
        except NoMatches:
            return
        command_list.add_option(Option(Align.center(Text("No matches found", style="not bold")),
                                       disabled=True, id=self._NO_MATCHES))
        self._list_visible = True

    # Textual's own handlers for a picked line and Enter look up the input and the list;
    # these run first and stop them (prevent_default), calling them guarded instead.
    @on(OptionList.OptionSelected)
    def _select_command_if_open(self, event: OptionList.OptionSelected) -> None:
        event.prevent_default()
        with contextlib.suppress(NoMatches):
            CommandPalette._select_command(self, event)

    @on(Input.Submitted)
    def _select_or_command_if_open(self, event: Input.Submitted) -> None:
        event.prevent_default()
        with contextlib.suppress(NoMatches):
            CommandPalette._select_or_command(self, event)


# The undecorated search of Textual's palette, run inside the guarded worker above.
_TEXTUAL_GATHER: Callable[[CommandPalette, str], Awaitable[None]] = inspect.unwrap(
    CommandPalette._gather_commands
)


def open_palette(app: App[Any]) -> None:
    """Open the guarded palette, once (Textual's own check for one already open)."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(SafeCommandPalette(id="--command-palette"))


def search_themes(app: App[Any]) -> None:
    """The palette's Theme entry: Textual's theme picker, in the guarded palette (Textual's
    own `search_themes` opens an unguarded one)."""
    app.push_screen(SafeCommandPalette(providers=[ThemeProvider],
                                       placeholder="Search for themes…"))
