"""Fuzzing a valid history: the reader never raises and never drops an intact session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backtimer.history.reader import read_history
from backtimer.history.sample import sample_session
from backtimer.history.store import amend_block, session_block

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
        blocks.append(("session", session_block(record), record))
        if draw(st.booleans()):
            amend = {"id": record["id"], "rating": draw(st.integers(1, 3)), "notes": "ok"}
            blocks.append(("amend", amend_block(record["id"], amend), amend))
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
        assert got == {k: v for k, v in record.items() if k not in AMENDED}
    for session in result.sessions:  # whatever was read is safe for other readers
        assert session["started"].tzinfo is not None
        assert isinstance(session["id"], str) and isinstance(session["sets"], list)
        assert all(isinstance(s, dict) for s in session["sets"])
