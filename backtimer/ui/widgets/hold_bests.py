"""The history screen's hold bests: each exercise's best hold with its trend as bars."""

from __future__ import annotations

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult, RenderResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from backtimer.core.history_text import bar_rows, best_text, trend_caption
from backtimer.core.stats import HoldBest


class HoldSparkline(Sparkline):
    """Textual's sparkline with its bars measured from zero instead of from the lowest value.

    The stock one draws the lowest value as an empty-looking floor line, so a hold kept
    the same every session read like nothing held at all.
    """

    def render(self) -> RenderResult:
        data = list(self.data or [])
        _, base = self.background_colors
        color = base + self.get_component_styles("sparkline--max-color").color
        style = Style(color=color.rich_color)
        lines = bar_rows(data, self.size.width, self.size.height)
        return Group(*(Text(line, style=style, no_wrap=True) for line in lines))


SPARK_MAX = 48  # columns; longer histories are bucketed, each bar its bucket's best


class HoldTrend(Vertical):
    """One hold exercise: its best in words, and each session's best hold as a sparkline."""

    DEFAULT_CSS = """
    HoldTrend {
        height: auto;
        margin-bottom: 1;
    }
    HoldTrend > Horizontal {
        height: 2;
    }
    HoldTrend Sparkline {
        height: 2;
        margin-right: 2;
    }
    HoldTrend .caption {
        width: 1fr;
    }
    """

    def __init__(self, best: HoldBest) -> None:
        super().__init__()
        self.best = best

    def compose(self) -> ComposeResult:
        yield Static(best_text(self.best), classes="best")
        with Horizontal():
            sparkline = HoldSparkline(list(self.best.trend))
            # Two columns a session reads as bars, not a smear, until the history is long.
            sparkline.styles.width = min(SPARK_MAX, max(6, 2 * len(self.best.trend)))
            sparkline.styles.max_width = "50%"  # the caption keeps room in narrow terminals
            yield sparkline
            yield Static(trend_caption(self.best), classes="caption")
