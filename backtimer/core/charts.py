"""What the history charts show: an exercise over time, and training weeks.

Everything here is worked out from the list of session records alone, in one pass,
so the screen and `backtimer history --chart` draw the same numbers and a long
history costs nothing at draw time.

- An exercise's point is one training day: for a hold, the longest hold that day
  (seconds); for reps, the most reps done in one set, and how many sets were done.
  Two sessions on one day make one point, the better of the two.
- A step-up is marked on the first session of a routine whose target for the
  exercise (hold seconds, reps per set) or number of sets is higher than in that
  routine's session before. Accepted step-ups show up this way, and so does a
  routine file edited to ask for more; routines with different targets for the
  same exercise do not mark each other's sessions.
- Training weeks are counted by `stats.weekly_counts`, so the chart counts them
  exactly as the rest of the history does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from backtimer.core.records import SessionRecord, started_at
from backtimer.core.stats import monday_of, weekly_counts
from backtimer.core.workouts import _seconds

HOLD, REPS = "hold", "reps"
WEEKS_SHOWN = 12
# More days than this are drawn as the best day of each stretch: a chart is rarely
# wider than this in braille dots, and plotting 10,000 points would take a while.
MAX_POINTS = 400

Session = SessionRecord


@dataclass(frozen=True)
class DayBest:
    """One training day of one exercise."""

    day: date
    value: float  # best hold in seconds, or most reps in one set
    sets: int  # sets done that day (the most in one session)


@dataclass(frozen=True)
class StepUp:
    """The first day a routine asked more of the exercise."""

    day: date
    text: str  # `35 s`, `11 reps`, `4 sets`


@dataclass(frozen=True)
class ExerciseSeries:
    """An exercise's training days and step-ups, oldest first."""

    name: str
    kind: str  # HOLD or REPS
    days: tuple[DayBest, ...]
    step_ups: tuple[StepUp, ...] = ()

    @property
    def label(self) -> str:
        """`best hold (s)` or `reps in a set`: what the chart's values are."""
        return "best hold (s)" if self.kind == HOLD else "most reps in a set"

    @property
    def best(self) -> DayBest | None:
        """The best day (the first of equal ones), or None without days."""
        return max(self.days, key=lambda d: d.value, default=None)


@dataclass(frozen=True)
class WeekBar:
    monday: date
    count: int


@dataclass(frozen=True)
class WeeksChart:
    """Training per week for the last weeks, oldest first, against the weekly target."""

    bars: tuple[WeekBar, ...]
    target: int

    @property
    def met(self) -> int:
        """How many of the weeks shown reached the target."""
        return sum(1 for bar in self.bars if bar.count >= self.target)


# An exercise over time -------------------------------------------------------------


@dataclass
class _Day:
    value: float
    sets: int


@dataclass(frozen=True)
class _Asked:
    """What a routine asked of an exercise: the target per set and the number of sets."""

    target: float
    sets: int  # 0 when not known (no completed session yet)


class _Tally:
    """One exercise in one session, while its sets are read."""

    __slots__ = ("best", "done", "target", "last_set")

    def __init__(self) -> None:
        self.best = 0.0
        self.done: set[int] = set()  # set numbers with work done; both sides count once
        self.target = 0.0
        self.last_set = 0


_INT_LIMIT = 2**53  # whole numbers below this are exact as floats


def _number(value: object) -> float | None:
    """`workouts._seconds` (a finite number or None), quicker for the plain float and int."""
    if type(value) is float:
        return value if value - value == 0.0 else None  # inf and nan give nan
    if type(value) is int and -_INT_LIMIT < value < _INT_LIMIT:
        return float(value)
    return _seconds(value)


def _tallies(session: Session) -> dict[tuple[str, str], _Tally]:
    """Per (exercise, kind) of hold and rep sets: the best done, sets done, the target.

    One loop over the sets, as `stats._held` counts a hold (not skipped, more than
    0 s) and reps the same way: this runs for every set of a long history.
    """
    tallies: dict[tuple[str, str], _Tally] = {}
    sets = session.get("sets")
    for index, record in enumerate(sets if isinstance(sets, list | tuple) else ()):
        if not isinstance(record, dict):
            continue
        name, kind = record.get("exercise"), record.get("kind")
        if (kind != HOLD and kind != REPS) or type(name) is not str:
            continue
        tally = tallies.get((name, kind))
        if tally is None:
            tally = tallies[(name, kind)] = _Tally()
        number = record.get("set")
        if type(number) is not int:
            number = -index - 1  # without a number each record is a set of its own
        target = record.get("target")
        if type(target) is not float or target - target != 0.0:  # not a plain finite float
            target = _number(target)
        if target is not None:
            if target > tally.target:
                tally.target = target
            if number > tally.last_set:
                tally.last_set = number
        if record.get("skipped", False):
            continue
        done = record.get("done")
        if type(done) is not float or done - done != 0.0:
            done = _number(done)
        if done is not None and done > 0:
            if done > tally.best:
                tally.best = done
            tally.done.add(number)
    return tallies


