"""Hostile files: parser limits, special files, slow patterns, bad step-ups and odd names.

Each reader must answer with one problem line naming the file and carry on; none may
raise, block or read without end. A reader that could hang runs under `returns`, which
fails the test (instead of hanging the suite) when it does not come back.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from backtimer.__main__ import main
from backtimer.cli.history import strong_weight
from backtimer.core.durations import DurationError, parse_duration
from backtimer.core.errors import RoutineError, clip, escape_control, shown_name
from backtimer.core.routine_check import MAX_CUE_LENGTH, MAX_CUES, parse_routine
from backtimer.storage import paths
from backtimer.storage.config import DEFAULTS, load_settings
from backtimer.storage.files import FileTooLarge, NotRegularFile, read_capped
from backtimer.storage.history.journal import JournalError, read_journal
from backtimer.storage.history.reader import read_history
from backtimer.storage.loader import available_routines, load_routine
from backtimer.storage.progress_file import load_progress

T = TypeVar("T")
GUARD = 30.0  # seconds before a reader counts as hung; the cases take well under one
GOOD = 'name = "Good one"\n[[exercise]]\nname = "Plank"\nhold = 30\n'
DEEP = "x = " + "[" * 5000 + "]" * 5000 + "\n"
HUGE = "x = " + "7" * 5000 + "\n"


def returns(call: Callable[[], T], unblock: Path | None = None, guard: float = GUARD) -> T:
    """`call()`'s result, failing the test if it has not returned within `guard` seconds.

    `unblock` names a FIFO a stuck reader may be waiting on: a writer opens it so the
    thread can end before the test fails.
    """
    result: list[T] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            result.append(call())
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread below
            errors.append(exc)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    worker.join(guard)
    if worker.is_alive():
        if unblock is not None:
            fd = os.open(unblock, os.O_RDWR | os.O_NONBLOCK)
            os.write(fd, b"x = 1\n")
            os.close(fd)
        pytest.fail(f"{call} did not return: it blocks or reads without end")
    if errors:
        raise errors[0]
    return result[0]


def own(stem: str, text: str | bytes) -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def in_data(name: str, text: str) -> Path:
    path = paths.data_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def in_config(name: str, text: str) -> Path:
    path = paths.config_dir() / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def session(n: int, extra: str = "") -> str:
    return (f'[[session]]\nid = "s{n}"\nstarted = 2026-11-{n + 1:02d}T18:00:00Z\n'
            f'status = "completed"\n{extra}sets = [{{exercise = "Plank", done = 30, set = 1}}]\n')


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- 1. parser limits ------------------------------------------------------------


@pytest.mark.parametrize("text", [DEEP, HUGE, 'name = "x"\nweek = ' + "1" * 5000 + "\n"],
                         ids=["deep", "huge", "huge-week"])
def test_a_routine_past_the_parser_limits_is_one_problem(text: str) -> None:
    """Nesting thousands deep or a 5,000-digit number is one line naming the file."""
    with pytest.raises(RoutineError) as info:
        parse_routine(text, "deep.toml")
    (problem,) = info.value.problems
    assert problem.file == "deep.toml" and "not valid TOML" in problem.message
    assert "\n" not in str(problem) and len(str(problem)) < 300


@pytest.mark.parametrize("text", ["²", "٣", "1" * 5000, "1" * 5000 + "s", "1" * 13,
                                  "1" * 4000 + "m30s", "３０"],
                         ids=["superscript", "arabic", "digits", "digits-s", "13-digits",
                              "digits-m30s", "fullwidth"])
def test_durations_take_only_short_ascii_numbers(text: str) -> None:
    """Digits that isdigit() accepts but int() refuses, or too many of them, are errors."""
    with pytest.raises(DurationError) as info:
        parse_duration(text)
    assert len(str(info.value)) < 120


def test_a_hold_in_superscript_is_a_problem_not_a_crash() -> None:
    """`hold = "²"` in a routine is reported like any other bad duration."""
    with pytest.raises(RoutineError, match="hold: expected a duration"):
        parse_routine('name = "x"\n[[exercise]]\nname = "P"\nhold = "²"\n', "r.toml")


@pytest.mark.parametrize("bad", [DEEP, HUGE], ids=["deep", "huge"])
def test_routines_lists_every_good_routine_beside_a_hostile_one(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`routines` still lists the good file and names the bad one."""
    own("good", GOOD)
    own("evil", bad)
    code, out, _ = run(capsys, "routines")
    assert code == 0 and "Good one" in out
    assert any("evil.toml" in line and "cannot be used" in line for line in out.splitlines())


