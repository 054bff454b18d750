"""Every theme, dark or light, shows each phase in its own colour, and readably."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from test_session_screen import routine, running
from textual.app import ComposeResult
from textual.color import Color, rgb_to_lab
from textual.screen import Screen
from textual.widget import Widget

from backtimer.core.routine import Exercise, Rest, Warmup
from backtimer.ui.app import BacktimerApp
from backtimer.ui.phases import PHASE_OF_KIND, PHASE_OF_WORD, STEP_PHASES, Phase, kind_classes
from backtimer.ui.widgets.banner import PhaseBanner
from backtimer.ui.widgets.countdown import BigClock
from backtimer.ui.widgets.session_bar import StepBar

SESSION_PHASES = [p for p in Phase if p not in (Phase.COMPLETE, Phase.STOPPED)]
# ΔE (CIE76) between two phases' colours: well above what tells two shades apart.
APART = 20.0
BAND_TEXT_CONTRAST = 4.5  # WCAG AA for text: the band's word is read from across the room
CLOCK_CONTRAST = 3.0  # WCAG AA for large text: the clock is drawn in big blocks


def rgb(color: Color, app: BacktimerApp, *, background: bool) -> Color:
    """The colour as drawn: the terminal's own for ANSI's "default" (ANSI themes)."""
    if color.ansi == -1:
        triplet = (app.ansi_theme.background_color if background
                   else app.ansi_theme.foreground_color)
        return Color(*triplet)
    return color


def drawn(widget: Widget) -> tuple[Color, Color]:
    """The widget's (background, text) colour as painted, behind-it colours blended in."""
    style = widget.rich_style
    assert style.bgcolor is not None and style.color is not None
    app = widget.app
    assert isinstance(app, BacktimerApp)
    return (rgb(Color.from_rich_color(style.bgcolor), app, background=True),
            rgb(Color.from_rich_color(style.color), app, background=False))


def contrast(a: Color, b: Color) -> float:
    """WCAG contrast ratio, 1 to 21."""
    def luminance(c: Color) -> float:
        def channel(value: int) -> float:
            s = value / 255
            return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def apart(a: Color, b: Color) -> float:
    la, lb = rgb_to_lab(a), rgb_to_lab(b)
    return float(((la.L - lb.L) ** 2 + (la.a - lb.a) ** 2 + (la.b - lb.b) ** 2) ** 0.5)


def too_close(colours: dict[Any, Color]) -> list[tuple[Any, Any, float]]:
    return [(a, b, round(apart(colours[a], colours[b]), 1))
            for a, b in itertools.combinations(colours, 2)
            if apart(colours[a], colours[b]) < APART]


class Bands(Screen[None]):
    """One banner per phase, and one with a word that has none."""

    def compose(self) -> ComposeResult:
        for word in PHASE_OF_WORD:
            yield PhaseBanner(word)
        yield PhaseBanner("NOTHING", id="plain")


async def test_every_theme_gives_each_phase_a_band_of_its_own() -> None:
    """In every theme the phases of a session have distinct bands with readable words;
    so do the two endings, and each band has its own colour and stands out from the screen."""
    app = BacktimerApp(routine=routine(Exercise("Plank", hold=10)))
    async with app.run_test(size=(80, 60)) as pilot:
        await app.push_screen(Bands())
        await pilot.pause()
        assert len(app.available_themes) >= 20  # Textual's own themes at least
        problems: list[str] = []
        for name, theme in app.available_themes.items():
            app.theme = name
            await pilot.pause()
            screen_bg, _ = drawn(app.screen)
            plain, _ = drawn(app.screen.query_one("#plain", PhaseBanner))
            bands: dict[Phase, Color] = {}
            for banner in app.screen.query(PhaseBanner).exclude("#plain"):
                phase = PHASE_OF_WORD[banner.word]
                band, text = drawn(banner)
                bands[phase] = band
                if contrast(band, text) < BAND_TEXT_CONTRAST:
                    problems.append(f"{name}: {phase} text contrast {contrast(band, text):.2f}")
                if apart(band, screen_bg) < APART:
                    problems.append(f"{name}: {phase} band is close to the screen")
                if band == plain:
                    problems.append(f"{name}: {phase} band has no colour of its own")
            live = {p: bands[p] for p in SESSION_PHASES}
            ends = {p: bands[p] for p in (Phase.COMPLETE, Phase.STOPPED)}
            problems += [f"{name} ({'dark' if theme.dark else 'light'}): {a} and {b} bands "
                         f"are {d} apart" for a, b, d in too_close(live) + too_close(ends)]
        assert problems == [], "\n".join(problems)


