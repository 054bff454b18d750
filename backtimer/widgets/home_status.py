"""The home screen's summary: this week, a rest-day hint, an interrupted session, programmes.

Built as rich Text from plain data; routine names and problems are shown literally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.widgets import Static

from backtimer.programme import ProgrammeStatus, TrainingWeek
from backtimer.progress import started_at

REST_DAY_HINT = "Yesterday was a strength day: rest today (a walk or stretching is fine)."
TODAY_NOTE = "You have trained today. Your back grows stronger while it rests."


@dataclass(frozen=True)
class HomeSummary:
    """Everything the panel shows; None for `week` while the history is still loading."""

    week: TrainingWeek | None = None
    weekly_target: int = 2
    interrupted: Mapping[str, Any] | None = None
    programmes: Sequence[ProgrammeStatus] = ()
    problems: Sequence[str] = ()
    history_error: str = ""
    has_routines: bool = True


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
    elif week.last_day is None:
        lines.append(Text("No sessions yet. Pick a routine and press enter to begin."))
    else:
        line = Text("This week: ")
        line.append(f"{week.this_week} of {summary.weekly_target} sessions", style="bold")
        line.append(f" · last trained {_ago(week.days_since_last or 0)}")
        lines.append(line)
        if week.trained_today:
            lines.append(Text(TODAY_NOTE, style="dim"))
        elif week.trained_yesterday:
            lines.append(Text(REST_DAY_HINT, style="italic"))
    if summary.interrupted is not None:
        lines.append(interrupted_text(summary.interrupted))
    for status in summary.programmes:
        lines.append(Text(status.text))
        if status.held_back:
            lines.append(Text(status.held_back, style="yellow"))
    for problem in summary.problems:
        lines.append(Text(problem, style="red"))
    if not summary.has_routines:
        lines.append(Text("No routines found. `backtimer routines` shows where they go."))
    return Text("\n").join(lines)


def interrupted_text(session: Mapping[str, Any]) -> Text:
    """`Core stability was interrupted on 23 Nov after 5 of 9 sets; r picks it up ...`."""
    name = session.get("routine") or session.get("routine_file") or "A session"
    sets = [s for s in session.get("sets", ()) if isinstance(s, Mapping)]
    planned = session.get("planned_sets")
    start = started_at(session)
    when = f"{start.day} {start:%b}" if session.get("started") else ""
    text = Text.assemble((str(name), "bold"))
    text.append(" was interrupted")
    if when:
        text.append(f" on {when}")
    if isinstance(planned, int) and planned > 0:
        text.append(f" after {len(sets)} of {planned} sets")
    text.append("; r picks it up where it stopped.")
    return text


class HomeStatus(Static):
    """The summary panel; `text` keeps what is shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text(""), id=id)
        self.text = Text("")

    def show(self, summary: HomeSummary) -> None:
        self.text = summary_text(summary)
        self.update(self.text)
