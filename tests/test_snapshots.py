"""Every screen as a picture, compared with the accepted one in __snapshots__/.

The scenes are the ones `screenshots/make.py` draws for the README: fixed data,
a fake clock and a fixed date, so a picture changes only when the screen does.
After a deliberate change to a screen: `pytest tests/test_snapshots.py --snapshot-update`,
then look at the new SVGs before keeping them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytest_textual_snapshot import SVGImageExtension

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "screenshots"))

import scenes  # noqa: E402  (lives beside make.py, which draws the same scenes)

SnapCompare = Callable[..., bool]


def shows_as_before(snap_compare: SnapCompare, name: str, size: tuple[int, int] = (80, 24)) -> bool:
    scene = next(s for s in scenes.SCENES if s.name == name)
    app, drive = scene.build()
    return snap_compare(app, run_before=drive, terminal_size=size)


def test_home(snap_compare: SnapCompare) -> None:
    """Home: the week, the programme week, routines with the plan's next week first."""
    assert shows_as_before(snap_compare, "home")


def test_warmup(snap_compare: SnapCompare) -> None:
    """Warm-up: orange band, time left, its cues and how to end it."""
    assert shows_as_before(snap_compare, "warmup")


def test_get_ready(snap_compare: SnapCompare) -> None:
    """Get ready: yellow band, the lead-in counting down, the hold it leads into."""
    assert shows_as_before(snap_compare, "get-ready")


def test_hold(snap_compare: SnapCompare) -> None:
    """A hold: red band, big time left, progress bar, target, cues and the session line."""
    assert shows_as_before(snap_compare, "hold")


def test_reps(snap_compare: SnapCompare) -> None:
    """A rep set: blue band, the count to record, target and weight."""
    assert shows_as_before(snap_compare, "reps")


def test_rest(snap_compare: SnapCompare) -> None:
    """A rest: green band, up next, the rest range with the ready mark."""
    assert shows_as_before(snap_compare, "rest")


def test_summary(snap_compare: SnapCompare) -> None:
    """Summary: where it was saved, the rating chosen, step-ups with one accepted."""
    assert shows_as_before(snap_compare, "summary")


def test_pain(snap_compare: SnapCompare) -> None:
    """After a stop for pain: the calm advice box."""
    assert shows_as_before(snap_compare, "pain")


def test_history_charts(snap_compare: SnapCompare) -> None:
    """Charts: the plank's best hold by date with its step-up, and the weeks against the target."""
    assert shows_as_before(snap_compare, "charts")


def test_history_charts_wide(snap_compare: SnapCompare) -> None:
    """Charts at 100x32, as the README shows them."""
    assert shows_as_before(snap_compare, "charts", (100, 32))


def test_history(snap_compare: SnapCompare) -> None:
    """History: week and streak, sessions newest first, the chosen session's sets."""
    assert shows_as_before(snap_compare, "history")


def test_session_in_a_small_terminal(snap_compare: SnapCompare) -> None:
    """At 40x12 the session screen switches to its compact layout."""
    assert shows_as_before(snap_compare, "hold-small", size=(40, 12))


def test_session_at_60x20(snap_compare: SnapCompare) -> None:
    """At 60x20 the clock keeps block digits and the cues take turns below it."""
    assert shows_as_before(snap_compare, "hold-60x20", size=(60, 20))


def test_session_at_200x60(snap_compare: SnapCompare) -> None:
    """At 200x60 the clock's digits are 24 rows or more, every cue listed under it."""
    assert shows_as_before(snap_compare, "hold-200x60", size=(200, 60))


def test_held_reps(snap_compare: SnapCompare) -> None:
    """A held rep set: the rep count big, the hold's seconds smaller beside it."""
    assert shows_as_before(snap_compare, "reps-held")


def test_validate_output(tmp_path: Path, snapshot: Any) -> None:
    """`backtimer validate` on a broken file: one line per problem, then exit status 1."""
    svg = scenes.validate_svg(tmp_path)
    assert svg == snapshot.use_extension(SVGImageExtension)


def test_every_accepted_picture_has_its_test() -> None:
    """Each SVG in __snapshots__ belongs to a test here, and each test here has its SVG:
    the stale-picture check syrupy skips when the tests run in parallel workers."""
    folder = Path(__file__).resolve().parent / "__snapshots__" / Path(__file__).stem
    pictures = {svg.stem for svg in folder.glob("*.svg")}
    tests = {name for name, value in globals().items()
             if name.startswith("test_") and callable(value)}
    assert pictures == tests - {"test_every_accepted_picture_has_its_test"}
