"""Keys that arrive too fast or at random never end a live session nor spoil its journal."""

from __future__ import annotations

import random
import string
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, cast

import pytest
from textual import events
from textual._callback import invoke
from textual.app import App
from textual.command import CommandInput, CommandList, CommandPalette
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, OptionList

from backtimer.core.clock import FakeClock
from backtimer.core.routine import Exercise, Rest, Routine
from backtimer.storage.history.journal import journal_path, read_journal
from backtimer.ui.app import BacktimerApp
from backtimer.ui.palette import SafeCommandPalette
from backtimer.ui.screens.confirm import ConfirmScreen
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.screens.summary import SummaryScreen
from backtimer.ui.screens.weight import WeightScreen

LONG = Routine(
    "Long",
    (Exercise("Plank", sets=400, hold=20), Exercise("Rows", sets=400, reps=10, weight="12kg")),
    lead_in=3,
    rest=Rest(10, 10),
)
# Keys that open a question a following `y` would answer with "end the session".
QUESTIONS = {"q", "ctrl+q", "exclamation_mark", "enter", "ctrl+p"}
CONTROL = ["escape", "tab", "shift+tab", "backspace", "delete", "insert", "home", "end",
           "pageup", "pagedown", "up", "down", "left", "right", "space",
           *(f"ctrl+{c}" for c in string.ascii_lowercase), *(f"f{n}" for n in range(1, 13))]


def bound_keys() -> list[str]:
    """Every key bound by the app, its screens and the Textual widgets they show."""
    from backtimer.ui.screens.pain import PainScreen

    classes: Iterable[Any] = (BacktimerApp, App, Screen, SessionScreen, ConfirmScreen,
                              WeightScreen, SummaryScreen, PainScreen, Input, OptionList,
                              CommandPalette)
    keys = {"ctrl+p"}
    for cls in classes:
        for binding in cls.BINDINGS:
            key = binding.key if hasattr(binding, "key") else binding[0]
            keys.update(k.strip() for k in key.split(","))
    return sorted(keys)


def key_event(key: str) -> events.Key:
    """The event a terminal sends for `key` (a key name or one printable character)."""
    if len(key) == 1:
        return events.Key(_character_to_key(key), key)
    named = {"space": " ", "exclamation_mark": "!", "enter": "\r", "tab": "\t",
             "escape": "\x1b", "equals_sign": "=", "plus": "+", "minus": "-"}
    return events.Key(key, named.get(key))


def burst(app: App[Any], keys: Iterable[str]) -> None:
    """Queue keys all at once, as a paste or a key held down delivers them."""
    assert app._driver is not None
    for key in keys:
        event = key_event(key)
        event.set_sender(app)
        app._driver.send_message(event)


