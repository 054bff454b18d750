"""A small month calendar that marks training days; left and right move between months."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.widget import Widget

WEEKDAYS = "Mo Tu We Th Fr Sa Su"


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    """(year, month) moved `by` months, across year ends."""
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def month_text(
    year: int,
    month: int,
    days: Mapping[date, int],
    today: date | None = None,
    marked: Style | None = None,
    current: Style | None = None,
    *,
    compact: bool = False,
) -> Text:
    """The month as a 7-column grid; `days` with sessions are marked, today underlined.

    `compact` (short terminals) puts the session count on the title line, one line less.
    """
    marked = marked or Style(reverse=True, bold=True)
    current = current or Style(underline=True)
    count = sum(1 for d, n in days.items() if n and (d.year, d.month) == (year, month))
    counted = f"{count or 'no'} {'training day' if count == 1 else 'training days'}"
    if compact:
        text = Text.assemble((f"{calendar.month_abbr[month]} {year}", "bold"),
                             (f" · {counted}", "dim"))
    else:
        text = Text.assemble(
            (f"{calendar.month_name[month]} {year}".center(len(WEEKDAYS)), "bold"))
    text.append("\n")
    text.append(WEEKDAYS, style="dim")
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        text.append("\n")
        for column, number in enumerate(week):
            if column:
                text.append(" ")
            if number == 0:
                text.append("  ")
                continue
            day = date(year, month, number)
            style = Style()
            if days.get(day):
                style += marked
            if day == today:
                style += current
            text.append(f"{number:>2}", style=style)
    if not compact:
        text.append(f"\n{counted}", style="dim")
    return text


class MonthCalendar(Widget, can_focus=True):
    """One month at a time; `days` maps each training day to its number of sessions."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "previous_month", "Earlier month", show=False),
        Binding("right", "next_month", "Later month", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"calendar--trained", "calendar--today"}
    DEFAULT_CSS = """
    MonthCalendar {
        width: 22;
        height: 9;
        padding: 0 1;
    }
    MonthCalendar.-compact {
        width: 25;
        height: 8;
    }
    MonthCalendar > .calendar--trained {
        background: $accent;
        color: $text;
        text-style: bold;
    }
    MonthCalendar > .calendar--today {
        text-style: underline;
    }
    """

    year: reactive[int] = reactive(2000)
    month: reactive[int] = reactive(1)
    compact: reactive[bool] = reactive(False, toggle_class="-compact")

    def __init__(
        self, today: date, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.today = today
        self.days: dict[date, int] = {}
        self.set_reactive(MonthCalendar.year, today.year)
        self.set_reactive(MonthCalendar.month, today.month)

    def set_days(self, days: Mapping[date, int]) -> None:
        self.days = dict(days)
        self.refresh()

    def can_move(self, by: int) -> bool:
        """Months after this one hold nothing yet: the calendar stops at the current month."""
        return by < 0 or shift_month(self.year, self.month, by) <= (
            self.today.year, self.today.month)

    def move(self, by: int) -> None:
        if self.can_move(by):
            self.year, self.month = shift_month(self.year, self.month, by)

    def action_previous_month(self) -> None:
        self.move(-1)

    def action_next_month(self) -> None:
        self.move(1)

    def watch_month(self) -> None:
        self.refresh()
        if self.is_attached:
            self.screen.refresh_bindings()  # `]` dims at the current month

    def watch_year(self) -> None:
        self.refresh()

    def render(self) -> Text:
        marked = self.get_component_rich_style("calendar--trained", partial=True)
        # Reverse keeps marked days visible without colour too.
        marked += Style(reverse=not marked.bgcolor)
        current = self.get_component_rich_style("calendar--today", partial=True)
        return month_text(self.year, self.month, self.days, self.today, marked, current,
                          compact=self.compact)
