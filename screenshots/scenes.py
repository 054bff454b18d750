"""Every screen of backtimer, set up from fixed data and driven in simulated time.

Used by `make.py` (the SVGs in this folder) and by `tests/test_snapshots.py`, so
the pictures and the snapshot tests show the same thing. Each scene writes its
files into the data and config folders that `backtimer.storage.paths` points at (the
caller decides where), then returns the app and a `drive(pilot)` coroutine that
brings it to the moment worth showing. Nothing here reads the real time: the app
runs on a FakeClock, `today` is fixed and the ids in the history are made from dates.
"""

from __future__ import annotations

import contextlib
import io
import os
import zlib
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable

from backtimer.core.clock import FakeClock
from backtimer.core.engine import Session, Status
from backtimer.core.plan import StepKind
from backtimer.core.progress import Suggestion
from backtimer.core.routine import Routine
from backtimer.storage import paths
from backtimer.storage.config import Settings
from backtimer.storage.history import store
from backtimer.storage.history.recorder import SaveOutcome, SessionRecorder
from backtimer.storage.loader import find_routine, load_routine
from backtimer.storage.progress_file import accept
from backtimer.ui.app import BacktimerApp
from backtimer.ui.screens.session import SessionScreen
from backtimer.ui.widgets.banner import PhaseBanner

TODAY = date(2026, 11, 26)  # a Thursday
NOW = datetime(2026, 11, 26, 18, 30, tzinfo=UTC)  # the wall clock a live session starts at
SHOWN_DATA_DIR = "/home/you/.local/share/backtimer"  # the data folder as pictures show it
TICK = 1.0  # simulated seconds per screen tick: under the engine's 2 s sleep detection

