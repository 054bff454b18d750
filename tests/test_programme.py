"""The four-week programme: which week is current, when it moves on, and when it holds."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

from backtimer.core.programme import (
    gentle_choice,
    interrupted_session,
    programme_status,
    training_week,
)
from backtimer.core.records import SessionRecord, SetRecord
from backtimer.core.routine import Exercise, Routine
from backtimer.core.workouts import gentle_session

PLAN = "Four-week back plan"
TODAY = date(2026, 11, 30)
START = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)


def week(number: int, target: int | None = None, program: str = PLAN) -> Routine:
    return Routine(f"Week {number}", (Exercise("Bird-dog", reps=10),), program=program,
                   week=number, weekly_target=target, source=Path(f"week-{number}.toml"))


WEEKS = [week(n) for n in (1, 2, 3, 4)]


def done(number: int, day: int, status: str = "completed") -> SessionRecord:
    started = START + timedelta(days=day)
    return {"id": f"w{number}d{day}", "routine": f"Week {number}",
            "routine_file": f"week-{number}.toml", "started": started,
            "ended": started + timedelta(minutes=25), "status": status, "sets": []}


def test_no_sessions_means_week_one() -> None:
    """A programme never trained starts at week 1 with nothing done."""
    [status] = programme_status(WEEKS, [], TODAY)
    assert status.name == PLAN
    assert status.current is not None and status.current.week == 1
    assert status.routine is WEEKS[0]
    assert not status.started and status.days_since_last is None
    assert status.text == "Four-week back plan: week 1 of 4, 0 of 2 sessions done"


def test_week_is_done_after_the_weekly_target() -> None:
    """Two completed sessions of week 1 (the default target) move the plan to week 2."""
    [status] = programme_status(WEEKS, [done(1, 0)], TODAY)
    assert status.current is not None and status.current.week == 1
    assert status.text.endswith("week 1 of 4, 1 of 2 sessions done")
    [status] = programme_status(WEEKS, [done(1, 0), done(1, 2)], TODAY)
    assert status.current is not None and status.current.week == 2


def test_calendar_weeks_do_not_matter() -> None:
    """Sessions a month apart still complete a programme week."""
    [status] = programme_status(WEEKS, [done(1, 0), done(1, 40)], TODAY + timedelta(days=60))
    assert status.current is not None and status.current.week == 2


def test_only_completed_sessions_count() -> None:
    """Stopped and interrupted sessions do not count toward the week."""
    history = [done(1, 0), done(1, 1, "stopped"), done(1, 2, "interrupted")]
    [status] = programme_status(WEEKS, history, TODAY)
    assert status.current is not None
    assert (status.current.week, status.current.completed) == (1, 1)


def test_routine_target_wins_over_the_setting() -> None:
    """A week's own weekly_target is used before the settings' default."""
    weeks = [week(1, target=3), week(2)]
    history = [done(1, 0), done(1, 2)]
    [status] = programme_status(weeks, history, TODAY, default_target=1)
    assert status.current is not None and status.current.week == 1
    assert status.current.target == 3
    [status] = programme_status([week(1), week(2)], [done(1, 0)], TODAY, default_target=1)
    assert status.current is not None and status.current.week == 2


def test_pain_holds_the_week_back_with_a_reason() -> None:
    """A week whose latest session ended in pain does not advance, however many were done."""
    history = [done(1, 0), done(1, 2), done(1, 4, "pain")]
    [status] = programme_status(WEEKS, history, TODAY)
    assert status.current is not None and status.current.week == 1
    assert status.held_back == (
        "Week 1 held back: the last session ended with pain. "
        "Repeat it gently when you are ready."
    )


def test_a_later_session_without_pain_releases_the_hold() -> None:
    """Once the week's latest session ends well, it counts as done again."""
    history = [done(1, 0), done(1, 2, "pain"), done(1, 4)]
    [status] = programme_status(WEEKS, history, TODAY)
    assert status.current is not None and status.current.week == 2
    assert status.held_back == ""


def test_pain_in_the_current_week_gives_the_reason_before_any_count() -> None:
    """Week 2's first session ending in pain shows the week-2 reason."""
    history = [done(1, 0), done(1, 2), done(2, 4, "pain")]
    [status] = programme_status(WEEKS, history, TODAY)
    assert status.current is not None and status.current.week == 2
    assert status.held_back.startswith("Week 2 held back")


