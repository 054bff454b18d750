"""End to end: the installed `backtimer run` in a real terminal (tmux) saves the session."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import tomllib
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
BACKTIMER = shutil.which("backtimer")
pytestmark = pytest.mark.skipif(
    TMUX is None or BACKTIMER is None, reason="needs tmux and the installed backtimer command"
)

ROUTINE = """\
name = "Tiny e2e"
lead_in = 0
rest = 0

[[exercise]]
name = "Plank [/] [b]"
sets = 2
hold = 1
"""

POLL = 0.1  # seconds between looks at the terminal
LIMIT = 20.0  # give up after this long, so a hang fails instead of blocking the suite
# A tmux server of this run's own: parallel test workers and a user's tmux never meet it.
SOCKET = f"bt-e2e-{uuid.uuid4().hex[:8]}"


def tmux(*args: str) -> str:
    assert TMUX is not None
    done = subprocess.run([TMUX, "-L", SOCKET, *args], capture_output=True, text=True,
                          timeout=10)
    return done.stdout


def wait_for(session: str, text: str) -> str:
    """Poll the pane until `text` shows (bounded); returns the last capture."""
    deadline = time.monotonic() + LIMIT
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(POLL)
    raise AssertionError(f"{text!r} never appeared; the terminal showed:\n{screen}")


@pytest.fixture
def session_name() -> Iterator[str]:
    name = f"bt-e2e-{uuid.uuid4().hex[:8]}"
    yield name
    subprocess.run([TMUX or "tmux", "-L", SOCKET, "kill-server"], capture_output=True,
                   timeout=10)
    # A server that ended with its last session can leave its socket file behind.
    folder = Path(os.environ.get("TMUX_TMPDIR") or "/tmp") / f"tmux-{os.getuid()}"
    (folder / SOCKET).unlink(missing_ok=True)


def test_a_tiny_routine_runs_to_the_summary_and_is_saved(
    tmp_path: Path, session_name: str
) -> None:
    """Run it in tmux, wait for SESSION COMPLETE, quit with q, find it in history.toml."""
    routine = tmp_path / "tiny.toml"
    routine.write_text(ROUTINE, encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    # No 10 s walk to the mat before the first hold: the routine asks for no lead-in.
    (config / "config.toml").write_text("first_lead_in = 0\n", encoding="utf-8")
    data = tmp_path / "data"
    status = tmp_path / "status"
    env = {
        "BACKTIMER_DATA_DIR": str(data),
        "BACKTIMER_CONFIG_DIR": str(config),
        "TERM": "xterm-256color",
    }
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    command = (
        f"env {exports} {shlex.quote(BACKTIMER or 'backtimer')} run "
        f"{shlex.quote(str(routine))} --quiet; echo $? > {shlex.quote(str(status))}"
    )
    tmux("new-session", "-d", "-s", session_name, "-x", "80", "-y", "24",
         "/bin/sh", "-c", command)
    wait_for(session_name, "SESSION COMPLETE")  # the band first, on time
    screen = wait_for(session_name, "How was it?")  # then the summary under it
    assert "SESSION COMPLETE" in screen and "2 of 2 sets done" in screen
    tmux("send-keys", "-t", session_name, "2")
    wait_for(session_name, "Rated")
    tmux("send-keys", "-t", session_name, "q")
    deadline = time.monotonic() + LIMIT
    while not status.exists() and time.monotonic() < deadline:
        time.sleep(POLL)
    assert status.read_text().strip() == "0"
    history = tomllib.loads((data / "history.toml").read_text(encoding="utf-8"))
    sessions = history["session"]
    assert len(sessions) == 1
    saved = sessions[0]
    assert saved["routine"] == "Tiny e2e" and saved["status"] == "completed"
    assert [s["done"] for s in saved["sets"]] == [1.0, 1.0]
    assert saved["sets"][0]["exercise"] == "Plank [/] [b]"
