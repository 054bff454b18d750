"""Saving one live session so that nothing is ever lost.

CONTRACT (used by the session screen; implemented by the history package):

    recorder = SessionRecorder(session_id)          # data dir from backtimer.storage.paths
    recorder.start()                                # create + lock this session's journal
    recorder.checkpoint(session.to_record())        # after every finished step (atomic write)
    outcome = recorder.finish(session.to_record())  # append to history.toml, drop the journal
    outcome = recorder.amend(rating=2, notes="...") # later rating/note: [[amend]] block
    recorder.close()                                # release the journal lock

`finish` and `amend` never raise for I/O or encoding trouble: a failed save keeps
the session in its journal (retried at the next start) and says so in the outcome.
`checkpoint` never raises either; a failure is kept in `recorder.warning`.
After a failed `finish`, calling `finish` again retries the save.

Order of events in `finish`: the journal is first rewritten with the final status,
then the block is appended, then the journal is removed. A crash at any point
leaves either the journal (saved at the next start, and read once if it was also
appended) or nothing left to do.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import NamedTuple, Protocol, Unpack

from backtimer.core.records import AmendChanges, SessionRecord
from backtimer.storage import paths
from backtimer.storage.history.journal import (
    Journal,
    JournalLock,
    journal_path,
    lock_path,
    remove_journal,
    write_journal,
)

_FAILURES = (OSError, TypeError, ValueError)


class SaveOutcome(NamedTuple):  # a NamedTuple: built at every start (see core/routine.py)
    saved: bool  # True: in history.toml
    path: Path  # history.toml when saved, else the journal that still holds it
    message: str  # one line for the person: "Saved to …" or why not and where it is kept


class SessionRecorder:
    def __init__(self, session_id: str, data_dir: Path | None = None) -> None:
        self.session_id = session_id
        self.data_dir = data_dir or paths.data_dir()
        self.history_path = self.data_dir / "history.toml"
        self.journal_path = journal_path(session_id, self.data_dir)
        self.warning: str | None = None
        self._lock = JournalLock(lock_path(self.journal_path))
        self._record: SessionRecord | None = None
        self._finished = False
        self._saved = False
        self._pending_amend: AmendChanges = {}
        self._problem = ""  # why the last save failed
        self._early: AmendChanges = {}  # amends made before the session was saved
        self._elsewhere: Path | None = None  # a journal copy outside the data folder

    @property
    def problem(self) -> str:
        """Why the last save failed, in a few words; empty when none did."""
        return self._problem

    @property
    def saved(self) -> bool:
        """True once the session (and any amend) is in history.toml."""
        return self._saved and not self._pending_amend

    def start(self) -> None:
        """Take this session's journal lock, so no other process saves it while it runs."""
        try:
            if not self._lock.acquire():
                self.warning = (
                    f"Another backtimer window holds the journal {self.journal_path}; "
                    "this session is saved when it ends but not kept on the way."
                )
        except OSError as exc:
            self.warning = self._journal_trouble(exc)

    def checkpoint(self, record: SessionRecord) -> None:
        """Keep the session as it stands now in its journal (after each finished step)."""
        if self._finished:
            return
        self._record = record.copy()
        self._write_journal(Journal(self._record))

    def finish(self, record: SessionRecord) -> SaveOutcome:
        """Append the session to history.toml, or keep it in its journal and say why."""
        from backtimer.storage.history import store

        if self._saved:  # a second call must not append the session twice
            return SaveOutcome(True, self.history_path, f"Saved to {self.history_path}.")
        # A rating given after a failed save stays with the session on a retry.
        self._record = {**record, **self._early}
        self._finished = True
        # The final status goes to the journal first: a crash during the append must
        # not turn a completed session into an interrupted one at the next start.
        self._write_journal(Journal(self._record, final=True))
        try:
            store.append_session(self._record, self.history_path)
        except _FAILURES as exc:
            self._problem = store.describe_error(exc, self._record)
            journal = Journal(self._record, final=True, problem=self._problem)
            return self._kept(journal, self._problem)
        self._saved = True
        self._problem = ""
        self._drop_journal()
        self._drop_elsewhere()
        self.warning = None  # whatever the journal went through, the session is safe
        return SaveOutcome(True, self.history_path, f"Saved to {self.history_path}.")

    def amend(self, **changes: Unpack[AmendChanges]) -> SaveOutcome:
        """Add a rating or note after the session ended: an `[[amend]]` block, never a rewrite."""
        from backtimer.storage.history import store

        if not self._finished or not self._saved:
            # Not in history.toml yet: the change travels with the session in its journal.
            self._early.update(changes)
            self._record = {**(self._record or {"id": self.session_id}), **changes}
            journal = Journal(self._record, final=self._finished, problem=self._problem)
            if self._write_journal(journal):
                return SaveOutcome(
                    False, self.journal_path,
                    f"Kept with the session in {self.journal_path}; it is saved to "
                    f"{self.history_path} at the next start.",
                )
            return SaveOutcome(False, self.journal_path, self.warning or "Not saved.")
        # Earlier changes that failed to save go out first in the same block, so the
        # newer values win and nothing is written twice.
        merged: AmendChanges = {**self._pending_amend, **changes}
        try:
            store.append_amend(self.session_id, merged, self.history_path)
        except _FAILURES as exc:
            self._pending_amend = merged
            why = store.describe_error(exc, merged)
            journal = Journal(self._record or {"id": self.session_id}, final=True, saved=True,
                              problem=why, amend=merged)
            return self._kept(journal, why)
        self._pending_amend = {}
        self._drop_journal()
        self._drop_elsewhere()
        return SaveOutcome(True, self.history_path, f"Saved to {self.history_path}.")

    def close(self) -> None:
        """Release the journal lock; a journal still on disk is saved at the next start."""
        self._lock.release(remove=not self.journal_path.exists())

    def __enter__(self) -> SessionRecorder:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---- internals -------------------------------------------------------
    def _write_journal(self, journal: Journal) -> bool:
        try:
            if not self._lock.held:
                # Without the lock another process could take this live journal for
                # a dead one; `start` normally took it already.
                self._lock.acquire()
            write_journal(self.journal_path, journal)
        except _FAILURES as exc:
            self.warning = self._journal_trouble(exc)
            self._write_elsewhere(journal)
            return False
        self.warning = None
        self._drop_elsewhere()
        return True

    def _write_elsewhere(self, journal: Journal) -> None:
        """The journal cannot be written: keep it outside the data folder instead, so a
        crash still leaves the session as it stood (saved by the next start)."""
        from backtimer.storage.history.fallback import write_copy

        self._elsewhere = write_copy(journal, self.data_dir) or self._elsewhere

    def _drop_elsewhere(self) -> None:
        """The journal (or history.toml) holds the session again: the copy outside goes."""
        if self._elsewhere is not None:
            with contextlib.suppress(OSError):
                self._elsewhere.unlink(missing_ok=True)
            self._elsewhere = None

    def _kept(self, journal: Journal, why: str) -> SaveOutcome:
        """The outcome of a failed append: the journal holds the session, or says it cannot."""
        if self._write_journal(journal):
            return SaveOutcome(
                False, self.journal_path,
                f"Could not save to {self.history_path}: {why}. The session is kept in "
                f"{self.journal_path} and saved at the next start.",
            )
        if self._elsewhere is not None:
            return SaveOutcome(
                False, self._elsewhere,
                f"Could not save to {self.history_path}: {why}. {self.warning} "
                f"The session is kept in {self._elsewhere} and saved at the next start; "
                "or free some space or fix the folder, then try again.",
            )
        return SaveOutcome(
            False, self.journal_path,
            f"Could not save to {self.history_path}: {why}. {self.warning} "
            "Keep this window open and free some space or fix the folder, then try again.",
        )

    def _journal_trouble(self, exc: BaseException) -> str:
        from backtimer.storage.history.store import describe_error

        return f"Could not write the session journal {self.journal_path}: {describe_error(exc)}."

    def _drop_journal(self) -> None:
        # Failing is harmless: at the next start the journal is appended again and
        # the reader keeps one session per id.
        with contextlib.suppress(OSError):
            remove_journal(self.journal_path)
        if not self.journal_path.exists():
            # Nothing left to guard; a later failed amend takes the lock again.
            self._lock.release(remove=True)


