"""`backtimer history`: the table, --last, --json, --csv and --csv --strong."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import timedelta

import pytest

from backtimer.__main__ import main
from backtimer.cli.history import STRONG, strong_duration, strong_weight
from backtimer.core.records import SessionRecord
from backtimer.core.sample import sample_session
from backtimer.storage import paths
from backtimer.storage.history.store import append_amend, append_session, session_block


def saved(*numbers: int) -> list[SessionRecord]:
    records = [sample_session(n) for n in numbers]
    for record in records:
        append_session(record)
    return records


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["history", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_empty_history_says_how_to_start(capsys: pytest.CaptureFixture[str]) -> None:
    """With nothing saved, one friendly line says how a session gets there."""
    code, out, err = run(capsys)
    assert code == 0 and out.startswith("No sessions yet. Start one with `backtimer run")
    assert err == ""


def test_table_is_newest_first_with_sets_and_rating(capsys: pytest.CaptureFixture[str]) -> None:
    """One line per session, newest first: date, routine, status, both times, sets, rating."""
    first, second, third = saved(0, 1, 9)
    append_amend(second["id"], {"rating": 3})
    code, out, _ = run(capsys)
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["Date", "Routine", "Status", "Active", "Elapsed",
                                              "Sets", "Rating"]
    local = [f"{r['started'].astimezone():%Y-%m-%d %H:%M}" for r in (third, second, first)]
    assert [line[:16] for line in lines[1:]] == local
    assert "interrupted" in lines[1] and "4/10" in lines[1]
    assert lines[2].split()[-5:] == ["-", "22", "min", "10/10", "hard"]
    assert lines[3].split()[-1] == "easy"


def test_names_are_printed_literally(capsys: pytest.CaptureFixture[str]) -> None:
    """A routine name with brackets is shown as written."""
    append_session({**sample_session(0), "routine": "Plank [/] [b]"})
    assert "Plank [/] [b]" in run(capsys)[1]


def test_last_limits_to_the_newest(capsys: pytest.CaptureFixture[str]) -> None:
    """`--last 2` shows only the two newest sessions."""
    records = saved(0, 1, 2, 3)
    _, out, _ = run(capsys, "--last", "2")
    assert len(out.splitlines()) == 3
    assert f"{records[3]['started'].astimezone():%Y-%m-%d %H:%M}" in out.splitlines()[1]


@pytest.mark.parametrize("bad", ["0", "-3", "two"])
def test_last_must_be_a_positive_count(bad: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A count that is not 1 or more is a usage error naming the value."""
    with pytest.raises(SystemExit) as caught:
        main(["history", "--last", bad])
    assert caught.value.code == 2 and repr(bad) in capsys.readouterr().err


def test_json_has_every_key_and_iso_dates(capsys: pytest.CaptureFixture[str]) -> None:
    """--json is an array of sessions, oldest first, keys as in the file, ISO 8601 times."""
    records = saved(0, 1)
    append_amend(records[0]["id"], {"notes": "felt good"})
    code, out, _ = run(capsys, "--json")
    data = json.loads(out)
    assert code == 0 and [s["id"] for s in data] == [r["id"] for r in records]
    assert data[0]["started"] == records[0]["started"].isoformat()
    assert data[0]["notes"] == "felt good" and data[1]["sets"] == records[1]["sets"]
    assert json.loads(run(capsys, "--json", "--last", "1")[1])[0]["id"] == records[1]["id"]


def test_json_puts_one_session_on_each_line(capsys: pytest.CaptureFixture[str]) -> None:
    """--json writes `[`, one session a line, then `]`; no sessions is an empty array."""
    assert run(capsys, "--json")[1] == "[]\n"
    records = saved(0, 1, 2)
    lines = run(capsys, "--json")[1].splitlines()
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(records) + 2
    ids = [json.loads(line.removesuffix(","))["id"] for line in lines[1:-1]]
    assert ids == [r["id"] for r in records]


