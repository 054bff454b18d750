"""history.toml is only ever appended to, one whole block at a time."""

from __future__ import annotations

import errno
import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path
from typing import cast

import pytest

from backtimer.core.records import SessionRecord
from backtimer.core.sample import sample_session
from backtimer.storage.history import store
from backtimer.storage.history.reader import read_history

START = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)


def test_append_creates_the_file_and_reads_back(tmp_path: Path) -> None:
    """The first append creates history.toml (and its folder); the session reads back whole."""
    path = tmp_path / "new" / "history.toml"
    record = sample_session(0)
    store.append_session(record, path)
    assert tomllib.loads(path.read_text())["session"] == [record]


def test_small_blocks_stay_array_of_tables(tmp_path: Path) -> None:
    """Short sessions and amends are `[[...]]` blocks, so many of them still parse together."""
    path = tmp_path / "history.toml"
    for n in range(3):
        store.append_session({"id": f"s{n}", "started": START, "status": "completed"}, path)
        store.append_amend(f"s{n}", {"rating": 2}, path)
    text = path.read_text()
    assert text.count("[[session]]") == 3 and text.count("[[amend]]") == 3
    doc = tomllib.loads(text)
    assert [s["id"] for s in doc["session"]] == ["s0", "s1", "s2"]
    assert doc["amend"][2] == {"id": "s2", "rating": 2}


def test_nested_tables_stay_inside_their_session(tmp_path: Path) -> None:
    """Sub-tables of a record are written under the session, not at the top level."""
    path = tmp_path / "history.toml"
    record = {"id": "x", "started": START, "extra": {"device": {"name": "laptop"}},
              "sets": [{"exercise": "P" * 120, "done": 1}]}
    store.append_session(cast(SessionRecord, record), path)  # keys the type does not list
    store.append_session(cast(SessionRecord, {**record, "id": "y"}), path)
    doc = tomllib.loads(path.read_text())
    assert doc["session"][1]["extra"]["device"]["name"] == "laptop"
    assert set(doc) == {"session"}


def test_none_leaves_the_file_byte_for_byte(tmp_path: Path) -> None:
    """A value TOML cannot hold raises before the file is opened: nothing changes."""
    path = tmp_path / "history.toml"
    store.append_session(sample_session(0), path)
    before = path.read_bytes()
    record = sample_session(1)
    record["sets"][1]["weight"] = cast(str, None)  # TOML cannot hold it
    with pytest.raises(TypeError):
        store.append_session(record, path)
    assert path.read_bytes() == before
    missing = tmp_path / "other.toml"
    with pytest.raises(TypeError):
        store.append_session(record, missing)
    assert not missing.exists()


def test_torn_last_line_is_ended_before_the_next_block(tmp_path: Path) -> None:
    """A last line without its newline never glues onto the next block; old bytes stay."""
    path = tmp_path / "history.toml"
    store.append_session(sample_session(0), path)
    torn = path.read_bytes() + b'\n[[session]]\nid = "half"\nroutine = "Core st'
    path.write_bytes(torn)
    store.append_session(sample_session(1), path)
    data = path.read_bytes()
    assert data.startswith(torn)
    assert data[len(torn):].startswith(b"\n\n[[session]]\n")
    result = read_history(path)
    assert [s["id"] for s in result.sessions] == [sample_session(n)["id"] for n in (0, 1)]
    assert len(result.problems) == 1


def test_a_failed_write_takes_its_own_bytes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write cut short (disk full) is rolled back to the file as it was, byte for byte."""
    path = tmp_path / "history.toml"
    store.append_session(sample_session(0), path)
    before = path.read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        if len(data) > 100:
            return real_write(fd, bytes(data[:100]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError):
        store.append_session(sample_session(1), path)
    monkeypatch.undo()
    assert path.read_bytes() == before


def test_a_directory_in_the_way_is_an_oserror(tmp_path: Path) -> None:
    """history.toml being a folder fails with an OSError the caller can report."""
    path = tmp_path / "history.toml"
    path.mkdir()
    with pytest.raises(OSError) as caught:
        store.append_session(sample_session(0), path)
    assert "directory" in store.describe_error(caught.value)


def test_describe_error_names_the_value_toml_cannot_hold() -> None:
    """The reason names the key path of the None, so the person knows what went wrong."""
    record = sample_session(0)
    record["sets"][2]["weight"] = cast(str, None)  # TOML cannot hold it
    with pytest.raises(TypeError) as caught:
        store.session_block(record)
    assert "`sets[2].weight` holds nothing (None)" in store.describe_error(caught.value, record)
    full = OSError(errno.ENOSPC, "No space left on device", "/x/history.toml")
    assert store.describe_error(full) == "the disk is full (/x/history.toml)"


def test_append_reads_nothing_but_the_last_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Appending looks only at the file's last byte, so its cost does not grow with the file."""
    path = tmp_path / "history.toml"
    store.append_session(sample_session(0), path)
    reads: list[int] = []
    real_pread = os.pread

    def pread(fd: int, size: int, at: int) -> bytes:
        reads.append(size)
        return real_pread(fd, size, at)

    monkeypatch.setattr(os, "pread", pread)
    monkeypatch.setattr("builtins.open", None)  # nothing may open the file to read it
    store.append_session(sample_session(1), path)
    monkeypatch.undo()
    assert reads == [1]


@pytest.mark.parametrize("started", [None, "never", datetime(9999, 12, 31, 23, 59)])
def test_a_session_the_reader_would_skip_is_never_appended(
    tmp_path: Path, started: object
) -> None:
    """No usable start time: the store refuses the block and says why; the file is untouched."""
    path = tmp_path / "history.toml"
    store.append_session(sample_session(0), path)
    before = path.read_bytes()
    record = {k: v for k, v in sample_session(1).items() if k != "started"}
    if started is not None:
        record["started"] = started
    with pytest.raises(store.UnreadableSession) as caught:
        store.append_session(cast(SessionRecord, record), path)
    assert path.read_bytes() == before
    assert "no valid `started` time" in store.describe_error(caught.value, record)


def test_a_device_or_fifo_in_place_of_the_file_is_an_error(tmp_path: Path) -> None:
    """A session is never "saved" into /dev/null or a FIFO: the append fails and says why."""
    device = tmp_path / "device" / "history.toml"
    device.parent.mkdir()
    device.symlink_to(os.devnull)
    with pytest.raises(OSError) as caught:
        store.append_session(sample_session(0), device)
    assert "not a regular file" in store.describe_error(caught.value)
    fifo = tmp_path / "fifo" / "history.toml"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    # A reader on the other end, so an append without the check would not block.
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with pytest.raises(OSError):
            store.append_session(sample_session(0), fifo)
        assert os.read(reader, 1) == b""  # nothing was written into the pipe
    finally:
        os.close(reader)
