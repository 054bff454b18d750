"""Sessions left behind by a crash are appended before anything else runs.

CONTRACT: `recover_interrupted() -> list[str]` appends every journal in the data dir
whose lock is not held (its process is gone) to history.toml with status
`interrupted` (or the final status it had when its save failed), removes the
journal once saved, and returns one message per session recovered or still stuck.
Before the journals, sessions kept outside the data folder for this data dir
(`history.fallback`) are saved the same way, and an older journal of the same
session is dropped with them. Lock files without a journal that no live process
holds (a session killed before its first set) are removed.
Called by `backtimer.__main__.main` before any command. Never raises.

It runs before every command, so with no journal it only lists one folder: the
TOML writer and the history file are not touched unless there is work to do.
"""

from __future__ import annotations

import contextlib
import os
from datetime import datetime
from pathlib import Path

from backtimer.core.records import SessionRecord
from backtimer.storage import paths

JOURNAL_DIR = "journal"  # same as backtimer.storage.history.journal.JOURNAL_DIR, kept light here


def recover_interrupted(data_dir: Path | None = None) -> list[str]:
    try:
        data_dir = data_dir or paths.data_dir()
        directory = data_dir / JOURNAL_DIR
    except Exception as exc:  # noqa: BLE001 - must never stop a command from running
        return [f"could not look for interrupted sessions: {exc}"]
    # Sessions kept outside the data folder first: each holds the whole session, which
    # supersedes a journal of the same session left from before its save failed.
    messages = _recover_fallbacks(data_dir)
    try:
        names = sorted(os.listdir(directory))
    except OSError:  # no journal folder: nothing was ever left behind
        return messages
    except Exception as exc:  # noqa: BLE001 - must never stop a command from running
        return [*messages, f"could not look for interrupted sessions: {exc}"]
    journals = [n for n in names if n.endswith(".toml") and not n.startswith(".")]
    for name in journals:
        try:
            message = _recover_one(directory / name)
        except Exception as exc:  # noqa: BLE001 - one bad journal must not stop the others
            message = f"could not recover the session in {directory / name}: {exc}"
        if message:
            messages.append(message)
    _remove_stale_locks(directory, names)
    return messages


def _remove_stale_locks(directory: Path, names: list[str]) -> None:
    """Lock files without a journal (a session killed before its first set) that no
    live process holds; a live session's lock cannot be taken and stays."""
    stems = {n[: -len(".toml")] for n in names if n.endswith(".toml")}
    stale = [n for n in names if n.endswith(".lock") and n[: -len(".lock")] not in stems]
    if not stale:
        return
    from backtimer.storage.history.journal import JournalLock

    for name in stale:
        lock = JournalLock(directory / name)
        try:
            if lock.acquire():
                lock.release(remove=True)
        except OSError:
            continue  # a folder that cannot be changed: the file stays, harmlessly


def _recover_fallbacks(data_dir: Path) -> list[str]:
    from backtimer.storage.history.fallback import fallbacks_for

    messages: list[str] = []
    for path in fallbacks_for(data_dir):
        try:
            message = _recover_fallback(path, data_dir)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the others
            message = f"could not recover the session kept in {path}: {exc}"
        if message:
            messages.append(message)
    return messages


def _recover_fallback(path: Path, data_dir: Path) -> str | None:
    """Save a session kept outside the data folder; drop it and any older journal of it."""
    from backtimer.storage.history import store
    from backtimer.storage.history.journal import (
        JournalError,
        JournalLock,
        journal_path,
        lock_path,
        read_journal,
        remove_journal,
    )

    try:
        journal = read_journal(path)
    except (OSError, JournalError) as exc:
        why = store.describe_error(exc) if isinstance(exc, OSError) else str(exc)
        return f"could not read the session kept in {path}: {why}; it is left as it is"
    session = journal.session
    if not journal.final:  # a journal copy of a session that never ended
        session["status"] = "interrupted"
    placed = _placeable(session, path, start=not journal.saved)
    history = data_dir / "history.toml"
    older = journal_path(session["id"], data_dir)
    lock = JournalLock(lock_path(older))
    try:
        if not lock.acquire():
            return None  # its session is still open in another window
        if not path.exists():  # another start saved it while we waited
            return None
        if journal.saved:  # only a rating or note was left to add
            store.append_amend(session["id"], journal.amend, history)
        else:
            store.append_session({**session, **journal.amend}, history)
        path.unlink(missing_ok=True)
        remove_journal(older)  # the journal from before the failed save is out of date
        lock.release(remove=True)
    except (OSError, TypeError, ValueError) as exc:
        return (f"could not save {_describe(session)} to {history}: "
                f"{store.describe_error(exc, session)}; it stays in {path} and is tried "
                "again next time")
    finally:
        lock.release()
    what = f"the rating or note for {_describe(session)}" if journal.saved else _describe(session)
    return f"saved {what} to {history}{placed} (it was kept in {path})"


