"""`backtimer history`: the workouts, newest first, or the sessions exported as JSON or CSV.

The table has one line per workout (a session and the sessions that picked it up,
history.workouts), as the history screen has; the exports have one record per
saved session, as the file has. A printing command: no Textual import. Damaged
parts of the file are reported on stderr; everything readable is still shown.

Exports run oldest first, as the file does. `--csv` has one row per set with its
session's columns (a session without sets still gets one row). `--csv --strong`
uses the columns of Strong's export, which Hevy and other loggers import:

- Date is the local start time, Duration (start to end) like `27m` or `1h 5m`.
- Holds put their seconds in Seconds (rounded half up: 4.5 s is 5), rep sets their
  count in Reps; unused numbers are 0.
- Weight is a number in kilograms: `12kg` and `12.5 kg` are 12 and 12.5, pounds
  (`25 lb`) are converted; a bare number (no unit) is not guessed and goes to Notes;
  `2 × 8kg` is 8 (one dumbbell, as loggers count it) with the words kept in Notes;
  any other weight text (`blue band`) goes to Notes.
- Set Order counts the sets of each exercise in the session, both sides included;
  Notes names the side and, for reps held for a time, how long each was held.
- Skipped sets and the warm-up are left out: they are not work an importer should count.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Any, cast

from backtimer.core.durations import format_minutes
from backtimer.core.errors import escape_control
from backtimer.core.records import SessionRecord
from backtimer.core.workouts import (
    Workout,
    elapsed_seconds,
    resumed_from,
    session_numbers,
    workouts,
)
from backtimer.storage.history.reader import read_history

RATINGS = {1: "easy", 2: "right", 3: "hard"}
DAMAGED_MARK = "*"  # after the status of a session whose block lost lines to damage
CSV_SESSION = ("session_id", "started", "ended", "routine", "routine_file", "status",
               "duration_s", "rating", "notes", "planned_sets", "active_s", "sets_done",
               "resumed_from")
CSV_SET = ("exercise", "kind", "set", "side", "target", "done", "weight", "hold", "skipped")
STRONG = ("Date", "Workout Name", "Duration", "Exercise Name", "Set Order", "Weight", "Reps",
          "Distance", "Seconds", "Notes")
LB_IN_KG = 0.45359237
# Matched against the stripped text, so no two quantifiers meet over the same characters
# (a weight followed by thousands of spaces must not backtrack for minutes).
_WEIGHT = re.compile(
    r"(?:([0-9]{1,6})\s*[×xX*]\s*)?"  # `2 × `: that many dumbbells or kettlebells
    r"([0-9]{1,9}(?:[.,][0-9]{1,9})?)\s*(kg|kgs|kilos?|kilograms?|lb|lbs|pounds?)?\.?",
    re.IGNORECASE,
)


def add_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "history",
        help="list past sessions, chart an exercise, or export them as JSON or CSV",
        description=(
            "List your workouts, newest first: date, routine, how it ended, its active "
            "time (pauses left out) and elapsed time (start to end), sets done of planned "
            "and your rating; a session and the ones that picked it up are one workout. "
            "--json and --csv export each saved session on its own. The file is only ever "
            "appended to; damaged parts are reported and skipped."
        ),
    )
    parser.add_argument("--last", metavar="N", type=_positive,
                        help="only the newest N workouts in the table, or sessions in "
                             "--json and --csv (these read just the end of the file)")
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true",
                      help="print a JSON array of sessions, oldest first, with every key")
    form.add_argument("--csv", action="store_true",
                      help="print CSV, one row per set with its session's columns")
    form.add_argument("--chart", metavar="EXERCISE",
                      help="draw the exercise's best hold or reps per day, with its "
                           "step-ups, and training per week against your target")
    parser.add_argument("--strong", action="store_true",
                        help="with --csv: use the columns of Strong's export (for importing "
                             "into Strong, Hevy and other workout loggers)")
    parser.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of sessions, 1 or more, "
                                          f"not {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    if args.strong and args.json:
        print("backtimer: --strong is a CSV layout; use it with --csv, not --json",
              file=sys.stderr)
        return 2
    if args.chart is not None:
        from backtimer.cli.history_chart import run_chart

        return run_chart(args.chart, last=args.last)
    sessions, problems = _read(args)
    for problem in problems:  # each names the file by its full path
        print(f"backtimer: {problem}", file=sys.stderr)
    if problems and not sessions:
        # Not "No sessions yet": the file holds something that could not be read.
        return 1
    try:
        _print(args, sessions, sys.stdout)
    except BrokenPipeError:
        # `backtimer history --csv | head`: the reader stopped early, which is fine.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def _read(args: argparse.Namespace) -> tuple[list[SessionRecord], list[str]]:
    """The sessions and the problems: the table comes from the index.

    Exports need every set and their `--last` reads only the end of the file: both ask
    the reader. The table needs a line per workout, which the index has without a
    parse; its `--last` counts workouts, whose first part may lie further back.
    """
    if not (args.json or args.csv):
        from backtimer.storage.history.index import load_index

        index = load_index()
        return cast(list[SessionRecord], list(index.rows)), list(index.problems)
    result = read_history(last=args.last)
    return list(result.sessions), list(result.problems)


def _print(args: argparse.Namespace, sessions: list[SessionRecord], out: Any) -> None:
    if args.json:
        out.write(json_text(sessions))
    elif args.strong:
        write_strong_csv(sessions, out)
    elif args.csv:
        write_csv(sessions, out)
    elif not sessions:
        out.write("No sessions yet. Start one with `backtimer run ROUTINE` "
              "(`backtimer routines` lists them); each one is saved here when it ends.\n")
    else:
        found = workouts(sessions)
        if args.last is not None:
            found = found[-args.last:]
        for line in workout_lines(reversed(found)):
            out.write(line + "\n")
        if any(s.get("damaged") is True for s in sessions):
            out.write(f"{DAMAGED_MARK} only part of this session could be read; the damaged "
                      "lines are named in the messages about the file\n")


# The table ------------------------------------------------------------------------


def table_lines(sessions: Iterable[SessionRecord]) -> list[str]:
    """Aligned columns, one line per workout, newest first."""
    return workout_lines(reversed(workouts(sessions)))


def workout_lines(found: Iterable[Workout]) -> list[str]:
    """Aligned columns, one line per workout, in the order given."""
    header = ("Date", "Routine", "Status", "Active", "Elapsed", "Sets", "Rating")
    rows = [header, *(_row(w) for w in found)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    right = {3, 4, 5}  # numbers line up on the right
    return [
        "  ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ).rstrip()
        for row in rows
    ]


def _row(workout: Workout) -> tuple[str, ...]:
    """As the history screen's row: the first part's date and routine, the last part's
    status, sets and times added up over the parts, the latest rating given."""
    first = workout.first
    numbers = workout.numbers
    status = _one_line(workout.status)
    if workout.picked_up:
        status += f" ({len(workout.parts)} parts)"
    elif resumed_from(first) is not None:  # what it picked up is not in the file
        status += " (picked up)"
    damaged = any(p.get("damaged") is True for p in workout.parts)
    return (
        f"{first['started'].astimezone():%Y-%m-%d %H:%M}",
        _one_line(first.get("routine") or first.get("routine_file") or "?"),
        status + (DAMAGED_MARK if damaged else ""),
        _time(numbers.active),
        _time(numbers.elapsed),
        f"{numbers.sets_done}/{numbers.sets_planned}",
        next((r for r in map(_rating, reversed(workout.parts)) if r), ""),
    )


def _rating(session: SessionRecord) -> str:
    rating = session.get("rating")
    return RATINGS.get(rating, "") if isinstance(rating, int) else ""


def _time(seconds: float | None) -> str:
    """`27 min`, `1 h 5 min`, `40 s`: never a bare `1:09`; `-` when not recorded."""
    return "-" if seconds is None else format_minutes(seconds)


def _one_line(value: object) -> str:
    return escape_control(" ".join(str(value).split()))


def duration_seconds(session: SessionRecord) -> float | None:
    """Elapsed time, start to end (history.workouts.elapsed_seconds)."""
    return elapsed_seconds(session)


def sets_done(session: SessionRecord) -> str:
    """`9/11`: sets done of those planned, counted as the app counts them (no warm-up)."""
    numbers = session_numbers(session)
    return f"{numbers.sets_done}/{numbers.sets_planned}"


# JSON and CSV ---------------------------------------------------------------------


def json_text(sessions: list[SessionRecord]) -> str:
    """The sessions as a JSON array, one session a line; always valid JSON, whatever
    numbers the file held."""
    # One json.dumps per session, without `indent`: Python's C encoder then does the
    # work (an indented dump runs the pure-Python one, about ten times slower), and
    # one line per session still reads well and suits line tools (grep, head).
    # One string, one write: json.dump would write in thousands of small pieces.
    lines = []
    for session in sessions:
        try:
            lines.append(_json_line(session))
        except ValueError:  # only an unknown key can hold one: the known ones are checked
            lines.append(_json_line(_finite(session)))
    if not lines:
        return "[]\n"
    return "[\n" + ",\n".join(lines) + "\n]\n"


def _json_line(session: SessionRecord) -> str:
    return json.dumps(session, ensure_ascii=False, allow_nan=False, default=_json_value)


def _finite(value: Any) -> Any:
    """`inf` and `nan` (TOML has them, JSON does not) as the strings TOML writes them as."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def _json_value(value: object) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def write_csv(sessions: Iterable[SessionRecord], out: Any) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow((*CSV_SESSION, *CSV_SET))
    for session in sessions:
        seconds = duration_seconds(session)
        numbers = session_numbers(session)
        head = [
            session.get("id"), session["started"], session.get("ended"),
            session.get("routine"), session.get("routine_file"), session.get("status"),
            _half_up(seconds) if seconds is not None else None, session.get("rating"),
            session.get("notes"), numbers.sets_planned,
            _half_up(numbers.active) if numbers.active is not None else None,
            numbers.sets_done, resumed_from(session),
        ]
        sets = session["sets"] or [{}]
        for record in sets:
            writer.writerow([_cell(v) for v in (*head, *(record.get(k) for k in CSV_SET))])