Drive = Callable[[Pilot[Any]], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    """One picture: a file name, a caption, how to build the app and what to do in it."""

    name: str
    caption: str
    build: Callable[[], tuple[BacktimerApp, Drive]]
    size: tuple[int, int] = (80, 24)


# ---- fixed history ---------------------------------------------------------------------


def bundled(name: str) -> Routine:
    """A routine shipped with backtimer, loaded as the app loads it."""
    return load_routine(find_routine(name))


def simulate(
    routine: Routine,
    started: datetime,
    *,
    status: Status = Status.COMPLETED,
    short: Mapping[tuple[str, int], float] | None = None,
    stop_after: int | None = None,
) -> dict[str, Any]:
    """A session record made by the real engine, as if someone had done the routine.

    Holds run their full time unless `short` gives (exercise, set) -> seconds held;
    rests take their shorter end; a rep set takes 30 s. `stop_after` ends the session
    with `status` once that many sets are recorded.
    """
    clock = FakeClock(wall=started)
    tag = zlib.crc32(f"{routine.file_name} {started}".encode()) & 0xFFFF  # fixed, like an id
    session = Session(routine, clock, session_id=f"{started:%Y%m%dT%H%M%S}-{tag:04x}")
    session.start()
    short = short or {}

    def wait(seconds: float) -> None:
        while seconds > 0 and session.running:
            step = min(TICK, seconds)
            clock.advance(step)
            seconds -= step
            session.tick()

    while not session.finished:
        if stop_after is not None and len(session.records) >= stop_after + 1:
            session.stop(status)
            break
        step = session.step
        key = (step.title, step.set_number)
        if step.kind is StepKind.HOLD and key in short:
            wait(short[key])
            session.done()
        elif step.kind is StepKind.REST:
            wait(step.rest_min or step.duration or 0)
            if session.step is step:
                session.done()
        elif step.kind is StepKind.REPS:
            wait(30)
            session.done()
        else:
            wait(step.duration or 1)
    return session.to_record()


def at(day: date, hour: int = 18, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def five_weeks() -> list[dict[str, Any]]:
    """Someone in the last week of the four-week plan, with core-stability days in between.

    The plank in core stability was stepped up from 30 s to 35 s on 7 Nov, so the
    history screen's trend of best holds goes up, and home shows `35 s (was 30 s)`.
    """
    core = bundled("core-stability")
    core35 = core._replace(exercises=tuple(
        e._replace(hold=35) if e.name == "Plank" else e for e in core.exercises))
    weeks = {n: bundled(f"week-{n}") for n in range(1, 5)}
    d = date
    return [
        simulate(weeks[1], at(d(2026, 10, 26))),
        simulate(weeks[1], at(d(2026, 10, 28), 7, 15)),
        simulate(core, at(d(2026, 10, 31), 10)),
        simulate(weeks[2], at(d(2026, 11, 2))),
        simulate(weeks[2], at(d(2026, 11, 5), 7, 20)),
        simulate(core, at(d(2026, 11, 7), 9, 40)),
        simulate(weeks[3], at(d(2026, 11, 9))),
        simulate(weeks[3], at(d(2026, 11, 11), 18, 40), status=Status.STOPPED, stop_after=6),
        simulate(weeks[3], at(d(2026, 11, 13))),
        simulate(core35, at(d(2026, 11, 17), 18, 10), short={("Plank", 3): 28.5}),
        simulate(core35, at(d(2026, 11, 20), 18, 0), short={("Side plank", 2): 14.0}),
        simulate(weeks[4], at(d(2026, 11, 24), 7, 5)),
    ]


def write_history(
    sessions: Sequence[Mapping[str, Any]], amends: Sequence[tuple[str, dict[str, Any]]] = ()
) -> Path:
    """history.toml as backtimer writes it: a block per session, then ratings and notes."""
    path = paths.history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    blocks = [store.session_block(s) for s in sessions]
    blocks += [store.amend_block(session_id, changes) for session_id, changes in amends]
    path.write_bytes(b"\n".join(blocks))
    return path


def write_home_data() -> None:
    """The five weeks of history, a few ratings and a note, and one accepted step-up."""
    sessions = five_weeks()
    amends = [(sessions[i]["id"], {"rating": r}) for i, r in ((1, 1), (6, 3), (10, 2), (11, 2))]
    amends.append((sessions[10]["id"], {"notes": "Left side plank still shaky"}))
    write_history(sessions, amends)
    accept([Suggestion("core-stability.toml", "Plank", "hold", 30, 35)],
           when=at(date(2026, 11, 7), 10, 5))


# ---- driving the app ---------------------------------------------------------------------


class ShownPathRecorder(SessionRecorder):
    """The real recorder, but the summary names the data folder people usually have.

    The pictures are made in a temporary folder; its name would change every run.
    """

    def _shown(self, outcome: SaveOutcome) -> SaveOutcome:
        real = str(self.data_dir)
        return outcome._replace(message=outcome.message.replace(real, SHOWN_DATA_DIR))

    def finish(self, record: Mapping[str, Any]) -> SaveOutcome:
        return self._shown(super().finish(record))

    def amend(self, **changes: Any) -> SaveOutcome:
        return self._shown(super().amend(**changes))


def new_app(routine: Routine | None = None) -> BacktimerApp:
    """The app on a fake clock and a fixed date; with `routine`, straight into its session."""
    app = BacktimerApp(
        routine=routine,
        file_routine=routine,
        routine_changes={} if routine is not None else None,
        settings=Settings(),
        clock=FakeClock(wall=NOW),
        today=TODAY,
        recorder_factory=ShownPathRecorder,
    )
    app.animation_level = "none"
    app.bell = lambda: None  # type: ignore[method-assign]  # no beeps while pictures are made
    return app


def session_screen(app: BacktimerApp) -> SessionScreen:
    """The running session, also while a dialog is open over it."""
    return next(s for s in app.screen_stack if isinstance(s, SessionScreen))


async def advance(pilot: Pilot[Any], seconds: float, tick: float = TICK) -> None:
    """Move simulated time, ticking the session screen as its timers would."""
    app: Any = pilot.app
    clock: FakeClock = app.clock
    await pilot.pause()  # the session may be the first screen, still being composed
    screen = session_screen(app)
    while seconds > 0:
        step = min(tick, seconds)
        clock.advance(step)
        seconds -= step
        screen.tick()
    await pilot.pause()


def banner_word(app: BacktimerApp) -> str:
    return app.screen.query_one(PhaseBanner).word


async def until(pilot: Pilot[Any], word: str) -> None:
    """Run the session until the banner shows `word`."""
    app: Any = pilot.app
    await pilot.pause()  # the session may be the first screen, still being composed
    screen = session_screen(app)
    for count in range(2000):
        if banner_word(app) == word:
            await pilot.pause()
            return
        app.clock.advance(TICK)
        screen.tick()
        if count % 30 == 29:  # a five-minute warm-up need not wait a frame each second
            await pilot.pause()
    raise AssertionError(f"never reached {word}")


async def still(pilot: Pilot[Any]) -> None:
    """Settle the picture: no flash half-way, no toasts, nothing moving."""
    app = pilot.app
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    for banner in app.screen.query(PhaseBanner):
        banner.remove_class("-flash")
    app.clear_notifications()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()
    await tables_settled(pilot)
    await pilot.pause()


async def tables_settled(pilot: Pilot[Any], most: int = 500) -> None:
    """Wait until every table has all its rows and has sized its columns.

    A DataTable measures its columns when its message queue is idle, and the history
    list adds its rows a batch per frame: on a busy machine a picture taken after a
    fixed number of pauses caught a table with its rows in but its columns still at
    their labels' width. This waits on that state, never on time.
    """
    for _ in range(most):
        screen = pilot.app.screen
        busy = [t for t in screen.query(DataTable)
                if t._require_update_dimensions or t._new_rows or t._updated_cells]
        filling = getattr(screen, "filling_rows", lambda: False)()
        if not busy and not filling:
            return
        await pilot.pause()
    raise AssertionError("the tables never settled")


# ---- the scenes ------------------------------------------------------------------------------


def home() -> tuple[BacktimerApp, Drive]:
    write_home_data()

    async def drive(pilot: Pilot[Any]) -> None:
        await still(pilot)

    return new_app(), drive


def history() -> tuple[BacktimerApp, Drive]:
    write_home_data()

    async def drive(pilot: Pilot[Any]) -> None:
        await still(pilot)
        await pilot.press("h")
        await still(pilot)
        await pilot.press("down")
        await still(pilot)

    return new_app(), drive


def charts() -> tuple[BacktimerApp, Drive]:
    write_home_data()

    async def drive(pilot: Pilot[Any]) -> None:
        await still(pilot)
        await pilot.press("h")
        await still(pilot)
        await pilot.press("g")
        await still(pilot)

    return new_app(), drive


def warmup() -> tuple[BacktimerApp, Drive]:
    async def drive(pilot: Pilot[Any]) -> None:
        await advance(pilot, 108)
        await still(pilot)

    return new_app(bundled("week-3")), drive


def get_ready() -> tuple[BacktimerApp, Drive]:
    async def drive(pilot: Pilot[Any]) -> None:
        await advance(pilot, 2)
        await still(pilot)

    return new_app(bundled("core-stability")), drive


def hold() -> tuple[BacktimerApp, Drive]:
    async def drive(pilot: Pilot[Any]) -> None:
        await until(pilot, "HOLD")
        await advance(pilot, 30)  # set 1 in full
        await advance(pilot, 52)  # rest, ready after 45 s
        await pilot.press("enter")  # ... start now
        await until(pilot, "HOLD")
        await advance(pilot, 12)
        await still(pilot)

    return new_app(bundled("core-stability")), drive


def reps() -> tuple[BacktimerApp, Drive]:
    async def drive(pilot: Pilot[Any]) -> None:
        await advance(pilot, 300)  # the warm-up
        await still(pilot)

    return new_app(bundled("week-3")), drive


def held_reps() -> tuple[BacktimerApp, Drive]:
    async def drive(pilot: Pilot[Any]) -> None:
        await until(pilot, "REPS")
        await advance(pilot, 13)  # rep 3 of 6, a second into its hold
        await still(pilot)

    return new_app(bundled("foundation")), drive


def rest() -> tuple[BacktimerApp, Drive]:
    async def drive(pilot: Pilot[Any]) -> None:
        await until(pilot, "HOLD")
        await advance(pilot, 30)
        await advance(pilot, 22)
        await still(pilot)

    return new_app(bundled("core-stability")), drive


def summary() -> tuple[BacktimerApp, Drive]:
    core = bundled("core-stability")
    # One earlier session at target: with today's, two in a row earn step-ups.
    write_history([simulate(core, at(TODAY - timedelta(days=3), 18, 15))])

    async def drive(pilot: Pilot[Any]) -> None:
        session = session_screen(pilot.app).session  # type: ignore[arg-type]
        assert session is not None
        while not session.finished:  # every hold in full, so each exercise met its target
            step = session.step
            # 2 s ticks (the most the engine allows before it thinks the laptop slept).
            if step.kind is StepKind.REPS:
                await advance(pilot, 40, tick=2.0)
                await pilot.press("enter")
            else:
                await advance(pilot, step.duration or TICK, tick=2.0)
        await pilot.pause()
        # Step-ups are worked out off the UI thread; wait for them before accepting one.
        checker = getattr(pilot.app.screen, "checker", None)
        if checker is not None:
            checker.join(timeout=30)
        await pilot.pause()
        await pilot.press("2", "a")  # rated "about right"; the plank's step-up accepted
        await still(pilot)

    return new_app(core), drive


def pain() -> tuple[BacktimerApp, Drive]:
    async def drive(pilot: Pilot[Any]) -> None:
        await until(pilot, "HOLD")
        await advance(pilot, 14)
        await pilot.press("exclamation_mark", "y")
        await still(pilot)

    return new_app(bundled("core-stability")), drive


SCENES: tuple[Scene, ...] = (
    Scene("home", "The home screen", home),
    Scene("warmup", "Warm-up", warmup),
    Scene("get-ready", "Get ready before a hold", get_ready),
    Scene("hold", "A timed hold", hold),
    Scene("reps", "A rep set", reps),
    Scene("rest", "A rest, with what comes next", rest),
    Scene("summary", "The summary, with step-ups", summary),
    Scene("pain", "After a stop for pain", pain),
    Scene("history", "The history", history),
    Scene("charts", "Charts of a hold and of training weeks", charts, size=(100, 32)),
    Scene("hold-small", "40×12", hold, size=(40, 12)),
    Scene("hold-60x20", "A hold at 60×20", hold, size=(60, 20)),
    Scene("hold-200x60", "A hold at 200×60", hold, size=(200, 60)),
    Scene("reps-held", "Held reps: the rep count in the big digits", held_reps),
)


# ---- validate ------------------------------------------------------------------------------

BROKEN_ROUTINE = """\
name = "Morning back"
rest = [90, 60]

[[exercise]]
name = "Plank"
sets = 3
hold = "30s"

[[exercise]]
name = "Side plank"
hodl = 20
per_side = true

[[exercise]]
name = "Bent-over row"
reps = 10
weight = 8
"""


@contextlib.contextmanager
def working_dir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def validate_output(folder: Path) -> tuple[str, int]:
    """What `backtimer validate morning.toml` prints for BROKEN_ROUTINE, and its exit code."""
    from backtimer.__main__ import main

    (folder / "morning.toml").write_text(BROKEN_ROUTINE, encoding="utf-8")
    out = io.StringIO()
    with working_dir(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        code = main(["validate", "morning.toml"])
    return out.getvalue(), code


def validate_svg(folder: Path) -> str:
    """The validate run as a terminal picture: the command, its output, its exit status."""
    output, code = validate_output(folder)
    console = Console(record=True, width=100, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor")
    console.print(Text.assemble(("$ ", "dim"), ("backtimer validate morning.toml", "bold")))
    console.print(Text(output.rstrip("\n")))
    console.print(Text.assemble(("$ ", "dim"), ("echo $?", "bold")))
    console.print(Text(str(code)))
    return console.export_svg(title="backtimer validate", unique_id="validate")
