"""`backtimer routines`, `validate` and `show` as a person runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from backtimer.__main__ import main
from backtimer.core.plan import build_plan
from backtimer.storage import paths
from backtimer.storage.loader import load_routine

ROOT = Path(__file__).resolve().parent.parent
PLANK = 'name = "Plank test [/] [b]"\n[[exercise]]\nname = "Plank"\nhold = 30\nsets = 2\n'


def own(stem: str, text: str) -> Path:
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# -- routines ------------------------------------------------------------------


def test_routines_lists_bundled_with_stem_count_and_estimate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Each bundled routine shows its name, file stem, exercise count and length."""
    code, out, _ = run(capsys, "routines")
    assert code == 0
    line = next(x for x in out.splitlines() if "core-stability" in x)
    assert "Core stability" in line and "3 exercises" in line and "about" in line
    assert "min" in line
    assert out.index("week-1") < out.index("week-2") < out.index("week-4")
    assert "Four-week back plan:" in out


def test_routines_prints_where_own_routines_go(capsys: pytest.CaptureFixture[str]) -> None:
    """The folder for the person's own routines is printed, even when it is empty."""
    _, out, _ = run(capsys, "routines")
    assert "Your routines: none yet." in out
    assert str(paths.user_routines_dir()) in out


def test_routines_marks_own_broken_and_replacing(capsys: pytest.CaptureFixture[str]) -> None:
    """Own routines are listed apart: broken ones with their first error, copies as replacing."""
    own("mine", PLANK)
    own("broken", 'name = "B"\n[[exercise]]\nname = "X"\nhodl = 3\nsets = 0\n')
    own("foundation", PLANK.replace("Plank test", "My foundation"))
    code, out, _ = run(capsys, "routines")
    assert code == 0
    yours = out[out.index("Your routines"):]
    assert "Plank test [/] [b]" in yours and "mine" in yours
    broken = next(x for x in yours.splitlines() if "broken" in x)
    assert "cannot be used" in broken and "hodl" in broken and "(and 1 more)" in broken
    assert "replaces the bundled one" in next(x for x in yours.splitlines() if "My foundation" in x)
    assert "Core stability" in out[:out.index("Your routines")]


# -- validate ------------------------------------------------------------------


def test_validate_bundled_files_prints_ok(capsys: pytest.CaptureFixture[str]) -> None:
    """Valid files exit 0 with an ok line each."""
    files = sorted(str(p) for p in (ROOT / "routines").glob("*.toml"))
    assert len(files) >= 7
    code, out, _ = run(capsys, "validate", *files)
    assert code == 0
    assert out.splitlines() == [f"{f}: ok" for f in files]


def test_validate_reports_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Every problem of every file is one line naming file and place; exit status 1."""
    bad = tmp_path / "bad.toml"
    bad.write_text('[[exercise]]\nname = "Plank"\nhodl = 30\n')
    good = tmp_path / "good.toml"
    good.write_text(PLANK)
    code, out, _ = run(capsys, "validate", str(bad), str(good))
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        f'{bad}: name: missing, and it is required (add name = "..." near the top of the file)',
        f"{bad}: exercise 1 (\"Plank\") → hodl: unknown key 'hodl' in an exercise "
        "(did you mean 'hold'?)",
        f"{good}: ok",
    ]


def test_validate_missing_directory_and_binary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A missing file, a folder and a binary file are one problem line each."""
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    missing = tmp_path / "gone.toml"
    code, out, err = run(capsys, "validate", str(missing), str(tmp_path), str(binary))
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert len(lines) == 3
    assert lines[0] == (
        f"{missing}: no such file (check the path; `backtimer routines` lists the routines "
        f"you can give by name; your own routines go in {paths.user_routines_dir()})"
    )
    assert lines[1].startswith(f"{tmp_path}: is a folder")
    assert lines[2].startswith(f"{binary}: is not UTF-8 text")


def test_validate_accepts_a_routine_name(capsys: pytest.CaptureFixture[str]) -> None:
    """A bundled routine's name is checked like its file; an unknown name is a problem."""
    code, out, _ = run(capsys, "validate", "foundation", "fundation")
    assert code == 1
    assert out.splitlines()[0] == "foundation: ok"
    assert "did you mean 'foundation'?" in out.splitlines()[1]


