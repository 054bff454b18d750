"""Routine files (TOML) turned into the immutable model, or every problem found in them.

Pure: no Textual. `parse_routine` checks a whole document and collects all its
problems before raising, so a person fixes a file in one pass instead of one
error at a time. `find_routine` and `available_routines` know where routines
live: the user's own folder first, then the ones bundled with backtimer.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
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
    EXCERPT,
    SHOWN_NAME,
    Problem,
    RoutineError,
    RoutineNotFound,
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
from backtimer.storage import paths
from backtimer.storage.files import FileTooLarge, NotRegularFile, read_capped

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
MAX_FILE_BYTES = 1_000_000  # routines are a few KB; this stops `validate /dev/zero`-like input

_DURATION_HINT = 'write seconds as a number like 30, or a quoted string like "45s", "5m", "1m30s"'
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # tab and newline allowed
_AT_LINE = re.compile(r"\s?\(at line (\d+), column (\d+)\)")
_SPAN = re.compile(r"\s*([0-9]{1,6})\s*(?:-|–|to|\.\.)\s*([0-9]{1,6})\s*(?:s\s*)?")
_AT_END = re.compile(r"\s?\(at end of document\)")

# Fixes for TOML syntax errors people actually make, keyed by tomllib's message start;
# used when the line itself shows nothing more specific (see `_hint_for_line`).
_SYNTAX_HINTS = (
    ("Invalid value", 'text needs quotes: name = "Plank", hold = "30s"'),
    ("Expected newline or end of document",
     "one key = value per line; put text in quotes and start a comment with #"),
    ("Expected '=' after a key", "write key = value, with an equals sign"),
    ("Unterminated string", "a string is missing its closing quote"),
    ("Illegal character '\\n'", "a string is missing its closing quote"),
    ("Unclosed array", 'separate items with commas and close with ]: cues = ["a", "b"]'),
    ("Expected ']]'", "close each exercise header with double brackets: [[exercise]]"),
    ("Cannot declare", "each [table] appears once; repeat exercises with [[exercise]]"),
    ("Cannot overwrite a value", "a key is set twice in the same table; keep one"),
    ("Invalid statement", "each line is key = value, a [table] header or a # comment"),
)
_HEADER_HINT = "section headers are [[exercise]] (one per exercise) and [warmup]"

T = TypeVar("T")
NO_TEXTS: tuple[str, ...] = ()  # typed, so optional() infers a tuple of any length


class _Bad:
    """Marks a value that failed a check (a problem was recorded)."""


BAD = _Bad()


# ---------------------------------------------------------------------------
# Reading and parsing


def load_routine(path: Path | str) -> Routine:
    """The routine in `path`; RoutineError with a one-line problem if it cannot be read."""
    path = Path(path)
    text = _read_text(path, str(path))
    return parse_routine(text, str(path), source=path)


def _read_text(path: Path, file: str) -> str:
    try:
        data = read_capped(path, MAX_FILE_BYTES)
    except (FileNotFoundError, NotADirectoryError):
        raise RoutineError.single(file, "no such file", hint=missing_hint()) from None
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise RoutineError.single(file, "is a folder, not a routine file",
                                      hint="give the path of a .toml file inside it") from None
        raise RoutineError.single(file, f"is {exc.kind}, not a file",
                                  hint="a routine is a .toml text file") from None
    except FileTooLarge as exc:
        raise RoutineError.single(
            file, f"is too large for a routine ({exc.size // 1000} kB; routines are a few kB)",
            hint="is this the right file?") from None
    except PermissionError:
        raise RoutineError.single(file, "cannot be read: permission denied",
                                  hint="check the file's permissions") from None
    except OSError as exc:  # a name too long, a broken disk, ...: the system's reason
        raise RoutineError.single(file, f"cannot be read: {os_reason(exc)}",
                                  hint="check the path") from None
    try:
        # utf-8-sig: some editors start UTF-8 files with a byte-order mark; accept it.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RoutineError.single(
            file,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            hint="a routine is a TOML text file saved as UTF-8",
        ) from None


def os_reason(exc: OSError) -> str:
    """The system's reason for a failed file operation, worded like our own messages."""
    reason = exc.strerror or exc.__class__.__name__
    return reason[:1].lower() + reason[1:]


