"""Reading history.toml without ever dropping an intact session.

CONTRACT (used by the history command, the home and history screens, stats):

    result = read_history()            # path defaults to backtimer.storage.paths.history_file()
    result.sessions                    # list[dict], oldest first, [[amend]] blocks merged in;
                                       # keys as in the file: id, routine, routine_file,
                                       # started/ended (aware datetimes), status, rating,
                                       # notes, planned_sets, sets (list of dicts),
                                       # active_seconds, routine_path, resumed_from
    result.problems                    # list[str]: "/home/me/.local/share/backtimer/
                                       # history.toml: lines 40-47 could not be read and
                                       # were skipped; they are left in the file as they
                                       # are", or a key of the wrong type (full path)
    result.path                        # the file that was read
    result.unreadable                  # True: the file exists but could not be read at all
    read_history(last=20)              # only the newest 20 sessions, reading from the end
    read_sessions()                    # (sessions, problems); not even a bug raises

Never raises for a missing, empty or damaged file; an unreadable file is a problem line.

What a session dict guarantees, whatever the file holds: `id` is a str, `started`
an aware datetime (years 1970-2999), `sets` a list of dicts; `ended` (aware
datetime), `rating` (1-3), `planned_sets` (int, 0-10000), `active_seconds`
(finite number, 0-86400), `routine_path` and `resumed_from` (str) and the set keys
`done`/`target`/`hold` (finite numbers, 0-86400), `set` (int, 0-10000), `skipped`
(bool), `exercise`/`kind` (str) are either absent or of that type. Values of the
wrong type or out of range (`inf`, `nan`, `1e308`) are left out and reported.
Unknown keys are kept. `damaged = True` is added (never written) to a session
whose block lost lines to damage: what is shown of it is not all it held.

How: one `tomllib` parse of the whole file. Only when that fails is the file cut
into blocks at the top-level `[[session]]` and `[[amend]]` lines, each parsed on
its own; a block that still fails keeps the part before the first bad line (the
rest is reported), so damage in one block never costs another. When a session id
appears twice with the same start (a save retried after a crash) the later block
wins; with different starts both sessions are kept and the duplicate is reported.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO, cast

from backtimer.core.durations import describe
from backtimer.core.records import SessionRecord
from backtimer.storage import paths
from backtimer.storage.files import MAX_HISTORY_BYTES, FileTooLarge, NotRegularFile, open_regular

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]

TAIL_CHUNK = 64 * 1024
BOM = b"\xef\xbb\xbf"  # a UTF-8 byte order mark, as some editors put at the start
_KINDS = ("session", "amend")
_SESSION_HEADER = re.compile(rb"^[ \t]*\[\[[ \t]*session[ \t]*\]\][ \t]*(?:#[^\n]*)?\r?$", re.M)
_TOP_HEADER = re.compile(
    rb"^[ \t]*\[\[[ \t]*(?:session|amend)[ \t]*\]\][ \t]*(?:#[^\n]*)?\r?$", re.M
)
# The name group takes the spaces around the name too (stripped in `_block_kind`): a
# pattern with spaces on both sides of a lazy name backtracks cubically on `[` + spaces.
_ANY_HEADER = re.compile(rb"^[ \t]*\[(\[?)([^\[\]\n]*)\](\]?)[ \t]*(?:#[^\n]*)?\r?$", re.M)
_ERROR_LINE = re.compile(r"at line (\d+)")


@dataclass
class HistoryRead:
    sessions: list[SessionRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None  # the file that was read
    unreadable: bool = False  # it exists but could not be read at all: no sessions shown


def read_history(path: Path | None = None, *, last: int | None = None) -> HistoryRead:
    path = path or paths.history_file()
    result = HistoryRead(path=path)
    if last is not None and last <= 0:
        return result
    try:
        # Opening a FIFO would wait for a writer and /dev/zero never ends: only a
        # regular file is read, and only up to a size no real history reaches.
        with open_regular(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_HISTORY_BYTES:
                raise FileTooLarge(path, size, MAX_HISTORY_BYTES)
            _share_lock(handle)
            if last is None:
                data = handle.read()
                base = len(BOM) if data.startswith(BOM) else 0
                data = data[base:]
            else:
                data, base = _tail(handle, last)
            _Parse(str(path), data, handle, base).into(result)
    except FileNotFoundError:
        return result
    except (NotRegularFile, FileTooLarge) as exc:
        return _unreadable(result, path, str(exc))
    except OSError as exc:
        if exc.errno == errno.ENOTDIR:
            return _unreadable(result, path, "a folder on its path is a file")
        return _unreadable(result, path, exc.strerror or str(exc))
    except Exception as exc:  # noqa: BLE001 - a reader of the training record never crashes
        result.sessions = []
        return _unreadable(result, path, f"{type(exc).__name__}: {exc}",
                           "; the file is left as it is")
    if last is not None:
        result.sessions = result.sessions[-last:]
    return result


def read_sessions() -> tuple[list[SessionRecord], list[str]]:
    """Every session (oldest first) and the reader's problems; never raises.

    Screens call this from a worker thread; a failure becomes a problem line so the
    screen can still show what it has.
    """
    try:
        result = read_history()
    except Exception as exc:  # the screens must stay usable whatever the file holds
        return [], [f"The history could not be read: {exc}"]
    return list(result.sessions), list(result.problems)


def _unreadable(result: HistoryRead, path: Path, reason: str, more: str = "") -> HistoryRead:
    result.unreadable = True
    result.problems.append(f"{path}: could not be read ({reason}); no sessions shown{more}")
    return result


def _share_lock(handle: BinaryIO) -> None:
    """Wait for a save in progress to finish, so its half-written block is never seen."""
    if fcntl is None:  # pragma: no cover
        return
    with contextlib.suppress(OSError):  # a file system without locks is still readable
        fcntl.flock(handle.fileno(), fcntl.LOCK_SH)


def _tail(handle: BinaryIO, last: int) -> tuple[bytes, int]:
    """The end of the file from the `last`-th `[[session]]` line before it, and its offset."""
    end = handle.seek(0, 2)
    pos, chunk, buf = end, TAIL_CHUNK, b""
    while True:
        start = max(0, pos - chunk)
        handle.seek(start)
        buf = handle.read(pos - start) + buf
        pos = start
        # A BOM is not part of the text. (`^` does not match right after it, so when
        # the first block is wanted the whole text after it is returned: the same.)
        skip = len(BOM) if pos == 0 and buf.startswith(BOM) else 0
        # Before the first newline the line may begin in the part not read yet.
        usable = skip if pos == 0 else buf.find(b"\n") + 1
        if usable or pos == 0:
            heads = [m.start() for m in _SESSION_HEADER.finditer(buf, usable)]
            if len(heads) >= last:
                return buf[heads[-last]:], pos + heads[-last]
        if pos == 0:
            return buf[skip:], skip
        chunk *= 2


# Parsing ---------------------------------------------------------------------------


@dataclass
class _Entry:
    kind: str  # "session" or "amend"
    table: dict[str, Any]
    span: tuple[int, int]  # bytes of `data` it was parsed from (with others, if `ordinal`)
    ordinal: int | None = None  # its place among the `kind` tables of a span parsed whole
    partial: bool = False  # the block's damaged end was cut off


class _Parse:
    """One read: the whole text in one parse, and around damage, block by block.

    When a parse fails, the part before the damaged block is parsed whole, the
    damaged block on its own (keeping what precedes its first bad line), and the
    rest whole again; after a few failures the rest goes block by block, so a
    badly damaged file costs a few parses, never one per damage.
    """

    WHOLE_TRIES = 3

    def __init__(self, name: str, data: bytes, handle: BinaryIO, base: int) -> None:
        self.name = name
        self.data = data
        self.handle = handle
        self.base = base  # byte offset of `data` in the file (reading only the end)
        self.entries: list[_Entry] = []
        self.damaged: list[tuple[int, int, str]] = []  # byte spans: "bad" or "other"
        self._starts: list[int] | None = None
        self._kinds: dict[int, str] = {}
        self._base_line: int | None = None
        self._tries = 0

    def into(self, result: HistoryRead) -> None:
        end = len(self.data)
        last = self._last_block()
        if last is not None and not self._block_is_whole(last):
            # A torn last write is the usual damage: read the rest in one parse.
            self._span(0, last)
            self._by_block(last, end)
        else:
            self._span(0, end)
        sessions, issues = _merge(self.entries)
        if any(i.swallowed for i in issues):
            # A session's header line broke and its keys landed in the set before it:
            # only reading block by block can keep the two apart.
            self.entries, self.damaged = [], []
            self._by_block(0, end)
            sessions, issues = _merge(self.entries)
        for issue in issues:
            if issue.skipped and issue.entry is not None and issue.entry.partial:
                # What is left of a damaged session is not one: report its lines instead.
                self.damaged.append((*issue.entry.span, "bad"))
        issues = [i for i in issues if not (i.skipped and i.entry and i.entry.partial)]
        result.sessions = cast("list[SessionRecord]", sessions)  # _check made them so
        if self.damaged or issues:
            result.problems.extend(self._report(issues))

    def _last_block(self) -> int | None:
        """Where the last [[session]] or [[amend]] block starts, if it is near the end."""
        starts = [m.start() for m in _TOP_HEADER.finditer(self.data, len(self.data) - TAIL_CHUNK)]
        return starts[-1] if starts and starts[-1] > 0 else None

    def _block_is_whole(self, start: int) -> bool:
        block = self.data[start:]
        kind = "amend" if b"amend" in block[: block.find(b"]")] else "session"
        return _try_block(kind, block)[0] is not None

    # ---- parsing spans -------------------------------------------------------------
    def _span(self, start: int, end: int) -> None:
        while start < end:
            error = self._whole(start, end)
            if error is None:
                return
            if error < 0:  # parses, but holds something other than sessions and amends
                self._by_block(start, end)
                return
            starts = self.block_starts()
            here = max(start, starts[bisect_right(starts, error) - 1] if starts else start)
            if here > start and self._whole(start, here) is not None:
                self._by_block(start, here)
            after = bisect_right(starts, here)
            following = min(starts[after], end) if after < len(starts) else end
            self._by_block(here, following)
            start = following

    def _whole(self, start: int, end: int) -> int | None:
        """Parse data[start:end] in one go: None when done, else where it broke (-1: shape)."""
        if self._tries >= self.WHOLE_TRIES:
            return -1
        self._tries += 1
        chunk = self.data[start:end]
        try:
            doc = tomllib.loads(chunk.decode("utf-8"))
        except UnicodeDecodeError as exc:
            return start + exc.start
        except tomllib.TOMLDecodeError as exc:
            return start + _error_offset(chunk, str(exc))
        except ValueError:  # an integer of thousands of digits: that line is bad
            found = _long_number(chunk)
            return -1 if found is None else start + found
        except Exception:  # noqa: BLE001 - arrays nested thousands deep, ...: block by block
            return -1
        entries: list[_Entry] = []
        for key, tables in doc.items():
            if key not in _KINDS or type(tables) is not list:
                return -1
            for ordinal, table in enumerate(tables):
                if type(table) is not dict:
                    return -1
                entries.append(_Entry(key, table, (start, end), ordinal))
        self._tries -= 1  # only failures count against the whole-parse budget
        self.entries.extend(entries)
        return None

    def _by_block(self, start: int, end: int) -> None:
        starts = self.block_starts()
        cuts = [start, *starts[bisect_right(starts, start):bisect_left(starts, end)], end]
        for first, stop in zip(cuts, cuts[1:], strict=False):
            kind = self._kinds.get(first, "preamble")
            block = self.data[first:stop]
            if kind in _KINDS:
                table, left_out = _parse_block(kind, block)
                left_out = [(a, b) for a, b in left_out if block[a:b].strip()]
                if table is not None:
                    self.entries.append(_Entry(kind, table, (first, stop), partial=bool(left_out)))
                self.damaged.extend((first + a, first + b, "bad") for a, b in left_out)
            elif not _only_comments(block):
                self.damaged.append((first, stop, "other" if _parses(block) else "bad"))

    def block_starts(self) -> list[int]:
        """Offsets of the top-level header lines that start a block, found once."""
        if self._starts is None:
            self._starts = []
            for match in _ANY_HEADER.finditer(self.data):
                kind = _block_kind(match)
                if kind is not None:
                    self._starts.append(match.start())
                    self._kinds[match.start()] = kind
        return self._starts

    # ---- reporting -----------------------------------------------------------------
    def _report(self, issues: list[_Issue]) -> list[str]:
        out: list[str] = []
        for first, last, why in self._joined():
            plural = first != last
            if why == "bad":
                verb = "could not be read and were skipped" if plural else (
                    "could not be read and was skipped")
            else:
                verb = ("are not a [[session]] or [[amend]] block and were skipped" if plural
                        else "is not a [[session]] or [[amend]] block and was skipped")
            left = "they are left in the file as they are" if plural else (
                "it is left in the file as it is")
            out.append(f"{self.name}: {_lines(first, last)} {verb}; {left}")
        for issue in issues:
            where = self._where(issue.entry)
            out.append(f"{self.name}: {where}{issue.text}")
        return out

    def _joined(self) -> list[tuple[int, int, str]]:
        """Damaged spans as line ranges, blank lines trimmed, neighbours joined."""
        spans: list[tuple[int, int, str]] = []
        for first, stop, why in sorted(self.damaged):
            piece = self.data[first:stop]
            first += len(piece) - len(piece.lstrip())
            stop -= len(piece) - len(piece.rstrip())
            if first >= stop:
                continue
            if spans and spans[-1][2] == why and not self.data[spans[-1][1]:first].strip():
                spans[-1] = (spans[-1][0], stop, why)
            else:
                spans.append((first, stop, why))
        return [(self.line_of(a), self.line_of(b - 1), why) for a, b, why in spans]

    def _where(self, entry: _Entry | None) -> str:
        if entry is None:
            return ""
        first, stop = entry.span
        if entry.ordinal is not None:
            # Parsed with its neighbours: find its own header among theirs.
            starts = self.block_starts()
            own = [s for s in starts[bisect_left(starts, first):bisect_left(starts, stop)]
                   if self._kinds[s] == entry.kind]
            if entry.ordinal < len(own):
                first = own[entry.ordinal]
                after = bisect_right(starts, first)
                stop = min(starts[after], stop) if after < len(starts) else stop
        stop = first + len(self.data[first:stop].rstrip())
        return f"{_lines(self.line_of(first), self.line_of(max(first, stop - 1)))}: "

    def line_of(self, offset: int) -> int:
        """The 0-based line of a byte offset in the file."""
        return self.base_line() + self.data.count(b"\n", 0, offset)

    def base_line(self) -> int:
        """Newlines before `data` in the file: counted only when a problem needs a line number."""
        if self._base_line is None:
            count, left = 0, self.base
            self.handle.seek(0)
            while left > 0:
                piece = self.handle.read(min(left, 1 << 20))
                if not piece:
                    break
                count += piece.count(b"\n")
                left -= len(piece)
            self._base_line = count
        return self._base_line


def _lines(first: int, last: int) -> str:
    return f"line {first + 1}" if first == last else f"lines {first + 1}-{last + 1}"


def _error_offset(chunk: bytes, message: str) -> int:
    """Where in `chunk` the line that tomllib complains about starts."""
    found = _ERROR_LINE.search(message)
    if found is None:  # "at end of document": the last line with content
        return chunk.rstrip().rfind(b"\n") + 1
    line, offset = int(found[1]), 0
    for _ in range(line - 1):
        offset = chunk.find(b"\n", offset) + 1
        if offset == 0:
            return len(chunk)
    return offset


def _block_kind(match: re.Match[bytes]) -> str | None:
    """"session"/"amend" for their headers, "other" for any other top-level table, else None."""
    name = match[2].strip(b" \t\"'")
    if match[1] and match[3] and name in (b"session", b"amend"):
        return name.decode()
    first = match[2].split(b".")[0].strip(b" \t\"'")
    if first in (b"session", b"amend"):
        return None  # a sub-table such as [[session.sets]]: part of the current block
    return "other"


EXCISE = 3  # bad lines a block may lose and still be read


def _parse_block(kind: str, block: bytes) -> tuple[dict[str, Any] | None, list[tuple[int, int]]]:
    """The block's table, and the byte spans in it that had to be left out.

    A block with a few bad lines (a hand edit gone wrong) is read without them; one
    that is worse keeps the part before its first bad line (a torn write).
    """
    table, error, syntax = _try_block(kind, block)
    if table is not None:
        return table, []
    starts = [0, *(i + 1 for i, c in enumerate(block) if c == 10)]  # offsets of lines
    spans = list(zip(starts, [*starts[1:], len(block)], strict=True))
    kept = list(range(len(spans)))  # lines still in the text being tried
    # Only a line that is not TOML is left out. A key defined twice means two blocks
    # ran together (a header line broke): leaving lines out would mix them up.
    while error is not None and syntax and len(kept) > len(spans) - EXCISE:
        offsets, at = [], 0  # where each kept line starts in that text
        for i in kept:
            offsets.append(at)
            at += spans[i][1] - spans[i][0]
        line = kept[max(0, bisect_right(offsets, error) - 1)]
        if line == 0:  # the header itself: nothing to hold the rest together
            break
        kept.remove(line)
        table, error, syntax = _try_block(kind, b"".join(block[slice(*spans[i])] for i in kept))
        if table is not None:
            return table, [spans[i] for i in range(len(spans)) if i not in kept]
    end = len(block)
    header_end = block.find(b"\n")
    while end > header_end > 0:
        table, error, _ = _try_block(kind, block[:end])
        if table is not None:
            return table, [(end, len(block))]
        # Keep the part before the first bad line (or, when it parses as the wrong
        # thing, one line less), but at least the header line.
        end = error if error is not None and error < end else block.rfind(b"\n", 0, end - 1) + 1
    return None, [(0, len(block))]


def _try_block(kind: str, text: bytes) -> tuple[dict[str, Any] | None, int | None, bool]:
    """(table, None, _) when `text` is exactly one `[[kind]]` block, else (None, where it
    broke, whether that line is simply not TOML)."""
    try:
        doc = tomllib.loads(text.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return None, text.rfind(b"\n", 0, exc.start) + 1, True  # the line with the bad byte
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        return None, _error_offset(text, message), not message.startswith("Cannot")
    except ValueError:  # an integer of thousands of digits: its line is not TOML we can read
        found = _long_number(text)
        return None, found, found is not None
    except Exception:  # noqa: BLE001 - arrays nested thousands deep, ...: this block is bad
        return None, None, False
    tables = doc.get(kind)
    if (len(doc) == 1 and type(tables) is list and len(tables) == 1
            and type(tables[0]) is dict and tables[0] and not _swallowed(tables[0])):
        return tables[0], None, False
    return None, None, False  # parses, but as something else or with another block inside


def _parses(chunk: bytes) -> bool:
    try:
        tomllib.loads(chunk.decode("utf-8"))
    except Exception:  # noqa: BLE001 - any failure means it is not usable TOML
        return False
    return True


_DIGITS = re.compile(rb"[0-9_]+")


def _long_number(text: bytes) -> int | None:
    """Where the line with a number Python will not convert (over 4,300 digits) starts."""
    found = next((m for m in _DIGITS.finditer(text) if m.end() - m.start() > 4000), None)
    return None if found is None else text.rfind(b"\n", 0, found.start()) + 1


def _only_comments(chunk: bytes) -> bool:
    return all(not s.strip() or s.strip().startswith(b"#") for s in chunk.split(b"\n"))


# Merging and checking ---------------------------------------------------------------


@dataclass
class _Issue:
    entry: _Entry | None  # where it is, for the line numbers
    text: str
    skipped: bool = False  # the whole session was left out
    swallowed: bool = False  # a set holds another session's keys


@dataclass
class _Notes:
    """Collects what `_check` finds about one entry."""

    entry: _Entry
    issues: list[_Issue]

    def __call__(self, text: str, skipped: bool = False, swallowed: bool = False) -> None:
        self.issues.append(_Issue(self.entry, text, skipped, swallowed))


def _merge(entries: list[_Entry]) -> tuple[list[dict[str, Any]], list[_Issue]]:
    """Sessions by id (a later copy wins), amends applied in order, then checked and sorted."""
    issues: list[_Issue] = []
    by_id: dict[str, _Entry] = {}
    anonymous: list[_Entry] = []
    for entry in entries:
        if entry.kind != "session":
            continue
        session_id = entry.table.get("id")
        if isinstance(session_id, str) and session_id:
            earlier = by_id.get(session_id)
            if earlier is not None and _other_session(earlier, entry):
                # Not a retried save but another session under the same id: keep both.
                anonymous.append(earlier)
                issues.append(_Issue(entry, f"session {session_id} has the id of an earlier "
                                     "session with another start time; both are shown"))
            elif earlier is not None and (
                (entry.partial and not earlier.partial)
                or _aware(entry.table.get("started")) is None
            ):
                continue  # a damaged copy, or one that cannot be placed, never replaces one
            by_id[session_id] = entry
        else:
            anonymous.append(entry)
    # Amends after all sessions, in file order: a later amend's keys win.
    for entry in entries:
        if entry.kind != "amend":
            continue
        target = entry.table.get("id")
        if not isinstance(target, str) or not target:
            issues.append(_Issue(entry, "an [[amend]] without a session id was skipped"))
            continue
        found = by_id.get(target)
        if found is not None:
            found.table.update((k, v) for k, v in entry.table.items() if k != "id")
        # An amend for a session not read (damaged, or before the part read) changes nothing.
    sessions: list[dict[str, Any]] = []
    for entry in [*by_id.values(), *anonymous]:
        session = _check(entry.table, _Notes(entry, issues))
        if session is not None:
            sessions.append(session)
    sessions.sort(key=lambda s: s["started"])
    return sessions, issues


def _other_session(earlier: _Entry, entry: _Entry) -> bool:
    """Two blocks with one id that are different sessions: both start, at different times.

    A save retried after a crash repeats the block with the same start."""
    first, then = _aware(earlier.table.get("started")), _aware(entry.table.get("started"))
    return first is not None and then is not None and first != then


_OPTIONAL_TYPES = (("routine", str), ("routine_file", str), ("status", str), ("notes", str),
                   ("routine_path", str), ("resumed_from", str))
MAX_SECONDS = 86400  # a day: more than any hold, rep count or target a session can hold
MAX_COUNT = 10000  # set numbers and planned sets
YEARS = (1970, 2999)  # a start outside these is a typing mistake, and dates near 9999 overflow


def unreadable_reason(session: dict[str, Any]) -> str | None:
    """Why the reader would skip this session table entirely, or None when it is kept.

    The store checks every block with this before appending it, so what is saved
    is always read back: one definition for both.
    """
    name = session.get("id")
    label = f"session {name}" if isinstance(name, str) and name else "a session"
    if _swallowed(session):
        return f"{label} holds the keys of another session in its sets"
    if _aware(session.get("started")) is None:
        return _no_start(session, label)
    return None


def _no_start(session: dict[str, Any], label: str) -> str:
    found = _shown(session["started"]) if "started" in session else "nothing"
    return (f"{label} has no valid `started` time (found {found}; expected a date and "
            f"time in the years {YEARS[0]}-{YEARS[1]})")


def _shown(value: Any) -> str:
    """A value for a message: times as written, anything else in TOML's words."""
    if isinstance(value, date | time):
        return value.isoformat()
    return describe(value)


