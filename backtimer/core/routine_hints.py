"""Fixes for TOML syntax errors in a routine file, read from the line the error is on.

`syntax_problem` turns tomllib's message into one Problem whose hint shows the slip.
"""

from __future__ import annotations

import difflib
import re

from backtimer.core.errors import EXCERPT, Problem, clip

DURATION_HINT = 'write seconds as a number like 30, or a quoted string like "45s", "5m", "1m30s"'
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_AT_LINE = re.compile(r"\s?\(at line (\d+), column (\d+)\)")
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


def syntax_problem(file: str, message: str, text: str) -> Problem:
    """tomllib's `message` as one Problem: where, what, and the fix for the slip."""
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
        return DURATION_HINT
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
