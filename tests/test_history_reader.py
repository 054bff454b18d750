"""Reading history.toml: every intact session, damaged lines reported by number."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from backtimer.core.records import SessionRecord
from backtimer.core.sample import sample_session, write_sample_history
from backtimer.storage.history import reader
from backtimer.storage.history.reader import read_history
from backtimer.storage.history.store import amend_block, session_block


def write(path: Path, *blocks: bytes | str) -> Path:
    parts = [b if isinstance(b, bytes) else b.encode() for b in blocks]
    path.write_bytes(b"\n".join(parts))
    return path


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line containing `text`."""
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_missing_and_empty_files_are_empty(tmp_path: Path) -> None:
    """No file, an empty one and one with only comments read as no sessions, no problems."""
    assert read_history(tmp_path / "none.toml").sessions == []
    for text in ("", "\n\n", "# my training log\n"):
        result = read_history(write(tmp_path / "history.toml", text))
        assert result.sessions == [] and result.problems == []


def test_amends_merge_and_later_keys_win(tmp_path: Path) -> None:
    """Amends are merged in file order; the session list is oldest first."""
    one, two = sample_session(1), sample_session(0)
    path = write(tmp_path / "history.toml", session_block(one), session_block(two),
                 amend_block(one["id"], {"rating": 1, "notes": "easy"}),
                 amend_block(one["id"], {"rating": 3}))
    result = read_history(path)
    assert [s["id"] for s in result.sessions] == [two["id"], one["id"]]
    assert result.sessions[1]["rating"] == 3 and result.sessions[1]["notes"] == "easy"
    assert result.problems == []


def test_a_repeated_id_keeps_the_later_copy(tmp_path: Path) -> None:
    """A session saved twice (a retry after a crash) is read once, as its later copy."""
    first = sample_session(0)
    second: SessionRecord = {**first, "status": "completed", "notes": "second copy"}
    path = write(tmp_path / "history.toml", session_block(first), session_block(second))
    (only,) = read_history(path).sessions
    assert only["notes"] == "second copy"


def test_a_damaged_copy_never_replaces_a_whole_one(tmp_path: Path) -> None:
    """When the later copy of an id is torn, the earlier whole copy is the one read."""
    record = sample_session(0)
    torn = session_block(record)[:-40]
    later = session_block(sample_session(1))
    path = write(tmp_path / "history.toml", session_block(record), torn, later)
    result = read_history(path)
    assert result.sessions[0] == record
    assert len(result.problems) == 1


def test_unknown_keys_are_kept(tmp_path: Path) -> None:
    """Keys backtimer does not know are passed through, at session and set level."""
    record: dict[str, Any] = {**sample_session(0), "mood": "fine", "device": {"name": "laptop"}}
    record["sets"][0]["tempo"] = "3-1-3"
    block = session_block(cast(SessionRecord, record))  # keys the type does not list
    (read,) = read_history(write(tmp_path / "history.toml", block)).sessions
    unknown: dict[str, Any] = dict(read)
    assert unknown["mood"] == "fine" and unknown["device"] == {"name": "laptop"}
    assert unknown["sets"][0]["tempo"] == "3-1-3"


def test_wrong_types_are_left_out_and_reported(tmp_path: Path) -> None:
    """Values of the wrong type never reach other readers; each is reported with its lines."""
    path = write(tmp_path / "history.toml", """[[session]]
id = "a"
started = 2026-11-23T18:00:00+00:00
ended = "soon"
status = 3
rating = "hard"
planned_sets = -1
sets = "all of them"

[[session]]
id = "b"
started = 2026-11-24T18:00:00
sets = [1, { exercise = "Plank", done = "long", skipped = "no" }, { done = 30 }]

[[session]]
id = "c"
status = "completed"
""")
    result = read_history(path)
    a, b = result.sessions
    assert a["status"] == "3" and a["sets"] == []
    assert not {"ended", "rating", "planned_sets"} & a.keys()
    assert b["started"].tzinfo is not None  # a local time is taken in this machine's zone
    assert b["sets"] == [{"exercise": "Plank"}, {"done": 30}]
    text = "\n".join(result.problems)
    assert "history.toml: lines 1-8: session a: `ended` is a string ('soon')" in text
    assert "`rating` is a string ('hard'), not 1, 2 or 3" in text
    assert "lines 1-8: session a: `sets` is a string" in text
    assert "lines 10-13: session b: set 1 is an integer (1), not a table" in text
    assert "set 2 `done` is a string ('long'), not a number" in text
    assert "lines 15-17: session c has no valid `started` time (found nothing;" in text


