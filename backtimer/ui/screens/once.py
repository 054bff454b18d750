"""Screens that close at most once, whatever keys arrive while they close."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from textual.await_complete import AwaitComplete

ResultT = TypeVar("ResultT")


class DismissOnce(Generic[ResultT]):
    """Put first among a screen's bases: `dismiss` acts once, and only while it is on top.

    Textual's dismiss pops whichever screen is on top. Keys that arrive together (an
    unbracketed paste of `w` and three Enters, a key held down) can ask a screen to
    close again before the first close has taken it away: without this the second
    call pops the screen underneath (the session) or, on the last one, raises
    ScreenStackError and ends the app.

    Not a Screen itself: Textual inherits CSS and bindings along the first base
    that is a DOM node, which must stay the screen class.
    """

    _dismissed = False

    def dismiss(self, result: ResultT | None = None) -> AwaitComplete:
        screen: Any = self
        if self._dismissed or not screen.is_active:
            return AwaitComplete()  # nothing to wait for: it is closing or covered
        self._dismissed = True
        done: AwaitComplete = super().dismiss(result)  # type: ignore[misc]
        return done
