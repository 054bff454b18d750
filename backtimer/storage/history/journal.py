"""The journal of a session in progress, kept until the session is in history.toml.

`data_dir/journal/<id>.toml` holds the session as it stood after its last finished
step, replaced atomically each time (temp file, fsync, rename, fsync of the folder),
so a crash leaves the previous version or the new one, never half of one. Its
layout:

    version = 1
    final = true          # the status in [session] is the one the session ended with
    saved = false         # true: the session is in history.toml, only [amend] is pending
    problem = "..."       # why the last save failed, if one did
    [session]             # the record, as history.toml stores it
    [amend]               # a rating or note still to append (only with saved = true)

`data_dir/journal/<id>.lock` is held with `flock` for as long as the session's
window is open, so a journal whose lock can be taken belongs to a process that is
gone, and one whose lock is held belongs to a session still running elsewhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from backtimer.core.errors import short_reason
from backtimer.core.records import AmendChanges, SessionRecord
from backtimer.storage import paths
from backtimer.storage.files import MAX_SETTINGS_BYTES, read_capped, write_toml_atomic

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]

JOURNAL_DIR = "journal"
VERSION = 1
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class JournalError(Exception):
    """A journal that cannot be read back as a session."""


@dataclass
class Journal:
    session: SessionRecord
    final: bool = False
    saved: bool = False
    problem: str = ""
    amend: AmendChanges = field(default_factory=lambda: AmendChanges())


def journal_dir(data_dir: Path | None = None) -> Path:
    return (data_dir or paths.data_dir()) / JOURNAL_DIR


def file_stem(session_id: str) -> str:
    """A file name for any id: characters a file system might refuse become `_`."""
    stem = _UNSAFE.sub("_", session_id).lstrip(".")
    return stem or "session"


def journal_path(session_id: str, data_dir: Path | None = None) -> Path:
    return journal_dir(data_dir) / f"{file_stem(session_id)}.toml"


def lock_path(journal: Path) -> Path:
    return journal.with_suffix(".lock")


def is_journal_name(name: str) -> bool:
    """Journals, not the temp files an atomic write leaves behind after a crash."""
    return name.endswith(".toml") and not name.startswith(".")


def write_journal(path: Path, journal: Journal) -> None:
    """Replace the journal atomically; values TOML cannot hold are left out, never fatal."""
    data: dict[str, Any] = {"version": VERSION, "final": journal.final, "saved": journal.saved}
    if journal.problem:
        data["problem"] = journal.problem
    data["session"] = storable(journal.session)
    if journal.amend:
        data["amend"] = storable(journal.amend)
    write_toml_atomic(path, data)


def read_journal(path: Path) -> Journal:
    """The journal at `path`; raises OSError, or JournalError for one that is not usable."""
    # A FIFO or /dev/zero in its place must not block or fill memory; a journal is a few kB.
    raw = read_capped(path, MAX_SETTINGS_BYTES)
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise JournalError(f"it is not valid TOML ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - nesting too deep, a 5,000-digit number, ...
        raise JournalError(f"it is not valid TOML ({short_reason(exc)})") from exc
    session = data.get("session")
    if not isinstance(session, dict) or not session:
        raise JournalError("it holds no session")
    amend = data.get("amend")
    return Journal(
        session=cast(SessionRecord, session),
        final=data.get("final") is True,
        saved=data.get("saved") is True,
        problem=str(data.get("problem", "")),
        amend=cast(AmendChanges, amend) if isinstance(amend, dict) else {},
    )


def remove_journal(path: Path) -> None:
    """Drop a journal whose session is safe in history.toml, and its crash leftovers."""
    path.unlink(missing_ok=True)
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        leftover.unlink(missing_ok=True)


_DROP = object()


def storable(value: Any) -> Any:
    """`value` with everything TOML cannot hold made storable: None left out, odd types as text.

    A journal is the last place a session survives, so it must always be writable.
    """
    result = _storable(value)
    return {} if result is _DROP else result


def _storable(value: Any) -> Any:
    if value is None:
        return _DROP
    if isinstance(value, str | bool | int | float | datetime | date | Decimal):
        return value
    if isinstance(value, time):
        return value if value.tzinfo is None else value.isoformat()
    if isinstance(value, Mapping):
        table = {}
        for key, item in value.items():
            kept = _storable(item)
            if kept is not _DROP:
                table[str(key)] = kept
        return table
    if isinstance(value, list | tuple | set | frozenset):
        items = [_storable(item) for item in value]
        return [item for item in items if item is not _DROP]
    return str(value)


class JournalLock:
    """An exclusive `flock` on `<id>.lock`: held by a live session, free once it is gone."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another process holds it."""
        if self._fd is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(10):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    os.close(fd)
                    return False
                except OSError:
                    os.close(fd)
                    raise
            if self._still_named(fd):
                self._fd = fd
                return True
            # Removed (as stale, or after a save) between our open and our flock:
            # a lock on a file no longer there guards nothing. Open the new one.
            os.close(fd)
        return False

    def _still_named(self, fd: int) -> bool:
        try:
            named, held = os.stat(self.path), os.fstat(fd)
        except OSError:
            return False
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def release(self, *, remove: bool = False) -> None:
        """Let go; with `remove`, delete the lock file first (while still holding it)."""
        if self._fd is None:
            return
        if remove:
            with contextlib.suppress(OSError):
                self.path.unlink(missing_ok=True)
        try:
            os.close(self._fd)
        finally:
            self._fd = None
