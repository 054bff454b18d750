"""The history screen: sessions newest first, a session's sets, calendar, week, bests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import tomli_w
from rich.console import Console
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import DataTable, Sparkline, Static, TabbedContent
from textual.widgets._footer import FooterKey

from backtimer.core.clock import FakeClock
from backtimer.core.history_text import bar_rows
from backtimer.core.records import SessionRecord, SetRecord
from backtimer.storage import paths
from backtimer.storage.config import Settings
from backtimer.ui.app import BacktimerApp
from backtimer.ui.screens.history import EMPTY, HistoryScreen
from backtimer.ui.screens.home import HomeScreen
from backtimer.ui.screens.problems import ProblemsScreen
from backtimer.ui.widgets.calendar import MonthCalendar, month_text
from backtimer.ui.widgets.hold_bests import HoldSparkline, HoldTrend

TODAY = date(2026, 11, 26)  # a Thursday
NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def hold(name: str, done: float, target: int = 30, *, skipped: bool = False,
         side: str | None = None) -> SetRecord:
    record: SetRecord = {"exercise": name, "kind": "hold", "set": 1, "target": target,
                              "done": done, "skipped": skipped}
    if side:
        record["side"] = side
    return record


def session(day: date, *sets: SetRecord, routine: str = "Core stability",
            status: str = "completed", minutes: int = 20, **extra: Any) -> SessionRecord:
    started = datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)
    record: SessionRecord = {
        "id": f"{day}-{routine}", "routine": routine, "routine_file": "core-stability.toml",
        "started": started, "ended": started + timedelta(minutes=minutes), "status": status,
        "planned_sets": max(1, len(sets)), "sets": list(sets) or [hold("Plank", 30.0)],
    }
    record.update(cast(SessionRecord, extra))  # extra keys, as a hand-edited file may hold
    return record


def write_history(*sessions: SessionRecord) -> Path:
    path = paths.history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(tomli_w.dumps({"session": [s]}) for s in sessions),
                    encoding="utf-8")
    return path


@asynccontextmanager
async def history(
    size: tuple[int, int] = (80, 24), settings: Settings | None = None
) -> AsyncIterator[tuple[BacktimerApp, Pilot[int], HistoryScreen]]:
    """The app with the history screen open and the history read."""
    app = BacktimerApp(settings=settings or Settings(), clock=FakeClock(wall=NOON), today=TODAY)
    app.animation_level = "none"  # tab underlines would otherwise animate on every switch
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        yield app, pilot, screen


def plain(screen: HistoryScreen, selector: str) -> str:
    """What a Static shows, as plain text at 80 columns."""
    console = Console(width=80, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(screen.query_one(selector, Static).content)
    return console.export_text()


def content(screen: HistoryScreen, selector: str) -> str:
    """What a Static holds, as plain text, unwrapped."""
    return str(screen.query_one(selector, Static).content)


def table(screen: HistoryScreen) -> DataTable[Any]:
    return screen.query_one("#sessions-table", DataTable)


def rows(screen: HistoryScreen) -> list[list[str]]:
    grid = table(screen)
    return [[str(cell) for cell in grid.get_row_at(i)] for i in range(grid.row_count)]


async def test_sessions_newest_first_with_their_columns() -> None:
    """Sessions are listed newest first: date, routine, status, active time, sets, rating."""
    write_history(
        session(date(2026, 11, 2), minutes=25, rating=1, active_seconds=65 * 60),
        session(date(2026, 11, 24), hold("Plank", 30.0), hold("Plank", 0.0, skipped=True),
                routine="Evening [b]core[/b]", status="pain", minutes=12, planned_sets=6,
                active_seconds=40),
        session(date(2026, 11, 16), rating=3),
    )
    async with history() as (_, _, screen):
        assert rows(screen) == [
            ["Tue 24 Nov", "Evening [b]core[/b]", "stopped: pain", "40 s", "1/6", ""],
            ["Mon 16 Nov", "Core stability", "completed", "-", "1/1", "hard"],
            ["Mon 2 Nov", "Core stability", "completed", "1 h 5 min", "1/1", "easy"],
        ]


async def test_selecting_a_session_shows_its_sets() -> None:
    """Moving to a session shows its sets, target against done, skipped marked, notes."""
    write_history(
        session(date(2026, 11, 20), hold("Plank", 32.5), hold("Side plank", 14.2, 20, side="left"),
                hold("Side plank", 0.0, 20, side="right", skipped=True),
                notes="Wobbly [i]left[/i] side", rating=2),
        session(date(2026, 11, 24)),
    )
    async with history() as (_, pilot, screen):
        assert "Tue 24 Nov" in plain(screen, "#detail")
        await pilot.press("down")
        await pilot.pause()
        shown = plain(screen, "#detail")
        assert "Core stability  Fri 20 Nov, 18:00  completed" in shown
        assert "Felt about right" in shown
        assert "Notes: Wobbly [i]left[/i] side" in shown
        lines = [" ".join(line.split()) for line in shown.splitlines()]
        assert "Plank 1 30 s 32.5 s" in lines
        assert "Side plank 1 left 20 s 14.2 s" in lines
        assert "Side plank 1 right 20 s skipped" in lines


async def test_calendar_marks_training_days_and_moves_months() -> None:
    """Training days of the month are marked; [ and ] move between months."""
    write_history(session(date(2026, 10, 30)), session(date(2026, 11, 3)),
                  session(date(2026, 11, 3), routine="Second"), session(date(2026, 11, 20)))
    async with history() as (_, pilot, screen):
        calendar = screen.query_one(MonthCalendar)
        assert calendar.days == {date(2026, 10, 30): 1, date(2026, 11, 3): 2,
                                 date(2026, 11, 20): 1}
        assert (calendar.year, calendar.month) == (2026, 11)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "calendar"
        assert (calendar.year, calendar.month) == (2026, 10)
        await pilot.press("right", "right", "right")
        assert (calendar.year, calendar.month) == (2026, 11)  # stops at the current month
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert (calendar.year, calendar.month) == (2026, 11)
        assert not screen.active_bindings["right_square_bracket"].enabled


def test_month_text_marks_only_training_days() -> None:
    """Marked days carry the marked style; other days and the count line are plain."""
    text = month_text(2026, 11, {date(2026, 11, 3): 2, date(2026, 10, 30): 1}, TODAY)
    lines = text.plain.splitlines()
    assert lines[0].strip() == "November 2026"
    assert lines[1] == "Mo Tu We Th Fr Sa Su"
    assert lines[2].endswith(" 1") and lines[-1] == "1 training day"
    marked = {text.plain[span.start:span.end] for span in text.spans
              if "reverse" in str(span.style)}
    assert marked == {" 3"}
    assert "no training days" in month_text(2026, 12, {}, TODAY).plain


async def test_week_streak_and_notices() -> None:
    """This week against the target, the weeks-met streak, and both gentle notices."""
    write_history(
        session(date(2026, 11, 9)), session(date(2026, 11, 11)),
        session(date(2026, 11, 16)), session(date(2026, 11, 17)), session(date(2026, 11, 19)),
        session(date(2026, 11, 21)), session(date(2026, 11, 24)),
    )
    async with history() as (_, _, screen):
        shown = " ".join(plain(screen, "#overview").split())
        assert "This week: 1 of 2 training days · 2 weeks in a row at your target (best 2)" in shown
        assert "4 training days in the week of 16 Nov" in shown
        assert "Rest is part of training" in shown
        assert "consecutive days, 16-17 Nov" in shown
        weeks = plain(screen, "#weeks")
        assert "16 Nov  ■■■■  4 ✓" in weeks and "23 Nov  ■□  1" in weeks


async def test_weekly_target_comes_from_the_settings() -> None:
    """The week is counted against settings.weekly_target."""
    write_history(session(date(2026, 11, 24)))
    async with history(settings=Settings(weekly_target=3)) as (_, _, screen):
        assert "This week: 1 of 3 training days" in plain(screen, "#overview")


async def test_personal_bests_with_a_trend_per_hold() -> None:
    """Each hold exercise shows its best and a sparkline of each session's best hold."""
    write_history(
        session(date(2026, 11, 2), hold("Plank", 30.0)),
        session(date(2026, 11, 9), hold("Plank", 35.0), hold("Plank", 50.0, skipped=True)),
        session(date(2026, 11, 16), hold("Plank", 33.0), hold("Side plank", 20.0, side="left")),
    )
    async with history() as (_, pilot, screen):
        await pilot.press("b")
        await pilot.pause()
        plank, side = screen.query(HoldTrend).results()
        assert plank.best.exercise == "Plank" and plank.best.best == 35.0
        assert list(plank.query_one(Sparkline).data or []) == [30.0, 35.0, 33.0]
        assert "Plank  best 35 s (9 Nov 2026)" in str(plank.query_one(".best", Static).content)
        assert side.best.exercise == "Side plank"


