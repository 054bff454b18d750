"""The sizes the home and history screens lay themselves out for are the classes Textual
gives them: the thresholds are written once, in each screen's breakpoints."""

from __future__ import annotations

import pytest
from textual.geometry import Size

from backtimer.core.clock import FakeClock
from backtimer.storage.config import Settings
from backtimer.ui.app import BacktimerApp
from backtimer.ui.breakpoints import breakpoint_classes
from backtimer.ui.screens.history import HistoryScreen
from backtimer.ui.screens.home import HomeScreen

SIZES = [(40, 12), (63, 17), (64, 18), (71, 19), (72, 20), (80, 24), (50, 30), (100, 15),
         (200, 60)]
BREAKPOINT_CLASSES = {"-narrow", "-wide", "-short", "-tall"}


@pytest.mark.parametrize("history", [False, True], ids=["home", "history"])
async def test_classes_worked_out_are_the_ones_textual_sets(history: bool) -> None:
    app = BacktimerApp(settings=Settings(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if history:
            await pilot.press("h")
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, HistoryScreen if history else HomeScreen)
        seen = set()
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            actual = screen.classes & BREAKPOINT_CLASSES
            assert breakpoint_classes(screen, Size(width, height)) == actual, (width, height)
            seen.add(frozenset(actual))
        assert len(seen) == 4  # every pairing was tried