def write_strong_csv(sessions: Iterable[SessionRecord], out: Any) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(STRONG)
    for session in sessions:
        when = f"{session['started'].astimezone():%Y-%m-%d %H:%M:%S}"
        name = _one_line(session.get("routine") or session.get("routine_file") or "backtimer")
        duration = strong_duration(duration_seconds(session) or 0)
        order: dict[str, int] = {}
        for record in session["sets"]:
            if record.get("skipped", False) or record.get("kind") == "warmup":
                continue
            exercise = _one_line(record.get("exercise", "Exercise"))
            order[exercise] = order.get(exercise, 0) + 1
            weight, weight_note = strong_weight(record.get("weight"))
            done = record.get("done", 0)
            hold = record.get("kind") == "hold"
            reps = 0 if hold else int(done)
            seconds = _half_up(done) if hold else 0
            notes = [f"{record['side']} side" if record.get("side") else "", weight_note]
            if not hold and isinstance(record.get("hold"), int):
                notes.append(f"each rep held {record['hold']} s")
            writer.writerow((when, name, duration, exercise, order[exercise], weight, reps,
                             0, seconds, "; ".join(n for n in notes if n)))


def strong_duration(seconds: float) -> str:
    """`27m`, `1h 5m`: how Strong writes a workout's length."""
    minutes = _half_up(seconds / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if hours else f"{minutes}m"


def _half_up(value: float) -> int:
    """4.5 is 5, as people round (Python's round() makes it 4)."""
    return math.floor(value + 0.5)


def strong_weight(text: object) -> tuple[float | int, str]:
    """(kilograms, note): a weight in words as a number, or 0 and the words for Notes.

    `2 × 8kg` (a dumbbell in each hand) is 8: loggers take the weight of one
    dumbbell, as people log it; the words stay in Notes so the count is not lost.
    """
    if not isinstance(text, str) or not text.strip():
        return 0, ""
    match = _WEIGHT.fullmatch(text.strip())
    if match is None:
        return 0, f"weight: {_one_line(text)}"
    if not match[3]:  # no unit: kilograms would be a guess, so the words go to Notes
        return 0, f"weight: {_one_line(text)}"
    value = float(match[2].replace(",", "."))
    if match[3].lower().startswith(("lb", "pound")):
        value = round(value * LB_IN_KG, 2)
    note = f"weight: {_one_line(text)}" if match[1] else ""
    return (int(value) if value.is_integer() else value), note
