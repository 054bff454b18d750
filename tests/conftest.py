"""Every test runs with its own data and config dirs, never the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backtimer import paths


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point data and config at tmp_path so no test touches real files."""
    data = tmp_path / "data"
    config = tmp_path / "config"
    monkeypatch.setenv(paths.DATA_ENV, str(data))
    monkeypatch.setenv(paths.CONFIG_ENV, str(config))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    paths.set_data_dir(None)
    # No test plays a real sound: the tone tests put a fake player on PATH themselves.
    monkeypatch.setattr("backtimer.tones.find_player", lambda *a, **k: None)
    yield tmp_path
    paths.set_data_dir(None)
