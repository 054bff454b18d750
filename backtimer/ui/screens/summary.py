"""After the session: what was done, where it was saved, a rating, a note and step-ups.

The session is already saved when this screen opens; a rating or note is added
to it with `recorder.amend`. Step-ups (progressive overload) are offered only
after a completed session, one line each, accepted or declined with a key.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from pathlib import Path
from typing import Unpack

from rich.text import Text
from textual import getters, on
from textual._time import get_time  # the clock Textual stamps key events with
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static
from textual.widgets._toast import ToastRack

from backtimer.core.engine import Session, Status
from backtimer.core.plan import working_sets
from backtimer.core.progress import Suggestion
from backtimer.core.records import AmendChanges
from backtimer.core.routine import Routine
from backtimer.core.session_text import facts_text, session_facts
from backtimer.storage.history.fallback import FOLDER, Kept, discard, fallback_dir, keep_unsaved
from backtimer.storage.history.recorder import Recorder, SaveOutcome
from backtimer.storage.history.step_ups import find_suggestions
from backtimer.storage.progress_file import accept
from backtimer.ui.app_base import BacktimerBase
from backtimer.ui.widgets.banner import PhaseBanner

RATINGS = {1: "easy", 2: "about right", 3: "hard"}
NOTE_LENGTH = 200


CHECKING = "Checking for step-ups…"


class SavedMessage(Static):
    """Where the session was saved, or why not: notices are kept clear of it as it resizes."""

    def on_resize(self) -> None:
        screen = self.screen
        if isinstance(screen, SummaryScreen):
            screen._fit_toasts_later()


class SummaryScreen(Screen[None]):
    """SESSION COMPLETE or SESSION STOPPED, with the numbers and what to keep."""

    app = getters.app(BacktimerBase)  # typed access to the clock and how the app was started
    AUTO_FOCUS = ""  # keys 1/2/3 rate at once; the note box is focused only on request

    DEFAULT_CSS = """
    SummaryScreen > VerticalScroll { height: 1fr; padding: 0 2; }
    SummaryScreen #facts { height: auto; margin-top: 1; text-align: center; }
    SummaryScreen #saved { height: auto; margin-top: 1; color: $text-muted; }
    SummaryScreen #saved.-failed { color: $text; background: $error 30%; text-style: bold;
                                   padding: 0 1; }
    SummaryScreen #rating { height: auto; margin-top: 1; }
    SummaryScreen #note { margin-top: 1; }
    SummaryScreen #steps-title { height: auto; margin-top: 1; text-style: bold; }
    SummaryScreen #steps { height: auto; }
    SummaryScreen.-short PhaseBanner { height: 1; }
    SummaryScreen.-short #facts { margin-top: 0; }
    SummaryScreen ToastRack { scrollbar-size-vertical: 0; }
    SummaryScreen.-unsaved Toast { padding: 0 1; margin-top: 0; }  /* few rows to share */
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    BINDINGS = [
        Binding("1", "rate(1)", "Easy"),
        Binding("2", "rate(2)", "Right"),
        Binding("3", "rate(3)", "Hard"),
        Binding("n", "note", "Note"),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("a", "accept", "Accept"),
        Binding("d", "decline", "Decline"),
        Binding("p", "pain_advice", "Advice"),
        Binding("r", "retry", "Save again"),
        # Not enter: a second enter meant for the last set would skip the summary.
        Binding("q,escape", "leave", "Done"),
    ]

    def __init__(
        self,
        *,
        session: Session,
        recorder: Recorder,
        outcome: SaveOutcome,
        file_routine: Routine | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.recorder = recorder
        self.outcome = outcome
        self.file_routine = file_routine or session.routine
        self.status = session.status or Status.STOPPED
        self.record = session.to_record(self.status)
        self.facts = session_facts(self.record, session.session_elapsed(),
                                   working_sets(session.steps), before=session.resumed)
        self.rating: int | None = None
        self.note_saved = ""
        self.suggestions: list[Suggestion] = []
        self.checking: bool | None = None  # None: not started; True while read in a thread
        self.checker: threading.Thread | None = None
        self.decisions: dict[int, str] = {}  # suggestion index -> "accepted" / "declined"
        self.cursor = 0
        self.kept: Kept | None = None  # the copy of an unsaved session outside the data folder
        self.left_unsaved = False  # the person chose to leave it unsaved (y)
        # Keys made before the summary appeared (n held through the last set) never act on
        # it nor type into the note (see BacktimerApp._on_key).
        self.asked_at = get_time()

    def compose(self) -> ComposeResult:
        yield PhaseBanner(self.facts.banner, id="banner")
        with VerticalScroll():
            yield Static(facts_text(self.facts), id="facts")
            yield SavedMessage(self._saved_text(), id="saved",
                               classes="" if self.outcome.saved else "-failed")
            yield Static(self._rating_text(), id="rating")
            # Step-ups above the note box, so a short terminal shows them without scrolling.
            yield Static(id="steps-title")
            yield Static(id="steps")
            yield Input(placeholder="A note for next time, e.g. twinge on the left (n, enter)",
                        max_length=NOTE_LENGTH, id="note")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        if not self.outcome.saved:
            self.keep_unsaved()  # at once: a closed terminal or a kill must not lose it
        self._draw_steps()
        if self.status is Status.PAIN:
            from backtimer.ui.screens.pain import PainScreen

            self.app.push_screen(PainScreen())
        self.watch(self.query_one(VerticalScroll), "scroll_y", self._fit_toasts_later,
                   init=False)
        self._fit_toasts_later()

    def on_resize(self) -> None:
        self._fit_toasts_later()

    def _fit_toasts_later(self) -> None:
        self.call_after_refresh(self._fit_toasts)  # once the message's place is laid out

    def _fit_toasts(self) -> None:
        """Notices sit in the rows under a could-not-save message, never over it; with no
        row free they wait hidden (the message matters more, and scrolling frees rows)."""
        if not self.is_attached:
            return  # left before the layout settled
        saved = self.query_one("#saved", Static)
        failed = saved.has_class("-failed")
        footer = self.query_one(Footer).outer_size.height
        below = self.size.height - footer - max(0, saved.region.bottom)
        self.set_class(failed, "-unsaved")
        for rack in self.query(ToastRack):  # not `display`: Textual sets it with each notice
            rack.styles.max_height = max(0, below) if failed else None

    def on_screen_resume(self) -> None:
        # Only once the summary is drawn: the read must not delay SESSION COMPLETE.
        if self.checking is None and self.status is Status.COMPLETED:
            self.checking = True
            self._draw_steps()
            self.call_after_refresh(self._check_step_ups)

    class StepUpsFound(Message):
        """The step-ups worked out in the background, and lines to tell about it."""

        def __init__(self, suggestions: list[Suggestion], notes: list[str]) -> None:
            super().__init__()
            self.suggestions = suggestions
            self.notes = notes

    def _check_step_ups(self) -> None:
        """Work out step-ups in a thread: a long history takes seconds to read.

        A daemon thread rather than a Textual worker: leaving the app must not wait
        for a read whose answer nobody will see (Python waits for a worker's thread).
        """
        routine, record = self.file_routine, self.record

        def work() -> None:
            try:
                suggestions, notes = find_suggestions(routine, record)
            except Exception as exc:  # noqa: BLE001 - a suggestion bug must not hide the summary
                suggestions, notes = [], [f"Step-ups could not be worked out: {exc}"]
            with contextlib.suppress(RuntimeError):  # the app closed in the meantime
                self.post_message(self.StepUpsFound(suggestions, notes))

        self.checker = threading.Thread(target=work, name="step-ups", daemon=True)
        self.checker.start()

    def on_summary_screen_step_ups_found(self, message: StepUpsFound) -> None:
        self.checking = False
        self.suggestions = message.suggestions
        for note in message.notes:
            self.notify(note, severity="warning", markup=False, timeout=10)
        self._draw_steps()
        self.refresh_bindings()

    def on_unmount(self) -> None:
        if self.needs_keeping:
            self.keep_unsaved()  # the app is closing some other way: keep the latest
        self.recorder.close()

    # ---- content ---------------------------------------------------------
    def _saved_text(self) -> Text:
        if self.outcome.saved:
            return Text(self.outcome.message)
        return Text(f"⚠ {self.outcome.message}")

    def _rating_text(self) -> Text:
        text = Text("How was it?  ")
        for number, word in RATINGS.items():
            chosen = self.rating == number
            text.append(f" {number} {word} ", style="bold reverse" if chosen else "")
            text.append("  ")
        return text

    def _draw_steps(self) -> None:
        title = self.query_one("#steps-title", Static)
        steps = self.query_one("#steps", Static)
        if self.checking:
            title.update(Text(CHECKING, style="dim"))
            title.display, steps.display = True, False
            return
        if not self.suggestions:
            title.display = steps.display = False
            return
        title.display = steps.display = True
        title.update(Text("Ready for a step up next time  (↑/↓ choose, a accept, d decline)"))
        text = Text()
        for index, suggestion in enumerate(self.suggestions):
            if index:
                text.append("\n")
            mark = "›" if index == self.cursor else " "
            text.append(f"{mark} ", style="bold")
            text.append(suggestion.text, style="reverse" if index == self.cursor else "")
            decision = self.decisions.get(index)
            if decision == "accepted":
                text.append("   ✓ accepted", style="bold green")
            elif decision == "declined":
                text.append("   declined", style="dim")
        steps.update(text)

    def _show_cursor(self) -> None:
        """Scroll the chosen suggestion into view (a short terminal cuts the list)."""
        steps = self.query_one("#steps", Static)
        top = steps.virtual_region.y + self.cursor
        if self.cursor == 0:  # with the title line above it
            top = self.query_one("#steps-title", Static).virtual_region.y
        bottom = steps.virtual_region.y + self.cursor + 1
        self.query_one(VerticalScroll).scroll_to_region(
            Region(0, top, max(1, steps.size.width), bottom - top), animate=False, immediate=True
        )

    # ---- keys ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("accept", "decline", "move"):
            return bool(self.suggestions)  # hidden when there is nothing to choose
        if action == "pain_advice":
            return self.status is Status.PAIN
        if action == "retry":
            return not self.outcome.saved
        return True

    def action_rate(self, number: int) -> None:
        self.rating = number
        self.query_one("#rating", Static).update(self._rating_text())
        self._amend(f"Rated {RATINGS[number]}.", rating=number)

    def action_note(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def note_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._save_note()
        self.set_focus(None)

    def _save_note(self) -> None:
        note = " ".join(self.query_one("#note", Input).value.split())
        if note != self.note_saved:
            self.note_saved = note
            self._amend("Note saved." if note else "Note removed.", notes=note)

    def _amend(self, done: str, **changes: Unpack[AmendChanges]) -> None:
        try:
            outcome: SaveOutcome = self.recorder.amend(**changes)
        except Exception as exc:
            self.notify(f"Could not add it to the history: {exc}", severity="error",
                        markup=False)
            return
        if outcome.saved:
            self.notify(done, markup=False, timeout=3)
        else:
            self.notify(outcome.message, severity="error", markup=False, timeout=10)
            if not self.outcome.saved:
                self.keep_unsaved()  # the copy outside the data folder gets it too

    def action_move(self, delta: int) -> None:
        if self.suggestions:
            self.cursor = (self.cursor + delta) % len(self.suggestions)
            self._draw_steps()
            self.call_after_refresh(self._show_cursor)

    def action_accept(self) -> None:
        if not self.suggestions or self.decisions.get(self.cursor) == "accepted":
            return
        suggestion = self.suggestions[self.cursor]
        app = self.app
        try:
            accept([suggestion], when=app.clock.wall())
        except OSError as exc:
            self.notify(f"Could not keep the step-up: {exc}", severity="error", markup=False)
            return
        self.decisions[self.cursor] = "accepted"
        self.notify(f"From next time: {suggestion.text}", markup=False, timeout=5)
        self._next_open()

    def action_decline(self) -> None:
        if not self.suggestions:
            return
        if self.decisions.get(self.cursor) == "accepted":
            self.notify("Already kept. `backtimer progress --reset` undoes step-ups.",
                        markup=False)
            return
        self.decisions[self.cursor] = "declined"
        self._next_open()

    def _next_open(self) -> None:
        """Move to the next suggestion still waiting for an answer."""
        count = len(self.suggestions)
        for offset in range(1, count + 1):
            index = (self.cursor + offset) % count
            if index not in self.decisions:
                self.cursor = index
                break
        self._draw_steps()
        self.call_after_refresh(self._show_cursor)

    def action_retry(self) -> None:
        """Try the save again, e.g. after freeing some disk space."""
        try:
            self.outcome = self.recorder.finish(self.record)
        except Exception as exc:
            self.outcome = SaveOutcome(False, self.outcome.path, f"Could not save: {exc}")
        if self.outcome.saved and self.kept is not None:
            discard(self.kept)  # in the history now: the copy must not be added again
            self.kept = None
        saved = self.query_one("#saved", Static)
        saved.update(self._saved_text())
        saved.set_class(not self.outcome.saved, "-failed")
        self.refresh_bindings()
        self._fit_toasts_later()  # saved now, or its message a different height

    def action_pain_advice(self) -> None:
        from backtimer.ui.screens.pain import PainScreen

        self.app.push_screen(PainScreen())

    def action_leave(self) -> None:
        note = self.query_one("#note", Input)
        if note.has_focus:
            # Escape in the note cancels, as everywhere else: the saved note comes back.
            note.value = self.note_saved
            self.set_focus(None)
            return
        if self.needs_keeping:
            self.ask_leave_unsaved()
            return
        self._leave()

    def _leave(self) -> None:
        if not self.is_active:
            return  # already left (keys that arrived together)
        app = self.app
        if getattr(app, "direct_routine", None) is not None:
            app.exit(0)
        else:
            app.pop_screen()

    # ---- a session that could not be saved -------------------------------
    @property
    def needs_keeping(self) -> bool:
        """Not in the history, and leaving it so has not been confirmed."""
        return not self.outcome.saved and not self.left_unsaved

    def ask_leave_unsaved(self, *, quit_app: bool = False) -> None:
        """y keeps the session outside the data folder, then leaves (or quits); n stays."""
        from backtimer.ui.screens.confirm import ConfirmScreen

        if any(isinstance(s, ConfirmScreen) for s in self.app.screen_stack):
            return  # already asked; y or n answers it
        where = fallback_dir(create=True) or Path(tempfile.gettempdir()) / FOLDER

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if self.needs_keeping:
                self.keep_unsaved()  # again: with the rating and note given since
                self.left_unsaved = True
            if quit_app:
                self.app.exit(0)
            else:
                self._leave()

        self.app.clear_notifications()  # a small terminal shows the question in full
        self.app.push_screen(ConfirmScreen(
            "This session is not saved. Leave anyway?",
            f"It is kept in {where}, shown in the terminal when backtimer closes, and "
            "added to the history at the next start.",
        ), answered)

    def keep_unsaved(self) -> None:
        """Write the session (with its rating and note) outside the data folder; a later
        call replaces the earlier copy."""
        record = self.record.copy()
        if self.rating is not None:
            record["rating"] = self.rating
        if self.note_saved:
            record["notes"] = self.note_saved
        why = getattr(self.recorder, "problem", "") or self.outcome.message
        self.kept = keep_unsaved(record, why)
