"""Parsing and showing durations: `45`, `"45s"`, `"5m"`, `"1m30s"`, `"1h"`."""

from __future__ import annotations

import math
import re

MIN_SECONDS = 1
MAX_SECONDS = 24 * 60 * 60

# ASCII digits only: `\\d` and str.isdigit() also take "²" and other scripts' digits.
# Each number is bounded, so int() never meets a run past its 4,300-digit limit.
_NUMBER = re.compile(r"[0-9]{1,12}")
_PART = re.compile(r"([0-9]{1,12})\s*([hms])")
_WHOLE = re.compile(r"(?:[0-9]{1,12}\s*[hms]\s*)+")
SHOWN_VALUE = 40  # characters of a value quoted in a message
_UNIT = {"h": 3600, "m": 60, "s": 1}


class DurationError(ValueError):
    """A value that is not a duration; the message says what was found."""


def parse_duration(value: object, *, allow_zero: bool = False) -> int:
    """Seconds from an int or a string such as "1m30s"; raises DurationError."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise DurationError(f"found {describe(value)}")
    if isinstance(value, int):
        seconds = value
    else:
        text = value.strip().lower()
        if _NUMBER.fullmatch(text):
            seconds = int(text)
        elif _WHOLE.fullmatch(text):
            units = [unit for _, unit in _PART.findall(text)]
            if len(set(units)) != len(units) or units != sorted(units, key="hms".index):
                raise DurationError(
                    f"found {quoted(value)}, whose units repeat or are out of order")
            seconds = sum(int(n) * _UNIT[u] for n, u in _PART.findall(text))
        else:
            raise DurationError(f"found {quoted(value)}")
    if seconds == 0 and allow_zero:
        return 0
    if not MIN_SECONDS <= seconds <= MAX_SECONDS:
        low = "0 s" if allow_zero else "1 s"
        raise DurationError(f"found {number_text(seconds)} s, outside {low} to 24 h")
    return seconds


def format_duration(seconds: float) -> str:
    """Short human form: 45 s, 1 min 30 s, 1 h 5 min."""
    total = max(0, round(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return f"{secs} s"


def format_held(seconds: float) -> str:
    """A time held, as honest as it was timed: 1.5 s, 30 s, 1 min 30 s (tenths under a minute)."""
    tenths = round(max(0.0, seconds) * 10)
    if tenths < 600 and tenths % 10:
        return f"{tenths // 10}.{tenths % 10} s"
    return format_duration(math.floor(tenths / 10 + 0.5))


def format_minutes(seconds: float) -> str:
    """A session's length for tables: 45 s, 27 min, 1 h 5 min (never a bare 1:09)."""
    total = math.floor(max(0.0, seconds) + 0.5)
    if total < 60:
        return f"{total} s"
    minutes = math.floor(total / 60 + 0.5)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def format_clock(seconds: float) -> str:
    """Countdown form: 0:45, 1:30, 1:02:03; rounds partial seconds up."""
    total = max(0, math.ceil(seconds - 1e-9))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def describe(value: object) -> str:
    """A value in TOML's words, for error messages."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({number_text(value)})"
    if isinstance(value, float):
        return f"a float ({value})"
    if isinstance(value, str):
        return f"a string ({quoted(value)})"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"


def quoted(text: str) -> str:
    """`text` as a quoted literal for a message, at most about SHOWN_VALUE characters of it."""
    if len(text) <= SHOWN_VALUE:
        return repr(text)
    literal = repr(text[: SHOWN_VALUE - 1])
    return literal[:-1] + "…" + literal[-1]


def number_text(value: int) -> str:
    """An integer for a message: a huge one (TOML allows thousands of digits) shortened."""
    if -10**30 < value < 10**30:
        return str(value)
    sign = "-" if value < 0 else ""
    try:
        digits = len(str(abs(value)))
    except ValueError:  # past Python's int-to-text limit
        return f"{sign}a number of more than 4300 digits"
    return f"{sign}{str(abs(value))[:6]}… ({digits} digits)"
