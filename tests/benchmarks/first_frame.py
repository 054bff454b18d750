"""Start a program and end it the moment its first frame goes to the terminal.

    python tests/benchmarks/first_frame.py backtimer run ROUTINE --quiet
    python tests/benchmarks/first_frame.py bare

For counting what a start costs in instructions (under valgrind's callgrind), which,
unlike wall time, does not move with the machine's load. `backtimer` runs the command
exactly as `backtimer ...` would, with one observer: after the first frame of a
session or home screen is written, the process exits at once. `bare` runs the
one-line app of bare_app.py the same way.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SCREENS = {"SessionScreen", "HomeScreen"}  # backtimer's first screens


def exit_after_first_frame(any_screen: bool) -> None:
    """Patch Textual (imported here, as the program would) to leave after its first frame."""
    from textual.app import App

    display = App._display

    def displayed(self: App[Any], screen: Any, renderable: Any) -> None:
        display(self, screen, renderable)
        if renderable is not None and (any_screen or type(screen).__name__ in SCREENS):
            os._exit(0)  # at once: no shutdown work in the count

    App._display = displayed  # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    if argv[:1] == ["bare"]:
        exit_after_first_frame(any_screen=True)
        sys.path.insert(0, str(HERE))
        import bare_app

        return bare_app.main(["line"])
    if argv[:1] != ["backtimer"]:
        print("usage: first_frame.py (backtimer ARGS... | bare)", file=sys.stderr)
        return 2
    # Textual is imported where backtimer imports it (after the collector is switched
    # off): the patch goes in once the app module is loaded, before the app runs.
    import backtimer.cli.run as command

    make = command._exit_code

    def exit_code(app: Any) -> int:
        exit_after_first_frame(any_screen=False)
        return make(app)

    command._exit_code = exit_code
    from backtimer.__main__ import main as backtimer

    return backtimer(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
