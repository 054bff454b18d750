"""Announcements: the command gets the text as its last argument; failures show once."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from backtimer.sound.announce import Announcer

RECORDER = """\
import sys
with open(sys.argv[1], "a", encoding="utf-8") as out:
    out.write(repr(sys.argv[2:]) + "\\n")
sys.exit(int(sys.argv[2]) if sys.argv[2].isdigit() else 0)
"""


def recorder(tmp_path: Path) -> tuple[str, Path]:
    """A command that appends its arguments to a file (exit status = a numeric first arg)."""
    script = tmp_path / "recorder.py"
    script.write_text(RECORDER, encoding="utf-8")
    out = tmp_path / "said.txt"
    command = " ".join(shlex.quote(str(p)) for p in (sys.executable, script, out))
    return command, out


def test_text_is_passed_as_the_last_argument(tmp_path: Path) -> None:
    """The whole text arrives as one argument after the command's own words."""
    command, out = recorder(tmp_path)
    announcer = Announcer(command)
    assert announcer.say("Plank, set 2 of 3, 30 seconds") is None
    announcer.wait(timeout=10)
    assert out.read_text(encoding="utf-8") == "['Plank, set 2 of 3, 30 seconds']\n"
    assert announcer.error is None


def test_text_is_not_interpreted_by_a_shell(tmp_path: Path) -> None:
    """Quotes and semicolons in a routine's text are spoken, never run."""
    command, out = recorder(tmp_path)
    announcer = Announcer(command)
    announcer.say("Rest; rm -rf ~ 'x'")
    announcer.wait(timeout=10)
    assert out.read_text(encoding="utf-8") == "[\"Rest; rm -rf ~ 'x'\"]\n"


def test_missing_command_is_reported_once_then_silent(tmp_path: Path) -> None:
    """A command that does not exist gives one message, then announcements stay off."""
    announcer = Announcer(str(tmp_path / "no-such-voice") + " -v en")
    message = announcer.say("Plank")
    assert message is not None
    assert "no-such-voice" in message and "not found" in message
    assert announcer.say("Plank again") is None
    assert announcer.take_error() is None
    assert announcer.error == message
    assert not announcer.enabled


def test_failing_exit_status_is_reported_once(tmp_path: Path) -> None:
    """A command that exits with an error is noticed later, reported once, and not run again."""
    command, out = recorder(tmp_path)
    announcer = Announcer(command)
    announcer.say("3")  # the recorder exits with status 3
    announcer.wait(timeout=10)
    message = announcer.take_error()
    assert message is not None and "status 3" in message
    assert announcer.take_error() is None
    assert announcer.say("Plank") is None
    assert out.read_text(encoding="utf-8") == "['3']\n"  # not tried again


def test_no_command_is_silent_and_never_fails() -> None:
    """Without a command, say() does nothing and reports nothing."""
    for command in (None, "", "   "):
        announcer = Announcer(command)
        assert announcer.say("Plank") is None
        assert announcer.error is None
        assert not announcer.enabled


def test_unsplittable_command_is_reported() -> None:
    """A command with an unclosed quote is an error message, not an exception."""
    announcer = Announcer('say "unclosed')
    message = announcer.say("Plank")
    assert message is not None and "unclosed" in message


def test_new_announcement_replaces_one_still_speaking(tmp_path: Path) -> None:
    """A voice cut short by the next announcement is not counted as a failure."""
    script = tmp_path / "slow.py"
    script.write_text("import time\ntime.sleep(30)\n", encoding="utf-8")
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    announcer = Announcer(command)
    announcer.say("first")
    announcer.say("second")
    announcer.close()
    announcer.wait(timeout=10)
    assert announcer.take_error() is None
    assert announcer.enabled


def wait_for(path: Path) -> None:
    """Wait (at most 10 s) until a child process has made `path`."""
    import time

    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_a_voice_that_ignores_sigterm_is_killed_after_the_grace(tmp_path: Path) -> None:
    """A command that ignores SIGTERM is killed once the grace is over: voices never pile up."""
    from backtimer.sound import announce

    script = tmp_path / "stubborn.py"
    started = tmp_path / "started"
    script.write_text(
        "import signal, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        f"open({str(started)!r} + sys.argv[1], 'w').close()\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    now = [0.0]
    command = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    announcer = Announcer(command, now=lambda: now[0])
    announcer.say("1")
    first = announcer._process
    assert first is not None
    wait_for(tmp_path / "started1")  # SIGTERM must come after it chose to ignore it
    announcer.say("2")
    assert first.poll() is None and announcer.stopping == 1  # still there, within the grace
    now[0] += announce.GRACE
    assert announcer.stopping == 0
    assert first.wait(timeout=5) < 0  # killed by a signal
    announcer.close()
    assert announcer._process is None
    assert announcer.take_error() is None
