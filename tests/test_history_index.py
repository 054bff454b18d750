"""The history index: a cache that never changes what is read, however the file changes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from backtimer.cli.history import table_lines
from backtimer.core.history_text import row_cells, session_detail
from backtimer.core.programme import interrupted_session, programme_status, training_week
from backtimer.core.progress import suggest
from backtimer.core.records import SessionRecord, SetRecord
from backtimer.core.routine import Exercise, Routine
from backtimer.core.sample import sample_session, write_sample_history
from backtimer.core.stats import (
    day_counts,
    hold_bests,
    review,
    session_totals,
    weekly_counts,
)
from backtimer.storage.history import index, reader, store
from backtimer.storage.history.index import IndexRow, cache_path, full_session, load_index

TODAY = date(2026, 11, 20)


def light(session: Mapping[str, Any]) -> dict[str, Any]:
    """What a row holds of a session: its top-level keys that are not tables or lists."""
    return {k: v for k, v in session.items() if k != "sets" and not isinstance(v, dict | list)}


def assert_same(path: Path) -> index.HistoryIndex:
    """The index says exactly what the reader says: rows, order, problems, whole sessions."""
    read = reader.read_history(path)
    found = load_index(path)
    assert [dict(row) for row in found.rows] == [light(s) for s in read.sessions]
    assert found.problems == read.problems
    for row, session in zip(found.rows, read.sessions, strict=True):
        assert row.totals == session_totals(session)
        assert full_session(row, path) == session
    return found


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def session(n: int, **changes: Any) -> SessionRecord:
    return cast(SessionRecord, {**sample_session(n), **changes})


@pytest.fixture
def history(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "history.toml"
    write_sample_history(path, 30)
    return path


def test_rows_are_the_readers_sessions_without_their_sets(history: Path) -> None:
    """Cold and warm, the rows match the reader and sets come back from each block."""
    assert not cache_path(history).exists()
    assert_same(history)
    assert cache_path(history).exists()
    assert_same(history)  # now from the cache


def test_a_warm_load_parses_nothing(history: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once cached, an unchanged history is not parsed again."""
    load_index(history)

    def no_parse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(reader._Parse, "into", no_parse)
    assert len(load_index(history).rows) == 30


