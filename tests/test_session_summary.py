"""The summary after a session: saving first, rating, note, step-ups, and leaving."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from test_session_screen import FakeRecorder, Run, routine, running
from textual import events
from textual.screen import Screen
from textual.widgets import Input, Static

from backtimer.core.clock import FakeClock
from backtimer.core.records import SessionRecord
from backtimer.core.routine import Exercise, Rest, Routine
from backtimer.storage.config import Settings
from backtimer.storage.history import index, reader, store
from backtimer.storage.history.recorder import SaveOutcome
from backtimer.storage.history.step_ups import history_sessions
from backtimer.storage.progress_file import load_progress
from backtimer.ui.app import BacktimerApp
from backtimer.ui.screens.summary import CHECKING, SummaryScreen

PLANK = Exercise("Plank", hold=10)
BRIDGE = Exercise("Bridge", reps=8)


def two_exercises() -> Routine:
    r = routine(PLANK, BRIDGE)
    return Routine(r.name, r.exercises, rest=r.rest, lead_in=0, source=Path("core.toml"))


async def complete(run: Run) -> None:
    """Do the plank in full, rest, and the bridge at target, then let step-ups be found."""
    await run.advance(10)
    await run.press("enter")  # end the rest
    await run.press("enter")  # bridge done at 8
    assert isinstance(run.app.screen, SummaryScreen)
    await checked(run)


async def checked(run: Run) -> None:
    """Wait for the step-ups, worked out in a thread after the summary shows."""
    await run.pilot.pause()
    screen = run.app.screen
    assert isinstance(screen, SummaryScreen)
    for _ in range(500):  # the thread hands its answer to the screen, then ends
        if screen.checker is not None and not screen.checker.is_alive():
            break
        await asyncio.sleep(0.01)
    await run.pilot.pause()


def earlier_session(clock: FakeClock) -> SessionRecord:
    """A completed session of core.toml a few days ago, every set at target."""
    return {
        "id": "earlier", "routine": "Test", "routine_file": "core.toml",
        "started": clock.wall() - timedelta(days=2), "status": "completed",
        "sets": [
            {"exercise": "Plank", "kind": "hold", "set": 1, "target": 10, "done": 10.0,
             "skipped": False},
            {"exercise": "Bridge", "kind": "reps", "set": 1, "target": 8, "done": 8,
             "skipped": False},
        ],
    }


@pytest.fixture
def history(monkeypatch: pytest.MonkeyPatch) -> list[SessionRecord]:
    """What read_history returns: only the sessions a test puts in this list."""
    sessions: list[SessionRecord] = []
    monkeypatch.setattr(reader, "read_history",
                        lambda *a, **k: reader.HistoryRead(list(sessions), []))
    monkeypatch.setattr(index, "read_rows", lambda *a, **k: (list(sessions), []))
    return sessions


async def test_rating_and_note_are_added_after_the_save(history: list[SessionRecord]) -> None:
    """1/2/3 rate and the note is saved with enter, each through amend after finish."""
    async with running(two_exercises()) as run:
        await complete(run)
        await run.press("2")
        assert run.recorder.amends == [{"rating": 2}]
        await run.press("n")
        note = run.app.screen.query_one("#note", Input)
        assert note.has_focus
        note.value = "twinge on the left [b]"
        await run.press("enter")
        assert run.recorder.amends[-1] == {"notes": "twinge on the left [b]"}
        assert run.log.index("finish") < run.log.index("amend")
        assert isinstance(run.app.screen, SummaryScreen)  # enter in the box does not leave


async def test_escape_in_the_note_cancels_it_and_stays(history: list[SessionRecord]) -> None:
    """Escape while typing cancels: nothing is saved, the box empties, the summary stays."""
    async with running(two_exercises()) as run:
        await complete(run)
        await run.press("n")
        note = run.app.screen.query_one("#note", Input)
        note.value = "good"
        await run.press("escape")
        assert run.recorder.amends == []
        assert note.value == "" and not note.has_focus
        assert isinstance(run.app.screen, SummaryScreen)
        await run.press("n")
        note.value = "kept"
        await run.press("enter")
        await run.press("n")
        note.value = "changed my mind"
        await run.press("escape")
        assert run.recorder.amends == [{"notes": "kept"}] and note.value == "kept"


async def test_step_ups_are_offered_and_an_accepted_one_is_kept(
    history: list[SessionRecord],
) -> None:
    """Two sessions at target offer one step up per exercise; a keeps it, d declines it."""
    async with running(two_exercises()) as run:
        history.append(earlier_session(run.clock))
        await complete(run)
        text = run.shown()
        assert "Plank: hold 15 s (was 10 s)" in text
        assert "Bridge: 9 reps (was 8 reps)" in text
        await run.press("d", "a")
        progress, problems = load_progress()
        assert problems == []
        assert [(s.exercise, s.lever, s.new) for s in progress.steps] == [("Bridge", "reps", 9)]
        assert "✓ accepted" in run.shown()


async def test_no_step_ups_after_a_stopped_session(history: list[SessionRecord]) -> None:
    """Only a completed session can earn a step up."""
    async with running(two_exercises()) as run:
        history.append(earlier_session(run.clock))
        await run.advance(10)
        await run.press("q", "y")
        assert isinstance(run.app.screen, SummaryScreen)
        assert run.app.screen.suggestions == []
        assert run.app.screen.query_one("#steps", Static).display is False


async def test_a_failed_save_is_shown_prominently(history: list[SessionRecord]) -> None:
    """When the history could not be written the summary says so, in its own colours."""

    class FailingRecorder(FakeRecorder):
        def finish(self, record: Any) -> SaveOutcome:
            super().finish(record)
            return SaveOutcome(False, Path("/data/journal.toml"),
                               "Could not write history.toml; kept in /data/journal.toml")

    async with running(routine(PLANK), recorder_class=FailingRecorder) as run:
        await run.advance(10)
        saved = run.app.screen.query_one("#saved", Static)
        assert saved.has_class("-failed")
        assert "kept in /data/journal.toml" in run.shown()


async def test_leaving_the_summary_ends_a_direct_run(history: list[SessionRecord]) -> None:
    """After `backtimer run`, q on the summary quits with exit status 0."""
    async with running(routine(PLANK)) as run:
        await run.advance(10)
        await run.press("q")
        assert run.app.return_value == 0


async def test_leaving_the_summary_returns_home(history: list[SessionRecord]) -> None:
    """Started from the home screen, leaving the summary goes back to it."""

    class Home(Screen[None]):
        pass

    class HomeApp(BacktimerApp):
        def on_mount(self, event: events.Mount | None = None) -> None:
            assert event is not None  # Textual passes it; the default keeps the app's signature
            event.prevent_default()  # not the real home screen
            self.push_screen(Home())
            self.start_session(routine(PLANK))

    clock = FakeClock()
    app = HomeApp(clock=clock, recorder_factory=lambda sid: FakeRecorder(sid, []),
                  settings=Settings(first_lead_in=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(40):
            clock.advance(0.25)
            app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, Home)
        assert app.return_value is None


async def test_the_real_history_store_keeps_the_session_and_its_rating() -> None:
    """With the real recorder the session lands in history.toml and the rating joins it."""
    app = BacktimerApp(routine=routine(PLANK), clock=FakeClock(),
                       settings=Settings(first_lead_in=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(40):
            app.clock.advance(0.25)  # type: ignore[attr-defined]
            app.screen.tick()  # type: ignore[attr-defined]
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.outcome.saved
        await pilot.press("3")
    sessions = reader.read_history().sessions
    assert len(sessions) == 1
    assert sessions[0]["status"] == "completed" and sessions[0]["rating"] == 3
    assert sessions[0]["sets"][0]["done"] == 10.0


async def test_a_second_enter_at_the_end_does_not_skip_the_summary(
    history: list[SessionRecord],
) -> None:
    """enter pressed twice on the last set leaves the summary open, to rate and read it."""
    async with running(routine(BRIDGE)) as run:
        await run.press("enter", "enter")
        assert isinstance(run.app.screen, SummaryScreen)
        assert run.app.return_value is None
        await run.press("q")
        assert run.app.return_value == 0


async def test_the_chosen_step_up_scrolls_into_view_on_a_small_terminal(
    history: list[SessionRecord],
) -> None:
    """At 40x12 the step-ups fit or scroll: ↑/↓ always keep the chosen one on screen."""
    many = tuple(Exercise(f"Hold {i}", hold=10) for i in range(5))
    r = routine(*many, rest=Rest(0, 0))
    r = Routine(r.name, r.exercises, rest=r.rest, lead_in=0, source=Path("core.toml"))
    async with running(r, size=(40, 12)) as run:
        history.append({
            "id": "earlier", "routine": "Test", "routine_file": "core.toml",
            "started": run.clock.wall() - timedelta(days=2), "status": "completed",
            "sets": [{"exercise": f"Hold {i}", "kind": "hold", "set": 1, "target": 10,
                      "done": 10.0, "skipped": False} for i in range(5)],
        })
        await run.advance(50)
        await checked(run)
        screen = run.app.screen
        assert isinstance(screen, SummaryScreen) and len(screen.suggestions) == 5
        for index in range(1, 5):
            await run.press("down")
            await run.pilot.pause()
            assert f"Hold {index}: hold 15 s" in run.shown(), run.shown()
        await run.press("up", "up", "up", "up")
        await run.pilot.pause()
        assert "Hold 0: hold 15 s" in run.shown()


async def test_the_summary_shows_before_step_ups_are_worked_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A slow history read delays only the step-ups: SESSION COMPLETE shows at once."""
    release = threading.Event()
    earlier: list[SessionRecord] = []

    def slow_read(*args: Any, **kw: Any) -> tuple[list[Any], list[str]]:
        release.wait(5)
        return list(earlier), []

    monkeypatch.setattr(index, "read_rows", slow_read)
    async with running(two_exercises()) as run:
        earlier.append(earlier_session(run.clock))
        await run.advance(10)
        await run.press("enter", "enter")
        await run.pilot.pause()
        screen = run.app.screen
        assert isinstance(screen, SummaryScreen)
        text = run.shown()
        assert "SESSION COMPLETE" in text and CHECKING in text
        assert "Plank: hold" not in text and screen.check_action("accept", ()) is False
        release.set()
        await checked(run)
        text = run.shown()
        assert CHECKING not in text
        assert "Plank: hold 15 s (was 10 s)" in text
        assert screen.check_action("accept", ()) is True


