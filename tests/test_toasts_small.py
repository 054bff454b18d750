"""In a small terminal a notice never covers the list a person is choosing from."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from test_history_screen import NOON, TODAY
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import ContentSwitcher, TabbedContent
from textual.widgets._toast import Toast

from backtimer.core.clock import FakeClock
from backtimer.storage.config import Settings
from backtimer.ui.app import BacktimerApp

LONG = "A notice long enough to wrap over several lines in a terminal only forty columns wide."


@asynccontextmanager
async def small_app(size: tuple[int, int]) -> AsyncIterator[tuple[BacktimerApp, Pilot[int]]]:
    """The app on its home screen with notifications drawn (tests leave them out)."""
    app = BacktimerApp(settings=Settings(), clock=FakeClock(wall=NOON), today=TODAY)
    app.animation_level = "none"
    async with app.run_test(size=size, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        yield app, pilot


async def notice(app: BacktimerApp, pilot: Pilot[int], text: str) -> None:
    app.notify(text, timeout=30)
    for _ in range(4):
        await pilot.pause()


def shown_toasts(screen: Screen[object]) -> list[Region]:
    """The screen regions that toasts are drawn in, as clipped by their rack."""
    regions = [screen.find_widget(toast).visible_region for toast in screen.query(Toast)]
    return [r for r in regions if r.area]


async def test_a_notice_on_the_small_home_screen_sits_above_the_routines() -> None:
    """At 40x12 the notice takes the rows above the routine list, never the list itself."""
    async with small_app((40, 12)) as (app, pilot):
        await notice(app, pilot, LONG)
        listing = app.screen.query_one("#routines").region
        toasts = shown_toasts(app.screen)
        assert toasts, "the notice is shown"
        assert all(not t.overlaps(listing) for t in toasts)


async def test_a_notice_on_the_small_history_screen_leaves_the_list_alone() -> None:
    """At 40x12 the notice on the history screen stays off the sessions list."""
    async with small_app((40, 12)) as (app, pilot):
        await pilot.press("h")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await notice(app, pilot, LONG)
        screen = app.screen
        content = screen.query_one(TabbedContent).query_one(ContentSwitcher).region
        toasts = shown_toasts(screen)
        assert toasts, "the notice is shown"
        assert all(not t.overlaps(content) for t in toasts)


async def test_a_notice_in_a_roomy_terminal_keeps_its_usual_place() -> None:
    """At 80x24 notices stay at the bottom right, as Textual places them."""
    async with small_app((80, 24)) as (app, pilot):
        await notice(app, pilot, "Saved.")
        [toast] = shown_toasts(app.screen)
        assert toast.bottom > 12