def test_pain_is_judged_by_start_time_not_list_order() -> None:
    """The latest session is the most recent by start, not the last in the list."""
    history = [done(1, 5), done(1, 6), done(1, 1, "pain")]
    [status] = programme_status(WEEKS, history, TODAY)
    assert status.current is not None and status.current.week == 2


def test_after_the_last_week_the_programme_is_complete() -> None:
    """Every week at target means complete, with no routine to train next."""
    history = [done(n, d) for n in (1, 2, 3, 4) for d in (n * 7, n * 7 + 2)]
    [status] = programme_status(WEEKS, history, TODAY)
    assert status.complete and status.current is None and status.routine is None
    assert status.text == "Four-week back plan: complete, all 4 weeks done"


def test_current_week_is_the_first_not_done() -> None:
    """Doing week 3 early does not skip week 2."""
    history = [done(1, 0), done(1, 2), done(3, 4), done(3, 6)]
    [status] = programme_status(WEEKS, history, TODAY)
    assert status.current is not None and status.current.week == 2


def test_days_since_last_session_counts_any_week() -> None:
    """The last session of any of the programme's weeks sets days-since."""
    history = [done(1, 0), done(2, 20)]
    [status] = programme_status(WEEKS, history, TODAY)
    assert status.last_session == date(2026, 11, 22)
    assert status.days_since_last == 8


def test_routines_outside_a_programme_are_ignored() -> None:
    """Plain routines and other programmes' sessions do not show up or count."""
    plain = Routine("Core", (Exercise("Plank", hold=30),), source=Path("core.toml"))
    other = Routine("Other 1", plain.exercises, program="Other plan", week=1,
                    source=Path("other-1.toml"))
    history: list[SessionRecord] = [{**done(1, 0), "routine_file": "core.toml"}, done(1, 1)]
    statuses = programme_status([plain, *WEEKS, other], history, TODAY)
    assert [s.name for s in statuses] == [PLAN, "Other plan"]
    assert statuses[0].current is not None and statuses[0].current.completed == 1
    assert statuses[1].current is not None and statuses[1].current.completed == 0


def test_weeks_are_ordered_by_number_whatever_the_listing_order() -> None:
    """Routines listed out of order still form weeks 1 to 4."""
    [status] = programme_status(list(reversed(WEEKS)), [], TODAY)
    assert [w.week for w in status.weeks] == [1, 2, 3, 4]


# The week at a glance ------------------------------------------------------

WEDNESDAY = date(2026, 11, 25)


def on(day: date, status: str = "completed", work: bool = True) -> SessionRecord:
    started = datetime(day.year, day.month, day.day, 18, 0, tzinfo=UTC)
    sets: list[SetRecord] = [{"exercise": "Plank", "kind": "hold", "set": 1, "target": 30,
                              "done": 12.0 if work else 0.0, "skipped": not work}]
    return {"id": day.isoformat(), "routine_file": "core.toml", "started": started,
            "status": status, "sets": sets}


def test_this_week_counts_from_monday() -> None:
    """Sessions since Monday count; last Sunday's does not."""
    history = [on(date(2026, 11, 22)), on(date(2026, 11, 23)), on(date(2026, 11, 24))]
    week_ = training_week(history, WEDNESDAY)
    assert week_.this_week == 2
    assert week_.last_day == date(2026, 11, 24) and week_.days_since_last == 1


def test_trained_yesterday_and_today() -> None:
    """Yesterday's session sets the rest-day hint; today's is noticed too."""
    assert training_week([on(date(2026, 11, 24))], WEDNESDAY).trained_yesterday
    assert not training_week([on(date(2026, 11, 23))], WEDNESDAY).trained_yesterday
    assert training_week([on(WEDNESDAY)], WEDNESDAY).trained_today


def test_gentle_is_offered_once_a_rest_day() -> None:
    """The gentle routine is offered the day after training, until any session today."""
    yesterday = on(date(2026, 11, 24))
    assert training_week([yesterday], WEDNESDAY).offers_gentle
    gentle = on(WEDNESDAY)
    gentle["gentle"] = True
    week_ = training_week([yesterday, gentle], WEDNESDAY)
    assert not week_.trained_today and not week_.offers_gentle
    stopped = on(WEDNESDAY, "stopped", work=False)
    assert not training_week([yesterday, stopped], WEDNESDAY).offers_gentle


