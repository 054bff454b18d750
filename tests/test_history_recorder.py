"""A session is journaled while it runs and saved when it ends, or kept and explained."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any, cast

import pytest

from backtimer.core.clock import FakeClock
from backtimer.core.engine import Session, Status, StepEnded
from backtimer.core.records import SessionRecord
from backtimer.core.routine import Exercise, Routine
from backtimer.core.sample import sample_session
from backtimer.storage import paths
from backtimer.storage.history.journal import (
    Journal,
    JournalError,
    JournalLock,
    file_stem,
    read_journal,
    storable,
    write_journal,
)
from backtimer.storage.history.reader import read_history
from backtimer.storage.history.recorder import SessionRecorder


def history() -> Path:
    return paths.history_file()


def test_journal_round_trip_leaves_out_none(tmp_path: Path) -> None:
    """A journal always writes: None is left out, other odd values become text."""
    path = tmp_path / "j" / "x.toml"
    record: dict[str, Any] = {**sample_session(0), "notes": None, "tags": {"a", "b"} - {"b"},
                              "where": tmp_path}
    write_journal(path, Journal(cast(SessionRecord, record), final=True, problem="disk full"))
    back = read_journal(path)
    assert back.final and not back.saved and back.problem == "disk full"
    assert "notes" not in back.session
    kept: dict[str, Any] = dict(back.session)
    assert kept["tags"] == ["a"] and kept["where"] == str(tmp_path)
    assert back.session["sets"] == record["sets"]
    assert storable({"a": [None, 1, {"b": None}]}) == {"a": [1, {}]}


def test_a_journal_that_is_not_a_session_is_an_error(tmp_path: Path) -> None:
    """Junk or an empty table in a journal is a JournalError, not a crash."""
    path = tmp_path / "x.toml"
    path.write_text("session = [")
    with pytest.raises(JournalError):
        read_journal(path)
    path.write_text("version = 1\n")
    with pytest.raises(JournalError):
        read_journal(path)


def test_journal_lock_is_exclusive(tmp_path: Path) -> None:
    """A second holder cannot take a held lock; after release (and removal) it can."""
    first, second = JournalLock(tmp_path / "a.lock"), JournalLock(tmp_path / "a.lock")
    assert first.acquire()
    assert not second.acquire()
    first.release(remove=True)
    assert not (tmp_path / "a.lock").exists()
    assert second.acquire()
    second.release()


def test_odd_ids_make_safe_file_names() -> None:
    """An id with slashes or a leading dot cannot escape the journal folder or hide."""
    assert file_stem("../../etc/passwd") == "_.._etc_passwd"
    assert file_stem("20261123T180411-ab12") == "20261123T180411-ab12"
    assert file_stem("") == "session"


def test_checkpoint_finish_amend_with_a_real_session() -> None:
    """The engine's record is journaled per step, appended at the end, then amended."""
    clock = FakeClock()
    routine = Routine("Core stability", (Exercise("Plank", sets=2, hold=5),),
                      lead_in=1, source=Path("core-stability.toml"))
    session = Session(routine, clock)
    recorder = SessionRecorder(session.id)
    recorder.start()
    session.start()
    while session.status is None:
        clock.advance(0.5)
        if any(isinstance(e, StepEnded) for e in session.tick()):
            recorder.checkpoint(session.to_record())
    assert recorder.journal_path.exists()
    outcome = recorder.finish(session.to_record())
    assert outcome.saved and outcome.path == history()
    assert not recorder.journal_path.exists()
    assert recorder.amend(rating=3, notes="solid").saved
    recorder.close()
    assert list(recorder.journal_path.parent.iterdir()) == []
    (read,) = read_history().sessions
    assert read["status"] == Status.COMPLETED and read["rating"] == 3
    assert read["notes"] == "solid" and [s["done"] for s in read["sets"]] == [5.0, 5.0]


def test_journal_holds_the_latest_checkpoint() -> None:
    """After each checkpoint the journal holds that record, not yet final."""
    record = sample_session(0)
    with SessionRecorder(record["id"]) as recorder:
        recorder.checkpoint({**record, "sets": record["sets"][:3]})
        recorder.checkpoint({**record, "sets": record["sets"][:4]})
        journal = read_journal(recorder.journal_path)
    assert not journal.final and len(journal.session["sets"]) == 4
    assert not history().exists()


