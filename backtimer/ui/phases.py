"""The phases a session shows, the CSS class each one gets, and the theme variables that
colour them (phases.tcss holds the rules that use the variables)."""

from __future__ import annotations

from enum import StrEnum

from backtimer.core.plan import StepKind


class Phase(StrEnum):
    WARMUP = "warmup"
    GET_READY = "get-ready"
    HOLD = "hold"
    REPS = "reps"
    SWITCH = "switch"
    REST = "rest"
    PAUSED = "paused"
    COMPLETE = "complete"
    STOPPED = "stopped"

    @property
    def css_class(self) -> str:
        return f"-{self.value}"


PHASE_OF_KIND: dict[StepKind, Phase] = {
    StepKind.WARMUP: Phase.WARMUP,
    StepKind.GET_READY: Phase.GET_READY,
    StepKind.HOLD: Phase.HOLD,
    StepKind.REPS: Phase.REPS,
    StepKind.GUIDED: Phase.REPS,  # held reps are reps: the same word on the band
    StepKind.SWITCH: Phase.SWITCH,
    StepKind.REST: Phase.REST,
}

# The banner's words (core.session_text.banner_word, SessionFacts.banner) -> phase.
PHASE_OF_WORD: dict[str, Phase] = {
    **{kind.banner: phase for kind, phase in PHASE_OF_KIND.items()},
    "PAUSED": Phase.PAUSED,
    "SESSION COMPLETE": Phase.COMPLETE,
    "SESSION STOPPED": Phase.STOPPED,
}

STEP_PHASES: tuple[Phase, ...] = tuple(dict.fromkeys(PHASE_OF_KIND.values()))
"""The phases of a running step: each colours the session's clock and bar."""


def kind_classes(kind: StepKind) -> dict[str, bool]:
    """Every step phase's class, on for `kind`'s phase only (for `update_classes`)."""
    current = PHASE_OF_KIND[kind]
    return {phase.css_class: phase is current for phase in STEP_PHASES}


# The band's colour and the word's on it. Both kinds of theme share them: each band
# carries its own text colour, so the screen behind it does not matter. The summary's
# bands mean what the session's do: green went well (as rest), grey is not running.
BANDS: dict[Phase, tuple[str, str]] = {
    Phase.WARMUP: ("#c2570c", "#ffffff"),
    Phase.GET_READY: ("#d4a60f", "#000000"),
    Phase.HOLD: ("#c62828", "#ffffff"),
    Phase.REPS: ("#1565c0", "#ffffff"),
    Phase.SWITCH: ("#7b3fa8", "#ffffff"),
    Phase.REST: ("#2e7d32", "#ffffff"),
    Phase.PAUSED: ("#5f5f5f", "#ffff87"),
    Phase.COMPLETE: ("#2e7d32", "#ffffff"),
    Phase.STOPPED: ("#5f5f5f", "#ffffff"),
}
FLASH = ("#ffffff", "#000000")  # a phase change, seen without sound

# The clock and bar are drawn straight on the screen's background: light themes need
# darker shades to be read from across the room.
CLOCKS_ON_DARK: dict[Phase, str] = {
    Phase.WARMUP: "#ff9800",
    Phase.GET_READY: "#fdd835",
    Phase.HOLD: "#ef5350",
    Phase.REPS: "#42a5f5",
    Phase.SWITCH: "#ba68c8",
    Phase.REST: "#66bb6a",
}
CLOCKS_ON_LIGHT: dict[Phase, str] = {
    Phase.WARMUP: "#a14f00",
    Phase.GET_READY: "#6f6300",
    Phase.HOLD: "#b71c1c",
    Phase.REPS: "#1559b0",
    Phase.SWITCH: "#7b3fa8",
    Phase.REST: "#256b29",
}


def phase_variables(*, dark: bool) -> dict[str, str]:
    """`phase-<phase>-band`, `-text` and `-clock` for a dark or a light theme: the
    defaults the app gives, which a theme may override in its own `variables`.

    Fixed colours rather than the theme's: every phase must stay distinct from the
    others, and a theme's warning and accent (or an ANSI terminal's red and magenta)
    may be the same colour.
    """
    variables: dict[str, str] = {}
    for phase, (band, text) in [*BANDS.items(), ("flash", FLASH)]:
        variables[f"phase-{phase}-band"] = band
        variables[f"phase-{phase}-text"] = text
    for phase, clock in (CLOCKS_ON_DARK if dark else CLOCKS_ON_LIGHT).items():
        variables[f"phase-{phase}-clock"] = clock
    return variables
