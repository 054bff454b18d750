"""What the session screen says, built from the engine's state (no Textual here).

Everything that comes from a routine file is put into rich `Text` as plain
text, never parsed as markup, so a name like `Plank [/] [b]` shows as written.
Each function returns the same value for the same state, so the screen can
compare and repaint only what changed.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich.text import Text

from backtimer.core.durations import format_clock, format_duration, format_held
from backtimer.core.engine import Session, Status
from backtimer.core.plan import Step, StepKind
from backtimer.core.records import SessionRecord
from backtimer.core.routine import Alternate

if TYPE_CHECKING:
    from backtimer.core.progress import Change, Value

SEP = "  ·  "
CUES_ROOM = 6  # lines the session screen's cues area shows; options only join within it


def upcoming(session: Session) -> Step | None:
    """The set a rest, switch or get-ready leads into."""
    return next((s for s in session.steps[session.index + 1:] if s.kind.recorded), None)


def clock_value(session: Session) -> str:
    """The big number: time left, the rep count to record, or which held rep (`3/8`)."""
    step = session.step
    if step.kind is StepKind.REPS:
        return str(session.reps_to_record())
    if step.kind is StepKind.GUIDED:
        rep, _, _ = session.guided_position()
        return f"{rep}/{step.reps}"
    return format_clock(session.remaining() or 0.0)


def clock_side(session: Session) -> tuple[str, str]:
    """The smaller text beside the big one: a held rep's seconds left and `hold` or `relax`."""
    if session.step.kind is not StepKind.GUIDED:
        return "", ""
    _, holding, left = session.guided_position()
    return str(max(0, math.ceil(left - 1e-9))), "hold" if holding else "relax"


def clock_template(session: Session) -> tuple[str, str, str]:
    """The widest (value, side, word) the step's clock shows: its size is picked for it once."""
    step = session.step
    value, (side, word) = clock_value(session), clock_side(session)
    if step.kind is StepKind.GUIDED:
        count = "0" * len(str(step.reps or 0))
        longest = max(step.hold or 0, step.rep_gap)
        return f"{count}/{count}", "0" * len(str(longest)), "relax"
    if step.kind is StepKind.REPS:
        return "0" * max(2, len(value)), "", ""
    widest = format_clock(max(session.step_duration or 0.0, session.remaining() or 0.0))
    return "".join("0" if ch.isdigit() else ch for ch in widest), side, word


def banner_word(session: Session) -> str:
    if session.finished:  # shown for a moment, until the summary takes over
        return "SESSION COMPLETE" if session.status is Status.COMPLETED else "SESSION STOPPED"
    return "PAUSED" if session.paused else session.step.kind.banner


def banner_detail(session: Session) -> str:
    """For held reps, the banner also says whether to hold or relax, readable from the floor."""
    step = session.step
    if session.paused or step.kind is not StepKind.GUIDED:
        return ""
    rep, holding, _ = session.guided_position()
    return f"{'HOLD' if holding else 'RELAX'} {rep}/{step.reps}"


def _set_parts(step: Step) -> list[str]:
    parts: list[str] = []
    if step.sets_total > 1:
        parts.append(f"set {step.set_number} of {step.sets_total}")
    if step.side:
        parts.append(f"{step.side} side")
    if step.alternate is not None:
        parts.append("alternate sides")
    return parts


def title_text(session: Session) -> Text:
    """`Plank  ·  set 2 of 3  ·  left side`, or for a rest `Up next: Plank, set 2 of 3`."""
    step = session.step
    text = Text(no_wrap=False, justify="center")
    if step.kind is StepKind.REST:
        nxt = upcoming(session)
        text.append("Up next: ")
        text.append(nxt.label if nxt else step.up_next, style="bold")
        return text
    if step.kind in (StepKind.GET_READY, StepKind.SWITCH):
        nxt = upcoming(session)
        if nxt is None:
            return text
        text.append(nxt.title, style="bold")
        parts = _set_parts(nxt)
        if step.kind is StepKind.SWITCH and nxt.side:
            parts[-1] = f"now the {nxt.side} side"
        for part in parts:
            text.append(SEP + part)
        return text
    if step.kind is StepKind.WARMUP:
        text.append(session.routine.name, style="bold")
        return text
    text.append(step.title, style="bold")
    for part in _set_parts(step):
        text.append(SEP + part)
    return text


def _amount(step: Step) -> str:
    if step.kind is StepKind.HOLD:
        return f"{round(step.duration or 0)} s"
    each = f" ({(step.reps or 0) // 2} each side)" if step.alternate is Alternate.PER_SIDE else ""
    if step.kind is StepKind.GUIDED:
        return f"{step.reps} reps{each}, each held {step.hold} s"
    return f"{step.reps} reps{each}"


def _described(lever: str, value: Value) -> str:
    # Step-up code is loaded only where a step-up shows, not at every start.
    from backtimer.core.progress import describe_value

    return describe_value(lever, value)


