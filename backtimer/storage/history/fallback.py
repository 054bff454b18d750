"""A session that could not be saved, kept outside the data folder.

When neither history.toml nor the session's journal can be written (a read-only
or full data folder) and the person leaves anyway, the session is written to
`<system temp dir>/backtimer/<id>.toml` in the journal's layout plus the data
folder it belongs to, and its `[[session]]` block is printed once the app has
closed. The next start with that data folder saves it like a journal
(`recovery.recover_interrupted`) and removes it.

`keep_unsaved` also remembers what it kept in this process; `take_kept` hands
that to the command line, which prints it after the app closes.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from backtimer.storage import paths

if TYPE_CHECKING:
    from backtimer.core.records import SessionRecord
    from backtimer.storage.history.journal import Journal

FOLDER = "backtimer"
READ_LIMIT = 16 * 1024 * 1024  # a fallback is one session; anything bigger is not ours


class Kept(NamedTuple):  # a NamedTuple: built at every start (see core/routine.py)
    """One session kept outside the data folder, and what to tell about it."""

    session_id: str
    block: str  # the [[session]] block, as history.toml would hold it
    history: Path  # where it belongs
    path: Path | None  # the fallback file; None when even that could not be written
    why: str  # why it could not be saved

    def report(self) -> str:
        """The lines printed after the app closes: what happened, how to add it, the block."""
        head = f"backtimer: a session could not be saved to {self.history}: {self.why}"
        if self.path is not None:
            how = (f"It is kept in {self.path} and added to the history at the next start; "
                   f"to add it yourself now, append the lines below to {self.history}.")
        else:
            how = (f"It could not be kept anywhere else either; to keep it, append the lines "
                   f"below to {self.history} once the folder can be written.")
        return f"{head.rstrip('.')}.\n{how}\n\n{self.block.rstrip()}\n"


_kept: list[Kept] = []


def fallback_dir(*, create: bool = False) -> Path | None:
    """`backtimer` under the system temp dir, private to this user; None if there is none.

    A folder of that name owned by someone else (a shared /tmp) is never used: then
    `backtimer-<uid>` is.
    """
    base = Path(tempfile.gettempdir())
    names = [FOLDER, f"{FOLDER}-{os.getuid()}"] if hasattr(os, "getuid") else [FOLDER]
    for name in names:
        folder = base / name
        if create:
            with contextlib.suppress(OSError):
                folder.mkdir(mode=0o700)
        try:
            info = folder.lstat()
        except OSError:
            continue
        if stat.S_ISDIR(info.st_mode) and _ours(info):
            return folder
    return None


def _ours(info: os.stat_result) -> bool:
    return not hasattr(os, "getuid") or info.st_uid == os.getuid()


def session_text(record: SessionRecord) -> str:
    """The `[[session]]` block for `record`; values TOML cannot hold are made storable."""
    from backtimer.storage.history import store
    from backtimer.storage.history.journal import storable

    try:
        return store.session_block(record).decode("utf-8")
    except (TypeError, ValueError):
        return store.table_block("session", storable(record)).decode("utf-8")


def write_copy(journal: Journal, data_dir: Path) -> Path | None:
    """Write `journal` outside the data folder (its journal there cannot be written);
    the path, or None when that fails too. Never raises."""
    from backtimer.storage.files import write_toml_atomic
    from backtimer.storage.history.journal import VERSION, file_stem, storable

    data: dict[str, Any] = {"version": VERSION, "final": journal.final, "saved": journal.saved,
                            "data_dir": str(data_dir)}
    if journal.problem:
        data["problem"] = journal.problem
    data["session"] = storable(journal.session)
    if journal.amend:
        data["amend"] = storable(journal.amend)
    try:
        folder = fallback_dir(create=True)
        if folder is None:
            return None
        path = folder / f"{file_stem(str(journal.session.get('id') or 'session'))}.toml"
        write_toml_atomic(path, data)
    except (OSError, TypeError, ValueError):
        return None
    return path


def keep_unsaved(record: SessionRecord, why: str, data_dir: Path | None = None) -> Kept:
    """Write `record` to the fallback folder and remember it for printing; never raises."""
    from backtimer.storage.history.journal import Journal

    data_dir = data_dir or paths.data_dir()
    session_id = str(record.get("id") or "session")
    try:
        block = session_text(record)
    except Exception as exc:  # noqa: BLE001 - the file below may still work
        block = f"# the session could not be written as TOML ({exc})\n"
    journal = Journal(cast("SessionRecord", dict(record)), final=True, problem=why)
    path = write_copy(journal, data_dir)
    kept = Kept(session_id, block, data_dir / "history.toml", path, why)
    _kept[:] = [k for k in _kept if k.session_id != session_id]  # the newer copy replaces it
    _kept.append(kept)
    return kept


def discard(kept: Kept) -> None:
    """The session was saved after all: forget it and remove its fallback file."""
    with contextlib.suppress(ValueError):
        _kept.remove(kept)
    if kept.path is not None:
        with contextlib.suppress(OSError):
            kept.path.unlink(missing_ok=True)


def take_kept() -> list[Kept]:
    """What `keep_unsaved` kept in this process, once (the command line prints it)."""
    found = list(_kept)
    _kept.clear()
    return found


def fallbacks_for(data_dir: Path) -> list[Path]:
    """Fallback files that belong to `data_dir`, oldest name first; [] when there are none."""
    folder = fallback_dir()
    if folder is None:
        return []
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    found = []
    for name in names:
        if name.endswith(".toml") and not name.startswith("."):
            path = folder / name
            if _same_dir(data_dir_of(path), data_dir):
                found.append(path)
    return found


def data_dir_of(path: Path) -> str | None:
    """The data folder a fallback file was written for; None if it cannot be read."""
    try:
        with path.open("rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            data = tomllib.loads(handle.read(READ_LIMIT).decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
        return None
    found = data.get("data_dir")
    return found if isinstance(found, str) else None


def _same_dir(found: str | None, data_dir: Path) -> bool:
    if found is None:
        return False
    try:
        return Path(found).resolve() == data_dir.resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(found) == data_dir