def missing_hint() -> str:
    """What to do about a routine file that is not there."""
    return ("check the path; `backtimer routines` lists the routines you can give by name; "
            f"your own routines go in {paths.user_routines_dir()}")


def parse_routine(text: str, file: str, source: Path | None = None) -> Routine:
    """The routine described by TOML `text`; RoutineError listing every problem otherwise.

    `file` names the file in messages; `source` is stored on the routine.
    """
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoutineError([_syntax_problem(file, str(exc), text)]) from None
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


def _syntax_problem(file: str, message: str, text: str) -> Problem:
    where = ""
    line = ""
    match = _AT_LINE.search(message)
    if match:
        where = f"line {match[1]}, column {match[2]}"
        lines = text.split("\n")  # as tomllib counts lines
        number = int(match[1])
        line = lines[number - 1] if 0 < number <= len(lines) else ""
    elif _AT_END.search(message):
        where = "end of file"
    message = _AT_END.sub("", _AT_LINE.sub("", message)).strip()
    hint = _syntax_hint(message, line)
    return Problem(file, where, f"not valid TOML: {message[:1].lower()}{message[1:]}", hint)


# Patterns for hints run on one line of user text: anchored, and no two quantifiers next
# to each other may take the same characters, so each runs in linear time.
_KEY_VALUE = re.compile(r"[ \t]*([A-Za-z0-9_-]+)[ \t]*=(.*)")
_HEADER = re.compile(r"\s*(?:\[\s*[A-Za-z0-9_-]+\s*\]|\[\[\s*[A-Za-z0-9_-]+\s*\]\])\s*(?:#.*)?")
_LEADING_ZERO = re.compile(r"[+-]?0[0-9]{1,12}")
_WITH_UNIT = re.compile(r"(?:[0-9]+\s*[A-Za-z]+\s*)+")
MAX_HINT_LINE = 1000  # a longer line gets the hint from tomllib's message alone
_UNIT_WORDS = {
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
    "s": "s", "sec": "s", "secs": "s", "second": "s", "seconds": "s",
}
_YES_NO = ("yes", "no", "on", "off")
_DURATION_KEYS = {"hold", "rest", "lead_in", "switch", "duration", "rep_gap"}
_INTEGER_KEYS = {"sets", "reps", "week", "weekly_target"}
_NEWLINE_IN_STRING = ("Illegal character '\\n'", "Unterminated string")


def _syntax_hint(message: str, line: str) -> str:
    """The fix for a TOML syntax error: from the offending line when it shows the slip,
    else from tomllib's message."""
    hint = "" if _CONTROL.search(line.rstrip("\r")) else _hint_for_line(line, message)
    return hint or next((h for start, h in _SYNTAX_HINTS if message.startswith(start)), "")


def _hint_for_line(line: str, message: str = "") -> str:
    """A fix built from the line the error is on, for the slips people actually make."""
    if len(line) > MAX_HINT_LINE:
        return ""
    if line.lstrip().startswith("["):
        # A line starting with a bracket is a header; one that does not parse is a slip.
        return "" if _HEADER.fullmatch(line) else _header_hint(line)
    match = _KEY_VALUE.fullmatch(line)
    if not match:
        return ""
    key, rest = match[1], match[2].strip()
    quote = rest[:1]
    if quote in ("'", '"') and rest.startswith(quote * 3):
        return ""  # multi-line strings: tomllib's message is the better guide
    if message.startswith(_NEWLINE_IN_STRING):
        # The line ended inside a string: its closing quote is missing.
        if quote in ("'", '"') and quote not in rest[1:]:
            return f"the string is missing its closing quote: {key} = {clip(rest, EXCERPT)}{quote}"
        return "a string is missing its closing quote"
    if quote in ("'", '"'):
        return _quote_inside_hint(key, rest)
    value = rest.split("#", 1)[0].strip()
    if not value or value[0] in "[{":
        return ""
    if _LEADING_ZERO.fullmatch(value):
        return f"numbers are written without leading zeros: {key} = {int(value)}"
    if value.lower() in ("true", "false") or (key == "per_side" and value.lower() in _YES_NO):
        return f"true and false are written in lowercase, without quotes: {key} = true"
    if key in _DURATION_KEYS:
        if _WITH_UNIT.fullmatch(value):
            return f'a duration with a unit is a quoted string: {key} = "{_compact(value)}"'
        return _DURATION_HINT
    if key in _INTEGER_KEYS:
        number = re.match(r"[0-9]{1,6}", value)
        example = int(number[0]) if number else (1 if key == "week" else 3)
        return f"write a whole number, without quotes or words: {key} = {example}"
    return f'text needs quotes: {key} = "{clip(value, EXCERPT)}"'