def _check(session: dict[str, Any], note: _Notes) -> dict[str, Any] | None:
    """Make the session safe for every reader; say what was wrong. None: cannot be placed."""
    started = _aware(session.get("started"))
    name = session.get("id")
    label = f"session {name}" if isinstance(name, str) and name else "a session"
    if started is None:
        note(f"{_no_start(session, label)} and was skipped", True)
        return None
    session["started"] = started
    if not isinstance(name, str) or not name:
        session["id"] = str(name) if name not in (None, "") else f"started-{started.isoformat()}"
    if "ended" in session:
        ended = _aware(session["ended"])
        if ended is None:
            note(f"{label}: `ended` is {_shown(session['ended'])}, not a time in the years "
                 f"{YEARS[0]}-{YEARS[1]}; it is ignored")
            del session["ended"]
        else:
            session["ended"] = ended
    for key, kind in _OPTIONAL_TYPES:
        if key in session and not isinstance(session[key], kind):
            session[key] = str(session[key])  # shown as text; nothing counts with it
    rating = session.get("rating")
    if rating is not None and (type(rating) is not int or not 1 <= rating <= 3):
        note(f"{label}: `rating` is {describe(rating)}, not 1, 2 or 3; it is ignored")
        del session["rating"]
    planned = session.get("planned_sets")
    if planned is not None and not _whole(planned, MAX_COUNT):
        note(f"{label}: `planned_sets` is {describe(planned)}, not a count from 0 to "
             f"{MAX_COUNT}; it is ignored")
        del session["planned_sets"]
    active = session.get("active_seconds")
    if active is not None and not _amount(active):
        note(f"{label}: `active_seconds` is {describe(active)}, not a number of seconds from 0 "
             f"to {MAX_SECONDS}; it is ignored")
        del session["active_seconds"]
    sets = session.get("sets", [])
    if type(sets) is not list:
        note(f"{label}: `sets` is {describe(sets)}, not a list of sets; shown without sets")
        sets = []
    elif not all(type(s) is dict and _set_ok(s) for s in sets):
        sets = _clean_sets(sets, label, note)
    session["sets"] = sets
    if note.entry.partial:
        session["damaged"] = True
    return session


