"""Chart data: an exercise by day with its step-ups, training weeks, date ticks (pure)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backtimer.core import charts
from backtimer.core.charts import (
    DayBest,
    chart_data,
    date_ticks,
    exercise_series,
    find_exercise,
    first_shown,
    thinned,
    weeks_chart,
)
from backtimer.core.records import SessionRecord
from backtimer.core.stats import weekly_counts

TODAY = date(2026, 11, 26)  # a Thursday


def hold(name: str, done: Any, target: float = 30, number: int = 1,
         **extra: Any) -> dict[str, Any]:
    return {"exercise": name, "kind": "hold", "set": number, "target": target, "done": done,
            "skipped": False, **extra}


def reps(name: str, done: int, target: int = 10, number: int = 1, **extra: Any) -> dict[str, Any]:
    return {"exercise": name, "kind": "reps", "set": number, "target": target, "done": done,
            "skipped": False, **extra}


def session(day: date, *sets: dict[str, Any], hour: int = 18, routine: str = "core.toml",
            status: str = "completed") -> SessionRecord:
    started = datetime(day.year, day.month, day.day, hour, tzinfo=UTC)
    # Sets as written by hand here may hold odd values on purpose.
    return cast(SessionRecord, {"started": started, "ended": started + timedelta(minutes=20),
                                "status": status, "routine_file": routine, "sets": list(sets)})


def values(days: tuple[DayBest, ...]) -> list[tuple[date, float, int]]:
    return [(d.day, d.value, d.sets) for d in days]


def test_a_hold_is_its_best_per_day_and_two_sessions_on_a_day_are_one_point() -> None:
    """Each day shows the longest hold; two sessions on one day give one point, the better."""
    plank = exercise_series([
        session(date(2026, 11, 2), hold("Plank", 28.0), hold("Plank", 30.5, number=2)),
        session(date(2026, 11, 4), hold("Plank", 25.0), hour=7),
        session(date(2026, 11, 4), hold("Plank", 31.0), hour=19),
    ])["Plank"]
    assert plank.kind == "hold" and plank.label == "best hold (s)"
    assert values(plank.days) == [(date(2026, 11, 2), 30.5, 2), (date(2026, 11, 4), 31.0, 1)]
    assert plank.best == DayBest(date(2026, 11, 4), 31.0, 1)


def test_skipped_empty_warmup_and_unreadable_sets_do_not_count() -> None:
    """Skipped sets, 0 s, the warm-up, inf/nan and text are not work done."""
    series = exercise_series([
        session(date(2026, 11, 2), hold("Plank", 40.0, skipped=True), hold("Plank", 0.0),
                hold("Plank", float("inf")), hold("Plank", float("nan")), hold("Plank", "long"),
                {"exercise": "Warm-up", "kind": "warmup", "done": 120.0}, hold("Plank", 20.0)),
        session(date(2026, 11, 3), hold("Side plank", 0.0)),
    ])
    assert list(series) == ["Plank"]
    assert values(series["Plank"].days) == [(date(2026, 11, 2), 20.0, 1)]


def test_reps_are_the_most_in_a_set_and_both_sides_of_a_set_count_once() -> None:
    """A rep exercise shows the most reps in one set and the sets done; a per-side set is
    one set, not two."""
    row = exercise_series([session(
        date(2026, 11, 2),
        reps("Row", 10, side="left"), reps("Row", 9, side="right"),
        reps("Row", 11, number=2, side="left"), reps("Row", 10, number=2, side="right"),
        reps("Row", 0, number=3, side="left"),
    )])["Row"]
    assert row.kind == "reps" and values(row.days) == [(date(2026, 11, 2), 11.0, 2)]


def test_a_name_used_for_a_hold_and_for_reps_is_charted_twice() -> None:
    """One name done as a hold in one routine and as reps in another is two charts."""
    series = exercise_series([session(date(2026, 11, 2), hold("Bridge", 20.0), reps("Bridge", 12))])
    assert list(series) == ["Bridge (hold)", "Bridge (reps)"]


def test_a_raised_target_is_a_step_up_on_the_first_session_that_asked_for_it() -> None:
    """Hold 30 s, then 35 s: the step-up is marked on the first day at 35 s, named `35 s`."""
    plank = exercise_series([
        session(date(2026, 11, 2), hold("Plank", 30.0)),
        session(date(2026, 11, 5), hold("Plank", 30.0)),
        session(date(2026, 11, 9), hold("Plank", 33.0, target=35)),
        session(date(2026, 11, 12), hold("Plank", 35.0, target=35)),
    ])["Plank"]
    assert [(s.day, s.text) for s in plank.step_ups] == [(date(2026, 11, 9), "35 s")]


def test_routines_with_different_targets_do_not_mark_each_other() -> None:
    """Plank 20 s in one routine and 30 s in another, alternating, is no step-up at all."""
    plank = exercise_series([
        session(date(2026, 11, day), hold("Plank", target, target=target),
                routine="easy.toml" if target == 20 else "core.toml")
        for day, target in ((2, 20), (3, 30), (4, 20), (5, 30))
    ])["Plank"]
    assert plank.step_ups == ()


def test_one_more_set_is_a_step_up_but_a_stopped_session_is_not() -> None:
    """A completed session with a fourth set marks `4 sets`; a session stopped after two
    sets does not count as fewer sets, so the next full one is no step-up."""
    def rows(count: int) -> list[dict[str, Any]]:
        return [reps("Row", 12, target=12, number=n) for n in range(1, count + 1)]

    row = exercise_series([
        session(date(2026, 11, 2), *rows(3)),
        session(date(2026, 11, 4), *rows(2), status="stopped"),
        session(date(2026, 11, 6), *rows(3)),
        session(date(2026, 11, 9), *rows(4)),
        session(date(2026, 11, 11), reps("Row", 8, target=13)),
    ])["Row"]
    assert [(s.day, s.text) for s in row.step_ups] == [
        (date(2026, 11, 9), "4 sets"), (date(2026, 11, 11), "13 reps")]


def test_the_order_of_the_records_does_not_matter() -> None:
    """The same sessions in any order give the same chart data."""
    sessions = [session(date(2026, 11, day), hold("Plank", 20.0 + day, target=20 + day // 5 * 5))
                for day in range(1, 25)]
    shuffled = sessions[:]
    random.Random(7).shuffle(shuffled)
    assert exercise_series(shuffled) == exercise_series(sessions)


record_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=4),
                          st.lists(st.integers(), max_size=2))
records = st.dictionaries(
    st.sampled_from(["exercise", "kind", "set", "target", "done", "skipped", "side"]),
    st.one_of(record_values, st.sampled_from(["hold", "reps", "Plank", "warmup"])), max_size=7)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.lists(records, max_size=5),
                          st.sampled_from(["completed", "stopped", None])), max_size=6))
def test_odd_records_never_break_the_charts(
        raw: list[tuple[int, list[dict[str, Any]], Any]]) -> None:
    """Whatever the sets hold, the chart data is made, with finite values above zero."""
    sessions = [{**session(date(2026, 10, 1) + timedelta(days=day), status=status), "sets": sets}
                for day, sets, status in raw]
    data = chart_data(cast(list[SessionRecord], sessions), TODAY, 2)
    for series in data.exercises.values():
        assert all(0 < d.value < float("inf") and d.sets >= 1 for d in series.days)
        assert [d.day for d in series.days] == sorted({d.day for d in series.days})


def test_the_weeks_are_the_last_twelve_up_to_this_one_as_stats_counts_them() -> None:
    """Twelve weeks, Monday to Monday, ending with this week, each with its count."""
    sessions = [session(date(2026, 11, 24), hold("Plank", 30.0)),
                session(date(2026, 11, 25), hold("Plank", 30.0)),
                session(date(2026, 9, 1), hold("Plank", 30.0))]  # 13 weeks back: not shown
    weeks = weeks_chart(sessions, TODAY, 3)
    assert len(weeks.bars) == 12 and weeks.target == 3
    assert weeks.bars[-1].monday == date(2026, 11, 23) and weeks.bars[0].monday == date(2026, 9, 7)
    assert [b.count for b in weeks.bars] == [0] * 11 + [2]
    counts = weekly_counts(sessions, TODAY)
    assert all(counts.get(b.monday, 0) == b.count for b in weeks.bars)


def test_the_weeks_follow_the_counting_in_stats(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bars are whatever `stats.weekly_counts` says, so its meaning of a training day
    holds for the chart too."""
    monkeypatch.setattr(charts, "weekly_counts",
                        lambda sessions, today: {date(2026, 11, 16): 5, date(2026, 11, 23): 1})
    weeks = weeks_chart([], TODAY, 2)
    assert [b.count for b in weeks.bars][-2:] == [5, 1]
    assert weeks.met == 1


