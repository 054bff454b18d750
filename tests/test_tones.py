"""Tones: WAV files from the standard library, played by the first player on PATH."""

from __future__ import annotations

import os
import shutil
import stat
import time
import wave
from pathlib import Path

import pytest

from backtimer.sound import tones
from backtimer.sound.tones import TONES, TonePlayer, pick_tone

REAL_FIND_PLAYER = tones.find_player  # conftest hides real players from every test

FAKE_PLAYER = """#!/bin/sh
name="${{1##*/}}"
echo "${{name%.wav}}" >> "{log}"
{extra}
"""
SLEEP = shutil.which("sleep") or "/bin/sleep"  # PATH holds only the fake players


def fake_player(folder: Path, name: str = "pw-play", extra: str = "") -> Path:
    """A player script on PATH that logs the tone it was asked to play."""
    log = folder / f"{name}.log"
    script = folder / name
    script.write_text(FAKE_PLAYER.format(log=log, extra=extra), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return log


def logged(log: Path, count: int) -> list[str]:
    """The tones the fake player logged, once `count` have arrived (at most 10 s)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = log.read_text(encoding="utf-8").split() if log.exists() else []
        if len(lines) >= count:
            return lines
        time.sleep(0.01)
    return log.read_text(encoding="utf-8").split() if log.exists() else []


@pytest.fixture
def on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder that is the whole PATH, with real player lookup."""
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setattr(tones, "find_player", REAL_FIND_PLAYER)
    return folder


def test_each_tone_is_a_short_valid_wav(tmp_path: Path) -> None:
    """Every tone writes a mono 16-bit WAV under a second long, end the longest."""
    lengths = {}
    for name, beeps in TONES.items():
        path = tmp_path / f"{name}.wav"
        tones.write_wav(path, beeps)
        with wave.open(str(path), "rb") as wav:
            assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2)
            lengths[name] = wav.getnframes() / wav.getframerate()
    assert all(0.05 < seconds < 1.0 for seconds in lengths.values())
    assert lengths["countdown"] < lengths["start"] < lengths["end"]
    assert max(TONES["countdown"][0].hz, 0) > TONES["start"][0].hz  # shorter and higher


def test_players_are_tried_in_order(on_path: Path) -> None:
    """pw-play wins over paplay, paplay over aplay; aplay gets -q."""
    fake_player(on_path, "aplay")
    assert tones.find_player() == [str(on_path / "aplay"), "-q"]
    fake_player(on_path, "paplay")
    assert tones.find_player() == [str(on_path / "paplay")]
    fake_player(on_path, "pw-play")
    assert tones.find_player() == [str(on_path / "pw-play")]


def test_a_tone_is_played_by_the_player_without_waiting(on_path: Path) -> None:
    """play() starts the player on the tone's file and returns at once."""
    log = fake_player(on_path, extra=f"{SLEEP} 1")
    player = TonePlayer()
    assert player.play("start", 0.0) is None
    assert player.play("countdown", 0.5) is None
    assert player.running == 2  # neither was waited for
    assert logged(log, 2) == ["start", "countdown"]
    assert player.played == [(0.0, "start"), (0.5, "countdown")]
    player.close()


def test_a_hung_player_is_killed_after_two_seconds(on_path: Path) -> None:
    """A player still running 2 s (of clock time) after it started is killed."""
    log = fake_player(on_path, extra=f"{SLEEP} 60")
    player = TonePlayer()
    player.play("end", 10.0)
    logged(log, 1)
    (_, process), = player._running
    player.reap(11.9)
    assert process.poll() is None
    player.reap(12.0)
    assert player.running == 0
    assert process.wait(timeout=5) < 0  # ended by a signal


def test_no_player_means_the_bell_said_once(on_path: Path) -> None:
    """With no player on PATH the first tone says so (once) and the caller rings the bell."""
    player = TonePlayer()
    message = player.play("start", 0.0)
    assert message is not None and "terminal bell" in message
    assert player.missing
    assert player.play("countdown", 1.0) is None
    assert player.played == []


def test_a_player_that_cannot_start_falls_back_to_the_bell(tmp_path: Path) -> None:
    """A player that is found but cannot run is reported once, then the bell stands in."""
    player = TonePlayer([str(tmp_path / "gone")])
    assert "could not be started" in (player.play("start", 0.0) or "")
    assert player.missing and player.play("start", 1.0) is None


def test_one_tone_for_one_moment() -> None:
    """When a step ends as the next starts, the end or start tone wins over a count."""
    assert pick_tone(["countdown", "start"]) == "start"
    assert pick_tone(["countdown", "end"]) == "end"
    assert pick_tone(["lower", "countdown"]) == "lower"
    assert pick_tone([]) is None


def test_closing_removes_the_tone_files(on_path: Path) -> None:
    """The private folder of WAV files is removed when the player closes."""
    fake_player(on_path)
    player = TonePlayer()
    player.play("start", 0.0)
    folder = player._folder
    assert folder is not None and (folder / "start.wav").exists()
    assert not os.access(folder, os.W_OK) or oct(folder.stat().st_mode)[-3:] == "700"
    player.close()
    assert not folder.exists()
