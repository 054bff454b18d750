"""Fuzzing the history: the reader never raises and never drops an intact session, and odd
values in a hand-edited file never break the readers after it."""

from __future__ import annotations

import io
import json
import math
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.cli.history import json_text, table_lines, write_csv, write_strong_csv
from backtimer.core import stats
from backtimer.core.durations import format_clock, format_duration
from backtimer.core.records import AmendChanges, SessionRecord
from backtimer.core.sample import sample_session
from backtimer.storage.history.reader import MAX_COUNT, MAX_SECONDS, read_history
from backtimer.storage.history.store import amend_block, session_block, table_block

AMENDED = ("rating", "notes")


@dataclass
class Layout:
    data: bytes
    heads: list[int]  # where each block's header line starts
    kinds: list[str]
    records: list[dict[str, Any]]  # the session of each block (amends: the amend table)

    def region(self, index: int) -> tuple[int, int]:
        """From a block's header to the next header: what the parser sees as that block."""
        end = self.heads[index + 1] if index + 1 < len(self.heads) else len(self.data)
        return self.heads[index], end


@st.composite
def layouts(draw: st.DrawFn) -> Layout:
    numbers = draw(st.lists(st.integers(0, 40), min_size=1, max_size=5, unique=True))
    blocks: list[tuple[str, bytes, dict[str, Any]]] = []
    for n in numbers:
        record = sample_session(n)
        blocks.append(("session", session_block(record), dict(record)))
        if draw(st.booleans()):
            changes: AmendChanges = {"rating": draw(st.integers(1, 3)), "notes": "ok"}
            amend = {"id": record["id"], **changes}
            blocks.append(("amend", amend_block(record["id"], changes), amend))
    data, heads = b"", []
    for index, (_, block, _) in enumerate(blocks):
        data += b"\n" if index else b""
        heads.append(len(data))
        data += block
    return Layout(data, heads, [b[0] for b in blocks], [b[2] for b in blocks])


garbage = st.one_of(
    st.binary(max_size=40).map(lambda b: b.replace(b"\n", b" ")),
    st.sampled_from([b"[[session]]", b"[[amend]]", b"[x]", b"x = 1", b'"""', b"sets = [",
                     b"[[session.sets]]", b"id = 3", b"\x00", b"#", b"=", b"]"]),
)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[Layout, bytes, set[int]]:
    """A layout, its bytes after one kind of damage, and the blocks the damage touched."""
    layout = draw(layouts())
    data = layout.data
    count = len(layout.heads)
    how = draw(st.sampled_from(["truncate", "insert", "flip"]))
    if how == "truncate":
        cut = draw(st.integers(0, len(data)))
        hit = {i for i in range(count) if layout.region(i)[1] > cut and
               # a cut exactly after a block's last newline leaves that block whole
               data[layout.region(i)[0]:cut].rstrip(b"\n") != data[slice(*layout.region(i))]
               .rstrip(b"\n")}
        return layout, data[:cut], hit
    if how == "insert":
        starts = [0, *(i + 1 for i, c in enumerate(data) if c == 10)]
        at = draw(st.sampled_from(starts))
        line = draw(garbage) + b"\n"
        hit = {i for i in range(count) if layout.region(i)[0] < at <= layout.region(i)[1]}
        return layout, data[:at] + line + data[at:], hit
    at = draw(st.integers(0, len(data) - 1))
    new = draw(st.integers(0, 255).filter(lambda b: b != data[at]))
    hit = {i for i in range(count) if layout.region(i)[0] <= at < layout.region(i)[1]}
    # A flipped newline just before a header breaks that header's line too.
    hit |= {i for i in range(count) if at == layout.heads[i] - 1}
    return layout, data[:at] + bytes([new]) + data[at + 1:], hit


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(case=damaged())
def test_reader_survives_damage_and_keeps_intact_sessions(
    case: tuple[Layout, bytes, set[int]], tmp_path_factory: Any
) -> None:
    """Never raises; every session whose block the damage missed is read exactly."""
    layout, data, hit = case
    path: Path = tmp_path_factory.mktemp("fuzz") / "history.toml"
    path.write_bytes(data)
    result = read_history(path)
    last = read_history(path, last=2)
    assert isinstance(result.problems, list) and isinstance(last.sessions, list)
    read = {s["id"]: s for s in result.sessions}
    # A damaged amend may still apply whatever keys it ended up with to its session.
    amended = {layout.records[i]["id"] for i in hit if layout.kinds[i] == "amend"}
    for index, kind in enumerate(layout.kinds):
        if kind != "session" or index in hit:
            continue
        record = layout.records[index]
        assert record["id"] in read, (index, hit)
        if record["id"] in amended:
            continue
        got = {k: v for k, v in read[record["id"]].items() if k not in AMENDED}
        # A torn header line of the next block (`[[`) cannot be told from a torn
        # `[[session.sets]]` of this one: only then may an intact session be marked.
        assert not got.pop("damaged", False) or index + 1 in hit, (index, hit)
        assert got == {k: v for k, v in record.items() if k not in AMENDED}
    for session in result.sessions:  # whatever was read is safe for other readers
        assert session["started"].tzinfo is not None
        assert isinstance(session["id"], str) and isinstance(session["sets"], list)
        assert all(isinstance(s, dict) for s in session["sets"])


