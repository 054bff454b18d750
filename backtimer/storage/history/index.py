"""A derived index of history.toml: one light row per session, kept beside it (pure).

CONTRACT:

    index = load_index()          # path defaults to backtimer.storage.paths.history_file()
    index.rows                    # list[IndexRow], oldest first, exactly the sessions
                                  # read_history() returns (same order, same ids)
    index.problems, index.path, index.unreadable   # as in HistoryRead
    full_session(row)             # the session dict read_history() would give, sets and
                                  # all, parsed from the row's own block (and its amends)

An IndexRow is a read-only mapping of the session's top-level keys (id, routine,
routine_file, started, ended, status, rating, notes, planned_sets, resumed_from...:
every key that is not a table or a list) without its sets; `row.totals` is
`stats.session_totals` of the whole session and `row.holds` the best hold of each
exercise in it, worked out when the row was made. The stats and programme
functions accept rows wherever they accept sessions.

history.toml stays the only record. The index (`history-index.json` beside it) is
a cache: it is trusted only while the bytes it was made from are still the start
of the file (size and SHA-256 of those bytes), and only for the code that made it.
When a file that read cleanly has grown, only the appended bytes are parsed; any
other change, damage anywhere, a repeated id or an amend the rows cannot follow
rebuilds it from the file. A missing, damaged or foreign cache is rebuilt; one
that cannot be written is simply not kept. Nothing here ever writes history.toml.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import stat
import threading
import time as clock
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, cast

from backtimer.core.charts import Tally, session_tallies
from backtimer.core.records import SessionRecord, started_at
from backtimer.core.stats import SessionTotals, session_best_holds, session_totals
from backtimer.core.workouts import SessionNumbers
from backtimer.storage import paths
from backtimer.storage.history import reader

SETTLED_NS = 50_000_000  # a file unchanged this long has time stamps a new write would move
FORMAT = 1  # bump when the layout of the cache file changes
CACHE_SUFFIX = "-index.json"
# The code that works rows out: a change to any of these makes old rows stale.
_CODE = ("storage/history/index.py", "storage/history/reader.py", "core/stats.py",
         "core/workouts.py", "core/charts.py", "core/programme.py", "__init__.py")

Span = tuple[int, int]


class IndexRow(Mapping[str, Any]):
    """One session without its sets: its top-level keys, its totals and its best holds."""

    __slots__ = ("_keys", "totals", "holds", "span", "amends", "tallies", "numbers")

    def __init__(self, keys: dict[str, Any], totals: SessionTotals, holds: dict[str, float],
                 span: Span | None, amends: tuple[Span, ...] = (),
                 tallies: tuple[Tally, ...] = ()) -> None:
        self._keys = keys
        self.tallies = tallies  # what the charts take from it: charts.session_tallies
        # workouts.session_numbers of the whole session: asked of every row, made once.
        self.numbers = SessionNumbers(
            sets_done=totals.sets_done, sets_planned=totals.sets_planned,
            sets_skipped=totals.sets_skipped, active=totals.active,
            elapsed=None if totals.duration is None else totals.duration.total_seconds(),
            held=totals.held, working=totals.working,
        )
        self.totals = totals
        self.holds = holds  # exercise -> the longest hold of it in this session (s)
        self.span = span  # bytes of its [[session]] block in the file; None: unknown
        self.amends = amends  # bytes of each [[amend]] block for it, in file order

    def __getitem__(self, key: str) -> Any:
        return self._keys[key]

    # The mixin versions go through __getitem__ and an exception: these are called
    # for every row by every statistic.
    def get(self, key: str, default: Any = None) -> Any:
        return self._keys.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"IndexRow({self._keys.get('id')!r})"


@dataclass
class HistoryIndex:
    rows: list[IndexRow] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    path: Path | None = None
    unreadable: bool = False


def cache_path(path: Path) -> Path:
    return path.with_name(path.stem + CACHE_SUFFIX)


# Loading -----------------------------------------------------------------------------


# The last load in this process, by the file's identity: the home screen, the history
# screen and the step-up check each ask, and rows are never changed once made.
_last: tuple[tuple[Any, ...], HistoryIndex] | None = None


def load_index(path: Path | None = None) -> HistoryIndex:
    """The rows of every session; never raises, never writes the history."""
    global _last
    path = path or paths.history_file()
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            return _from_reader(path)
        key = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns,
               info.st_ctime_ns)
        if _last is not None and _last[0] == (*key, _stamp(cache_path(path))):
            return _copy(_last[1])  # neither the file nor its index changed since
        with open(path, "rb") as handle:
            reader._share_lock(handle)
            data = handle.read()
            with _collector_paused():
                found = _Indexer(path, data, handle).run()
        # Kept only when nothing was added while it was read, and when the file's last
        # change is older than the clock's tick: a write in the same tick as this read
        # could leave every time stamp as it is.
        if len(data) == info.st_size and info.st_ctime_ns < clock.time_ns() - SETTLED_NS:
            _last = ((*key, _stamp(cache_path(path))), _copy(found))
        return found
    except FileNotFoundError:
        return HistoryIndex(path=path)
    except Exception:  # noqa: BLE001 - the reader says what is wrong with the file
        return _from_reader(path)


def _stamp(file: Path) -> tuple[int, int, int] | None:
    try:
        info = os.stat(file)
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def _copy(index: HistoryIndex) -> HistoryIndex:
    return HistoryIndex(list(index.rows), list(index.problems), index.path, index.unreadable)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while tens of thousands of rows are made: none are garbage."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _from_reader(path: Path) -> HistoryIndex:
    """The plain reader's answer (an unreadable file, a folder): rows without spans."""
    result = reader.read_history(path)
    rows = [make_row(s, None) for s in result.sessions]
    return HistoryIndex(rows, list(result.problems), path, result.unreadable)