def test_an_append_parses_only_the_new_block(history: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """After an append only the bytes past the cached end are parsed."""
    load_index(history)
    size = history.stat().st_size
    store.append_session(session(40))
    parsed: list[int] = []
    real = reader._Parse.into

    def counting(self: reader._Parse, result: reader.HistoryRead) -> None:
        parsed.append(len(self.data))
        real(self, result)

    monkeypatch.setattr(reader._Parse, "into", counting)
    assert len(load_index(history).rows) == 31
    assert parsed == [history.stat().st_size - size]
    monkeypatch.undo()
    assert_same(history)


def test_stale_after_an_append_from_another_process(history: Path) -> None:
    """A session saved by another process is in the next load, cache or not."""
    assert_same(history)
    code = (
        "import sys\nfrom backtimer.storage.history import store\n"
        "from backtimer.core.sample import sample_session\n"
        "store.append_session(sample_session(99), __import__('pathlib').Path(sys.argv[1]))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(history)], check=True, timeout=60)
    found = assert_same(history)
    assert found.rows[-1]["id"] == sample_session(99)["id"]


def test_a_torn_last_block_and_the_append_after_it(history: Path) -> None:
    """A half-written last block reads as the reader reads it, before and after the next save."""
    assert_same(history)
    block = store.session_block(session(50))
    with open(history, "ab") as handle:
        handle.write(b"\n" + block[: len(block) // 2])
    torn = assert_same(history)
    assert torn.problems
    store.append_session(session(51))
    after = assert_same(history)
    assert after.rows[-1]["id"] == session(51)["id"]


def test_a_deleted_cache_is_rebuilt(history: Path) -> None:
    """Removing the cache loses nothing: it is made again from the file."""
    assert_same(history)
    cache_path(history).unlink()
    assert_same(history)
    assert cache_path(history).exists()


@pytest.mark.parametrize("garbage", [
    b"", b"\x00\xff\xfe", b"{", b"[]", b'{"code": 1}', b"null",
    b'{"code": [], "size": 1, "digest": "x", "rows": [1], "problems": [], "orphans": []}',
])
def test_a_garbage_cache_is_never_an_error(history: Path, garbage: bytes) -> None:
    """Whatever the cache file holds, the rows are the reader's."""
    assert_same(history)
    cache_path(history).write_bytes(garbage)
    assert_same(history)


def test_a_cache_with_wrong_rows_but_the_right_key_is_not_trusted_past_the_file(
    history: Path,
) -> None:
    """A cache whose digest does not match the file's bytes is rebuilt, not believed."""
    assert_same(history)
    cached = json.loads(cache_path(history).read_text())
    cached["digest"] = "0" * 64
    cached["rows"] = cached["rows"][:3]
    cache_path(history).write_text(json.dumps(cached))
    assert len(assert_same(history).rows) == 30


def test_a_history_edited_by_hand_in_the_middle(history: Path) -> None:
    """An edit that keeps the size (and even the time) is still noticed."""
    assert_same(history)
    data = history.read_bytes()
    stamp = history.stat()
    edited = data.replace(b'status = "completed"', b'status = "stopped__"', 1)
    assert len(edited) == len(data)
    history.write_bytes(edited.replace(b'"stopped__"', b'"stopped"  ', 1))
    os.utime(history, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    found = assert_same(history)
    assert "stopped" in [row.get("status") for row in found.rows[:2]]


def test_duplicate_ids_and_amends_old_and_new(history: Path) -> None:
    """A repeated id (a retried save) and amends before and after the cache read as the reader."""
    assert_same(history)
    first = sample_session(0)["id"]
    store.append_amend(first, {"rating": 3, "notes": "old one"})
    assert_same(history)
    store.append_session(session(0, status="stopped"))  # the same id again: later wins
    assert_same(history)
    store.append_amend("nobody-yet", {"rating": 1})
    assert_same(history)
    store.append_session(session(77, id="nobody-yet"))  # an amend written before it
    found = assert_same(history)
    assert found.rows[-1].get("rating") == 1


def test_twins_with_the_same_keys_keep_their_own_sets(tmp_path: Path) -> None:
    """Two sessions sharing an id, a start and a status but not their sets (a file
    edited by hand): each row opens with its own sets, not its twin's."""
    path = tmp_path / "data" / "history.toml"
    start = datetime(2026, 10, 1, 1, tzinfo=UTC)
    plank: SetRecord = {"exercise": "Plank", "kind": "hold", "done": 30.0, "skipped": False}
    twins = [session(1, id="s1", started=start, status="stopped", sets=[]),
             session(1, id="s1", started=start - timedelta(hours=1), sets=[]),
             session(1, id="s1", started=start, status="stopped", sets=[plank])]
    write(path, b"\n".join(store.session_block(t) for t in twins))
    found = assert_same(path)  # each row's whole session is the reader's
    assert sorted(len(full_session(row, path)["sets"]) for row in found.rows) == [0, 0, 1]


def test_a_cache_that_cannot_be_written_is_harmless(history: Path) -> None:
    """A cache path taken by a folder costs only speed."""
    cache_path(history).mkdir()
    assert_same(history)
    assert_same(history)


def test_the_history_file_is_never_changed(history: Path) -> None:
    """Loading, extending and rebuilding the index leave history.toml byte for byte."""
    before = history.read_bytes()
    load_index(history)
    cache_path(history).write_bytes(b"junk")
    load_index(history)
    assert history.read_bytes() == before


def test_a_missing_or_unreadable_history(tmp_path: Path) -> None:
    """No file: no rows and no cache; a folder in its place: the reader's problem line."""
    path = tmp_path / "data" / "history.toml"
    assert load_index(path).rows == [] and not cache_path(path).exists()
    path.mkdir(parents=True)
    found = load_index(path)
    assert found.unreadable and found.problems == reader.read_history(path).problems


def test_a_byte_order_mark_and_a_preamble_comment(tmp_path: Path) -> None:
    """Spans count the bytes before the first block, so each session reads back whole."""
    path = tmp_path / "history.toml"
    blocks = b"".join(store.session_block(session(n)) + b"\n" for n in range(4))
    write(path, reader.BOM + b"# my training\n\n" + blocks)
    assert_same(path)
    store.append_session(session(9), path)
    assert_same(path)


# The index never changes what a screen or an export reports ------------------------------

PLANK = Exercise("Plank", hold=30)


def shown(renderable: Any) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text(styles=True)


def reports(sessions: list[Any], path: Path) -> list[Any]:
    """Everything the home and history screens and the step-up check work out."""
    core = Routine("Core stability", (PLANK,), source=Path("core-stability.toml"))
    week = Routine("Week 1", (PLANK,), source=Path("core-stability.toml"), program="Plan",
                   week=1)
    latest = interrupted_session(sessions)
    whole = [full_session(s, path) if isinstance(s, IndexRow) else s for s in sessions]
    return [
        weekly_counts(sessions, TODAY), day_counts(sessions), hold_bests(sessions),
        review(sessions, 2, TODAY), training_week(sessions, TODAY),
        programme_status([week], sessions, TODAY, 2),
        None if latest is None else latest.get("id"),
        [row_cells(s, TODAY) for s in sessions], [row_cells(s, TODAY, compact=True)
                                                   for s in sessions],
        [shown(session_detail(s, TODAY)) for s in whole],
        suggest(core, whole),
        table_lines(reversed(sessions)),
    ]


def test_screens_report_the_same_from_rows_as_from_sessions(history: Path) -> None:
    """Weeks, streaks, calendar, bests, table rows, details and step-ups agree."""
    store.append_session(session(60, status="interrupted", sets=[]))
    store.append_amend(sample_session(3)["id"], {"rating": 2, "notes": "felt fine"})
    rows = list(load_index(history).rows)
    assert reports(rows, history) == reports(reader.read_history(history).sessions, history)


TIMES = st.integers(0, 400).map(lambda h: datetime(2026, 10, 1, tzinfo=UTC) + timedelta(hours=h))
SET = st.fixed_dictionaries({
    "exercise": st.sampled_from(["Plank", "Bird dog", "Side plank"]),
    "kind": st.sampled_from(["hold", "reps", "warmup"]),
    "done": st.one_of(st.integers(0, 40), st.floats(0, 90)),
    "skipped": st.booleans(),
})
SESSION = st.fixed_dictionaries(
    {"id": st.sampled_from([f"s{i}" for i in range(8)]), "started": TIMES,
     "status": st.sampled_from(["completed", "stopped", "pain", "interrupted"]),
     "routine_file": st.sampled_from(["core-stability.toml", "other.toml"]),
     "sets": st.lists(SET, max_size=4)},
    optional={"planned_sets": st.integers(0, 12), "rating": st.integers(1, 3),
              "ended": TIMES, "resumed_from": st.sampled_from(["s1", "s2"])},
)
STEP = st.one_of(
    st.tuples(st.just("session"), SESSION),
    st.tuples(st.just("amend"), st.tuples(st.sampled_from([f"s{i}" for i in range(10)]),
                                          st.integers(1, 3))),
    st.tuples(st.just("torn"), SESSION),
    st.tuples(st.just("edit"), st.integers(0, 10_000)),
    st.tuples(st.just("drop cache"), st.none()),
)


def apply(path: Path, step: tuple[str, Any]) -> None:
    kind, value = step
    if kind == "session":
        store.append_session(value, path)
    elif kind == "amend":
        store.append_amend(value[0], {"rating": value[1]}, path)
    elif kind == "torn":
        block = store.session_block(value)
        with open(path, "ab") as handle:
            handle.write(b"\n" + block[: len(block) * 2 // 3])
    elif kind == "edit" and path.exists() and path.stat().st_size:
        data = bytearray(path.read_bytes())
        at = value % len(data)
        data[at:at + 1] = b"7" if data[at:at + 1].isdigit() else data[at:at + 1]
        path.write_bytes(bytes(data))
    elif kind == "drop cache":
        cache_path(path).unlink(missing_ok=True)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(steps=st.lists(STEP, min_size=1, max_size=10))
def test_any_history_reads_the_same_through_the_index(tmp_path: Path,
                                                     steps: list[tuple[str, Any]]) -> None:
    """Appends, amends, repeated ids, torn writes, edits and a lost cache: always the reader's."""
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "history.toml"
    for step in steps:
        apply(path, step)
        if path.exists():
            found = assert_same(path)
            rows = list(found.rows)
            assert reports(rows, path) == reports(reader.read_history(path).sessions, path)


def test_a_second_load_in_the_same_process_reuses_the_rows(
    history: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An unchanged file is not read again by the next screen; a save is seen at once."""
    monkeypatch.setattr(index, "SETTLED_NS", 0)
    first = load_index(history)

    def unread(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("read again")

    with monkeypatch.context() as patch:
        patch.setattr(index._Indexer, "run", unread)
        again = load_index(history)
    assert again.rows == first.rows and again.rows is not first.rows
    store.append_session(session(70))
    assert_same(history)


def test_a_file_changed_just_now_is_never_taken_from_memory(
    history: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A write in the same clock tick as a read could keep every time stamp: not kept."""
    monkeypatch.setattr(index, "_last", None)
    changed = history.stat().st_ctime_ns
    # The clock reads one millisecond after the file's last change.
    monkeypatch.setattr(index, "clock", SimpleNamespace(time_ns=lambda: changed + 1_000_000))
    load_index(history)
    assert index._last is None
    data = history.read_bytes()
    history.write_bytes(data.replace(b'"completed"', b'"stopped"  ', 1))
    assert_same(history)


def test_the_charts_read_the_same_from_index_rows(tmp_path: Path) -> None:
    """Charts worked out from index rows (no sets) equal those from whole sessions."""
    from backtimer.core.charts import chart_data
    from backtimer.core.sample import write_sample_history

    path = tmp_path / "history.toml"
    write_sample_history(path, 60)
    whole = chart_data(reader.read_history(path).sessions, TODAY, 2)
    load_index(path)  # the cache is written
    rows = load_index(path).rows
    assert rows and all(isinstance(r, index.IndexRow) and "sets" not in r for r in rows)
    assert chart_data(cast(list[SessionRecord], rows), TODAY, 2) == whole


# The cache file grows by a line per save ----------------------------------------------


def fresh_load(path: Path) -> index.HistoryIndex:
    """A load as a new process makes it: from the cache file, not the rows in memory."""
    index._last = None
    return assert_same(path)


def test_a_save_adds_a_line_to_the_cache_and_leaves_the_rest(history: Path) -> None:
    """An append is one more line in the cache; the rows before it are not written again."""
    fresh_load(history)
    before = cache_path(history).read_bytes()
    store.append_session(session(40))
    fresh_load(history)
    after = cache_path(history).read_bytes()
    assert after.startswith(before) and after.count(b"\n") > before.count(b"\n")
    store.append_amend(session(40)["id"], {"rating": 3})  # amends a row already cached
    store.append_amend(sample_session(2)["id"], {"notes": "an old one"})
    found = fresh_load(history)
    assert found.rows[-1].get("rating") == 3
    assert cache_path(history).read_bytes().startswith(after)
    fresh_load(history)  # and read back from the lines alone


def test_an_earlier_session_saved_later_is_put_in_its_place(history: Path) -> None:
    """A session older than the cached ones (a recovered one) is sorted in, as the reader does."""
    fresh_load(history)
    store.append_session(session(5, id="recovered", started=sample_session(5)["started"]
                                 + timedelta(minutes=1)))
    found = fresh_load(history)
    assert [row["id"] for row in found.rows].index("recovered") == 6


@pytest.mark.parametrize("damage", ["torn", "twice", "foreign", "junk"])
def test_a_bad_line_in_the_cache_is_passed_over(history: Path, damage: str) -> None:
    """A line cut short, written twice, made from other rows, or junk: the reader's rows."""
    fresh_load(history)
    store.append_session(session(40))
    fresh_load(history)
    first, line = cache_path(history).read_bytes().rstrip(b"\n").rsplit(b"\n", 1)
    other = json.loads(line)
    other["from"][1] = "0" * 64
    cache_path(history).write_bytes({
        "torn": first + b"\n" + line[: len(line) // 2],
        "twice": first + b"\n" + line + b"\n" + line + b"\n",
        "foreign": first + b"\n" + json.dumps(other).encode() + b"\n",
        "junk": first + b"\n\x00\xff{\n" + line + b"\n",
    }[damage])
    fresh_load(history)
    store.append_session(session(41))
    fresh_load(history)
    assert fresh_load(history).rows[-1]["id"] == session(41)["id"]


def test_the_cache_is_written_whole_again_after_many_lines(
    history: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Lines pile up only so far: then the cache is one line again."""
    monkeypatch.setattr(index, "MAX_LINES", 3)
    fresh_load(history)
    for n in range(40, 44):
        store.append_session(session(n))
        fresh_load(history)
    assert cache_path(history).read_bytes().strip().count(b"\n") < 3
    assert len(fresh_load(history).rows) == 34


def test_damaged_chart_numbers_in_the_cache_are_read_from_the_file(history: Path) -> None:
    """Chart tallies that no longer decode are worked out from the session's block."""
    from backtimer.core.charts import session_tallies

    fresh_load(history)
    document = json.loads(cache_path(history).read_bytes())
    for row in document["rows"]:
        row[-2] = "[[1]]"  # the tallies: valid JSON, not tallies
    cache_path(history).write_text(json.dumps(document))
    rows = fresh_load(history).rows
    sessions = reader.read_history(history).sessions
    assert [row.tallies for row in rows] == [session_tallies(s) for s in sessions]