# A set holding these swallowed a session whose header line broke.
_SESSION_KEYS = frozenset(("id", "started"))


def _swallowed(table: dict[str, Any]) -> bool:
    sets = table.get("sets")
    return type(sets) is list and any(
        type(s) is dict and not _SESSION_KEYS.isdisjoint(s) for s in sets
    )


def _amount(value: Any, high: int = MAX_SECONDS) -> bool:
    """A finite number from 0 to `high` (NaN fails every comparison)."""
    kind = type(value)
    return (kind is int or kind is float) and 0 <= value <= high


def _whole(value: Any, high: int) -> bool:
    return type(value) is int and 0 <= value <= high


def _text(value: Any) -> bool:
    return type(value) is str


def _flag(value: Any) -> bool:
    return type(value) is bool


def _set_number(value: Any) -> bool:
    return _whole(value, MAX_COUNT)


_SET_RULES: tuple[tuple[str, Any, str], ...] = (
    ("done", _amount, f"a number from 0 to {MAX_SECONDS}"),
    ("target", _amount, f"a number from 0 to {MAX_SECONDS}"),
    ("hold", _amount, f"a number of seconds from 0 to {MAX_SECONDS}"),
    ("set", _set_number, f"a whole number from 0 to {MAX_COUNT}"),
    ("skipped", _flag, "true or false"),
    ("exercise", _text, "text"),
    ("kind", _text, "text"),
)


