"""`backtimer run ROUTINE`: loading, step-ups, settings problems and the exit status."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from backtimer.__main__ import main
from backtimer.core.clock import FakeClock
from backtimer.core.progress import Suggestion
from backtimer.core.routine import Exercise, Routine
from backtimer.storage import paths
from backtimer.storage.config import Settings
from backtimer.storage.progress_file import accept
from backtimer.ui.app import BacktimerApp

TINY = """\
name = "Tiny"
lead_in = 0

[[exercise]]
name = "Plank"
hold = 30
"""


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[BacktimerApp]:
    """Capture the app `run` would start instead of taking over the terminal."""
    apps: list[BacktimerApp] = []

    def fake_run(self: BacktimerApp, *args: Any, **kwargs: Any) -> int | None:
        apps.append(self)
        return None

    monkeypatch.setattr(BacktimerApp, "run", fake_run)
    return apps


def tiny_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.toml"
    path.write_text(TINY, encoding="utf-8")
    return path


def test_run_starts_the_routine_with_its_accepted_step_ups(
    tmp_path: Path, started: list[BacktimerApp]
) -> None:
    """A stored step-up is applied to the session and shown as `35 s (was 30 s)`."""
    accept([Suggestion("tiny.toml", "Plank", "hold", 30, 35)], when=datetime.now(UTC))
    assert main(["run", str(tiny_file(tmp_path)), "--quiet"]) == 0
    app = started[0]
    assert app.direct_routine is not None
    assert app.direct_routine.exercises[0].hold == 35
    assert app.direct_file_routine is not None and app.direct_file_routine.exercises[0].hold == 30
    assert app.direct_changes is not None
    assert [c.text for c in app.direct_changes["Plank"]] == ["hold 35 s (was 30 s)"]
    assert app.quiet and app.voice_off


def test_a_bad_config_is_reported_and_the_app_runs_on_defaults(
    tmp_path: Path, started: list[BacktimerApp]
) -> None:
    """A wrong setting becomes a message for the app to show; the session still starts."""
    paths.config_file().parent.mkdir(parents=True, exist_ok=True)
    paths.config_file().write_text('rest_step = "lots"\nsound = false\n', encoding="utf-8")
    assert main(["run", str(tiny_file(tmp_path))]) == 0
    app = started[0]
    assert any("rest_step" in p for p in app.settings_problems)
    assert app.settings.rest_step == 15
    assert app.quiet  # the good key still applies


def test_an_unknown_routine_is_one_clear_line(
    started: list[BacktimerApp], capsys: pytest.CaptureFixture[str]
) -> None:
    """A name that matches nothing exits 1 with a message, never a traceback."""
    assert main(["run", "no-such-routine-at-all"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("backtimer: ") and "no-such-routine-at-all" in err
    assert started == []


def test_bare_backtimer_opens_the_app_without_a_routine(started: list[BacktimerApp]) -> None:
    """`backtimer` alone starts the app on its home screen."""
    assert main([]) == 0
    assert started[0].direct_routine is None


async def test_settings_problems_are_shown_in_the_app() -> None:
    """Each problem with the settings is shown as a notification when the app opens."""
    app = BacktimerApp(
        routine=Routine("R", (Exercise("Plank", hold=30),)),
        settings_problems=["config.toml: rest_step: expected seconds (using the default, 15)"],
        clock=FakeClock(),
        recorder_factory=lambda sid: _NullRecorder(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert any("rest_step" in n.message for n in app._notifications)


class _NullRecorder:
    warning: str | None = None

    def start(self) -> None: ...
    def checkpoint(self, record: Any) -> None: ...
    def finish(self, record: Any) -> Any: ...
    def amend(self, **changes: Any) -> Any: ...
    def close(self) -> None: ...


def test_a_session_recovered_at_start_is_told_in_the_app(
    started: list[BacktimerApp], capsys: pytest.CaptureFixture[str]
) -> None:
    """A crashed session saved at start reaches the app, whose screen would hide stderr."""
    from backtimer.core.sample import sample_session
    from backtimer.storage.history.journal import Journal, journal_path, write_journal

    record = sample_session(1)
    write_journal(journal_path(record["id"]), Journal(record))
    assert main([]) == 0
    notes = started[0].history_notes
    assert len(notes) == 1 and notes[0].startswith("saved the interrupted session")
    assert "interrupted" in capsys.readouterr().err


async def test_several_settings_problems_are_one_notification() -> None:
    """Four bad keys make one notice that names them all, instead of four that do not fit."""
    problems = [f"/cfg/config.toml: key{i}: unknown setting, ignored" for i in range(4)]
    app = BacktimerApp(
        routine=Routine("R", (Exercise("Plank", hold=30),)),
        settings_problems=problems,
        clock=FakeClock(),
        recorder_factory=lambda sid: _NullRecorder(),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        notes = [n for n in app._notifications if n.title == "Settings"]
        assert len(notes) == 1
        message = notes[0].message
        assert message.startswith("4 problems in /cfg/config.toml:")
        assert all(f"key{i}: unknown setting" in message for i in range(4))


async def test_a_theme_picked_in_the_app_is_remembered() -> None:
    """Changing the theme while the app runs saves it for the next start."""
    from backtimer.storage.config import load_settings

    plank = Routine("Tiny", (Exercise("Plank", hold=30),), lead_in=0)
    app = BacktimerApp(routine=plank, clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "nord"
        await pilot.pause()
    assert load_settings()[0].theme == "nord"


@pytest.mark.parametrize("argv", [["run", "no-such-routine"], ["run", "tiny", "--quiet"], []])
def test_main_leaves_collection_on(
    argv: list[str], tmp_path: Path, started: list[BacktimerApp]
) -> None:
    """The start-up switches the collector off; main switches it on again on every way out."""
    if argv[1:2] == ["tiny"]:
        argv[1] = str(tiny_file(tmp_path))
    main(argv)
    assert gc.isenabled()


def test_a_progress_file_that_cannot_be_read_is_still_reported(
    tmp_path: Path, started: list[BacktimerApp]
) -> None:
    """Anything at progress.toml's place is read and judged, even a folder in its way."""
    paths.progress_file().mkdir(parents=True)
    assert main(["run", str(tiny_file(tmp_path)), "--quiet"]) == 0
    problems = started[0].settings_problems
    assert any("progress.toml" in p for p in problems), problems