@dataclass
class _Cache:
    size: int  # bytes of the history the rows were made from (BOM included)
    digest: str  # SHA-256 of those bytes
    rows: list[IndexRow]
    problems: list[str]
    orphans: list[str]  # ids named by amends that no session had


class _Indexer:
    """One load: the cache checked, extended or rebuilt, and saved when it changed."""

    def __init__(self, path: Path, data: bytes, handle: Any) -> None:
        self.path, self.data, self.handle = path, data, handle
        self.base = len(reader.BOM) if data.startswith(reader.BOM) else 0
        self.cache_file = cache_path(path)

    def run(self) -> HistoryIndex:
        cached = _read_cache(self.cache_file)
        digest = hashlib.sha256()
        if cached is not None and 0 < cached.size <= len(self.data):
            digest.update(self.data[: cached.size])
            if digest.hexdigest() == cached.digest:
                if cached.size == len(self.data):
                    return self._done(cached, changed=False)
                extended = self._extend(cached)
                if extended is not None:
                    digest.update(self.data[cached.size:])
                    extended.digest = digest.hexdigest()
                    return self._done(extended, changed=True)
        built = self._build()
        return self._done(built, changed=True)

    def _done(self, cache: _Cache, *, changed: bool) -> HistoryIndex:
        if changed:
            _write_cache(self.cache_file, cache)
        return HistoryIndex(cache.rows, cache.problems, self.path)

    def _parse(self, start: int) -> tuple[reader.HistoryRead, reader._Parse]:
        result = reader.HistoryRead(path=self.path)
        parse = reader._Parse(str(self.path), self.data[start:], self.handle, start)
        parse.into(result)
        return result, parse

    def _build(self) -> _Cache:
        result, parse = self._parse(self.base)
        spans = _session_spans(parse)
        amends = _amend_spans(parse)
        ids = Counter(s["id"] for s in result.sessions)
        # Sessions sharing an id (both kept, the reader amends only one of them) have no
        # span: their sets come from a full read, matched by id and start.
        rows = [make_row(s, spans.get(id(s)), amends.get(s["id"], ())) if ids[s["id"]] == 1
                else make_row(s, None) for s in result.sessions]
        known = {s["id"] for s in result.sessions}
        orphans = sorted(set(amends) - known)
        return _Cache(len(self.data), hashlib.sha256(self.data).hexdigest(), rows,
                      list(result.problems), orphans)

    def _extend(self, cached: _Cache) -> _Cache | None:
        """The cache with the appended bytes added, or None when only a rebuild is right."""
        if cached.size < self.base or self.data[cached.size - 1:cached.size] != b"\n":
            return None  # the new bytes may continue the last line
        if cached.problems:
            return None  # how the reader cuts around damage depends on what follows it
        result, parse = self._parse(cached.size)
        if result.problems:
            return None  # damage is reported with the whole file's line numbers and order
        known = {row["id"] for row in cached.rows}
        if len(known) != len(cached.rows):
            return None  # sessions without an id of their own: order rules need the reader
        spans, new_amends = _session_spans(parse), _amend_spans(parse)
        new_ids = [s["id"] for s in result.sessions]
        named = [e.table.get("id") for e in parse.entries if e.kind == "session"]
        if (len(set(new_ids)) != len(new_ids) or known & set(new_ids)
                or set(cached.orphans) & set(new_ids) or len(named) != len(new_ids)
                or not all(isinstance(n, str) and n for n in named)
                or any(id(s) not in spans for s in result.sessions)):
            return None  # a repeated id, or an amend written before its session
        if {row["started"] for row in cached.rows} & {s["started"] for s in result.sessions}:
            return None  # a tie in time: the reader's order then depends on ids it had
        rows = list(cached.rows)
        by_id = {row["id"]: i for i, row in enumerate(rows)}
        for session in result.sessions:
            rows.append(make_row(session, spans[id(session)],
                                 new_amends.get(session["id"], ())))
        orphans = set(cached.orphans)
        for target, added in new_amends.items():
            if target in by_id:
                old = rows[by_id[target]]
                amended = self._reread(old, added)
                if amended is None:
                    return None
                rows[by_id[target]] = make_row(amended, old.span, old.amends + added)
            elif target not in new_ids:
                orphans.add(target)
        rows.sort(key=lambda row: row["started"])  # stable: as the reader orders them
        return _Cache(len(self.data), "", rows, cached.problems, sorted(orphans))

    def _reread(self, row: IndexRow, added: tuple[Span, ...]) -> SessionRecord | None:
        if row.span is None:
            return None
        return session_from_bytes(self.data, row.span, (*row.amends, *added), str(self.path))