# One exercise of one session, as the charts need it: (exercise, kind, best done,
# sets done, target per set, last set number asked). Kept in the history's index rows.
Tally = tuple[str, str, float, int, float, int]


def session_tallies(session: Session) -> tuple[Tally, ...]:
    """What the charts take from one session, worked out once (the index keeps it)."""
    known = getattr(session, "tallies", None)
    if known is not None:  # an index row: counted when the row was made
        return tuple(known)
    return tuple((name, kind, t.best, len(t.done), t.target, t.last_set)
                 for (name, kind), t in _tallies(session).items())


def _rises(kind: str, before: _Asked, now: _Asked) -> list[str]:
    """What rose from `before` to `now`: `35 s`, `11 reps`, `4 sets`."""
    texts = []
    if now.target > before.target:
        texts.append(f"{now.target:g} {'s' if kind == HOLD else 'reps'}")
    if now.sets > before.sets > 0:
        texts.append(f"{now.sets} sets")
    return texts


def exercise_series(sessions: Iterable[Session]) -> dict[str, ExerciseSeries]:
    """Every exercise with a set done, by its shown name, in the order names sort."""
    days: dict[tuple[str, str], dict[date, _Day]] = {}
    steps: dict[tuple[str, str], dict[date, list[str]]] = {}
    last_asked: dict[tuple[str, str, str], _Asked] = {}  # by (routine, exercise, kind)
    for started, session in sorted(((started_at(s), s) for s in sessions), key=_first):
        day = started.date()
        routine = str(session.get("routine_file") or session.get("routine") or "")
        completed = session.get("status") == "completed"
        for name, kind, best, done, target, last_set in session_tallies(session):
            key = (name, kind)
            if done:
                _add_day(days.setdefault(key, {}), day, best, done)
            if not last_set and not target:
                continue  # nothing asked: no step-up to see
            before = last_asked.get((routine, *key))
            # A stopped session did not reach all its sets: it says nothing of their number.
            sets = last_set if completed else (before.sets if before else 0)
            if before is not None and before.target == target and before.sets == sets:
                continue  # asked the same as last time, as most sessions are
            now = _Asked(target, sets)
            if before is not None:
                for text in _rises(key[1], before, now):
                    steps.setdefault(key, {}).setdefault(day, []).append(text)
            last_asked[(routine, *key)] = now
    return _named(days, steps)


def _first(pair: tuple[datetime, Session]) -> datetime:
    return pair[0]


def _add_day(by_day: dict[date, _Day], day: date, value: float, sets: int) -> None:
    """Two sessions on one day make one point: the better of each number."""
    seen = by_day.get(day)
    if seen is None:
        by_day[day] = _Day(value, sets)
    else:
        seen.value, seen.sets = max(seen.value, value), max(seen.sets, sets)


def _named(days: dict[tuple[str, str], dict[date, _Day]],
           steps: dict[tuple[str, str], dict[date, list[str]]]) -> dict[str, ExerciseSeries]:
    """The series by shown name: `Plank`, or `Plank (reps)` when a name has both kinds."""
    kinds: dict[str, int] = {}
    for name, _ in days:
        kinds[name] = kinds.get(name, 0) + 1
    series: dict[str, ExerciseSeries] = {}
    for (name, kind), by_day in days.items():
        shown = name if kinds[name] == 1 else f"{name} ({kind})"
        points = tuple(DayBest(d, v.value, v.sets) for d, v in sorted(by_day.items()))
        marks = tuple(StepUp(d, ", ".join(dict.fromkeys(texts)))
                      for d, texts in sorted(steps.get((name, kind), {}).items()))
        series[shown] = ExerciseSeries(shown, kind, points, marks)
    return {name: series[name] for name in sorted(series, key=str.casefold)}


