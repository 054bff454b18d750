"""The home screen: pick a routine, see the week and the programme, pick up where you stopped.

Routines are listed at once; the history is read in a worker thread, so the first
frame shows "Reading your history…" and fills in when it is parsed. Coming back to
this screen (after a session) reads the history and accepted step-ups again.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from backtimer import palette
from backtimer.programme import (
    ProgrammeStatus,
    interrupted_session,
    programme_status,
    training_week,
)
from backtimer.progress import Applied, apply_progress, load_progress
from backtimer.routine import Routine
from backtimer.screens.problems import ProblemsScreen
from backtimer.widgets.home_detail import RoutineDetail, estimate_text, routine_text
from backtimer.widgets.home_routines import (
    RoutineList,
    error_text,
    next_in_programme,
    ordered,
    routine_prompt,
)
from backtimer.widgets.home_status import HomeStatus, HomeSummary, ResumeNote


def _read_history() -> tuple[list[Mapping[str, Any]], list[str]]:
    """Light rows from the history's index (imported here: not needed for the first frame)."""
    from backtimer.history.index import read_rows

    return read_rows()


NARROW_BELOW = 64  # columns: routines above the detail, a tight footer
SHORT_BELOW = 18  # rows: no header, a short panel, no detail in narrow terminals


class HomeScreen(Screen[None]):
    """Routines on the left, the highlighted one on the right, the week above."""

    TITLE = "backtimer"
    # Start, History and Quit first: in 40 columns the footer cuts from the right, and
    # r and p are named in the lines that offer them.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start"),
        Binding("h", "history", "History"),
        Binding("q", "quit", "Quit"),
        Binding("r", "resume", "Pick up"),
        Binding("p", "problems", "Problems"),
    ]
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-narrow"), (NARROW_BELOW, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (SHORT_BELOW, "-tall")]
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
        self.entries: list[Any] = []
        self.applied: dict[str, Applied] = {}  # by file path, with accepted steps applied
        self.file_problems: list[str] = []  # routines folder or progress.toml trouble
        self.sessions: list[Mapping[str, Any]] | None = None  # None until read
        self.history_problems: list[str] = []
        self.programmes: list[ProgrammeStatus] = []
        self.interrupted: Mapping[str, Any] | None = None
        self.short = False  # a short terminal: the pick-up note in its short form

    @property
    def today(self) -> date:
        return self.app.current_date()  # type: ignore[attr-defined, no-any-return]

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

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def fit(self, width: int, height: int) -> None:
        """Small terminals: a tighter footer, the pick-up note short, the panel scrollable."""
        narrow, self.short = width < NARROW_BELOW, height < SHORT_BELOW
        footer = self.query_one(Footer)
        footer.compact = narrow
        footer.show_command_palette = not narrow  # ctrl+p still opens it
        # Only a short panel can hide lines; then tab reaches it and the arrows scroll it.
        self.query_one("#status-box").can_focus = self.short
        self.query_one(ResumeNote).show(self.interrupted, short=self.short)

    def on_screen_resume(self) -> None:
        # First showing and every return (after a session): routines, steps and history.
        # The terminal may have been resized meanwhile, while another screen was on top.
        self.fit(self.app.size.width, self.app.size.height)
        self.load_routines()
        # Once this frame is out: the read holds the interpreter in long stretches.
        self.call_after_refresh(self.run_worker, _read_history, thread=True, exclusive=True,
                                group="home-history", name="home-history")

    # Loading --------------------------------------------------------------------

    def load_routines(self) -> None:
        try:
            self.entries = palette.routine_entries()
        except Exception as exc:  # the screen stays usable; the reason is shown
            self.entries = []
            self.file_problems = [f"Routines could not be listed: {exc}"]
        else:
            self.file_problems = []
        progress, problems = load_progress()
        self.file_problems += [str(p) for p in problems]
        self.applied = {
            str(e.path): apply_progress(e.routine, progress.overrides_for(e.routine.file_name))
            for e in self.entries if e.routine is not None
        }
        self.refresh_list()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "home-history":
            return
        if event.state is WorkerState.SUCCESS:
            sessions, problems = event.worker.result
            self.history_loaded(sessions, problems)
        elif event.state is WorkerState.ERROR:
            self.history_loaded([], [f"The history could not be read: {event.worker.error}"])

    def history_loaded(self, sessions: list[Mapping[str, Any]], problems: list[str]) -> None:
        self.sessions = sessions
        self.history_problems = problems
        routines = [e.routine for e in self.entries if e.routine is not None]
        target = int(self.app.settings.weekly_target)  # type: ignore[attr-defined]
        self.programmes = programme_status(routines, sessions, self.today, target)
        self.interrupted = interrupted_session(sessions)
        self.refresh_list()
        self.refresh_bindings()

    @property
    def settings_problems(self) -> list[str]:
        return list(self.app.settings_problems)  # type: ignore[attr-defined]

    # Showing --------------------------------------------------------------------

    def summary(self) -> HomeSummary:
        settings = self.app.settings  # type: ignore[attr-defined]
        week = None if self.sessions is None else training_week(self.sessions, self.today)
        return HomeSummary(
            week=week,
            weekly_target=settings.weekly_target,
            programmes=self.programmes,
            problems=[*self._history_note(), *self.file_problems],
            settings_problems=self.settings_problems,
            has_routines=bool(self.entries),
        )

    def show_summary(self) -> None:
        self.query_one(ResumeNote).show(self.interrupted, short=self.short)
        self.query_one(HomeStatus).show(self.summary())

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.interrupted is not None
        if action == "problems":
            return bool(self.settings_problems)
        return True

    def action_start(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.routine is None:
            self.notify(f"{entry.path.name} cannot be loaded; fix it first "
                        "(the reason is shown on the right).",
                        severity="error", markup=False)
            return
        palette.start_routine(self.app, entry.routine)

    def action_resume(self) -> None:
        interrupted = self.interrupted
        if interrupted is None:
            return
        routine = self._routine_for(interrupted)
        if routine is None:
            self.notify(f"The routine file {interrupted.get('routine_file', '?')} is no longer "
                        "found, so the session cannot be picked up.", severity="error",
                        markup=False)
            return
        applied = self.applied.get(str(routine.source)) if routine.source else None
        self.app.start_session(  # type: ignore[attr-defined]
            applied.routine if applied else routine, file_routine=routine,
            changes=applied.changes if applied else None, resume=dict(interrupted),
        )

    def _routine_for(self, session: Mapping[str, Any]) -> Routine | None:
        file_name = session.get("routine_file")
        for entry in self.entries:
            if entry.routine is not None and entry.path.name == file_name:
                return entry.routine  # type: ignore[no-any-return]
        return None

    def action_problems(self) -> None:
        if self.settings_problems:
            self.app.push_screen(ProblemsScreen(
                "Problems in your settings", self.settings_problems,
                "Each of these settings runs on its default until the file is fixed; "
                "the others apply as written."))

    def action_history(self) -> None:
        self.app.open_history()  # type: ignore[attr-defined]

    def action_quit(self) -> None:
        self.app.exit(0)