def _session_spans(parse: reader._Parse) -> dict[int, Span]:
    """id() of each session table -> the bytes of its block in the file."""
    return {id(e.table): span for e, span in _entry_spans(parse, "session")}


def _amend_spans(parse: reader._Parse) -> dict[str, tuple[Span, ...]]:
    """Session id -> the bytes of each [[amend]] block naming it, in file order."""
    found: dict[str, list[Span]] = {}
    for entry, span in _entry_spans(parse, "amend"):
        target = entry.table.get("id")
        if isinstance(target, str) and target:
            found.setdefault(target, []).append(span)
    return {k: tuple(v) for k, v in found.items()}


def _entry_spans(parse: reader._Parse, kind: str) -> list[tuple[reader._Entry, Span]]:
    """Each parsed entry of `kind` with the file bytes of its own block.

    An entry parsed on its own has its span; one parsed with others is the n-th
    `[[kind]]` header of its span. When the headers and tables do not pair up (a
    header inside a multi-line string) the entry is left without a span.
    """
    starts = parse.block_starts()
    base = parse.base
    out: list[tuple[reader._Entry, Span]] = []
    groups: dict[Span, list[reader._Entry]] = {}
    for entry in parse.entries:
        if entry.kind != kind:
            continue
        if entry.ordinal is None:
            out.append((entry, (base + entry.span[0], base + entry.span[1])))
        else:
            groups.setdefault(entry.span, []).append(entry)
    for (start, end), entries in groups.items():
        heads = [s for s in starts if start <= s < end]
        ends = [*heads[1:], end]
        own = [(s, e) for s, e in zip(heads, ends, strict=True) if parse._kinds.get(s) == kind]
        if len(own) != len(entries):
            continue
        for entry in entries:
            first, stop = own[entry.ordinal or 0]
            out.append((entry, (base + first, base + stop)))
    return out


