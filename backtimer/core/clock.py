"""Time sources: a monotonic clock for countdowns and a wall clock for records.

Countdowns are always `deadline - now()`; nothing counts ticks. Tests use
`FakeClock` and move time by hand.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Monotonic seconds."""
        ...

    def wall(self) -> datetime:
        """The current time, timezone-aware."""
        ...


def sleep_aware_source(platform: str | None = None) -> Callable[[], float]:
    """A monotonic time source that keeps counting while the computer is asleep.

    The session pauses itself when a tick comes much later than the one before
    (the lid was closed). That only works if this clock counts the time asleep:
    `time.monotonic()` does not on Linux (CLOCK_MONOTONIC stops in suspend) or
    on macOS (mach_absolute_time stops in sleep). Linux's CLOCK_BOOTTIME and
    macOS's clock_gettime(CLOCK_MONOTONIC) both go on counting. Textual's own
    timers still run on monotonic(); that is fine, as they only say when to look,
    and the first look after waking sees the jump on this clock.
    """
    platform = platform or sys.platform
    clock_id: int | None = None
    if platform.startswith("linux"):
        clock_id = getattr(time, "CLOCK_BOOTTIME", None)
    elif platform == "darwin":
        clock_id = getattr(time, "CLOCK_MONOTONIC", None)
    if clock_id is not None:
        source = partial(time.clock_gettime, clock_id)
        try:
            source()  # e.g. an old kernel or a sandbox without this clock
        except OSError:
            return time.monotonic
        return source
    return time.monotonic


class SystemClock:
    """The real clocks: sleep-aware monotonic seconds, and the local wall time."""

    def __init__(self) -> None:
        self._now = sleep_aware_source()

    def now(self) -> float:
        return self._now()

    def wall(self) -> datetime:
        return datetime.now(UTC).astimezone()


class FakeClock:
    """Simulated time: `advance(seconds)` moves both clocks together."""

    def __init__(self, start: float = 1000.0, wall: datetime | None = None) -> None:
        self._now = start
        self._start = start
        self._wall = wall or datetime(2026, 11, 23, 18, 0, 0, tzinfo=UTC)

    def now(self) -> float:
        return self._now

    def wall(self) -> datetime:
        return self._wall + timedelta(seconds=self._now - self._start)

    def advance(self, seconds: float) -> None:
        self._now += seconds