def test_torn_last_write_reports_its_lines(tmp_path: Path) -> None:
    """A half-written last block costs only itself; its line range is reported."""
    sessions = [sample_session(n) for n in range(3)]
    path = write(tmp_path / "history.toml", *(session_block(s) for s in sessions))
    first_torn = len(path.read_text().splitlines()) + 2
    with path.open("ab") as handle:
        handle.write(b'\n[[session]]\nid = "torn"\nstarted = 2026-11-')
    result = read_history(path)
    assert result.sessions == sessions
    assert result.problems == [
        f"{path}: lines {first_torn}-{first_torn + 2} could not be read and were "
        "skipped; they are left in the file as they are"
    ]


def test_a_bad_line_in_the_middle_costs_only_that_line(tmp_path: Path) -> None:
    """A hand edit gone wrong leaves the session readable without that line, and says which."""
    sessions = [sample_session(n) for n in range(3)]
    path = write(tmp_path / "history.toml", *(session_block(s) for s in sessions))
    text = path.read_text().replace('routine = "Core stability"', 'routine = "Core stab', 2)
    path.write_text(text)
    result = read_history(path)
    assert [s["id"] for s in result.sessions] == [s["id"] for s in sessions]
    assert "routine" not in result.sessions[1] and result.sessions[2] == sessions[2]
    bad = [i for i, line in enumerate(text.splitlines(), 1) if line.endswith('"Core stab')]
    assert result.problems == [
        f"{path}: line {n} could not be read and was skipped; it is left in the file as it is"
        for n in bad
    ]


def test_other_tables_are_reported_not_read(tmp_path: Path) -> None:
    """A table that is not a session or amend is named as such; sessions around it are read."""
    path = write(tmp_path / "history.toml", session_block(sample_session(0)),
                 "[settings]\ntheme = \"dark\"\n", session_block(sample_session(1)))
    result = read_history(path)
    assert len(result.sessions) == 2
    start = line_of(path, "[settings]")
    assert result.problems == [
        f"{path}: lines {start}-{start + 1} are not a [[session]] or [[amend]] block "
        "and were skipped; they are left in the file as they are"
    ]


def test_a_lost_header_does_not_merge_two_sessions(tmp_path: Path) -> None:
    """A header commented out by accident: the session before it is read exactly."""
    sessions = [sample_session(n) for n in range(3)]
    blocks = [session_block(s) for s in sessions]
    blocks[1] = blocks[1].replace(b"[[session]]", b"#[session]]", 1)
    result = read_history(write(tmp_path / "history.toml", *blocks))
    # The lines after the lost header were cut off its block: it is marked, as the
    # reader cannot tell them from its own.
    assert result.sessions == [{**sessions[0], "damaged": True}, sessions[2]]
    assert len(result.problems) == 1 and "could not be read" in result.problems[0]


