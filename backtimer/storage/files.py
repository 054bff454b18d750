"""Writing the app's own files so a crash never leaves half of one, and reading any file
so that a FIFO, a device or a huge file can never block or exhaust memory (pure)."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

import tomli_w


def write_toml_atomic(path: Path, data: Mapping[str, Any]) -> None:
    """Write TOML so that a crash leaves either the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = tomli_w.dumps(dict(data)).encode()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a new or renamed directory entry durable; not every platform can."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# Reading ---------------------------------------------------------------------------

MAX_SETTINGS_BYTES = 1_000_000  # config.toml, state.toml, progress.toml, a journal: a few kB
MAX_HISTORY_BYTES = 256_000_000  # 10,000 sessions take ~16 MB: room for centuries


class NotRegularFile(OSError):
    """A FIFO, device, socket or folder where a file was expected: never opened for reading."""

    def __init__(self, path: Path, kind: str) -> None:
        self.message = f"it is {kind}" if kind == "a folder" else f"it is {kind}, not a file"
        super().__init__(self.message)  # no filename: every reader names the file itself
        self.path = path
        self.kind = kind

    def __str__(self) -> str:
        return self.message


class FileTooLarge(OSError):
    """A file over the size cap for what it should hold: not read, so memory stays bounded."""

    def __init__(self, path: Path, size: int, limit: int) -> None:
        self.message = f"it is too large ({_size_text(size)}; at most {_size_text(limit)} is read)"
        super().__init__(self.message)
        self.path = path
        self.size = size
        self.limit = limit

    def __str__(self) -> str:
        return self.message


def _size_text(size: int) -> str:
    return f"{size // 1_000_000} MB" if size >= 10_000_000 else f"{size // 1000} kB"


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words: `a folder`, `a named pipe (FIFO)`, ..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: Path) -> BinaryIO:
    """`path` opened for reading in binary, only if it is a regular file; never blocks.

    A FIFO would wait for a writer and a device may never end, so the type is checked
    before opening (a device is never opened) and again on the open file (the name
    may point elsewhere in between). Raises FileNotFoundError, NotRegularFile or OSError.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(path, file_kind(mode))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, file_kind(mode))
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_capped(path: Path, limit: int) -> bytes:
    """The bytes of the regular file `path` (see `open_regular`), at most `limit` of them.

    Raises FileNotFoundError, NotRegularFile, FileTooLarge or another OSError.
    """
    with open_regular(path) as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > limit:
            raise FileTooLarge(path, size, limit)
        data = handle.read(limit + 1)  # one byte more tells a file that grew past the cap
    if len(data) > limit:
        raise FileTooLarge(path, len(data), limit)
    return data


def read_capped_text(path: Path, limit: int = MAX_SETTINGS_BYTES) -> str:
    """`read_capped` decoded as UTF-8, a byte-order mark at the start accepted.

    Raises what `read_capped` raises, or UnicodeDecodeError.
    """
    return read_capped(path, limit).decode("utf-8-sig")
