"""The session's clock sized to the terminal, its tones, and its keys in small terminals."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_session_screen import footer_line, routine, running
from test_tones import REAL_FIND_PLAYER, logged
from textual.geometry import Region
from textual.widgets._toast import Toast

from backtimer.core.routine import Exercise
from backtimer.sound import tones
from backtimer.storage.config import Settings
from backtimer.storage.loader import load_routine
from backtimer.ui.screens.keys import KeysScreen
from backtimer.ui.widgets.countdown import BigClock, draw
from backtimer.ui.widgets.session_fit import Need, cue_window, fit

ROUTINES = Path(__file__).resolve().parent.parent / "routines"
FOUR_CUES = (1, 1, 1, 1)  # four one-line cues, as in the bundled routines


def hold_need(**kw: object) -> Need:
    return Need(clock="0:00", cue_rows=FOUR_CUES, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(("size", "rows"), [((60, 20), 5), ((80, 24), 10), ((120, 40), 14),
                                             ((200, 60), 24)])
def test_the_clock_grows_with_the_terminal(size: tuple[int, int], rows: int) -> None:
    """With four cues, a hold's digits are at least 5, 10, 14 and 24 rows tall."""
    for need in (hold_need(), hold_need(bar_rows=2, detail_rows=2, cue_header_rows=1),
                 Need(clock="0/0", side="0", side_word="relax", cue_rows=FOUR_CUES)):
        shared = fit(*size, need)
        assert shared.clock_how.startswith("block:")
        assert shared.clock_rows >= rows


@given(st.integers(20, 220), st.integers(8, 70), st.integers(0, 3), st.integers(0, 5))
def test_a_bigger_terminal_never_gets_a_smaller_clock(
    width: int, height: int, grow_w: int, grow_h: int
) -> None:
    """Wider or taller, the clock keeps its size or grows; the rows add up to the height."""
    small = fit(width, height, hold_need())
    big = fit(width + grow_w, height + grow_h, hold_need())
    assert big.clock_rows >= small.clock_rows
    used = (small.banner_rows + small.title_margin + small.title_rows + small.clock_rows
            + small.bar_rows + small.detail_rows + small.cue_rows + small.overall_rows + 1)
    assert used <= max(height, 10)


def test_cues_give_way_before_the_clock() -> None:
    """Tight on rows, the cues go first: all, then a few at a time, then one, then none."""
    pages = [fit(80, height, hold_need()).cue_page for height in (24, 22, 21, 20, 16)]
    assert pages == [4, 3, 2, 1, 0]
    assert {fit(80, height, hold_need()).clock_rows for height in (24, 22, 21, 20)} == {10}


def test_cues_take_turns_every_few_seconds() -> None:
    """Shown two at a time, four cues alternate; all at once they stay."""
    assert list(cue_window(4, 2, 0)) == [0, 1]
    assert list(cue_window(4, 2, 5)) == [2, 3]
    assert list(cue_window(4, 2, 10)) == [0, 1]
    assert list(cue_window(4, 4, 7)) == [0, 1, 2, 3]
    assert list(cue_window(4, 0, 7)) == []


def test_a_held_rep_count_is_drawn_with_its_seconds_beside_it() -> None:
    """`3/8` in big blocks, `hold` and the seconds smaller to its right."""
    big = draw("3/8", "block:4")
    both = draw("3/8", "block:4", "2", "hold")
    assert both.width > big.width and len(both.lines) == len(big.lines)
    assert any("hold" in line[big.width:] for line in both.lines)


async def test_a_session_fits_each_size_and_refits_on_resize() -> None:
    """Core stability's plank at 60x20 and at 200x60: block digits of 5+ and 24+ rows;
    resizing re-fits at once."""
    r = load_routine(ROUTINES / "core-stability.toml")
    async with running(r, size=(60, 20)) as run:
        clock = run.screen.query_one(BigClock)
        assert clock.glyph_rows >= 5 and clock.drawn_as.startswith("block:")
        await run.pilot.resize_terminal(200, 60)
        await run.pilot.pause()
        assert clock.glyph_rows >= 24
        await run.pilot.resize_terminal(40, 12)
        await run.pilot.pause()
        assert clock.glyph_rows == 5


