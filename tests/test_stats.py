"""History statistics: weeks, streaks, calendar days, bests and per-session totals."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from typing import cast

import pytest

from backtimer.core.records import SessionRecord, SetRecord
from backtimer.core.stats import (
    back_to_back_days,
    busy_weeks,
    hold_bests,
    month_days,
    review,
    session_totals,
    weekly_counts,
    weeks_met_streak,
)
from backtimer.storage.history import reader
from backtimer.storage.history.reader import read_sessions

TODAY = date(2026, 11, 26)  # a Thursday; its week began Monday 23 Nov


def hold(name: str, done: float, *, target: int = 30, skipped: bool = False,
         side: str | None = None) -> SetRecord:
    record: SetRecord = {"exercise": name, "kind": "hold", "set": 1, "target": target,
                              "done": done, "skipped": skipped}
    if side:
        record["side"] = side
    return record


def session(day: date, *sets: object, status: str = "completed", hour: int = 18,
            minutes: int = 25, planned: int | None = None) -> SessionRecord:
    started = datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)
    record: SessionRecord = {
        "id": f"{day}-{hour}", "routine": "Core", "routine_file": "core.toml",
        "started": started, "ended": started + timedelta(minutes=minutes),
        "status": status, "sets": cast("list[SetRecord]", list(sets)),  # odd ones on purpose
    }
    if planned is not None:
        record["planned_sets"] = planned
    return record


def on(*days: date) -> list[SessionRecord]:
    return [session(d, hold("Plank", 30.0)) for d in days]


def d(month: int, day: int) -> date:
    return date(2026, month, day)


def test_weekly_counts_group_monday_to_sunday() -> None:
    """Sunday belongs to the week that began the Monday before it, Monday starts a new one."""
    counts = weekly_counts(on(d(11, 22), d(11, 23), d(11, 16)))
    assert counts == {d(11, 16): 2, d(11, 23): 1}


def test_sessions_without_work_do_not_count() -> None:
    """A session stopped before any set was done fills no week and marks no day."""
    stopped = session(d(11, 24), status="stopped")
    skipped = session(d(11, 25), hold("Plank", 0.0, skipped=True), status="stopped")
    partial = session(d(11, 26), hold("Plank", 20.0), status="stopped")
    assert weekly_counts([stopped, skipped, partial]) == {d(11, 23): 1}
    assert month_days([stopped, skipped, partial], 2026, 11) == {d(11, 26): 1}


def test_future_sessions_are_not_counted() -> None:
    """A session dated after today (a clock set wrong) does not fill this week."""
    assert weekly_counts(on(d(11, 24), d(11, 28)), TODAY) == {d(11, 23): 1}


def test_busy_weeks_are_those_over_three() -> None:
    """Four sessions in a week is busy; three is not."""
    counts = weekly_counts(on(d(11, 2), d(11, 3), d(11, 4), d(11, 5), d(11, 9), d(11, 10),
                              d(11, 11)))
    assert busy_weeks(counts) == [d(11, 2)]


def test_streak_counts_consecutive_weeks_at_target() -> None:
    """Three weeks in a row at two sessions make a current streak of 3; a gap starts over."""
    history = on(d(10, 5), d(10, 7),  # met
                 d(10, 12),  # missed
                 d(10, 19), d(10, 21), d(10, 26), d(10, 28), d(11, 2), d(11, 4),  # met x3
                 d(11, 16), d(11, 18))  # met after a gap week
    streak = weeks_met_streak(weekly_counts(history), 2, TODAY)
    assert (streak.current, streak.best) == (1, 3)


def test_week_in_progress_does_not_break_the_streak() -> None:
    """Until this week meets the target, the streak is the run that ended last week."""
    history = on(d(11, 9), d(11, 11), d(11, 16), d(11, 18), d(11, 24))
    counts = weekly_counts(history)
    assert weeks_met_streak(counts, 2, TODAY).current == 2
    counts = weekly_counts([*history, *on(d(11, 26))])
    assert weeks_met_streak(counts, 2, TODAY).current == 3
    assert weeks_met_streak(counts, 2, TODAY + timedelta(days=14)).current == 0


def test_no_history_no_streak() -> None:
    """With no sessions the streak and the best are both zero, and the text is empty."""
    result = review([], 2, TODAY)
    assert (result.streak.current, result.streak.best) == (0, 0)
    assert result.streak_text == "" and result.notices == ()
    assert result.text == "This week: 0 of 2 training days"


def test_back_to_back_days() -> None:
    """Each day that follows a training day is reported once; two sessions on one day are not."""
    history = on(d(11, 2), d(11, 3), d(11, 4), d(11, 9), d(11, 11))
    history.append(session(d(11, 11), hold("Plank", 30.0), hour=8))
    assert back_to_back_days(history) == [d(11, 3), d(11, 4)]


def test_month_days_for_the_calendar() -> None:
    """Only the asked month's days are returned, with how many sessions each had."""
    history = on(d(10, 31), d(11, 1), d(11, 20))
    history.append(session(d(11, 20), hold("Plank", 30.0), hour=7))
    assert month_days(history, 2026, 11) == {d(11, 1): 1, d(11, 20): 2}