def test_last_reads_the_newest_from_the_end(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`last=N` gives the newest N, as the full read does, reading back in small chunks."""
    path = tmp_path / "history.toml"
    write_sample_history(path, 40)
    monkeypatch.setattr(reader, "TAIL_CHUNK", 256)
    full = read_history(path).sessions
    for n in (1, 7, 40, 100):
        assert read_history(path, last=n).sessions == full[-n:]
    assert read_history(path, last=0).sessions == []


def test_last_reports_the_same_line_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damage near the end is reported at its real line, though the start was never parsed."""
    path = tmp_path / "history.toml"
    write_sample_history(path, 30)
    with path.open("ab") as handle:
        handle.write(b"\n\x00\x00 torn\n")
    monkeypatch.setattr(reader, "TAIL_CHUNK", 512)
    tail = read_history(path, last=3)
    assert len(tail.sessions) == 3
    assert tail.problems == read_history(path).problems and len(tail.problems) == 1


def test_an_unreadable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """A history path that is a folder gives one problem line, no sessions, and says so."""
    folder = tmp_path / "history.toml"
    folder.mkdir()
    result = read_history(folder)
    assert result.sessions == [] and result.unreadable
    assert result.problems == [f"{folder}: could not be read (it is a folder); no sessions shown"]
    assert not read_history(tmp_path / "missing.toml").unreadable


def test_sessions_are_sorted_by_start(tmp_path: Path) -> None:
    """Two windows may append out of order; readers get them oldest first."""
    late: SessionRecord = {**sample_session(0), "id": "late",
                           "started": datetime(2027, 1, 1, tzinfo=UTC)}
    path = write(tmp_path / "history.toml", session_block(late), session_block(sample_session(1)))
    assert [s["id"] for s in read_history(path).sessions][-1] == "late"


def test_absurd_nesting_is_damage_not_a_crash(tmp_path: Path) -> None:
    """Thousands of nested brackets (too deep for the parser) are reported like any damage."""
    deep = b'[[session]]\nid = "deep"\nx = ' + b"[" * 5000 + b"\n"
    path = write(tmp_path / "history.toml", session_block(sample_session(0)), deep,
                 session_block(sample_session(1)))
    result = read_history(path)
    assert [s["id"] for s in result.sessions] == [sample_session(n)["id"] for n in (0, 1)]
    assert len(result.problems) == 1 and "could not be read" in result.problems[0]


def test_numbers_out_of_range_are_reported_and_left_out(tmp_path: Path) -> None:
    """inf, nan, 1e308, negatives and huge integers never reach other readers; each is named."""
    path = write(tmp_path / "history.toml", """[[session]]
id = "a"
started = 2026-11-23T18:00:00+00:00
rating = inf
planned_sets = 100000000000000000000
sets = [
    { done = inf, target = nan, hold = 1e308, set = 99999999999 },
    { done = -1, target = 30.5, hold = 5, set = 2 },
]
""")
    result = read_history(path)
    (session,) = result.sessions
    assert session["sets"] == [{}, {"target": 30.5, "hold": 5, "set": 2}]
    assert not {"rating", "planned_sets"} & session.keys()
    text = "\n".join(result.problems)
    for found in ("`done` is a float (inf)", "`target` is a float (nan)",
                  "`hold` is a float (1e+308)", "`set` is an integer (99999999999)",
                  "set 2 `done` is an integer (-1)", "`rating` is a float (inf)",
                  "`planned_sets` is an integer (100000000000000000000)"):
        assert f"{path}: lines 1-9: session a: " in text and found in text, found
    assert len(result.problems) == 7


@pytest.mark.parametrize("started", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00",
                                     "1969-12-31T23:00:00+00:00", "3000-01-01T00:00:00Z"])
def test_a_start_no_reader_could_use_skips_the_session(tmp_path: Path, started: str) -> None:
    """A start that overflows this machine's zone or lies outside 1970-2999 is reported."""
    good = sample_session(0)
    path = write(tmp_path / "history.toml", session_block(good),
                 f'[[session]]\nid = "far"\nstarted = {started}\nended = {started}\n')
    result = read_history(path)
    assert result.sessions == [good]
    (problem,) = result.problems
    assert problem.startswith(f"{path}: ") and "session far has no valid `started`" in problem