# Rows ----------------------------------------------------------------------------------


def make_row(session: SessionRecord, span: Span | None,
             amends: tuple[Span, ...] = ()) -> IndexRow:
    """The light row of a session as the reader returns it."""
    keys = {k: v for k, v in session.items() if k != "sets" and _plain(v)}
    return IndexRow(keys, session_totals(session), session_best_holds(session), span, amends,
                    session_tallies(session))


def _plain(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | date | time)


def full_session(row: IndexRow, path: Path | None = None) -> SessionRecord:
    """The whole session for a row, sets included, as read_history() gives it.

    Read from the row's own blocks; should the file no longer hold them there, from
    a full read. A session no longer found gives the row's keys without sets.
    """
    path = path or paths.history_file()
    if row.span is not None:
        with contextlib.suppress(OSError):
            session = _session_from_file(path, row.span, row.amends)
            if session is not None and session.get("id") == row.get("id"):
                return session
    keys = dict(row)
    for candidate in reader.read_history(path).sessions:
        # Ids can repeat in a hand-edited file: the session is the one with all its keys.
        if candidate.get("id") == row.get("id") and make_row(candidate, None)._keys == keys:
            return candidate
    return cast(SessionRecord, {**row, "sets": []})


def _session_from_file(path: Path, span: Span, amends: Sequence[Span]) -> SessionRecord | None:
    with open(path, "rb") as handle:
        reader._share_lock(handle)
        pieces: dict[Span, bytes] = {}
        for first, stop in (span, *amends):
            handle.seek(first)
            pieces[(first, stop)] = handle.read(stop - first)
    return session_from_pieces(pieces, span, amends, str(path))


def session_from_bytes(data: bytes, span: Span, amends: Sequence[Span],
                       name: str) -> SessionRecord | None:
    pieces = {s: data[s[0]:s[1]] for s in (span, *amends)}
    return session_from_pieces(pieces, span, amends, name)


def session_from_pieces(pieces: Mapping[Span, bytes], span: Span, amends: Sequence[Span],
                        name: str) -> SessionRecord | None:
    """One session parsed from its block and amends, exactly as the reader merges them."""
    table, left_out = reader._parse_block("session", pieces[span])
    if table is None:
        return None
    block = pieces[span]
    partial = any(block[a:b].strip() for a, b in left_out)
    for amend in amends:
        changes, _ = reader._parse_block("amend", pieces[amend])
        if changes is not None:
            table.update((k, v) for k, v in changes.items() if k != "id")
    entry = reader._Entry("session", table, span, partial=partial)
    return cast("SessionRecord | None", reader._check(table, reader._Notes(entry, [])))


# The cache file --------------------------------------------------------------------------


def _code_key() -> list[int]:
    """Sizes and times of the code that makes rows: new code, new rows."""
    here = Path(__file__).parent.parent.parent  # the backtimer package
    key: list[int] = [FORMAT]
    for name in _CODE:
        try:
            info = os.stat(here / name)
        except OSError:
            key += [0, 0]
        else:
            key += [info.st_size, info.st_mtime_ns]
    return key


def _read_cache(cache_file: Path) -> _Cache | None:
    """The cache as saved, or None for anything missing, damaged or made by other code."""
    try:
        raw = json.loads(cache_file.read_bytes().decode("utf-8"))
        if raw["code"] != _code_key():
            return None
        rows = [_decode_row(item) for item in raw["rows"]]
        problems = [str(p) for p in raw["problems"]]
        orphans = [str(o) for o in raw["orphans"]]
        return _Cache(int(raw["size"]), str(raw["digest"]), rows, problems, orphans)
    except Exception:  # noqa: BLE001 - a bad cache is only a cache: rebuild it
        return None


