"""A session that could not be saved is never dropped by one key: leaving asks, and on yes
it is kept outside the data folder, printed, and saved by the next start."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import cast

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets._toast import Toast

from backtimer.__main__ import _print_kept
from backtimer.core.clock import FakeClock
from backtimer.core.records import SessionRecord
from backtimer.core.routine import Exercise, Rest, Routine
from backtimer.storage import paths
from backtimer.storage.history import fallback
from backtimer.storage.history.journal import Journal, journal_path, write_journal
from backtimer.storage.history.reader import read_history
from backtimer.storage.history.recovery import recover_interrupted
from backtimer.ui.app import BacktimerApp
from backtimer.ui.screens.confirm import ConfirmScreen
from backtimer.ui.screens.summary import SummaryScreen

PLANK = Routine("Plank test", (Exercise("Plank", sets=2, hold=5),), lead_in=0,
                rest=Rest(5, 5))


def unwritable_data_dir() -> None:
    """A data folder nothing can be written to, even by root: a file in its place."""
    data = paths.data_dir()
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("not a folder\n")


def writable_again() -> None:
    paths.data_dir().unlink()
    paths.data_dir().mkdir()


@asynccontextmanager
async def direct_run(routine: Routine = PLANK) -> AsyncIterator[tuple[BacktimerApp, Pilot[int]]]:
    """`backtimer run` with the real history store and a fake clock."""
    clock = FakeClock()
    app = BacktimerApp(routine=routine, clock=clock, quiet=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        yield app, pilot


async def advance(app: BacktimerApp, pilot: Pilot[int], seconds: float) -> None:
    """Simulated time in small steps, as the screen's own timer would tick."""
    for _ in range(int(seconds * 4)):
        app.clock.advance(0.25)  # type: ignore[attr-defined]
        screen = app.screen
        if hasattr(screen, "tick"):
            screen.tick()
    await pilot.pause()


async def finish_plank(app: BacktimerApp, pilot: Pilot[int]) -> None:
    """The first get-ready, both sets held in full and the rest between: the summary opens."""
    await advance(app, pilot, 10 + 15)
    await pilot.pause()
    assert isinstance(app.screen, SummaryScreen)


async def test_leaving_an_unsaved_summary_asks_and_n_stays() -> None:
    """q on a summary that could not save asks first; n keeps the summary; an app closed
    without leaving still keeps the session."""
    unwritable_data_dir()
    async with direct_run() as (app, pilot):
        await finish_plank(app, pilot)
        assert "Could not save" in str(app.screen.query_one("#saved", Static).render())
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "not saved" in app.screen.question
        await pilot.press("n")
        assert isinstance(app.screen, SummaryScreen) and app.is_running
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        # Kept outside the data folder from the moment the save failed: a kill loses nothing.
        (kept,) = fallback.take_kept()
        assert kept.path is not None and kept.path.exists()
    # The app closed some other way (a signal, the terminal closing): it is still printed.
    assert [k.path for k in fallback.take_kept()] == [kept.path]


async def test_yes_keeps_the_session_and_the_next_start_saves_it_once() -> None:
    """y leaves; the whole session is in the temp folder, printed after the app closes, and
    the next start puts it in the history (completed, both sets, the rating) and removes it."""
    unwritable_data_dir()
    async with direct_run() as (app, pilot):
        await finish_plank(app, pilot)
        session_id = app.screen.session.id  # type: ignore[attr-defined]
        await pilot.press("3", "q", "y")
    assert app.return_value == 0
    (kept,) = fallback.take_kept()
    assert kept.path is not None and kept.path.parent.parent == Path(tempfile.gettempdir())
    assert kept.path.parent.name.startswith("backtimer") and kept.path.exists()
    assert "[[session]]" in kept.block and session_id in kept.block
    assert "append the lines below to" in kept.report()

    writable_again()
    (message,) = recover_interrupted()
    assert message.startswith("saved the completed session of Plank test") and "(2 of 2" in message
    (session,) = read_history().sessions
    assert session["id"] == session_id and session["status"] == "completed"
    assert [s["done"] for s in session["sets"]] == [5.0, 5.0] and session["rating"] == 3
    assert not kept.path.exists()
    assert recover_interrupted() == []


async def test_ctrl_q_on_an_unsaved_summary_asks_too() -> None:
    """ctrl+q asks the same question; y keeps the session, then quits."""
    unwritable_data_dir()
    async with direct_run() as (app, pilot):
        await finish_plank(app, pilot)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen) and app.is_running
        await pilot.press("y")
    assert app.return_value == 0
    assert len(fallback.take_kept()) == 1