async def test_empty_history_is_friendly() -> None:
    """With no sessions the screen says how it fills up, and nothing breaks."""
    async with history() as (_, pilot, screen):
        assert EMPTY.split(".")[0] in plain(screen, "#overview")
        assert table(screen).row_count == 0
        await pilot.press("down", "enter", "b")
        assert "once you have done a timed hold" in plain(screen, "#bests Static")


def busy_and_damaged() -> Path:
    """Seven sessions that earn both notices, then two damaged blocks at the end."""
    path = write_history(
        session(date(2026, 11, 9)), session(date(2026, 11, 11)),
        session(date(2026, 11, 16)), session(date(2026, 11, 17)), session(date(2026, 11, 19)),
        session(date(2026, 11, 21)), session(date(2026, 11, 24)),
    )
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\n[[session]]\nid = "torn"\nstarted = 2026-11-\n'
                     '\n[[session]]\nid = "odd"\nstarted = 2026-11-25T18:00:00Z\nsets = 3\n')
    return path


def shows_whole(widget: Widget) -> bool:
    """The widget is displayed with room for every line of its content."""
    return bool(widget.display) and widget.region.height >= widget.virtual_size.height > 0


def footer_keys(screen: HistoryScreen) -> dict[str, str]:
    """The footer's keys drawn in full inside the screen, with their labels."""
    width = screen.size.width
    return {key.key_display: key.description for key in screen.query(FooterKey)
            if key.region.width and key.region.right <= width}


