"""The session's footer, in a module of its own: Textual's footer is loaded after the
session's first frame, not before it (see SessionScreen.add_footer)."""

from __future__ import annotations

from textual.widgets import Footer

from backtimer.ui.widgets.kept import KeptLines


class KeptFooter(KeptLines, Footer):
    """A Footer that keeps its own lines between frames (its keys are widgets of their own)."""
