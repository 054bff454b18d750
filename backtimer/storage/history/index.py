"""A derived index of history.toml: one light row per session, kept beside it (pure).

CONTRACT:

    index = load_index()          # path defaults to backtimer.storage.paths.history_file()
    index.rows                    # list[IndexRow], oldest first, exactly the sessions
                                  # read_history() returns (same order, same ids)
    index.problems, index.path, index.unreadable   # as in HistoryRead
    full_session(row)             # the session dict read_history() would give, sets and
                                  # all, parsed from the row's own block (and its amends)

An IndexRow is a dict of the session's top-level keys (id, routine, routine_file,
started, ended, status, rating, notes, planned_sets, resumed_from...: every key that
is not a table or a list) without its sets, never changed once made; `row.totals` is
`stats.session_totals` of the whole session, `row.holds` the best hold of each
exercise in it and `row.counts` whether it counts as training on its own, worked out
when the row was made. The stats and programme functions accept rows wherever they
accept sessions.

history.toml stays the only record. The index (`history-index.json` beside it) is
a cache: it is trusted only while the bytes it was made from are still the start
of the file (size and SHA-256 of those bytes), and only for the code that made it.
When a file that read cleanly has grown, only the appended bytes are parsed and
one line is added to the cache; any other change, damage anywhere, a repeated id or
an amend the rows cannot follow rebuilds it from the file. A missing, damaged or
foreign cache is rebuilt; one that cannot be written is simply not kept. Nothing
here ever writes history.toml.
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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, cast

from backtimer.core.charts import Tally, session_tallies
from backtimer.core.records import SessionRecord
from backtimer.core.stats import SessionTotals, session_best_holds, session_totals
from backtimer.core.workouts import SessionNumbers, Workout, counts_as_training
from backtimer.storage import paths
from backtimer.storage.history import reader

SETTLED_NS = 50_000_000  # a file unchanged this long has time stamps a new write would move
FORMAT = 2  # bump when the layout of the cache file changes
MAX_LINES = 64  # extensions appended to the cache file before it is written whole again
CACHE_SUFFIX = "-index.json"
# The code that works rows out: a change to any of these makes old rows stale.
_CODE = ("storage/history/index.py", "storage/history/reader.py", "core/stats.py",
         "core/workouts.py", "core/charts.py", "core/programme.py", "__init__.py")

Span = tuple[int, int]


class IndexRow(dict[str, Any]):
    """One session without its sets: its top-level keys, its totals and its best holds.

    A dict, so the statistics' many `.get` calls run at C speed; rows are never changed
    once made (see `new_row`). What only some screens ask for (totals, chart tallies) is
    decoded from the cache when first asked.
    """

    __slots__ = ("_totals", "_numbers", "holds", "_tallies", "span", "amends", "counts",
                 "source")
    _totals: SessionTotals | list[Any]  # or its fields as the cache holds them
    _numbers: SessionNumbers | None
    holds: dict[str, float]  # exercise -> the longest hold of it in this session (s)
    _tallies: tuple[Tally, ...] | str  # or their JSON text
    span: Span | None  # bytes of its [[session]] block in the file; None: unknown
    amends: tuple[Span, ...]  # bytes of each [[amend]] block for it, in file order
    counts: bool  # workouts.counts_as_training of it alone, asked of every row
    source: Path | None  # the history it came from, should a cached part be unreadable

    @property
    def totals(self) -> SessionTotals:
        """stats.session_totals of the whole session."""
        totals = self._totals
        if not isinstance(totals, SessionTotals):
            totals = self._totals = SessionTotals(*totals)
        return totals

    @property
    def numbers(self) -> SessionNumbers:
        """workouts.session_numbers of the whole session."""
        numbers = self._numbers
        if numbers is None:
            totals = self.totals
            numbers = self._numbers = SessionNumbers(
                sets_done=totals.sets_done, sets_planned=totals.sets_planned,
                sets_skipped=totals.sets_skipped, active=totals.active,
                elapsed=None if totals.duration is None else totals.duration.total_seconds(),
                held=totals.held, working=totals.working,
            )
        return numbers

    @property
    def tallies(self) -> tuple[Tally, ...]:
        """charts.session_tallies of the whole session."""
        tallies = self._tallies
        if isinstance(tallies, str):
            try:
                tallies = _decode_tallies(tallies)
            except (ValueError, TypeError):  # a cache edited by hand: ask the file
                tallies = session_tallies(self._whole())
            self._tallies = tallies
        return tallies

    def _whole(self) -> SessionRecord:
        return full_session(self, self.source)

    def __repr__(self) -> str:
        return f"IndexRow({self.get('id')!r})"


def new_row(keys: Mapping[str, Any] | Iterable[tuple[str, Any]],
            totals: SessionTotals | list[Any],
            holds: dict[str, float], span: Span | None, amends: tuple[Span, ...],
            tallies: tuple[Tally, ...] | str, counts: bool, source: Path | None) -> IndexRow:
    row = IndexRow(keys)
    row._totals, row._numbers, row.holds, row._tallies = totals, None, holds, tallies
    row.span, row.amends, row.counts, row.source = span, amends, counts, source
    return row


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
# Screens ask from several threads at once: the second waits and takes the first's rows.
_loading = threading.Lock()


def load_index(path: Path | None = None) -> HistoryIndex:
    """The rows of every session; never raises, never writes the history."""
    path = path or paths.history_file()
    with _loading:
        return _load(path)


def _load(path: Path) -> HistoryIndex:
    global _last
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
    rows = [make_row(s, None, (), path) for s in result.sessions]
    return HistoryIndex(rows, list(result.problems), path, result.unreadable)


@dataclass
class _Cache:
    size: int  # bytes of the history the rows were made from (BOM included)
    digest: str  # SHA-256 of those bytes
    rows: list[IndexRow]
    problems: list[str]
    orphans: list[str]  # ids named by amends that no session had
    lines: int = 1  # in the cache file: the whole rows, then one line per extension


@dataclass
class _Delta:
    """One extension of the rows: what a line appended to the cache file says."""

    added: list[IndexRow]  # the new sessions' rows, in file order
    replaced: list[tuple[int, IndexRow]]  # (place among the rows before, amended row)
    orphans: set[str]  # ids named by the new amends that no session has yet


def _apply(rows: Sequence[IndexRow], delta: _Delta) -> list[IndexRow]:
    """The rows after `delta`, in the reader's order (by start, stable)."""
    out = [*rows, *delta.added]
    for place, row in delta.replaced:
        out[place] = row
    # Usually the new sessions are the newest and no start moved: nothing to sort.
    moved = [p for p, _ in delta.replaced] + list(range(len(rows), len(out)))
    if any(p > 0 and out[p - 1]["started"] > out[p]["started"]
           or p + 1 < len(out) and out[p]["started"] > out[p + 1]["started"] for p in moved):
        out.sort(key=lambda row: row["started"])
    return out


