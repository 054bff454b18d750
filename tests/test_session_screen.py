"""The live session screen in simulated time: every phase and every control."""

from __future__ import annotations

import copy
import io
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual import events
from textual.pilot import Pilot

from backtimer.core.clock import FakeClock
from backtimer.core.engine import State
from backtimer.core.records import SessionRecord
from backtimer.core.routine import Exercise, Rest, Routine, Warmup
from backtimer.storage.config import Settings
from backtimer.storage.history.recorder import SaveOutcome
from backtimer.ui.app import BacktimerApp
from backtimer.ui.screens.pain import ADVICE, PainScreen, advice_text
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.screens.summary import SummaryScreen
from backtimer.ui.widgets.banner import TONES, PhaseBanner
from backtimer.ui.widgets.countdown import BigClock

TICK = 0.25  # exact in binary, so simulated time adds up exactly


class FakeRecorder:
    """Keeps every call so tests can see what would have been saved, and when."""

    def __init__(self, session_id: str, log: list[str]) -> None:
        self.session_id = session_id
        self.log = log
        self.warning: str | None = None
        self.checkpoints: list[SessionRecord] = []
        self.finished: SessionRecord | None = None
        self.amends: list[dict[str, Any]] = []
        self.closed = False

    def start(self) -> None:
        self.log.append("start")

    def checkpoint(self, record: SessionRecord) -> None:
        self.log.append("checkpoint")
        self.checkpoints.append(copy.deepcopy(record))

    def finish(self, record: SessionRecord) -> SaveOutcome:
        self.log.append("finish")
        self.finished = copy.deepcopy(record)
        return SaveOutcome(True, Path("/data/history.toml"), "Saved to /data/history.toml")

    def amend(self, **changes: Any) -> SaveOutcome:
        self.log.append("amend")
        self.amends.append(changes)
        return SaveOutcome(True, Path("/data/history.toml"), "Saved to /data/history.toml")

    def close(self) -> None:
        self.closed = True


@dataclass
class Run:
    """A running app with a fake clock and a fake recorder."""

    app: BacktimerApp
    pilot: Pilot[int]
    clock: FakeClock
    recorders: list[FakeRecorder]
    log: list[str]
    bells: list[float] = field(default_factory=list)

    @property
    def recorder(self) -> FakeRecorder:
        return self.recorders[-1]

    @property
    def screen(self) -> SessionScreen:
        screen = self.app.screen
        if isinstance(screen, SessionScreen):
            return screen
        return next(s for s in self.app.screen_stack if isinstance(s, SessionScreen))

    @property
    def session(self) -> Any:
        return self.screen.session

    async def advance(self, seconds: float) -> None:
        """Move simulated time in small steps, ticking the screen like its timers would."""
        screen = self.screen
        for _ in range(round(seconds / TICK)):
            self.clock.advance(TICK)
            screen.tick()
        await self.pilot.pause()

    async def press(self, *keys: str) -> None:
        await self.pilot.press(*keys)  # waits until the app is idle again

    def shown(self) -> str:
        """The whole screen as plain text."""
        return screen_text(self.app)

    def banner(self) -> str:
        return self.app.screen.query_one(PhaseBanner).word

    def big(self) -> str:
        return self.screen.query_one(BigClock).value


def screen_text(app: BacktimerApp) -> str:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    return console.export_text()


@asynccontextmanager
async def running(
    routine: Routine,
    size: tuple[int, int] = (80, 24),
    recorder_class: type[FakeRecorder] = FakeRecorder,
    first_lead_in: int = 0,
    sound: str | bool = "bell",
    notifications: bool = False,
    **kw: Any,
) -> AsyncIterator[Run]:
    # The routines here start with their first set (the long first get-ready is tested on
    # its own), and ring the bell, which is counted; tones have tests of their own.
    kw["settings"] = kw.get("settings", Settings())._replace(first_lead_in=first_lead_in,
                                                             sound=sound)
    clock = FakeClock()
    recorders: list[FakeRecorder] = []
    log: list[str] = []

    def factory(session_id: str) -> FakeRecorder:
        recorders.append(recorder_class(session_id, log))
        return recorders[-1]

    app = BacktimerApp(routine=routine, clock=clock, recorder_factory=factory, **kw)
    run = Run(app, None, clock, recorders, log)  # type: ignore[arg-type]
    app.bell = lambda: run.bells.append(clock.now())  # type: ignore[method-assign]
    async with app.run_test(size=size, notifications=notifications) as pilot:
        run.pilot = pilot
        await pilot.pause()
        yield run


