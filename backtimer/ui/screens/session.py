"""The live session: one routine, step by step, hands-free from across the room.

Time comes only from the engine, which computes every countdown from a
deadline on the injected clock. One Textual timer wakes the screen exactly when
the next thing happens (a bell, a phase change, the next whole second on the
display), or after KEEP_ALIVE when nothing is due sooner (while paused). It is
never counted; a late or missed wake-up changes nothing but when the screen
repaints.

A phase change is drawn first and written to the session's journal just after
the frame (a journal write waits for the disk), so the new phase reaches the
screen on time. Texts whose height cannot change are updated without a layout
pass of the whole screen.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.widgets._toast import ToastRack

from backtimer.core import session_text as texts
from backtimer.core.engine import (
    AutoPaused,
    Bell,
    Event,
    Finished,
    Session,
    Status,
    StepEnded,
    StepStarted,
    WeightSet,
)
from backtimer.core.plan import StepKind, build_plan, resume_steps, working_sets
from backtimer.core.records import SessionRecord
from backtimer.core.routine import Routine
from backtimer.sound.announce import Announcer
from backtimer.sound.tones import TonePlayer, pick_tone
from backtimer.storage import paths
from backtimer.storage.history.recorder import (
    Recorder,
    RecorderFactory,
    SaveOutcome,
    default_recorder,
)
from backtimer.ui.app_base import BacktimerBase
from backtimer.ui.phases import kind_classes
from backtimer.ui.widgets.banner import PhaseBanner
from backtimer.ui.widgets.countdown import BigClock
from backtimer.ui.widgets.kept import KeptColumn, KeptLines, KeptStatic
from backtimer.ui.widgets.session_bar import READY_LABEL, StepBar, TextLine
from backtimer.ui.widgets.session_fit import Fit, Need, cue_window
from backtimer.ui.widgets.session_fit import fit as fit_screen

if TYPE_CHECKING:
    from backtimer.core.progress import Change

_W = TypeVar("_W", bound=Widget)
KEEP_ALIVE = 1.0  # the longest sleep between wake-ups (a running step wakes every second)
WAKE_SLACK = 0.001  # Textual's sleep wakes up to 0.5 ms early; land just after the mark


_REST_GROUP = Binding.Group("Rest", compact=True)
_REPS_GROUP = Binding.Group("Reps", compact=True)

# Which `enter` binding shows for which step: its footer text names what it does now.
_FINISH_FOR: dict[StepKind, str] = {
    StepKind.REPS: "reps",
    StepKind.GUIDED: "reps",
    StepKind.HOLD: "hold",
    StepKind.REST: "rest",
    StepKind.WARMUP: "warmup",
    StepKind.GET_READY: "lead",
    StepKind.SWITCH: "lead",
}


class SessionScreen(KeptLines, Screen[None]):
    """Runs `routine` with the app's clock, saves it, then shows the summary."""

    app = getters.app(BacktimerBase)  # typed access to the settings, clock and bell

    DEFAULT_CSS = """
    SessionScreen { layout: vertical; }
    SessionScreen #body { height: 1fr; }
    SessionScreen #title { height: 1; text-align: center; }
    SessionScreen #clock { color: $text; }  /* the phase's colour: phases.tcss */
    SessionScreen #bar { margin: 0 4; }
    SessionScreen #detail { height: 1; margin: 0 2; text-align: center; }
    SessionScreen #cues { height: 0; padding: 1 2 0 2; color: $text-muted; }
    SessionScreen #overall { height: 1; text-align: center; color: $text-muted; }
    SessionScreen ToastRack { scrollbar-size-vertical: 0; }
    SessionScreen Toast { padding: 0 1; margin-top: 0; }
    SessionScreen Footer.-compact FooterLabel { margin-right: 1; }
    SessionScreen #footer-room { dock: bottom; height: 1; background: $footer-background; }
    SessionScreen.-narrow #bar { margin: 0 1; }
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]

    # The footer lists keys in this order and a narrow terminal cuts it short, so the
    # keys for stopping (! for pain above all) come right after pause and enter.
    BINDINGS = [
        # First, so that even the narrowest footer shows how to see all the others;
        # there, as a bare `?` that leaves room for the keys for stopping.
        Binding("question_mark", "keys('wide')", "Keys"),
        # (A blank description: Textual's footer leaves out keys without one.)
        Binding("question_mark", "keys('narrow')", " "),
        Binding("space", "pause", "Pause"),
        Binding("space", "resume", "Resume"),
        Binding("enter", "finish('reps')", "Done"),
        Binding("enter", "finish('hold')", "End hold"),
        Binding("enter", "finish('rest')", "End rest"),
        Binding("enter", "finish('warmup')", "End warm-up"),
        Binding("enter", "finish('lead')", "Start now"),
        Binding("exclamation_mark", "pain", "Pain"),
        Binding("q", "end", "End"),
        Binding("plus,equals_sign", "rest(1)", "Longer rest", group=_REST_GROUP),
        Binding("minus", "rest(-1)", "Shorter rest", group=_REST_GROUP),
        Binding("up", "reps(1)", "One more rep", group=_REPS_GROUP),
        Binding("down", "reps(-1)", "One rep less", group=_REPS_GROUP),
        Binding("n", "skip", "Skip"),
        Binding("b", "back", "Back"),
        Binding("w", "weight", "Weight"),
    ]

    def __init__(
        self,
        routine: Routine,
        *,
        file_routine: Routine | None = None,
        changes: Mapping[str, Sequence[Change]] | None = None,
        recorder_factory: RecorderFactory | None = None,
        resume: SessionRecord | None = None,
    ) -> None:
        super().__init__()
        self.routine = routine
        self.resume = resume  # an interrupted session's record: pick up after its last set
        # suggest() applies stored step-ups itself; a routine that already carries
        # them gives the same suggestions, so the live routine is a safe stand-in.
        self.file_routine = file_routine or routine
        self._changes = changes
        self._recorder_factory = recorder_factory or default_recorder
        self.session: Session | None = None
        self.recorder: Recorder | None = None
        self.announcer: Announcer | None = None
        self.outcome: SaveOutcome | None = None
        self._wake: Timer | None = None
        self.wake_at: float | None = None  # engine time of the next scheduled wake-up
        self._binding_state: tuple[object, ...] = ()
        self._shown: dict[str, object] = {}
        self._heights: dict[str, tuple[int, int]] = {}  # widget id -> (width, content height)
        self._pending: list[SessionRecord] = []  # journal checkpoints due after the frame
        self._summary_due = False
        self._handed_off = False
        self._quit_after_save = False  # ended by quitting the app: no summary, just exit
        self._final_status = Status.STOPPED  # how the session ended, once it has
        self.tones: TonePlayer | None = None
        self._fit: Fit | None = None
        self._need: tuple[object, ...] = ()  # what the current fit was made for
        self._cue_window: tuple[object, ...] = ()
        self._cue_count = 0
        self._parts: dict[type[Widget], Widget] = {}
        self._kept = False  # written outside the data folder (it could not be saved)

    # ---- building --------------------------------------------------------
    def compose(self) -> ComposeResult:
        # The session is made here (started on mount) so that the band and the body
        # carry the first step's colours from the start: set later, each change of
        # classes would restyle widgets that had just been styled.
        session = self._new_session()
        yield PhaseBanner(texts.banner_word(session), id="banner")
        classes = _body_classes(session, relax=False)
        with KeptColumn(id="body", classes=" ".join(c for c, on in classes.items() if on)):
            yield KeptStatic(id="title")
            yield BigClock(id="clock")
            yield StepBar(id="bar")
            yield KeptStatic(id="detail")
            yield KeptStatic(id="cues")
            yield TextLine(id="overall")
        # The footer's row, empty until the first frame is out (see add_footer).
        yield Widget(id="footer-room")

    def _new_session(self) -> Session:
        app = self.app
        settings = app.settings
        routine = self.routine
        if settings.lead_in is not None:
            routine = routine._replace(lead_in=settings.lead_in)
        steps = build_plan(routine, first_lead_in=settings.first_lead_in)
        resumed: SessionRecord | None = None
        planned = 0
        if self.resume is not None:
            first_wait = max(routine.lead_in, settings.first_lead_in)
            remaining = resume_steps(steps, self.resume, first_wait)
            if remaining:
                from backtimer.core.workouts import session_numbers  # only on a pick-up

                before = session_numbers(self.resume)
                self.notify(f"Picking up after {before.sets_done} of "
                            f"{max(before.sets_planned, working_sets(steps))} sets.", timeout=6)
                # Saved as the rest of that workout: its id, and the whole plan's sets.
                resumed, planned = self.resume, working_sets(steps)
                steps = remaining
            else:
                self.notify("Every set of that session was done; starting from the top.",
                            timeout=6)
        self.session = Session(routine, app.clock, steps=steps, rest_step=settings.rest_step,
                               resumed=resumed, planned_sets=planned or None)
        return self.session

    def on_mount(self) -> None:
        app = self.app
        settings = app.settings
        assert self.session is not None
        if self._changes is None:  # started from the home screen: step-ups read here
            from backtimer.core.progress import applied_changes
            from backtimer.storage.progress_file import load_progress

            progress, _problems = load_progress()
            self._changes = applied_changes(self.routine, progress)
        # Step-ups in use are shown where they apply, in each step's detail line
        # ("Target 35 s (was 30 s)"), rather than in a notice that covers the screen.
        # Built even when silent: sound may be switched on from the palette mid-session.
        self.announcer = Announcer(settings.announce)
        self.tones = getattr(app, "tones", None) or TonePlayer()
        self.recorder = self._recorder_factory(self.session.id)
        try:
            self.recorder.start()
        except Exception as exc:  # a journal that cannot be made must not stop the workout
            self.notify(f"This session may not be saved: {exc}", severity="error",
                        markup=False, timeout=15)
        if self.recorder.warning:
            self.notify(self.recorder.warning, severity="warning", markup=False, timeout=15)
        self._handle(self.session.start(), opening=True)
        self.call_after_refresh(self.add_footer)

    async def add_footer(self) -> None:
        """Textual's footer, once the first frame is out: loading and building it takes
        longer than the rest of the screen (its keys always came a frame later)."""
        from backtimer.ui.widgets.kept_footer import KeptFooter

        room = self.query("#footer-room")
        if not room or not self.is_attached:
            return  # added already, or the screen is gone
        await self.mount(KeptFooter(compact=True, show_command_palette=False),
                         before=room.first())
        await room.remove()
        self.refresh_bindings()  # the footer lists the keys when told the bindings changed

    def on_unmount(self) -> None:
        self._cancel_wake()
        if self.announcer is not None:
            self.announcer.close()
        # The tones belong to the app: the session's last tone plays on over the summary.
        if self.recorder is not None and not self._handed_off:
            if self.session is not None and self.session.finished:
                self._save()  # ended, and the app closed before the save came round
            else:
                self._write_checkpoints()
            self._keep_if_unsaved()
            self.recorder.close()

    def on_resize(self) -> None:
        # Breakpoint classes have just changed: fit the new size at once.
        self._need = ()
        self.refresh_view()

    @property
    def live(self) -> bool:
        """True while the session runs or is paused (not yet saved)."""
        return self.session is not None and not self.session.finished

    @property
    def offers_history(self) -> bool:
        # Opening the history on top would leave this session running unseen.
        return not self.live

    def _voice_on(self) -> bool:
        return not getattr(self.app, "voice_off", False)

    # ---- time ------------------------------------------------------------
    def tick(self) -> None:
        """Bring the session up to now and repaint what changed (timers call this; so do tests)."""
        if self.session is None or self.session.finished:
            return
        self._report_voice_error()
        if self.tones is not None:
            self.tones.reap(self.session.clock.now())
        self._handle(self.session.tick(), plain=True)

    def _report_voice_error(self) -> None:
        """A failing announce command is told as soon as it exits, not at the next step.

        Cheap enough for every tick: a non-blocking poll of one child process.
        """
        if self.announcer is None or not self._voice_on():
            return
        error = self.announcer.take_error()
        if error:
            self.notify(error, severity="warning", markup=False, timeout=10)

    def _cancel_wake(self) -> None:
        if self._wake is not None:
            self._wake.stop()
            self._wake = None
        self.wake_at = None

    def _schedule(self) -> None:
        """One wake-up at the next moment anything changes: a bell, a deadline, a new second.

        The second is the clock's: a step that counts (down, or a held rep's seconds)
        sets the pace, and the active time under it is brought up to date with it, so
        a step begun mid-second (after a set ended early) still repaints once a second,
        not twice. Only a set without an end goes by the active time.

        Paused, nothing changes on screen; the slow wake-up then only looks for a
        failed announce command (see `_report_voice_error`).
        """
        self._cancel_wake()
        session = self.session
        if session is None or session.finished:
            return
        now = session.clock.now()
        times = [now + KEEP_ALIVE]
        if session.running:
            wakeup = session.next_wakeup()
            if wakeup is not None:
                times.append(wakeup)
            left = session.remaining()
            if left is not None:
                times.append(now + _to_next_second(left, up=False))
            if session.step.kind is StepKind.GUIDED:
                times.append(now + _to_next_second(session.guided_position()[2], up=False))
            elif left is None:
                times.append(now + _to_next_second(session.session_elapsed(), up=True))
        self.wake_at = min(times)
        self._wake = self.set_timer(max(0.0, self.wake_at - now) + WAKE_SLACK, self.tick,
                                    name="session-wake")

    # ---- events ----------------------------------------------------------
    def _handle(self, events: list[Event], *, opening: bool = False, plain: bool = False
                ) -> None:
        """Act on the engine's events, then repaint: all of it, or for a `plain` tick
        (nothing but time passing) only the parts that move with the clock."""
        session = self.session
        assert session is not None
        self._sound(events)
        for event in events:
            if isinstance(event, StepStarted):
                plain = False
                self._step_started(event, flash=not opening)
            elif isinstance(event, StepEnded):
                self._queue_checkpoint()
            elif isinstance(event, AutoPaused):
                plain = False
                self.notify(
                    f"The clock jumped {event.gap:.0f} s, so the session paused itself. "
                    "Press space to go on.",
                    title="Paused", severity="warning", timeout=10,
                )
            elif isinstance(event, Finished):
                self._finished(event.status)
                return
        if plain:
            self._refresh_moving()
        else:
            self.refresh_view()
        self._schedule()

    def _sound(self, events: Sequence[Event]) -> None:
        """One sound for the moment: a tone (by what happened), or the bell, or nothing."""
        reasons = [_TONE_FOR.get(e.reason, "start") for e in events if isinstance(e, Bell)]
        if any(isinstance(e, Finished) and e.status is Status.COMPLETED for e in events):
            reasons.append("end")
        tone = pick_tone(reasons)
        app = self.app
        if tone is None or app.quiet:
            return
        if app.settings.sound == "bell" or self.tones is None or self.session is None:
            app.ring()
            return
        message = self.tones.play(tone, self.session.clock.now())
        if message:
            self.notify(message, severity="warning", markup=False, timeout=8)
        if self.tones.missing:
            app.ring()

    def _step_started(self, event: StepStarted, *, flash: bool = True) -> None:
        if flash:  # not for the first step: the band appears then anyway
            self.query_one(PhaseBanner).flash()
        # Checked at every step, so "Sound off" in the palette silences the voice at once.
        if self.announcer is not None and self._voice_on():
            error = self.announcer.say(event.step.spoken)
            if error:
                self.notify(error, severity="warning", markup=False, timeout=10)

    def _queue_checkpoint(self) -> None:
        """Keep the session as it stands for the journal, written once the frame is out."""
        if self.recorder is None or self.session is None:
            return
        record = self.session.to_record()
        record["sets"] = [s.copy() for s in record["sets"]]  # as it is now, not as it becomes
        if not self._pending:
            self._after_frame(self._write_checkpoints)
        self._pending.append(record)

    def _after_frame(self, callback: Callable[[], None]) -> None:
        """Run `callback` once the next frame (a new phase: laid out afresh) is drawn.

        The screen is marked for a layout here: the widgets' own refresh requests
        reach it only later, and until one has, Textual runs after-refresh
        callbacks at once, before any frame.
        """
        self.refresh(layout=True)
        self.call_after_refresh(callback)

    def _write_checkpoints(self) -> None:
        """Write the waiting checkpoints, oldest first, in the UI thread (one writer only)."""
        pending, self._pending = self._pending, []
        if self.recorder is None or self._handed_off:
            return
        for record in pending:
            before = self.recorder.warning
            self.recorder.checkpoint(record)
            warning = self.recorder.warning
            if warning and warning != before:
                self.notify(warning, severity="warning", markup=False, timeout=10)

    def _finished(self, status: Status) -> None:
        """Show the end at once, save right after that frame, then show the summary.

        The band says SESSION COMPLETE (or STOPPED) on time; the save (which waits
        for the disk) and the summary (a new screen to build) follow it, still
        before anything can be rated.
        """
        self._cancel_wake()
        # finish() writes the journal itself before it saves, so a checkpoint still
        # waiting is dropped, never written after it.
        self._pending.clear()
        self._final_status = status
        if self._quit_after_save:
            self._save()
            self._keep_if_unsaved()
            self.app.exit(0)  # saved (or kept elsewhere); leaving was what the person asked
            return
        self.refresh_view()
        self._after_frame(self._after_end)

    def _after_end(self) -> None:
        self._save()
        if self.is_active:
            self._show_summary()
        elif self.is_attached:
            self._summary_due = True  # a dialog is open; it closes first

    def _save(self) -> None:
        """Save the finished session once (the summary shows how that went)."""
        session = self.session
        if self.outcome is not None or session is None or self.recorder is None:
            return
        record = session.to_record(self._final_status)
        try:
            self.outcome = self.recorder.finish(record)
        except Exception as exc:  # the summary must still show what was done
            self.outcome = SaveOutcome(False, paths.history_file(),
                                       f"Could not save the session: {exc}")

    def _keep_if_unsaved(self) -> None:
        """Leaving with the session in neither history.toml nor a current journal (a
        folder that cannot be written): keep it outside the data folder, to be printed."""
        session, recorder = self.session, self.recorder
        if session is None or recorder is None or self._kept:
            return
        if session.finished:
            if self.outcome is None or self.outcome.saved:
                return
            record = session.to_record(self._final_status)
        elif recorder.warning and session.records:
            record = session.to_record(Status.INTERRUPTED)  # its journal is out of date
        else:
            return
        from backtimer.storage.history.fallback import keep_unsaved

        why = getattr(recorder, "problem", "") or recorder.warning or "it could not be written"
        keep_unsaved(record, why)
        self._kept = True

    def on_screen_resume(self) -> None:
        if self._summary_due:
            self._summary_due = False
            self._show_summary()
        elif self.live:
            self.refresh_view()  # the terminal may have been resized under a dialog

    def _show_summary(self) -> None:
        from backtimer.ui.screens.summary import SummaryScreen

        session = self.session
        assert session is not None and self.recorder is not None and self.outcome is not None
        self._handed_off = True
        self.app.switch_screen(
            SummaryScreen(
                session=session,
                recorder=self.recorder,
                outcome=self.outcome,
                file_routine=self.file_routine,
            )
        )

    # ---- drawing ---------------------------------------------------------
    def _set(self, widget_id: str, value: Text, *, fixed: bool = False) -> None:
        """Update a Static only when what it shows has changed.

        The whole screen is laid out again only when the text's height changes
        (a longer line that wraps): most updates keep it, and then repainting the
        line alone is enough. `fixed`: its height is set in CSS, never measured.
        """
        if self._shown.get(widget_id) == value:
            return
        self._shown[widget_id] = value
        widget = self.query_one(f"#{widget_id}")
        assert isinstance(widget, Static | TextLine)
        widget.update(value, layout=False)
        if isinstance(widget, TextLine):
            return
        if fixed:
            return
        width = widget.content_size.width
        if not width:  # not laid out yet: the coming layout measures it
            self._heights.pop(widget_id, None)
            widget.refresh(layout=True)
            return
        height = widget.get_content_height(widget.size, self.size, width)
        if self._heights.get(widget_id) != (width, height):
            self._heights[widget_id] = (width, height)
            widget.refresh(layout=True)

    def refresh_view(self) -> None:
        """Repaint everything that may have changed: after a step change, a key, a resize."""
        session = self.session
        if session is None:
            return
        step = session.step
        self._set("title", texts.title_text(session), fixed=True)
        bar = self.query_one(StepBar)
        bar.mark = texts.rest_mark(session)
        bar.label = READY_LABEL if self.has_class("-wide") else "ready"
        has_end = session.step_duration is not None
        if bar.display != has_end:
            bar.display = has_end
        fit = self._refit(session)
        self._set("detail", texts.detail_text(session, self._changes,
                                              compact=fit.compact_detail), fixed=True)
        self._show_cues(session, fit)
        self._refresh_moving()
        state = (step.index, step.kind, session.state, session.weight_step() is not None,
                 self.has_class("-narrow"))
        if state != self._binding_state:
            self._binding_state = state
            self.refresh_bindings()

    def _refresh_moving(self) -> None:
        """The parts that move with time: the band's detail, the clock, the bar, the bottom
        line; a rest's detail and rotating cues. Each repaints only when it changed."""
        session = self.session
        if session is None:
            return
        step = session.step
        banner = self._part(PhaseBanner)
        word, detail = texts.banner_word(session), texts.banner_detail(session)
        if (banner.word, banner.detail) != (word, detail):
            banner.show(word, detail)
            # One batch on the body only: restyling the whole screen (footer too) is costly.
            relax = step.kind is StepKind.GUIDED and not session.guided_position()[1]
            self.query_one("#body").update_classes(_body_classes(session, relax=relax))
        fit = self._fit
        side, word = texts.clock_side(session)
        self._part(BigClock).show(texts.clock_value(session), side, word,
                                      fit.clock_how if fit else None)
        bar = self._part(StepBar)
        width = max(1, bar.content_size.width or 1)
        # Moves with the shown second, one repaint a second with the clock.
        fraction = round(texts.shown_fraction(session) * width) / width
        if bar.fraction != fraction:
            bar.fraction = fraction
        if fit is None:
            return
        compact = fit.compact_detail or self.has_class("-narrow")
        if fit.overall_rows:
            self._set("overall", texts.overall_text(session, compact=compact), fixed=True)
        if step.kind is StepKind.REST:
            rest_detail = texts.detail_text(session, self._changes, compact=fit.compact_detail)
            if self._shown.get("detail") != rest_detail:
                self._set("detail", rest_detail, fixed=True)
                if self._rows(rest_detail, self._text_width()) != fit.detail_rows:
                    self.refresh_view()  # "most people are ready" took another line
                    return
        if fit.cue_page:
            self._show_cues(session, fit)

    def _part(self, kind: type[_W]) -> _W:
        """The screen's one widget of `kind`, looked up once (the clock asks every second)."""
        found = self._parts.get(kind)
        if found is None:
            found = self._parts[kind] = self.query_one(kind)
        assert isinstance(found, kind)
        return found

    # ---- fitting the screen ------------------------------------------------
    def _text_width(self) -> int:
        return max(1, self.app.size.width - 4)

    def _rows(self, text: Text | None, width: int) -> int:
        """Lines `text` takes when wrapped to `width` (0 for none)."""
        if text is None or not text.plain:
            return 0
        if "\n" not in text.plain and text.cell_len <= width:
            return 1  # most lines: no need to wrap them to know
        return len(text.wrap(self.app.console, width))

    def _measure(self, session: Session) -> Need:
        """What the step on screen needs, measured at the terminal's width."""
        width = self.app.size.width
        inner = self._text_width()
        clock, side, word = texts.clock_template(session)
        mark = texts.rest_mark(session)
        return Need(
            clock=clock, side=side, side_word=word,
            title_rows=max(1, self._rows(texts.title_text(session), width)),
            bar_rows=0 if session.step_duration is None else (1 if mark is None else 2),
            detail_rows=max(1, self._rows(texts.detail_text(session, self._changes), inner)),
            short_detail_rows=max(1, self._rows(
                texts.detail_text(session, self._changes, compact=True), inner)),
            cue_rows=tuple(max(1, self._rows(line, inner))
                           for line in texts.cue_lines(session)),
            cue_header_rows=self._rows(texts.cue_header(session), inner),
        )

    def _refit(self, session: Session) -> Fit:
        """Share the rows for the step on screen; restyle only when the sharing changed."""
        key = (self.app.size, session.index, session.state, session.step_duration,
               self._shown.get("detail"), session.weight_step() is not None,
               session.reps_to_record() >= 100)
        if self._fit is not None and key == self._need:
            return self._fit
        self._need = key
        width, height = self.app.size
        need = self._measure(session)
        self._cue_count = len(need.cue_rows)  # checked each second, without building lines
        fit = fit_screen(width, height, need)
        if fit != self._fit:
            self._fit = fit
            self._apply_fit(fit)
        return fit

    def _apply_fit(self, fit: Fit) -> None:
        """Give each part its rows (a layout pass, only when the fit changes)."""
        self.query_one(PhaseBanner).styles.height = fit.banner_rows
        title = self.query_one("#title", Static)
        title.styles.height = fit.title_rows
        title.styles.margin = (fit.title_margin, 0, 0, 0)
        self.query_one("#detail", Static).styles.height = fit.detail_rows
        cues = self.query_one("#cues", Static)
        cues.styles.height = fit.cue_rows
        cues.styles.padding = (fit.cue_margin, 2, 0, 2)
        cues.display = fit.cue_rows > 0
        self.query_one("#overall", TextLine).display = fit.overall_rows > 0
        self._cue_window = ()
        # Notices sit in the rows under the clock, never over it.
        below = fit.bar_rows + fit.detail_rows + fit.cue_rows + fit.overall_rows
        for rack in self.query(ToastRack):
            rack.styles.max_height = max(1, below)

    def _show_cues(self, session: Session, fit: Fit) -> None:
        """The cues that fit: all, or the page due now (they take turns every few seconds)."""
        window = cue_window(self._cue_count, fit.cue_page, session.step_elapsed())
        key = (session.index, fit, window.start, window.stop)
        if key == self._cue_window:
            return
        self._cue_window = key
        lines = texts.cue_lines(session)
        header = texts.cue_header(session) if fit.cue_header else None
        shown = [lines[i] for i in window]
        if header is not None:
            shown.insert(0, header)
        self._set("cues", Text("\n").join(shown), fixed=True)

    def action_keys(self, _width: str = "") -> None:
        """`?`: every key of this screen, those that work now first."""
        from backtimer.ui.screens.keys import KeyHelp, KeysScreen

        now: dict[str, list[str]] = {}
        later: dict[str, list[str]] = {}
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.action.startswith("keys"):
                continue
            name, _, args = binding.action.partition("(")
            params = tuple(a.strip("'\"") for a in args.rstrip(")").split(",")) if args else ()
            works = bool(self.check_action(name, params))
            descriptions = (now if works else later).setdefault(self._key_name(binding), [])
            if binding.description not in descriptions:
                descriptions.append(binding.description)
        keys = [KeyHelp(key, " / ".join(does), True) for key, does in now.items()]
        keys += [KeyHelp(key, " / ".join(does), False) for key, does in later.items()]
        self.app.push_screen(KeysScreen(keys))

    def _key_name(self, binding: Binding) -> str:
        return " ".join(self.app.get_key_display(Binding(k.strip(), binding.action))
                        for k in binding.key.split(","))

    # ---- controls --------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Show only the keys that do something in this step; the others are hidden.

        Hidden rather than dimmed: dimmed keys are hard to read from the floor, and
        `+- Rest` in a hold would look as if it worked.
        """
        session = self.session
        if action == "keys":
            return (parameters[0] == "narrow") == self.has_class("-narrow")
        if session is None or session.finished:
            return action not in _SESSION_ACTIONS
        step = session.step
        if action == "pause":
            return not session.paused
        if action == "resume":
            return session.paused
        if action == "finish":
            return _FINISH_FOR[step.kind] == parameters[0]
        if action == "back":
            return session.index > 0
        if action == "rest":
            return step.kind is StepKind.REST
        if action == "reps":
            return step.kind is StepKind.REPS
        if action == "weight":
            return session.weight_step() is not None
        return True

    def _apply(self, events: list[Event]) -> None:
        self._handle(events)

    def action_pause(self) -> None:
        assert self.session is not None
        self._apply(self.session.toggle_pause())

    def action_resume(self) -> None:
        assert self.session is not None
        self._apply(self.session.toggle_pause())

    def action_finish(self, _which: str) -> None:
        assert self.session is not None
        self._apply(self.session.done())

    def action_skip(self) -> None:
        assert self.session is not None
        self._apply(self.session.skip())

    def action_back(self) -> None:
        assert self.session is not None
        self._apply(self.session.back())

    def action_rest(self, direction: int) -> None:
        assert self.session is not None
        self._apply(self.session.adjust_rest(direction))

    def action_reps(self, delta: int) -> None:
        assert self.session is not None
        self._apply(self.session.adjust_reps(delta))

    def action_weight(self) -> None:
        from backtimer.ui.screens.weight import WeightScreen

        session = self.session
        assert session is not None
        step = session.weight_step()
        if step is None:
            return

        def done(text: str | None) -> None:
            if text is None or session.finished:
                return
            events = session.set_weight(text)
            for event in events:
                if isinstance(event, WeightSet):
                    self.notify(f"{event.step.title}: {event.weight or 'no weight'}",
                                title="Weight", markup=False)
            self._apply(events)

        self.app.push_screen(WeightScreen(step.title, session.weight_for(step)), done)

    def _sets_so_far(self, status: Status) -> str:
        """The sets a stop now would keep, counted as the history and summary count them."""
        from backtimer.core.stats import session_totals  # not needed at start-up

        assert self.session is not None
        count = session_totals(self.session.record_if_stopped(status)).sets_done
        return "no sets done yet" if count == 0 else (
            "the 1 set done so far" if count == 1 else f"the {count} sets done so far"
        )

    def action_end(self) -> None:
        self._ask_stop(
            Status.STOPPED,
            "End the session now?",
            f"It is saved as stopped, with {self._sets_so_far(Status.STOPPED)}.",
        )

    def ask_quit(self) -> None:
        """Quitting the app mid-session: the same question as q, then save and exit."""
        self._ask_stop(
            Status.STOPPED,
            "End the session and quit?",
            f"It is saved as stopped, with {self._sets_so_far(Status.STOPPED)}, "
            "then backtimer closes.",
            quit_after=True,
        )

    def action_pain(self) -> None:
        self._ask_stop(
            Status.PAIN,
            "Stop because of pain?",
            f"It is saved as stopped for pain, with {self._sets_so_far(Status.PAIN)}.",
        )

    def _ask_stop(
        self, status: Status, question: str, explain: str, *, quit_after: bool = False
    ) -> None:
        """Pause while the person decides; `n` carries on where it was."""
        from backtimer.ui.screens.confirm import ConfirmScreen

        session = self.session
        assert session is not None
        was_running = session.running
        if was_running:
            session.toggle_pause()
            self._apply([])

        def answered(yes: bool | None) -> None:
            if session.finished:
                return
            if yes:
                self._quit_after_save = quit_after
                self._apply(session.stop(status))
            elif was_running:
                self._apply(session.resume())

        self.app.push_screen(ConfirmScreen(question, explain), answered)


_TONE_FOR = {"rep": "hold", "lower": "lower", "countdown": "countdown",
             "halfway": "halfway", "start": "start"}


_SESSION_ACTIONS = {"pause", "resume", "finish", "skip", "back", "rest", "reps", "weight",
                    "end", "pain"}


def _body_classes(session: Session, *, relax: bool) -> dict[str, bool]:
    """The body's classes for the step on: its phase's colour, paused, a held rep's rest."""
    classes = kind_classes(session.step.kind)
    classes["-paused"] = session.paused
    classes["-relax"] = relax
    return classes


def _to_next_second(value: float, *, up: bool) -> float:
    """Seconds until a shown count changes: `up` for elapsed (floor), else time left (ceil)."""
    if up:
        return math.floor(value) + 1 - value
    return value - math.ceil(value - 1e-9) + 1