def target_text(step: Step, changes: Mapping[str, Sequence[Change]], weight: str | None) -> Text:
    """`Target 35 s (was 30 s)  ·  weight 12kg`: what this set asks for, step-ups included."""
    text = Text("Target ")
    text.append(_amount(step), style="bold")
    ups = changes.get(step.title, ())
    was = [_described(c.lever, c.old) for c in ups if c.lever in ("hold", "reps")]
    if was:
        text.append(f" (was {', '.join(was)})", style="italic")
    for change in ups:
        if change.lever == "sets":
            text.append(SEP + change.text, style="italic")
    if weight:
        text.append(SEP + "weight ")
        text.append(weight, style="bold")
    return text


def detail_text(
    session: Session,
    changes: Mapping[str, Sequence[Change]] | None = None,
    *,
    compact: bool = False,
) -> Text:
    """The line under the clock: what to do now, in a few words (fewer when `compact`)."""
    changes = changes or {}
    step = session.step
    if session.paused:
        gap = session.auto_paused_gap
        if gap is not None:
            return Text(
                f"Paused by itself: the clock jumped {format_duration(gap)} (did the computer "
                "sleep?). That time is not counted. Press space to go on.",
                style="bold", justify="center",
            )
        return Text("PAUSED  ·  press space to go on", style="bold reverse", justify="center")
    text = Text(justify="center")
    kind = step.kind
    if kind in (StepKind.GUIDED, StepKind.REPS, StepKind.HOLD):
        text.append_text(target_text(step, changes, session.weight_for(step)))
        if compact:
            return text
        if kind is StepKind.REPS:
            text.append("\nThe big number is what gets recorded: ↑/↓ to change, "
                        "enter when done")
        elif kind is StepKind.HOLD:
            text.append(SEP + "enter ends it early")
    elif kind is StepKind.REST:
        text.append_text(rest_text(session, changes, compact=compact))
    elif kind is StepKind.WARMUP:
        text.append(f"Warm up for {format_duration(step.duration or 0)}")
        if not compact:
            text.append(f"{SEP}enter when you are warm")
    elif kind is StepKind.GET_READY:
        text.append("Get into position")
    elif kind is StepKind.SWITCH:
        text.append("Change sides")
    return text


def _rest_owner(session: Session) -> Step | None:
    """The set a rest follows: a rest's length belongs to the exercise before it."""
    return next(
        (s for s in reversed(session.steps[:session.index]) if s.exercise_index is not None), None
    )


def rest_text(
    session: Session,
    changes: Mapping[str, Sequence[Change]] | None = None,
    *,
    compact: bool = False,
) -> Text:
    """For a rest: when most people are ready, and that enter starts the next set now."""
    step = session.step
    text = Text()
    owner = _rest_owner(session)
    for change in (changes or {}).get(owner.title, ()) if owner is not None else ():
        if change.lever == "rest" and not compact:
            text.append(change.text.capitalize(), style="italic")
            text.append(SEP)
    if step.rest_min is not None:
        if session.step_elapsed() < step.rest_min:
            ready_in = format_clock(step.rest_min - session.step_elapsed())
            text.append(f"Ready in {ready_in} (▲)" if compact
                        else f"Most people are ready in {ready_in} (▲)")
        else:
            text.append("Most people are ready by now", style="bold")
        if not compact:
            text.append(SEP + "enter starts the next set")
    elif not compact:
        text.append("enter starts the next set now")
    nxt = session.weight_step()
    weight = session.weight_for(nxt) if nxt is not None else None
    if weight and nxt is not None and nxt.index > step.index:
        if text.plain:
            text.append(SEP)
        text.append("next weight ")
        text.append(weight, style="bold")
    return text


def rest_mark(session: Session) -> float | None:
    """Where on the bar most people are ready: rest_min over the rest's current length."""
    step = session.step
    duration = session.step_duration
    if step.kind is not StepKind.REST or step.rest_min is None or not duration:
        return None
    return min(1.0, step.rest_min / duration)


def shown_fraction(session: Session) -> float:
    """How far through the step as the clock shows it: moves only when its second changes."""
    duration, left = session.step_duration, session.remaining()
    if not duration or left is None:
        return 0.0
    return min(1.0, max(0.0, (duration - math.ceil(left - 1e-9)) / duration))


def option_lines(step: Step) -> list[Text]:
    """`Easier: bottom knee down` and `You need: mat`, for the exercises that say so."""
    lines: list[Text] = []
    if step.easier:
        lines.append(Text.assemble(("Easier: ", "italic"), step.easier))
    if step.equipment:
        lines.append(Text.assemble(("You need: ", "italic"), ", ".join(step.equipment)))
    return lines


def _cue_target(session: Session) -> Step | None:
    step = session.step
    return step if step.kind.recorded else upcoming(session)