def test_csv_has_a_row_per_set(capsys: pytest.CaptureFixture[str]) -> None:
    """--csv repeats the session's columns on each of its sets; a session without sets
    still has one row."""
    record = saved(0)[0]
    append_session({**sample_session(1), "sets": []})
    _, out, _ = run(capsys, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(record["sets"]) + 1
    assert rows[0]["session_id"] == record["id"] and rows[0]["started"].endswith("+00:00")
    assert rows[0]["duration_s"] == "1320" and rows[0]["rating"] == "1"
    assert rows[5]["exercise"] == "Side plank" and rows[5]["side"] == "left"
    assert rows[-1]["exercise"] == "" and rows[-1]["session_id"] == sample_session(1)["id"]


def test_strong_layout(capsys: pytest.CaptureFixture[str]) -> None:
    """--csv --strong: Strong's columns exactly; holds in Seconds, reps in Reps, weight in kg;
    warm-up and skipped sets are left out."""
    record = sample_session(0)
    record["sets"][2]["skipped"] = True
    record["sets"][3]["weight"] = "blue band"
    append_session(record)
    _, out, _ = run(capsys, "--csv", "--strong")
    reader = csv.reader(io.StringIO(out))
    assert tuple(next(reader)) == STRONG
    rows = [dict(zip(STRONG, row, strict=True)) for row in reader]
    assert len(rows) == len(record["sets"]) - 2
    bird, plank, _, side = rows[0], rows[1], rows[2], rows[3]
    assert bird["Date"] == f"{record['started'].astimezone():%Y-%m-%d %H:%M:%S}"
    assert bird["Workout Name"] == "Core stability" and bird["Duration"] == "22m"
    assert (bird["Exercise Name"], bird["Set Order"], bird["Reps"], bird["Seconds"]) == (
        "Bird dog", "1", "8", "0")
    assert (plank["Set Order"], plank["Reps"], plank["Seconds"]) == ("1", "0", "30")
    assert plank["Notes"] == "weight: blue band" and plank["Weight"] == "0"
    assert side["Notes"] == "left side"
    assert rows[-1]["Exercise Name"] == "Glute bridge" and rows[-1]["Weight"] == "10"
    assert [r["Set Order"] for r in rows if r["Exercise Name"] == "Side plank"] == [
        "1", "2", "3", "4"]


def test_strong_weights_and_durations() -> None:
    """Weights in words become kilograms; durations are written as Strong writes them."""
    assert strong_weight("12kg") == (12, "")
    assert strong_weight("12,5 kg") == (12.5, "")
    assert strong_weight("25 lb") == (11.34, "")
    assert strong_weight("2 x 5 kg") == (5, "weight: 2 x 5 kg")
    assert strong_weight(None) == (0, "")
    assert strong_weight("8") == (0, "weight: 8")  # no unit: not guessed as kilograms
    assert strong_duration(1320) == "22m" and strong_duration(3900) == "1h 5m"
    assert strong_duration(90) == "2m"  # half a minute rounds up


def test_damage_goes_to_stderr_and_the_rest_is_shown(capsys: pytest.CaptureFixture[str]) -> None:
    """A torn end is reported on stderr with its lines and the file; intact sessions print."""
    saved(0, 1)
    with paths.history_file().open("ab") as handle:
        handle.write(b'\n[[session]]\nid = "x"\nstarted = 2026-1')
    code, out, err = run(capsys)
    assert code == 0 and len(out.splitlines()) == 3
    assert "could not be read and were skipped" in err and str(paths.history_file()) in err


def test_strong_with_json_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """--strong is a CSV layout; asking for it with --json says so."""
    code, _, err = run(capsys, "--json", "--strong")
    assert code == 2 and "--strong" in err


def test_history_modules_do_not_import_textual() -> None:
    """The history command and package load without Textual, so they answer fast."""
    code = (
        "import sys, backtimer.cli.history, backtimer.storage.history.recorder, "
        "backtimer.storage.history.recovery, backtimer.storage.history.reader, "
        "backtimer.storage.history.store, "
        "backtimer.storage.history.journal; print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_a_pair_of_dumbbells_exports_the_weight_of_one(capsys: pytest.CaptureFixture[str]) -> None:
    """`2 × 8kg`, as bundled routines write it, is Weight 8 with the pair named in Notes."""
    assert strong_weight("2 × 8kg") == (8, "weight: 2 × 8kg")
    assert strong_weight("2x20 lb") == (9.07, "weight: 2x20 lb")
    record = sample_session(0)
    for item in record["sets"]:
        if "weight" in item:
            item["weight"] = "2 × 8kg"
    append_session(record)
    rows = list(csv.DictReader(io.StringIO(run(capsys, "--csv", "--strong")[1])))
    assert (rows[-1]["Weight"], rows[-1]["Notes"]) == ("8", "weight: 2 × 8kg")


HAND_EDITED = """[[session]]
id = "odd"
started = 2026-11-23T18:00:00+00:00
ended = 2026-11-23T18:20:00+00:00
status = "completed"
planned_sets = 1e308
mood = inf
sets = [
    { exercise = "Plank", kind = "hold", done = inf, target = nan },
    { exercise = "Plank", kind = "hold", done = 1e308, target = 30 },
    { exercise = "Dead bug", kind = "reps", done = nan, target = 8, hold = inf },
    { exercise = "Dead bug", kind = "reps", done = 9223372036854775807, target = -1 },
]
"""


def _no_constants(name: str) -> object:
    raise AssertionError(f"{name} is not JSON")


def test_numbers_no_one_could_do_never_break_an_export(
    capsys: pytest.CaptureFixture[str]
) -> None:
    """inf, nan and huge numbers are reported with their lines; every output still works."""
    paths.history_file().parent.mkdir(parents=True, exist_ok=True)
    paths.history_file().write_text(HAND_EDITED)
    code, out, err = run(capsys)
    assert code == 0 and "completed" in out and "0/4" in out
    assert f"{paths.history_file()}: lines 1-13: session odd: set 1 `done` is a float (inf)" in err
    assert "`planned_sets` is a float (1e+308)" in err and "set 3 `hold` is a float (inf)" in err
    assert "set 4 `done` is an integer (9223372036854775807)" in err
    data = json.loads(run(capsys, "--json")[1], parse_constant=_no_constants)
    assert data[0]["mood"] == "inf"  # an unknown key is kept, as text JSON can hold
    assert all(not {"done", "target"} <= s.keys() for s in data[0]["sets"])
    code, out, _ = run(capsys, "--csv", "--strong")
    assert code == 0 and len(out.splitlines()) == 5
    assert run(capsys, "--csv")[0] == 0


def test_a_start_the_clock_cannot_show_skips_only_that_session(
    capsys: pytest.CaptureFixture[str]
) -> None:
    """A start time past year 9999 in this zone is reported; the other sessions still print."""
    saved(0)
    with paths.history_file().open("a") as handle:
        handle.write('\n[[session]]\nid = "far"\nstarted = 9999-12-31T23:59:59-12:00\n')
    for form in ((), ("--csv", "--strong"), ("--json",), ("--csv",)):
        code, out, err = run(capsys, *form)
        assert code == 0 and "session far has no valid `started` time" in err
        assert "far" not in out


def test_an_unreadable_file_is_not_an_empty_history(
    capsys: pytest.CaptureFixture[str]
) -> None:
    """history.toml as a folder: only the problem, exit 1; never "No sessions yet"."""
    paths.history_file().parent.mkdir(parents=True, exist_ok=True)
    paths.history_file().mkdir()
    for form in ((), ("--json",), ("--csv",)):
        code, out, err = run(capsys, *form)
        assert code == 1 and out == ""
        assert f"{paths.history_file()}: could not be read (it is a folder)" in err


def test_a_file_with_nothing_readable_is_not_an_empty_history(
    capsys: pytest.CaptureFixture[str]
) -> None:
    """A file whose only block is torn gives the problem and exit 1, not "No sessions yet"."""
    paths.history_file().parent.mkdir(parents=True, exist_ok=True)
    paths.history_file().write_text('[[session]]\nid = "x"\nstarted = 2026-1')
    code, out, err = run(capsys)
    assert code == 1 and out == "" and "could not be read" in err


def test_a_session_that_lost_lines_is_marked(capsys: pytest.CaptureFixture[str]) -> None:
    """A torn last block still shows, its status marked with * and explained below."""
    saved(0, 1)
    block = session_block(sample_session(9))
    with paths.history_file().open("ab") as handle:
        handle.write(b"\n" + block[: block.index(b"Plank") + 12])  # cut mid-line
    code, out, err = run(capsys)
    lines = out.splitlines()
    assert code == 0 and len(lines) == 5 and "could not be read" in err
    assert "interrupted* " in lines[1] and "*" not in lines[2] + lines[3]
    assert lines[4].startswith("* only part of this session could be read")
    assert json.loads(run(capsys, "--json")[1])[-1]["damaged"] is True


def test_strong_seconds_round_half_up(capsys: pytest.CaptureFixture[str]) -> None:
    """A 4.5 s hold is 5 s in the Strong export, never 4."""
    record = sample_session(0)
    record["sets"] = [{"exercise": "Plank", "kind": "hold", "set": 1, "target": 5,
                       "done": 4.5, "skipped": False}]
    append_session(record)
    _, out, _ = run(capsys, "--csv", "--strong")
    assert out.splitlines()[1].split(",")[8] == "5"


def test_one_active_time_in_the_table_json_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    """A session with 1 h 5 min active and 1 h 20 min elapsed reads the same everywhere."""
    record = sample_session(0)
    record["ended"] = record["started"] + timedelta(minutes=80)
    record["active_seconds"] = 65 * 60
    record["resumed_from"] = "earlier"
    append_session(record)
    _, out, _ = run(capsys)
    line = out.splitlines()[1]
    assert "1 h 5 min" in line and "1 h 20 min" in line and "(picked up)" in line
    _, out, _ = run(capsys, "--json")
    assert json.loads(out)[0]["active_seconds"] == 65 * 60
    _, out, _ = run(capsys, "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["active_s"] == str(65 * 60) and rows[0]["duration_s"] == str(80 * 60)
    assert rows[0]["resumed_from"] == "earlier"


def _picked_up_pair() -> tuple[SessionRecord, SessionRecord]:
    """An interrupted session (2 of 5 sets, 34 s active) and its pick-up (3 sets, 40 s)."""
    first = sample_session(0)
    holds = [r for r in first["sets"] if r.get("kind") == "hold"]
    first["status"], first["planned_sets"], first["active_seconds"] = "interrupted", 5, 34.0
    first["sets"] = holds[:2]
    first["ended"] = first["started"] + timedelta(seconds=34)
    second = sample_session(0)
    second["id"], second["resumed_from"] = f"{first['id']}-b", first["id"]
    second["status"], second["planned_sets"], second["active_seconds"] = "completed", 5, 40.0
    second["sets"] = [*holds[:2], holds[0]]
    second["started"] = first["started"] + timedelta(minutes=5)
    second["ended"] = second["started"] + timedelta(seconds=40)
    return first, second


def test_a_picked_up_pair_is_one_row_in_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The table shows a session and its pick-up as one workout, sets and times added up."""
    older = sample_session(5)
    older["started"] -= timedelta(days=30)
    older["ended"] -= timedelta(days=30)
    for record in (older, *_picked_up_pair()):
        append_session(record)
    _, out, _ = run(capsys)
    rows = out.splitlines()[1:]
    assert len(rows) == 2 and "completed (2 parts)" in rows[0]
    assert rows[0].split()[-6:-1] == ["1", "min", "1", "min", "5/5"]
    assert "interrupted" not in out and "3/5" not in out
    _, out, _ = run(capsys, "--last", "1")
    assert len(out.splitlines()) == 2 and "completed (2 parts)" in out


def test_exports_keep_one_record_per_saved_session(capsys: pytest.CaptureFixture[str]) -> None:
    """--json and --csv export the pair as the two sessions of the file, as saved."""
    first, second = _picked_up_pair()
    append_session(first)
    append_session(second)
    data = json.loads(run(capsys, "--json")[1])
    assert [s["id"] for s in data] == [first["id"], second["id"]]
    assert [s["id"] for s in json.loads(run(capsys, "--json", "--last", "1")[1])] == [second["id"]]
    rows = list(csv.DictReader(io.StringIO(run(capsys, "--csv")[1])))
    assert {r["session_id"] for r in rows} == {first["id"], second["id"]}
