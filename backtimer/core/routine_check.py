"""A routine file's TOML turned into the immutable model, or every problem found in it.

`parse_routine` checks a whole document and collects all its problems before
raising, so a person fixes a file in one pass instead of one error at a time.
The limits here are the routine format's, and progress.toml's steps keep to them.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from backtimer.core.durations import (
    MAX_SECONDS,
    DurationError,
    describe,
    format_duration,
    parse_duration,
)
from backtimer.core.errors import (
    SHOWN_NAME,
    Problem,
    RoutineError,
    clip,
    short_reason,
    too_long_number,
)
from backtimer.core.routine import (
    DEFAULT_LEAD_IN,
    DEFAULT_REP_GAP,
    DEFAULT_REST,
    DEFAULT_SWITCH,
    Alternate,
    Exercise,
    Rest,
    Routine,
    Warmup,
    weight_problem,
)

TOP_KEYS = (
    "name", "description", "rest", "lead_in", "warmup",
    "program", "week", "weekly_target", "gentle", "exercise", "rep_gap",
)
WARMUP_KEYS = ("duration", "cues")
EXERCISE_KEYS = (
    "name", "sets", "hold", "reps", "per_side", "alternate", "switch", "weight", "rest",
    "cues", "easier", "equipment", "rep_gap",
)

MAX_SETS = 20
MAX_REPS = 100
MAX_WEEK = 52
WEEKLY_TARGET_RANGE = (1, 7)
MAX_PAUSE = 5 * 60  # lead-in and side switch: longer is surely a typo ("5m" for 5 s)
MAX_EASIER = 60  # characters: one line under the cues on an 80-column session screen
MAX_EQUIPMENT = 5  # items per exercise
MAX_EQUIPMENT_TEXT = 30  # characters per item
_ALTERNATE_WORDS = {"total": Alternate.TOTAL, "per side": Alternate.PER_SIDE,
                    "per_side": Alternate.PER_SIDE, "each side": Alternate.PER_SIDE}
MAX_CUES = 20  # cues per exercise or warm-up: each is read out or shown during a hold
MAX_CUE_LENGTH = 200  # characters: a cue is a short reminder read at a glance
MAX_REP_GAP = 30  # relax between held reps: longer and the muscle has cooled down

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and newline allowed
_SPAN = re.compile(r"\s*([0-9]{1,6})\s*(?:-|–|to|\.\.)\s*([0-9]{1,6})\s*(?:s\s*)?")

T = TypeVar("T")
NO_TEXTS: tuple[str, ...] = ()  # typed, so optional() infers a tuple of any length


class _Bad:
    """Marks a value that failed a check (a problem was recorded)."""


BAD = _Bad()


def parse_routine(text: str, file: str, source: Path | None = None) -> Routine:
    """The routine described by TOML `text`; RoutineError listing every problem otherwise.

    `file` names the file in messages; `source` is stored on the routine.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        from backtimer.core.routine_hints import syntax_problem  # only for a broken file

        raise RoutineError([syntax_problem(file, str(exc), text)]) from None
    except RecursionError:
        raise RoutineError.single(file, "not valid TOML: arrays or tables nested too deeply",
                                  hint="a routine needs at most a few levels") from None
    except ValueError as exc:  # an integer past Python's 4,300-digit limit, and the like
        raise RoutineError([too_long_number(file, text, exc)]) from None
    try:
        return _Checker(file).routine(document, source)
    except RoutineError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a file holds, one line, never a traceback
        raise RoutineError.single(file, f"could not be checked ({short_reason(exc)})",
                                  hint="`backtimer validate` on a simpler copy may help") from None


