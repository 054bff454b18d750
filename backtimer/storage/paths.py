"""Where backtimer keeps its files. No I/O happens at import time.

The environment overrides come first so tests and people who move their data
can point everything elsewhere; then platformdirs.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "backtimer"
DATA_ENV = "BACKTIMER_DATA_DIR"
CONFIG_ENV = "BACKTIMER_CONFIG_DIR"

_data_override: Path | None = None


def set_data_dir(path: str | Path | None) -> None:
    """The `--data-dir` option: wins over the environment for this process."""
    global _data_override
    _data_override = Path(path).expanduser() if path is not None else None


def data_dir() -> Path:
    if _data_override is not None:
        return _data_override
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def user_routines_dir() -> Path:
    return config_dir() / "routines"


def config_file() -> Path:
    return config_dir() / "config.toml"


def history_file() -> Path:
    return data_dir() / "history.toml"


def progress_file() -> Path:
    return data_dir() / "progress.toml"


def bundled_routines_dir() -> Path:
    """Routines inside the installed package, or `routines/` beside it in a checkout."""
    here = Path(__file__).resolve().parent.parent  # the backtimer package
    packaged = here / "routines"
    if packaged.is_dir():
        return packaged
    return here.parent / "routines"
