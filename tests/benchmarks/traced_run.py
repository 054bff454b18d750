"""`backtimer ARGS...` exactly as the command runs, plus a log of its timing for the benchmark.

    python tests/benchmarks/traced_run.py TRACE_FILE run ROUTINE --quiet

Observers are added and nothing else changes: the moment the command starts, the
moment the session starts (`engine.Session.start`), and each frame the app hands to
the terminal with the phase word on the screen at that moment. Times are
`time.monotonic()`, which the benchmark reads too; the session's own clock runs at
the same rate (it differs only by time spent asleep), so the log lines up with the
session's deadlines.
"""

from __future__ import annotations

import sys
import time
from typing import Any, TextIO

from textual.app import App

from backtimer.__main__ import main
from backtimer.core import engine


def install(trace: TextIO) -> None:
    def log(kind: str, word: str = "") -> None:
        trace.write(f"{time.monotonic():.6f} {kind} {word}\n")

    start = engine.Session.start
    display = App._display

    def traced_start(self: engine.Session) -> list[engine.Event]:
        log("start")  # just before the session reads its clock
        return start(self)

    def traced_display(self: App[Any], screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is None:
            return
        try:
            word = str(screen.query_one("PhaseBanner").word)
        except Exception:  # a screen without the band (a dialog, the default screen)
            word = ""
        log("frame", word)

    engine.Session.start = traced_start  # type: ignore[method-assign]
    App._display = traced_display  # type: ignore[method-assign]
    log("imported")  # Textual and the command line are loaded; the command starts now


if __name__ == "__main__":
    with open(sys.argv[1], "w", encoding="utf-8", buffering=1) as handle:
        install(handle)
        sys.exit(main(sys.argv[2:]))