class _Checker:
    """Checks one document, collecting a Problem for each mistake."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, where: str, message: str, hint: str = "") -> _Bad:
        self.problems.append(Problem(self.file, where, message, hint))
        return BAD

    # -- the document -------------------------------------------------------

    def routine(self, doc: Mapping[str, Any], source: Path | None) -> Routine:
        typos = self.unknown_keys(doc, TOP_KEYS, "", "at the top of a routine")
        name = self.required(doc, "name", "name",
                             lambda v, w: self.title(v, w, "the routine's name"),
                             'add name = "..." near the top of the file', typos)
        description = self.optional(doc, "description", "description", "",
                                    lambda v, w: self.text(v, w, multiline=True, empty=True))
        rest = self.optional(doc, "rest", "rest", Rest(*DEFAULT_REST), self.rest)
        lead_in = self.optional(
            doc, "lead_in", "lead_in", DEFAULT_LEAD_IN,
            lambda v, w: self.duration(v, w, low=0, high=MAX_PAUSE,
                                       what="a duration from 0 s (off) to 5 min"),
        )
        warmup = self.optional(doc, "warmup", "warmup", None, self.warmup)
        program = self.optional(doc, "program", "program", None,
                                lambda v, w: self.title(v, w, "the programme's name"))
        week = self.optional(doc, "week", "week", None,
                             lambda v, w: self.integer(v, w, 1, MAX_WEEK))
        weekly_target = self.optional(doc, "weekly_target", "weekly_target", None,
                                      lambda v, w: self.integer(v, w, *WEEKLY_TARGET_RANGE))
        gentle = self.optional(doc, "gentle", "gentle", False, self.boolean)
        if gentle is True and ("program" in doc or "week" in doc):
            self.add("gentle", "a gentle routine is never a week of a programme",
                     "remove program and week (a gentle day sits beside the plan), or gentle")
        if "program" in doc and "week" not in doc:
            self.add("program", "a programme routine needs its week number as well",
                     "add week = 1 (or 2, 3 ...), or remove program")
        if "week" in doc and "program" not in doc:
            self.add("week", "week only means something inside a programme",
                     'add program = "..." (the same name in each week\'s file), or remove week')
        rep_gap = self.optional(doc, "rep_gap", "rep_gap", DEFAULT_REP_GAP, self.rep_gap)
        exercises = self.exercises(doc, typos)
        if self.problems:
            raise RoutineError(self.problems)
        return Routine(
            name=_ok(name), exercises=exercises, description=_ok(description),
            rest=_ok(rest), lead_in=_ok(lead_in), warmup=_ok(warmup),
            program=_ok(program), week=_ok(week), weekly_target=_ok(weekly_target),
            gentle=_ok(gentle), source=source, rep_gap=_ok(rep_gap),
        )

    def rep_gap(self, value: object, where: str) -> int | _Bad:
        """Seconds to relax between held reps: 0 (straight into the next) to 30."""
        return self.duration(value, where, low=0, high=MAX_REP_GAP,
                             what="a duration from 0 s (no pause) to 30 s")

    def warmup(self, value: object, where: str) -> Warmup | _Bad:
        if not isinstance(value, dict):
            return self.add(where, f"expected a table, found {describe(value)}",
                            'write a [warmup] section with duration = "5m" under it')
        typos = self.unknown_keys(value, WARMUP_KEYS, where, "in [warmup]")
        duration = self.required(value, "duration", f"{where} → duration", self.hold_duration,
                                 'add duration = "5m" under [warmup]', typos)
        cues = self.optional(value, "cues", f"{where} → cues", NO_TEXTS, self.cues)
        if isinstance(duration, _Bad) or isinstance(cues, _Bad):
            return BAD
        return Warmup(duration, cues)

    def exercises(self, doc: Mapping[str, Any], typos: set[str]) -> tuple[Exercise, ...]:
        if "exercise" not in doc:
            if "exercise" in typos:
                return ()  # the misspelt key's "did you mean" already says what to do
            self.add("exercise", "no exercises: a routine needs at least one",
                     'add an [[exercise]] section with name = "..." and hold or reps')
            return ()
        value = doc["exercise"]
        if isinstance(value, dict):
            self.add("exercise", "expected an array of tables, found a single table",
                     "write each exercise header with double brackets: [[exercise]]")
            return ()
        if not isinstance(value, list):
            self.add("exercise", f"expected [[exercise]] sections, found {describe(value)}",
                     'add an [[exercise]] section with name = "..." and hold or reps')
            return ()
        if not value:
            self.add("exercise", "no exercises: a routine needs at least one",
                     'add an [[exercise]] section with name = "..." and hold or reps')
        result: list[Exercise] = []
        seen: dict[str, int] = {}
        for number, item in enumerate(value, start=1):
            exercise = self.exercise(item, number)
            if isinstance(exercise, _Bad):
                continue
            first = seen.setdefault(exercise.name.casefold(), number)
            if first != number:
                shown = clip(exercise.name, SHOWN_NAME)
                self.add(f'exercise {number} ("{shown}") → name',
                         f"the name is already used by exercise {first}",
                         f"give each exercise its own name, e.g. \"{shown} (2)\"; "
                         "the history and step-ups tell exercises apart by name")
            result.append(exercise)
        return tuple(result)

    def exercise(self, value: object, number: int) -> Exercise | _Bad:
        where = f"exercise {number}"
        if not isinstance(value, dict):
            return self.add(where, f"expected a table ([[exercise]]), found {describe(value)}",
                            'write each exercise as an [[exercise]] section')
        raw_name = value.get("name")
        if isinstance(raw_name, str) and raw_name.strip() and not _CONTROL.search(raw_name):
            where = f'{where} ("{clip(raw_name.strip(), SHOWN_NAME)}")'
        before = len(self.problems)
        typos = self.unknown_keys(value, EXERCISE_KEYS, where, "in an exercise")
        name = self.required(value, "name", f"{where} → name",
                             lambda v, w: self.title(v, w, "the exercise's name"),
                             'add name = "..." under this [[exercise]]', typos)
        sets = self.optional(value, "sets", f"{where} → sets", 1,
                             lambda v, w: self.integer(v, w, 1, MAX_SETS))
        hold = self.optional(value, "hold", f"{where} → hold", None, self.hold_duration)
        reps = self.optional(value, "reps", f"{where} → reps", None,
                             lambda v, w: self.integer(v, w, 1, MAX_REPS))
        per_side = self.optional(value, "per_side", f"{where} → per_side", False, self.boolean)
        switch = self.optional(
            value, "switch", f"{where} → switch", DEFAULT_SWITCH,
            lambda v, w: self.duration(v, w, low=0, high=MAX_PAUSE,
                                       what="a duration from 0 s (no pause) to 5 min"),
        )
        weight = self.optional(value, "weight", f"{where} → weight", None, self.weight)
        rest = self.optional(value, "rest", f"{where} → rest", None, self.rest)
        cues = self.optional(value, "cues", f"{where} → cues", NO_TEXTS, self.cues)
        alternate = self.optional(value, "alternate", f"{where} → alternate", None,
                                  self.alternate)
        easier = self.optional(value, "easier", f"{where} → easier", None, self.easier)
        equipment = self.optional(value, "equipment", f"{where} → equipment", NO_TEXTS,
                                  self.equipment)
        if alternate not in (None, BAD):
            self.alternate_fits(value, where)
        rep_gap = self.optional(value, "rep_gap", f"{where} → rep_gap", None, self.rep_gap)
        if "hold" not in value and "reps" not in value and not typos & {"hold", "reps"}:
            # A misspelt hold or reps already has its "did you mean"; one fix, one line.
            self.add(where, "needs hold (a timed hold) or reps (a rep count), found neither",
                     'add hold = "30s" or reps = 10; both means each rep is held')
        if len(self.problems) > before:
            return BAD
        return Exercise(
            name=_ok(name), sets=_ok(sets), hold=_ok(hold), reps=_ok(reps),
            per_side=_ok(per_side), switch=_ok(switch), weight=_ok(weight), rest=_ok(rest),
            cues=_ok(cues), alternate=_ok(alternate), easier=_ok(easier),
            equipment=_ok(equipment), rep_gap=_ok(rep_gap),
        )

    def alternate(self, value: object, where: str) -> Alternate | None | _Bad:
        """true (reps counted in total), "per side" or "total"; false means no alternating."""
        if isinstance(value, bool):
            return Alternate.TOTAL if value else None
        word = _ALTERNATE_WORDS.get(" ".join(value.split()).lower()) if isinstance(
            value, str) else None
        if word is None:
            return self.add(where, f"expected true, \"total\" or \"per side\", "
                            f"found {describe(value)}",
                            'alternate = true counts the reps in total; alternate = "per side" '
                            "counts them for each side")
        return word

    def alternate_fits(self, value: Mapping[str, Any], where: str) -> None:
        """Alternating sides is one set with both sides in it: no per_side, no switch."""
        if value.get("per_side") is True:
            self.add(f"{where} → alternate", "alternate and per_side cannot go together",
                     "keep alternate = true when the sides take turns in one set, as in a dead "
                     "bug, or per_side = true for one side's set and then the other's, as in "
                     "a side plank")
        if "switch" in value:
            self.add(f"{where} → switch", "an alternating exercise has no side switch",
                     "remove switch: the sides change with every rep")
        if "reps" not in value:
            self.add(f"{where} → alternate", "alternate needs reps: it counts reps side to side",
                     "add reps = 10, or remove alternate for a timed hold")

    def easier(self, value: object, where: str) -> str | _Bad:
        """A lighter option in a few words: `bottom knee down`."""
        return self.short_text(
            value, where, MAX_EASIER,
            empty_hint='write the lighter option, e.g. easier = "bottom knee down"',
            expected="expected at most {limit} characters, found {found}",
            fix="say it in a few words; the cues can say more")

    def short_text(self, value: object, where: str, limit: int, *, empty_hint: str,
                   expected: str, fix: str) -> str | _Bad:
        """One line of text, not empty, at most `limit` characters."""
        text = self.text(value, where, multiline=False, empty=False, empty_hint=empty_hint)
        if isinstance(text, str) and len(text) > limit:
            return self.add(where, expected.format(limit=limit, found=len(text)), fix)
        return text

    def equipment(self, value: object, where: str) -> tuple[str, ...] | _Bad:
        """What the exercise needs: a short list of short items."""
        if isinstance(value, str):
            item = value.strip() if not _CONTROL.search(value) else ""
            example = item if 0 < len(item) <= MAX_EQUIPMENT_TEXT else "mat"
            return self.add(where, f"expected an array of strings, found {describe(value)}",
                            f'wrap it in brackets: equipment = ["{example}"]')
        if not isinstance(value, list):
            return self.add(where, f"expected an array of strings, found {describe(value)}",
                            'write equipment = ["mat", "kettlebell 12-16 kg"]')
        checked = [
            self.text(item, f"{where}, item {i}", multiline=False, empty=False,
                      empty_hint="name the item between the quotes, or remove the empty item")
            for i, item in enumerate(value, start=1)
        ]
        if any(isinstance(item, _Bad) for item in checked):
            return BAD
        items = tuple(item for item in checked if isinstance(item, str))
        if len(items) > MAX_EQUIPMENT:
            return self.add(where, f"expected at most {MAX_EQUIPMENT} items, found {len(items)}",
                            "name the main pieces; the cues can mention the rest")
        long = next((i for i, item in enumerate(items, start=1)
                     if len(item) > MAX_EQUIPMENT_TEXT), None)
        if long is not None:
            return self.add(f"{where}, item {long}", f"expected at most {MAX_EQUIPMENT_TEXT} "
                            f"characters, found {len(items[long - 1])}",
                            'keep each item short, e.g. "kettlebell 12-16 kg"')
        return tuple(dict.fromkeys(items))  # each item once

    # -- keys -----------------------------------------------------------------

    def unknown_keys(
        self, table: Mapping[str, Any], known: tuple[str, ...], where: str, place: str
    ) -> set[str]:
        """Records each key not in `known`; returns the known keys suggested for them."""
        suggested: set[str] = set()
        for key in table:
            if key in known:
                continue
            path = f"{where} → {key}" if where else key
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            if close:
                hint = f"did you mean {close[0]!r}?"
                suggested.add(close[0])
            else:
                hint = "the keys allowed here are " + ", ".join(known)
            if where and key in TOP_KEYS:
                # The TOML trap: keys written after a [table] header belong to that table.
                hint = (f"{key!r} belongs at the top of the file, above the first [section]; "
                        "keys below a header belong to that section")
            elif known is WARMUP_KEYS and key in EXERCISE_KEYS:
                hint = f"{key!r} belongs to an exercise: start one with an [[exercise]] line"
            self.add(path, f"unknown key {key!r} {place}", hint)
        return suggested

    def required(
        self, table: Mapping[str, Any], key: str, where: str,
        check: Callable[[object, str], T | _Bad], hint: str, typos: set[str],
    ) -> T | _Bad:
        if key not in table:
            if key in typos:
                return BAD  # reported as a misspelt key, with this key as the suggestion
            return self.add(where, "missing, and it is required", hint)
        return check(table[key], where)

    def optional(
        self, table: Mapping[str, Any], key: str, where: str, default: T,
        check: Callable[[object, str], T | _Bad],
    ) -> T | _Bad:
        if key not in table:
            return default
        return check(table[key], where)

    # -- values ---------------------------------------------------------------

    def title(self, value: object, where: str, what: str) -> str | _Bad:
        """A name or cue: one line of text, not empty; `what` names it in the hint."""
        return self.text(value, where, multiline=False, empty=False,
                         empty_hint=f"write {what} between the quotes")

    def text(
        self, value: object, where: str, *, multiline: bool, empty: bool, empty_hint: str = ""
    ) -> str | _Bad:
        if not isinstance(value, str):
            return self.add(where, f"expected a string, found {describe(value)}",
                            'put text in quotes: "like this"')
        if not empty and not value.strip():
            return self.add(where, "expected some text, found an empty string", empty_hint)
        control = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
        if control:
            kind = "a control character" if multiline else "a line break or control character"
            return self.add(where, f"expected plain text, found {kind} "
                            f"({control.group()!r}) in {describe(value)}",
                            "keep it to one line of ordinary text" if not multiline
                            else "remove the control character")
        return value.strip()

    def integer(self, value: object, where: str, low: int, high: int) -> int | _Bad:
        expected = f"a whole number from {low} to {high}"
        if isinstance(value, bool) or not isinstance(value, int):
            hint = "write it without quotes or decimals, e.g. 3" if isinstance(
                value, str | float) else ""
            return self.add(where, f"expected {expected}, found {describe(value)}", hint)
        if not low <= value <= high:
            return self.add(where, f"expected {expected}, found {value}")
        return value

    def boolean(self, value: object, where: str) -> bool | _Bad:
        if not isinstance(value, bool):
            return self.add(where, f"expected true or false, found {describe(value)}",
                            "write true or false without quotes")
        return value

    def weight(self, value: object, where: str) -> str | _Bad:
        if isinstance(value, int | float) and not isinstance(value, bool):
            # A bare number is ambiguous (kg? lb? per hand?), so the unit is written out.
            return self.add(where, f"expected a string, found {describe(value)}",
                            f'write the unit too, in quotes: weight = "{value}kg"')
        text = self.text(
            value, where, multiline=False, empty=False,
            empty_hint='write the weight between the quotes, e.g. weight = "8kg", or remove it',
        )
        problem = weight_problem(text) if isinstance(text, str) else None
        if problem is not None:
            return self.add(where, f"expected a weight with its unit, found {describe(value)}",
                            problem)
        return text

    def cues(self, value: object, where: str) -> tuple[str, ...] | _Bad:
        if isinstance(value, str):
            return self.add(where, f"expected an array of strings, found {describe(value)}",
                            'wrap it in brackets: cues = ["..."]')
        if not isinstance(value, list):
            return self.add(where, f"expected an array of strings, found {describe(value)}",
                            'write cues = ["first cue", "second cue"]')
        if len(value) > MAX_CUES:
            return self.add(where, f"expected at most {MAX_CUES} cues, found {len(value)}",
                            "keep the few that matter most; each is shown during the hold")
        items = [self.cue(item, f"{where}, item {i}") for i, item in enumerate(value, start=1)]
        if any(isinstance(item, _Bad) for item in items):
            return BAD
        return tuple(item for item in items if isinstance(item, str))

    def cue(self, value: object, where: str) -> str | _Bad:
        return self.short_text(
            value, where, MAX_CUE_LENGTH,
            empty_hint="write the cue between the quotes, or remove the empty item",
            expected="expected a cue of at most {limit} characters, found {found}",
            fix="a cue is a short reminder; shorten it")

    def hold_duration(self, value: object, where: str) -> int | _Bad:
        return self.duration(value, where, low=1, high=MAX_SECONDS,
                             what="a duration from 1 s to 24 h")

    def duration(self, value: object, where: str, *, low: int, high: int, what: str) -> int | _Bad:
        expected = f"expected {what}"
        try:
            seconds = parse_duration(value, allow_zero=True)
        except DurationError as exc:
            reason = str(exc)
            found = describe(value)
            negative = isinstance(value, int) and value < 0
            too_long = "outside" in reason and not negative
            if isinstance(value, str) and too_long:
                found += ", longer than 24 h"
            elif isinstance(value, str) and "repeat" in reason:
                found += ", whose units repeat or are out of order"
            if too_long:
                hint = _too_long_hint(high)
            elif isinstance(value, float):
                hint = "durations are whole seconds: drop the decimals"
            elif isinstance(value, int) and not isinstance(value, bool):
                hint = ""  # a negative number: the expected range says it all
            else:
                from backtimer.core.routine_hints import DURATION_HINT

                hint = DURATION_HINT
            return self.add(where, f"{expected}, found {found}", hint)
        if not low <= seconds <= high:
            found = describe(value)
            if isinstance(value, str):
                found += f", which is {seconds} s"
            hint = ""
            if seconds == 0:
                hint = "0 is not allowed here; give a length or remove the key"
            elif seconds > high:
                hint = _too_long_hint(high)
            return self.add(where, f"{expected}, found {found}", hint)
        return seconds

    def rest(self, value: object, where: str) -> Rest | _Bad:
        if isinstance(value, list):
            if len(value) != 2:
                return self.add(
                    where, f"expected [min, max] (two durations), found an array of "
                    f"{len(value)} item{'' if len(value) == 1 else 's'}",
                    "write rest = [60, 90] for a range, or rest = 60 for a fixed rest")
            low = self.range_end(value[0], f"{where} → min")
            high = self.range_end(value[1], f"{where} → max")
            if isinstance(low, _Bad) or isinstance(high, _Bad):
                return BAD
            if low > high:
                return self.add(where, f"expected [min, max] with min ≤ max, found "
                                f"min {low} s and max {high} s",
                                f"swap them: rest = [{high}, {low}]")
            return Rest(low, high)
        seconds = self.duration(
            value, where, low=0, high=MAX_SECONDS,
            what="a duration up to 24 h (0 for none) or [min, max]",
        )
        if isinstance(seconds, _Bad):
            span = _SPAN.fullmatch(value) if isinstance(value, str) else None
            if span:
                self.problems[-1] = _with_hint(self.problems[-1],
                                               f"write a range as [{span[1]}, {span[2]}]")
            return BAD
        return Rest(seconds, seconds)

    def range_end(self, value: object, where: str) -> int | _Bad:
        before = len(self.problems)
        seconds = self.hold_duration(value, where)
        if isinstance(seconds, _Bad) and _is_zero(value) and len(self.problems) > before:
            self.problems[-1] = _with_hint(self.problems[-1],
                                           "a range starts at 1 s; for no rest write rest = 0")
        return seconds


def _too_long_hint(high: int) -> str:
    if high == MAX_PAUSE:  # minutes written where seconds were meant, the usual slip
        return f'at most {format_duration(high)}; a pause of a few seconds is written 10 or "10s"'
    return f"it can be at most {format_duration(high)}"


def _ok(value: T | _Bad) -> T:
    """Unwraps a checked value; only called once no problem was recorded."""
    assert not isinstance(value, _Bad)
    return value


def _is_zero(value: object) -> bool:
    if isinstance(value, bool):
        return False
    try:
        return parse_duration(value, allow_zero=True) == 0
    except DurationError:
        return False


def _with_hint(problem: Problem, hint: str) -> Problem:
    return Problem(problem.file, problem.where, problem.message, hint)
