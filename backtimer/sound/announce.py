"""Spoken announcements through an external command such as `espeak-ng`.

The command is started with the text as its last argument and is never waited
for, so a slow voice cannot hold up a countdown. A command that cannot start or
exits with an error switches announcements off and is reported once. A voice cut
short is asked to stop (SIGTERM) and, if it is still there after a short grace,
killed (SIGKILL), so a command that ignores SIGTERM cannot pile up.
"""

from __future__ import annotations

import contextlib
import shlex
import subprocess
import time
from collections.abc import Callable

from backtimer.sound.tones import kill_group, reap

GRACE = 1.0  # seconds a voice asked to stop may take before it is killed


class Announcer:
    """Says texts with `command`; with no command it stays silent."""

    def __init__(self, command: str | None, *, now: Callable[[], float] = time.monotonic
                 ) -> None:
        self._now = now  # injected so tests decide when the grace is over
        self._stopping: list[tuple[float, subprocess.Popen[bytes]]] = []
        self._argv: list[str] = []
        self._error: str | None = None
        self._reported = False
        self._process: subprocess.Popen[bytes] | None = None
        self._cut_short = False  # the running one was stopped by us, not failing
        self._command = (command or "").strip()
        if self._command:
            try:
                self._argv = shlex.split(self._command)
            except ValueError as exc:
                self._fail(f"could not split it into words ({exc})")

    @property
    def enabled(self) -> bool:
        return bool(self._argv) and self._error is None

    @property
    def error(self) -> str | None:
        """Why announcements stopped, or None while they work."""
        self._check_finished()
        return self._error

    def say(self, text: str) -> str | None:
        """Start speaking `text`; returns an error message the first time one is found."""
        self._check_finished()
        if self.enabled:
            self._stop_running()
            try:
                self._process = subprocess.Popen(
                    [*self._argv, text],
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,  # a Ctrl+C in the terminal is not for the voice
                )
                self._cut_short = False
            except OSError as exc:
                reason = "not found" if isinstance(exc, FileNotFoundError) else str(exc)
                self._fail(reason)
        return self.take_error()

    def take_error(self) -> str | None:
        """The error message, only the first time it is asked for (to show it once)."""
        self._check_finished()
        if self._error is None or self._reported:
            return None
        self._reported = True
        return self._error

    def wait(self, timeout: float | None = None) -> None:
        """Block until the current announcement ends (for tests and a tidy exit)."""
        if self._process is not None:
            try:
                self._process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                return
            self._check_finished()

    def close(self) -> None:
        """Stop a voice still speaking, e.g. when the app quits; none is left behind."""
        self._stop_running()
        for _, process in self._stopping:
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                process.wait(timeout=0.1)
            if process.poll() is None:
                kill_group(process)
        self._stopping = []

    @property
    def stopping(self) -> int:
        """Voices asked to stop that have not gone yet."""
        self._reap()
        return len(self._stopping)

    def _reap(self) -> None:
        """Forget voices that stopped; kill those that outlived the grace."""
        self._stopping = reap(self._stopping, self._now(), GRACE)

    def _check_finished(self) -> None:
        if self._stopping:
            self._reap()
        process = self._process
        if process is None:
            return
        code = process.poll()
        if code is None:
            return
        self._process = None
        if code != 0 and not self._cut_short and self._error is None:
            self._fail(f"it exited with status {code}")

    def _stop_running(self) -> None:
        # A new announcement replaces one still speaking, so voices never pile up.
        process = self._process
        if process is None:
            return
        if process.poll() is None:
            self._cut_short = True
            with contextlib.suppress(OSError):
                process.terminate()
            self._stopping.append((self._now(), process))
        else:
            self._check_finished()
        self._process = None

    def _fail(self, reason: str) -> None:
        self._error = f"Announcements are off: the command {self._command!r} failed: {reason}."
