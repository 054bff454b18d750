"""Journals left by a dead process are saved at the next start; live ones are left alone."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any, cast

import pytest

from backtimer.core.records import SessionRecord
from backtimer.core.sample import sample_session
from backtimer.storage import paths
from backtimer.storage.history.journal import (
    Journal,
    JournalLock,
    journal_path,
    lock_path,
    write_journal,
)
from backtimer.storage.history.reader import read_history
from backtimer.storage.history.recovery import recover_interrupted


def left_behind(n: int, **kwargs: object) -> Path:
    """A journal as a killed process leaves it: written, its lock file free."""
    record = sample_session(n)
    record["status"] = "completed"  # what to_record says mid-session is not to be trusted
    path = journal_path(record["id"])
    write_journal(path, Journal(record, **kwargs))  # type: ignore[arg-type]
    lock_path(path).touch()
    return path


def test_nothing_to_do_is_quick_and_light() -> None:
    """With no journal, recovery lists one folder and never loads the TOML writer."""
    code = (
        "import sys; from backtimer.storage.history.recovery import recover_interrupted; "
        "assert recover_interrupted() == []; print(sorted(m for m in sys.modules "
        "if m.startswith(('tomli_w', 'backtimer.storage.history.store', 'textual'))))"
    )
    (paths.data_dir() / "journal").mkdir(parents=True)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def test_a_dead_session_is_saved_as_interrupted() -> None:
    """Its status becomes interrupted, its sets are kept, journal and lock file are removed."""
    path = left_behind(0)
    (message,) = recover_interrupted()
    assert message.startswith("saved the interrupted session of Core stability from ")
    assert "(10 of 10 sets)" in message
    (session,) = read_history().sessions
    assert session["status"] == "interrupted" and session["sets"] == sample_session(0)["sets"]
    assert not path.exists() and not lock_path(path).exists()
    assert recover_interrupted() == []


def test_a_final_status_from_a_failed_save_is_kept() -> None:
    """A journal marked final keeps the status the session ended with."""
    left_behind(0, final=True, problem="the disk is full")
    recover_interrupted()
    assert read_history().sessions[0]["status"] == "completed"


def test_a_pending_amend_is_appended_on_its_own() -> None:
    """A journal of a saved session with a rating still to add appends only the amend."""
    left_behind(0, final=True, saved=True, amend={"rating": 2})
    (message,) = recover_interrupted()
    assert "rating or note" in message
    doc = tomllib.loads(paths.history_file().read_text())
    assert doc == {"amend": [{"id": sample_session(0)["id"], "rating": 2}]}


def test_a_locked_journal_belongs_to_a_live_session() -> None:
    """A journal whose lock is held is not touched, even by the same process."""
    path = left_behind(0)
    lock = JournalLock(lock_path(path))
    assert lock.acquire()
    assert recover_interrupted() == []
    assert path.exists() and not paths.history_file().exists()
    lock.release()
    assert len(recover_interrupted()) == 1


def test_an_unreadable_journal_is_reported_and_left_alone() -> None:
    """A damaged journal yields a message naming it; its bytes stay, other journals go on."""
    bad = journal_path("broken")
    bad.parent.mkdir(parents=True)
    bad.write_bytes(b"session = {\x00")
    left_behind(1)
    messages = recover_interrupted()
    assert len(messages) == 2
    assert any(str(bad) in m and "left as it is" in m for m in messages)
    assert bad.read_bytes() == b"session = {\x00"
    assert len(read_history().sessions) == 1


def test_temp_files_are_not_journals() -> None:
    """A temp file left by a crash mid-write is not read as a session."""
    folder = paths.data_dir() / "journal"
    folder.mkdir(parents=True)
    (folder / ".x.toml.abc.tmp").write_text("junk")
    (folder / ".hidden.toml").write_text("junk")
    assert recover_interrupted() == []


def write_raw_journal(name: str, session: dict[str, object]) -> Path:
    """A journal as a hand edit or a damaged disk might leave it, its lock file free."""
    path = paths.data_dir() / "journal" / f"{name}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_journal(path, Journal(cast(SessionRecord, session)))
    lock_path(path).touch()
    return path


@pytest.mark.parametrize("started", [None, "never", datetime(9999, 12, 31, 23, 59)])
def test_a_journal_without_a_usable_start_keeps_its_sets(started: object) -> None:
    """The journal's time stands in for the start, so the session reads back, sets and all."""
    record = {k: v for k, v in sample_session(0).items() if k not in ("started", "id")}
    if started is not None:
        record["started"] = started
    path = write_raw_journal("lost-start", record)
    when = datetime.fromtimestamp(path.stat().st_mtime).astimezone()
    (message,) = recover_interrupted()
    assert "the journal's last change is used" in message
    result = read_history()
    (session,) = result.sessions
    assert result.problems == [] and not path.exists()
    assert session["id"] == "lost-start" and session["sets"] == sample_session(0)["sets"]
    assert abs((session["started"] - when).total_seconds()) < 1
    if started is not None:
        assert session["started_found"] == str(started)


def test_a_journal_that_would_not_read_back_is_kept() -> None:
    """A session the reader would skip is never appended, and its journal is never deleted."""
    record: dict[str, Any] = dict(sample_session(0))
    record["sets"][1]["started"] = "2026-01-01T00:00:00+00:00"  # looks like another session
    path = write_raw_journal("odd", record)
    (message,) = recover_interrupted()
    assert f"it stays in {path}" in message
    assert path.exists() and not paths.history_file().exists()