def test_validate_without_files_checks_own_folder(capsys: pytest.CaptureFixture[str]) -> None:
    """With no FILE, every routine in the person's folder is checked."""
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "No routines of your own" in out
    path = own("mine", PLANK)
    code, out, _ = run(capsys, "validate")
    assert code == 0 and out.strip() == f"{path}: ok"


# -- show ----------------------------------------------------------------------


def test_show_lists_every_step_with_total(capsys: pytest.CaptureFixture[str]) -> None:
    """Each plan step is a numbered line with its banner, label and amount, then a total."""
    code, out, _ = run(capsys, "show", "core-stability")
    assert code == 0
    routine = load_routine(paths.bundled_routines_dir() / "core-stability.toml")
    steps = build_plan(routine)
    lines = out.splitlines()
    assert lines[0] == "Core stability (core-stability.toml)"
    step_lines = [x for x in lines if x[:3].strip().isdigit()]
    assert len(step_lines) == len(steps)
    assert step_lines[0].split()[:3] == ["1", "WARM-UP", "Warm-up"]
    assert step_lines[0].endswith("5 min")
    assert step_lines[1].split()[:3] == ["2", "GET", "READY"]
    assert "HOLD" in step_lines[2] and "Plank, set 1 of 3" in step_lines[2]
    assert step_lines[2].endswith("30 s")
    assert any("SWITCH SIDES" in x for x in step_lines)
    assert any("REST" in x and "1 min to 1 min 30 s" in x for x in step_lines)
    assert lines[-1].startswith("Total: about")