def routine(*exercises: Exercise, **kw: Any) -> Routine:
    kw.setdefault("lead_in", 0)
    kw.setdefault("rest", Rest(30, 30))
    return Routine("Test", tuple(exercises), **kw)


PLANK = Exercise("Plank", sets=2, hold=30, cues=("Elbows under shoulders",))
ROWS = Exercise("Rows", sets=1, reps=10, weight="12kg")


async def test_a_hold_counts_down_from_the_engine() -> None:
    """The big number is the engine's time left, repainted as time moves."""
    async with running(routine(PLANK)) as run:
        assert run.banner() == "HOLD"
        assert run.big() == "0:30"
        await run.advance(10.25)
        assert run.big() == "0:20"
        assert "Plank" in run.shown() and "set 1 of 2" in run.shown()


async def test_every_phase_has_its_banner_and_colour() -> None:
    """Warm-up, get ready, hold, switch sides, rest and reps each show their own word."""
    r = routine(
        Exercise("Side plank", hold=10, per_side=True),
        Exercise("Rows", reps=8),
        warmup=Warmup(60), lead_in=5, rest=Rest(30, 30),
    )
    seen: list[tuple[str, bool]] = []
    async with running(r) as run:
        for _ in range(6):
            banner = run.app.screen.query_one(PhaseBanner)
            seen.append((banner.word, banner.has_class(TONES[banner.word])))
            await run.press("n")
        assert run.app.screen.query_one(PhaseBanner).word == "REPS"
    words = [w for w, _ in seen]
    assert words == ["WARM-UP", "GET READY", "HOLD", "SWITCH SIDES", "HOLD", "REST"]
    assert all(coloured for _, coloured in seen)


async def test_a_phase_change_flashes_the_banner() -> None:
    """When a step starts the banner lights up, for people with the sound off."""
    async with running(routine(PLANK)) as run:
        banner = run.app.screen.query_one(PhaseBanner)
        banner.remove_class("-flash")
        await run.advance(30)
        assert run.banner() == "REST"
        assert banner.has_class("-flash")


async def test_pause_freezes_the_countdown_and_says_so() -> None:
    """space stops the clock: time passing while paused changes nothing; space again resumes."""
    async with running(routine(PLANK)) as run:
        await run.advance(5)
        await run.press("space")
        assert run.banner() == "PAUSED"
        assert run.screen.query_one("#body").has_class("-paused")
        assert "press space to go on" in run.shown()
        await run.advance(20)
        assert run.big() == "0:25"
        await run.press("space")
        assert run.banner() == "HOLD"
        await run.advance(5)
        assert run.big() == "0:20"


async def test_enter_ends_a_hold_early_and_records_what_was_held() -> None:
    """A hold cut short at 12 s is saved as 12 s held, not the 30 s target."""
    async with running(routine(PLANK)) as run:
        await run.advance(12)
        await run.press("enter")
        assert run.banner() == "REST"
        first = run.recorder.checkpoints[-1]["sets"][0]
        assert (first["exercise"], first["done"], first["target"]) == ("Plank", 12.0, 30)
        assert first["skipped"] is False


async def test_skip_records_the_set_as_skipped() -> None:
    """n moves on and the set is kept as skipped."""
    async with running(routine(PLANK)) as run:
        await run.advance(2)
        await run.press("n")
        assert run.recorder.checkpoints[-1]["sets"][0]["skipped"] is True