def test_a_data_folder_that_is_a_file_is_reported_for_the_step_ups(
    tmp_path: Path, started: list[BacktimerApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Step-ups that cannot even be looked for are reported, not skipped in silence."""
    data = tmp_path / "not-a-folder"
    data.write_text("", encoding="utf-8")
    monkeypatch.setenv(paths.DATA_ENV, str(data))
    assert main(["run", str(tiny_file(tmp_path)), "--quiet"]) == 0
    problems = started[0].settings_problems
    assert any("progress.toml" in p and "not a folder" in p for p in problems), problems


def test_without_step_ups_the_step_up_code_waits(tmp_path: Path) -> None:
    """No progress.toml: `run` reaches the app without loading the step-up code; with
    one, the code is loaded and the step-ups applied (see the first test)."""
    code = (
        "import sys\n"
        "from backtimer.ui.app import BacktimerApp\n"
        "import backtimer.ui.screens.session  # what the first frame draws\n"
        "BacktimerApp.run = lambda self, *a, **k: None\n"
        "from backtimer.__main__ import main\n"
        f"main(['run', {str(tiny_file(tmp_path))!r}, '--quiet'])\n"
        "print('backtimer.core.progress' in sys.modules)\n"
    )
    def loaded() -> str:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                timeout=60, check=False)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    assert loaded() == "False"
    accept([Suggestion("tiny.toml", "Plank", "hold", 30, 35)], when=datetime.now(UTC))
    assert loaded() == "True"


async def test_quitting_before_the_first_frame_is_a_clean_exit() -> None:
    """The app told to exit at once (a quit on the first key) closes without an error."""
    app = BacktimerApp(settings=Settings(), clock=FakeClock())
    async with app.run_test(size=(80, 24)) as pilot:
        app.exit()
        await pilot.pause()
    assert app.return_code == 0
