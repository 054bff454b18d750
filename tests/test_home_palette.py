"""Command palette entries: start a routine, open history, sound on/off, a theme that sticks."""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime
from typing import Any

from textual.command import Command, CommandList, CommandPalette, DiscoveryHit, Hit, Provider
from textual.pilot import Pilot
from textual.screen import Screen

from backtimer.core.clock import FakeClock
from backtimer.core.progress import Suggestion
from backtimer.core.routine import Routine
from backtimer.storage import paths
from backtimer.storage.config import Settings, load_settings, state_file
from backtimer.storage.progress_file import accept
from backtimer.ui.app import BacktimerApp
from backtimer.ui.palette import BacktimerCommands
from backtimer.ui.screens.history import HistoryScreen
from backtimer.ui.screens.home import HomeScreen

TODAY = date(2026, 11, 26)
NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def make_app(settings: Settings | None = None) -> tuple[BacktimerApp, list[Routine]]:
    """The app with start_session replaced by a list of the routines it was given."""
    app = BacktimerApp(settings=settings or Settings(), clock=FakeClock(wall=NOON), today=TODAY)
    app.animation_level = "none"  # no waiting on animations between key presses
    started: list[Routine] = []

    def start(routine: Routine, **_: Any) -> None:
        started.append(routine)

    app.start_session = start  # type: ignore[method-assign]
    return app, started


async def discovered(screen: Screen[Any]) -> dict[str, DiscoveryHit]:
    provider = BacktimerCommands(screen)
    return {hit.text or "": hit async for hit in provider.discover()}  # type: ignore[misc]


async def searched(screen: Screen[Any], query: str) -> list[Hit]:
    provider: Provider = BacktimerCommands(screen)
    return [hit async for hit in provider.search(query)]  # type: ignore[misc]


async def test_palette_offers_every_routine_history_sound_and_theme() -> None:
    """Before typing, the palette lists a start entry per routine and the three app entries."""
    app, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        names = list(await discovered(app.screen))
        assert "Start Core stability" in names and "Start Week 4: building power" in names
        assert names[-2:] == ["Open history", "Sound off"]
        assert "Theme" in [command.title for command in app.get_system_commands(app.screen)]


async def test_start_entry_starts_the_routine_with_step_ups() -> None:
    """Running a start entry starts that routine with accepted step-ups applied."""
    accept([Suggestion("core-stability.toml", "Plank", "hold", 30, 35)], NOON)
    app, started = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        [hit] = [h for h in await searched(app.screen, "start core") if h.text == (
            "Start Core stability")]
        hit.command()
        assert [r.name for r in started] == ["Core stability"]
        assert started[0].exercises[0].hold == 35


async def test_open_history_entry() -> None:
    """The history entry opens the history screen, which does not offer to open itself."""
    app, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (await discovered(app.screen))["Open history"].command()
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert "Open history" not in await discovered(app.screen)  # no second copy


async def test_sound_toggle_is_applied_and_kept() -> None:
    """Sound off silences the app and is saved to state.toml; the entry then offers sound on."""
    app, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.quiet is False
        entry = (await discovered(app.screen))["Sound off"]
        assert "spoken steps off" in str(entry.help)
        entry.command()
        assert app.quiet is True and app.settings.sound is False
        assert app.voice_off is True  # spoken steps too, for this run
        assert load_settings()[0].sound is False
        entries = await discovered(app.screen)
        assert "Sound on" in entries and "Sound off" not in entries
        entries["Sound on"].command()
        assert app.quiet is False and app.voice_off is False
        assert load_settings()[0].sound == "tones"


async def test_sound_comes_back_as_the_bell_when_that_was_chosen() -> None:
    """With sound = "bell", Sound off then Sound on brings the bell back, not tones."""
    from backtimer.ui.palette import toggle_sound

    app, _ = make_app(Settings(sound="bell"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        toggle_sound(app)
        assert app.settings.sound is False
        toggle_sound(app)
        settings = app.settings  # read afresh: toggling replaced it
        assert settings.sound == "bell" and load_settings()[0].sound == "bell"


async def test_theme_change_is_saved() -> None:
    """A theme picked while the app runs is written to state.toml and used next time."""
    app, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await choose(app, pilot, "theme", "Theme")
        assert isinstance(app.screen, CommandPalette)  # now listing the themes
        await choose(app, pilot, "nord", "nord")
        assert app.theme == "nord"
        await pilot.pause()
    assert tomllib.loads(state_file().read_text(encoding="utf-8"))["theme"] == "nord"
    assert load_settings()[0].theme == "nord"


async def test_starting_theme_is_not_written() -> None:
    """The theme from the settings is not saved again at start (config.toml stays in charge)."""
    app, _ = make_app(Settings(theme="gruvbox"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "gruvbox"
    assert not state_file().exists()


async def test_routine_names_in_the_palette_are_literal() -> None:
    """A routine named with markup is shown and matched as written."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "odd.toml").write_text('name = "Plank [/] [b]"\n[[exercise]]\nname = "Plank"\n'
                                     'hold = 30\n', encoding="utf-8")
    app, started = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        entries = await discovered(app.screen)
        assert str(entries["Start Plank [/] [b]"].display) == "Start Plank [/] [b]"
        [hit] = await searched(app.screen, "plank [/")
        assert str(hit.match_display) == "Start Plank [/] [b]"
        hit.command()
        assert started[0].name == "Plank [/] [b]"


async def test_no_start_entries_outside_home_and_history() -> None:
    """On other screens (a live session) the palette does not offer to start a routine."""
    app, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        other = Screen[None]()
        await app.push_screen(other)
        names = list(await discovered(other))
        assert names == ["Open history", "Sound off"]


async def choose(app: BacktimerApp, pilot: Pilot[int], query: str, wanted: str) -> None:
    """Type `query` in the open palette and run the entry called `wanted` once it is listed."""
    await pilot.press(*query)
    commands = app.screen.query_one(CommandList)
    for _ in range(40):  # the palette gathers hits in a worker
        first = commands.get_option_at_index(0) if commands.option_count else None
        if isinstance(first, Command) and first.hit.text == wanted:
            break
        await pilot.pause(0.05)
    else:
        raise AssertionError(f"{wanted!r} was not offered for {query!r}")
    await pilot.press("enter")
    await pilot.pause()


async def test_palette_opens_from_home_with_its_entries() -> None:
    """ctrl+p on home opens the palette; typing finds the history entry and enter runs it."""
    app, _ = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await choose(app, pilot, "hist", "Open history")
        assert isinstance(app.screen, HistoryScreen)


async def test_no_history_entry_over_a_live_session() -> None:
    """During a session the palette does not offer the history, which would hide it running."""
    from test_session_screen import FakeRecorder, routine

    from backtimer.core.routine import Exercise
    from backtimer.ui.screens.confirm import ConfirmScreen

    app = BacktimerApp(routine=routine(Exercise("Plank", hold=10)), clock=FakeClock(wall=NOON),
                       recorder_factory=lambda sid: FakeRecorder(sid, []))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert list(await discovered(app.screen)) == ["Sound off"]
        await pilot.press("q")  # the question over the session: still not offered
        assert isinstance(app.screen, ConfirmScreen)
        assert list(await discovered(app.screen)) == ["Sound off"]
        await pilot.press("y")  # saved: the summary may open the history
        assert "Open history" in await discovered(app.screen)
