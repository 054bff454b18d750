"""The home screen's summary: this week, a rest-day hint, problems, programmes; and apart
from it, always in sight, an interrupted session waiting to be picked up.

Built as rich Text from plain data; routine names and problems are shown literally.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from backtimer.core.programme import ProgrammeStatus, TrainingWeek
from backtimer.core.records import SessionRecord, started_at
from backtimer.core.workouts import SessionNumbers
from backtimer.storage import paths
from backtimer.storage.config import state_file

REST_DAY_HINT = "Yesterday was a strength day: rest today (a walk or stretching is fine)."
TODAY_NOTE = "You have trained today. Your back grows stronger while it rests."


@dataclass(frozen=True)
class HomeSummary:
    """Everything the panel shows; None for `week` while the history is still loading.

    An interrupted session is not part of it: ResumeNote shows that, above the panel.
    """

    week: TrainingWeek | None = None
    weekly_target: int = 2
    programmes: Sequence[ProgrammeStatus] = ()
    problems: Sequence[str] = ()
    settings_problems: Sequence[str] = ()  # one line here; p lists them
    history_error: str = ""
    has_routines: bool = True
    gentle_offer: str = ""  # on a rest day: the gentle routine, if there is one


def _ago(days: int) -> str:
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def summary_text(summary: HomeSummary) -> Text:
    lines: list[Text] = []
    week = summary.week
    if summary.history_error:
        lines.append(Text(summary.history_error, style="bold red"))
    elif week is None:
        lines.append(Text("Reading your history…", style="dim"))
    elif week.last_day is None and not week.has_sessions:
        lines.append(Text("No sessions yet. Pick a routine and press enter to begin."))
    else:
        line = Text("This week: ")
        days = "training day" if summary.weekly_target == 1 else "training days"
        line.append(f"{week.this_week} of {summary.weekly_target} {days}", style="bold")
        if week.last_day is not None:
            line.append(f" · last trained {_ago(week.days_since_last or 0)}")
        lines.append(line)
        if week.trained_today:
            lines.append(Text(TODAY_NOTE, style="dim"))
        elif week.trained_yesterday:
            lines.append(Text(REST_DAY_HINT, style="italic"))
    if summary.gentle_offer:
        lines.append(Text(summary.gentle_offer, style="italic"))
    if summary.settings_problems:
        lines.append(settings_line(summary.settings_problems))
    for problem in summary.problems:
        lines.append(Text(problem, style="red"))
    for status in summary.programmes:
        lines.append(Text(status.text))
        if status.held_back:
            lines.append(Text(status.held_back, style="yellow"))
    if not summary.has_routines:
        lines.append(Text("No routines found. `backtimer routines` shows where they go."))
    return Text("\n").join(lines)


def settings_line(problems: Sequence[str]) -> Text:
    """`Settings: 4 problems in config.toml, running on defaults for them; p lists them.`"""
    count = len(problems)
    files = [f.name for f in (paths.config_file(), state_file())
             if any(p.startswith(str(f)) for p in problems)]
    where = f" in {' and '.join(files)}" if files else ""
    them = "it" if count == 1 else "them"
    text = Text("Settings: ", style="bold red")
    text.append(f"{count} problem{'s' if count != 1 else ''}{where}, running on defaults "
                f"for {them}; p lists {them}.", style="red")
    return text


def interrupted_text(
    session: SessionRecord, *, short: bool = False, numbers: SessionNumbers | None = None,
    found: bool = True,
) -> Text:
    """`Core stability was interrupted on 23 Nov after 5 of 9 sets; r picks it up ...`.

    `numbers` are the workout's so far (a pick-up's sets included), else the session's;
    `found`: its routine can still be found (otherwise r is not offered and this says so).
    `short` (small terminals) leaves out the sets and the last words.
    """
    from backtimer.core.workouts import session_numbers

    name = session.get("routine") or session.get("routine_file") or "A session"
    numbers = numbers or session_numbers(session)
    start = started_at(session)
    when = f"{start.day} {start:%b}" if session.get("started") else ""
    text = Text.assemble((str(name), "bold"))
    text.append(" was interrupted")
    if when:
        text.append(f" on {when}")
    if numbers.sets_planned > 0 and not short:
        text.append(f" after {numbers.sets_done} of {numbers.sets_planned} sets")
    if not found:
        text.append("; its routine file is no longer found, so it cannot be picked up.")
    else:
        text.append("; r picks it up." if short else "; r picks it up where it stopped.")
    return text


class ResumeNote(Static):
    """The interrupted session, if any: kept out of the scrolling panel so it is always seen."""

    DEFAULT_CSS = """
    ResumeNote {
        height: auto;
        padding: 0 1;
        color: $text-warning;
        display: none;
    }
    ResumeNote.-shown {
        display: block;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self.text = Text("")

    def show(
        self, session: SessionRecord | None, *, short: bool = False,
        numbers: SessionNumbers | None = None, found: bool = True,
    ) -> None:
        self.text = Text("") if session is None else interrupted_text(
            session, short=short, numbers=numbers, found=found)
        self.set_class(session is not None, "-shown")
        self.update(self.text)


class HomeStatus(Static):
    """The summary panel; `text` keeps what is shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self.text = Text("")

    def show(self, summary: HomeSummary) -> None:
        self.text = summary_text(summary)
        self.update(self.text)