def test_an_end_no_reader_could_use_is_ignored(tmp_path: Path) -> None:
    """An `ended` past what the clock can show is left out and named; the session stays."""
    path = write(tmp_path / "history.toml", '[[session]]\nid = "a"\n'
                 'started = 2026-11-23T18:00:00+00:00\nended = 9999-12-31T23:59:59-12:00\n')
    result = read_history(path)
    assert "ended" not in result.sessions[0]
    assert "`ended` is 9999-12-31T23:59:59-12:00, not a time" in result.problems[0]


def test_a_byte_order_mark_is_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file saved with a BOM (Notepad) reads whole, in full and from the end."""
    sessions = [sample_session(n) for n in range(3)]
    path = write(tmp_path / "history.toml", *(session_block(s) for s in sessions))
    path.write_bytes(reader.BOM + path.read_bytes())
    monkeypatch.setattr(reader, "TAIL_CHUNK", 256)
    full = read_history(path)
    assert full.sessions == sessions and full.problems == []
    for n in (1, 2, 3, 5):
        tail = read_history(path, last=n)
        assert tail.sessions == sessions[-n:] and tail.problems == []


def test_problems_name_the_full_path(tmp_path: Path) -> None:
    """Every problem line names the file by its full path, as the command and app show it."""
    path = write(tmp_path / "history.toml", session_block(sample_session(0)), "x = [\n")
    (problem,) = read_history(path).problems
    assert problem.startswith(f"{path}: line ")


def test_a_fifo_or_device_is_reported_not_read(tmp_path: Path) -> None:
    """Only a regular file is read: a FIFO would wait forever, a device is not a history."""
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    device = tmp_path / "device.toml"
    device.symlink_to(os.devnull)
    for path, kind in ((fifo, "a named pipe (FIFO)"), (device, "a device")):
        done: list[reader.HistoryRead] = []
        worker = threading.Thread(target=lambda p=path, into=done: into.append(read_history(p)),
                                  daemon=True)
        worker.start()
        worker.join(5)
        if worker.is_alive():  # let a reader stuck in open() go, then fail
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            pytest.fail(f"reading {path} did not return")
        (result,) = done
        assert result.unreadable and result.sessions == []
        assert result.problems == [f"{path}: could not be read (it is {kind}, not a file); "
                                   "no sessions shown"]


def test_a_block_that_lost_lines_is_marked_damaged(tmp_path: Path) -> None:
    """A session read without some of its lines says so; whole ones carry no mark."""
    sessions = [sample_session(n) for n in range(3)]
    block = session_block(sample_session(3))
    path = write(tmp_path / "history.toml", *(session_block(s) for s in sessions),
                 block[: block.index(b"Plank") + 12])  # cut mid-line
    result = read_history(path)
    assert result.sessions[:3] == sessions
    assert result.sessions[3]["damaged"] is True
    assert len(result.sessions[3]["sets"]) < len(sample_session(3)["sets"])
    assert read_history(path, last=1).sessions[0]["damaged"] is True


def test_active_time_path_and_pick_up_keys_are_read_and_checked(tmp_path: Path) -> None:
    """active_seconds, routine_path and resumed_from are kept when sound, reported when not."""
    path = write(tmp_path / "history.toml", """[[session]]
id = "a"
started = 2026-11-23T18:00:00+00:00
active_seconds = 84
routine_path = "/home/me/my-routine.toml"
resumed_from = "earlier"

[[session]]
id = "b"
started = 2026-11-24T18:00:00+00:00
active_seconds = inf
routine_path = 5
resumed_from = 7
""")
    result = read_history(path)
    good, odd = result.sessions
    assert (good["active_seconds"], good["routine_path"], good["resumed_from"]) == (
        84, "/home/me/my-routine.toml", "earlier")
    assert "active_seconds" not in odd
    assert (odd["routine_path"], odd["resumed_from"]) == ("5", "7")
    assert len(result.problems) == 1 and "`active_seconds` is a float (inf)" in result.problems[0]
