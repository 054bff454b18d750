"""Every test runs with its own data and config dirs, never the user's."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from backtimer.storage import paths


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point data and config at tmp_path so no test touches real files."""
    data = tmp_path / "data"
    config = tmp_path / "config"
    monkeypatch.setenv(paths.DATA_ENV, str(data))
    monkeypatch.setenv(paths.CONFIG_ENV, str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    # Sessions that could not be saved are kept under the temp dir: this test's own.
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    paths.set_data_dir(None)
    # No test plays a real sound: the tone tests put a fake player on PATH themselves.
    monkeypatch.setattr("backtimer.sound.tones.find_player", lambda *a, **k: None)
    yield tmp_path
    paths.set_data_dir(None)
    fallback = sys.modules.get("backtimer.storage.history.fallback")
    if fallback is not None:
        fallback.take_kept()  # what a test kept is never printed by a later one
