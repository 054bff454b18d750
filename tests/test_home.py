"""The home screen: routines, the week, the programme, step-ups, and its keys."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest
import tomli_w
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets._footer import FooterKey

from backtimer.core.clock import FakeClock
from backtimer.core.progress import Suggestion
from backtimer.core.records import SessionRecord, SetRecord
from backtimer.core.routine import Routine
from backtimer.storage import paths
from backtimer.storage.config import Settings
from backtimer.storage.history import index, reader
from backtimer.storage.progress_file import accept
from backtimer.ui.app import BacktimerApp
from backtimer.ui.screens.history import HistoryScreen
from backtimer.ui.screens.home import HomeScreen
from backtimer.ui.screens.problems import ProblemsScreen
from backtimer.ui.widgets.home_detail import RoutineDetail
from backtimer.ui.widgets.home_routines import RoutinePrompt
from backtimer.ui.widgets.home_status import REST_DAY_HINT, HomeStatus, ResumeNote

TODAY = date(2026, 11, 26)  # a Thursday
NOON = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def hold(name: str, done: float, target: int = 30) -> SetRecord:
    return {"exercise": name, "kind": "hold", "set": 1, "target": target, "done": done,
            "skipped": False}


def session(day: date, file: str = "core-stability.toml", status: str = "completed",
            routine: str = "Core stability", **extra: Any) -> SessionRecord:
    started = datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)
    record: SessionRecord = {
        "id": f"{file}-{day}-{status}", "routine": routine, "routine_file": file,
        "started": started, "ended": started + timedelta(minutes=20), "status": status,
        "planned_sets": 3, "sets": [hold("Plank", 30.0)],
    }
    record.update(cast(SessionRecord, extra))  # extra keys, as a hand-edited file may hold
    return record


def write_history(*sessions: SessionRecord) -> Path:
    """history.toml as the app writes it: one [[session]] block per session."""
    path = paths.history_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(tomli_w.dumps({"session": [s]}) for s in sessions),
                    encoding="utf-8")
    return path


class Started:
    """Stands in for app.start_session and keeps each call."""

    def __init__(self) -> None:
        self.calls: list[tuple[Routine, dict[str, Any]]] = []

    def __call__(self, routine: Routine, **kwargs: Any) -> None:
        self.calls.append((routine, kwargs))


@asynccontextmanager
async def home(
    *, settings: Settings | None = None, size: tuple[int, int] = (80, 24),
    fake_start: bool = True, **kwargs: Any,
) -> AsyncIterator[tuple[BacktimerApp, Pilot[int], Started]]:
    """The app on its home screen with the history read and, by default, sessions faked."""
    app = BacktimerApp(settings=settings or Settings(), clock=FakeClock(wall=NOON), today=TODAY,
                       **kwargs)
    app.animation_level = "none"  # no waiting on animations between key presses
    started = Started()
    if fake_start:
        app.start_session = started  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        yield app, pilot, started


async def settle(app: BacktimerApp, pilot: Pilot[int]) -> None:
    """Let the history worker finish and its result reach the screen."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def prompts(app: BacktimerApp) -> list[str]:
    options = app.screen.query_one("#routines", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def drawn_prompts(app: BacktimerApp) -> list[list[str]]:
    """Each option as the list draws it: its lines, trailing blanks trimmed."""
    options = app.screen.query_one("#routines", OptionList)
    style = options.get_visual_style("option-list--option")
    return [[strip.text.rstrip() for strip in options._get_option_render(option, style)]
            for option in options.options]


def status(app: BacktimerApp) -> str:
    """The pick-up note (when shown) and the summary panel, as plain text."""
    resume = app.screen.query_one(ResumeNote).text.plain
    panel = app.screen.query_one(HomeStatus).text.plain
    return f"{resume}\n{panel}" if resume else panel


def shows_whole(app: BacktimerApp, widget: Widget) -> bool:
    """The widget is displayed and every line of it lies inside the screen."""
    region = widget.region
    return (widget.display and region.height >= widget.virtual_size.height > 0
            and region.bottom <= app.screen.size.height)


def footer_keys(app: BacktimerApp) -> dict[str, str]:
    """The footer's keys that are drawn in full inside the screen, with their labels."""
    width = app.screen.size.width
    return {key.key_display: key.description for key in app.screen.query(FooterKey)
            if key.region.width and key.region.right <= width}


def detail(app: BacktimerApp) -> str:
    return app.screen.query_one(RoutineDetail).text.plain


def highlight(app: BacktimerApp, name: str) -> None:
    index = next(i for i, p in enumerate(prompts(app)) if name in p)
    app.screen.query_one("#routines", OptionList).highlighted = index


async def test_lists_bundled_routines_with_estimates() -> None:
    """Every bundled routine is listed with its estimated length; the plan's week 1 first."""
    async with home() as (app, _, _):
        assert isinstance(app.screen, HomeScreen)
        shown = prompts(app)
        for name in ("Core stability", "Foundation", "Resistance", "Week 2: adding resistance"):
            assert any(name in p for p in shown), name
        assert all("min" in p for p in shown)
        assert shown[0].startswith("▶ Week 1") and "next in plan" in shown[0]
        assert "Core stability" in detail(app) or "Week 1" in detail(app)


async def test_first_frame_does_not_wait_for_the_history(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While the history is still being read the screen is up and says so; then the week."""
    write_history(session(TODAY - timedelta(days=2)))
    release = threading.Event()
    real = index.load_index

    def slow_read(*args: Any, **kwargs: Any) -> index.HistoryIndex:
        release.wait(5)
        return real(*args, **kwargs)

    monkeypatch.setattr(index, "load_index", slow_read)
    app = BacktimerApp(clock=FakeClock(wall=NOON), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Reading your history…" in status(app)
        assert any("Core stability" in p for p in prompts(app))
        release.set()
        await settle(app, pilot)
        assert "This week: 1 of 2 training days" in status(app)


async def test_enter_starts_the_highlighted_routine() -> None:
    """enter starts the highlighted routine, with what it was loaded from."""
    async with home() as (app, pilot, started):
        highlight(app, "Core stability")
        await pilot.press("enter")
        [(routine, kwargs)] = started.calls
        assert routine.name == "Core stability"
        assert kwargs["file_routine"].name == "Core stability"


async def test_enter_applies_accepted_step_ups() -> None:
    """An accepted step-up shows as `35 s (was 30 s)` and the session gets the new value."""
    accept([Suggestion("core-stability.toml", "Plank", "hold", 30, 35)], NOON)
    async with home() as (app, pilot, started):
        highlight(app, "Core stability")
        await pilot.pause()
        assert "Plank  3 × 35 s (was 30 s)" in detail(app)
        await pilot.press("enter")
        [(routine, kwargs)] = started.calls
        plank = next(e for e in routine.exercises if e.name == "Plank")
        assert plank.hold == 35
        assert kwargs["file_routine"].exercises[0].hold == 30
        assert "Plank" in kwargs["changes"]


async def test_enter_on_the_real_app_opens_the_session() -> None:
    """Without fakes, enter pushes the session screen."""
    from backtimer.ui.screens.session import SessionScreen

    async with home(fake_start=False) as (app, pilot, _):
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_h_opens_history_and_escape_comes_back() -> None:
    """h opens the history screen; escape returns to home."""
    async with home() as (app, pilot, _):
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_q_quits_with_status_zero() -> None:
    """q ends the app with exit status 0."""
    async with home() as (app, pilot, _):
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_this_week_and_days_since_last() -> None:
    """Training days since Monday are counted against the setting's weekly target."""
    write_history(session(date(2026, 11, 20)), session(date(2026, 11, 23)),
                  session(date(2026, 11, 24)))
    async with home(settings=Settings(weekly_target=3)) as (app, _, _):
        assert "This week: 2 of 3 training days · last trained 2 days ago" in status(app)
        assert REST_DAY_HINT not in status(app)


async def test_rest_day_hint_after_a_strength_day() -> None:
    """A session yesterday brings the hint to rest today."""
    write_history(session(TODAY - timedelta(days=1)))
    async with home() as (app, _, _):
        assert REST_DAY_HINT in status(app)
        assert "last trained yesterday" in status(app)


async def test_rest_day_offers_the_gentle_routine_and_g_starts_it() -> None:
    """The day after a strength session the gentle day is offered, and g starts it."""
    write_history(session(TODAY - timedelta(days=1)))
    async with home() as (app, pilot, started):
        shown = status(app)
        assert REST_DAY_HINT in shown
        assert "Feel like moving? Gentle day (~15 min) is easy: g starts it." in shown
        assert footer_keys(app).get("g") == "Gentle day"
        await pilot.press("g")
        [(routine, kwargs)] = started.calls
        assert routine.name == "Gentle day" and routine.gentle
        assert kwargs["file_routine"].gentle


async def test_gentle_routine_is_not_offered_again_after_a_gentle_session() -> None:
    """Once the gentle session is done today, the rest day no longer offers it and g is gone."""
    write_history(session(TODAY - timedelta(days=1)),
                  session(TODAY, "gentle.toml", routine="Gentle day", gentle=True))
    async with home() as (app, pilot, started):
        assert REST_DAY_HINT in status(app)
        assert "Feel like moving" not in status(app)
        assert "g" not in footer_keys(app)
        await pilot.press("g")
        assert started.calls == []


@pytest.mark.parametrize("days_ago", [0, 2, None])
async def test_gentle_routine_is_not_offered_on_other_days(days_ago: int | None) -> None:
    """Trained today, a gap of two days, or no history: no offer, and g does nothing."""
    if days_ago is not None:
        write_history(session(TODAY - timedelta(days=days_ago)))
    async with home() as (app, pilot, started):
        assert "Feel like moving" not in status(app)
        assert "g" not in footer_keys(app)
        await pilot.press("g")
        assert started.calls == []


async def test_home_detail_shows_equipment_easier_and_the_gentle_note() -> None:
    """The detail names what a routine needs, each lighter option, and that gentle is apart."""
    async with home(size=(120, 50)) as (app, pilot, _):
        highlight(app, "Week 4")
        await pilot.pause()
        shown = detail(app)
        assert "You need: kettlebell 16 kg (or 12 kg), pull-up bar" in shown
        assert "Easier: the 12 kg bell from week 3" in shown
        highlight(app, "Core stability")
        await pilot.pause()
        assert "Dead bug  3 × 8 reps each side, alternate sides" in detail(app)
        highlight(app, "Gentle day")
        await pilot.pause()
        assert "does not count toward your weekly target" in detail(app)


async def test_interrupted_session_notice_and_pick_up_key() -> None:
    """An interrupted last session is named, and r starts its routine where it stopped."""
    interrupted = session(TODAY - timedelta(days=1), status="interrupted", planned_sets=9)
    write_history(session(TODAY - timedelta(days=3)), interrupted)
    async with home() as (app, pilot, started):
        assert ("Core stability was interrupted on 25 Nov after 1 of 9 sets; r picks it up"
                in status(app))
        await pilot.press("r")
        [(routine, kwargs)] = started.calls
        assert routine.name == "Core stability"
        assert kwargs["resume"]["id"] == interrupted["id"]
        assert kwargs["resume"]["sets"] == interrupted["sets"]


async def test_pick_up_key_opens_the_session_on_the_real_app() -> None:
    """Without fakes, r opens the session screen for the interrupted routine."""
    from backtimer.ui.screens.session import SessionScreen

    write_history(session(TODAY - timedelta(days=1), status="interrupted", planned_sets=9))
    async with home(fake_start=False) as (app, pilot, _):
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_pick_up_key_does_nothing_without_an_interruption() -> None:
    """With no interrupted session, r starts nothing and is not offered in the footer."""
    write_history(session(TODAY - timedelta(days=1)))
    async with home() as (app, pilot, started):
        await pilot.press("r")
        assert started.calls == []
        assert app.screen.check_action("resume", ()) is False


async def test_programme_week_line_and_next_week_first() -> None:
    """Two completed week-1 sessions move the plan to week 2, listed first."""
    write_history(session(date(2026, 11, 16), "week-1.toml", routine="Week 1"),
                  session(date(2026, 11, 18), "week-1.toml", routine="Week 1"),
                  session(date(2026, 11, 23), "week-2.toml", routine="Week 2"))
    async with home() as (app, pilot, started):
        assert "Four-week back plan: week 2 of 4, 1 of 2 sessions done" in status(app)
        assert prompts(app)[0].startswith("▶ Week 2")
        await pilot.press("enter")
        assert started.calls[0][0].week == 2


async def test_programme_week_held_back_by_pain_says_why() -> None:
    """A week whose last session ended in pain stays, and the screen says why."""
    write_history(session(date(2026, 11, 16), "week-1.toml"),
                  session(date(2026, 11, 18), "week-1.toml"),
                  session(date(2026, 11, 20), "week-1.toml", status="pain"))
    async with home() as (app, _, _):
        text = status(app)
        assert "Four-week back plan: week 1 of 4, 2 of 2 sessions done" in text
        assert "Week 1 held back: the last session ended with pain" in text


async def test_settings_problems_are_shown_once() -> None:
    """A bad config is reported in a notification, once, and the app runs on."""
    seen: list[Any] = []
    problem = "config.toml: weekly_target: expected a whole number (using the default, 2)"
    app = BacktimerApp(clock=FakeClock(wall=NOON), today=TODAY, settings_problems=[problem])
    async with app.run_test(size=(80, 24), message_hook=seen.append) as pilot:
        await settle(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
    told = [m for m in seen if isinstance(m, Notify) and m.notification.message == problem]
    assert len(told) == 1


async def test_broken_user_routine_is_listed_with_its_error() -> None:
    """A user routine that does not load is listed, its error shown, and enter refuses it."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "mine [b].toml").write_text('name = "Mine"\n[[exercise]]\nname = "Plank"\n'
                                          'hold = "thirty"\n', encoding="utf-8")
    async with home() as (app, pilot, started):
        broken = next(p for p in prompts(app) if "mine [b].toml" in p)
        assert "cannot be loaded" in broken
        highlight(app, "mine [b].toml")
        await pilot.pause()
        assert "hold" in detail(app) and "backtimer validate" in detail(app)
        await pilot.press("enter")
        assert started.calls == []


async def test_routine_names_are_shown_literally() -> None:
    """A routine named with markup characters is shown as written."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "odd.toml").write_text('name = "Plank [/] [b]"\n[[exercise]]\nname = "Plank [i]"\n'
                                     'hold = 30\n', encoding="utf-8")
    async with home() as (app, pilot, _):
        assert any(p.startswith("Plank [/] [b]") and "(yours)" in p for p in prompts(app))
        highlight(app, "Plank [/] [b]")
        await pilot.pause()
        assert "Plank [i]  30 s" in detail(app)


async def test_history_is_read_again_after_a_session() -> None:
    """Coming back to home (after a session) shows sessions saved meanwhile."""
    async with home() as (app, pilot, _):
        assert "No sessions yet" in status(app)
        await pilot.press("h")
        await pilot.pause()
        write_history(session(TODAY))
        await pilot.press("escape")
        await settle(app, pilot)
        assert "This week: 1 of 2 training days · last trained today" in status(app)


async def test_damaged_history_is_mentioned_on_home() -> None:
    """Damaged history lines are pointed out on home, and the intact sessions still count."""
    path = write_history(session(TODAY - timedelta(days=2)))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\n[[session]]\nid = "torn"\nstarted = 2026-11-\n')
    async with home() as (app, _, _):
        text = status(app)
        assert "reading your history; h shows the details" in text
        assert "This week: 1 of 2 training days" in text


async def test_small_terminal_does_not_crash() -> None:
    """At 40x12 the home screen still draws and its keys still work."""
    write_history(session(TODAY - timedelta(days=1), status="interrupted"))
    async with home(size=(40, 12)) as (app, pilot, started):
        assert "interrupted" in status(app)
        await pilot.press("enter")
        assert len(started.calls) == 1
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)


async def test_estimates_stay_on_the_routine_line_at_80_columns() -> None:
    """Each routine is one line with its estimate flush right; the plan's next week adds
    one line, `next in plan`; long names are cut with … instead of wrapping."""
    async with home() as (app, _, _):
        drawn = drawn_prompts(app)
        assert drawn[0][0].startswith("▶ Week 1") and drawn[0][0].endswith("~37 min")
        assert [line.strip() for line in drawn[0][1:]] == ["next in plan"]
        for lines in drawn[1:]:
            assert len(lines) == 1 and lines[0].endswith(" min"), lines
        width = app.screen.query_one("#routines", OptionList).scrollable_content_region.width
        cut = RoutinePrompt("A very long routine name indeed", "~23 min").lines(30)[0].plain
        assert cut == "A very long routine n… ~23 min"
        assert all(len(line) <= width for lines in drawn for line in lines)


async def test_small_home_keeps_the_pick_up_note_and_quit_in_sight() -> None:
    """At 40x12 with a full panel the interrupted session is still shown whole, and the
    footer still shows q Quit."""
    path = write_history(session(TODAY - timedelta(days=3), "week-1.toml", routine="Week 1"),
                         session(TODAY - timedelta(days=1), status="interrupted",
                                 planned_sets=9))
    with path.open("a", encoding="utf-8") as handle:
        handle.write('\n[[session]]\nid = "torn"\nstarted = 2026-11-\n')
    problems = [f"{paths.config_file()}: sound: expected true or false"]
    async with home(size=(40, 12), settings_problems=problems) as (app, pilot, started):
        note = app.screen.query_one(ResumeNote)
        assert note.text.plain == "Core stability was interrupted on 25 Nov; r picks it up."
        assert shows_whole(app, note)
        keys = footer_keys(app)
        assert keys["q"] == "Quit" and keys["h"] == "History"
        await pilot.press("r")
        assert started.calls[0][1]["resume"]["status"] == "interrupted"


async def test_settings_problems_stay_listed_on_home() -> None:
    """Settings problems keep a line in the panel after the notification, and p lists
    each of them; without problems p is not offered."""
    problems = [f"{paths.config_file()}: sound: expected true or false, found 3",
                f"{paths.config_file()}: rest_stp: unknown setting [b], ignored"]
    async with home(settings_problems=problems) as (app, pilot, _):
        assert ("Settings: 2 problems in config.toml, running on defaults for them; "
                "p lists them.") in status(app)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        shown = str(app.screen.query_one("#problems", Static).content)
        assert problems[0] in shown and problems[1] in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    async with home() as (app, _, _):
        assert "Settings" not in status(app)
        assert app.screen.check_action("problems", ()) is False


MINE = """name = "My routine"

[[exercise]]
name = "Plank"
hold = 20
sets = 2
"""


async def test_a_session_run_from_a_path_is_picked_up_from_that_path(tmp_path: Path) -> None:
    """A routine outside the routines folder is found by the full path the session kept."""
    mine = tmp_path / "elsewhere" / "my-routine.toml"
    mine.parent.mkdir()
    mine.write_text(MINE, encoding="utf-8")
    warmup = {"exercise": "Warm-up", "kind": "warmup", "set": 0, "target": 60, "done": 60.0,
              "skipped": False}
    interrupted = session(TODAY - timedelta(days=1), "my-routine.toml", "interrupted",
                          "My routine", planned_sets=4, routine_path=str(mine),
                          sets=[warmup, hold("Plank", 20.0), hold("Plank", 20.0)])
    write_history(interrupted)
    async with home() as (app, pilot, started):
        assert "My routine was interrupted on 25 Nov after 2 of 4 sets" in status(app)
        assert app.screen.check_action("resume", ()) is True
        await pilot.press("r")
        [(routine, kwargs)] = started.calls
        assert routine.source == mine
        assert kwargs["resume"]["id"] == interrupted["id"]


async def test_pick_up_finds_a_moved_routine_by_its_name() -> None:
    """When the kept path is gone, the routine of the same name in the folder is used."""
    interrupted = session(TODAY - timedelta(days=1), "old-name.toml", "interrupted",
                          planned_sets=9, routine_path="/nowhere/old-name.toml")
    write_history(interrupted)
    async with home() as (app, pilot, started):
        await pilot.press("r")
        [(routine, _)] = started.calls
        assert routine.name == "Core stability"


async def test_no_pick_up_offered_when_the_routine_is_gone() -> None:
    """A routine found neither by path nor name is named as gone and r waits until it is back."""
    write_history(session(TODAY - timedelta(days=1), "gone.toml", "interrupted", "Gone",
                          planned_sets=9, routine_path="/nowhere/gone.toml"))
    async with home() as (app, pilot, started):
        assert "no longer found, so it cannot be picked up" in status(app)
        assert app.screen.check_action("resume", ()) is False
        await pilot.press("r")
        assert started.calls == []
        folder = paths.user_routines_dir()  # the routine comes back: r is offered again
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "gone.toml").write_text(MINE.replace("My routine", "Gone"), encoding="utf-8")
        app.screen.check_routines()  # type: ignore[attr-defined]
        await pilot.pause()
        assert "r picks it up" in status(app)
        assert app.screen.check_action("resume", ()) is True


