"""The floor the benchmarks compare backtimer with: the least a Textual app can do.

    python tests/benchmarks/bare_app.py line               # one line of text, nothing else
    python tests/benchmarks/bare_app.py countdown 60 1.0   # a Digits countdown of 60 s
    python tests/benchmarks/bare_app.py bigclock 60 1.0    # the same with backtimer's clock

The countdown works the way a careful timer must, and wakes as often as the
session screen does: the time left is `deadline - monotonic()`, and one one-shot
timer wakes it just after the shown second changes, or after the keep-alive (the
session screen's KEEP_ALIVE, passed in) if that came sooner. The digits are only
updated when their text changes. `bigclock` draws the count with backtimer's own
big clock widget instead of the 3-row digits, 13 rows high as on the 80x24 screen
of the benchmark's CPU routine: a second floor, for what the bigger clock costs.
"""

from __future__ import annotations

import math
import sys
import time

from textual.app import App, ComposeResult
from textual.timer import Timer
from textual.widgets import Digits, Static

LINE = "bare app ready"
WAKE_SLACK = 0.001  # as the session screen: land just after the second changes


class LineApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(LINE)


class CountdownApp(App[None]):
    CSS = "Digits { width: auto; margin: 2 4; } BigClock { height: 13; }"

    def __init__(self, seconds: float, keep_alive: float, *, big: bool = False) -> None:
        super().__init__()
        self.big = big
        self.seconds = seconds
        self.keep_alive = keep_alive
        self.deadline = 0.0
        self.shown = ""
        self._wake: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("HOLD")  # the same word the harness waits for in backtimer
        if self.big:
            from backtimer.ui.widgets.countdown import BigClock

            yield BigClock(id="clock")
        else:
            yield Digits("")

    def on_mount(self) -> None:
        self.deadline = time.monotonic() + self.seconds
        self.tick()

    def tick(self) -> None:
        left = max(0.0, self.deadline - time.monotonic())
        whole = math.ceil(left - 1e-9)
        text = f"{whole // 60}:{whole % 60:02d}"
        if text != self.shown:
            self.shown = text
            if self.big:
                self.query_one("#clock").value = text  # type: ignore[attr-defined]
            else:
                self.query_one(Digits).update(text)
        if self._wake is not None:
            self._wake.stop()
        if left > 0:
            # Wake just after the shown second changes, from the deadline, never by counting.
            self._wake = self.set_timer(min(left - (whole - 1), self.keep_alive) + WAKE_SLACK,
                                        self.tick)


def main(argv: list[str]) -> int:
    mode = argv[0] if argv else "line"
    if mode == "line":
        LineApp().run()
    elif mode in ("countdown", "bigclock"):
        seconds = float(argv[1]) if len(argv) > 1 else 60.0
        keep_alive = float(argv[2]) if len(argv) > 2 else 1.0
        CountdownApp(seconds, keep_alive, big=mode == "bigclock").run()
    else:
        print(f"unknown mode {mode!r}: use line, countdown or bigclock", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
