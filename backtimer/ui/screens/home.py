"""The home screen: pick a routine, see the week and the programme, pick up where you stopped.

Routines are listed at once; the history is read in a worker thread, so the first
frame shows "Reading your history…" and fills in when it is parsed. Coming back to
this screen (after a session) reads the history and accepted step-ups again.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option

from backtimer.core.errors import shown_name
from backtimer.core.programme import (
    HomeHistory,
    ProgrammeStatus,
    TrainingWeek,
    gentle_choice,
    home_history,
    training_week,
)
from backtimer.core.progress import Applied, apply_progress
from backtimer.core.records import SessionRecord
from backtimer.core.routine import Routine
from backtimer.core.workouts import Workout, workout_of
from backtimer.storage.loader import duplicate_weeks
from backtimer.storage.progress_file import applied_from_file, load_progress
from backtimer.ui import palette
from backtimer.ui.app_base import BacktimerBase
from backtimer.ui.breakpoints import breakpoint_classes
from backtimer.ui.screens.problems import ProblemsScreen
from backtimer.ui.widgets.home_detail import RoutineDetail, estimate_text, routine_text
from backtimer.ui.widgets.home_routines import (
    RoutineList,
    error_text,
    next_in_programme,
    ordered,
    routine_prompt,
)
from backtimer.ui.widgets.home_status import HomeStatus, HomeSummary, ResumeNote

if TYPE_CHECKING:
    from backtimer.storage.loader import RoutineEntry


def is_rest_day(week: TrainingWeek | None) -> bool:
    """The day between strength sessions, nothing done yet today: the gentle one is offered."""
    return week is not None and week.offers_gentle


def gentle_offer(routine: Routine) -> str:
    """The rest-day line that offers the gentle routine, and the key that starts it."""
    return f"Feel like moving? {routine.name} ({estimate_text(routine)}) is easy: g starts it."


HomeRead = tuple[list[SessionRecord], HomeHistory, list[str]]


def _read_history(routines: tuple[Routine, ...], today: date, target: int) -> HomeRead:
    """Light rows from the history's index (imported here: not needed for the first frame),
    and what the screen shows of them: a long history takes a moment to go through."""
    from backtimer.storage.history.index import read_rows

    sessions, problems = read_rows()
    return sessions, home_history(routines, sessions, today, target), problems


ROUTINES_CHECK = 2.0  # seconds between looks at the routines folder (a few stat calls)


class HomeScreen(Screen[None]):
    """Routines on the left, the highlighted one on the right, the week above."""

    app = getters.app(BacktimerBase)  # typed access to the settings and the clock

    TITLE = "backtimer"
    # Start, History and Quit first: in 40 columns the footer cuts from the right, and
    # r and p are named in the lines that offer them.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start"),
        Binding("h", "history", "History"),
        Binding("q", "quit", "Quit"),
        Binding("r", "resume", "Pick up"),
        Binding("p", "problems", "Problems"),
        Binding("g", "gentle", "Gentle day"),
    ]
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [
        (0, "-narrow"), (64, "-wide")]  # narrow: routines above the detail, a tight footer
    # short: no header, a short panel, no detail in narrow terminals
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-short"), (18, "-tall")]
    DEFAULT_CSS = """
    HomeScreen #status-box {
        height: auto;
        max-height: 8;
        padding: 0 1;
        margin-bottom: 1;
    }
    HomeScreen.-short Header {
        display: none;
    }
    HomeScreen #main {
        height: 1fr;
    }
    HomeScreen #routines {
        width: 50%;
        min-width: 26;
        max-width: 50;
        height: 100%;
    }
    HomeScreen #detail-box {
        width: 1fr;
        padding: 0 1;
    }
    HomeScreen.-narrow #main {
        layout: vertical;
    }
    HomeScreen.-narrow #routines {
        width: 100%;
        max-width: 100%;
        height: 1fr;
        min-height: 3;
    }
    HomeScreen.-narrow #detail-box {
        height: 1fr;
    }
    HomeScreen.-narrow.-short #detail-box {
        display: none;
    }
    HomeScreen #status-box:focus {
        background: $boost;
    }
    HomeScreen.-short #status-box {
        max-height: 3;
        margin-bottom: 0;
    }
    """

    AUTO_FOCUS = "#routines"
    offers_routines = True  # the palette may start a routine from here

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[RoutineEntry] = []
        self.applied: dict[str, Applied] = {}  # by file path, with accepted steps applied
        self.file_problems: list[str] = []  # routines folder or progress.toml trouble
        self.sessions: list[SessionRecord] | None = None  # None until read
        self.history_problems: list[str] = []
        self.programmes: list[ProgrammeStatus] = []
        self.this_week: TrainingWeek | None = None  # worked out with the history, for its day
        self.interrupted: SessionRecord | None = None
        self.interrupted_workout: Workout | None = None  # it and what it picked up
        self.resume_routine: Routine | None = None  # the interrupted session's routine, found
        self.short = False  # a short terminal: the pick-up note in its short form
        self.routines_seen: tuple[object, ...] = ()  # the routines folder as last read

    @property
    def today(self) -> date:
        return self.app.current_date()

    def compose(self) -> ComposeResult:
        yield Header()
        yield ResumeNote(id="resume")
        with VerticalScroll(id="status-box", can_focus=False):
            yield HomeStatus(id="status")
        with Horizontal(id="main"):
            yield RoutineList(id="routines")
            with VerticalScroll(id="detail-box"):
                yield RoutineDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        # The app announces settings problems once; the panel keeps a line about them.
        self.fit(self.app.size.width, self.app.size.height)
        self.show_summary()
        # A routine saved from an editor shows up without leaving this screen.
        self.set_interval(ROUTINES_CHECK, self.check_routines)

    def on_app_focus(self) -> None:
        self.check_routines()  # back from the editor: look at once

    def check_routines(self) -> None:
        """Read the routines again when a file in their folder was added, changed or removed."""
        if not self.is_current:
            return  # on_screen_resume reads them when this screen comes back
        stamp = routines_stamp()
        if stamp != self.routines_seen:
            self.load_routines()

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def fit(self, width: int, height: int) -> None:
        """Small terminals: a tighter footer, the pick-up note short, the panel scrollable."""
        classes = breakpoint_classes(self, Size(width, height))
        narrow, self.short = "-narrow" in classes, "-short" in classes
        footer = self.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow  # ctrl+p still opens it
        # Only a short panel can hide lines; then tab reaches it and the arrows scroll it.
        self.query_one("#status-box").can_focus = self.short
        self.show_resume_note()
        self.call_after_refresh(self._place_toasts)

    def _place_toasts(self) -> None:
        from backtimer.ui.screens.toasts import keep_toasts_above

        keep_toasts_above(self, self.query_one("#routines"))

    def on_screen_resume(self) -> None:
        # First showing and every return (after a session): routines, steps and history.
        # The terminal may have been resized meanwhile, while another screen was on top.
        self.fit(self.app.size.width, self.app.size.height)
        self.load_routines()
        # Once this frame is out: the read holds the interpreter in long stretches.
        self.call_after_refresh(self._read_in_thread, self.routines(), self.today, self.target)

    @work(thread=True, exclusive=True, group="home-history", exit_on_error=False)
    def _read_in_thread(self, routines: tuple[Routine, ...], today: date, target: int) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing: nothing to show
            try:
                sessions, known, problems = _read_history(routines, today, target)
            except Exception as exc:  # noqa: BLE001 - the screen says so, and stays usable
                self.app.call_from_thread(
                    self.history_loaded, [], [f"The history could not be read: {exc}"])
                return
            self.app.call_from_thread(self.history_loaded, sessions, problems, known)

    # Loading --------------------------------------------------------------------

    def load_routines(self) -> None:
        self.routines_seen = routines_stamp()
        try:
            self.entries = palette.routine_entries()
        except Exception as exc:  # the screen stays usable; the reason is shown
            self.entries = []
            self.file_problems = [f"Routines could not be listed: {exc}"]
        else:
            self.file_problems = [str(p) for p in duplicate_weeks(self.entries)]
        progress, problems = load_progress()
        self.file_problems += [str(p) for p in problems]
        self.applied = {
            str(e.path): apply_progress(e.routine, progress.overrides_for(e.routine.file_name))
            for e in self.entries if e.routine is not None
        }
        self.find_resume_routine()
        self.refresh_list()
        self.refresh_bindings()  # r comes and goes with the interrupted session's routine

    def history_loaded(self, sessions: list[SessionRecord], problems: list[str],
                       known: HomeHistory | None = None) -> None:
        self.sessions = sessions
        self.history_problems = problems
        routines, target = self.routines(), self.target
        asked = (routines, target, self.today)
        if known is None or (known.routines, known.target, known.week.today) != asked:
            # The routines (or the day) changed while it was read: worked out again here.
            known = home_history(routines, sessions, self.today, target)
        self.this_week = known.week
        self.programmes = known.programmes
        self.interrupted = known.interrupted
        self.interrupted_workout = known.interrupted_workout
        self.find_resume_routine()
        self.refresh_list()
        self.refresh_bindings()

    @property
    def settings_problems(self) -> list[str]:
        return list(self.app.settings_problems)

    @property
    def target(self) -> int:
        return int(self.app.settings.weekly_target)

    def routines(self) -> tuple[Routine, ...]:
        return tuple(e.routine for e in self.entries if e.routine is not None)

    def week(self) -> TrainingWeek | None:
        """This week's training; None while the history is read."""
        if self.sessions is None:
            return None
        if self.this_week is None or self.this_week.today != self.today:
            self.this_week = training_week(self.sessions, self.today)  # a new day since
        return self.this_week

    # Showing --------------------------------------------------------------------

    def summary(self) -> HomeSummary:
        settings = self.app.settings
        week = self.week()
        gentle = self.gentle_routine() if is_rest_day(week) else None
        return HomeSummary(
            week=week,
            weekly_target=settings.weekly_target,
            programmes=self.programmes,
            problems=[*self._history_note(), *self.file_problems],
            settings_problems=self.settings_problems,
            has_routines=bool(self.entries),
            gentle_offer=gentle_offer(gentle) if gentle is not None else "",
        )

    def show_summary(self) -> None:
        self.show_resume_note()
        self.query_one(HomeStatus).show(self.summary())

    def show_resume_note(self) -> None:
        """The interrupted session with its workout's sets so far (a pick-up's included)."""
        workout = self.interrupted_workout
        self.query_one(ResumeNote).show(
            self.interrupted, short=self.short, numbers=workout.numbers if workout else None,
            found=self.resume_routine is not None)

    def find_resume_routine(self) -> None:
        """The interrupted session's routine, looked for again whenever the routines change."""
        interrupted = self.interrupted
        self.resume_routine = None if interrupted is None else self._routine_for(interrupted)

    def _history_note(self) -> list[str]:
        """Damaged history lines in one line here; the history screen lists each."""
        if not self.history_problems:
            return []
        count = len(self.history_problems)
        return [f"{count} problem{'s' if count > 1 else ''} reading your history; "
                "h shows the details."]

    def refresh_list(self) -> None:
        """Rebuild the list in order (programme weeks due first), keeping the highlight."""
        option_list = self.query_one("#routines", OptionList)
        previous = option_list.highlighted
        keep = None
        if previous is not None and previous > 0 and previous < option_list.option_count:
            keep = option_list.get_option_at_index(previous).id
        due = next_in_programme(self.programmes)
        self.entries = ordered(self.entries, due)
        option_list.clear_options()
        option_list.add_options(
            Option(routine_prompt(e, self.applied.get(str(e.path)), e.path.name in due),
                   id=str(e.path))
            for e in self.entries
        )
        if self.entries:
            index = 0
            if keep is not None:
                index = next((i for i, e in enumerate(self.entries) if str(e.path) == keep), 0)
            option_list.highlighted = index
        self.show_summary()
        self.show_detail()

    def selected(self) -> Any | None:
        index = self.query_one("#routines", OptionList).highlighted
        if index is None or not 0 <= index < len(self.entries):
            return None
        return self.entries[index]

    def show_detail(self) -> None:
        detail = self.query_one(RoutineDetail)
        entry = self.selected()
        if entry is None:
            detail.show(Text(""))
        elif entry.routine is None:
            detail.show(error_text(entry))
        else:
            applied = self.applied[str(entry.path)]
            detail.show(routine_text(applied.routine, applied.changes,
                                     estimate_text(applied.routine)))

    @on(OptionList.OptionHighlighted, "#routines")
    def _highlighted(self) -> None:
        self.show_detail()

    @on(OptionList.OptionSelected, "#routines")
    def _selected(self) -> None:
        self.action_start()

    # Actions --------------------------------------------------------------------

    def gentle_routine(self) -> Routine | None:
        """The gentle routine as it will run (accepted step-ups applied), if one is found."""
        routine = gentle_choice(e.routine for e in self.entries if e.routine is not None)
        if routine is None:
            return None
        applied = self.applied.get(str(routine.source))
        return applied.routine if applied is not None else routine

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "gentle":
            return is_rest_day(self.week()) and self.gentle_routine() is not None
        if action == "resume":
            return self.interrupted is not None and self.resume_routine is not None
        if action == "problems":
            return bool(self.settings_problems)
        return True

    def action_start(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.routine is None:
            self.notify(f"{shown_name(entry.path.name)} cannot be loaded; fix it first "
                        "(the reason is shown on the right).",
                        severity="error", markup=False)
            return
        palette.start_routine(self.app, entry.routine)

    def action_gentle(self) -> None:
        """Start the gentle routine offered on a rest day."""
        routine = gentle_choice(e.routine for e in self.entries if e.routine is not None)
        if routine is not None:
            palette.start_routine(self.app, routine)

    def action_resume(self) -> None:
        interrupted = self.interrupted
        if interrupted is None:
            return
        routine = self.resume_routine
        if routine is None:
            self.notify(f"The routine file {_routine_place(interrupted)} is no longer found, "
                        "so the session cannot be picked up.", severity="error", markup=False)
            return
        applied = self.applied.get(str(routine.source)) if routine.source else None
        if applied is None:  # run from a path outside the routines folder
            applied, problems = applied_from_file(routine)
            for problem in problems:
                self.notify(str(problem), title="Progress file", severity="warning",
                            markup=False)
        # The whole workout so far, so a pick-up of a pick-up continues after its last set.
        from backtimer.storage.history.index import whole

        workout = self.interrupted_workout or workout_of(interrupted, [interrupted])
        # Earlier parts are light rows: their sets are read from the file now.
        parts = tuple(whole(part) for part in workout.parts)
        record: SessionRecord = {**interrupted, "sets": Workout(parts).record()["sets"]}
        self.app.start_session(
            applied.routine, file_routine=routine, changes=applied.changes, resume=record,
        )

    def _routine_for(self, session: SessionRecord) -> Routine | None:
        """The routine a session ran: by the full path it was run from, then by name."""
        path = session.get("routine_path")
        if isinstance(path, str) and path:
            for entry in self.entries:
                if entry.routine is not None and os.path.abspath(entry.path) == path:
                    return entry.routine
            found = _load_quietly(path)
            if found is not None:
                return found
        name, file_name = session.get("routine"), session.get("routine_file")
        matchers: tuple[Callable[[RoutineEntry], bool], ...] = (
            lambda e: e.routine is not None and e.routine.name == name,
            lambda e: e.path.name == file_name)
        for matches in matchers:
            for entry in self.entries:
                if entry.routine is not None and matches(entry):
                    return entry.routine
        return None

    def action_problems(self) -> None:
        if self.settings_problems:
            self.app.push_screen(ProblemsScreen(
                "Problems in your settings", self.settings_problems,
                "Each of these settings runs on its default until the file is fixed; "
                "the others apply as written."))

    def action_history(self) -> None:
        self.app.open_history()

    def action_quit(self) -> None:
        self.app.exit(0)



def _routine_place(session: SessionRecord) -> str:
    path, file_name = session.get("routine_path"), session.get("routine_file")
    return str(path if isinstance(path, str) and path else file_name or "?")


def _load_quietly(path: str) -> Routine | None:
    """The routine at `path`, or None when it is gone or no longer loads."""
    from backtimer.core.errors import UserError
    from backtimer.storage.loader import load_routine

    try:
        return load_routine(Path(path))
    except (UserError, OSError, ValueError):
        return None


def routines_stamp() -> tuple[object, ...]:
    """What the person's routines folder holds: each routine file's name, size and change time.

    Cheap enough to take every few seconds (one listing, no file read); any edit,
    new file or removal changes it.
    """
    from backtimer.storage import paths

    folder = paths.user_routines_dir()
    try:
        with os.scandir(folder) as found:
            files = sorted(
                (e.name, e.stat().st_size, e.stat().st_mtime_ns)
                for e in found if e.name.endswith(".toml") and not e.name.startswith(".")
            )
    except OSError:
        return ()
    return tuple(files)
