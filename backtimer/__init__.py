"""backtimer: a terminal workout timer for back-strengthening routines."""

__version__ = "0.1.0"