async def test_damaged_history_problem_is_shown() -> None:
    """A damaged part of history.toml is reported, and the intact sessions are listed."""
    path = write_history(session(date(2026, 11, 20)))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\n[[session]]\nid = "torn"\nstarted = 2026-11-\n')
    async with history() as (_, pilot, screen):
        assert content(screen, "#overview").endswith(f"1 problem in {path}; p lists it.")
        assert len(rows(screen)) == 1
        await pilot.press("p")
        await pilot.pause()
        listed = str(screen.app.screen.query_one("#problems", Static).content)
        assert "lines" in listed and "skipped" in listed


async def test_week_and_notices_come_before_problems_and_all_are_seen() -> None:
    """At 80x24 with damage the week line and both notices are whole on screen, the
    problems take one line after them, and p lists each problem until escape."""
    path = busy_and_damaged()
    async with history() as (app, pilot, screen):
        lines = content(screen, "#overview").splitlines()
        assert lines[0].startswith("This week: 1 of 2 training days")
        assert "muscles grow stronger on the days between." in lines[1]
        assert "Leave a rest day between them when you can." in lines[2]
        assert lines[3:] == [f"2 problems in {path}; p lists them."]
        assert shows_whole(screen.query_one("#overview-box"))
        assert footer_keys(screen)["p"] == "Problems"
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        listed = str(app.screen.query_one("#problems", Static).content)
        assert "could not be read" in listed and "session odd" in listed
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen_stack[-1] is screen
        await pilot.press("w")  # the Week tab only exists when the overview has no room
        assert screen.query_one(TabbedContent).active == "sessions"


async def test_small_terminal_has_the_overview_as_a_tab() -> None:
    """At 40x12 the overview moves into a Week tab (w), where the notices and the
    problems line can be read and scrolled."""
    path = busy_and_damaged()
    async with history(size=(40, 12)) as (_, pilot, screen):
        assert not screen.query_one("#overview-box").display
        await pilot.press("w")
        await pilot.pause()
        assert screen.query_one(TabbedContent).active == "week"
        box = screen.query_one("#overview-tab")
        assert box.has_focus
        shown = content(screen, "#overview-text")
        assert "Rest is part of training" in shown and "Leave a rest day" in shown
        assert shown.endswith(f"2 problems in {path}; p lists them.")
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 0


async def test_narrow_table_is_compact_and_fits() -> None:
    """At 40 columns the table keeps date, routine, a status mark and sets, and every
    column fits without scrolling sideways; long names end in …."""
    write_history(
        session(date(2026, 11, 2), rating=1),
        session(date(2026, 11, 24), hold("Plank", 30.0), routine="Week 3: increasing intensity",
                status="pain", planned_sets=6),
        session(date(2025, 12, 30), status="interrupted"),
    )
    async with history(size=(40, 12)) as (_, _, screen):
        grid = table(screen)
        assert [str(c.label) for c in grid.columns.values()] == ["Date", "Routine", "", "Sets"]
        assert rows(screen) == [
            ["24 Nov", "Week 3: inc…", "pain", "1/6"],
            ["2 Nov", "Core stabil…", "✓", "1/1"],
            ["30 Dec '25", "Core stabil…", "part", "1/1"],
        ]
        assert grid.max_scroll_x == 0