async def test_a_save_that_works_on_retry_leaves_nothing_behind() -> None:
    """r after the folder is fixed saves it; leaving then asks nothing and keeps no copy."""
    unwritable_data_dir()
    async with direct_run() as (app, pilot):
        await finish_plank(app, pilot)
        writable_again()
        await pilot.press("r")
        assert "Saved to" in str(app.screen.query_one("#saved", Static).render())
        await pilot.press("q")
    assert app.return_value == 0 and fallback.take_kept() == []
    assert len(read_history().sessions) == 1
    assert not list((Path(tempfile.gettempdir()) / "backtimer").glob("*.toml"))


async def test_quitting_mid_session_keeps_what_could_not_be_saved() -> None:
    """ctrl+q, y in the middle of a session whose folder cannot be written: it is kept as
    stopped with the set done, not lost."""
    unwritable_data_dir()
    async with direct_run() as (app, pilot):
        await advance(app, pilot, 5.5)
        await pilot.press("ctrl+q", "y")
    (kept,) = fallback.take_kept()
    assert 'status = "stopped"' in kept.block and kept.path is not None


def test_the_kept_session_is_printed_after_the_app_closes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each kept session: why, where it is, how to add it, then its [[session]] block."""
    from backtimer.core.sample import sample_session

    record = sample_session(2)
    fallback.keep_unsaved(record, "permission denied (/data/history.toml)")
    _print_kept()
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].startswith("backtimer: a session could not be saved to ")
    assert lines[1].startswith("It is kept in ") and "append the lines below to" in lines[1]
    assert "[[session]]" in lines and f'id = "{record["id"]}"' in out
    _print_kept()
    assert capsys.readouterr().out == ""  # printed once


def test_a_kept_session_replaces_its_out_of_date_journal() -> None:
    """A journal left with 1 of 2 sets (its later writes failed) and the kept whole session:
    the next start saves the whole one only, and drops the journal."""
    from backtimer.core.sample import sample_session

    record = sample_session(0)
    old = {**record, "sets": record["sets"][:1], "status": "completed"}
    write_journal(journal_path(record["id"]), Journal(cast(SessionRecord, old)))
    fallback.keep_unsaved(record, "no space left on device")
    messages = recover_interrupted()
    assert len(messages) == 1 and "saved the completed session" in messages[0]
    (session,) = read_history().sessions
    assert session["status"] == "completed" and session["sets"] == record["sets"]
    assert not journal_path(record["id"]).exists()


def test_a_session_kept_for_another_data_folder_is_left_for_it(tmp_path: Path) -> None:
    """Kept sessions are saved only into the data folder they came from."""
    from backtimer.core.sample import sample_session

    kept = fallback.keep_unsaved(sample_session(1), "read-only", data_dir=tmp_path / "other")
    assert recover_interrupted() == []
    assert kept.path is not None and kept.path.exists()
    assert recover_interrupted(tmp_path / "other")[0].startswith("saved the ")
    assert not kept.path.exists()


async def test_leaving_to_home_keeps_it_and_the_app_goes_on() -> None:
    """From the home screen: y on the unsaved summary goes home with the session kept."""
    from backtimer.ui.screens.home import HomeScreen

    unwritable_data_dir()
    app = BacktimerApp(clock=FakeClock(), quiet=True)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        app.start_session(PLANK)
        await pilot.pause()
        await finish_plank(app, pilot)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert isinstance(app.screen, HomeScreen) and app.is_running
        (kept,) = fallback.take_kept()
        assert kept.path is not None and kept.path.exists()


def drawn_over(app: BacktimerApp, widget: Widget) -> set[Widget]:
    """The toasts drawn on any visible cell of `widget`."""
    screen = app.screen
    region = widget.region.intersection(screen.region)
    found: set[Widget] = set()
    for y in range(region.y, region.bottom):
        for x in range(region.x, region.right):
            top, _ = screen.get_widget_at(x, y)
            found.update(w for w in (top, *top.ancestors) if isinstance(w, Toast))
    return found


@pytest.mark.parametrize("size", [(40, 12), (80, 24)])
async def test_toasts_never_cover_the_could_not_save_message(size: tuple[int, int]) -> None:
    """The progress warnings of a summary that could not save sit under its message (or
    wait hidden when no row is free), never over it; the warning is worded, not [Errno]."""
    unwritable_data_dir()
    app = BacktimerApp(routine=PLANK, clock=FakeClock(), quiet=True)
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await finish_plank(app, pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        for _ in range(500):  # the step-ups (and the progress warning) are read in a thread
            if screen.checker is not None and not screen.checker.is_alive():
                break
            await asyncio.sleep(0.01)
        app.notify("one more notice")
        await pilot.pause()
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("is a file, not a folder" in note for note in notes)
        assert not any("Errno" in note for note in notes)
        saved = screen.query_one("#saved", Static)
        assert "Could not save" in str(saved.render())
        assert drawn_over(app, saved) == set()
        if size == (80, 24):  # room under the message: the notices are shown there
            assert any(toast.display for toast in screen.query(Toast))
            toasts = [t for t in screen.query(Toast) if t.region.height]
            assert toasts and all(t.region.y >= saved.region.bottom for t in toasts)