def test_none_in_the_record_keeps_it_in_the_journal() -> None:
    """A value TOML cannot hold: not saved, history untouched, journal holds it and says why."""
    from backtimer.storage.history.store import append_session

    append_session(sample_session(0), history())
    before = history().read_bytes()
    record = sample_session(1)
    record["sets"][1]["weight"] = cast(str, None)  # TOML cannot hold it
    recorder = SessionRecorder(record["id"])
    recorder.start()
    outcome = recorder.finish(record)
    assert not outcome.saved and outcome.path == recorder.journal_path
    assert str(recorder.journal_path) in outcome.message and "sets[1].weight" in outcome.message
    assert history().read_bytes() == before
    journal = read_journal(recorder.journal_path)
    assert journal.final and journal.session["status"] == "completed"
    assert "weight" not in journal.session["sets"][1] and "sets[1].weight" in journal.problem
    # A rating given after the failed save travels with the session in its journal.
    amended = recorder.amend(rating=2)
    assert not amended.saved and read_journal(recorder.journal_path).session["rating"] == 2
    assert history().read_bytes() == before
    # Retrying with the value fixed saves the session with the rating given meanwhile.
    record["sets"][1]["weight"] = "5 kg"
    assert recorder.finish(record).saved
    assert read_history().sessions[-1]["rating"] == 2 and not recorder.journal_path.exists()
    recorder.close()


def test_unwritable_history_keeps_the_session_and_the_next_start_saves_it() -> None:
    """history.toml as a folder fails the save; once fixed, recovery saves it as completed."""
    from backtimer.storage.history.recovery import recover_interrupted

    history().mkdir(parents=True)
    record = sample_session(0)
    recorder = SessionRecorder(record["id"])
    recorder.start()
    outcome = recorder.finish(record)
    assert not outcome.saved and "directory" in outcome.message
    assert recover_interrupted() == []  # still held by this window
    recorder.close()
    (message,) = recover_interrupted()  # the folder is still in the way
    assert "stays in" in message and recorder.journal_path.exists()
    history().rmdir()
    (message,) = recover_interrupted()
    assert message.startswith("saved the completed session of Core stability")
    (read,) = read_history().sessions
    assert read["status"] == "completed" and read["sets"] == record["sets"]
    assert not recorder.journal_path.exists()


def test_a_data_dir_that_is_a_file_never_raises(tmp_path: Path) -> None:
    """When even the journal cannot be written, every call still returns and says so."""
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    record = sample_session(0)
    recorder = SessionRecorder(record["id"], data_dir=blocked)
    recorder.start()
    recorder.checkpoint(record)
    assert recorder.warning and "journal" in recorder.warning
    outcome = recorder.finish(record)
    assert not outcome.saved
    assert "Could not save" in outcome.message and "Could not write the session journal" in (
        outcome.message)
    assert not recorder.amend(rating=1).saved
    recorder.close()
    assert blocked.read_text() == "not a folder"


def test_finish_twice_appends_once() -> None:
    """Calling finish again after a save does not write the session a second time."""
    record = sample_session(0)
    recorder = SessionRecorder(record["id"])
    assert recorder.finish(record).saved and recorder.finish(record).saved
    assert history().read_text().count("[[session]]") == 1
    assert list(recorder.journal_path.parent.iterdir()) == []  # no lock file left either


def test_failed_amend_is_kept_and_sent_with_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    """An amend that fails waits in the journal; the next one carries both, newer values win."""
    from backtimer.storage.history import store

    record = sample_session(0)
    recorder = SessionRecorder(record["id"])
    assert recorder.finish(record).saved
    real = store.append_block

    def full(path: Path, block: bytes) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "append_block", full)
    failed = recorder.amend(rating=1, notes="first")
    assert not failed.saved and "disk is full" in failed.message
    journal = read_journal(recorder.journal_path)
    assert journal.saved and journal.amend == {"rating": 1, "notes": "first"}
    monkeypatch.setattr(store, "append_block", real)
    assert recorder.amend(rating=3).saved
    assert not recorder.journal_path.exists()
    amends = tomllib.loads(history().read_text())["amend"]
    assert amends == [{"id": record["id"], "rating": 3, "notes": "first"}]