async def test_a_pick_up_of_a_pick_up_continues_the_whole_workout() -> None:
    """The line counts both parts' sets, and r resumes after the last set of either."""
    first = session(TODAY - timedelta(days=1), status="interrupted", planned_sets=9,
                    id="first", sets=[hold("Plank", 30.0), hold("Plank", 30.0)])
    second = session(TODAY - timedelta(days=1), status="interrupted", planned_sets=9,
                     id="second", resumed_from="first", sets=[])
    second["started"] += timedelta(hours=1)
    write_history(first, second)
    async with home() as (app, pilot, started):
        assert "after 2 of 9 sets" in status(app)
        await pilot.press("r")
        [(_, kwargs)] = started.calls
        assert kwargs["resume"]["id"] == "second"
        assert len(kwargs["resume"]["sets"]) == 2


async def test_a_routine_saved_while_home_is_open_is_listed() -> None:
    """The routines folder is looked at again: a new file appears without leaving home."""
    async with home() as (app, pilot, _):
        assert not any("My routine" in p for p in prompts(app))
        folder = paths.user_routines_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "mine.toml").write_text(MINE, encoding="utf-8")
        app.screen.check_routines()  # type: ignore[attr-defined]
        await pilot.pause()
        assert any("My routine" in p for p in prompts(app))