async def test_back_returns_to_the_previous_step_and_forgets_its_record() -> None:
    """b from the rest goes back to the hold, which then counts from its full length."""
    async with running(routine(PLANK)) as run:
        await run.press("enter")
        assert run.banner() == "REST"
        await run.press("b")
        assert run.banner() == "HOLD"
        assert run.big() == "0:30"
        assert run.recorder.checkpoints[-1]["sets"] == []


async def test_back_is_hidden_on_the_first_step() -> None:
    """There is nothing before the first step, so b is not offered there."""
    async with running(routine(PLANK)) as run:
        assert run.screen.check_action("back", ()) is False
        await run.press("enter")
        assert run.screen.check_action("back", ()) is True


async def test_plus_and_minus_change_the_rest_by_the_setting() -> None:
    """+ and - move the rest by settings.rest_step, and only during a rest."""
    settings = Settings(rest_step=10)
    async with running(routine(PLANK), settings=settings) as run:
        bindings = run.screen.active_bindings
        assert "plus" not in bindings and "minus" not in bindings  # hidden outside a rest
        await run.press("plus")
        assert run.session.step_duration == 30  # a hold is not changed
        await run.press("enter")
        assert run.screen.active_bindings["plus"].enabled is True
        await run.press("plus")
        assert run.session.step_duration == 40
        assert run.big() == "0:40"
        await run.press("minus", "minus")
        assert run.session.step_duration == 20
        assert run.big() == "0:20"


async def test_up_and_down_change_the_reps_recorded() -> None:
    """↑/↓ set how many reps were done before enter; that number is saved."""
    async with running(routine(ROWS)) as run:
        assert run.banner() == "REPS"
        assert run.big() == "10"
        await run.press("up", "up", "down")
        assert run.big() == "11"
        await run.press("enter")
        record = run.recorder.finished
        assert record is not None
        assert record["sets"][0]["done"] == 11
        assert record["sets"][0]["target"] == 10


async def test_weight_edit_is_recorded_with_the_set() -> None:
    """w opens a box; the weight typed there is saved with the set."""
    async with running(routine(ROWS)) as run:
        await run.press("w")
        assert run.app.screen.query_one("#weight").value == "12kg"  # type: ignore[attr-defined]
        run.app.screen.query_one("#weight").value = "14kg"  # type: ignore[attr-defined]
        await run.press("enter")
        assert isinstance(run.app.screen, SessionScreen)
        assert "14kg" in run.shown()
        await run.press("enter")
        assert run.recorder.finished is not None
        assert run.recorder.finished["sets"][0]["weight"] == "14kg"


async def test_quit_asks_first_and_no_carries_on() -> None:
    """q pauses and asks; n goes back to the running session."""
    async with running(routine(PLANK)) as run:
        await run.press("q")
        assert run.session.state is State.PAUSED
        await run.press("n")
        session = run.session  # read afresh: the key changed it
        assert session.state is State.RUNNING
        assert run.recorder.finished is None


async def test_quit_yes_saves_as_stopped_with_the_sets_done() -> None:
    """q then y saves the session as stopped, keeping the sets done so far."""
    async with running(routine(PLANK)) as run:
        await run.advance(30)  # first set done in full
        await run.advance(30)  # rest
        await run.advance(4)
        await run.press("q", "y")
        record = run.recorder.finished
        assert record is not None and record["status"] == "stopped"
        assert [s["done"] for s in record["sets"]] == [30.0, 4.0]
        assert isinstance(run.app.screen, SummaryScreen)
        assert run.banner() == "SESSION STOPPED"


async def test_pain_stop_saves_as_pain_and_shows_the_advice() -> None:
    """! then y saves as pain and shows the calm advice screen, then the summary."""
    async with running(routine(PLANK)) as run:
        await run.advance(8)
        await run.press("exclamation_mark", "y")
        record = run.recorder.finished
        assert record is not None and record["status"] == "pain"
        assert record["sets"][0]["done"] == 8.0
        assert isinstance(run.app.screen, PainScreen)
        assert "numbness or weakness" in run.shown()
        await run.press("enter")
        assert isinstance(run.app.screen, SummaryScreen)
        assert "stopped for pain" in run.shown()