def test_day_follows_the_recorded_offset() -> None:
    """A session started late on the 1st in UTC-5 belongs to the 1st, not the 2nd."""
    zone = timezone(timedelta(hours=-5))
    late = session(d(11, 1), hold("Plank", 30.0))
    late["started"] = datetime(2026, 11, 1, 22, 30, tzinfo=zone)
    late["ended"] = late["started"] + timedelta(minutes=20)
    assert month_days([late], 2026, 11) == {d(11, 1): 1}


def test_hold_bests_and_trend() -> None:
    """The best is the longest non-skipped hold; the trend is each session's best, in order."""
    history = [
        session(d(11, 9), hold("Plank", 32.0, target=30), hold("Plank", 28.0)),
        session(d(11, 2), hold("Plank", 30.0)),
        session(d(11, 16), hold("Plank", 90.0, skipped=True), hold("Plank", 35.0, target=35),
                hold("Side plank", 20.0, side="left"), hold("Side plank", 22.5, side="right")),
        session(d(11, 18), {"exercise": "Bird-dog", "kind": "reps", "set": 1, "target": 10,
                            "done": 10, "skipped": False}),
    ]
    plank, side = hold_bests(history)
    assert (plank.exercise, plank.best, plank.day) == ("Plank", 35.0, d(11, 16))
    assert plank.trend == (30.0, 32.0, 35.0)
    assert (side.exercise, side.best, side.trend) == ("Side plank", 22.5, (22.5,))


def test_hold_bests_ignore_odd_values() -> None:
    """Sets whose time is missing, a string or true do not count and do not crash."""
    odd = session(d(11, 2), hold("Plank", 30.0), {"exercise": "Plank", "kind": "hold"},
                  {"exercise": "Plank", "kind": "hold", "done": "40"},
                  {"exercise": "Plank", "kind": "hold", "done": True}, "not a set")
    [plank] = hold_bests([odd, cast(SessionRecord, {"status": "completed", "sets": "nonsense"})])
    assert plank.best == 30.0


def test_session_totals() -> None:
    """Duration from start to end, sets done of planned, and seconds held (held reps too)."""
    guided = {"exercise": "Bird-dog", "kind": "reps", "set": 1, "side": "left", "target": 8,
              "done": 6, "hold": 3, "skipped": False}
    record = session(d(11, 2), hold("Plank", 30.0), hold("Plank", 12.5, skipped=True), guided,
                     minutes=27, planned=9)
    totals = session_totals(record)
    assert totals.duration == timedelta(minutes=27)
    assert (totals.sets_done, totals.sets_planned) == (2, 9)
    assert totals.held == 30.0 + 18.0