def _quote_inside_hint(key: str, rest: str) -> str:
    """`'Plank's'` ends at the apostrophe; the other kind of quotes fixes it."""
    quote = rest[0]
    end = rest.rfind(quote)
    inner = rest[1:end]
    shown = clip(inner, EXCERPT)
    if end <= 0 or quote not in inner:
        return ""
    if quote == "'" and '"' not in inner:
        return f'an apostrophe ends a \'...\' string; use double quotes: {key} = "{shown}"'
    if quote == '"' and "'" not in inner:
        return f"a \" inside \"...\" ends the string; use single quotes: {key} = '{shown}'"
    return ""


def _header_hint(line: str) -> str:
    """The header a broken `[...` line most likely meant."""
    word = re.sub(r"[^a-z_]", "", line.split("#", 1)[0].lower())
    if difflib.get_close_matches(word, ("exercise", "exercises"), n=1, cutoff=0.6):
        return "each exercise starts with [[exercise]]: two brackets on each side"
    if difflib.get_close_matches(word, ("warmup", "warm_up"), n=1, cutoff=0.6):
        return "the warm-up section starts with [warmup]: one bracket on each side"
    return _HEADER_HINT


def _compact(value: str) -> str:
    """`30 seconds` -> `30s`, `1 min 30 sec` -> `1m30s`; anything else -> the usual `30s`."""
    parts = re.findall(r"([0-9]+)\s*([A-Za-z]+)", value)
    units = [_UNIT_WORDS.get(unit.lower()) for _, unit in parts]
    if not all(units):
        return "30s"
    return "".join(f"{number}{unit}" for (number, _), unit in zip(parts, units, strict=True))


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
        text = self.text(value, where, multiline=False, empty=False,
                         empty_hint='write the lighter option, e.g. easier = "bottom knee down"')
        if isinstance(text, str) and len(text) > MAX_EASIER:
            return self.add(where, f"expected at most {MAX_EASIER} characters, found "
                            f"{len(text)}", "say it in a few words; the cues can say more")
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
        text = self.text(value, where, multiline=False, empty=False,
                         empty_hint="write the cue between the quotes, or remove the empty item")
        if isinstance(text, str) and len(text) > MAX_CUE_LENGTH:
            return self.add(where, f"expected a cue of at most {MAX_CUE_LENGTH} characters, "
                            f"found {len(text)}", "a cue is a short reminder; shorten it")
        return text

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
                hint = _DURATION_HINT
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


# ---------------------------------------------------------------------------
# Finding routines


@dataclass(frozen=True)
class RoutineEntry:
    """One routine file found on disk: loaded, or with the problems that stop it loading."""

    path: Path
    bundled: bool
    routine: Routine | None
    error: RoutineError | None

    @property
    def slug(self) -> str:
        """What a person types to pick it: the file stem."""
        return self.path.stem

    @property
    def name(self) -> str:
        return self.routine.name if self.routine is not None else self.path.name


def _routine_files(folder: Path) -> list[Path]:
    try:
        return sorted(p for p in folder.glob("*.toml") if not p.name.startswith("."))
    except OSError:
        return []


def _sort_key(entry: RoutineEntry) -> tuple[bool, bool, str, int, str]:
    """Own routines first (they override bundled ones), then stand-alone routines by
    name, then each programme's weeks in week order; broken files last."""
    routine = entry.routine
    if routine is None:
        return (entry.bundled, True, "", 0, entry.path.name.casefold())
    in_programme = routine.program is not None and routine.week is not None
    return (
        entry.bundled,
        in_programme,
        (routine.program or "").casefold(),
        routine.week or 0,
        routine.name.casefold(),
    )