async def test_pain_advice_points_to_the_gentle_routine() -> None:
    """After a pain stop the advice names the gentle day as the place to start again."""
    async with running(routine(PLANK)) as run:
        await run.advance(8)
        await run.press("exclamation_mark", "y")
        assert isinstance(run.app.screen, PainScreen)
        shown = run.shown()
        assert "When the pain has settled, Gentle day is the place to start" in shown
        assert "backtimer run gentle" in shown


def test_pain_advice_keeps_every_safety_line_in_order() -> None:
    """The gentle line is added before the doctor line; the safety advice is unchanged."""
    text = advice_text("• Try the gentle day.").split("\n")
    assert [line for line in text if line != "• Try the gentle day."] == list(ADVICE)
    assert text.index("• Try the gentle day.") == text.index(
        next(line for line in ADVICE if line.startswith("• See a doctor"))) - 1
    assert advice_text("") == "\n".join(ADVICE)


async def test_completion_saves_before_the_summary_and_shows_it() -> None:
    """The last step ending saves the session at once, then the summary opens."""
    async with running(routine(Exercise("Plank", hold=10))) as run:
        await run.advance(10)
        # finish() writes the journal itself first: no separate checkpoint for the end.
        assert run.log == ["start", "finish"]
        record = run.recorder.finished
        assert record is not None and record["status"] == "completed"
        assert isinstance(run.app.screen, SummaryScreen)
        text = run.shown()
        assert "SESSION COMPLETE" in text
        assert "1 of 1 set done" in text
        assert "Saved to /data/history.toml" in text


async def test_a_phase_change_is_drawn_before_the_journal_is_written() -> None:
    """The new phase goes to the screen first; its checkpoint follows the frame."""
    async with running(routine(PLANK)) as run:
        await run.advance(29.75)
        run.clock.advance(0.25)
        run.screen.tick()  # the hold runs out: REST is set up, nothing written yet
        assert run.banner() == "REST"
        assert run.recorder.checkpoints == []
        await run.pilot.pause()  # the frame is drawn, then the checkpoint written
        assert run.log == ["start", "checkpoint"]
        assert run.recorder.checkpoints[0]["sets"][0]["done"] == 30.0


async def test_checkpoints_are_written_in_order_and_all_before_the_save() -> None:
    """Steps ending together are journalled oldest first, and never after finish()."""
    async with running(routine(PLANK, Exercise("Bridge", reps=8))) as run:
        await run.press("n", "n", "n", "n")  # skip both planks and their rests
        await run.press("enter")  # the bridge done: the session ends and is saved
        assert run.log.count("finish") == 1 and run.log[-1] == "finish"
        sets = [len(c["sets"]) for c in run.recorder.checkpoints]
        assert sets == sorted(sets) and sets[0] == 1


async def test_the_end_shows_at_once_and_the_save_follows_the_frame() -> None:
    """SESSION COMPLETE is on screen before the save; the summary follows it."""
    async with running(routine(Exercise("Plank", hold=10))) as run:
        await run.advance(9.75)
        run.clock.advance(0.25)
        run.screen.tick()
        assert run.banner() == "SESSION COMPLETE"
        assert run.recorder.finished is None  # saved just after this frame
        await run.pilot.pause()
        assert run.log == ["start", "finish"]
        assert isinstance(run.app.screen, SummaryScreen)


async def test_a_session_that_ends_under_a_dialog_is_saved_and_summed_up_after() -> None:
    """Time running out while the weight box is open saves once; closing it shows the summary."""
    held = Exercise("Carry", hold=10, weight="8kg")
    async with running(routine(held)) as run:
        await run.press("w")
        assert not isinstance(run.app.screen, SessionScreen)
        await run.advance(10)
        assert run.log == ["start", "finish"]
        await run.press("escape")
        await run.pilot.pause()
        assert isinstance(run.app.screen, SummaryScreen)
        assert run.log == ["start", "finish"]


async def test_bells_ring_at_start_halfway_and_the_last_three_seconds() -> None:
    """A 20 s hold rings at its start, at 10 s, and at 3, 2 and 1 s left; then the rest starts."""
    async with running(routine(Exercise("Plank", sets=2, hold=20))) as run:
        start = run.clock.now()
        await run.advance(20)
        assert [t - start for t in run.bells] == [0, 10, 17, 18, 19, 20]