async def test_a_new_second_repaints_only_the_digits_that_changed() -> None:
    """From 0:28 to 0:27 only the last digit's columns are marked for repainting."""
    async with running(routine(Exercise("Plank", hold=30)), size=(80, 24)) as run:
        await run.advance(2)
        clock = run.screen.query_one(BigClock)
        marked: list[tuple[Region, ...]] = []
        original = clock.refresh

        def spy(*regions: Region, **kw: bool) -> BigClock:
            marked.append(regions)
            return original(*regions, **kw)

        clock.refresh = spy  # type: ignore[method-assign]
        await run.advance(1)
        assert clock.value == "0:27"
        assert len(marked) == 1 and len(marked[0]) == 1
        (region,) = marked[0]
        assert 0 < region.width < clock._drawing.width // 3  # type: ignore[union-attr]


@pytest.fixture
def player(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake pw-play, alone on PATH, that logs each tone it is asked to play."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "played.log"
    script = folder / "pw-play"
    script.write_text(f'#!/bin/sh\nn="${{1##*/}}"\necho "${{n%.wav}}" >> "{log}"\n',
                      encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setattr(tones, "find_player", REAL_FIND_PLAYER)
    return log


async def test_a_hold_plays_a_start_tone_and_three_count_tones(player: Path) -> None:
    """A 6 s hold: a tone as it starts, one at each of its last three seconds, then the end."""
    async with running(routine(Exercise("Plank", hold=6)), sound="tones") as run:
        start = run.clock.now()
        tones_player = run.screen.tones
        assert tones_player is not None
        await run.advance(6.5)
        moments = [(at - start, tone) for at, tone in tones_player.played]
        assert moments == [(0, "start"), (3, "countdown"), (4, "countdown"),
                           (5, "countdown"), (6, "end")]
        assert logged(player, 5) == ["start", "countdown", "countdown", "countdown", "end"]
        assert run.bells == []


async def test_held_reps_play_a_tone_at_each_hold_and_each_lower(player: Path) -> None:
    """Reps held 2 s with 3 s between: hold, lower, hold, lower, hold."""
    r = routine(Exercise("Bridge", reps=3, hold=2), Exercise("Plank", hold=30))
    async with running(r, sound="tones") as run:
        start = run.clock.now()
        await run.advance(12.5)
        tones_player = run.screen.tones
        assert tones_player is not None
        moments = [(at - start, tone) for at, tone in tones_player.played]
        assert moments == [(0, "start"), (2, "lower"), (5, "hold"), (7, "lower"),
                           (9, "countdown"), (10, "hold"), (11, "countdown"), (12, "start")]


async def test_quiet_and_sound_false_play_nothing(player: Path) -> None:
    """--quiet, or sound = false: no tone and no bell."""
    options: tuple[dict[str, Any], ...] = ({"quiet": True}, {})
    for kw in options:
        sound: str | bool = "tones" if kw else False
        async with running(routine(Exercise("Plank", hold=6)), sound=sound, **kw) as run:
            played = run.screen.tones
            await run.advance(6.5)
            assert played is not None and played.played == []
            assert run.bells == []
    assert not player.exists()


async def test_without_a_player_the_bell_rings_and_it_is_said_once() -> None:
    """No player on PATH: each moment rings the bell; one notice says why."""
    async with running(routine(Exercise("Plank", hold=6)), sound="tones") as run:
        await run.advance(6.5)
        assert len(run.bells) == 5
        notices = [n for n in run.app._notifications if "Tones are off" in n.message]
        assert len(notices) == 1


async def test_every_key_is_reachable_at_40x12() -> None:
    """At 40x12 the footer shows `?`, which lists every key of the session screen."""
    async with running(routine(Exercise("Plank", sets=2, hold=30)), size=(40, 12)) as run:
        footer = footer_line(run)
        await run.press("question_mark")
        assert isinstance(run.app.screen, KeysScreen)
        listed = " ".join(f"{k.key} {k.does}" for k in run.app.screen.keys)
        for does in ("Pause", "End hold", "Pain", "End", "Skip", "Weight", "Back"):
            assert does in listed
        assert "? " in footer and "Weight" not in footer  # the footer alone cannot
        await run.press("down", "pagedown")  # scrolling keeps the list open
        assert isinstance(run.app.screen, KeysScreen)
        await run.press("x")
        assert not isinstance(run.app.screen, KeysScreen)
        assert run.screen.session is not None and run.screen.session.running


async def test_a_notice_never_covers_the_clock() -> None:
    """Toasts sit in the rows under the clock's digits, at every size tried."""
    for size in ((40, 12), (60, 20), (80, 24)):
        r = routine(Exercise("Plank", hold=30, cues=("Elbows under shoulders",) * 4))
        async with running(r, size=size, sound="tones", notifications=True) as run:
            run.screen.notify("A notice long enough to wrap onto more than one line here",
                              timeout=30)
            await run.pilot.pause()
            await run.pilot.pause()
            clock = run.screen.query_one(BigClock)
            x, y = clock._origin
            drawing = clock._drawing
            assert drawing is not None
            digits = Region(clock.region.x + x, clock.region.y + y, drawing.width,
                            len(drawing.lines))
            toasts = list(run.screen.query(Toast))
            assert toasts
            for toast in toasts:
                assert not toast.region.overlaps(digits), (size, toast.region, digits)


async def test_the_first_set_gets_the_longer_get_ready() -> None:
    """first_lead_in (10 s by default) before the first hold; the routine's lead_in later."""
    r = routine(Exercise("Plank", sets=2, hold=30), lead_in=5)
    async with running(r, settings=Settings(), first_lead_in=10) as run:
        session = run.screen.session
        assert session is not None
        ready = [s.duration for s in session.steps if s.kind.value == "get_ready"]
        assert run.banner() == "GET READY" and ready[0] == 10


async def test_cues_take_turns_on_a_small_screen() -> None:
    """At 60x20 the four cues of a hold show one at a time, the next after 5 s."""
    cues = ("Forearms and toes, elbows right under the shoulders", "One line, head to heels",
            "Draw the belly button in", "Avoid sagging hips")
    async with running(routine(Exercise("Plank", hold=60, cues=cues)), size=(60, 20)) as run:
        shown = run.screen._shown
        assert str(shown["cues"]) == "• " + cues[0]
        await run.advance(5)
        assert str(shown["cues"]) == "• " + cues[1]
        await run.advance(15)
        assert str(shown["cues"]) == "• " + cues[0]


async def test_a_resize_under_the_keys_list_is_fitted_when_it_closes() -> None:
    """Resized while `?` is open, the session fits the new size once the list closes."""
    async with running(routine(Exercise("Plank", hold=60)), size=(80, 24)) as run:
        await run.press("question_mark")
        await run.pilot.resize_terminal(200, 60)
        await run.pilot.pause()
        await run.press("x")
        await run.pilot.pause()
        assert run.screen.query_one(BigClock).glyph_rows >= 24


async def test_a_plain_second_repaints_only_the_clock_bar_and_bottom_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A second of a hold touches three widgets, none of them with a layout pass."""
    from textual.widget import Widget

    async with running(routine(Exercise("Plank", hold=30, cues=("a", "b"))), size=(80, 24)
                       ) as run:
        await run.advance(2)
        touched: list[tuple[str | None, bool]] = []
        original = Widget.refresh

        def spy(self: Widget, *regions: Region, **kw: bool) -> Widget:
            touched.append((self.id, bool(kw.get("layout"))))
            return original(self, *regions, **kw)

        monkeypatch.setattr(Widget, "refresh", spy)
        await run.advance(1)
        assert sorted(touched) == [("bar", False), ("clock", False), ("overall", False)]


async def test_a_plain_second_draws_only_the_rows_that_changed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The frame after a second of a hold gets new lines for the clock's changed rows,
    the bar's row and the bottom line; every other row is the line it got before, and
    no part goes through Textual's styling of its rows."""
    from textual.geometry import Region
    from textual.strip import Strip
    from textual.widget import Widget

    def lines(widgets: list[Widget]) -> dict[str | None, list[Strip]]:
        return {w.id: w.render_lines(Region(0, 0, *w.outer_size)) for w in widgets}

    async with running(routine(Exercise("Plank", hold=30, cues=("a", "b"))), size=(80, 24)
                       ) as run:
        await run.advance(2)
        await run.pilot.pause()
        widgets = [run.screen, *run.screen.query("*")]
        before = lines(widgets)
        styled: list[str | None] = []
        render_lines = Widget.render_lines

        def spy(self: Widget, crop: Region) -> list[Strip]:
            styled.append(self.id)
            return render_lines(self, crop)

        monkeypatch.setattr(Widget, "render_lines", spy)
        await run.advance(1)
        await run.pilot.pause()
        assert styled == []
        after = lines(widgets)
        new = {key: sum(a is not b for a, b in zip(before[key], rows, strict=True))
               for key, rows in after.items()}
        changed = {key: count for key, count in new.items() if count}
        clock = run.screen.query_one(BigClock)
        assert changed.keys() == {"clock", "bar", "overall"}
        assert changed["bar"] == changed["overall"] == 1
        assert changed["clock"] < clock.glyph_rows  # 0:28 to 0:27: the rows where 8 and 7 differ


async def test_kept_lines_are_what_textual_would_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts that keep their lines between frames draw them again when their colours or
    size change: after a pause, a new theme and a resize the screen is the same as the
    one Textual draws from its own caches."""
    from textual.widget import Widget

    from backtimer.ui.widgets.kept import KeptLines

    async with running(routine(Exercise("Plank", hold=30, cues=("a", "b"))), size=(80, 24)
                       ) as run:

        async def same_as_textual() -> None:
            await run.pilot.pause()
            kept = styled_screen(run.app)
            with monkeypatch.context() as patch:
                patch.setattr(KeptLines, "render_lines", Widget.render_lines)
                assert kept == styled_screen(run.app)

        await run.advance(2)
        first = styled_screen(run.app)
        await run.press("space")
        await same_as_textual()
        assert styled_screen(run.app) != first
        await run.press("space")
        await run.advance(1)
        run.app.theme = "textual-light"
        await same_as_textual()
        await run.pilot.resize_terminal(60, 20)
        await same_as_textual()


def styled_screen(app: Any) -> str:
    """The whole screen with its colours, as the terminal would get it."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True,
                      force_terminal=True, color_system="truecolor", legacy_windows=False)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=True)


async def test_a_rest_begun_mid_second_wakes_the_screen_once_a_second() -> None:
    """A set ended early starts its rest mid-second: the rest's count sets the pace, and
    the active time under it is brought up to date at the same wake-ups, not at its own."""
    from backtimer.core import session_text as texts

    async with running(routine(Exercise("Push-up", sets=2, reps=10)), size=(80, 24)) as run:
        await run.advance(2.5)
        await run.press("enter")
        assert run.banner() == "REST"
        start = run.clock.now()
        wakes = 0
        while run.clock.now() < start + 10:
            due = run.screen.wake_at
            assert due is not None
            run.clock.advance(due - run.clock.now() + 0.001)  # as the timer would
            run.screen.tick()
            wakes += 1
        assert wakes == 10
        await run.pilot.pause()
        assert texts.overall_text(run.session).plain in run.shown()