def thinned(days: tuple[DayBest, ...], at_most: int = MAX_POINTS) -> tuple[DayBest, ...]:
    """At most `at_most` days: the best day of each of that many even stretches."""
    if len(days) <= at_most:
        return days
    size = len(days) / at_most
    return tuple(
        max(days[round(i * size):round((i + 1) * size)], key=lambda d: d.value)
        for i in range(at_most)
    )


# Dates on the x axis ------------------------------------------------------------------


def date_label(day: date, span_days: int) -> str:
    """`7 Nov` within a year's span, `Nov 2026` across longer ones."""
    return f"{day.day} {day:%b}" if span_days <= 366 else f"{day:%b %Y}"


DAY_STEPS = (1, 2, 7, 14)  # weekly steps fall on Mondays, as the weeks chart's bars do
MONTH_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)  # on the first of the month (of January: a year)


def date_ticks(first: date, last: date, most: int) -> list[tuple[int, str]]:
    """At most `most` (day number, label) ticks from `first` to `last`, at round dates:
    every day, 2 days, Monday or other Monday, then the first of every 1, 2, 3 or
    6 months, then every year or more."""
    span = (last - first).days
    if span <= 0:
        return [(first.toordinal(), date_label(first, 0))]
    ticks: list[tuple[int, str]] = []
    for step in DAY_STEPS:
        start = first if step < 7 else first + timedelta(days=-first.weekday() % 7)
        count = (last - start).days // step + 1
        if count <= most:
            ticks = [(d.toordinal(), date_label(d, span))
                     for d in (start + timedelta(days=k * step) for k in range(count))]
            return ticks if len(ticks) >= 2 else _ends(first, last, span)
    for months in MONTH_STEPS:
        starts = _month_starts(first, last, months)
        ticks = [(d.toordinal(), _month_label(d, months, span)) for d in starts]
        if len(ticks) <= most:
            break
    return ticks if len(ticks) >= 2 else _ends(first, last, span)


def _ends(first: date, last: date, span: int) -> list[tuple[int, str]]:
    return [(d.toordinal(), date_label(d, span)) for d in (first, last)]


def _month_starts(first: date, last: date, months: int) -> list[date]:
    """The firsts of the month from `first` to `last` whose month number is a multiple of
    `months` (counting from January of year 0, so yearly ticks fall on 1 January)."""
    index = first.year * 12 + first.month - 1 + (first.day > 1)
    index += -index % months
    starts = []
    while (day := date(index // 12, index % 12 + 1, 1)) <= last:
        starts.append(day)
        index += months
    return starts


def _month_label(day: date, months: int, span: int) -> str:
    return str(day.year) if months >= 12 else date_label(day, span)


# Training weeks --------------------------------------------------------------------


def weeks_chart(sessions: Iterable[Session], today: date, target: int,
                weeks: int = WEEKS_SHOWN) -> WeeksChart:
    """The last `weeks` calendar weeks up to this one, counted as `stats.weekly_counts` does."""
    counts = weekly_counts(sessions, today)
    this_monday = monday_of(today)
    mondays = [this_monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    return WeeksChart(tuple(WeekBar(m, counts.get(m, 0)) for m in mondays), target)


@dataclass(frozen=True)
class ChartData:
    """Everything the charts show, worked out once."""

    exercises: dict[str, ExerciseSeries]
    weeks: WeeksChart


def chart_data(sessions: Iterable[Session], today: date, target: int) -> ChartData:
    """The series of every exercise and the training weeks, from the session records."""
    records = list(sessions)
    return ChartData(exercise_series(records), weeks_chart(records, today, target))


def first_shown(series: Mapping[str, ExerciseSeries]) -> str | None:
    """The exercise a chart opens on: a hold trained on the most days (the latest on a
    tie, then by name), else the exercise trained on the most days."""
    def rank(item: ExerciseSeries) -> tuple[bool, int, date]:
        return (item.kind == HOLD, len(item.days), item.days[-1].day if item.days else date.min)

    return max(series.values(), key=rank).name if series else None


def find_exercise(series: Mapping[str, ExerciseSeries], wanted: str) -> ExerciseSeries | None:
    """The series named `wanted`, ignoring case and spacing; None when there is none."""
    key = " ".join(wanted.split()).casefold()
    return next((s for name, s in series.items() if name.casefold() == key), None)