class _Indexer:
    """One load: the cache checked, extended or rebuilt, and saved when it changed."""

    def __init__(self, path: Path, data: bytes, handle: Any) -> None:
        self.path, self.data, self.handle = path, data, handle
        self.base = len(reader.BOM) if data.startswith(reader.BOM) else 0
        self.cache_file = cache_path(path)

    def run(self) -> HistoryIndex:
        cached = _read_cache(self.cache_file, self.path)
        digest = hashlib.sha256()
        data = memoryview(self.data)  # slices of it are not copies of megabytes
        if cached is not None and 0 < cached.size <= len(self.data):
            digest.update(data[: cached.size])
            if digest.hexdigest() == cached.digest:
                if cached.size == len(self.data):
                    return self._done(cached)
                delta = self._extend(cached)
                if delta is not None:
                    digest.update(data[cached.size:])
                    return self._done(self._extended(cached, delta, digest.hexdigest()))
        built = self._build()
        _write_cache(self.cache_file, built)
        return self._done(built)

    def _extended(self, cached: _Cache, delta: _Delta, digest: str) -> _Cache:
        """The cache after `delta`, saved as one more line (or whole, now and then)."""
        extended = _Cache(len(self.data), digest, _apply(cached.rows, delta), cached.problems,
                          sorted({*cached.orphans, *delta.orphans}), cached.lines + 1)
        if extended.lines > MAX_LINES:
            extended.lines = 1
            _write_cache(self.cache_file, extended)
        else:
            _append_cache(self.cache_file, cached, extended, delta)
        return extended

    def _done(self, cache: _Cache) -> HistoryIndex:
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
        # Sessions sharing an id (both kept, the reader amends only one of them) keep
        # their own block but no amends: full_session checks the block still says what
        # the row does, and otherwise finds the session in a full read.
        rows = [make_row(s, spans.get(id(s)),
                         amends.get(s["id"], ()) if ids[s["id"]] == 1 else (), self.path)
                for s in result.sessions]
        known = {s["id"] for s in result.sessions}
        orphans = sorted(set(amends) - known)
        return _Cache(len(self.data), hashlib.sha256(self.data).hexdigest(), rows,
                      list(result.problems), orphans)

    def _extend(self, cached: _Cache) -> _Delta | None:
        """What the appended bytes add to the rows, or None when only a rebuild is right."""
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
        added = [make_row(s, spans[id(s)], new_amends.get(s["id"], ()), self.path)
                 for s in result.sessions]
        return self._amended(cached, new_amends, added)

    def _amended(self, cached: _Cache, new_amends: dict[str, tuple[Span, ...]],
                 added: list[IndexRow]) -> _Delta | None:
        """The delta with the amends of older sessions applied to their rows."""
        by_id = {row["id"]: i for i, row in enumerate(cached.rows)}
        new_ids = {row["id"] for row in added}
        replaced: list[tuple[int, IndexRow]] = []
        orphans: set[str] = set()
        for target, spans in new_amends.items():
            if target in by_id:
                old = cached.rows[by_id[target]]
                amended = self._reread(old, spans)
                if amended is None:
                    return None
                replaced.append((by_id[target],
                                 make_row(amended, old.span, old.amends + spans, self.path)))
            elif target not in new_ids:
                orphans.add(target)
        return _Delta(added, replaced, orphans)

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