def test_session_totals_without_times_or_plan() -> None:
    """No end time means no duration; no planned count falls back to the sets recorded."""
    record = session(d(11, 2), hold("Plank", 30.0))
    del record["ended"]
    totals = session_totals(record)
    assert totals.duration is None
    assert (totals.sets_done, totals.sets_planned) == (1, 1)
    backwards = session(d(11, 2), minutes=-5)
    assert session_totals(backwards).duration is None


def test_session_totals_leave_the_warm_up_out() -> None:
    """A warm-up is recorded but is not a set: it counts in neither done nor planned."""
    warmup = {"exercise": "Warm-up", "kind": "warmup", "set": 0, "target": 300,
              "done": 300.0, "skipped": False}
    record = session(d(11, 2), warmup, hold("Plank", 30.0))
    assert (session_totals(record).sets_done, session_totals(record).sets_planned) == (1, 1)


def test_review_notices_recent_busy_weeks_and_back_to_back_days() -> None:
    """Four sessions in a recent week and consecutive days each get one gentle notice."""
    history = on(d(11, 16), d(11, 17), d(11, 19), d(11, 21), d(11, 24))
    result = review(history, 2, TODAY)
    assert result.text == "This week: 1 of 2 training days"
    busy, consecutive = result.notices
    assert busy.startswith("4 training days in the week of 16 Nov.")
    assert "Rest is part of training" in busy
    assert consecutive.startswith("Strength sessions on consecutive days, 16-17 Nov.")


def test_review_names_the_latest_and_counts_the_rest() -> None:
    """Several busy weeks and back-to-back days name the latest and count the others."""
    history = on(d(11, 2), d(11, 3), d(11, 5), d(11, 7), d(11, 9), d(11, 11), d(11, 13),
                 d(11, 15))
    busy, consecutive = review(history, 2, TODAY).notices
    assert busy.startswith("4 training days in the week of 9 Nov and 1 more lately.")
    assert consecutive.startswith("Strength sessions on consecutive days, 2-3 Nov.")
    history = on(d(11, 10), d(11, 11), d(11, 20), d(11, 21))
    [consecutive] = review(history, 2, TODAY).notices
    assert "20-21 Nov and 1 more times lately" in consecutive


def test_review_forgets_old_notices() -> None:
    """A busy week two months ago no longer earns a notice."""
    history = on(d(9, 7), d(9, 8), d(9, 9), d(9, 10))
    assert review(history, 2, TODAY).notices == ()


def test_review_across_a_month_end() -> None:
    """Consecutive days across a month are written with both months."""
    history = on(d(11, 30), d(12, 1))
    result = review(history, 2, d(12, 3))
    assert "30 Nov-1 Dec" in result.notices[0]
    assert result.this_week == 2 and result.streak.current == 1
    assert result.streak_text == "1 week in a row at your target (best 1)"


def test_read_sessions_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader that fails gives no sessions and one problem line."""
    def failing(*_: object, **__: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(reader, "read_history", failing)
    assert read_sessions() == ([], ["The history could not be read: disk on fire"])


def test_read_sessions_passes_on_the_readers_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions and problems come through as the reader gives them."""
    result = reader.HistoryRead([session(d(11, 2))], ["history.toml: line 9 skipped"])
    monkeypatch.setattr(reader, "read_history", lambda *_, **__: result)
    assert read_sessions() == (result.sessions, result.problems)


def test_stats_do_not_import_textual() -> None:
    """The statistics stay pure: importing them leaves Textual unloaded."""
    probe = "import backtimer.core.stats, sys; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "False"


def test_numbers_no_one_could_do_count_for_nothing() -> None:
    """inf, nan and integers past a float count as no time: totals and bests stay finite."""
    reps = {"exercise": "Dead bug", "kind": "reps", "done": 8, "hold": float("inf")}
    odd = session(d(11, 24), hold("Plank", float("inf")), hold("Plank", float("nan")),
                  hold("Plank", 10**400), hold("Plank", 20.0), reps)
    totals = session_totals(odd)
    assert totals.held == 20.0 and totals.sets_done == 2
    (best,) = hold_bests([odd])
    assert best.best == 20.0 and best.trend == (20.0,)