async def test_quiet_keeps_the_bell_silent() -> None:
    """--quiet (or sound = false) means no bell at all."""
    async with running(routine(PLANK), quiet=True) as run:
        await run.advance(31)
        assert run.bells == []


async def test_a_late_tick_pauses_the_session_and_says_why() -> None:
    """A jump of more than 2 s (the laptop slept) pauses, and the gap is not counted as held."""
    async with running(routine(PLANK)) as run:
        await run.advance(5)
        run.clock.advance(40)
        run.screen.tick()
        await run.pilot.pause()
        assert run.banner() == "PAUSED"
        assert "clock jumped" in run.shown()
        assert run.big() == "0:25"


async def test_the_phase_change_is_scheduled_at_its_deadline() -> None:
    """The screen wakes exactly when a hold ends, not at its next repaint."""
    async with running(routine(Exercise("Plank", hold=60))) as run:
        start = run.clock.now()
        await run.advance(59.5)
        assert run.screen.wake_at == pytest.approx(start + 60)
        run.clock.advance(0.3)
        run.screen.tick()
        assert run.screen.wake_at == pytest.approx(start + 60)


async def test_held_reps_show_the_rep_and_hold_or_relax() -> None:
    """Reps held 3 s each: the big digits count the reps, the seconds of the hold or relax
    (3 s by default) sit beside them, and the banner says HOLD or RELAX."""
    async with running(routine(Exercise("Bird-dog", reps=4, hold=3))) as run:
        clock = run.app.screen.query_one(BigClock)
        assert run.app.screen.query_one(PhaseBanner).detail == "HOLD 1/4"
        assert (clock.value, clock.side, clock.side_word) == ("1/4", "3", "hold")
        assert clock.drawn_as.startswith("block:")
        await run.advance(3.5)
        assert run.app.screen.query_one(PhaseBanner).detail == "RELAX 1/4"
        assert (clock.value, clock.side, clock.side_word) == ("1/4", "3", "relax")
        await run.advance(3)
        assert run.app.screen.query_one(PhaseBanner).detail == "HOLD 2/4"
        assert (clock.value, clock.side, clock.side_word) == ("2/4", "3", "hold")


async def test_a_rest_shows_what_comes_next_and_where_most_are_ready() -> None:
    """During a rest: `Up next: Plank, set 2 of 2`, counting to the max with the min marked."""
    async with running(routine(PLANK, rest=Rest(45, 60))) as run:
        await run.press("enter")
        text = run.shown()
        assert "Up next: Plank, set 2 of 2" in text
        assert run.big() == "1:00"
        assert "most people are ready ▲" in text
        assert "ready in 0:45" in text


async def test_routine_text_is_shown_literally() -> None:
    """A name and cues full of markup characters appear exactly as written."""
    odd = Exercise("Plank [/] [b]", sets=2, hold=30, cues=("Hips [red]level[/red]",))
    async with running(routine(odd)) as run:
        text = run.shown()
        assert "Plank [/] [b]" in text
        assert "Hips [red]level[/red]" in text
        await run.press("enter")
        assert "Up next: Plank [/] [b], set 2 of 2" in run.shown()


async def test_a_small_terminal_works_in_every_phase() -> None:
    """At 40x12 every phase and the summary draw without crashing, in a compact layout."""
    r = routine(
        Exercise("Side plank [b]", hold=25, per_side=True, cues=("Stack the feet",)),
        Exercise("Rows", reps=8, weight="12kg"),
        Exercise("Bird-dog", reps=2, hold=3),
        warmup=Warmup(60), lead_in=5, rest=Rest(45, 60),
    )
    async with running(r, size=(40, 12)) as run:
        assert run.screen.has_class("-short") and run.screen.has_class("-narrow")
        while isinstance(run.app.screen, SessionScreen):
            assert run.shown().strip()
            await run.advance(1)
            await run.press("enter")
        assert isinstance(run.app.screen, SummaryScreen)
        assert "SESSION COMPLETE" in run.shown()