def available_routines() -> list[RoutineEntry]:
    """Every routine: the user's own, then bundled ones not replaced by a user file of the
    same stem. A broken file is an entry with its error, never a reason to hide the rest."""
    entries: list[RoutineEntry] = []
    own_stems: set[str] = set()
    for bundled, folder in ((False, paths.user_routines_dir()),
                            (True, paths.bundled_routines_dir())):
        for path in _routine_files(folder):
            if bundled and path.stem in own_stems:
                continue
            if not bundled:
                own_stems.add(path.stem)
            try:
                entries.append(RoutineEntry(path, bundled, load_routine(path), None))
            except RoutineError as exc:
                entries.append(RoutineEntry(path, bundled, None, exc))
    return sorted(entries, key=_sort_key)


def _looks_like_path(query: str) -> bool:
    return "/" in query or "\\" in query or query.lower().endswith(".toml")


def find_routine(query: str) -> Path:
    """The file for what a person typed: a path, or a routine's file stem (their own
    folder wins over the bundled one), or failing that its name. RoutineNotFound else."""
    query = query.strip()
    if not query:
        raise RoutineNotFound("no routine given; `backtimer routines` lists them all")
    try:
        path = Path(query).expanduser()
    except RuntimeError:  # `~someone/x.toml` for a user that does not exist
        path = Path(query)
    if _looks_like_path(query) and _exists(path, query):
        return path
    folders = (paths.user_routines_dir(), paths.bundled_routines_dir())
    candidates = [p for folder in folders for p in _routine_files(folder)]
    matchers: tuple[Callable[[Path], bool], ...] = (
        lambda p: p.stem == query, lambda p: p.stem.casefold() == query.casefold())
    for match in matchers:
        found = next((p for p in candidates if match(p)), None)
        if found is not None:
            return found
    # A routine's display name ("Core stability") also works, when it is unambiguous.
    entries = available_routines()
    by_name = [e.path for e in entries
               if e.routine is not None and e.routine.name.casefold() == query.casefold()]
    if len(by_name) == 1:
        return by_name[0]
    # A file or folder in the current directory: the loader says what it is. A name the
    # system refuses (too long, ...) cannot be one, so it is simply not found.
    with contextlib.suppress(RoutineNotFound):
        if _exists(path, query):
            return path
    if _looks_like_path(query):
        raise RoutineNotFound(f"{query}: no such file ({missing_hint()})")
    stems = sorted({e.slug for e in entries})
    close = difflib.get_close_matches(query, stems, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    raise RoutineNotFound(
        f"no routine called {query!r}; {hint}`backtimer routines` lists them all"
    )


def _exists(path: Path, query: str) -> bool:
    """Path.exists for what a person typed; a path the system refuses is a clear message."""
    try:
        return path.exists()
    except OSError as exc:  # e.g. a file name longer than the system allows
        reason = os_reason(exc)
        raise RoutineNotFound(f"{query}: cannot be read: {reason} (check the path)") from None


def duplicate_weeks(entries: Sequence[RoutineEntry]) -> list[Problem]:
    """One problem for each routine that repeats the `program` and `week` of one before it.

    A programme moves on week by week, so two files for one week would make its
    progress depend on which is found first.
    """
    first: dict[tuple[str, int], RoutineEntry] = {}
    problems: list[Problem] = []
    for entry in sorted(entries, key=lambda e: not e.bundled):  # name the person's own file
        routine = entry.routine
        if routine is None or routine.program is None or routine.week is None:
            continue
        key = (routine.program.casefold(), routine.week)
        earlier = first.setdefault(key, entry)
        if earlier is not entry:
            problems.append(Problem(
                str(entry.path), "week",
                f'week {routine.week} of "{clip(routine.program, SHOWN_NAME)}" is also '
                f"{earlier.path}",
                "give each week its own number, or remove one of the two files"))
    return problems
