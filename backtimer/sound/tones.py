"""Short tones heard from the mat, made with the standard library and played by the system.

Each tone is written once as a small WAV file (`wave`, no dependency) and played
with the first player found on PATH: pw-play, paplay, aplay, afplay. A player is
started and never waited for, so the clock never stalls; one still running 2 s
later is killed (a hung sound server must not leave processes behind). With no
player the caller rings the terminal bell instead, and is told so once.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import os
import shutil
import signal
import struct
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

PLAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pw-play", ()),
    ("paplay", ()),
    ("aplay", ("-q",)),
    ("afplay", ()),  # macOS
)
HUNG_AFTER = 2.0  # seconds: a tone is under one, so a player still running has hung
RATE = 22050
VOLUME = 0.6


class Beep(NamedTuple):  # a NamedTuple: built at every start (see core/routine.py)
    """One beep: a pitch, how long it sounds, and the silence after it."""

    hz: float
    seconds: float
    pause: float = 0.0


# What each moment sounds like. Higher and shorter means "count with me"; the end rises.
TONES: dict[str, tuple[Beep, ...]] = {
    "start": (Beep(880, 0.30),),
    "countdown": (Beep(1320, 0.10),),
    "halfway": (Beep(660, 0.12, 0.08), Beep(660, 0.12)),
    "hold": (Beep(990, 0.20),),
    "lower": (Beep(523, 0.25),),
    "end": (Beep(660, 0.16, 0.04), Beep(880, 0.16, 0.04), Beep(1175, 0.40)),
}
# Several things can fall on one moment (a step ends as the next starts): the first wins.
PRIORITY = ("end", "start", "halfway", "hold", "lower", "countdown")


def samples(beeps: Sequence[Beep], rate: int = RATE) -> bytes:
    """16-bit mono PCM for the beeps, each faded in and out so it does not click."""
    frames = bytearray()
    fade = int(rate * 0.008)
    for beep in beeps:
        count = int(rate * beep.seconds)
        step = 2 * math.pi * beep.hz / rate
        for i in range(count):
            edge = min(1.0, i / fade, (count - 1 - i) / fade) if fade else 1.0
            frames += struct.pack("<h", int(32767 * VOLUME * edge * math.sin(step * i)))
        frames += b"\x00\x00" * int(rate * beep.pause)
    return bytes(frames)


def write_wav(path: Path, beeps: Sequence[Beep], rate: int = RATE) -> None:
    import wave  # only when a tone is first written, not at start-up

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(samples(beeps, rate))


def find_player(which: Callable[[str], str | None] = shutil.which) -> list[str] | None:
    """The first player on PATH, as the start of a command line; None if there is none."""
    for name, options in PLAYERS:
        found = which(name)
        if found:
            return [found, *options]
    return None


def kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL the process and anything it started (it leads its own session)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (OSError, AttributeError):  # gone already, or no process groups here
        with contextlib.suppress(OSError):
            process.kill()


Started = tuple[float, "subprocess.Popen[bytes]"]  # when it was started (or asked to stop)


def reap(running: Sequence[Started], now: float, limit: float) -> list[Started]:
    """The processes still running and younger than `limit`; older ones are killed."""
    keep: list[Started] = []
    for since, process in running:
        if process.poll() is not None:
            continue
        if now - since >= limit:
            kill_group(process)
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                process.wait(timeout=0.05)
            continue
        keep.append((since, process))
    return keep


def pick_tone(reasons: Sequence[str]) -> str | None:
    """The one tone to play for the things that happened at one moment."""
    return next((tone for tone in PRIORITY if tone in reasons), None)


class TonePlayer:
    """Plays tones by name; `reap(now)` kills players that hang (call it every tick).

    `now` is the session's clock, so tests decide when a player counts as hung.
    """

    def __init__(self, player: list[str] | None | bool = True) -> None:
        # True: look on PATH at the first tone (not at start-up).
        self._player: list[str] | None | bool = player
        self._folder: Path | None = None
        self._files: dict[str, Path] = {}
        self._running: list[tuple[float, subprocess.Popen[bytes]]] = []
        self._told = False
        self.played: list[tuple[float, str]] = []  # (clock time, tone): what was started

    @property
    def player(self) -> list[str] | None:
        if self._player is True:
            self._player = find_player()
        return self._player or None

    def play(self, tone: str, now: float) -> str | None:
        """Start `tone`; a message (once) when there is no player: the bell stands in then."""
        self.reap(now)
        argv = self.player
        if argv is None:
            return self._no_player("no sound player (pw-play, paplay, aplay or afplay) "
                                   "was found")
        try:
            path = self._file(tone)
            process = subprocess.Popen(
                [*argv, str(path)],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True,  # a Ctrl+C in the terminal is not for the player
            )
        except OSError as exc:
            self._player = None
            return self._no_player(f"the sound player could not be started ({exc})")
        self._running.append((now, process))
        self.played.append((now, tone))
        return None

    def reap(self, now: float) -> None:
        """Forget players that are done; kill those running for longer than HUNG_AFTER."""
        self._running = reap(self._running, now, HUNG_AFTER)

    @property
    def running(self) -> int:
        return len(self._running)

    def close(self) -> None:
        """Stop every player and remove the tone files (the app is closing)."""
        for _, process in self._running:
            kill_group(process)
        self._running = []
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None
            self._files = {}

    @property
    def missing(self) -> bool:
        """True once it is known that tones cannot be played (the bell stands in)."""
        return self.player is None

    def _no_player(self, why: str) -> str | None:
        if self._told:
            return None
        self._told = True
        return f"Tones are off: {why}; the terminal bell rings instead."

    def _file(self, tone: str) -> Path:
        """The tone's WAV file, written the first time it is needed."""
        path = self._files.get(tone)
        if path is None:
            if self._folder is None:
                # A private folder of our own: no other user can swap the files.
                self._folder = Path(tempfile.mkdtemp(prefix=f"backtimer-tones-{os.getpid()}-"))
                atexit.register(self.close)  # the files go with the app
            path = self._folder / f"{tone}.wav"
            write_wav(path, TONES[tone])
            self._files[tone] = path
        return path