async def test_small_calendar_shows_the_month_and_scrolls_to_the_weeks() -> None:
    """At 40x12 the calendar's title carries the count, the current week's row is in
    sight, and the arrow keys scroll down to the recent weeks."""
    write_history(session(date(2026, 11, 3)), session(date(2026, 11, 24)))
    async with history(size=(40, 12)) as (_, pilot, screen):
        await pilot.press("c")
        await pilot.pause()
        calendar = screen.query_one(MonthCalendar)
        box = screen.query_one("#calendar-box")
        assert calendar.region.bottom <= box.region.bottom
        assert calendar.region.height >= 8  # title, weekdays, six week rows
        drawn = calendar.render().plain.splitlines()
        assert drawn[0] == "Nov 2026 · 2 training days" and "23 24 25 26 27 28 29" in drawn
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 0
        assert screen.query_one("#weeks").region.bottom <= box.region.bottom


async def test_small_terminal_footer_keeps_every_key() -> None:
    """At 40 columns the footer groups the tab keys and still shows back, the month keys
    and p for the problems; each key still works."""
    busy_and_damaged()
    async with history(size=(40, 12)) as (app, pilot, screen):
        keys = footer_keys(screen)
        assert {"w", "s", "c", "b", "[", "]"} <= set(keys)
        assert keys["q"] == "Back" and keys["p"] == "Problems"
        await pilot.press("b")
        assert screen.query_one(TabbedContent).active == "holds"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_hold_kept_the_same_draws_a_full_bar() -> None:
    """A hold done for the same time every session draws full bars, not a floor line,
    and the caption says it was the same each time."""
    write_history(*(session(date(2026, 11, day), hold("Plank", 30.0)) for day in (2, 9, 16)))
    async with history() as (_, pilot, screen):
        await pilot.press("b")
        await pilot.pause()
        trend = screen.query_one(HoldTrend)
        spark = trend.query_one(HoldSparkline)
        assert spark.render_line(0).text.strip() == "█" * spark.size.width
        assert "▁" not in spark.render_line(1).text
        assert "30 s each time, 3 sessions" in str(trend.query_one(".caption", Static).content)


def test_bars_are_measured_from_zero() -> None:
    """Bars start from zero: 30 s against a best of 40 s fills three quarters."""
    assert bar_rows([40.0, 30.0, 0.0], 3, 1) == ["█▆ "]
    assert bar_rows([40.0, 30.0], 4, 2) == ["██▄▄", "████"]


async def test_escape_and_q_go_back_home() -> None:
    """escape and q both return to the home screen."""
    async with history() as (app, pilot, _):
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_small_terminal_does_not_crash() -> None:
    """At 40x12 every tab draws and the keys still work."""
    write_history(session(date(2026, 11, 20), hold("Plank", 31.0)), session(date(2026, 11, 24)))
    async with history(size=(40, 12)) as (_, pilot, screen):
        for key in ("down", "c", "left_square_bracket", "b", "s", "up"):
            await pilot.press(key)
            await pilot.pause()
        assert screen.query_one(TabbedContent).active == "sessions"
        assert len(rows(screen)) == 2


async def test_a_picked_up_session_is_one_entry_with_both_parts() -> None:
    """The interrupted session and its pick-up show as one row, and the detail names each part."""
    first = session(date(2026, 11, 24), hold("Plank", 30.0), hold("Plank", 30.0),
                    status="interrupted", planned_sets=4, id="first", minutes=6,
                    active_seconds=300)
    second = session(date(2026, 11, 24), hold("Plank", 30.0), hold("Plank", 1.5),
                     planned_sets=4, id="second", minutes=10, active_seconds=540,
                     resumed_from="first")
    second["started"] += timedelta(hours=1)
    second["ended"] += timedelta(hours=1)
    write_history(first, second)
    async with history(size=(100, 40)) as (_, _, screen):
        assert rows(screen) == [
            ["Tue 24 Nov", "Core stability", "completed (2 parts)", "14 min", "4/4", ""]]
        shown = plain(screen, "#detail")
        assert "4 of 4 sets · active 14 min, elapsed 16 min" in shown
        assert "Part 1: Tue 24 Nov, 18:00  interrupted  2 sets · active 5 min" in shown
        assert "Part 2 (picked up): Tue 24 Nov, 19:00  completed  2 sets" in shown
        assert "This week: 1 of 2 training days" in plain(screen, "#overview")