async def test_a_picked_up_session_is_saved_as_the_rest_of_that_workout(tmp_path: Path) -> None:
    """r runs the rest, saves it with resumed_from, and the pair is one training day."""
    from backtimer.core.session_text import facts_text
    from backtimer.ui.screens.summary import SummaryScreen

    mine = tmp_path / "my-routine.toml"
    mine.write_text(MINE.replace("hold = 20", "hold = 5"), encoding="utf-8")
    interrupted = session(TODAY, "my-routine.toml", "interrupted", "My routine",
                          planned_sets=2, routine_path=str(mine), id="first",
                          sets=[hold("Plank", 5.0, target=5)])
    interrupted["started"] -= timedelta(hours=7)
    interrupted["ended"] = interrupted["started"] + timedelta(minutes=2)
    write_history(interrupted)
    async with home(fake_start=False) as (app, pilot, _):
        await pilot.press("r")
        await pilot.pause()
        assert any("Picking up after 1 of 2 sets." in str(n.message)
                   for n in app._notifications)
        for _ in range(60):
            app.clock.advance(0.25)  # type: ignore[attr-defined]
            app.screen.tick()  # type: ignore[attr-defined]
            if isinstance(app.screen, SummaryScreen):
                break
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "2 of 2 sets done (1 before the pick-up)" in facts_text(app.screen.facts).plain
    sessions = reader.read_history().sessions
    first, second = sessions
    assert second["resumed_from"] == "first" and second["routine_path"] == str(mine)
    assert second["planned_sets"] == 2 and second["status"] == "completed"
    from backtimer.core.stats import weekly_counts

    assert weekly_counts(sessions) == {TODAY - timedelta(days=TODAY.weekday()): 1}


async def test_the_history_is_gone_through_in_the_worker_not_on_the_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The week, programme and pick-up are worked out with the read; redraws and key
    checks on the screen's thread never group the (possibly long) history again."""
    from backtimer.core import workouts

    write_history(session(TODAY - timedelta(days=2)), session(TODAY - timedelta(days=1)),
                  session(TODAY, status="interrupted"))
    screen_thread = threading.get_ident()
    real = workouts.workouts

    def grouped_off_screen(*args: Any, **kwargs: Any) -> Any:
        assert threading.get_ident() != screen_thread, "grouped on the screen's thread"
        return real(*args, **kwargs)

    monkeypatch.setattr(workouts, "workouts", grouped_off_screen)
    monkeypatch.setattr("backtimer.core.programme.workouts", grouped_off_screen)
    async with home() as (app, pilot, _):
        assert "This week: 2 of 2 training days" in status(app)
        assert "picks it up" in status(app)
        app.screen.refresh_bindings()
        await pilot.press("down", "up")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