def cue_header(session: Session) -> Text | None:
    """`For Plank:` above the cues when they are for the set coming up, not the one on."""
    target = _cue_target(session)
    if target is None or target is session.step or not cue_lines(session):
        return None
    return Text(f"For {target.title}:", style="italic")


def cue_lines(session: Session, room: int = CUES_ROOM) -> list[Text]:
    """The lines of the cue area, one per item: the form cues of the set being done (or
    coming up), then its lighter option and equipment while the lines fit in `room`."""
    target = _cue_target(session)
    if target is None:
        return []
    lines: list[Text] = []
    for cue in target.cues:
        line = Text("• ")
        line.append(cue)
        lines.append(line)
    for line in option_lines(target):
        if len(lines) < room:
            lines.append(line)
    return lines


def cues_text(session: Session, room: int = CUES_ROOM) -> Text:
    """The form cues of the set being done, or of the one coming up during a pause between."""
    header, lines = cue_header(session), cue_lines(session, room)
    return Text("\n").join([header, *lines] if header is not None else lines)


def overall_text(session: Session, *, compact: bool = False) -> Text:
    """`Step 5 of 23  ·  4:12 active  ·  about 12 min left` (`5/23 · 4:12 · ~12 min left`).

    The time is active time, pauses left out, as the summary and the history name it.
    """
    elapsed = format_clock(math.floor(session.session_elapsed()))
    seconds = max(0, math.ceil(session.estimated_left()))  # 59.4 s shows as 60 s: 1 min
    amount = f"{math.ceil(seconds / 60)} min" if seconds >= 60 else f"{seconds} s"
    number, total = session.index + 1, len(session.steps)
    if compact:
        return Text(f"{number}/{total} · {elapsed} · ~{amount} left", justify="center")
    return Text(
        f"Step {number} of {total}{SEP}{elapsed} active{SEP}about {amount} left",
        justify="center",
    )


# The summary -----------------------------------------------------------------


class SessionFacts(NamedTuple):  # a NamedTuple: built at every start (see core/routine.py)
    """What the summary shows about one finished session (with the part it picked up)."""

    routine: str
    status: str
    duration: float  # active seconds, pauses left out
    sets_done: int  # over the whole workout when the session picked one up
    sets_skipped: int
    sets_planned: int
    held: float  # seconds held in holds and held reps
    elapsed: float | None = None  # seconds from start to end, pauses included
    sets_before: int = 0  # sets done in the session it picked up (times include it too)

    @property
    def banner(self) -> str:
        return "SESSION COMPLETE" if self.status == Status.COMPLETED else "SESSION STOPPED"


def session_facts(
    record: SessionRecord, duration: float, planned: int,
    before: SessionRecord | None = None,
) -> SessionFacts:
    """Counts from the saved record, exactly as the history counts them (history.workouts).

    Warm-ups are not sets; skipped sets are neither done nor held. With `before`
    (the session this one picked up) the sets are the workout's, both parts together.
    """
    # Only at the end: not at start-up.
    from backtimer.core.workouts import Workout, elapsed_seconds, session_numbers

    own = session_numbers(record)
    earlier = session_numbers(before) if before is not None else None
    numbers = Workout((before, record)).numbers if before is not None else own
    elapsed = elapsed_seconds(record)
    if earlier is not None:  # the workout's times: both parts together
        duration += earlier.active or 0.0
        elapsed = None if elapsed is None or earlier.elapsed is None else (
            elapsed + earlier.elapsed)
    return SessionFacts(
        routine=str(record.get("routine", "")),
        status=str(record.get("status", "")),
        duration=duration,
        sets_done=numbers.sets_done,
        sets_skipped=numbers.sets_skipped,
        sets_planned=max(planned, numbers.sets_planned),
        held=numbers.held,
        elapsed=elapsed,
        sets_before=numbers.sets_done - own.sets_done,
    )


def facts_text(facts: SessionFacts) -> Text:
    """`Foundation` then `Active 24 min 13 s  ·  elapsed 26 min 2 s` and
    `9 of 10 sets done, 1 skipped  ·  3 min 30 s held`."""
    text = Text(justify="center")
    text.append(facts.routine, style="bold")
    if facts.status == Status.PAIN:
        text.append("  (stopped for pain)")
    elif facts.status == Status.STOPPED:
        text.append("  (ended early)")
    text.append("\n")
    text.append(f"Active {format_duration(math.floor(facts.duration))}")
    if facts.elapsed is not None:
        text.append(f"{SEP}elapsed {format_duration(facts.elapsed)}")
    if facts.sets_before:
        text.append(", both parts")
    text.append("\n")
    sets = "set" if facts.sets_planned == 1 else "sets"
    text.append(f"{facts.sets_done} of {facts.sets_planned} {sets} done")
    if facts.sets_before:
        text.append(f" ({facts.sets_before} before the pick-up)")
    if facts.sets_skipped:
        text.append(f", {facts.sets_skipped} skipped")
    text.append(f"{SEP}{format_held(facts.held)} held")
    return text
