"""The journal lock guards the file at its path, even when that file is replaced meanwhile."""

from __future__ import annotations

import fcntl
import os
import sys
from pathlib import Path
from typing import Any

import pytest

from backtimer.storage.history.journal import JournalLock

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX locks")


def test_a_lock_file_removed_between_open_and_flock_is_opened_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recovery may remove a lock file as stale just as a session opens it: the session then
    locks the new file at that path, not the removed one (which would guard nothing)."""
    path = tmp_path / "journal" / "s.lock"
    real_flock = fcntl.flock
    calls: list[int] = []

    def flock(fd: int, operation: Any) -> None:
        calls.append(fd)
        if len(calls) == 1:
            path.unlink()  # removed as stale by another process, right now
        real_flock(fd, operation)

    monkeypatch.setattr(fcntl, "flock", flock)
    lock = JournalLock(path)
    assert lock.acquire()
    assert len(calls) == 2 and path.exists()
    assert lock._fd is not None
    assert os.fstat(lock._fd).st_ino == path.stat().st_ino
    other = JournalLock(path)
    monkeypatch.setattr(fcntl, "flock", real_flock)
    assert not other.acquire()  # the lock at the path is really held
    lock.release(remove=True)
    assert not path.exists()