async def test_the_footer_names_what_enter_does_now() -> None:
    """enter reads End hold in a hold, End rest in a rest, Done in a rep set."""
    async with running(routine(Exercise("Plank", hold=30), ROWS)) as run:
        assert run.screen.active_bindings["enter"].binding.description == "End hold"
        await run.press("enter")
        assert run.screen.active_bindings["enter"].binding.description == "End rest"
        await run.press("enter")
        assert run.screen.active_bindings["enter"].binding.description == "Done"
        assert run.screen.active_bindings["up"].enabled is True


async def test_each_step_is_announced_and_a_failing_command_is_reported_once(
    tmp_path: Path,
) -> None:
    """The announce command hears each new step; one that cannot run is reported once."""
    spoken = tmp_path / "spoken.txt"
    command = f"sh -c 'printf \"%s\\n\" \"$0\" >> {spoken}'"
    async with running(routine(PLANK), settings=Settings(announce=command)) as run:
        announcer = run.screen.announcer
        assert announcer is not None
        announcer.wait(timeout=5)
        await run.press("enter")
        announcer.wait(timeout=5)
    assert spoken.read_text().splitlines() == [
        "Plank, set 1 of 2, 30 seconds", "Rest. Up next: Plank, set 2 of 2"
    ]
    async with running(routine(PLANK), settings=Settings(announce="no-such-voice-xyz")) as run:
        await run.press("enter", "enter")
        errors = [n for n in run.app._notifications if "Announcements are off" in n.message]
        assert len(errors) == 1
        assert run.session.step.set_number == 2  # the session went on


