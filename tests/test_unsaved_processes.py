"""Real processes: a data folder that turns read-only mid-session, and stale lock files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from backtimer.core.sample import sample_session
from backtimer.storage.history.journal import read_journal
from backtimer.storage.history.store import append_session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes, locks, signals")

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2


# A session's first set journalled, in a child process; each script goes on from here.
FIRST_SET = """
import json, resource, signal, sys
from backtimer.storage.history.fallback import keep_unsaved
from backtimer.storage.history.recorder import SessionRecorder
from backtimer.core.sample import sample_session

record = sample_session(3)
record["status"] = "completed"
sets = record["sets"]
recorder = SessionRecorder(record["id"])
recorder.start()
recorder.checkpoint({**record, "sets": sets[:1]})
"""

UNSAVED = FIRST_SET + """
print("ready", flush=True)
sys.stdin.readline()  # the data folder is made read-only now
for done in range(2, len(sets) + 1):
    recorder.checkpoint({**record, "sets": sets[:done]})
warning = recorder.warning
outcome = recorder.finish(record)
kept = keep_unsaved(record, recorder.problem)  # what leaving the summary with y does
recorder.close()
print(json.dumps({"saved": outcome.saved, "warning": warning, "kept": str(kept.path),
                  "report": kept.report()}))
"""

KILLED = FIRST_SET + """
print("ready", flush=True)
sys.stdin.readline()  # the data folder is made read-only now
for done in range(2, len(sets) + 1):
    recorder.checkpoint({**record, "sets": sets[:done]})
print("done", flush=True)
sys.stdin.read()  # killed here, before the session ends
"""

FULL = FIRST_SET + """
size = recorder.journal_path.stat().st_size
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (size + 40, size + 40))  # the disk fills up
for done in range(2, len(sets) + 1):
    recorder.checkpoint({**record, "sets": sets[:done]})
outcome = recorder.finish(record)
kept = keep_unsaved(record, recorder.problem)
recorder.close()
print(json.dumps({"saved": outcome.saved, "kept": kept.path is not None,
                  "report": kept.report()}))
"""

STARTED = """
import sys
from backtimer.storage.history.recorder import SessionRecorder

recorder = SessionRecorder(sys.argv[1])
recorder.start()  # lock taken; killed before the first set, no journal is ever written
print("ready", flush=True)
sys.stdin.read()
recorder.close()
"""


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """The data, config and temp folders the test's processes use."""
    for name in ("data", "temp", "config"):
        (tmp_path / name).mkdir(exist_ok=True)
    yield tmp_path
    set_modes(tmp_path / "data", 0o755, 0o644)  # so that pytest can clean up


def modes_apply() -> Callable[[], None] | None:
    """As root, file modes are ignored: the child gives up that right before it starts."""
    if not ROOT:
        return None

    def drop() -> None:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")

    return drop


def env_for(base: Path) -> dict[str, str]:
    return {**os.environ, "BACKTIMER_DATA_DIR": str(base / "data"),
            "BACKTIMER_CONFIG_DIR": str(base / "config"), "TMPDIR": str(base / "temp"),
            "HOME": str(base / "temp")}


def spawn(base: Path, text: str, *argv: str) -> subprocess.Popen[str]:
    script = base / "script.py"
    script.write_text(text)
    proc = subprocess.Popen([sys.executable, str(script), *argv], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env_for(base), cwd=base,
                            preexec_fn=modes_apply())
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def backtimer(base: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "backtimer", *argv], capture_output=True,
                          text=True, timeout=60, env=env_for(base), cwd=base,
                          preexec_fn=modes_apply())


def set_modes(data: Path, folders: int, files: int) -> None:
    for path in [data, *data.rglob("*")]:
        path.chmod(folders if path.is_dir() else files)


