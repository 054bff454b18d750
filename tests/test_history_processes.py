"""Real processes: concurrent saves, a killed session, a failing disk, a damaged file."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import IO

import pytest

from backtimer.core.sample import sample_session
from backtimer.storage import paths
from backtimer.storage.history.journal import read_journal
from backtimer.storage.history.reader import read_history
from backtimer.storage.history.store import append_session

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks and signals")

WORKER = """
import sys
from backtimer.storage.history.recorder import SessionRecorder
from backtimer.core.sample import sample_session

worker, count = int(sys.argv[1]), int(sys.argv[2])
sys.stdin.readline()  # start together
for i in range(count):
    record = sample_session(i)
    record["id"] = f"w{worker}-{i}"
    with SessionRecorder(record["id"]) as recorder:
        recorder.checkpoint(record)
        outcome = recorder.finish(record)
        assert outcome.saved, outcome.message
        if i % 4 == 0:
            assert recorder.amend(rating=2, notes=f"from {worker}").saved
"""

LIVE = """
import sys
from backtimer.storage.history.recorder import SessionRecorder
from backtimer.core.sample import sample_session

record = sample_session(int(sys.argv[1]))
record["id"] = sys.argv[2]
recorder = SessionRecorder(record["id"])
recorder.start()
recorder.checkpoint({**record, "status": "completed", "sets": record["sets"][:4]})
print("ready", flush=True)
sys.stdin.read()  # a session in progress until told otherwise (or killed)
"""

LIMITED = """
import json, resource, signal, sys
from backtimer.storage.history.recorder import SessionRecorder
from backtimer.core.sample import sample_session

limit = int(sys.argv[1])
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
record = sample_session(5)
with SessionRecorder(record["id"]) as recorder:
    recorder.checkpoint(record)
    outcome = recorder.finish(record)
print(json.dumps({"saved": outcome.saved, "path": str(outcome.path),
                  "message": outcome.message}))
"""


def script(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    return str(path)


def backtimer(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "backtimer", *argv], capture_output=True,
                          text=True, timeout=60)


def journals() -> list[Path]:
    folder = paths.data_dir() / "journal"
    return sorted(folder.glob("*.toml")) if folder.exists() else []


def test_concurrent_saves_all_survive(tmp_path: Path) -> None:
    """Four processes saving at once: every session and amend is there, the file parses."""
    worker = script(tmp_path, "worker", WORKER)
    workers, count = 4, 15
    procs = [subprocess.Popen([sys.executable, worker, str(w), str(count)],
                              stdin=subprocess.PIPE, text=True) for w in range(workers)]
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    doc = tomllib.loads(paths.history_file().read_text())
    assert len(doc["session"]) == workers * count
    assert len(doc["amend"]) == workers * len(range(0, count, 4))
    result = read_history()
    assert result.problems == []
    ids = {s["id"] for s in result.sessions}
    assert ids == {f"w{w}-{i}" for w in range(workers) for i in range(count)}
    rated = {s["id"]: s.get("notes") for s in result.sessions if "rating" in s}
    assert rated["w3-8"] == "from 3"
    assert journals() == []


def _start_live(tmp_path: Path, n: int, session_id: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, script(tmp_path, "live", LIVE), str(n), session_id],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    out: IO[str] | None = proc.stdout
    assert out is not None and out.readline().strip() == "ready"
    return proc


def test_killed_session_is_recovered_and_a_live_one_left_alone(tmp_path: Path) -> None:
    """SIGKILL mid-session: the next command saves it as interrupted with its sets, while a
    session still running in another process is not touched until that process is gone."""
    killed = _start_live(tmp_path, 1, "killed-one")
    live = _start_live(tmp_path, 2, "still-running")
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait(timeout=10)

    shown = backtimer("history", "--json")
    assert shown.returncode == 0
    assert "saved the interrupted session of Core stability" in shown.stderr
    (session,) = json.loads(shown.stdout)
    assert session["id"] == "killed-one" and session["status"] == "interrupted"
    assert [s["exercise"] for s in session["sets"]] == [
        s["exercise"] for s in sample_session(1)["sets"][:4]]
    assert [p.stem for p in journals()] == ["still-running"]

    assert live.stdin is not None
    live.stdin.close()  # the other window closes without saving
    assert live.wait(timeout=10) == 0
    shown = backtimer("history", "--json")
    assert [s["id"] for s in json.loads(shown.stdout)] == ["killed-one", "still-running"]
    assert journals() == []


@pytest.mark.parametrize("room", [0, 150], ids=["no-room", "part-of-a-block"])
def test_a_full_disk_keeps_the_session_and_the_file(tmp_path: Path, room: int) -> None:
    """A file size limit (as a full disk would) fails the save: the history stays byte for
    byte, the session waits in its journal, and the next start saves it as completed."""
    for n in range(4):
        append_session(sample_session(n))
    before = paths.history_file().read_bytes()
    limit = len(before) + room
    done = subprocess.run([sys.executable, script(tmp_path, "limited", LIMITED), str(limit)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    (journal,) = journals()
    assert outcome["saved"] is False and outcome["path"] == str(journal)
    assert "size this system allows" in outcome["message"] and str(journal) in outcome["message"]
    assert paths.history_file().read_bytes() == before
    assert read_journal(journal).final

    shown = backtimer("history", "--json")
    assert "saved the completed session" in shown.stderr
    sessions = json.loads(shown.stdout)
    assert len(sessions) == 5 and sessions[-1]["status"] == "completed"
    assert paths.history_file().read_bytes().startswith(before)
    assert journals() == []


def test_damaged_file_is_read_reported_and_still_appended_to(tmp_path: Path) -> None:
    """A torn last write: the command shows the intact sessions, reports the lines on stderr,
    leaves the bytes, and a new session still appends and reads back."""
    for n in range(3):
        append_session(sample_session(n))
    torn_from = len(paths.history_file().read_text().splitlines()) + 2
    with paths.history_file().open("ab") as handle:
        handle.write(b'\n[[session]]\nid = "torn"\nroutine = "Core sta')
    damaged = paths.history_file().read_bytes()

    shown = backtimer("history")
    assert shown.returncode == 0
    assert len(shown.stdout.splitlines()) == 4  # header and three sessions
    assert f"history.toml: lines {torn_from}-{torn_from + 2} could not be read" in shown.stderr
    assert paths.history_file().read_bytes() == damaged

    worker = script(tmp_path, "one",
                    "from backtimer.storage.history.recorder import SessionRecorder\n"
                    "from backtimer.core.sample import sample_session\n"
                    "r = sample_session(7)\nassert SessionRecorder(r['id']).finish(r).saved\n")
    subprocess.run([sys.executable, worker], check=True, timeout=60)
    shown = backtimer("history", "--json")
    assert [s["id"] for s in json.loads(shown.stdout)][-1] == sample_session(7)["id"]
    assert len(json.loads(shown.stdout)) == 4 and "could not be read" in shown.stderr
    assert paths.history_file().read_bytes().startswith(damaged)