def session_of(routine_file: str, n: int, status: str = "completed") -> SessionRecord:
    return {"id": f"{routine_file}-{n}", "routine_file": routine_file, "status": status,
            "started": datetime(2026, 11, 1, tzinfo=UTC) + timedelta(hours=n),
            "sets": [{"exercise": "Plank", "kind": "hold", "set": 1, "done": 10.0 + n}]}


def test_step_ups_read_only_the_sessions_they_judge(monkeypatch: pytest.MonkeyPatch) -> None:
    """The newest two completed sessions of the routine come whole; the rest stay rows."""
    for n in range(30):
        routine_file = "core.toml" if n % 3 == 0 else "other.toml"
        status = "stopped" if n == 27 else "completed"
        store.append_session(session_of(routine_file, n, status))
    read = reader.read_history().sessions
    sessions, problems = history_sessions({"id": "core.toml-0"}, routine_file="core.toml")
    assert problems == [] and len(sessions) == 30  # the session itself, already saved, once
    whole = [s for s in sessions if not isinstance(s, index.IndexRow)]
    newest = max(read, key=lambda s: s["started"])
    # core.toml-27 was stopped: 24 and 21 are judged, and the newest comes whole anyway.
    assert sorted(s["id"] for s in whole) == sorted(["core.toml-21", "core.toml-24",
                                                      newest["id"]])
    assert all(s == next(r for r in read if r["id"] == s["id"]) for s in whole)