@pytest.mark.parametrize("bad", [DEEP, HUGE], ids=["deep", "huge"])
def test_validate_checks_the_whole_folder_past_a_hostile_file(
    bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` with no argument reports the bad file and still passes the good one."""
    good = own("good", GOOD)
    evil = own("evil", bad)
    code, out, _ = run(capsys, "validate")
    assert code == 1
    assert f"{good}: ok" in out and f"{evil}: " in out and "not valid TOML" in out


def test_run_with_an_unknown_name_is_a_message_despite_a_hostile_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`run nosuch` says so in one line; a hostile file in the folder changes nothing."""
    own("good", GOOD)
    own("evil", DEEP)
    code, _, err = run(capsys, "run", "nosuch")
    assert code == 1 and err.startswith("backtimer: no routine called 'nosuch'")
    assert "Traceback" not in err


async def test_the_home_screen_lists_good_routines_and_names_the_bad_one() -> None:
    """The home list shows the good routine and the hostile file as `cannot be loaded`."""
    from textual.widgets import OptionList

    from backtimer.storage.config import Settings
    from backtimer.ui.app import BacktimerApp

    own("good", GOOD)
    own("evil", HUGE)
    app = BacktimerApp(settings=Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        options = app.screen.query_one("#routines", OptionList)
        shown = [str(options.get_option_at_index(i).prompt)
                 for i in range(options.option_count)]
    assert any(p.startswith("Good one") for p in shown)
    assert any("evil.toml" in p and "cannot be loaded" in p for p in shown)


@pytest.mark.parametrize("bad", [DEEP, HUGE], ids=["deep", "huge"])
def test_settings_past_the_parser_limits_fall_back_to_defaults(bad: str) -> None:
    """config.toml and state.toml that break the parser are one problem each."""
    config = in_config("config.toml", bad)
    state = in_data("state.toml", bad)
    settings, problems = load_settings()
    assert settings.sound == DEFAULTS.sound
    assert [p.file for p in problems] == [str(config), str(state)]
    assert all("not valid TOML" in p.message for p in problems)


@pytest.mark.parametrize("bad", [DEEP, HUGE], ids=["deep", "huge"])
def test_progress_past_the_parser_limits_is_one_problem(bad: str) -> None:
    """progress.toml that breaks the parser is one problem; no steps apply."""
    path = in_data("progress.toml", bad)
    progress, problems = load_progress()
    assert progress.steps == () and [p.file for p in problems] == [str(path)]


def test_one_huge_number_in_history_hides_only_its_own_session() -> None:
    """A 5,000-digit number costs its line at most; sessions before and after are read."""
    path = in_data("history.toml", session(0) + session(1, f"planned_sets = {'9' * 5000}\n")
                   + session(2))
    with path.open("a", encoding="utf-8") as handle:
        handle.write(session(3))  # appended later, as a new session would be
    result = read_history(path)
    assert {"s0", "s2", "s3"} <= {s["id"] for s in result.sessions}
    assert not result.unreadable and result.problems
    assert all(str(path) in p and len(p) < 300 for p in result.problems)


def test_deep_nesting_in_history_hides_only_its_own_session() -> None:
    """Arrays nested thousands deep in one block leave the other blocks readable."""
    path = in_data("history.toml", session(0) + session(1, DEEP) + session(2))
    result = read_history(path)
    assert {"s0", "s2"} <= {s["id"] for s in result.sessions}
    assert not result.unreadable and result.problems


@pytest.mark.parametrize("bad", [DEEP, HUGE], ids=["deep", "huge"])
def test_a_journal_past_the_parser_limits_is_a_journal_error(bad: str) -> None:
    """A journal that breaks the parser is a JournalError, which recovery reports."""
    path = in_data("journal/x.toml", bad)
    with pytest.raises(JournalError, match="not valid TOML"):
        read_journal(path)


# -- 2. special files --------------------------------------------------------------


@contextmanager
def special(path: Path, kind: str) -> Iterator[Path | None]:
    """`path` made a FIFO, or a symlink to /dev/zero; yields the FIFO to unblock, if any."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
        yield path
    else:
        path.symlink_to("/dev/zero")
        yield None


KINDS = ["fifo", "zero"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_routine_file_is_refused_without_blocking(kind: str) -> None:
    """A FIFO or /dev/zero as a routine is `not a file`, and never read."""
    path = paths.user_routines_dir() / "odd.toml"
    with special(path, kind) as fifo:
        with pytest.raises(RoutineError, match="not a file"):
            returns(lambda: load_routine(path), fifo)
        entries = returns(available_routines, fifo)
    assert any(e.path == path and e.error is not None for e in entries)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("which", ["config", "state"])
def test_special_settings_files_fall_back_to_defaults(kind: str, which: str) -> None:
    """config.toml or state.toml as a FIFO or /dev/zero: one problem, the defaults."""
    path = paths.config_file() if which == "config" else paths.data_dir() / "state.toml"
    with special(path, kind) as fifo:
        settings, problems = returns(load_settings, fifo)
    assert settings.theme == "textual-dark"
    assert [p.file for p in problems] == [str(path)] and "not a file" in problems[0].message


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_progress_file_is_one_problem(kind: str) -> None:
    """progress.toml as a FIFO or /dev/zero: one problem, no steps."""
    path = paths.progress_file()
    with special(path, kind) as fifo:
        progress, problems = returns(load_progress, fifo)
    assert progress.steps == () and "not a file" in problems[0].message


@pytest.mark.parametrize("kind", KINDS)
def test_a_special_journal_is_reported_by_recovery(kind: str) -> None:
    """A journal that is a FIFO or /dev/zero is left alone with a message; no hang."""
    from backtimer.storage.history.recovery import recover_interrupted

    path = paths.data_dir() / "journal" / "odd.toml"
    with special(path, kind) as fifo:
        with pytest.raises(OSError, match="not a file"):
            returns(lambda: read_journal(path), fifo)
        messages = returns(recover_interrupted, fifo)
    assert len(messages) == 1 and "odd.toml" in messages[0] and "not a file" in messages[0]


def test_reads_stop_at_the_size_cap(tmp_path: Path) -> None:
    """A file over its cap is refused without being read, a huge history too."""
    path = tmp_path / "big.toml"
    with path.open("wb") as handle:
        handle.truncate(300_000_000)  # sparse: costs no disk
    with pytest.raises(FileTooLarge):
        read_capped(path, 1000)
    result = returns(lambda: read_history(path))
    assert result.unreadable and "too large" in result.problems[0]


def test_read_capped_never_opens_a_device() -> None:
    """A device is refused from its type alone."""
    with pytest.raises(NotRegularFile, match="a device"):
        returns(lambda: read_capped(Path("/dev/zero"), 1000))


# -- 3. patterns on user text ------------------------------------------------------
# A slow pattern holds the interpreter lock for its whole run, so these run in a
# child process that the guard can stop.


def python(code: str) -> str:
    """What `code` prints in a fresh interpreter; fails the test if it does not finish."""
    try:
        done = subprocess.run([sys.executable, "-"], input=code, capture_output=True,
                              text=True, timeout=GUARD, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("a pattern ran for minutes on a long line of user text")
    assert done.returncode == 0, done.stderr
    return done.stdout


def problems_for(text: str) -> list[str]:
    """The problems of routine `text`, found in a child process."""
    out = python(
        "import sys\n"
        "from backtimer.core.errors import RoutineError\n"
        "from backtimer.core.routine_check import parse_routine\n"
        "try:\n"
        f"    parse_routine({text!r}, 'r.toml')\n"
        "except RoutineError as exc:\n"
        "    print(exc)\n"
    )
    return out.splitlines()


def test_a_line_of_spaces_in_a_routine_gets_a_short_hint() -> None:
    """`name = x` + 200,000 spaces + `!` is one problem with a short hint."""
    (problem,) = problems_for("name = x" + " " * 200_000 + "!\n")
    assert problem.startswith("r.toml: line 1") and len(problem) < 300


@pytest.mark.parametrize("line", [
    'rest = "60-90' + " " * 200_000 + '!"',
    "name = 'Bob's" + " " * 200_000 + "'",
    'name = "a' + " " * 200_000,
    "sets = 1" + " " * 200_000 + "x",
], ids=["span", "apostrophe", "unclosed", "sets"])
def test_slips_on_long_lines_have_short_hints(line: str) -> None:
    """Hints quote at most a short part of a long line."""
    found = problems_for('name = "x"\n' + line + '\n[[exercise]]\nname = "P"\nhold = 3\n')
    assert found and all(len(p) < 300 for p in found)


def test_a_quote_slip_hint_quotes_an_excerpt() -> None:
    """The apostrophe hint still names the fix, with the text cut short."""
    text = "name = 'Bob's " + "x" * 500 + "'\n"
    with pytest.raises(RoutineError) as info:
        parse_routine(text, "r.toml")
    assert "use double quotes" in info.value.problems[0].hint
    assert len(info.value.problems[0].hint) < 150


def test_a_header_line_of_spaces_in_history_is_read() -> None:
    """`[` + 6,000 spaces in history.toml: `history --last 20` and a full read finish."""
    path = in_data("history.toml", session(0) + "[" + " " * 6000 + "\n" + session(1))
    out = python(
        "from pathlib import Path\n"
        "from backtimer.storage.history.reader import read_history\n"
        f"for last in (20, None):\n"
        f"    print(sorted(s['id'] for s in read_history(Path({str(path)!r}), last=last)"
        ".sessions))\n"
    )
    assert out.splitlines() == ["['s0', 's1']", "['s0', 's1']"]


def test_a_weight_followed_by_spaces_is_exported() -> None:
    """The Strong export's weight pattern runs in linear time on odd text."""
    out = python("from backtimer.cli.history import strong_weight\n"
                 "print(strong_weight('5' + ' ' * 200_000 + '!')[0])\n")
    assert out == "0\n"
    assert strong_weight(" 2 x 8 kg. ") == (8, "weight: 2 x 8 kg.")


# -- 6. progress.toml values -------------------------------------------------------


def step(lever: str, old: str, new: str, accepted: str = "2026-11-02T18:00:00Z") -> str:
    return (f'[[step]]\nroutine_file = "core.toml"\nexercise = "Plank"\nlever = "{lever}"\n'
            f"old = {old}\nnew = {new}\naccepted = {accepted}\n")


@pytest.mark.parametrize(("entry", "words"), [
    (step("sets", "2", "0"), "sets from 1 to 20, found 0"),
    (step("sets", "2", "1000000"), "found 1000000"),
    (step("hold", "30", "0"), "hold from 1"),
    (step("hold", "30", "-30"), "found -30"),
    (step("hold", "30", "100000000"), "found 100000000"),
    (step("reps", "10", "101"), "reps from 1 to 100"),
    (step("rest", "[60, 90]", "[90, 60]"), "min ≤ max"),
    (step("rest", "[60, 90]", "[-5, 60]"), "[-5, 60]"),
    (step("hold", "30", "35", "9999-12-31T23:59:59-12:00"), "`accepted`"),
    (step("hold", "30", "35", "9999-12-31T23:59:59Z"), "`accepted`"),
    (step("hold", "30", '"35"'), "a string"),
], ids=["sets-0", "sets-million", "hold-0", "hold-negative", "hold-huge", "reps-101",
        "rest-reversed", "rest-negative", "year-9999-west", "year-9999-utc", "text"])
def test_a_step_up_outside_the_routine_limits_is_reported_once(entry: str, words: str) -> None:
    """Each bad step is one problem naming the file and the entry, and is ignored."""
    path = in_data("progress.toml", step("hold", "30", "35") + entry)
    progress, problems = load_progress()
    assert [s.new for s in progress.steps] == [35]
    (problem,) = problems
    assert problem.file == str(path) and problem.where == "step 2" and words in problem.message


@pytest.mark.parametrize("value", ["5", '"x"', '{ lever = "hold" }'])
def test_a_step_of_the_wrong_type_is_reported(value: str) -> None:
    """`step = 5` or a single table is a problem, not silently nothing."""
    path = in_data("progress.toml", f"step = {value}\n")
    progress, problems = load_progress()
    assert progress.steps == () and [(p.file, p.where) for p in problems] == [(str(path), "step")]


def test_the_progress_command_survives_a_step_in_year_9999(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`progress` lists the good steps and names the one it cannot show."""
    in_data("progress.toml", step("hold", "30", "35")
            + step("hold", "35", "40", "9999-12-31T23:59:59Z"))
    code, out, err = run(capsys, "progress")
    assert code == 0 and "hold 35 s (was 30 s)" in out and "step 2" in err


# -- 7. names, cues, BOM, duplicates -----------------------------------------------


def test_escape_control_writes_out_what_a_terminal_would_act_on() -> None:
    """Escape sequences and line breaks become visible text; other text is unchanged."""
    assert escape_control("a\x1b]0;owned\x07b\nc\x9b") == "a\\x1b]0;owned\\x07b\\nc\\x9b"
    assert escape_control("Plank · 30 s") == "Plank · 30 s"
    assert clip("x" * 100, 60) == "x" * 59 + "…" and len(shown_name("y" * 1000)) == 60


def test_routine_file_names_are_listed_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    """A file name with an escape sequence or a newline is shown as text, on one row."""
    own("evil\x1b]0;owned\x07", "not toml at all")
    own("two\nlines", "also = = bad")
    code, out, err = run(capsys, "routines")
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "evil\\x1b]0;owned\\x07.toml" in out and "two\\nlines.toml" in out
    code, out, err = run(capsys, "validate")
    assert code == 1 and "\x1b" not in out + err and "two\\nlines.toml" in out


def test_home_shows_file_names_escaped() -> None:
    """The home list's row for a broken file shows its name as text."""
    from backtimer.ui.widgets.home_routines import error_text, routine_prompt

    path = own("evil\x1b[31m", "nope")
    (entry,) = [e for e in available_routines() if e.path == path]
    row = str(routine_prompt(entry, None, False))
    assert "\x1b" not in row and "evil\\x1b[31m.toml" in row
    assert "\x1b" not in error_text(entry).plain


def test_long_routine_names_are_capped_in_lists(capsys: pytest.CaptureFixture[str]) -> None:
    """A 100,000-character name is shown cut, so rows keep their width; the file keeps it."""
    own("long", GOOD.replace("Good one", "N" * 100_000))
    code, out, _ = run(capsys, "routines")
    assert code == 0 and max(len(line) for line in out.splitlines()) < 200
    assert "N" * 59 + "…" in out
    (entry,) = [e for e in available_routines() if e.slug == "long"]
    assert entry.routine is not None and len(entry.routine.name) == 100_000


def test_too_many_cues_and_long_cues_are_reported() -> None:
    """Cues are capped in number and length, and the message names the limit."""
    many = ", ".join(f'"cue {n}"' for n in range(MAX_CUES + 1))
    long = '"' + "c" * (MAX_CUE_LENGTH + 1) + '"'
    text = (f'name = "x"\n[warmup]\nduration = 60\ncues = [{many}]\n'
            f'[[exercise]]\nname = "P"\nhold = 3\ncues = ["fine", {long}]\n')
    with pytest.raises(RoutineError) as info:
        parse_routine(text, "r.toml")
    found = {(p.where, p.message) for p in info.value.problems}
    assert ("warmup → cues", f"expected at most {MAX_CUES} cues, found {MAX_CUES + 1}") in found
    assert ('exercise 1 ("P") → cues, item 2',
            f"expected a cue of at most {MAX_CUE_LENGTH} characters, "
            f"found {MAX_CUE_LENGTH + 1}") in found


def test_config_with_a_byte_order_mark_is_read() -> None:
    """config.toml saved with a UTF-8 BOM applies, as routines and the history do."""
    path = paths.config_file()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xef\xbb\xbfsound = false\n")
    settings, problems = load_settings()
    assert problems == [] and settings.sound is False


def test_two_routines_for_one_programme_week_are_reported(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Two files with the same program and week: `routines` and `validate` say so."""
    week = 'program = "Mine"\nweek = 1\n' + GOOD
    own("a", week)
    second = own("b", week.replace("Good one", "Other"))
    code, _, err = run(capsys, "routines")
    assert code == 0 and f'{second}: week: week 1 of "Mine" is also' in err
    code, out, _ = run(capsys, "validate")
    assert code == 1 and f'{second}: week: week 1 of "Mine" is also' in out


def test_a_duplicated_session_id_keeps_both_sessions() -> None:
    """Two sessions under one id with different starts are both read, and named."""
    first = session(0)
    second = session(1).replace('id = "s1"', 'id = "s0"')
    path = in_data("history.toml", first + second)
    result = read_history(path)
    assert [s["started"].day for s in result.sessions] == [1, 2]
    (problem,) = result.problems
    assert problem.startswith(f"{path}: lines 6-10: session s0 has the id of an earlier")


def test_home_caps_long_names_and_keeps_broken_rows_on_one_line() -> None:
    """A 100,000-character name is cut in the list and the panel; a broken row is one line."""
    from rich.console import Console

    from backtimer.core.progress import Applied
    from backtimer.ui.widgets.home_detail import routine_text
    from backtimer.ui.widgets.home_routines import routine_prompt

    own("long", GOOD.replace("Good one", "N" * 100_000))
    own("b" * 200, "broken")
    entries = {e.slug: e for e in available_routines()}
    routine = entries["long"].routine
    assert routine is not None
    prompt = routine_prompt(entries["long"], Applied(routine, {}), False)
    assert str(prompt).startswith("N" * 59 + "…  ")
    assert routine_text(routine, {}, "~1 min").plain.split("\n")[0] == "N" * 59 + "…"
    console = Console(width=40, record=True)
    console.print(routine_prompt(entries["b" * 200], None, False))
    assert len(console.export_text().rstrip("\n").split("\n")) == 1


# Patterns the code applies with search or findall; every other one only with fullmatch,
# where an unanchored scan from each position is never run.
SEARCHED = ("_CONTROL", "_CONTROL_MULTILINE", "_AT_LINE", "_AT_END", "_DIGITS",
            "_SESSION_HEADER", "_TOP_HEADER", "_ANY_HEADER", "_ERROR_LINE", "_AT", "_UNSAFE",
            "_PART")
AUDIT = f'''
import importlib, pkgutil, re
import backtimer
texts = [unit * (40_000 // len(unit)) + "!" for unit in
         (" ", "1", "[", "a", "1 ", "1a", "1 s ", "[ ", "=", "\\t", "0", "x = ", "1m", "#")]
texts += [start + " " * 40_000 + "!" for start in ("x = x", "1-2", "[", "[[a", "5", "2 x 8")]
found = 0
for info in pkgutil.walk_packages(backtimer.__path__, "backtimer."):
    if ".screens" in info.name or ".widgets" in info.name or info.name.endswith(".app"):
        continue  # Textual modules: no patterns of ours, and slow to import
    module = importlib.import_module(info.name)
    for name, pattern in vars(module).items():
        if not isinstance(pattern, re.Pattern):
            continue
        found += 1
        for text in texts:
            data = text.encode() if isinstance(pattern.pattern, bytes) else text
            pattern.fullmatch(data)
            if name in {SEARCHED!r}:
                pattern.findall(data)
print(found)
'''


def test_every_pattern_runs_in_linear_time() -> None:
    """Each module-level pattern meets long runs of the characters it repeats, quickly."""
    assert int(python(AUDIT)) >= 15