@asynccontextmanager
async def live(routine: Routine, size: tuple[int, int] = (80, 24)
               ) -> AsyncIterator[tuple[BacktimerApp, Pilot[int], FakeClock]]:
    """A direct run with the real history store and a fake clock."""
    clock = FakeClock()
    app = BacktimerApp(routine=routine, clock=clock, quiet=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot, clock


def session_screen(app: App[Any]) -> SessionScreen:
    return next(s for s in app.screen_stack if isinstance(s, SessionScreen))


async def test_a_pasted_w_and_three_enters_leave_the_session_running() -> None:
    """The weight box closes once for a pasted `w` and Enters; the session goes on."""
    async with live(LONG) as (app, pilot, _clock):
        burst(app, ["w", "enter", "enter", "enter"])
        await pilot.pause()
        await pilot.pause()
        assert app.return_value is None and app.is_running
        assert session_screen(app).live
        assert not any(isinstance(s, WeightScreen) for s in app.screen_stack)


async def test_a_weight_box_closed_twice_pops_only_itself() -> None:
    """A second dismiss of a closing dialog does not take the session screen with it."""
    async with live(Routine("R", (Exercise("Rows", sets=2, reps=10, weight="12kg"),),
                            lead_in=0)) as (app, pilot, _clock):
        await pilot.press("w")
        box = app.screen
        assert isinstance(box, WeightScreen)
        box.dismiss("14kg")
        box.dismiss("15kg")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        session = session_screen(app).session
        assert session is not None and session.weight_for(session.step) == "14kg"


async def test_page_keys_right_after_ctrl_p_do_nothing_harmful() -> None:
    """PageUp/PageDown straight after ctrl+p (inside Textual's list) are dropped, not fatal."""
    async with live(LONG) as (app, pilot, _clock):
        burst(app, ["ctrl+p", "pagedown", "pageup", "pagedown", "pageup", "ctrl+end"])
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.return_value is None
        burst(app, ["escape", "escape", "escape"])
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and session_screen(app).live


async def test_the_theme_picker_is_the_guarded_palette_too() -> None:
    """The palette's Theme entry opens the same guarded palette: page keys straight after
    it opens (inside Textual's list) do not end the app."""
    async with live(LONG) as (app, pilot, _clock):
        app.action_change_theme()
        burst(app, ["pagedown", "pageup", "pagedown", "end", "pageup"])
        await pilot.pause()
        assert isinstance(app.screen, SafeCommandPalette)
        await pilot.pause()
        assert app.is_running and app.return_value is None
        burst(app, ["escape"])
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and session_screen(app).live


async def palette_without_its_list(app: BacktimerApp, pilot: Pilot[int]) -> SafeCommandPalette:
    """The palette as keys that close it leave it: open, its command list already gone."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = app.screen
    assert isinstance(palette, SafeCommandPalette)
    await palette.query_one(CommandList).remove()
    return palette


async def test_a_search_that_runs_after_the_palette_lost_its_list_is_harmless() -> None:
    """Textual's search worker finding the command list gone (keys racing the close) does
    not end the app nor the session."""
    async with live(LONG) as (app, pilot, _clock):
        palette = await palette_without_its_list(app, pilot)
        palette._gather_commands("x")
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.return_value is None
        burst(app, ["escape"])
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen) and session_screen(app).live


async def test_no_matches_shown_after_the_palette_lost_its_list_is_harmless() -> None:
    """Textual's "No matches" notice, due after a search found nothing, finding the command
    list gone does not raise (run straight away: tests never wait for real time)."""
    async with live(LONG) as (app, pilot, _clock):
        palette = await palette_without_its_list(app, pilot)
        palette._start_no_matches_countdown("zzz")
        timer = palette._no_matches_timer
        assert timer is not None and timer._callback is not None
        await invoke(timer._callback)  # what the timer does when due
        timer.stop()
        await pilot.pause()
        assert app.is_running and session_screen(app).live


async def test_enter_in_a_palette_that_lost_its_list_is_harmless() -> None:
    """Enter reaching the palette after its list is gone is dropped; the session goes on."""
    async with live(LONG) as (app, pilot, _clock):
        palette = await palette_without_its_list(app, pilot)
        palette._list_visible = True
        palette.post_message(Input.Submitted(palette.query_one(CommandInput), "x"))
        await pilot.pause()
        await pilot.pause()
        assert app.is_running and app.return_value is None
        assert session_screen(app).live


async def test_a_key_pressed_before_a_question_never_answers_it() -> None:
    """A `y` made before "End the session now?" was asked (late through a busy queue) is
    ignored; a `y` pressed after it ends the session."""
    async with live(LONG) as (app, pilot, _clock):
        early = key_event("y")
        early.set_sender(app)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        app.post_message(early)
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen) and session_screen(app).live
        await pilot.press("y")
        assert isinstance(app.screen, SummaryScreen)


def random_keys(rng: random.Random, count: int, bound: list[str]) -> list[str]:
    printable = string.ascii_letters + string.digits + string.punctuation + " éß²€"
    keys = []
    for _ in range(count):
        pick = rng.random()
        if pick < 0.55:
            keys.append(rng.choice(bound))
        elif pick < 0.75:
            keys.append(rng.choice(CONTROL))
        else:
            keys.append(rng.choice(printable))
    return keys


def without_confirmed_quits(keys: list[str], asking: bool) -> list[str]:
    """Drop every `y` that could answer an end-the-session question; the rest go as they are.

    Once a key that may ask has gone, no `y` follows in the same burst: an `n` or escape
    sent before the question is on screen does not close it.
    """
    kept = []
    for key in keys:
        if key == "y" and asking:
            continue
        asking = asking or key in QUESTIONS
        kept.append(key)
    return kept


@pytest.mark.parametrize("seed", [10])
async def test_thousands_of_random_keys_never_end_a_live_session(
    seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random bound, control and printable keys in bursts, with simulated time passing: the
    session is still running afterwards and its journal reads back."""
    monkeypatch.chdir(tmp_path)  # the palette's screenshot entry writes where it runs
    rng = random.Random(seed)
    bound = bound_keys()
    async with live(LONG) as (app, pilot, clock):
        for _ in range(60):
            asking = (isinstance(app.screen, ConfirmScreen)
                      or CommandPalette.is_open(cast(App[object], app)))
            burst(app, without_confirmed_quits(random_keys(rng, rng.randint(15, 45), bound),
                                               asking))
            await pilot.pause()
            clock.advance(rng.choice([0.0, 0.25, 1.0, 4.0]))
            session_screen(app).tick()
            assert app.is_running and app.return_value is None, "the app ended"
        screen = session_screen(app)
        assert screen.live, "the session ended"
        assert screen.session is not None
        await pilot.pause()
        journal = read_journal(journal_path(screen.session.id))
        assert journal.session["id"] == screen.session.id
        assert isinstance(journal.session.get("sets"), list) and not journal.final