def _recover_one(path: Path) -> str | None:
    from backtimer.storage.history import store
    from backtimer.storage.history.journal import (
        JournalError,
        JournalLock,
        lock_path,
        read_journal,
        remove_journal,
        write_journal,
    )

    lock = JournalLock(lock_path(path))
    try:
        if not lock.acquire():
            return None  # a session still running in another window
    except OSError as exc:
        return f"could not check the session journal {path}: {store.describe_error(exc)}"
    try:
        if not path.exists():  # another process saved it while we waited
            lock.release(remove=True)
            return None
        try:
            journal = read_journal(path)
        except (OSError, JournalError) as exc:
            why = store.describe_error(exc) if isinstance(exc, OSError) else str(exc)
            return f"could not read the session journal {path}: {why}; it is left as it is"
        history = path.parent.parent / "history.toml"
        session = journal.session
        if not journal.final:
            session["status"] = "interrupted"
        placed = _placeable(session, path, start=not journal.saved)
        try:
            if journal.saved:
                store.append_amend(session["id"], journal.amend, history)
            else:
                # The store refuses a block the reader would skip, so a journal is only
                # removed once its session reads back.
                store.append_session({**session, **journal.amend}, history)
        except (OSError, TypeError, ValueError) as exc:
            journal.problem = store.describe_error(exc, session)
            # If this fails the old journal is still there; the message says so either way.
            with contextlib.suppress(OSError, TypeError, ValueError):
                write_journal(path, journal)
            return (
                f"could not save {_describe(session)} to {history}: {journal.problem}; "
                f"it stays in {path} and is tried again next time"
            )
        remove_journal(path)
        lock.release(remove=True)
        if journal.saved:
            return f"saved the rating or note for {_describe(session)} to {history}"
        return f"saved {_describe(session)} to {history}{placed}"
    finally:
        lock.release()


def _placeable(session: SessionRecord, path: Path, *, start: bool) -> str:
    """Give a journal's session the id (and, with `start`, the start time) the reader
    needs; say what was filled in.

    A journal is written by backtimer, so both are normally there; a hand-edited or
    damaged one still keeps its sets rather than being saved where no reader finds it.
    """
    from backtimer.storage.history.reader import unreadable_reason

    if not isinstance(session.get("id"), str) or not session["id"]:
        session["id"] = path.stem  # the journal is named after its session's id
    probe = {"id": session["id"], "started": session.get("started")}
    if not start or unreadable_reason(probe) is None:
        return ""
    try:
        mtime = datetime.fromtimestamp(path.stat().st_mtime).astimezone().replace(microsecond=0)
    except (OSError, ValueError, OverflowError):
        return ""  # the store refuses it and the journal stays
    found = session.get("started")
    if found is not None:
        session["started_found"] = str(found)  # what it held, kept for the person to see
    session["started"] = mtime
    return " (its start time was missing or unusable; the journal's last change is used)"


def _describe(session: SessionRecord) -> str:
    """`the interrupted session of Core stability from 2026-11-23 18:04 (5 of 9 sets)`."""
    status = session.get("status")
    name = session.get("routine") or session.get("routine_file") or "a routine"
    text = f"the {status} session of {name}" if isinstance(status, str) else f"a session of {name}"
    started = session.get("started")
    if isinstance(started, datetime):
        with contextlib.suppress(ValueError, OverflowError):
            text += f" from {started.astimezone():%Y-%m-%d %H:%M}"
    if isinstance(session.get("sets"), list):
        from backtimer.core.stats import session_totals

        totals = session_totals(session)
        text += f" ({totals.sets_done} of {totals.sets_planned} sets)"
    return text