def test_a_folder_turned_read_only_mid_session_loses_nothing(shared: Path) -> None:
    """The journal keeps its last good version, the history stays byte for byte, the
    whole session is kept outside the folder and the next start saves it as completed."""
    data = shared / "data"
    history = data / "history.toml"
    append_session(sample_session(0), history)
    proc = spawn(shared, UNSAVED)
    (journal,) = (data / "journal").glob("*.toml")
    before = history.read_bytes()
    set_modes(data, 0o555, 0o444)
    try:
        out, _ = proc.communicate("go\n", timeout=60)
    finally:
        set_modes(data, 0o755, 0o644)
    assert proc.returncode == 0
    result = json.loads(out)
    assert result["saved"] is False and "permission denied" in result["warning"].lower()
    assert history.read_bytes() == before
    assert len(read_journal(journal).session["sets"]) == 1  # the last write that worked
    kept = Path(result["kept"])
    assert kept.is_file() and kept.parent.parent == shared / "temp"
    assert "[[session]]" in result["report"] and str(history) in result["report"]

    shown = backtimer(shared, "history", "--json")
    assert shown.returncode == 0, shown.stderr
    assert "saved the completed session of Core stability" in shown.stderr
    sessions = json.loads(shown.stdout)
    assert [s["status"] for s in sessions] == ["completed", "completed"]
    assert sessions[-1]["sets"] == json.loads(json.dumps(sample_session(3)["sets"]))
    assert not kept.exists() and not journal.exists()
    assert history.read_bytes().startswith(before)
    assert len(tomllib.loads(history.read_text())["session"]) == 2


def test_a_session_killed_while_its_journal_cannot_be_written_keeps_every_set(
    shared: Path,
) -> None:
    """Journal writes that fail go to a copy outside the folder: killed before the end, the
    session comes back as interrupted with every set done, not with its last good journal's."""
    data = shared / "data"
    proc = spawn(shared, KILLED)
    (journal,) = (data / "journal").glob("*.toml")
    set_modes(data, 0o555, 0o444)
    try:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
        assert proc.stdout.readline().strip() == "done"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        set_modes(data, 0o755, 0o644)
    assert len(read_journal(journal).session["sets"]) == 1

    shown = backtimer(shared, "history", "--json")
    assert shown.returncode == 0, shown.stderr
    assert "saved the interrupted session of Core stability" in shown.stderr
    (session,) = json.loads(shown.stdout)
    assert session["status"] == "interrupted"
    assert len(session["sets"]) == len(sample_session(3)["sets"])
    assert not journal.exists() and not list((shared / "temp").rglob("*.toml"))


def test_a_full_disk_everywhere_still_prints_the_whole_session(shared: Path) -> None:
    """With no room for the journal, the history or the temp copy, the printed block holds
    every set, the history is unchanged and the journal keeps its last good version."""
    history = shared / "data" / "history.toml"
    for n in range(4):
        append_session(sample_session(n), history)
    before = history.read_bytes()
    script = shared / "full.py"
    script.write_text(FULL)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, env=env_for(shared), cwd=shared)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["saved"] is False and result["kept"] is False
    block = result["report"].split("\n\n", 1)[1]
    session = tomllib.loads(block)["session"][0]
    assert len(session["sets"]) == len(sample_session(3)["sets"])
    assert session["status"] == "completed"
    assert "append the lines below to" in result["report"]
    assert history.read_bytes() == before
    (journal,) = (shared / "data" / "journal").glob("*.toml")
    assert len(read_journal(journal).session["sets"]) == 1


def test_stale_lock_files_are_removed_and_live_ones_kept(shared: Path) -> None:
    """A session killed before its first set leaves only a lock file: the next start removes
    it, while the lock of a session still starting in another window stays."""
    killed = spawn(shared, STARTED, "killed-early")
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait(timeout=10)
    live = spawn(shared, STARTED, "still-open")
    folder = shared / "data" / "journal"
    assert sorted(p.name for p in folder.iterdir()) == ["killed-early.lock", "still-open.lock"]

    shown = backtimer(shared, "history")
    assert shown.returncode == 0, shown.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["still-open.lock"]

    assert live.stdin is not None
    live.stdin.close()
    assert live.wait(timeout=10) == 0
    assert list(folder.iterdir()) == []
