"""Routine files on disk: reading one into a Routine, and finding them by path or name.

`find_routine` and `available_routines` know where routines live: the person's own
folder first, then the ones bundled with backtimer.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

from backtimer.core.errors import SHOWN_NAME, Problem, RoutineError, RoutineNotFound, clip
from backtimer.core.routine import Routine
from backtimer.core.routine_check import parse_routine
from backtimer.storage import paths
from backtimer.storage.files import FileTooLarge, NotRegularFile, read_capped

MAX_FILE_BYTES = 1_000_000  # routines are a few KB; this stops `validate /dev/zero`-like input


# ---------------------------------------------------------------------------
# Reading one file


def load_routine(path: Path | str) -> Routine:
    """The routine in `path`; RoutineError with a one-line problem if it cannot be read."""
    path = Path(path)
    text = _read_text(path, str(path))
    return parse_routine(text, str(path), source=path)


def _read_text(path: Path, file: str) -> str:
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except (FileNotFoundError, NotADirectoryError):
        raise RoutineError.single(file, "no such file", hint=missing_hint()) from None
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise RoutineError.single(file, "is a folder, not a routine file",
                                      hint="give the path of a .toml file inside it") from None
        raise RoutineError.single(file, f"is {exc.kind}, not a file",
                                  hint="a routine is a .toml text file") from None
    except FileTooLarge as exc:
        raise RoutineError.single(
            file, f"is too large for a routine ({exc.size // 1000} kB; routines are a few kB)",
            hint="is this the right file?") from None
    except PermissionError:
        raise RoutineError.single(file, "cannot be read: permission denied",
                                  hint="check the file's permissions") from None
    except OSError as exc:  # a name too long, a broken disk, ...: the system's reason
        raise RoutineError.single(file, f"cannot be read: {os_reason(exc)}",
                                  hint="check the path") from None
    try:
        # utf-8-sig: some editors start UTF-8 files with a byte-order mark; accept it.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RoutineError.single(
            file,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            hint="a routine is a TOML text file saved as UTF-8",
        ) from None


def os_reason(exc: OSError) -> str:
    """The system's reason for a failed file operation, worded like our own messages."""
    reason = exc.strerror or exc.__class__.__name__
    return reason[:1].lower() + reason[1:]


def missing_hint() -> str:
    """What to do about a routine file that is not there."""
    return ("check the path; `backtimer routines` lists the routines you can give by name; "
            f"your own routines go in {paths.user_routines_dir()}")


# ---------------------------------------------------------------------------
# Finding routines


class RoutineEntry(NamedTuple):  # a NamedTuple: built at every start (see core/routine.py)
    """One routine file found on disk: loaded, or with the problems that stop it loading."""

    path: Path
    bundled: bool
    routine: Routine | None
    error: RoutineError | None

    @property
    def slug(self) -> str:
        """What a person types to pick it: the file stem."""
        return self.path.stem

    @property
    def name(self) -> str:
        return self.routine.name if self.routine is not None else self.path.name


def _routine_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
    except OSError:
        return []


def _sort_key(entry: RoutineEntry) -> tuple[bool, bool, str, int, str]:
    """Own routines first (they override bundled ones), then stand-alone routines by
    name, then each programme's weeks in week order; broken files last."""
    routine = entry.routine
    if routine is None:
        return (entry.bundled, True, "", 0, entry.path.name.casefold())
    in_programme = routine.program is not None and routine.week is not None
    return (
        entry.bundled,
        in_programme,
        (routine.program or "").casefold(),
        routine.week or 0,
        routine.name.casefold(),
    )


def available_routines() -> list[RoutineEntry]:
    """Every routine: the user's own, then bundled ones not replaced by a user file of the
    same stem. A broken file is an entry with its error, never a reason to hide the rest."""
    entries: list[RoutineEntry] = []
    own_stems: set[str] = set()
    for bundled, folder in ((False, paths.user_routines_dir()),
                            (True, paths.bundled_routines_dir())):
        for path in _routine_files(folder):
            if bundled and path.stem in own_stems:
                continue
            if not bundled:
                own_stems.add(path.stem)
            try:
                entries.append(RoutineEntry(path, bundled, load_routine(path), None))
            except RoutineError as exc:
                entries.append(RoutineEntry(path, bundled, None, exc))
    return sorted(entries, key=_sort_key)


def _looks_like_path(query: str) -> bool:
    return "/" in query or "\\" in query or query.lower().endswith(".toml")


def find_routine(query: str) -> Path:
    """The file for what a person typed: a path, or a routine's file stem (their own
    folder wins over the bundled one), or failing that its name. RoutineNotFound else."""
    query = query.strip()
    if not query:
        raise RoutineNotFound("no routine given; `backtimer routines` lists them all")
    try:
        path = Path(query).expanduser()
    except RuntimeError:  # `~someone/x.toml` for a user that does not exist
        path = Path(query)
    if _looks_like_path(query) and _exists(path, query):
        return path
    folders = (paths.user_routines_dir(), paths.bundled_routines_dir())
    candidates = [p for folder in folders for p in _routine_files(folder)]
    matchers: tuple[Callable[[Path], bool], ...] = (
        lambda p: p.stem == query, lambda p: p.stem.casefold() == query.casefold())
    for match in matchers:
        found = next((p for p in candidates if match(p)), None)
        if found is not None:
            return found
    # A routine's display name ("Core stability") also works, when it is unambiguous.
    entries = available_routines()
    by_name = [e.path for e in entries
               if e.routine is not None and e.routine.name.casefold() == query.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    # A file or folder in the current directory: the loader says what it is. A name the
    # system refuses (too long, ...) cannot be one, so it is simply not found.
    with contextlib.suppress(RoutineNotFound):
        if _exists(path, query):
            return path
    if _looks_like_path(query):
        raise RoutineNotFound(f"{query}: no such file ({missing_hint()})")
    stems = sorted({e.slug for e in entries})
    close = difflib.get_close_matches(query, stems, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise RoutineNotFound(
        f"no routine called {query!r}; {hint}`backtimer routines` lists them all"
    )


def _exists(path: Path, query: str) -> bool:
    """Path.exists for what a person typed; a path the system refuses is a clear message."""
    try:
        return path.exists()
    except OSError as exc:  # e.g. a file name longer than the system allows
        reason = os_reason(exc)
        raise RoutineNotFound(f"{query}: cannot be read: {reason} (check the path)") from None


def duplicate_weeks(entries: Sequence[RoutineEntry]) -> list[Problem]:
    """One problem for each routine that repeats the `program` and `week` of one before it.

    A programme moves on week by week, so two files for one week would make its
    progress depend on which is found first.
    """
    first: dict[tuple[str, int], RoutineEntry] = {}
    problems: list[Problem] = []
    for entry in sorted(entries, key=lambda e: not e.bundled):  # name the person's own file
        routine = entry.routine
        if routine is None or routine.program is None or routine.week is None:
            continue
        key = (routine.program.casefold(), routine.week)
        earlier = first.setdefault(key, entry)
        if earlier is not entry:
            problems.append(Problem(
                str(entry.path), "week",
                f'week {routine.week} of "{clip(routine.program, SHOWN_NAME)}" is also '
                f"{earlier.path}",
                "give each week its own number, or remove one of the two files"))
    return problems
