"""The history screen: past sessions, a training calendar, the week, and hold bests.

The history is read in a worker thread, so the screen appears at once and fills in
when the file has been parsed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState

from backtimer.history.stats import (
    HoldBest,
    WeekReview,
    day_counts,
    hold_bests,
    monday_of,
    read_sessions,
    review,
    weekly_counts,
)
from backtimer.progress import started_at
from backtimer.widgets.calendar import MonthCalendar
from backtimer.widgets.history_detail import HoldTrend, row_cells, session_detail

EMPTY = (
    "No sessions yet. Finish or stop a routine and it appears here, "
    "with your training days and your best holds."
)
RECENT_WEEKS = 8
PANE_FOCUS = {"sessions": "#sessions-table", "calendar": "#month", "holds": "#bests"}


@dataclass(frozen=True)
class HistoryData:
    """Everything the screen shows, worked out away from the UI thread."""

    sessions: list[dict[str, Any]] = field(default_factory=list)  # newest first
    problems: list[str] = field(default_factory=list)
    review: WeekReview | None = None
    weeks: dict[date, int] = field(default_factory=dict)
    days: dict[date, int] = field(default_factory=dict)
    bests: list[HoldBest] = field(default_factory=list)


def gather(today: date, target: int) -> HistoryData:
    """Read the history and work out what the screen shows (runs in a thread)."""
    sessions, problems = read_sessions()
    return HistoryData(
        sessions=sorted(sessions, key=started_at, reverse=True),
        problems=problems,
        review=review(sessions, target, today),
        weeks=weekly_counts(sessions, today),
        days=day_counts(sessions),
        bests=hold_bests(sessions),
    )


def overview_text(data: HistoryData) -> Text:
    """This week against the target, the streak, notices and any damaged-file problems."""
    lines: list[Text] = []
    for problem in data.problems:
        lines.append(Text(problem, style="bold red"))
    if data.review is not None and data.sessions:
        line = Text.assemble((data.review.text, "bold"))
        if data.review.streak_text:
            line.append(f" · {data.review.streak_text}")
        lines.append(line)
        lines.extend(Text(notice, style="italic") for notice in data.review.notices)
    elif not data.sessions:
        lines.append(Text(EMPTY))
    return Text("\n").join(lines)


def weeks_text(weeks: dict[date, int], today: date, target: int) -> Text:
    """The last weeks as rows of marks: `23 Nov  ■■□  1 of 2`, newest first."""
    text = Text.assemble(("Recent weeks", "bold"), (f" (target {target})", "dim"))
    monday = monday_of(today)
    for back in range(RECENT_WEEKS):
        week = monday - timedelta(weeks=back)
        count = weeks.get(week, 0)
        text.append(f"\n{week.day:>2} {week:%b}  ")
        text.append("■" * count, style="bold")
        text.append("□" * max(0, target - count), style="dim")
        text.append(f"  {count}", style="dim")
        if count >= target:
            text.append(" ✓", style="green")
    return text


class HistoryScreen(Screen[None]):
    """Sessions newest first, with the selected one's sets; calendar; bests."""

    TITLE = "backtimer"
    SUB_TITLE = "History"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back"),
        Binding("s", "tab('sessions')", "Sessions"),
        Binding("c", "tab('calendar')", "Calendar"),
        Binding("b", "tab('holds')", "Holds"),
        Binding("left_square_bracket", "month(-1)", "Month ←", key_display="["),
        Binding("right_square_bracket", "month(1)", "Month →", key_display="]"),
    ]
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (56, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (18, "-tall")]
    DEFAULT_CSS = """
    HistoryScreen #overview-box {
        height: auto;
        max-height: 6;
        padding: 0 1;
    }
    HistoryScreen.-short #overview-box {
        max-height: 2;
    }
    HistoryScreen #sessions-table {
        height: 1fr;
        min-height: 4;
    }
    HistoryScreen #detail-box {
        height: 1fr;
        border-top: solid $primary 40%;
    }
    HistoryScreen #detail {
        padding: 0 1;
    }
    HistoryScreen #calendar-row {
        height: auto;
    }
    HistoryScreen.-narrow #calendar-row {
        layout: vertical;
    }
    HistoryScreen.-narrow #weeks {
        padding: 1 1 0 1;
    }
    HistoryScreen #weeks {
        width: auto;
        padding: 0 2;
    }
    HistoryScreen #bests {
        padding: 0 1;
    }
    HistoryScreen TabbedContent, HistoryScreen ContentSwitcher {
        height: 1fr;
    }
    HistoryScreen TabPane {
        height: 1fr;
        padding: 0;
    }
    """

    AUTO_FOCUS = "#sessions-table"
    offers_routines = True  # the palette may start a routine from here

    def __init__(self) -> None:
        super().__init__()
        self.data: HistoryData | None = None

    @property
    def today(self) -> date:
        return self.app.current_date()  # type: ignore[attr-defined, no-any-return]

    @property
    def target(self) -> int:
        return int(self.app.settings.weekly_target)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="overview-box", can_focus=False):
            yield Static(Text("Reading your history…", style="dim"), id="overview")
        with TabbedContent(initial="sessions"):
            with TabPane("Sessions", id="sessions"):
                yield DataTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="detail-box"):
                    yield Static(id="detail")
            with (TabPane("Calendar", id="calendar"),
                  VerticalScroll(id="calendar-box", can_focus=False),
                  Horizontal(id="calendar-row")):
                yield MonthCalendar(self.today, id="month")
                yield Static(id="weeks")
            with TabPane("Holds", id="holds"):
                yield VerticalScroll(id="bests")
        yield Footer()

    def on_mount(self) -> None:
        table: DataTable[Text] = self.query_one("#sessions-table", DataTable)
        table.add_columns("Date", "Routine", "Status", "Time", "Sets", "Felt")
        self.query_one("#weeks", Static).update(weeks_text({}, self.today, self.target))
        self.run_worker(
            lambda: gather(self.today, self.target), thread=True, exclusive=True,
            group="history-read", name="history-read",
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "history-read":
            return
        if event.state is WorkerState.SUCCESS and isinstance(event.worker.result, HistoryData):
            self.show(event.worker.result)
        elif event.state is WorkerState.ERROR:
            problem = f"The history could not be read: {event.worker.error}"
            self.show(HistoryData(problems=[problem]))

    def show(self, data: HistoryData) -> None:
        """Fill every part of the screen from `data`."""
        self.data = data
        self.query_one("#overview", Static).update(overview_text(data))
        self.query_one("#overview-box").scroll_home(animate=False)
        table: DataTable[Text] = self.query_one("#sessions-table", DataTable)
        table.clear()
        for index, session in enumerate(data.sessions):
            table.add_row(*row_cells(session, self.today), key=str(index))
        self.query_one("#month", MonthCalendar).set_days(data.days)
        self.query_one("#weeks", Static).update(weeks_text(data.weeks, self.today, self.target))
        bests = self.query_one("#bests", VerticalScroll)
        bests.remove_children()
        if data.bests:
            bests.mount_all(HoldTrend(best) for best in data.bests)
        else:
            bests.mount(Static("Personal bests appear here once you have done a timed hold."))
        self.show_session(0)

    def show_session(self, index: int) -> None:
        detail = self.query_one("#detail", Static)
        sessions: Sequence[dict[str, Any]] = self.data.sessions if self.data else ()
        if 0 <= index < len(sessions):
            detail.update(session_detail(sessions[index], self.today))
        else:
            detail.update("")

    @on(DataTable.RowHighlighted, "#sessions-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_session(event.cursor_row)

    def action_back(self) -> None:
        self.dismiss()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_pane(tab)

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id in PANE_FOCUS:
            self._focus_pane(event.pane.id)

    def _focus_pane(self, tab: str) -> None:
        # Focus left in a hidden pane would pull the tabs back to it.
        self.query_one(PANE_FOCUS[tab]).focus()

    def action_month(self, by: int) -> None:
        self.query_one(TabbedContent).active = "calendar"
        self.query_one("#month", MonthCalendar).move(by)