def _write_cache(cache_file: Path, cache: _Cache) -> None:
    """Saved atomically (a temporary file renamed over it); a failure only costs speed."""
    names = [item.name for item in fields(SessionTotals)]
    document = {
        "code": _code_key(), "size": cache.size, "digest": cache.digest,
        "problems": cache.problems, "orphans": cache.orphans,
        "rows": [_encode_row(row, names) for row in cache.rows],
    }
    # Screens load from worker threads: each writer has a temporary file of its own.
    temporary = cache_file.with_name(
        f".{cache_file.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temporary.write_bytes(json.dumps(document, separators=(",", ":")).encode("utf-8"))
        os.replace(temporary, cache_file)
    except Exception:  # noqa: BLE001 - read-only folder, full disk: the next load rebuilds
        with contextlib.suppress(OSError):
            temporary.unlink()


_TIMES: tuple[tuple[str, type], ...] = (("dt", datetime), ("d", date), ("t", time))
_PARSE = {"dt": datetime.fromisoformat, "d": date.fromisoformat, "t": time.fromisoformat}


_TAGS: dict[type, str] = {datetime: "dt", date: "d", time: "t"}


def _encode_row(row: IndexRow, names: Sequence[str]) -> list[Any]:
    """[keys, times, totals, timedeltas, holds, span, amends, tallies]: JSON, no tags to walk.

    Times are written as ISO text and listed by key ("dt:started"), timedeltas in the
    totals as seconds and listed by place, so a load converts only those.
    """
    keys = dict(row._keys)
    times = []
    for key, value in keys.items():
        tag = _TAGS.get(type(value))
        if tag is None and isinstance(value, date | time):  # a subclass: as its base
            tag = next(t for t, kind in _TIMES if isinstance(value, kind))
        if tag is not None:
            times.append(f"{tag}:{key}")
            keys[key] = value.isoformat()
    totals = [getattr(row.totals, name) for name in names]
    spans = [place for place, value in enumerate(totals) if isinstance(value, timedelta)]
    for place in spans:
        totals[place] = totals[place].total_seconds()
    return [keys, times, totals, spans, row.holds, row.span, row.amends, row.tallies]


def _decode_row(item: list[Any]) -> IndexRow:
    keys, times, totals, spans, holds, span, amends, tallies = item
    if type(keys) is not dict or type(holds) is not dict:
        raise ValueError("not a row")
    for name in times:
        tag, key = name.split(":", 1)
        keys[key] = _PARSE[tag](keys[key])
    for place in spans:
        totals[place] = timedelta(seconds=totals[place])
    return IndexRow(keys, SessionTotals(*totals), holds,
                    (span[0], span[1]) if span is not None else None,
                    tuple((a, b) for a, b in amends),
                    tuple((str(n), str(k), float(b), int(d), float(t), int(s))
                          for n, k, b, d, t, s in tallies))


# For the screens -------------------------------------------------------------------------


def read_rows(path: Path | None = None) -> tuple[list[Mapping[str, Any]], list[str]]:
    """Every session as a row, oldest first, the newest one whole; and the problems.

    The newest session comes with its sets, since an interrupted one is offered to
    be picked up where it stopped. Screens call this from a worker thread; it never
    raises: a failure is a problem line, so the screen still shows what it can.
    """
    try:
        index = load_index(path)
        sessions: list[Mapping[str, Any]] = list(index.rows)
        if index.rows:
            latest = max(range(len(index.rows)),
                         key=lambda i: started_at(cast(SessionRecord, index.rows[i])))
            sessions[latest] = full_session(index.rows[latest], index.path)
    except Exception as exc:  # noqa: BLE001 - the screens must stay usable whatever happens
        return [], [f"The history could not be read: {exc}"]
    return sessions, list(index.problems)


def whole(session: Mapping[str, Any], path: Path | None = None) -> Mapping[str, Any]:
    """`session` with its sets: a row is read from its block, a session is itself."""
    return full_session(session, path) if isinstance(session, IndexRow) else session
