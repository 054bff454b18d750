"""The history screen: past sessions, a training calendar, the week, and hold bests.

The history is read in a worker thread, so the screen appears at once and fills in
when the file has been parsed.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static, TabbedContent, TabPane

from backtimer.core.history_text import (
    COLUMNS,
    COMPACT_COLUMNS,
    fitted,
    name_room,
    row_cells,
    session_detail,
)
from backtimer.core.history_view import HistoryData, gather, listed, longest_name
from backtimer.core.stats import (
    monday_of,
)
from backtimer.core.workouts import Workout
from backtimer.storage import paths
from backtimer.storage.history.index import whole
from backtimer.ui.app_base import BacktimerBase
from backtimer.ui.breakpoints import breakpoint_classes
from backtimer.ui.screens.once import DismissOnce
from backtimer.ui.screens.problems import ProblemsScreen
from backtimer.ui.widgets.calendar import MonthCalendar
from backtimer.ui.widgets.hold_bests import HoldTrend
from backtimer.ui.widgets.progress_chart import ChartsPane

EMPTY = (
    "No sessions yet. Finish or stop a routine and it appears here, "
    "with your training days and your best holds."
)
RECENT_WEEKS = 8
FIRST_ROWS = 200  # the newest sessions, shown at once
BATCH_ROWS = 250  # the rest are added this many at a time, a frame apart
DRAW_WAIT = 0.5  # s: the longest the numbers wait for the list to be drawn
PANE_FOCUS = {"week": "#overview-tab", "sessions": "#sessions-table", "calendar": "#month",
              "holds": "#bests", "charts": "#chart-exercises"}


def problems_line(problems: Sequence[str], path: Path) -> Text:
    """All reading problems in one line: `2 problems in /…/history.toml; p lists them`."""
    count = len(problems)
    where = f"in {path}" if all(p.startswith(f"{path}:") for p in problems) else (
        "reading your history")
    them = "it" if count == 1 else "them"
    return Text(f"{count} problem{'s' if count != 1 else ''} {where}; p lists {them}.",
                style="bold red")


def overview_text(data: HistoryData) -> Text:
    """This week against the target and the streak, the notices, then one problems line.

    The problems come last and in one line, so they never push the week out of sight;
    p shows each of them.
    """
    lines: list[Text] = []
    if data.review is not None and data.sessions:
        line = Text.assemble((data.review.text, "bold"))
        if data.review.streak_text:
            line.append(f" · {data.review.streak_text}")
        lines.append(line)
        lines.extend(Text(notice, style="italic") for notice in data.review.notices)
    elif not data.sessions:
        lines.append(Text(EMPTY))
    if data.problems:
        lines.append(problems_line(data.problems, paths.history_file()))
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


# The footer names every key from 80 columns (88 with the Week tab's key), groups them
# below that, and below 60 drops its gaps and the palette hint (ctrl+p still works).
FULL_KEYS_FROM = 80
TIGHT_FOOTER_BELOW = 60
TABS = Binding.Group("Tabs")
MONTHS = Binding.Group("Month", compact=True)


class HistoryScreen(DismissOnce[None], Screen[None]):
    """Sessions newest first, with the selected one's sets; calendar; bests."""

    app = getters.app(BacktimerBase)  # typed access to the settings and the clock

    TITLE = "backtimer"
    SUB_TITLE = "History"
    # Wide terminals name each key in the footer; narrow ones group them ("s c b Tabs"),
    # so the footer keeps every key in 40 columns. check_action picks the set: the same
    # keys under other action names, as a binding's footer text cannot change. Narrow
    # footers show q for Back, three columns shorter than esc.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back"),
        Binding("w", "tab('week')", "Week"),
        Binding("s", "tab('sessions')", "Sessions"),
        Binding("c", "tab('calendar')", "Calendar"),
        Binding("b", "tab('holds')", "Holds"),
        Binding("g", "tab('charts')", "Charts"),
        Binding("left_square_bracket", "month(-1)", "Month ←", key_display="[", group=MONTHS),
        Binding("right_square_bracket", "month(1)", "Month →", key_display="]", group=MONTHS),
        Binding("q", "leave", "Back"),
        Binding("escape", "leave", "Back", show=False),
        Binding("w", "pick('week')", "Week", group=TABS),
        Binding("s", "pick('sessions')", "Sessions", group=TABS),
        Binding("c", "pick('calendar')", "Calendar", group=TABS),
        Binding("b", "pick('holds')", "Holds", group=TABS),
        Binding("g", "pick('charts')", "Charts", group=TABS),
        # Under 60 columns the footer has no room for g: it works, the tab bar names it.
        Binding("g", "tight_pick('charts')", "Charts", show=False),
        Binding("p", "problems", "Problems"),
    ]
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [
        (0, "-narrow"), (72, "-wide")]
    # Narrow or short: the table and the calendar are compact, and the overview moves from
    # above the tabs into a tab of its own.
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-short"), (20, "-tall")]
    DEFAULT_CSS = """
    HistoryScreen #overview-box {
        height: auto;
        max-height: 8;
        padding: 0 1;
    }
    HistoryScreen.-narrow #overview-box, HistoryScreen.-short #overview-box,
    HistoryScreen.-short Header {
        display: none;
    }
    HistoryScreen #overview-tab {
        padding: 0 1;
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
    HistoryScreen.-short #detail-box {
        height: 4;
    }
    HistoryScreen Footer.-compact FooterLabel {
        margin-right: 1;
    }
    HistoryScreen Footer.-compact FooterKey.-grouped {
        margin: 0 1 0 0;
    }
    HistoryScreen Footer.-compact KeyGroup.-compact {
        padding-left: 0;
    }
    HistoryScreen Footer.-compact KeyGroup.-compact FooterKey.-grouped {
        margin: 0;
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
        self.narrow = False  # compact table, calendar above the weeks
        self.keys_grouped = False  # "w s c b Tabs" in the footer
        self.footer_tight = False  # "q Back", no gaps, no palette hint
        self.overview_in_tab: bool | None = None  # narrow or short: it is the Week tab
        self.table_width = 0
        self.cells: dict[bool, list[tuple[Text, ...]]] = {}  # rows by compactness, uncut
        self.shown_as: tuple[bool, int] | None = None  # (compact, room) of the table now
        self.longest: int | None = None  # cells of the longest routine name
        self.filling = 0  # counts layouts of the table: batches of an older one stop
        self.want_row: int | None = None  # the row to highlight once it has been added

    @property
    def today(self) -> date:
        return self.app.current_date()

    @property
    def target(self) -> int:
        return int(self.app.settings.weekly_target)

    def compose(self) -> ComposeResult:
        yield Header()
        reading = Text("Reading your history…", style="dim")
        with VerticalScroll(id="overview-box", can_focus=False):
            yield Static(reading, id="overview")
        with TabbedContent(initial="sessions"):
            with TabPane("Week", id="week"), VerticalScroll(id="overview-tab"):
                yield Static(reading, id="overview-text")
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
            with TabPane("Charts", id="charts"):
                yield ChartsPane(id="charts-pane")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#weeks", Static).update(weeks_text({}, self.today, self.target))
        self.fit(self.app.size.width, self.app.size.height)
        # Once this frame is out: the read holds the interpreter in long stretches.
        self.call_after_refresh(self._read)

    @work(thread=True, exclusive=True, group="history-read", exit_on_error=False)
    def _read(self) -> None:
        """In a thread: the list first, shown at once, then what is worked out from it."""
        from backtimer.storage.history.index import read_rows

        with contextlib.suppress(RuntimeError):  # the app is closing: nothing to show
            try:
                rows = listed(*read_rows())
            except Exception as exc:  # noqa: BLE001 - the screen shows why, and stays
                self.app.call_from_thread(self.show, HistoryData(
                    problems=[f"The history could not be read: {exc}"]))
                return
            self.app.call_from_thread(self.show_rows, rows)
            # The rest holds the interpreter for a while: the list is drawn first.
            drawn = threading.Event()
            self.app.call_from_thread(self.call_after_refresh, drawn.set)
            drawn.wait(DRAW_WAIT)
            try:
                data = gather(self.today, self.target, rows)
            except Exception as exc:  # noqa: BLE001 - as above
                data = HistoryData(problems=[f"The history could not be read: {exc}"])
            self.app.call_from_thread(self.show, data)

    def show_rows(self, data: HistoryData) -> None:
        """The sessions alone, while the week, calendar and bests are worked out."""
        self.data = data
        self.cells, self.longest = {}, None
        self.fill_table()
        self.show_session(0)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width, event.size.height)

    def on_screen_resume(self) -> None:
        # Resized while the problems list was open: only the top screen hears of it.
        self.fit(self.app.size.width, self.app.size.height)

    def fit(self, width: int, height: int) -> None:
        """Lay the screen out for a terminal of `width` × `height`."""
        classes = breakpoint_classes(self, Size(width, height))
        narrow, short = "-narrow" in classes, "-short" in classes
        in_tab = narrow or short
        tabs = self.query_one(TabbedContent)
        if in_tab != self.overview_in_tab:
            if in_tab:
                tabs.show_tab("week")
            else:
                if tabs.active == "week":
                    self.action_tab("sessions")
                tabs.hide_tab("week")
        self.overview_in_tab = in_tab
        self.query_one("#month", MonthCalendar).compact = short
        self.keys_grouped = width < FULL_KEYS_FROM + (8 if in_tab else 0)
        self.footer_tight = width < TIGHT_FOOTER_BELOW
        footer = self.query_one(Footer)
        footer.compact = self.footer_tight
        footer.show_command_palette = not self.footer_tight
        if narrow != self.narrow or width != self.table_width:
            self.narrow, self.table_width = narrow, width
            self.fill_table(keep=True)
        self.refresh_bindings()
        self.call_after_refresh(self._place_toasts)

    def _place_toasts(self) -> None:
        """In a small terminal notices sit above the tab's content (the list), not on it."""
        from textual.widgets import ContentSwitcher

        from backtimer.ui.screens.toasts import keep_toasts_above

        keep_toasts_above(self, self.query_one(TabbedContent).query_one(ContentSwitcher))

    def show(self, data: HistoryData) -> None:
        """Fill every part of the screen from `data`."""
        overview = overview_text(data)
        self.query_one("#overview", Static).update(overview)
        self.query_one("#overview-text", Static).update(overview)
        self.query_one("#overview-box").scroll_home(animate=False)
        shown = self.data is not None and self.data.sessions is data.sessions
        self.data = data
        if not shown:  # the list is already up when only the numbers are new
            self.cells, self.longest = {}, None
            self.fill_table()
        self.query_one("#month", MonthCalendar).set_days(data.days)
        self.query_one("#weeks", Static).update(weeks_text(data.weeks, self.today, self.target))
        bests = self.query_one("#bests", VerticalScroll)
        bests.remove_children()
        if data.bests:
            bests.mount_all(HoldTrend(best) for best in data.bests)
        else:
            bests.mount(Static("Personal bests appear here once you have done a timed hold."))
        # The list was up already: the session the person has moved to stays shown.
        table: DataTable[Text] = self.query_one("#sessions-table", DataTable)
        self.show_session(table.cursor_row if shown else 0)
        self.query_one(ChartsPane).load(self.today, self.target)
        self.refresh_bindings()

    def fill_table(self, keep: bool = False) -> None:
        """The sessions, full or compact for the width; the highlighted row stays.

        With `keep`, a table already showing every name as it would now is left alone:
        a long history takes a moment to lay out again, and resizing should not.
        The newest rows are shown at once and the rest added in batches after it.
        """
        table: DataTable[Text] = self.query_one("#sessions-table", DataTable)
        compact = self.narrow
        labels = COMPACT_COLUMNS if compact else COLUMNS
        rows = self._cells(compact, FIRST_ROWS)
        if self.longest is None:
            data = self.data or HistoryData()
            self.longest = longest_name(data.entries) if data.longest is None else data.longest
        room = min(self.longest, name_room(rows, labels, self.table_width))
        if keep and self.shown_as == (compact, room):
            return
        self.shown_as = (compact, room)
        self.want_row = max(self.want_row or 0, table.cursor_row)
        table.clear(columns=True)
        table.add_columns(*labels)
        self.filling += 1
        self._add_rows(self.filling, 0)

    def filling_rows(self) -> bool:
        """Whether rows are still being added to the list, a batch per frame."""
        if self.data is None or self.shown_as is None:
            return self.data is not None
        table: DataTable[Text] = self.query_one("#sessions-table", DataTable)
        return table.row_count < len(self.data.entries)

    def _cells(self, compact: bool, count: int) -> list[tuple[Text, ...]]:
        """The first `count` rows' cells (uncut), worked out once per layout."""
        rows = self.cells.setdefault(compact, [])
        entries = self.data.entries if self.data else []
        today = self.today
        for entry in entries[len(rows):count]:
            rows.append(row_cells(entry, today, compact=compact))
        return rows

    def _add_rows(self, filling: int, start: int) -> None:
        """Rows from `start` on, one batch now and the next after a frame."""
        if filling != self.filling or self.shown_as is None:
            return  # the table was laid out again meanwhile
        compact, room = self.shown_as
        stop = start + (FIRST_ROWS if start == 0 else BATCH_ROWS)
        rows = self._cells(compact, stop)
        table: DataTable[Text] = self.query_one("#sessions-table", DataTable)
        for index, cells in enumerate(fitted(rows[start:stop], room), start):
            table.add_row(*cells, key=str(index))
        total = len(self.data.entries) if self.data else 0
        wanted = min(self.want_row, total - 1) if self.want_row is not None else -1
        if 0 <= wanted < stop:
            table.move_cursor(row=wanted, animate=False)
            self.want_row = None
        if stop < total:
            self.call_after_refresh(self._add_rows, filling, stop)

    def show_session(self, index: int) -> None:
        detail = self.query_one("#detail", Static)
        entries: Sequence[Workout] = self.data.entries if self.data else ()
        if 0 <= index < len(entries):
            # Rows hold no sets: each part's are read from its block in the file now.
            parts = tuple(whole(p) for p in entries[index].parts)
            detail.update(session_detail(Workout(parts), self.today))
        else:
            detail.update("")

    @on(DataTable.RowHighlighted, "#sessions-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_session(event.cursor_row)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("tab", "pick") and parameters == ("week",) and not self.overview_in_tab:
            return False
        if action == "tab":
            return not self.keys_grouped
        if action == "pick":
            return self.keys_grouped and not (parameters == ("charts",) and self.footer_tight)
        if action == "tight_pick":
            return self.footer_tight
        if action in ("back", "leave"):
            return (action == "leave") == self.footer_tight
        if action == "problems":
            return bool(self.data and self.data.problems)
        if action == "month":
            # None: `]` stays in the footer, dimmed, at the current month.
            by = parameters[0] if parameters and isinstance(parameters[0], int) else 0
            calendars = self.query("#month").results(MonthCalendar)
            return True if all(c.can_move(by) for c in calendars) else None
        return True

    def action_back(self) -> None:
        self.dismiss()

    def action_leave(self) -> None:
        self.dismiss()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_pane(tab)

    def action_pick(self, tab: str) -> None:
        self.action_tab(tab)

    def action_tight_pick(self, tab: str) -> None:
        self.action_tab(tab)

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
        self.refresh_bindings()

    def action_problems(self) -> None:
        problems = self.data.problems if self.data else []
        if problems:
            self.app.push_screen(ProblemsScreen(
                "Problems reading the history", problems,
                "Every session that could be read is listed; each problem above says "
                "which lines of the file it is about."))