# Values a hand edit can put where a number belongs: TOML has inf, nan and big integers.
odd_numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**80), 2**80),
    st.sampled_from([math.inf, -math.inf, math.nan, 1e308, -1, 0, 86401, 2**63 - 1]),
)
odd_times = st.datetimes(
    min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
    timezones=st.sampled_from([timezone(timedelta(hours=h)) for h in (-12, -1, 0, 5, 14)]),
)
SET_KEYS = ("done", "target", "hold", "set")


@st.composite
def odd_sessions(draw: st.DrawFn) -> SessionRecord:
    record: dict[str, Any] = dict(sample_session(draw(st.integers(0, 40))))  # odd values follow
    for item in record["sets"]:
        for key in draw(st.lists(st.sampled_from(SET_KEYS), max_size=2, unique=True)):
            item[key] = draw(odd_numbers)
    for key in draw(st.lists(st.sampled_from(["rating", "planned_sets", "mood"]), unique=True)):
        record[key] = draw(odd_numbers)
    for key in draw(st.lists(st.sampled_from(["started", "ended"]), max_size=1)):
        record[key] = draw(odd_times)
    return cast(SessionRecord, record)


def _no_constants(name: str) -> object:
    raise AssertionError(f"{name} is not JSON")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.lists(odd_sessions(), min_size=1, max_size=3))
def test_odd_numbers_never_break_readers_stats_or_exports(
    records: list[dict[str, Any]], tmp_path_factory: Any
) -> None:
    """inf, nan, huge numbers and far dates: everything after the reader works, JSON is JSON."""
    path: Path = tmp_path_factory.mktemp("odd") / "history.toml"
    # table_block, not session_block: the store would refuse a start the reader cannot use.
    path.write_bytes(b"\n".join(table_block("session", r) for r in records))
    sessions = read_history(path).sessions
    assert len(read_history(path, last=1).sessions) <= 1
    for session in sessions:  # the reader's promise
        planned = session.get("planned_sets", 0)
        assert type(planned) is int and 0 <= planned <= MAX_COUNT
        for item in session["sets"]:
            for key in ("done", "target", "hold"):
                assert 0 <= cast(float, item.get(key, 0)) <= MAX_SECONDS  # False for nan
            assert 0 <= item.get("set", 0) <= MAX_COUNT
    for best in stats.hold_bests(sessions):  # what the history screen shows
        format_duration(best.best)
        [format_duration(point) for point in best.trend]
    for session in sessions:
        totals = stats.session_totals(session)
        format_duration(totals.held)
        if totals.duration is not None:
            format_duration(totals.duration.total_seconds())
            format_clock(totals.duration.total_seconds())
        stats.month_days(sessions, session["started"].year, session["started"].month)
    stats.review(sessions, 2, date(2026, 11, 26))
    stats.back_to_back_days(sessions)
    table_lines(reversed(sessions))
    write_csv(sessions, io.StringIO())
    write_strong_csv(sessions, io.StringIO())
    json.loads(json_text(sessions), parse_constant=_no_constants)