def test_stopped_session_with_work_counts_as_training() -> None:
    """A session stopped after some sets is still a training day; one with none is not."""
    assert training_week([on(WEDNESDAY, "stopped")], WEDNESDAY).this_week == 1
    assert training_week([on(WEDNESDAY, "stopped", work=False)], WEDNESDAY).this_week == 0


def test_no_sessions_means_no_last_day() -> None:
    """An empty history has no last day and nothing this week."""
    week_ = training_week([], WEDNESDAY)
    assert (week_.this_week, week_.last_day, week_.days_since_last) == (0, None, None)


def test_interrupted_session_is_offered_only_while_latest() -> None:
    """The latest session, if interrupted, is returned; a later session clears it."""
    crashed = on(date(2026, 11, 24), "interrupted")
    assert interrupted_session([on(date(2026, 11, 23)), crashed]) is crashed
    assert interrupted_session([crashed, on(WEDNESDAY)]) is None
    assert interrupted_session([]) is None


def test_a_gentle_routine_is_never_a_programme_week() -> None:
    """Even marked with a programme and week, a gentle routine is left out of the plan."""
    gentle = Routine("Gentle", (Exercise("Bird-dog", reps=6),), program=PLAN, week=5,
                     gentle=True, source=Path("gentle.toml"))
    history: list[SessionRecord] = [{**done(1, 0), "routine_file": "gentle.toml", "gentle": True}]
    [status] = programme_status([*WEEKS, gentle], history, TODAY)
    assert [w.week for w in status.weeks] == [1, 2, 3, 4]
    assert status.current is not None and status.current.completed == 0
    assert not status.started


def test_gentle_session_reads_the_record_flag() -> None:
    """Only a record with gentle = true is a gentle session; odd values are not."""
    assert gentle_session({**done(1, 0), "gentle": True})
    assert not gentle_session(done(1, 0))
    assert not gentle_session(cast(SessionRecord, {**done(1, 0), "gentle": "yes"}))


def test_gentle_choice_prefers_the_file_called_gentle() -> None:
    """The routine offered is `gentle` when it is gentle, else the first gentle one, else none."""
    other = Routine("Easy", WEEKS[0].exercises, gentle=True, source=Path("easy.toml"))
    named = Routine("Gentle day", WEEKS[0].exercises, gentle=True, source=Path("gentle.toml"))
    plain = Routine("Gentle", WEEKS[0].exercises, source=Path("gentle.toml"))
    assert gentle_choice([other, named]) is named
    assert gentle_choice([plain, other]) is other
    assert gentle_choice(WEEKS) is None


def test_home_history_is_each_answer_at_once() -> None:
    """One grouping for the home screen gives what the separate functions give."""
    from backtimer.core.programme import home_history
    from backtimer.core.workouts import workout_of

    stopped: SessionRecord = {**done(2, 20, "interrupted"), "id": "cut"}
    picked: SessionRecord = {**done(2, 21, "interrupted"), "id": "pick",
                             "resumed_from": "cut"}
    odd = cast(SessionRecord, {**done(1, 1), "routine_file": 7})  # as a hand edit may leave
    histories: list[list[SessionRecord]] = [
        [],
        [done(1, 0), done(1, 2, "pain"), done(2, 5)],
        [done(1, 0), done(1, 2), done(2, 9), stopped, picked],
        [done(3, 1), odd, done(1, 27, "interrupted")],
    ]
    for sessions in histories:
        found = home_history(WEEKS, sessions, TODAY, 3)
        assert found.week == training_week(sessions, TODAY)
        assert found.programmes == programme_status(WEEKS, sessions, TODAY, 3)
        assert found.interrupted == interrupted_session(sessions)
        latest = found.interrupted
        assert found.interrupted_workout == (None if latest is None
                                             else workout_of(latest, sessions))
        assert found.routines == tuple(WEEKS) and found.target == 3
    assert home_history(WEEKS, histories[2], TODAY).interrupted_workout is not None