async def test_accepted_step_ups_are_shown_as_was() -> None:
    """A routine carrying a stored step-up shows `Target 35 s (was 30 s)`."""
    from backtimer.core.progress import Change

    changes = {"Plank": (Change("hold", 30, 35),)}
    r = routine(Exercise("Plank", hold=35))
    clock = FakeClock()
    log: list[str] = []
    app = BacktimerApp(routine=r, routine_changes=changes, clock=clock,
                       recorder_factory=lambda sid: FakeRecorder(sid, log),
                       settings=Settings(first_lead_in=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Target 35 s (was 30 s)" in screen_text(app)


async def test_a_picked_up_session_starts_after_its_last_set() -> None:
    """start_session(resume=record) skips what the interrupted session recorded."""
    interrupted: SessionRecord = {"sets": [{"exercise": "Plank", "kind": "hold", "set": 1}]}

    class PickUpApp(BacktimerApp):
        def on_mount(self, event: events.Mount | None = None) -> None:
            assert event is not None  # Textual passes it; the default keeps the app's signature
            event.prevent_default()  # no home screen here
            self.start_session(routine(PLANK), resume=interrupted)

    app = PickUpApp(clock=FakeClock(), recorder_factory=lambda sid: FakeRecorder(sid, []),
                    settings=Settings(first_lead_in=0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen) and screen.session is not None
        assert screen.session.step.set_number == 2
        assert len(screen.session.steps) == 1


async def test_the_lead_in_setting_overrides_the_routine() -> None:
    """settings.lead_in = 0 drops the get-ready step a routine would have had."""
    async with running(routine(PLANK, lead_in=5), settings=Settings(lead_in=0)) as run:
        assert run.banner() == "HOLD"
    async with running(routine(PLANK, lead_in=5)) as run:
        assert run.banner() == "GET READY"


def footer_line(run: Run) -> str:
    """The bottom row of the terminal: the footer of whatever screen is on top."""
    return run.shown().rstrip("\n").splitlines()[-1]


async def test_keys_that_do_not_apply_are_hidden_from_the_footer() -> None:
    """In a hold the footer shows neither the rest's +/- nor the reps' ↑/↓, and they do nothing."""
    async with running(routine(Exercise("Plank", sets=2, hold=30))) as run:
        footer = footer_line(run)
        assert "End hold" in footer and "Pain" in footer
        assert "Rest" not in footer and "Reps" not in footer
        await run.press("plus", "up")
        assert run.session.step_duration == 30


async def test_the_stop_keys_fit_a_narrow_footer() -> None:
    """At 40 columns the footer still shows ! Pain and q End, whatever the step."""
    r = routine(Exercise("Plank", sets=2, hold=30), ROWS, rest=Rest(45, 60))
    async with running(r, size=(40, 12)) as run:
        for _ in range(4):  # hold, rest, hold, rest before the rep set
            footer = footer_line(run)
            assert "! Pain" in footer and "q End" in footer, footer
            await run.press("enter")
        assert run.banner() == "REPS"
        footer = footer_line(run)
        assert "! Pain" in footer and "q End" in footer, footer


async def test_skip_while_paused_keeps_the_session_paused() -> None:
    """n while paused shows the next step paused at its full length; space starts it."""
    async with running(routine(PLANK)) as run:
        await run.advance(5)
        await run.press("space", "n")
        assert run.banner() == "PAUSED" and run.session.step.kind.value == "rest"
        await run.advance(10)
        assert run.big() == "0:30"
        await run.press("b")
        assert run.banner() == "PAUSED" and run.big() == "0:30"
        await run.press("space")
        await run.advance(5)
        assert run.banner() == "HOLD" and run.big() == "0:25"


async def test_ctrl_q_mid_session_asks_and_no_carries_on() -> None:
    """ctrl+q during a session asks first, like q; n goes back to the session running."""
    from backtimer.ui.screens.confirm import ConfirmScreen

    async with running(routine(PLANK)) as run:
        await run.advance(5)
        await run.press("ctrl+q")
        assert isinstance(run.app.screen, ConfirmScreen)
        assert run.session.state is State.PAUSED
        await run.press("ctrl+q")  # asking twice opens no second question
        assert sum(isinstance(s, ConfirmScreen) for s in run.app.screen_stack) == 1
        await run.press("n")
        session = run.session  # read afresh: the key changed it
        assert session.state is State.RUNNING
        assert run.app.return_value is None and run.recorder.finished is None


async def test_ctrl_q_yes_saves_the_session_then_quits() -> None:
    """y to the quit question saves the session as stopped, then the app exits with 0."""
    async with running(routine(PLANK)) as run:
        await run.advance(8)
        await run.press("w")  # a dialog open on top: cancelled, then the question
        await run.press("ctrl+q")
        assert "End the session and quit?" in run.shown()
        await run.press("y")
        record = run.recorder.finished
        assert record is not None and record["status"] == "stopped"
        assert [s["done"] for s in record["sets"]] == [8.0]
        assert run.app.return_value == 0


async def test_the_palette_quit_goes_through_the_same_question() -> None:
    """The palette's Quit (app.action_quit) asks during a session instead of exiting."""
    async with running(routine(PLANK)) as run:
        await run.app.action_quit()
        await run.pilot.pause()
        assert "End the session and quit?" in run.shown()
        assert run.app.return_value is None


async def test_the_question_counts_sets_as_the_history_does() -> None:
    """Skipped sets are not counted as done; a hold under way that the stop keeps is."""
    r = routine(Exercise("Plank", sets=3, hold=30), rest=Rest(10, 10))
    async with running(r) as run:
        await run.advance(2)
        await run.press("n")  # set 1 skipped
        await run.press("q")
        assert "with no sets done yet" in run.shown()
        await run.press("n")
        await run.press("enter")  # end the rest
        await run.advance(6)  # set 2 under way, 6 s held
        await run.press("q")
        assert "with the 1 set done so far" in run.shown()
        await run.press("y")
        assert isinstance(run.app.screen, SummaryScreen)
        assert "1 of 3 sets done, 1 skipped" in run.shown()


async def test_the_question_hides_the_session_keys() -> None:
    """While y/n is asked, the footer lists only y and n, not the session's keys."""
    async with running(routine(PLANK)) as run:
        await run.press("q")
        footer = footer_line(run)
        assert "Yes" in footer and "No" in footer
        assert "Pause" not in footer and "End hold" not in footer and "Skip" not in footer


async def test_held_reps_ring_as_each_hold_starts_and_ends() -> None:
    """Reps held 3 s ring at the start, at each lower and later hold, and in the last 3 s."""
    async with running(routine(Exercise("Bird-dog", sets=2, reps=3, hold=3))) as run:
        start = run.clock.now()
        await run.advance(15)  # 3 holds of 3 s with 3 s between: 15 s
        assert [t - start for t in run.bells] == [0, 3, 6, 9, 12, 13, 14, 15]


async def test_sound_off_in_the_palette_also_silences_spoken_steps(tmp_path: Path) -> None:
    """After Sound off, no step is spoken (nor rung); Sound on brings both back."""
    from backtimer.ui.palette import toggle_sound

    spoken = tmp_path / "spoken.txt"
    command = f"sh -c 'printf \"%s\\n\" \"$0\" >> {spoken}'"
    r = routine(Exercise("Plank", sets=3, hold=30))
    async with running(r, settings=Settings(announce=command)) as run:
        announcer = run.screen.announcer
        assert announcer is not None
        announcer.wait(timeout=5)
        toggle_sound(run.app)
        await run.press("enter")  # the rest starts: silent
        assert run.bells == [run.clock.now()]  # only the first step's bell
        toggle_sound(run.app)
        await run.press("enter")  # set 2 starts: heard again
        announcer.wait(timeout=5)
    assert spoken.read_text().splitlines() == [
        "Plank, set 1 of 3, 30 seconds", "Plank, set 2 of 3, 30 seconds"
    ]


async def test_a_failing_voice_is_reported_without_waiting_for_the_next_step() -> None:
    """An announce command that exits with an error is told at the next repaint tick."""
    settings = Settings(announce="sh -c 'exit 3'")
    async with running(routine(Exercise("Plank", hold=30)), settings=settings) as run:
        announcer = run.screen.announcer
        assert announcer is not None
        announcer.wait(timeout=5)
        await run.advance(0.5)
        errors = [n for n in run.app._notifications if "Announcements are off" in n.message]
        assert len(errors) == 1 and "status 3" in errors[0].message
        await run.advance(1)
        errors = [n for n in run.app._notifications if "Announcements are off" in n.message]
        assert len(errors) == 1


async def test_no_step_up_notice_covers_the_screen() -> None:
    """Step-ups show in the detail line only, not in a notice over the cues."""
    from backtimer.core.progress import Change

    changes = {"Plank": (Change("hold", 30, 35),)}
    app = BacktimerApp(routine=routine(Exercise("Plank", hold=35)), routine_changes=changes,
                       clock=FakeClock(), recorder_factory=lambda sid: FakeRecorder(sid, []),
                       settings=Settings(first_lead_in=0))
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        assert "35 s (was 30 s)" in screen_text(app)
        assert not any("Step-ups" in n.message for n in app._notifications)


async def test_weight_box_asks_for_the_unit_as_a_routine_file_does() -> None:
    """A bare `14` is refused with the hint to add its unit; `14kg` is then kept."""
    async with running(routine(ROWS)) as run:
        await run.press("w")
        box = run.app.screen.query_one("#weight")
        box.value = "14"  # type: ignore[attr-defined]
        await run.press("enter")
        assert not isinstance(run.app.screen, SessionScreen)  # still asking
        hint = run.app.screen.query_one("#hint")
        assert "write the unit too" in str(hint.content)  # type: ignore[attr-defined]
        box.value = "14kg"  # type: ignore[attr-defined]
        await run.press("enter")
        assert isinstance(run.app.screen, SessionScreen)
        assert "14kg" in run.shown()


async def test_weight_key_is_not_offered_in_the_warm_up() -> None:
    """During the warm-up w does nothing and is not in the footer; at the exercise it is."""
    async with running(routine(ROWS, warmup=Warmup(60))) as run:
        assert run.banner() == "WARM-UP"
        assert "w" not in run.screen.active_bindings
        await run.press("w")
        assert isinstance(run.app.screen, SessionScreen)
        await run.press("n")
        assert run.screen.active_bindings["w"].enabled