def make_row(session: SessionRecord, span: Span | None, amends: tuple[Span, ...] = (),
             source: Path | None = None) -> IndexRow:
    """The light row of a session as the reader returns it."""
    return new_row(_light(session), session_totals(session), session_best_holds(session),
                   span, amends, session_tallies(session),
                   counts_as_training(Workout((session,))), source)


def _light(session: SessionRecord) -> dict[str, Any]:
    return {k: v for k, v in session.items() if k != "sets" and _plain(v)}


def _plain(value: Any) -> bool:
    return isinstance(value, str | int | float | bool | date | time)


def full_session(row: IndexRow, path: Path | None = None) -> SessionRecord:
    """The whole session for a row, sets included, as read_history() gives it.

    Read from the row's own blocks; should the file no longer hold them there, from
    a full read. A session no longer found gives the row's keys without sets.
    """
    path = path or paths.history_file()
    keys = dict(row)
    if row.span is not None:
        with contextlib.suppress(OSError):
            session = _session_from_file(path, row.span, row.amends)
            if session is not None and _light(session) == keys:
                return session
    for candidate in reader.read_history(path).sessions:
        # Ids can repeat in a hand-edited file: the session is the one with all its keys.
        if candidate.get("id") == row.get("id") and _light(candidate) == keys:
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
#
# One JSON document a line. The first holds every row and says which code made them;
# each later line extends the rows before it by what an append to the history added,
# so a save costs one short line instead of the whole file. A line applies only to the
# rows it was made from (their size and digest): a torn line, or one written by another
# process from other rows, is passed over.


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


def _read_cache(cache_file: Path, source: Path) -> _Cache | None:
    """The cache as saved, or None for anything missing, damaged or made by other code."""
    try:
        first, *more = cache_file.read_bytes().split(b"\n")
        raw = json.loads(first.decode("utf-8"))
        if raw["code"] != _code_key():
            return None
        rows = _Decoder(raw["shapes"], source).rows(raw["rows"])
        problems = [str(p) for p in raw["problems"]]
        orphans = [str(o) for o in raw["orphans"]]
        cache = _Cache(int(raw["size"]), str(raw["digest"]), rows, problems, orphans)
    except Exception:  # noqa: BLE001 - a bad cache is only a cache: rebuild it
        return None
    for line in more:
        if line.strip():
            cache = _extended_by(cache, line, source)
    return cache


