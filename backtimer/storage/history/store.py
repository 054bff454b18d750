"""Appending to history.toml: one block per write, under a lock, never rewriting.

Each session is a `[[session]]` block and each later rating or note an `[[amend]]`
block. A block is serialised before the file is opened, so a value TOML cannot hold
leaves the file exactly as it was. The write itself happens with the file opened
for appending, under an exclusive `flock`, and is fsynced before the lock is let go,
so two windows finishing at once both keep their sessions. The cost of one append
does not depend on the size of the file: nothing before its last byte is read.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from backtimer.core.records import AmendChanges, SessionRecord
from backtimer.storage import paths
from backtimer.storage.files import fsync_dir

try:  # POSIX; elsewhere appends go unlocked
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]


class UnreadableSession(ValueError):
    """A session the reader would skip (no usable start time): never appended."""


def session_block(record: SessionRecord) -> bytes:
    """A `[[session]]` block; raises TypeError/ValueError for values TOML cannot hold,
    and UnreadableSession for a session the reader would not read back."""
    from backtimer.storage.history.reader import unreadable_reason

    block, parsed = _serialise("session", record)
    # The same check the reader makes, on what the file will hold: saved means readable.
    reason = unreadable_reason(parsed)
    if reason is not None:
        raise UnreadableSession(reason)
    return block


def amend_block(session_id: str, changes: AmendChanges) -> bytes:
    """An `[[amend]]` block: the session's id and the keys that change."""
    return table_block("amend", {"id": session_id, **changes})


def table_block(kind: str, table: Mapping[str, Any]) -> bytes:
    """`table` as one `[[kind]]` array-of-tables block, checked to read back as exactly that.

    tomli-w writes a small table as an inline `kind = [{...}]` array, which a second
    block of the same kind would clash with; so the table is written on its own and
    put under a `[[kind]]` header. In tomli-w's output (no multi-line strings, array
    items indented) a line that begins with `[` is always a table header.
    """
    return _serialise(kind, table)[0]


def _serialise(kind: str, table: Mapping[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """The block, and the table it reads back as."""
    lines = [f"[[{kind}]]\n"]
    for line in tomli_w.dumps(dict(table)).splitlines(keepends=True):
        if line.startswith("[["):
            line = f"[[{kind}.{line[2:]}"
        elif line.startswith("["):
            line = f"[{kind}.{line[1:]}"
        lines.append(line)
    text = "".join(lines)
    parsed = tomllib.loads(text)  # cheap for one block; guards the file against a bad one
    if list(parsed) != [kind] or len(parsed[kind]) != 1:
        raise ValueError(f"the {kind} did not serialise as one [[{kind}]] block")
    return text.encode("utf-8"), parsed[kind][0]


def append_session(record: SessionRecord, path: Path | None = None) -> Path:
    """Append one session; raises OSError, TypeError or ValueError and then changes nothing."""
    block = session_block(record)
    target = path or paths.history_file()
    append_block(target, block)
    return target


def append_amend(session_id: str, changes: AmendChanges, path: Path | None = None) -> Path:
    """Append one amend block for `session_id`; same guarantees as `append_session`."""
    block = amend_block(session_id, changes)
    target = path or paths.history_file()
    append_block(target, block)
    return target


def append_block(path: Path, block: bytes) -> None:
    """Append `block` (already serialised) as its own lines, durably and atomically enough.

    On a failed write the bytes this call added are cut off again, so the file is
    back to exactly what it held before; nothing that was there is ever touched.
    """
    created = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Non-blocking, so a FIFO in its place fails at once instead of waiting for a reader;
    # it changes nothing for a regular file.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0),
                 0o644)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            # /dev/null or a device would swallow the session and report it saved.
            raise OSError(errno.EINVAL, "it is not a regular file", str(path))
        _lock(fd)
        size = os.fstat(fd).st_size
        try:
            _write_all(fd, _separator(fd, size) + block)
            os.fsync(fd)
        except BaseException:
            _undo(fd, size)
            raise
    finally:
        os.close(fd)  # closing releases the lock
    if created:
        fsync_dir(path.parent)


def _lock(fd: int) -> None:
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX)


def _separator(fd: int, size: int) -> bytes:
    """A blank line between blocks; a torn last line is ended first so nothing glues to it."""
    if size == 0:
        return b""
    try:
        last = os.pread(fd, 1, size - 1)
    except (OSError, AttributeError):  # no pread (Windows) or not readable: assume the worst
        last = b""
    return b"\n" if last == b"\n" else b"\n\n"


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # pragma: no cover - os.write raises instead on POSIX
            raise OSError(errno.EIO, "nothing was written")
        view = view[written:]


def _undo(fd: int, size: int) -> None:
    # Only the bytes past `size` are ours (we hold the lock); removing them restores
    # the file byte for byte after a partial write (disk full, file size limit).
    try:
        if os.fstat(fd).st_size > size:
            os.ftruncate(fd, size)
            os.fsync(fd)
    except OSError:
        pass


# Saying why a save failed ----------------------------------------------------

_ERRNO_WORDS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file has reached the size this system allows",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "it is a directory, not a file",
    errno.ENOTDIR: "a part of its path is a file, not a directory",
    errno.EIO: "the disk reported an input/output error",
    errno.ENXIO: "it is not a regular file",  # a FIFO nobody reads
}


def describe_error(exc: BaseException, record: object = None) -> str:
    """One short phrase for a failed save: the OS reason, or the value TOML cannot hold."""
    if isinstance(exc, OSError):
        words = _ERRNO_WORDS.get(exc.errno or 0) or exc.strerror or str(exc)
        where = exc.filename
        return f"{words} ({where})" if where else words
    if isinstance(exc, UnreadableSession):
        return str(exc)
    if isinstance(exc, TypeError | ValueError):
        found = find_unstorable(record) if record is not None else None
        if found:
            return f"`{found[0]}` holds {found[1]}, which a TOML file cannot store"
        return f"a value cannot be stored in TOML ({exc})"
    return str(exc) or type(exc).__name__


def find_unstorable(value: object, where: str = "") -> tuple[str, str] | None:
    """The first value inside `value` that TOML cannot hold, as (key path, description)."""
    if value is None:
        return where or "value", "nothing (None)"
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                return f"{where}[{key!r}]" if where else repr(key), "a key that is not text"
            found = find_unstorable(item, f"{where}.{key}" if where else key)
            if found:
                return found
        return None
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = find_unstorable(item, f"{where}[{index}]")
            if found:
                return found
        return None
    if isinstance(value, str | bool | int | float):
        return None
    from datetime import date, datetime, time
    from decimal import Decimal

    if isinstance(value, datetime | date | Decimal):
        return None
    if isinstance(value, time):
        return None if value.tzinfo is None else (where, "a time of day with an offset")
    return where or "value", f"a {type(value).__name__}"