class Recorder(Protocol):
    """What a live session needs from SessionRecorder (tests pass a fake)."""

    warning: str | None

    def start(self) -> None: ...
    def checkpoint(self, record: SessionRecord) -> None: ...
    def finish(self, record: SessionRecord) -> SaveOutcome: ...
    def amend(self, **changes: Unpack[AmendChanges]) -> SaveOutcome: ...
    def close(self) -> None: ...


RecorderFactory = Callable[[str], Recorder]


class UnsavedRecorder:
    """Stands in when the history store cannot be opened: the session still runs."""

    def __init__(self, reason: str) -> None:
        self.warning: str | None = reason
        self.reason = reason

    def start(self) -> None:
        return None

    def checkpoint(self, record: SessionRecord) -> None:
        return None

    def finish(self, record: SessionRecord) -> SaveOutcome:
        return SaveOutcome(False, paths.history_file(), f"Not saved: {self.reason}")

    def amend(self, **changes: Unpack[AmendChanges]) -> SaveOutcome:
        return self.finish({})

    def close(self) -> None:
        return None


def default_recorder(session_id: str) -> Recorder:
    try:
        return SessionRecorder(session_id)
    except OSError as exc:  # the workout still runs; the summary says it was not saved
        return UnsavedRecorder(f"the data folder could not be used ({exc}).")