async def test_leaving_does_not_wait_for_the_step_ups(monkeypatch: pytest.MonkeyPatch) -> None:
    """q on the summary ends a direct run at once, even while the history is still read."""
    release = threading.Event()

    def slow_read(*args: Any, **kw: Any) -> tuple[list[Any], list[str]]:
        release.wait(5)
        return [], []

    monkeypatch.setattr(index, "read_rows", slow_read)
    try:
        async with running(routine(PLANK)) as run:
            await run.advance(10)
            await run.pilot.pause()
            screen = run.app.screen
            assert isinstance(screen, SummaryScreen) and screen.checking
            await run.press("q")
            assert run.app.return_value == 0
            checker = screen.checker
            assert checker is not None and checker.is_alive() and checker.daemon
    finally:
        release.set()


async def test_keys_pressed_during_the_session_never_type_into_the_note(
    history: list[SessionRecord],
) -> None:
    """`n` pressed fast through the last set skips it; the `n`s that follow, pressed before
    the summary appeared (late through a busy queue), neither open the note nor type into it."""
    async with running(two_exercises()) as run:
        early = [events.Key("n", "n") for _ in range(4)]  # stamped now, before the summary
        while not isinstance(run.app.screen, SummaryScreen):
            await run.press("n")
        for key in early:
            key.set_sender(run.app)
            run.app.post_message(key)
        await run.pilot.pause()
        note = run.app.screen.query_one("#note", Input)
        assert note.value == "" and not note.has_focus
        await run.press("n")  # pressed now, it opens the note as always
        assert note.has_focus and note.value == ""