SIDES_AND_REPS = routine(
    Exercise("Side plank", hold=10, per_side=True),
    Exercise("Rows", reps=8),
    warmup=Warmup(60), lead_in=5, rest=Rest(30, 30),
)


async def test_the_clock_and_bar_take_the_colour_of_the_phase_on() -> None:
    """Step by step, the clock and bar show the phase's colour; a pause greys them."""
    async with running(SIDES_AND_REPS) as run:
        app = run.app
        seen: list[Phase] = []
        # Forward through warm-up, get ready, hold, switch, hold, rest and reps; then back.
        for theme, move in (("textual-dark", "n"), ("textual-light", "b")):
            app.theme = theme
            await run.pilot.pause()
            for step in range(7):
                if step:
                    await run.press(move)
                screen = run.screen
                phase = PHASE_OF_WORD[run.banner()]
                seen.append(phase)
                wanted = Color.parse(app.theme_variables[f"phase-{phase}-clock"])
                assert drawn(screen.query_one(BigClock))[1] == wanted, (theme, phase)
                assert drawn(screen.query_one(StepBar))[1] == wanted, (theme, phase)
                await run.press("space")
                assert apart(drawn(screen.query_one(BigClock))[1], wanted) >= APART
                await run.press("space")
    walk = [Phase.WARMUP, Phase.GET_READY, Phase.HOLD, Phase.SWITCH, Phase.HOLD, Phase.REST,
            Phase.REPS]
    assert seen == walk + walk[::-1]


async def test_every_theme_gives_each_step_a_clock_colour_of_its_own() -> None:
    """In every theme the step phases' clock colours are distinct and readable on the
    screen's background, and a pause greys the clock."""
    async with running(SIDES_AND_REPS) as run:
        app, screen = run.app, run.screen
        body = screen.query_one("#body")
        problems: list[str] = []
        for name in app.available_themes:
            app.theme = name
            await run.pilot.pause()  # a theme is applied by the app's next turn
            clocks: dict[Phase, Color] = {}
            for kind, phase in PHASE_OF_KIND.items():
                # A class change restyles at once (App.update_styles): no pause needed.
                body.update_classes({**kind_classes(kind), "-paused": False})
                background, clock = drawn(screen.query_one(BigClock))
                clocks[phase] = clock
                if contrast(clock, background) < CLOCK_CONTRAST:
                    problems.append(f"{name}: {phase} clock contrast "
                                    f"{contrast(clock, background):.2f}")
            body.add_class("-paused")  # over the last phase's colour, as over any
            if apart(drawn(screen.query_one(BigClock))[1], clock) < APART:
                problems.append(f"{name}: paused, the {phase} clock keeps its colour")
            problems += [f"{name}: {a} and {b} clocks are {d} apart"
                         for a, b, d in too_close(clocks)]
        assert problems == [], "\n".join(problems)


def test_the_stylesheet_colours_every_phase() -> None:
    """Each phase's variables are used in phases.tcss (the tests above would then catch
    a theme that gives two phases one colour)."""
    tcss = (Path(__file__).resolve().parents[1] / "backtimer" / "ui" / "phases.tcss").read_text()
    for phase in Phase:
        assert f"$phase-{phase}-band;" in tcss and f"$phase-{phase}-text;" in tcss
    for phase in STEP_PHASES:
        assert f"$phase-{phase}-clock;" in tcss