def test_a_long_history_is_thinned_to_the_best_of_each_stretch() -> None:
    """Thinning keeps at most the number asked for, and each stretch's best day."""
    days = tuple(DayBest(date(2026, 1, 1) + timedelta(days=i), float(i % 10), 1)
                 for i in range(1000))
    kept = thinned(days, 100)
    assert len(kept) == 100 and all(d.value == 9.0 for d in kept)
    assert thinned(days[:50], 100) == days[:50]


@pytest.mark.parametrize(("first", "last", "most", "expected"), [
    (date(2026, 10, 31), date(2026, 11, 20), 11,
     ["31 Oct", "2 Nov", "4 Nov", "6 Nov", "8 Nov", "10 Nov", "12 Nov", "14 Nov", "16 Nov",
      "18 Nov", "20 Nov"]),
    (date(2026, 10, 31), date(2026, 11, 20), 4, ["2 Nov", "9 Nov", "16 Nov"]),
    (date(2026, 1, 15), date(2026, 11, 20), 6, ["1 Mar", "1 May", "1 Jul", "1 Sep", "1 Nov"]),
    (date(2026, 1, 15), date(2027, 3, 20), 6, ["Apr 2026", "Jul 2026", "Oct 2026", "Jan 2027"]),
    (date(2026, 1, 15), date(2080, 11, 20), 12, [str(y) for y in range(2030, 2081, 5)]),
    (date(2026, 1, 15), date(2026, 1, 15), 5, ["15 Jan"]),
])
def test_date_ticks_fall_on_round_dates(first: date, last: date, most: int,
                                        expected: list[str]) -> None:
    """Ticks are every day or two, Mondays, firsts of months or years: never more than asked."""
    ticks = date_ticks(first, last, most)
    assert [label for _, label in ticks] == expected
    assert len(ticks) <= most
    assert all(first.toordinal() <= day <= last.toordinal() for day, _ in ticks)


def test_the_chart_opens_on_the_hold_trained_most() -> None:
    """A hold comes first, the one trained on the most days; without holds, the rep
    exercise trained most; without any, nothing."""
    sessions = [session(date(2026, 11, d), reps("Row", 10), hold("Side plank", 20.0),
                        *([hold("Plank", 30.0)] if d > 3 else [])) for d in range(1, 6)]
    series = exercise_series(sessions)
    assert first_shown(series) == "Side plank"
    assert first_shown(exercise_series(sessions[3:])) == "Plank"  # a tie: the name first
    assert first_shown(exercise_series([session(date(2026, 11, 2), reps("Row", 10))])) == "Row"
    assert first_shown({}) is None


def test_an_exercise_is_found_whatever_its_case_and_spacing() -> None:
    """`plank`, `SIDE  plank` find their exercises; an unknown name finds nothing."""
    series = exercise_series([session(date(2026, 11, 2), hold("Plank", 30.0),
                                      hold("Side plank", 20.0))])
    assert find_exercise(series, "plank") is series["Plank"]
    assert find_exercise(series, " SIDE  plank ") is series["Side plank"]
    assert find_exercise(series, "Plonk") is None