def test_show_gives_the_first_get_ready_the_session_will_have(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`show` lists the settings' longer first get-ready (first_lead_in) that a session runs."""
    own("twice", 'name = "Twice"\nrest = 0\n[warmup]\nduration = 60\n'
                 '[[exercise]]\nname = "Plank"\nsets = 2\nhold = 30\n')
    _, out, _ = run(capsys, "show", "twice")
    ready = [x for x in out.splitlines() if "GET READY" in x]
    assert ready[0].endswith("10 s") and ready[-1].endswith("5 s")
    config = paths.config_file()
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text("first_lead_in = 20\nlead_in = 7\n", encoding="utf-8")
    _, out, _ = run(capsys, "show", "twice")
    ready = [x for x in out.splitlines() if "GET READY" in x]
    assert len(ready) == 2 and ready[0].endswith("20 s") and ready[-1].endswith("7 s")


def test_show_rep_and_weight_amounts(capsys: pytest.CaptureFixture[str]) -> None:
    """Rep sets show the count and the weight; guided reps show the hold per rep."""
    _, out, _ = run(capsys, "show", "resistance")
    assert "10 reps, 8kg" in out and "WARM-UP" in out
    _, out, _ = run(capsys, "show", "foundation")
    assert "12 reps, hold 2 s each" in out


def test_show_alternating_exercise_has_no_switch_pause(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Dead bug shows one set per round, "alternate sides", and no switch step around it."""
    _, out, _ = run(capsys, "show", "core-stability")
    step_lines = [x for x in out.splitlines() if x[:3].strip().isdigit()]
    bugs = [i for i, x in enumerate(step_lines) if "Dead bug" in x]
    assert len(bugs) == 3
    for i in bugs:
        assert step_lines[i].endswith("16 reps, alternate sides, 8 each side")
        assert "left" not in step_lines[i] and "right" not in step_lines[i]
        assert "SWITCH" not in step_lines[i - 1] and "SWITCH" not in step_lines[i]
    assert not any("SWITCH" in x for x in step_lines[bugs[0]:])


def test_show_alternate_in_total_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """`alternate = true` counts reps in total: the amount has no per-side count."""
    own("march", 'name = "March"\n[[exercise]]\nname = "March"\nreps = 20\nalternate = true\n')
    _, out, _ = run(capsys, "show", "march")
    line = next(x for x in out.splitlines() if "REPS" in x)
    assert line.endswith("20 reps, alternate sides")


def test_show_lists_equipment_and_easier_options(capsys: pytest.CaptureFixture[str]) -> None:
    """`show` names what the routine needs up top and each lighter option after the steps."""
    _, out, _ = run(capsys, "show", "week-4")
    lines = out.splitlines()
    assert lines[2].startswith("You need: kettlebell 16 kg (or 12 kg), pull-up bar")
    start = lines.index("Easier options:")
    assert "  Heavy kettlebell swing: the 12 kg bell from week 3" in lines[start:]
    assert start > max(i for i, x in enumerate(lines) if x[:3].strip().isdigit())


def test_show_marks_the_gentle_routine(capsys: pytest.CaptureFixture[str]) -> None:
    """The gentle day says it never counts toward the week; other routines say nothing."""
    _, out, _ = run(capsys, "show", "gentle")
    assert "never counts toward the weekly target" in out
    _, out, _ = run(capsys, "show", "foundation")
    assert "never counts" not in out


def test_routines_equipment_lists_what_each_routine_needs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`routines --equipment` gives each routine's kit on its line, and "nothing listed"."""
    own("plain", 'name = "Plain"\n[[exercise]]\nname = "Plank"\nhold = 30\n')
    code, out, _ = run(capsys, "routines", "--equipment")
    assert code == 0
    lines = out.splitlines()
    resistance = next(x for x in lines if " resistance " in x)
    assert resistance.rstrip().endswith("dumbbells, chair or bench, kettlebell")
    week4 = next(x for x in lines if " week-4 " in x)
    assert "pull-up bar" in week4 and "kettlebell 16 kg" in week4
    assert next(x for x in lines if " plain " in x).rstrip().endswith("nothing listed")
    assert "Four-week back plan:" in out and "exercises" not in out


def test_routines_marks_the_gentle_day(capsys: pytest.CaptureFixture[str]) -> None:
    """The plain listing says the gentle day is not counted toward the week."""
    _, out, _ = run(capsys, "routines")
    line = next(x for x in out.splitlines() if " gentle " in x)
    assert "not counted toward the week" in line


def test_show_cues_option(capsys: pytest.CaptureFixture[str]) -> None:
    """--cues prints each exercise's cues once, under its first step."""
    _, out, _ = run(capsys, "show", "core-stability", "--cues")
    assert out.count("· Forearms and toes, elbows right under the shoulders") == 1
    _, out, _ = run(capsys, "show", "core-stability")
    assert "Forearms and toes" not in out


def test_show_prints_markup_literally(capsys: pytest.CaptureFixture[str]) -> None:
    """Names that look like markup are printed exactly as written."""
    own("mine", PLANK)
    code, out, _ = run(capsys, "show", "mine")
    assert code == 0 and out.startswith("Plank test [/] [b] (mine.toml)")


def test_show_unknown_routine_is_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown name exits 1 with one line on stderr suggesting the close name."""
    code, out, err = run(capsys, "show", "fundation")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "did you mean 'foundation'?" in err


def test_show_invalid_routine_lists_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An invalid file exits 1 with each problem on its own stderr line."""
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\nrest = [90, 60]\n[[exercise]]\nname = "P"\nhold = "soon"\n')
    code, out, err = run(capsys, "show", str(bad))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) == 2 and all(x.startswith(f"backtimer: {bad}: ") for x in lines)


def test_validate_bundled_routines_from_the_shell() -> None:
    """`python -m backtimer validate routines/*.toml` exits 0 in a real process."""
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "routines").glob("*.toml"))
    result = subprocess.run(
        [sys.executable, "-m", "backtimer", "validate", *files],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": ok") == len(files)


# -- mistakes on the command line ------------------------------------------------


@pytest.mark.parametrize("command", ["show", "validate", "run"])
@pytest.mark.parametrize("kind", ["name", "path"])
def test_overlong_name_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, kind: str
) -> None:
    """A name or path longer than the system allows exits 1 with one line saying so."""
    query = "x" * 300 if kind == "name" else str(tmp_path / ("x" * 300 + ".toml"))
    code, out, err = run(capsys, command, query)
    assert code == 1
    text = out if command == "validate" else err
    assert text.count("\n") == 1 and "Traceback" not in out + err
    expected = "no routine called" if kind == "name" else "file name too long"
    assert expected in text


@pytest.mark.parametrize("command", ["show", "validate", "run"])
def test_missing_file_says_what_to_do(capsys: pytest.CaptureFixture[str], command: str) -> None:
    """`missing.toml` is one line with the fix: the path, the list command, the own folder."""
    code, out, err = run(capsys, command, "missing.toml")
    assert code == 1
    line = (out if command == "validate" else err).strip()
    assert line.removeprefix("backtimer: ").startswith("missing.toml: no such file (check the path")
    assert "`backtimer routines`" in line and str(paths.user_routines_dir()) in line


