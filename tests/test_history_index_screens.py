"""The screens over the history's index: a long list in batches, sets read when shown."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from test_history_screen import NOON, TODAY, history, hold, plain, session, write_history
from test_session_screen import routine, running
from textual.widgets import DataTable

from backtimer.core import history_view, stats
from backtimer.core.clock import FakeClock
from backtimer.core.routine import Exercise
from backtimer.core.sample import write_sample_history
from backtimer.storage import paths
from backtimer.storage.config import Settings
from backtimer.storage.history import index, reader
from backtimer.storage.history.index import IndexRow
from backtimer.ui.app import BacktimerApp
from backtimer.ui.screens.history import BATCH_ROWS, FIRST_ROWS, HistoryScreen
from backtimer.ui.widgets.countdown import BigClock

assert NOON and TODAY  # the shared scene of the history screen tests


async def test_a_long_history_shows_its_newest_rows_first_then_all() -> None:
    """The newest rows are in the table at once; the rest follow, all in order."""
    count = FIRST_ROWS + BATCH_ROWS + 50
    write_sample_history(paths.history_file(), count)
    async with history(size=(100, 30)) as (app, pilot, screen):
        table = screen.query_one("#sessions-table", DataTable)
        assert table.row_count >= FIRST_ROWS
        for _ in range(50):
            if table.row_count == count:
                break
            await pilot.pause()
        assert table.row_count == count
        assert screen.data is not None
        newest, oldest = screen.data.sessions[0], screen.data.sessions[-1]
        assert newest["started"] > oldest["started"]
        # Rows without sets; the newest comes whole (it may be picked up where it stopped).
        assert all(isinstance(s, IndexRow) for s in screen.data.sessions[1:])


async def test_a_sessions_sets_are_read_from_its_block_when_shown() -> None:
    """The detail shows the highlighted session's sets, which the rows do not hold."""
    write_history(session(date(2026, 11, 20), hold("Plank", 41.0)),
                  session(date(2026, 11, 24), hold("Side plank", 22.0, side="left")))
    async with history(size=(100, 30)) as (app, pilot, screen):
        detail = plain(screen, "#detail")
        assert "Side plank" in detail and "22 s" in detail
        await pilot.press("down")
        await pilot.pause()
        detail = plain(screen, "#detail")
        assert "Plank" in detail and "41 s" in detail and "Side" not in detail


async def test_the_history_screen_reads_the_index_not_the_whole_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With a warm index, opening the history parses no TOML but the shown session's block."""
    write_history(*(session(date(2026, 11, d), hold("Plank", 30.0 + d)) for d in range(1, 25)))
    index.load_index()
    blocks: list[int] = []
    real = reader._parse_block

    def counting(kind: str, block: bytes) -> Any:
        blocks.append(len(block))
        return real(kind, block)

    def no_full_parse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the whole file was parsed")

    monkeypatch.setattr(reader._Parse, "into", no_full_parse)
    monkeypatch.setattr(reader, "_parse_block", counting)
    async with history(size=(100, 30)) as (app, pilot, screen):
        assert screen.data is not None and len(screen.data.sessions) == 24
        assert not screen.data.problems
    assert 1 <= len(blocks) <= 3  # the newest (home) and the highlighted one


async def test_gc_is_frozen_once_the_session_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first session frame, what is alive is moved out of the collector's sight."""
    frozen: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    async with running(routine(Exercise("Plank", hold=10))) as run:
        await run.pilot.pause()
        assert run.app.screen.query(BigClock)  # the session is the first screen
        assert frozen


@pytest.fixture
def collection_off() -> Iterator[None]:
    """Collection switched off, as `backtimer` does for its start-up; on again after."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@pytest.mark.usefixtures("collection_off")
async def test_collection_is_back_on_once_the_session_is_drawn() -> None:
    """Switched off for the start-up, collection runs again from the first session frame."""
    async with running(routine(Exercise("Plank", hold=10))) as run:
        await run.pilot.pause()
        assert run.app.screen.query(BigClock)
        assert gc.isenabled()


@pytest.mark.usefixtures("collection_off")
async def test_collection_is_back_on_once_the_home_screen_is_drawn() -> None:
    """The same for bare `backtimer`, which opens on the home screen."""
    app = BacktimerApp(settings=Settings(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query("#routines")
        assert gc.isenabled()


def test_history_screen_gathers_rows() -> None:
    """gather() hands the screen light rows, newest first."""
    write_history(session(date(2026, 11, 20)), session(date(2026, 11, 24)))
    data = history_view.gather(TODAY, 2, history_view.listed(*index.read_rows()))
    assert [s["started"].day for s in data.sessions] == [24, 20]


async def test_the_list_shows_before_the_numbers_are_worked_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sessions are listed while the week, calendar and bests are still being worked out."""
    write_history(session(date(2026, 11, 20)), session(date(2026, 11, 24)))
    release = threading.Event()
    real = stats.review  # what the history screen calls

    def slow_review(*args: Any, **kwargs: Any) -> Any:
        release.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(history_view, "review", slow_review)
    app = BacktimerApp(settings=Settings(), clock=FakeClock(wall=NOON), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#sessions-table", DataTable)
        for _ in range(200):
            if table.row_count:
                break
            await pilot.pause(0.01)
        assert table.row_count == 2
        assert "Reading your history" in plain(screen, "#overview")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "This week" in plain(screen, "#overview")
        assert table.row_count == 2