_NUMBER = (int, float)


def _set_ok(record: dict[str, Any]) -> bool:
    # The common case in one cheap pass (the rules above, inlined): a file holds
    # tens of thousands of sets.
    done = record.get("done", 0)
    target = record.get("target", 0)
    hold = record.get("hold", 0)
    number = record.get("set", 0)
    return (
        _SESSION_KEYS.isdisjoint(record)
        and type(done) in _NUMBER and 0 <= done <= MAX_SECONDS
        and type(target) in _NUMBER and 0 <= target <= MAX_SECONDS
        and type(hold) in _NUMBER and 0 <= hold <= MAX_SECONDS
        and type(number) is int and 0 <= number <= MAX_COUNT
        and type(record.get("skipped", False)) is bool
        and type(record.get("exercise", "")) is str
        and type(record.get("kind", "")) is str
    )


def _clean_sets(sets: list[Any], label: str, note: _Notes) -> list[dict[str, Any]]:
    kept: list[dict[str, Any]] = []
    for number, record in enumerate(sets, 1):
        if type(record) is not dict:
            note(f"{label}: set {number} is {describe(record)}, not a table; it is left out")
            continue
        if _SESSION_KEYS & record.keys():
            note(f"{label}: set {number} holds the keys of another session (its [[session]] "
                 "line may be damaged); that set is left out", swallowed=True)
            continue
        for key, ok, words in _SET_RULES:
            if key in record and not ok(record[key]):
                note(f"{label}: set {number} `{key}` is {describe(record[key])}, "
                     f"not {words}; it is ignored")
                del record[key]
        kept.append(record)
    return kept


def _aware(value: Any) -> datetime | None:
    """An aware datetime from what TOML gives: local times are taken as this machine's zone.

    None for anything else, and for times no reader could use: outside `YEARS`, or
    one that cannot be shown in this machine's zone (9999-12-31T23:59-12:00 overflows).
    """
    try:
        if type(value) is datetime:
            aware = value if value.tzinfo is not None else value.astimezone()
        elif isinstance(value, date) and not isinstance(value, datetime):
            aware = datetime.combine(value, time()).astimezone()
        elif isinstance(value, str):
            return _aware(datetime.fromisoformat(value))
        else:
            return None
        local = aware.astimezone()  # what every reader does with it: must work
    except (ValueError, OverflowError, OSError):  # out of range for this machine's clock
        return None
    if not YEARS[0] <= local.year <= YEARS[1] or not YEARS[0] <= aware.year <= YEARS[1]:
        return None
    return aware