def test_validate_with_an_unusable_own_folder_is_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bare `validate` with a config folder the system refuses finds nothing to check."""
    monkeypatch.setenv(paths.CONFIG_ENV, str(tmp_path / ("x" * 300)))
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "No routines of your own" in out


def test_os_error_escaping_a_command_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError no command caught is `backtimer: <what> (<path>)` and exit status 1."""
    from backtimer.cli import routines

    def full_disk(args: object) -> int:
        raise OSError(28, "No space left on device", "/data/history.toml")

    monkeypatch.setattr(routines, "run", full_disk)
    code, out, err = run(capsys, "routines")
    assert (code, out) == (1, "")
    assert err == "backtimer: no space left on device (/data/history.toml)\n"


def test_programming_errors_are_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only OSError is turned into a message; a bug still raises with its traceback."""
    from backtimer.cli import routines

    def bug(args: object) -> int:
        raise ValueError("a bug")

    monkeypatch.setattr(routines, "run", bug)
    with pytest.raises(ValueError, match="a bug"):
        main(["routines"])


@pytest.mark.parametrize(
    "argv",
    [
        ["--data-dir", "{dir}", "history"],
        ["history", "--data-dir", "{dir}"],
        ["--data-dir", "{other}", "history", "--data-dir", "{dir}"],
        ["--data-dir", "{dir}", "routines"],
        ["routines", "--data-dir", "{dir}"],
    ],
    ids=["before", "after", "after-wins", "before-other-command", "after-other-command"],
)
def test_data_dir_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    """--data-dir works on either side of the sub-command; given after it, it wins."""
    folder = tmp_path / "data"
    args = [a.format(dir=folder, other=tmp_path / "other") for a in argv]
    code, _, err = run(capsys, *args)
    assert code == 0, err
    assert paths.data_dir() == folder


def test_a_missing_command_module_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sub-command modules are imported directly: one that is missing is an ImportError,
    not a command silently left out of the parser."""
    import backtimer.__main__ as entry
    import backtimer.cli

    with monkeypatch.context() as patch:
        # As if the module were not installed: not loaded, and not importable.
        patch.delattr(backtimer.cli, "progress", raising=False)
        patch.setitem(sys.modules, "backtimer.cli.progress", None)
        for argv in (None, ["progress"]):
            with pytest.raises(ImportError):
                entry.build_parser(argv)
        assert entry.build_parser(["routines"]).parse_args(["routines"]).command == "routines"
    assert entry.build_parser().parse_args(["progress"]).command == "progress"


def _listing(parser: object) -> list[tuple[str, str]]:
    """The sub-commands `--help` lists, with their help lines."""
    import argparse

    assert isinstance(parser, argparse.ArgumentParser)
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return [(action.dest, str(action.help)) for action in subparsers._choices_actions]


def test_help_lists_every_command_as_its_module_describes_it() -> None:
    """The list `--help` shows without importing the commands matches the modules' own."""
    import backtimer.__main__ as entry

    full = _listing(entry.build_parser())
    assert [name for name, _ in full] == list(entry.COMMANDS)
    assert _listing(entry.build_parser(["--help"])) == full
    assert _listing(entry.build_parser(["histroy"])) == full  # "invalid choice" lists them
    for name, help_line in full:  # a known command registers itself alone, as listed
        assert _listing(entry.build_parser([name, "--help"])) == [(name, help_line)]


@pytest.mark.parametrize(("argv", "command"), [
    (["run", "foundation"], "run"),
    (["--data-dir", "history", "show", "x"], "show"),
    (["--data-dir=/d", "history"], "history"),
    (["--help"], None),
    ([], None),
])
def test_the_command_is_found_after_the_options(argv: list[str], command: str | None) -> None:
    """The sub-command is the first word that is neither an option nor --data-dir's value."""
    from backtimer.__main__ import command_in

    assert command_in(argv) == command


def test_only_the_command_being_run_is_imported() -> None:
    """`backtimer routines` loads no other command module, and `--help` loads none."""
    probe = (
        "import contextlib, io, sys\n"
        "from backtimer.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['routines'])\n"
        "    loaded = sorted(m for m in sys.modules if m.startswith('backtimer.cli.'))\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(loaded, sorted(m for m in sys.modules if m.startswith('backtimer.cli.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.split() == ["['backtimer.cli.routines']",
                                     "['backtimer.cli.routines']"]