def _extended_by(cache: _Cache, line: bytes, source: Path) -> _Cache:
    """`cache` with one appended line applied, or as it is when the line is not for it."""
    lines = cache.lines + 1
    try:
        raw = json.loads(line.decode("utf-8"))
        if raw["from"] != [cache.size, cache.digest]:
            return replace(cache, lines=lines)
        decoder = _Decoder(raw["shapes"], source)
        added = decoder.rows(raw["rows"])
        places = [int(place) for place in raw["places"]]
        replaced = list(zip(places, decoder.rows(raw["replaced"]), strict=True))
        if not all(0 <= place < len(cache.rows) for place in places):
            raise ValueError("not a place among the rows")
        orphans = [str(o) for o in raw["orphans"]]
        delta = _Delta(added, replaced, set())
        return _Cache(int(raw["size"]), str(raw["digest"]), _apply(cache.rows, delta),
                      cache.problems, orphans, lines)
    except Exception:  # noqa: BLE001 - a torn or foreign line: the rows before it stand
        return replace(cache, lines=lines)


def _write_cache(cache_file: Path, cache: _Cache) -> None:
    """Saved atomically (a temporary file renamed over it); a failure only costs speed."""
    encoder = _Encoder()
    rows = [encoder.row(row) for row in cache.rows]
    document = {
        "code": _code_key(), "size": cache.size, "digest": cache.digest,
        "problems": cache.problems, "orphans": cache.orphans, "shapes": encoder.shapes,
        "rows": rows,
    }
    # Screens load from worker threads: each writer has a temporary file of its own.
    temporary = cache_file.with_name(
        f".{cache_file.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temporary.write_bytes(_dumps(document) + b"\n")
        os.replace(temporary, cache_file)
    except Exception:  # noqa: BLE001 - read-only folder, full disk: the next load rebuilds
        with contextlib.suppress(OSError):
            temporary.unlink()


def _append_cache(cache_file: Path, before: _Cache, after: _Cache, delta: _Delta) -> None:
    """One line that turns the rows of `before` into those of `after`."""
    encoder = _Encoder()
    added = [encoder.row(row) for row in delta.added]
    replaced = [encoder.row(row) for _, row in delta.replaced]
    line = {
        "from": [before.size, before.digest], "size": after.size, "digest": after.digest,
        "orphans": after.orphans, "shapes": encoder.shapes, "rows": added,
        "places": [place for place, _ in delta.replaced], "replaced": replaced,
    }
    # The newline first: a line torn by a crash stays a line of its own, passed over.
    # No O_CREAT: a cache removed meanwhile is rebuilt whole, not started with a line.
    with contextlib.suppress(OSError), open(
            os.open(cache_file, os.O_WRONLY | os.O_APPEND), "ab") as handle:
        handle.write(b"\n" + _dumps(line) + b"\n")


def _dumps(document: object) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode("utf-8")


_TIMES: tuple[tuple[str, type], ...] = (("dt", datetime), ("d", date), ("t", time))
_PARSE = {"dt": datetime.fromisoformat, "d": date.fromisoformat, "t": time.fromisoformat}
_TAGS: dict[type, str] = {datetime: "dt", date: "d", time: "t"}
_TOTALS = tuple(item.name for item in fields(SessionTotals))

# A row is one flat list, which JSON reads about twice as fast as nested tables:
#   [shape, *key values, *totals, holds, span start, span end, amends, tallies, counts]
# The shape (listed once per line) names the keys, which of them are times (written as
# ISO text) and which totals are timedeltas (written as seconds). The chart tallies are
# JSON text inside the JSON: read past as one string, decoded when charted.
_Shape = tuple[tuple[tuple[str, str], ...], tuple[int, ...]]


class _Encoder:
    def __init__(self) -> None:
        self.shapes: list[_Shape] = []
        self._known: dict[_Shape, int] = {}

    def row(self, row: IndexRow) -> list[Any]:
        keys: list[tuple[str, str]] = []
        values: list[Any] = []
        for key, value in row.items():
            tag = _TAGS.get(type(value), "")
            if not tag and isinstance(value, date | time):  # a subclass: as its base
                tag = next(t for t, kind in _TIMES if isinstance(value, kind))
            keys.append((key, tag))
            values.append(value.isoformat() if tag else value)
        known = row._totals
        totals = (list(known) if isinstance(known, list)
                  else [getattr(known, name) for name in _TOTALS])
        durations = tuple(place for place, value in enumerate(totals)
                          if isinstance(value, timedelta))
        for place in durations:
            totals[place] = totals[place].total_seconds()
        shape = (tuple(keys), durations)
        number = self._known.setdefault(shape, len(self.shapes))
        if number == len(self.shapes):
            self.shapes.append(shape)
        span = row.span or (None, None)
        return [number, *values, *totals, row.holds, span[0], span[1],
                row.amends, _text(row._tallies), row.counts]


def _text(value: tuple[Tally, ...] | str) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


class _Decoder:
    def __init__(self, shapes: list[Any], source: Path) -> None:
        self.source = source
        self.shapes = []
        for keys, durations in shapes:
            names = tuple(str(name) for name, _ in keys)
            times = tuple((str(name), _PARSE[tag]) for name, tag in keys if tag)
            start = 1 + len(names)  # the totals follow the keys' values
            self.shapes.append((names, times, tuple(int(p) for p in durations), start,
                                start + len(_TOTALS)))

    def rows(self, items: list[list[Any]]) -> list[IndexRow]:
        return [self.row(item) for item in items]

    def row(self, item: list[Any]) -> IndexRow:
        names, times, durations, start, end = self.shapes[item[0]]
        totals = item[start:end]
        for place in durations:
            totals[place] = timedelta(seconds=totals[place])
        holds, first, stop, amends, tallies, counts = item[end:]
        if type(holds) is not dict or type(tallies) is not str or type(counts) is not bool:
            raise ValueError("not a row")
        # The keys go straight into the row, and their times are parsed there: a copy
        # of them per row was a fifth of a 10,000-row load.
        row = new_row(zip(names, item[1:start], strict=True), totals, holds,
                      None if first is None else (first, stop),
                      tuple((a, b) for a, b in amends) if amends else (), tallies, counts,
                      self.source)
        for name, parse in times:
            row[name] = parse(row[name])
        return row


def _decode_tallies(text: str) -> tuple[Tally, ...]:
    return tuple((str(n), str(k), float(b), int(d), float(t), int(s))
                 for n, k, b, d, t, s in json.loads(text))


# For the screens -------------------------------------------------------------------------


def read_rows(path: Path | None = None) -> tuple[list[SessionRecord], list[str]]:
    """Every session as a row, oldest first, the newest one whole; and the problems.

    The newest session comes with its sets, since an interrupted one is offered to
    be picked up where it stopped. Screens call this from a worker thread; it never
    raises: a failure is a problem line, so the screen still shows what it can.
    """
    try:
        index = load_index(path)
        # A row reads as a session record without its sets (see IndexRow).
        sessions = cast(list[SessionRecord], list(index.rows))
        if index.rows:
            latest = _newest(index.rows)
            sessions[latest] = full_session(index.rows[latest], index.path)
    except Exception as exc:  # noqa: BLE001 - the screens must stay usable whatever happens
        return [], [f"The history could not be read: {exc}"]
    return sessions, list(index.problems)


def _newest(rows: Sequence[IndexRow]) -> int:
    """Where `max(rows, key=started_at)` is: the first of the latest start, as the rows
    are in the reader's order (by start) and their starts are aware datetimes."""
    place = len(rows) - 1
    newest = rows[place]["started"]
    while place and rows[place - 1]["started"] == newest:
        place -= 1
    return place


def whole(session: SessionRecord, path: Path | None = None) -> SessionRecord:
    """`session` with its sets: a row is read from its block, a session is itself."""
    return full_session(session, path) if isinstance(session, IndexRow) else session
